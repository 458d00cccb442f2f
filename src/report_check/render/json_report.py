"""The check result as one JSON object (``--format json``); its shape is versioned by ``schema_version``."""

from __future__ import annotations

import json

from ..check import Result

SCHEMA_VERSION = 1


def result_dict(result: Result, lang: str = "zh") -> dict[str, object]:
    fmt = result.format
    values = result.values
    return {
        "schema_version": SCHEMA_VERSION,
        "file": result.file,
        "valid": result.valid,
        "errors": result.errors,
        "warnings": result.warnings,
        "report": values.metadata.as_dict() if values is not None else None,
        "findings": [finding.as_dict(fmt, lang) for finding in result.findings],
    }


def render(result: Result, lang: str = "zh") -> str:
    return json.dumps(result_dict(result, lang), ensure_ascii=False, indent=2)
