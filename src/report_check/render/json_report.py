"""The check result as one JSON object (``--format json``); its shape is versioned by ``schema_version``."""

from __future__ import annotations

import json

from ..cellref import RefError, parse_coord
from ..check import Result
from ..findings import Finding

SCHEMA_VERSION = 1


def result_dict(result: Result, lang: str = "zh") -> dict[str, object]:
    fmt = result.format
    values = result.values
    data: dict[str, object] = {
        "schema_version": SCHEMA_VERSION,
        "file": result.file,
        "valid": result.valid,
        "errors": result.errors,
        "warnings": result.warnings,
        "report": values.metadata.as_dict() if values is not None else None,
        "findings": [
            finding.as_dict(fmt, lang)
            | _source(finding, result.report.source_kind if result.report else None)
            | _resolved_by(finding, result)
            for finding in result.findings
        ],
    }
    if result.suggestions:  # the likely wrong cells of a report whose equations do not balance, best first
        data["suggestions"] = [suggestion.as_dict() for suggestion in result.suggestions]
    if result.skipped:  # a published report's checks that need what it does not state
        data["skipped"] = [{"rule": rule, "missing": missing} for rule, missing in result.skipped]
    return data


def _resolved_by(finding: Finding, result: Result) -> dict[str, object]:
    """A balance finding's suggestions: those of its cells (sheet!cell), best first."""
    if not result.suggestions or not finding.cells:
        return {}
    # A set of the table balances every equation of it: the finding's are the table's most likely cells.
    hits = list(dict.fromkeys(s.where for s in result.suggestions if s.key[0] == finding.scope and s.rank == 1))
    return {"suggestions": hits} if hits else {}


def _source(finding: Finding, kind: str | None) -> dict[str, object]:
    """Where the finding's cell stands in the file: the kind of file, the sheet (or table of a page or Word
    file, or 正文 of a text) and its row and column there."""
    if kind is None or not (finding.sheet and finding.cell):
        return {}
    try:
        row, column = parse_coord(finding.cell)
    except RefError:
        return {}
    return {"source": {"kind": kind, "table": finding.sheet, "row": row, "column": column}}


def render(result: Result, lang: str = "zh") -> str:
    return json.dumps(result_dict(result, lang), ensure_ascii=False, indent=2)
