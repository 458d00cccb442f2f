"""The report as read from a workbook: codes, where they stand, and what the cells hold.

No openpyxl object reaches this module; the reader fills these plain classes.
Values are kept as found (``raw``); typed values are made by
:mod:`report_check.values` and kept in :class:`Values` after checking.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import ItemsView, Iterable, Iterator, Mapping, MutableMapping, ValuesView
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


CellKey = tuple[str, str, str]  # (table id, row code, column code)


class KeptCells(MutableMapping[CellKey, Cell]):
    """A report's cells as a kept layout reads them (reader.place.codes): the keys and where each cell stands
    are the layout's, shared by every report it reads; the values are this workbook's.  A :class:`Cell` is
    made when one is asked for: the checks read the values of all 200 at once (:func:`raw_values`) and ask
    for the few they name.  Changed, or asked for all its cells, it becomes a plain dict inside."""

    __slots__ = ("_cells", "_index", "_keys", "_raws", "_sites", "_types")

    def __init__(
        self,
        keys: tuple[CellKey, ...],
        index: dict[CellKey, int],
        sites: tuple[tuple[str, str, str | None], ...],
        raws: list[Raw | ExcelError],
    ) -> None:
        self._keys, self._index, self._sites, self._raws = keys, index, sites, raws
        self._cells: dict[CellKey, Cell] | None = None
        self._types: frozenset[type] | None = None

    def _made(self) -> dict[CellKey, Cell]:
        if self._cells is None:
            self._cells = {
                key: Cell(sheet, ref, raw, None, False, None, merged)
                for key, (sheet, ref, merged), raw in zip(self._keys, self._sites, self._raws, strict=True)
            }
        return self._cells

    @property
    def plain(self) -> bool:
        """Whether the cells are still as read: no formula of theirs computed, none changed."""
        return self._cells is None

    def some(self, keys: Iterable[CellKey]) -> dict[CellKey, Cell]:
        """The cells of ``keys`` that there are, as a plain dict (a report slimmed keeps a few)."""
        if self._cells is not None:
            return {key: self._cells[key] for key in keys if key in self._cells}
        index, sites, raws = self._index, self._sites, self._raws
        found = {}
        for key in keys:
            at = index.get(key)
            if at is not None:
                sheet, ref, merged = sites[at]
                found[key] = Cell(sheet, ref, raws[at], None, False, None, merged)
        return found

    def __getitem__(self, key: CellKey) -> Cell:
        if self._cells is not None:
            return self._cells[key]
        index = self._index[key]
        sheet, ref, merged = self._sites[index]
        return Cell(sheet, ref, self._raws[index], None, False, None, merged)

    def __contains__(self, key: object) -> bool:
        return key in (self._cells if self._cells is not None else self._index)

    def __iter__(self) -> Iterator[CellKey]:
        return iter(self._cells if self._cells is not None else self._keys)

    def __len__(self) -> int:
        return len(self._cells if self._cells is not None else self._keys)

    def __setitem__(self, key: CellKey, cell: Cell) -> None:
        self._made()[key] = cell

    def __delitem__(self, key: CellKey) -> None:
        del self._made()[key]

    def values(self) -> ValuesView[Cell]:  # the dict's own view: made once
        return self._made().values()

    def items(self) -> ItemsView[CellKey, Cell]:
        return self._made().items()

    def __reduce__(self) -> tuple[object, ...]:
        return (dict, (self._made(),))  # pickled as the plain dict it stands for

    def __repr__(self) -> str:
        return f"KeptCells({self._made()!r})"


def key_tuple(cells: Mapping[CellKey, Cell]) -> tuple[CellKey, ...]:
    """The cells' keys in order: the layout's own tuple where they are kept cells (the same object for every
    report it reads)."""
    if isinstance(cells, KeptCells) and cells.plain:
        return cells._keys
    return tuple(cells)


def raw_values(cells: Mapping[CellKey, Cell]) -> list[Raw | ExcelError]:
    """What each cell holds, in the cells' order: without making a Cell of each where they are kept cells."""
    if isinstance(cells, KeptCells) and cells.plain:
        return cells._raws
    return [cell.raw for cell in cells.values()]


def some_cells(cells: Mapping[CellKey, Cell], keys: Iterable[CellKey]) -> dict[CellKey, Cell]:
    """The cells of ``keys`` that there are, as a plain dict: made in one pass where they are kept cells."""
    if isinstance(cells, KeptCells):
        return cells.some(keys)
    return {key: cells[key] for key in keys if key in cells}


def value_types(cells: Mapping[CellKey, Cell]) -> frozenset[type]:
    """The types of what the cells hold (the reader, the cell checks and the balance ask): found once where
    they are kept cells."""
    if isinstance(cells, KeptCells) and cells.plain:
        if cells._types is None:
            cells._types = frozenset(map(type, cells._raws))
        return cells._types
    return frozenset(map(type, raw_values(cells)))


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
    # (table id, row code, column code) -> cell; a dict, or KeptCells for a workbook read by a kept layout
    cells: MutableMapping[CellKey, Cell] = field(default_factory=dict)
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
    # The cells holding a formula ("sheet!ref"), read from the file when first asked (reader.formula_cells);
    # None: not read (or not to be told: a published form, an .xls, a report made in memory).
    formula_cells: frozenset[str] | None = None

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

    def blank(self, codes: Iterable[str]) -> list[str]:
        """Of the fields ``codes``, those without a value (missing, invalid or empty)."""
        return [code for code in codes if getattr(self, code, None) in (None, "")]

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
