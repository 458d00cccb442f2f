"""Putting a report's values into a template by codes (never by positions).

Used for the example workbooks, the test fixtures and, later, the consolidated
totals.  The cells are located by the reader's own code scan, so a filled
workbook is read back exactly as any other.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..format import CURRENT, ReportFormat
from ..model import Report, Values
from ..reader.grid import SheetGrid
from ..reader.place.codes import build_report
from ..xmltext import xml_safe
from .writer import build_template

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook


def grids_of(wb: Workbook) -> list[SheetGrid]:
    """An in-memory workbook's cells as the reader sees them (formulas as text)."""
    grids = []
    for ws in wb.worksheets:
        grid = SheetGrid(ws.title, ws.sheet_state == "visible")
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str | int | float):
                    grid.cells[(cell.row, cell.column)] = cell.value
        grids.append(grid)
    return grids


def fill(values: Values, wb: Workbook | None = None, fmt: ReportFormat = CURRENT) -> Workbook:
    """Write ``values`` into ``wb`` (a new template by default) by codes; totals become plain numbers."""
    wb = wb or build_template(fmt)
    located = build_report("<memory>", grids_of(wb), fmt)
    meta = values.metadata
    for code, cell in located.metadata.items():
        value = getattr(meta, code, None)
        if code in ("level", "org_kind") and value is not None:
            value = next((c.label for c in fmt.meta(code).choices if c.code == value), value)
        wb[cell.sheet][cell.ref] = xml_safe(value) if isinstance(value, str) else value
        if isinstance(value, dt.date):
            wb[cell.sheet][cell.ref].number_format = "yyyy-mm-dd"
    for code, cell in located.prose.items():
        wb[cell.sheet][cell.ref] = xml_safe(values.prose.get(code) or "") or None
    for key, cell in located.cells.items():
        wb[cell.sheet][cell.ref] = values.numbers.get(key)
    return wb


def fill_as_read(report: Report, values: Values, fmt: ReportFormat = CURRENT) -> Workbook:
    """A new template holding what a report (a published one, an office's own layout) says, cell for cell as
    it was read: numbers as numbers, and whatever else stood in a value cell (无, —, a number typed as text) as
    that text, so that the workbook checks as its source did.  Its metadata are those the check understood."""
    wb = fill(Values(values.metadata, {}, values.prose), fmt=fmt)
    located = build_report("<memory>", grids_of(wb), fmt)
    for key, cell in located.cells.items():
        source = report.cells.get(key)
        raw = source.raw if source is not None else None
        if raw is not None and not isinstance(raw, str | int | float | bool | dt.date):
            raw = str(raw)  # an Excel error value: its text
        wb[cell.sheet][cell.ref] = xml_safe(raw) if isinstance(raw, str) else raw
    return wb
