"""Placing the cells of a published form by the official labels (FORMAT.md sections 2, 3 and 7).

A report as organs publish it, or an office's own spreadsheet with the official tables typed in, has no
codes.  Its tables are recognised here by what the format declares (:mod:`report_check.format`): each row
by its label, in the format's order (so that 其他 and 总计 are placed by where they stand), each value by
its column header where the header stands above it, else by its order in the row when the row has as
many values as the row has columns.  A row or a value that cannot be placed so is recorded as such (a
finding), never guessed.

Works on plain grids (merged cells expanded: every cell of a merged range holds its text), whatever made
them: a workbook's sheets, the tables of a Word file or web page, the lines of a text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ...cellref import coordinate
from ...format import ReportFormat, TableSpec
from ...format.labels import label_matches, normalize
from ...format.spec import RowSpec
from ...model import Cell, Marker, Report, TableSite
from ..grid import SheetGrid, Value

# A number, maybe with its unit (37件, 0.5万元: read as text, then V05/V02 say what to write).
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:件|个|项|条|次|元|万元)?$")
# What stands in a value cell of a published table instead of a number (V02 then says so).
_PLACEHOLDERS = frozenset({"-", "—", "——", "－", "–", "/", "／", "无", "空"})
HEADER_ROWS = 6  # a table's column headers stand at most this many rows above its first data row
ONE_ROW_BACK = 4  # rows above table 四's row of values where its header must stand


def value_like(value: Value) -> bool:
    """A cell that holds a table's value: a number, or what stands for one (无, —)."""
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, int | float):
        return True
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).replace(" ", "").strip()
        return bool(_NUMBER.match(text)) or text in _PLACEHOLDERS
    return False


@dataclass(eq=False)
class Line:
    """One row of a grid: its label cells and its value cells, left to right."""

    grid: SheetGrid
    row: int
    labels: list[tuple[int, str]]
    values: list[tuple[int, Value]]
    used: bool = False

    @property
    def label(self) -> str:
        return self.labels[-1][1] if self.labels else ""

    @property
    def text(self) -> str:
        return "".join(text for _, text in self.labels)


def lines(grids: Iterable[SheetGrid]) -> list[Line]:
    """Every non-empty row of the grids, in order; a label repeated by a merge counted once."""
    found: list[Line] = []
    for grid in grids:
        by_row: dict[int, list[tuple[int, Value]]] = {}
        for (row, column), value in grid.cells.items():
            by_row.setdefault(row, []).append((column, value))
        for row in sorted(by_row):
            labels: list[tuple[int, str]] = []
            values: list[tuple[int, Value]] = []
            for column, value in sorted(by_row[row], key=lambda item: item[0]):
                if value_like(value):
                    values.append((column, value))
                elif isinstance(value, str) and value.strip():
                    text = value.strip()
                    if not labels or labels[-1][1] != text:
                        labels.append((column, text))
            found.append(Line(grid, row, labels, values))
    return found


def place_by_labels(source: str, grids: list[SheetGrid], fmt: ReportFormat) -> Report:
    """The report of ``grids`` read by the official labels (only its tables: prose and metadata are the
    source's)."""
    report = Report(source=source, format=fmt, sheet_names=[grid.name for grid in grids], placed_by="labels")
    rows = lines(grids)
    for table in fmt.tables:
        if table.printed_as_one_row and _place_one_row(report, table, rows):
            continue
        _place_rows(report, table, rows, fmt)
    report.earlier_format = _earlier_marks(rows, fmt)
    return report


def _same(fmt: ReportFormat, found: str, official: str) -> bool:
    return bool(normalize(found, fmt.label_variants)) and label_matches(fmt, found, official)


def _matches(fmt: ReportFormat, line: Line, spec: RowSpec) -> bool:
    if not line.labels:
        return False
    if _same(fmt, line.label, spec.label):
        return True
    return bool(spec.groups) and _same(fmt, line.text, "".join(spec.groups) + spec.label)


def _place_rows(report: Report, table: TableSpec, rows: list[Line], fmt: ReportFormat) -> None:
    """The table's rows matched to lines with values by their labels, keeping the format's order and matching
    as many as can be (an alignment, so that a stray 其他 does not jump over rows that follow)."""
    candidates = [line for line in rows if not line.used and line.values and line.labels]
    specs = table.rows
    ok = [[_matches(fmt, line, spec) for spec in specs] for line in candidates]
    n, m = len(candidates), len(specs)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1], best[i + 1][j + 1] + 1 if ok[i][j] else 0)
    matched: dict[str, Line] = {}
    i = j = 0
    while i < n and j < m:
        if ok[i][j] and best[i][j] == best[i + 1][j + 1] + 1:
            matched[specs[j].code] = candidates[i]
            candidates[i].used = True
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    if not matched:
        return
    first = min(rows.index(found) for found in matched.values())
    first_line = rows[first]
    report.tables[table.id] = TableSite(table.id, first_line.grid.name, None, None)
    headers = _header_columns(table, rows, first, fmt)
    if not _aligned(table, matched, headers):
        headers = {}  # text copied from a page: the rows' cells are shifted against the header's
    for spec in table.rows:
        if spec.code not in matched:
            report.missing_rows.append((table.id, spec.code))
            continue
        line = matched[spec.code]
        codes = [column.code for column in table.columns_of(spec)]
        cells = _cells_of(line, codes, headers)
        if cells is None:
            report.unplaced_values.append(
                (
                    table.id,
                    spec.code,
                    line.grid.name,
                    coordinate(line.row, line.values[0][0]),
                    [v for _, v in line.values],
                )
            )
            continue
        for code, (column, value) in cells.items():
            report.cells[(table.id, spec.code, code)] = Cell(line.grid.name, coordinate(line.row, column), value)


def _header_columns(table: TableSpec, rows: list[Line], first: int, fmt: ReportFormat) -> dict[str, int]:
    """The grid column of each of the table's column headers, found in the rows just above its first data row
    (only where every header is found, each in a column of its own)."""
    grid = rows[first].grid
    above = [line for line in rows[max(0, first - HEADER_ROWS) : first] if line.grid is grid]
    found: dict[str, int] = {}
    for column in table.columns:
        for line in reversed(above):
            hits = [c for c, text in line.labels if _header_is(fmt, text, column.label)]
            if hits:
                found[column.code] = hits[0]
                break
    if len(found) == len(table.columns) and len(set(found.values())) == len(found):
        return found
    return {}


def _aligned(table: TableSpec, matched: dict[str, Line], headers: dict[str, int]) -> bool:
    """Whether every full row (a value for each column) stands under the headers: only then do the headers
    place the values of a row that lacks some."""
    for spec in table.rows:
        line = matched.get(spec.code)
        codes = [column.code for column in table.columns_of(spec)]
        full = line is not None and len(line.values) == len(codes)
        if full and headers and [column for column, _ in line.values] != [headers.get(code) for code in codes]:  # type: ignore[union-attr]
            return False
    return True


def _header_is(fmt: ReportFormat, found: str, official: str) -> bool:
    got, want = normalize(found, fmt.label_variants), normalize(official, fmt.label_variants)
    return bool(got) and (got == want or (len(got) >= 4 and (got in want or want in got)))


def _cells_of(line: Line, codes: list[str], headers: dict[str, int]) -> dict[str, tuple[int, Value]] | None:
    """The row's value for each column: by the header above it, else in order; None if neither places them."""
    columns = [c for c, _ in line.values]
    if headers and all(code in headers for code in codes) and set(columns) <= {headers[code] for code in codes}:
        at = dict(line.values)
        return {code: (headers[code], at.get(headers[code])) for code in codes}
    if len(line.values) == len(codes):
        return dict(zip(codes, line.values, strict=True))
    return None


def _place_one_row(report: Report, table: TableSpec, rows: list[Line]) -> bool:
    """Table 四 as the format prints it: one row of 15 values under the headers 行政复议 and 行政诉讼."""
    width = sum(len(table.columns_of(spec)) for spec in table.rows)
    first_label = table.rows[0].label
    for index, line in enumerate(rows):
        if line.used or len(line.values) != width or len(line.labels) > 1:
            continue
        above = [other for other in rows[max(0, index - ONE_ROW_BACK) : index] if other.grid is line.grid]
        if not any(first_label in text for other in above for _, text in other.labels):
            continue
        line.used = True
        report.tables[table.id] = TableSite(table.id, line.grid.name, None, None)
        values = iter(line.values)
        for spec in table.rows:
            for column in table.columns_of(spec):
                at, value = next(values)
                report.cells[(table.id, spec.code, column.code)] = Cell(line.grid.name, coordinate(line.row, at), value)
        return True
    return False


def _earlier_marks(rows: list[Line], fmt: ReportFormat) -> list[Marker]:
    found = []
    for line in rows:
        for column, text in line.labels:
            if fmt.names_earlier_format([text]):
                found.append(Marker(line.grid.name, coordinate(line.row, column), text))
    return found
