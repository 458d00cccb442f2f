"""``report-check import``: the official template filled from a published report or an office's own layout."""

from __future__ import annotations

from pathlib import Path

from .check import CheckOptions, Result, check_workbook
from .format import CURRENT, MetaField, ReportFormat


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


def left_blank(result: Result, fmt: ReportFormat = CURRENT) -> list[MetaField]:
    """The 基本信息 fields the report did not state (or stated unreadably): left blank in the template filled,
    for the office to fill in (a check that needs one is made once it is there)."""
    if result.values is None:
        return list(fmt.metadata)
    blank = set(result.values.metadata.blank(field.code for field in fmt.metadata))
    return [field for field in fmt.metadata if field.code in blank]
