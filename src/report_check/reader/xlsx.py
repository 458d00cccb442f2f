"""The only place that opens a workbook: .xlsx cells into plain Python values.

openpyxl objects do not leave this module.  A sheet becomes a :class:`SheetGrid`
of ``(row, column) -> value``; formulas are read in a second pass, and only
when a data cell holds no computed value.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UnusableInput
from ..model import ExcelError, Raw

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

Value = Raw | ExcelError

_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class SheetGrid:
    name: str
    visible: bool
    cells: dict[tuple[int, int], Value] = field(default_factory=dict)

    def get(self, row: int, column: int) -> Value:
        return self.cells.get((row, column))

    def column(self, column: int) -> list[tuple[int, Value]]:
        """The non-empty cells of one column, top to bottom."""
        return sorted((r, v) for (r, c), v in self.cells.items() if c == column)

    def row(self, row: int) -> list[tuple[int, Value]]:
        """The non-empty cells of one row, left to right."""
        return sorted((c, v) for (r, c), v in self.cells.items() if r == row)


def _convert(value: object, data_type: str) -> Value:
    if data_type == "e":
        return ExcelError(str(value))
    if isinstance(value, str | int | float | bool | dt.datetime | dt.date | dt.time):
        return value
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / 86400
    return str(value)


def _open(path: Path, *, data_only: bool) -> Workbook:
    from openpyxl import load_workbook

    return load_workbook(path, read_only=True, data_only=data_only, keep_links=False)


def _sniff(path: Path) -> None:
    """Reject what is plainly not an .xlsx before openpyxl sees it."""
    if not path.exists():
        raise UnusableInput("S01", reason="missing")
    if not path.is_file():
        raise UnusableInput("S01", reason="not_a_file")
    try:
        with path.open("rb") as stream:
            head = stream.read(8)
    except OSError as exc:
        raise UnusableInput("S01", reason="unreadable", detail=exc.strerror or str(exc)) from exc
    if not head:
        raise UnusableInput("S01", reason="empty")
    if head == _OLE2_SIGNATURE:
        raise UnusableInput("S01", reason="ole2")
    if not zipfile.is_zipfile(path):
        raise UnusableInput("S01", reason="not_zip")
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnusableInput("S01", reason="not_zip") from exc
    if "mimetype" in names and "content.xml" in names:
        raise UnusableInput("S01", reason="ods")
    if "xl/workbook.xml" not in names and not any(name.endswith("workbook.xml") for name in names):
        raise UnusableInput("S01", reason="not_workbook")


def load_grid(path: Path, *, formulas: bool = False) -> list[SheetGrid]:
    """Every sheet's non-empty cells: computed values, or with ``formulas`` the formulas themselves."""
    if not formulas:
        _sniff(path)
    try:
        workbook = _open(path, data_only=not formulas)
    except UnusableInput:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise UnusableInput("S01", reason="damaged", detail=f"{type(exc).__name__}: {exc}") from exc
    try:
        sheets: list[SheetGrid] = []
        for worksheet in workbook.worksheets:
            grid = SheetGrid(worksheet.title, getattr(worksheet, "sheet_state", "visible") == "visible")
            worksheet.reset_dimensions()  # WPS writes A1:A1 as the dimension
            for row in worksheet.iter_rows():
                for cell in row:
                    value = cell.value
                    if value is None or value == "" or cell.row is None or cell.column is None:
                        continue
                    grid.cells[(cell.row, cell.column)] = _convert(value, cell.data_type)
            sheets.append(grid)
        return sheets
    except UnusableInput:
        raise
    except Exception as exc:
        raise UnusableInput("S01", reason="damaged", detail=f"{type(exc).__name__}: {exc}") from exc
    finally:
        workbook.close()
