"""Renderers: a check result as terminal text or as JSON."""
