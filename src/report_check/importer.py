"""``report-check import``: the official template filled from a published report or an office's own layout."""

from __future__ import annotations

from pathlib import Path

from .check import CheckOptions, Result, check_workbook
from .format import CURRENT, ReportFormat


def import_report(
    path: Path, options: CheckOptions | None = None, fmt: ReportFormat = CURRENT
) -> tuple[Result, bytes | None]:
    """The check of ``path`` and the template filled from it (None when the file could not be read)."""
    from .template.fill import fill_as_read
    from .template.writer import workbook_bytes

    result = check_workbook(path, options, fmt)
    if result.report is None or result.values is None:
        return result, None
    return result, workbook_bytes(fill_as_read(result.report, result.values, fmt))
