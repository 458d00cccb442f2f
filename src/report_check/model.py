"""The report as read from a workbook: codes, where they stand, and what the cells hold.

No openpyxl object reaches this module; the reader fills these plain classes.
Values are kept as found (``raw``); typed values are made by
:mod:`report_check.values` and kept in :class:`Values` after checking.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from .format import ReportFormat

# What a workbook cell can hold once read: the cached (or recomputed) value.
Raw = str | int | float | bool | dt.datetime | dt.date | dt.time | None


@dataclass(frozen=True)
class ExcelError:
    """An Excel error value such as ``#REF!`` or ``#DIV/0!``."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(slots=True)
class Cell:
    """A data cell, named by its codes and found at ``sheet!ref``.

    Not frozen: a workbook has 200 of them, and a frozen dataclass takes three times as long to make (the
    reader makes them; nothing changes them after, ``dataclasses.replace`` makes a new one)."""

    sheet: str
    ref: str
    raw: Raw | ExcelError
    formula: str | None = None
    # The formula had no value computed by a spreadsheet program, so report-check computed it.
    recomputed: bool = False
    # The formula could not be computed (unsupported function, reference to a bad cell, a cycle).
    formula_problem: str | None = None
    # The cell lies under a merged range whose value is in this other cell (top-left).
    merged_into: str | None = None


class CodeAxis(StrEnum):
    ROW = "row"  # a row code in column A of a table sheet
    COLUMN = "column"  # a column code in the 栏目代码 row
    META = "meta"  # a metadata code
    PROSE = "prose"  # a prose code


@dataclass(slots=True)
class CodeSite:
    """One code found in the workbook, with the label that stands beside it."""

    axis: CodeAxis
    code: str
    sheet: str
    ref: str
    label: str
    # Where the code belongs by the format: a table id, "meta" or "prose" (None: unknown code).
    table: str | None
    # The table whose sheet it was found on (None: a sheet of no table); "meta"/"prose" for those codes.
    found_in: str | None


@dataclass(frozen=True)
class TableSite:
    """Where a table was found: its sheet and the row of its column codes."""

    table: str
    sheet: str
    header_row: int | None  # the row holding 代码 in column A
    code_row: int | None  # the row holding 栏目代码 in column A


@dataclass(frozen=True)
class Marker:
    """Text in the workbook that belongs to another format."""

    sheet: str
    ref: str
    text: str


# The sheet report-check puts first in an annotated copy (Chinese, English).  A copy sent back, corrected or
# not, is read without it, and annotating it again replaces it.
RESULTS_SHEETS = ("校验结果", "Check results")


@dataclass
class Report:
    """A workbook read by codes."""

    source: str
    format: ReportFormat
    metadata: dict[str, Cell] = field(default_factory=dict)
    prose: dict[str, Cell] = field(default_factory=dict)
    # (table id, row code, column code) -> cell
    cells: dict[tuple[str, str, str], Cell] = field(default_factory=dict)
    sites: list[CodeSite] = field(default_factory=list)
    tables: dict[str, TableSite] = field(default_factory=dict)
    earlier_format: list[Marker] = field(default_factory=list)
    sheet_names: list[str] = field(default_factory=list)
    hidden_sheets: list[str] = field(default_factory=list)
    # Copies of a table's sheet (a draft kept, "依申请公开 (2)"): (copy, the sheet read, whether their values agree)
    duplicate_sheets: list[tuple[str, str, bool]] = field(default_factory=list)
    # Rows inside a table with numbers but no code (inserted by hand): (table id, sheet, row, label, numbers)
    uncoded_rows: list[tuple[str, str, int, str, list[float]]] = field(default_factory=list)
    # How the cells were found: "codes" (the template) or "labels" (a published form, an office's own layout).
    placed_by: str = "codes"
    # What the file is: "workbook", "docx", "html", "pdf" or "text".
    source_kind: str = "workbook"
    # Placed by labels: the rows of a table found whose label was not, (table id, row code); the rows whose
    # values could be put in no column, (table id, row code, sheet, ref of the first value, the values).
    missing_rows: list[tuple[str, str]] = field(default_factory=list)
    unplaced_values: list[tuple[str, str, str, str, list[Raw | ExcelError]]] = field(default_factory=list)
    # The kept layout the report was read by (reader.place.codes): every report read by one has the same
    # sheets, tables and code sites, so what depends on them alone is decided once for all of them.
    layout: object | None = None

    def place(self, scope: str, row: str, column: str | None = None) -> dict[str, object]:
        """The fields a finding needs to point at a table cell (scope = table id) or a field ("meta", "prose")."""
        if scope == "meta":
            cell = self.metadata.get(row)
        elif scope == "prose":
            cell = self.prose.get(row)
        else:
            cell = self.cells.get((scope, row, column or ""))
        return {
            "scope": scope,
            "row_code": row,
            "column_code": column,
            "sheet": cell.sheet if cell else None,
            "cell": cell.ref if cell else None,
        }


Number = int | float


@dataclass
class Metadata:
    """The 基本信息 as typed values (None where missing or invalid)."""

    org_name: str | None = None
    year: int | None = None
    level: str | None = None
    org_kind: str | None = None
    credit_code: str | None = None
    region_code: str | None = None
    publish_date: dt.date | None = None
    website: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "org_name": self.org_name,
            "year": self.year,
            "level": self.level,
            "org_kind": self.org_kind,
            "credit_code": self.credit_code,
            "region_code": self.region_code,
            "publish_date": self.publish_date.isoformat() if self.publish_date else None,
            "website": self.website,
        }


@dataclass
class Values:
    """The typed content of a report: what the checks and the Word renderer work on."""

    metadata: Metadata
    # (table id, row code, column code) -> number; absent where missing or invalid
    numbers: dict[tuple[str, str, str], Number]
    prose: dict[str, str]
