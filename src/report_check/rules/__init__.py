"""The rules: a registry of codes and texts, and one module per family that applies them."""

from .registry import RULES, Rule, Severity

__all__ = ["RULES", "Rule", "Severity"]
