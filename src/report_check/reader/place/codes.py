"""Finding the codes in a workbook's cells (FORMAT.md section 4) and reading the report by them.

Works on plain grids; knows nothing of openpyxl and nothing of the template's
layout: a cell is found by its row code in column A and its column code in
the 栏目代码 row, wherever they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, MutableMapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from ...cellref import coordinate, parse_coord
from ...format import ReportFormat, TableSpec
from ...format.labels import label_matches
from ...model import (
    RESULTS_SHEETS,
    Cell,
    CellKey,
    CodeAxis,
    CodeSite,
    ExcelError,
    KeptCells,
    Marker,
    Report,
    TableSite,
    raw_values,
    value_types,
)
from ..grid import Places, SheetGrid, Value, every_place

HEADER_MARK = "代码"
CODE_ROW_MARK = "栏目代码"
CODE_COLUMN = 1  # column A
LABEL_COLUMN = 2  # column B of the metadata and prose sheets
VALUE_COLUMN = 3  # column C of the metadata and prose sheets

# What a row code looks like, typos included (3.3.l, 3,1, 3．1), so that a misspelt code is reported as such.
_ROW_CODE_LIKE = re.compile(r"^\d+(?:[.,，．。、]\w+)+$")
_NAME_CODE_LIKE = re.compile(r"^[a-z][a-z0-9_]*$")


def code_text(value: Value) -> str | None:
    """Column A as a code: text stripped, or a number Excel made of a code like 3.1."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool) or value is None or isinstance(value, ExcelError):
        return None
    if isinstance(value, int | float):
        return repr(value)
    return None


def _text(value: Value) -> str:
    if value is None:
        return ""
    return str(value).strip()


class _SheetCodes:
    """What column A of one sheet holds."""

    def __init__(self, grid: SheetGrid, fmt: ReportFormat) -> None:
        self.grid = grid
        self.header_row: int | None = None
        self.code_row: int | None = None
        self.row_codes: list[tuple[int, str, str]] = []  # (row, code, table id)
        self.meta: list[tuple[int, str]] = []
        self.prose: list[tuple[int, str]] = []
        self.unknown: list[tuple[int, str]] = []
        meta_codes = {m.code for m in fmt.metadata}
        prose_codes = {p.code for p in fmt.prose}
        table_of = {row.code: table.id for table in fmt.tables for row in table.rows}
        for row, value in grid.column(CODE_COLUMN):
            text = code_text(value)
            if not text:
                continue
            if text == HEADER_MARK:
                self.header_row = self.header_row or row
            elif text == CODE_ROW_MARK:
                self.code_row = self.code_row or row
            elif text in table_of:
                self.row_codes.append((row, text, table_of[text]))
            elif text in meta_codes:
                self.meta.append((row, text))
            elif text in prose_codes:
                self.prose.append((row, text))
            elif _ROW_CODE_LIKE.match(text) or _NAME_CODE_LIKE.match(text):
                self.unknown.append((row, text))

    @property
    def name(self) -> str:
        return self.grid.name


def _home_sheets(sheets: list[_SheetCodes], fmt: ReportFormat) -> dict[str, _SheetCodes]:
    """Each table's sheet: the one holding most of its row codes (the first on a tie)."""
    homes: dict[str, _SheetCodes] = {}
    for table in fmt.tables:
        best: tuple[int, int] | None = None
        for index, sheet in enumerate(sheets):
            count = sum(1 for _, _, tid in sheet.row_codes if tid == table.id)
            if count and (best is None or count > best[0]):
                best = (count, index)
        if best is not None:
            homes[table.id] = sheets[best[1]]
    return homes


def _uncoded_rows(
    report: Report,
    table: TableSpec,
    sheet: _SheetCodes,
    rows: dict[str, int],
    columns: dict[str, int],
    first_input: int,
) -> None:
    """Rows among a table's data rows that hold numbers in its columns but no code in column A: inserted by
    hand, and counted by the template's totals (a SUM over the rows around them) though no code names them.
    A row labelled as a row whose code is missing is that row with its code deleted: C01's, not this."""
    if not rows or not columns:
        return
    missing = [spec.label for spec in table.rows if spec.code not in rows]
    coded = {row for row, _, _ in sheet.row_codes} | set(rows.values())
    top, bottom = min(rows.values()), max(rows.values())
    for row in range(top + 1, bottom):
        if row in coded or code_text(sheet.grid.get(row, CODE_COLUMN)):
            continue
        numbers = [
            float(value)
            for column in sorted(columns.values())
            if isinstance(value := sheet.grid.get(row, column), int | float) and not isinstance(value, bool) and value
        ]
        label = _row_label(sheet.grid, row, first_input)
        if numbers and not any(label_matches(report.format, label, official) for official in missing):
            report.uncoded_rows.append((table.id, sheet.name, row, label, numbers))


COPY_SHARE = 0.8  # a sheet holding this share of a table's row codes, besides the table's own, is a copy of it


def _without_copies(report: Report, sheets: list[_SheetCodes], homes: dict[str, _SheetCodes]) -> list[_SheetCodes]:
    """The sheets less the copies of a table's sheet (a kept draft), which are recorded in the report instead:
    their codes would otherwise each be a code in the wrong place (C04)."""
    kept = []
    for sheet in sheets:
        original = next(
            (
                home
                for table_id, home in homes.items()
                if home is not sheet
                and len(home.row_codes) > 0
                and sum(1 for _, _, tid in sheet.row_codes if tid == table_id) >= COPY_SHARE * len(home.row_codes)
            ),
            None,
        )
        if original is None:
            kept.append(sheet)
        else:
            report.duplicate_sheets.append((sheet.name, original.name, sheet.grid.cells == original.grid.cells))
    return kept


def _row_label(grid: SheetGrid, row: int, first_input_column: int) -> str:
    """The rightmost text between column A and the first input column: the row's own label."""
    for column in range(first_input_column - 1, CODE_COLUMN, -1):
        text = _text(grid.get(row, column))
        if text:
            return text
    return ""


def _column_label(grid: SheetGrid, column: int, top: int, code_row: int) -> str:
    """The nearest header text above the code row (vertically merged headers keep it higher up)."""
    for row in range(code_row - 1, top - 1, -1):
        text = _text(grid.get(row, column))
        if text:
            return text
    return ""


def _earlier_format_marks(grids: list[SheetGrid], fmt: ReportFormat, written: _Written) -> list[Marker]:
    """The 2019 format's labels (FORMAT.md section 8) anywhere in the sheets' text, but the prose and the
    metadata written in them: a report may well say 政府集中采购."""
    if not fmt.names_earlier_format([text for grid in grids for text in grid.texts()]):
        return []  # the usual case, decided in one pass over the workbook's text
    found: list[Marker] = []
    for i, grid in enumerate(grids):
        skipped = set(written.get(i, ()))
        hits = [
            (key, value)
            for key, value in grid.cells.items()
            if isinstance(value, str) and key not in skipped and fmt.names_earlier_format([value])
        ]
        for (row, column), value in sorted(hits, key=lambda hit: hit[0]):
            found.append(Marker(grid.name, coordinate(row, column), value.strip()))
    return found


# Each sheet's (by its index) cells where the prose and the metadata are written.
_Written = dict[int, list[tuple[int, int]]]


def _written(plans: Iterable[_Plan]) -> _Written:
    found: _Written = {}
    for plan in plans:
        for *_, sheet, place in plan:
            found.setdefault(sheet, []).append(place)
    return found


def build_report(source: str, grids: list[SheetGrid], fmt: ReportFormat) -> Report:
    """The report of a workbook's sheets, read by its codes.

    A batch holds hundreds of workbooks laid out alike (the template, filled): a layout placed once is kept
    with everything its placement read, and a workbook whose codes, merges and labels are the same gets its
    cells by the kept map; any other is placed in full."""
    grids = [grid for grid in grids if grid.name not in RESULTS_SHEETS]  # our own, in a copy sent back
    layout = _LAST[0] if KEEP_LAYOUTS else None
    same = layout is not None and layout.same(grids)
    if layout is None or not same:  # not as the last workbook: by the key, and what it read
        key = _layout_key(grids)
        layout = _LAYOUTS.get(key) if KEEP_LAYOUTS else None
        if layout is not None and not layout.fits(grids):
            layout = None
    if layout is not None:
        report = layout.report(source, grids, fmt)
        written = layout.written
        if layout.sheets is not None:
            _LAST[0] = layout
    else:
        recorders = [_Recorder(grid) for grid in grids]
        report = _place(source, recorders, fmt)
        index = {grid.name: i for i, grid in enumerate(grids)}
        written = _written([_plan(report.metadata, index), _plan(report.prose, index)])
        if KEEP_LAYOUTS and not report.duplicate_sheets and not report.uncoded_rows and len(report.cells) > 0:
            if len(_LAYOUTS) >= MAX_LAYOUTS:
                _LAYOUTS.pop(next(iter(_LAYOUTS)))
            _LAYOUTS[key] = layout = _Layout.of(report, grids, recorders, written)
            if layout.sheets is not None:
                _LAST[0] = layout
    if same and layout is not None:
        report.earlier_format = layout.marks(grids, fmt, report.cells)
    else:
        report.earlier_format = _earlier_format_marks(grids, fmt, written)  # in this workbook's text: never kept
    return report


MAX_LAYOUTS = 16  # layouts kept (a batch has one or a few: the template, a province's own)
KEEP_LAYOUTS = True  # off: every workbook placed in full (the tests compare the two)
_LAST: list[_Layout | None] = [None]  # the layout the last workbook was read by


def forget_layouts() -> None:
    """The layouts kept so far forgotten: the next workbook of each is placed in full."""
    _LAYOUTS.clear()
    _LAST[0] = None


def _layout_key(grids: list[SheetGrid]) -> tuple[object, ...]:
    """What a layout is known by: each sheet's name, visibility, merges, column A, and its 栏目代码 row.

    Each value with its type (1, 1.0 and True are one key but three codes: code_text); an empty cell as the
    grid has it (a workbook read by another reader is placed in full, never taken for another)."""
    key: list[object] = []
    for grid in grids:
        column_a = grid.line(column=CODE_COLUMN)
        code_rows = tuple(_typed(grid.line(row=row)) for row in _code_rows(enumerate(column_a, start=1)))
        key.append((grid.name, grid.visible, grid.merges_key(), _typed(column_a), code_rows))
    return tuple(key)


def _code_rows(column_a: Iterable[tuple[int, object]]) -> list[int]:
    """The rows that column A marks as the 栏目代码 row."""
    return [row for row, value in column_a if code_text(value) == CODE_ROW_MARK]  # type: ignore[arg-type]


def _typed(values: list[object]) -> tuple[object, ...]:
    return tuple(values), tuple(map(type, values))


class _Recorder(SheetGrid):
    """A sheet that notes every cell the placement reads (its labels): what a kept layout must find again."""

    def __init__(self, grid: SheetGrid) -> None:
        super().__init__(grid.name, grid.visible, grid.cells, grid.merged)
        self.reads: dict[tuple[int, int], Value] = {}

    def get(self, row: int, column: int) -> Value:
        value = self.cells.get((row, column))
        self.reads[(row, column)] = value
        return value


# Where a kept field's value is taken from: its key, sheet, ref, merged_into, and its place.
_Plan = list[tuple[object, str, str, str | None, int, tuple[int, int]]]


@dataclass(frozen=True)
class _CellsPlan:
    """Where a kept layout's table cells stand: shared by every report it reads (KeptCells), and the runs of
    cells on one sheet, taken from it by position."""

    keys: tuple[CellKey, ...]
    index: dict[CellKey, int]
    sites: tuple[tuple[str, str, str | None], ...]
    runs: tuple[tuple[int, Places], ...]  # (the sheet's index, the cells' places)

    @classmethod
    def of(cls, cells: MutableMapping[CellKey, Cell], index: dict[str, int]) -> _CellsPlan:
        keys = tuple(cells)
        runs: list[tuple[int, list[tuple[int, int]]]] = []
        for cell in cells.values():
            sheet = index[cell.sheet]
            if not runs or runs[-1][0] != sheet:
                runs.append((sheet, []))
            runs[-1][1].append(parse_coord(cell.ref))
        return cls(
            keys,
            {key: i for i, key in enumerate(keys)},
            tuple((cell.sheet, cell.ref, cell.merged_into) for cell in cells.values()),
            tuple((sheet, Places(places)) for sheet, places in runs),
        )

    def cells(self, grids: list[SheetGrid]) -> KeptCells:
        raws: list[Value] = []
        for sheet, places in self.runs:
            raws.extend(grids[sheet].take(places))
        return KeptCells(self.keys, self.index, self.sites, raws)


@dataclass
class _Layout:
    """A placement kept: the cells it read (with what they held), and where each value was taken from."""

    reads: list[tuple[int, Places, list[Value], list[type]]]  # each sheet's: its index, places, values, types
    skeleton: Report  # tables, sites, sheets (its cells are not used: each workbook's are taken by the plans)
    cells: _CellsPlan
    metadata: _Plan
    prose: _Plan
    written: _Written  # where the prose and metadata stand: no label of an earlier format is sought there
    sheets: tuple[_SheetFit, ...] | None  # what a workbook read as the first one was must hold (same())

    @classmethod
    def of(cls, report: Report, grids: list[SheetGrid], recorders: list[_Recorder], written: _Written) -> _Layout:
        index = {grid.name: i for i, grid in enumerate(recorders)}
        reads = [
            (i, Places(list(grid.reads)), list(grid.reads.values()), [type(value) for value in grid.reads.values()])
            for i, grid in enumerate(recorders)
            if grid.reads
        ]
        cells = _CellsPlan.of(report.cells, index)
        data: dict[int, list[tuple[int, int]]] = {}
        for sheet, places in cells.runs:
            data.setdefault(sheet, []).extend(places.places)
        fits = [
            _SheetFit.of(grid, recorder.reads, [*written.get(i, ()), *data.get(i, ())], report.format)
            for i, (grid, recorder) in enumerate(zip(grids, recorders, strict=True))
        ]
        sheets = tuple(fit for fit in fits if fit is not None) if None not in fits else None
        skeleton = Report(  # its own copy: the report placed goes on to be checked (and slimmed)
            source="",
            format=report.format,
            sites=list(report.sites),
            tables=dict(report.tables),
            sheet_names=list(report.sheet_names),
            hidden_sheets=list(report.hidden_sheets),
        )
        metadata, prose = _plan(report.metadata, index), _plan(report.prose, index)
        return cls(reads, skeleton, cells, metadata, prose, written, sheets)

    def same(self, grids: list[SheetGrid]) -> bool:
        """Whether ``grids`` are laid out as the workbook this layout was placed from, to the extent of each
        sheet: then their layout key is its key, and they fit it (decided by C loops)."""
        sheets = self.sheets
        return (
            sheets is not None
            and len(grids) == len(sheets)
            and all(sheet.holds(grid) for sheet, grid in zip(sheets, grids, strict=True))
        )

    def marks(self, grids: list[SheetGrid], fmt: ReportFormat, cells: MutableMapping[CellKey, Cell]) -> list[Marker]:
        """The earlier format's labels in ``grids``, which are laid out as this layout's first workbook
        (:meth:`same`) and whose table cells are ``cells``: where the cells compared held none, only the texts of
        the table cells and of the rest of the cells are searched (the rest's not where they are the first's)."""
        sheets = self.sheets
        if sheets is not None and all(sheet.clean for sheet in sheets):
            texts = [
                text for sheet, grid in zip(sheets, grids, strict=True) for text in sheet.new_texts(grid.flat or [])
            ]
            if str in value_types(cells):
                texts += _texts(raw_values(cells))
            if not fmt.names_earlier_format(texts):
                return []
        return _earlier_format_marks(grids, fmt, self.written)

    def fits(self, grids: list[SheetGrid]) -> bool:
        for i, places, values, types in self.reads:
            found = grids[i].take(places)
            if found != values or list(map(type, found)) != types:
                return False
        return True

    def report(self, source: str, grids: list[SheetGrid], fmt: ReportFormat) -> Report:
        kept = self.skeleton
        return Report(
            source=source,
            format=fmt,
            cells=self.cells.cells(grids),
            metadata=_refill(self.metadata, grids),  # type: ignore[arg-type]  # the plan's keys are the report's
            prose=_refill(self.prose, grids),  # type: ignore[arg-type]
            sites=list(kept.sites),
            tables=dict(kept.tables),
            sheet_names=list(kept.sheet_names),
            hidden_sheets=list(kept.hidden_sheets),
            layout=self,
        )


@dataclass(frozen=True)
class _SheetFit:
    """What a layout's first workbook held in one sheet read row by row: its name, visibility, extent and
    merges; its column A, its code rows and the labels the placement read, as read, with their types; and
    where the rest of its cells are (other than those, the prose and metadata written and the table cells),
    with whether the cells compared held none of the earlier format's labels: then only the rest (and the table
    cells) can hold one; and what the rest held where it held none either (a filled template's rest is mostly
    its first's: empty cells, notes)."""

    name: str
    visible: bool
    extent: tuple[int, int]
    merges: tuple[object, ...]
    take: Callable[[list[object]], tuple[object, ...]]
    values: tuple[object, ...]
    types: tuple[type, ...] | None  # None: texts alone (then values equal to them are of their types)
    rest: Callable[[list[object]], tuple[object, ...]]
    clean: bool
    rest_values: tuple[object, ...] | None  # None: the rest held an earlier format's label

    @classmethod
    def of(
        cls, grid: SheetGrid, reads: Iterable[tuple[int, int]], apart: Iterable[tuple[int, int]], fmt: ReportFormat
    ) -> _SheetFit | None:
        """``apart``: the cells that are not of the rest (the prose and metadata written, the table cells)."""
        if grid.flat is None:
            return None
        column_a = [(row, CODE_COLUMN) for row in range(1, grid.height + 1)]
        code_cells = [
            (row, column) for row in _code_rows(grid.column(CODE_COLUMN)) for column in range(1, grid.width + 1)
        ]
        compared = [*column_a, *code_cells, *reads]
        take = Places(compared).getter(grid)
        values = take(grid.flat)
        kept = {*compared, *apart}
        rest = Places([place for place in every_place(grid.height, grid.width) if place not in kept]).getter(grid)
        clean = not fmt.names_earlier_format(_texts(values))
        rest_values: tuple[object, ...] | None = rest(grid.flat)
        if fmt.names_earlier_format(_texts(rest_values or ())):
            rest_values = None
        extent = (grid.height, grid.width)
        types = tuple(map(type, values))
        return cls(
            grid.name,
            grid.visible,
            extent,
            grid.merges_key(),
            take,
            values,
            None if set(types) <= {str} else types,
            rest,
            clean,
            rest_values,
        )

    def holds(self, grid: SheetGrid) -> bool:
        if (
            grid.flat is None
            or grid.name != self.name
            or grid.visible != self.visible
            or (grid.height, grid.width) != self.extent
            or grid.merges_key() != self.merges
        ):
            return False
        values = self.take(grid.flat)
        return values == self.values and (self.types is None or tuple(map(type, values)) == self.types)

    def new_texts(self, flat: list[object]) -> list[str]:
        """The texts of the rest of the cells, none where they hold what the first's did (which named no label
        of the earlier format)."""
        values = self.rest(flat)
        if values == self.rest_values:  # equal values: equal texts (a text equals nothing but a text)
            return []
        return _texts(values)


def _texts(values: Iterable[object]) -> list[str]:
    return [value for value in values if type(value) is str]


_K = TypeVar("_K")


def _plan(cells: dict[_K, Cell], index: dict[str, int]) -> _Plan:
    return [
        (key, cell.sheet, cell.ref, cell.merged_into, index[cell.sheet], parse_coord(cell.ref))
        for key, cell in cells.items()
    ]


def _refill(plan: _Plan, grids: list[SheetGrid]) -> dict[object, Cell]:
    """The kept fields with this workbook's values."""
    return {
        key: Cell(sheet, ref, grids[i].get(*place), None, False, None, merged)
        for key, sheet, ref, merged, i, place in plan
    }


_LAYOUTS: dict[tuple[object, ...], _Layout] = {}


def _place(source: str, grids: Sequence[SheetGrid], fmt: ReportFormat) -> Report:
    report = Report(
        source=source,
        format=fmt,
        sheet_names=[g.name for g in grids],
        hidden_sheets=[g.name for g in grids if not g.visible],
    )
    sheets = [_SheetCodes(grid, fmt) for grid in grids]
    homes = _home_sheets(sheets, fmt)
    sheets = _without_copies(report, sheets, homes)
    home_of_sheet: dict[str, str] = {}
    for table_id, sheet in homes.items():
        home_of_sheet.setdefault(sheet.name, table_id)

    for table in fmt.tables:
        if table.id not in homes:
            continue
        sheet = homes[table.id]
        report.tables[table.id] = TableSite(table.id, sheet.name, sheet.header_row, sheet.code_row)
        columns: dict[str, int] = {}
        if sheet.code_row is not None:
            top = sheet.header_row if sheet.header_row and sheet.header_row < sheet.code_row else 1
            for column, value in sheet.grid.row(sheet.code_row):
                text = code_text(value)
                if column == CODE_COLUMN or not text:
                    continue
                known = text in table.column_codes
                report.sites.append(
                    CodeSite(
                        CodeAxis.COLUMN,
                        text,
                        sheet.name,
                        coordinate(sheet.code_row, column),
                        _column_label(sheet.grid, column, top, sheet.code_row),
                        table.id if known else None,
                        table.id,
                    )
                )
                if known:
                    columns.setdefault(text, column)
        first_input = min(columns.values(), default=LABEL_COLUMN + 1)
        rows: dict[str, int] = {}
        for row, code, table_id in sheet.row_codes:
            if table_id != table.id:
                continue
            # Without column codes the label's extent is unknown; S04 is reported instead.
            label = _row_label(sheet.grid, row, first_input) if columns else ""
            report.sites.append(
                CodeSite(CodeAxis.ROW, code, sheet.name, coordinate(row, CODE_COLUMN), label, table.id, table.id)
            )
            rows.setdefault(code, row)
        _uncoded_rows(report, table, sheet, rows, columns, first_input)
        merged_into = sheet.grid.merged_into(rows.values(), columns.values())
        value_at, name, cells = sheet.grid.cells.get, sheet.name, report.cells  # 200 cells: no lookups per cell
        for row_code, column_code in table.code_pairs:
            row_index = rows.get(row_code)
            column_index = columns.get(column_code)
            if row_index is None or column_index is None:
                continue
            top_left = merged_into.get((row_index, column_index)) if merged_into else None
            cells[(table.id, row_code, column_code)] = Cell(
                name,
                coordinate(row_index, column_index),
                value_at((row_index, column_index)),
                merged_into=coordinate(*top_left) if top_left else None,
            )

    for sheet in sheets:
        found_in = home_of_sheet.get(sheet.name)
        for row, code, table_id in sheet.row_codes:
            if homes[table_id] is not sheet:  # a table's code on another table's (or a foreign) sheet
                report.sites.append(
                    CodeSite(
                        CodeAxis.ROW,
                        code,
                        sheet.name,
                        coordinate(row, CODE_COLUMN),
                        _text(sheet.grid.get(row, LABEL_COLUMN)),
                        table_id,
                        found_in,
                    )
                )
        for row, code in sheet.unknown:
            if found_in is not None and (sheet.code_row is None or row < sheet.code_row):
                continue  # above the table: titles and notes, not data rows
            report.sites.append(
                CodeSite(
                    CodeAxis.ROW if _ROW_CODE_LIKE.match(code) else CodeAxis.META,
                    code,
                    sheet.name,
                    coordinate(row, CODE_COLUMN),
                    _text(sheet.grid.get(row, LABEL_COLUMN)),
                    None,
                    found_in,
                )
            )
        for axis, scope, entries, target in (
            (CodeAxis.META, "meta", sheet.meta, report.metadata),
            (CodeAxis.PROSE, "prose", sheet.prose, report.prose),
        ):
            for row, code in entries:
                report.sites.append(
                    CodeSite(
                        axis,
                        code,
                        sheet.name,
                        coordinate(row, CODE_COLUMN),
                        _text(sheet.grid.get(row, LABEL_COLUMN)),
                        scope,
                        scope,
                    )
                )
                target.setdefault(
                    code,
                    Cell(sheet.name, coordinate(row, VALUE_COLUMN), sheet.grid.cells.get((row, VALUE_COLUMN))),
                )

    return report
