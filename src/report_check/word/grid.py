"""The printed layout of tables 二, 三 and 四 (FORMAT.md section 6), derived from the format declaration.

A :class:`Grid` is plain data: every cell with its position, spans, text and
role, the column widths, and which rows keep with the next across a page
break.  The Word writers only draw it; the layout rules live here, once.

Widths and the tables' type size are chosen from the data: the three tables
share one type size, the largest of :data:`TYPE_SIZES` at which every number
fits on one line of its cell (cell margins included), so that a count of up
to 7 digits never wraps.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from itertools import pairwise

from ..format import ReportFormat, TableSpec

# The GB/T 9704 text block is 156 mm: A4 (11906 twips) less the margins of 28 mm (1587) and 26 mm (1474).
TEXT_WIDTH_TWIPS = 8845
CELL_MARGIN_TWIPS = 40  # 0.7 mm left and right in every table cell: 7 digits fit in a column of table 四 at 小六
# What a line is given beyond its measured text: a quarter of a 五号 character, against rounding and a font's
# glyphs being a little wider than their nominal em (LibreOffice wrapped 自然人 in a column of exactly 3 em).
FIT_SLACK_TWIPS = 50
ROW_HEIGHT_TWIPS = 368  # 6.5 mm at least
TYPE_SIZES = (10.5, 9.0, 7.5, 6.5, 5.5)  # 五号, 小五, 六号, 小六, 七号: the first at which every number fits
KEEP_GROUP_ROWS = 10  # a merged row group of at most this many rows is kept on one page
HEADER_WORD = "自然人"  # the longest single-word column header of table 三: its column is at least this wide
T2_SHARES = (60, 32, 32, 32)  # mm: the label column and the three value columns of table 二
T3_LABEL_SHARES = (12, 18, 44)  # label columns of table 三, sharing what the value columns leave
MIN_LABEL_TWIPS = 2835  # 50 mm at least for the labels of table 三, however wide the values


class Role(StrEnum):
    HEADER = "header"
    CAPTION = "caption"
    LABEL = "label"
    VALUE = "value"


@dataclass(frozen=True)
class GridCell:
    row: int
    col: int
    text: str
    role: Role
    rowspan: int = 1
    colspan: int = 1
    key: tuple[str, str, str] | None = None  # (table, row code, column code) of a value cell
    left: bool = False  # set flush left (the row labels of table 三), else centred


@dataclass
class Grid:
    table: TableSpec
    rows: int
    cols: int
    widths: list[int]  # twips, summing to the text width
    header_rows: int  # repeated at the top of each page
    cells: list[GridCell] = field(default_factory=list)
    keep_with_next: list[bool] = field(default_factory=list)  # per row: stay on the page of the next row
    pt: float = TYPE_SIZES[0]  # the type size of its text

    def add(self, cell: GridCell) -> None:
        self.cells.append(cell)

    def width_of(self, cell: GridCell) -> int:
        return sum(self.widths[cell.col : cell.col + cell.colspan])


# The text of a value cell, by (table, row code, column code).
ValueText = Callable[[tuple[str, str, str]], str]


@lru_cache(maxsize=4096)
def text_width_twips(text: str, pt: float) -> float:
    """Width of one line of ``text`` at ``pt`` points: CJK characters one em, the rest (digits, Latin) half."""
    ems = sum(1.0 if unicodedata.east_asian_width(char) in "WF" else 0.5 for char in text)
    return ems * pt * 20


Key = tuple[str, str, str]


@dataclass
class Layout:
    """The three tables as printed: their one type size, each table's column widths, every value's text."""

    pt: float
    widths: dict[str, list[int]]  # table id -> column widths in twips
    texts: dict[Key, str]

    def grid(self, table: TableSpec) -> Grid:
        return table_grid(table, self.texts.__getitem__, self.pt, self.widths[table.id])


def layout_tables(fmt: ReportFormat, value_text: ValueText) -> Layout:
    """The tables at the largest type size at which every value fits its cell (else the smallest size)."""
    texts = {key: value_text(key) for table in fmt.tables for key, _, _ in value_slots(table)}
    for pt in TYPE_SIZES:
        widths = {table.id: table_widths(table, texts, pt) for table in fmt.tables}
        if all(_fits(table, texts, widths[table.id], pt) for table in fmt.tables):
            break
    return Layout(pt, widths, texts)


def table_widths(table: TableSpec, texts: Mapping[Key, str], pt: float) -> list[int]:
    """Column widths: table 二 and 四 fixed; table 三's value columns as wide as its widest value (or the word
    自然人) at ``pt``, its label columns sharing the rest."""
    if table.sectioned:
        return _shares(TEXT_WIDTH_TWIPS, T2_SHARES)
    if table.printed_as_one_row:
        return _shares(TEXT_WIDTH_TWIPS, [1] * (len(table.columns) * len(table.rows)))
    label_cols = _label_columns(table)
    value_cols = len(table.columns)
    mine = [text for key, text in texts.items() if key[0] == table.id]
    widest = max([text_width_twips(HEADER_WORD, pt), *(text_width_twips(text, pt) for text in mine)])
    value_width = int(widest + 0.999) + FIT_SLACK_TWIPS + 2 * CELL_MARGIN_TWIPS
    value_width = min(value_width, (TEXT_WIDTH_TWIPS - MIN_LABEL_TWIPS) // value_cols)  # a smaller size, then
    shares = T3_LABEL_SHARES[-label_cols:] if label_cols <= len(T3_LABEL_SHARES) else [1] * label_cols
    return _shares(TEXT_WIDTH_TWIPS - value_width * value_cols, shares) + [value_width] * value_cols


_SLOTS: dict[int, tuple[TableSpec, tuple[tuple[Key, int, int], ...]]] = {}


def value_slots(table: TableSpec) -> tuple[tuple[Key, int, int], ...]:
    """Where the table's values stand: (key, first column, columns spanned), in the order they are printed."""
    cached = _SLOTS.get(id(table))
    if cached is None or cached[0] is not table:
        grid = table_grid(table, lambda key: "", TYPE_SIZES[0], [0] * 64)
        slots = tuple((cell.key, cell.col, cell.colspan) for cell in grid.cells if cell.key is not None)
        cached = _SLOTS[id(table)] = (table, slots)
    return cached[1]


def _fits(table: TableSpec, texts: Mapping[Key, str], widths: list[int], pt: float) -> bool:
    """Every value of the table on one line of its cell at ``pt`` points, margins and slack included."""
    slots = value_slots(table)  # cached by the table's id, which _rooms is cached by too
    rooms = _rooms(id(table), tuple(widths))
    return all(text_width_twips(texts[key], pt) <= room for (key, _, _), room in zip(slots, rooms, strict=True))


@lru_cache(maxsize=256)
def _rooms(table_id: int, widths: tuple[int, ...]) -> list[int]:
    """The width each value of the table (by :func:`value_slots`, cached) has for its text."""
    table = _SLOTS[table_id][0]
    margins = 2 * CELL_MARGIN_TWIPS + FIT_SLACK_TWIPS
    return [sum(widths[col : col + span]) - margins for _, col, span in value_slots(table)]


def table_grid(table: TableSpec, value_text: ValueText, pt: float, widths: list[int]) -> Grid:
    """The printed table, its values' texts given by ``value_text``, at ``pt`` points in columns ``widths``."""
    if table.sectioned:
        grid = _sections(table, value_text, widths)
    elif table.printed_as_one_row:
        grid = _one_row(table, value_text, widths)
    else:
        grid = _matrix(table, value_text, widths)
    grid.pt = pt
    return grid


def _label_columns(table: TableSpec) -> int:
    return max(len(spec.groups) for spec in table.rows) + 1


def _sections(table: TableSpec, value_text: ValueText, widths: list[int]) -> Grid:
    """Table 二: per 第二十条 item a caption row, a header row and its data rows; 4 columns.

    Each item's rows are kept together on one page (3 or 4 rows)."""
    grid = Grid(table, 0, 4, widths, header_rows=0)
    row = 0
    caption: tuple[str, ...] | None = None
    for spec in table.rows:
        columns = table.columns_of(spec)
        if spec.groups[:1] != caption:
            caption = spec.groups[:1]
            if grid.keep_with_next:
                grid.keep_with_next[-1] = False  # the last row of the item before
            grid.add(GridCell(row, 0, caption[0] if caption else "", Role.CAPTION, colspan=4))
            grid.add(GridCell(row + 1, 0, table.corner, Role.HEADER))
            if len(columns) == 3:
                for offset, column in enumerate(columns):
                    grid.add(GridCell(row + 1, 1 + offset, column.label, Role.HEADER))
            else:
                grid.add(GridCell(row + 1, 1, columns[0].label, Role.HEADER, colspan=3))
            grid.keep_with_next += [True, True]
            row += 2
        grid.add(GridCell(row, 0, spec.label, Role.LABEL))
        if len(columns) == 3:
            for offset, column in enumerate(columns):
                key = (table.id, spec.code, column.code)
                grid.add(GridCell(row, 1 + offset, value_text(key), Role.VALUE, key=key))
        else:
            key = (table.id, spec.code, columns[0].code)
            grid.add(GridCell(row, 1, value_text(key), Role.VALUE, colspan=3, key=key))
        grid.keep_with_next.append(True)
        row += 1
    grid.keep_with_next[-1] = False
    grid.rows = row
    return grid


def _shares(total: int, shares: Sequence[int]) -> list[int]:
    """``total`` twips split in proportion to ``shares``, rounded so that the parts add up exactly."""
    whole = sum(shares)
    bounds = [0]
    for share in shares:
        bounds.append(bounds[-1] + share)
    return [round(total * b / whole) - round(total * a / whole) for a, b in pairwise(bounds)]


def _matrix(table: TableSpec, value_text: ValueText, widths: list[int]) -> Grid:
    """Table 三: label columns with groups merged down, value columns under grouped headers.

    The header, the rows before the first group and every group of at most :data:`KEEP_GROUP_ROWS`
    rows stay together, so that a page break never parts a sub-item from its merged group label."""
    label_cols = _label_columns(table)
    value_cols = len(table.columns)
    grouped = any(column.group for column in table.columns)
    header_rows = (1 if table.header else 0) + (2 if grouped else 1)
    grid = Grid(table, header_rows + len(table.rows), label_cols + value_cols, widths, header_rows=header_rows)
    grid.add(GridCell(0, 0, table.corner, Role.HEADER, rowspan=header_rows, colspan=label_cols))
    row = 0
    if table.header:
        grid.add(GridCell(0, label_cols, table.header, Role.HEADER, colspan=value_cols))
        row = 1
    index = 0
    while index < value_cols:
        column = table.columns[index]
        col = label_cols + index
        if column.group:
            members = [c for c in table.columns[index:] if c.group == column.group]
            grid.add(GridCell(row, col, column.group, Role.HEADER, colspan=len(members)))
            for offset, member in enumerate(members):
                grid.add(GridCell(row + 1, col + offset, member.label, Role.HEADER))
            index += len(members)
        else:
            grid.add(GridCell(row, col, column.label, Role.HEADER, rowspan=header_rows - row))
            index += 1

    first = header_rows
    keep = [True] * header_rows + [False] * len(table.rows)
    lead = next((i for i, spec in enumerate(table.rows) if spec.groups), len(table.rows))
    for offset in range(lead + 1):  # the rows before the first group, and the first row of that group
        keep[first + offset - 1] = True
    for level, start, end, label in table.group_spans():
        grid.add(GridCell(first + start, level, label, Role.LABEL, rowspan=end - start + 1))
        if end - start + 1 <= KEEP_GROUP_ROWS:
            for offset in range(start, end):
                keep[first + offset] = True
    grid.keep_with_next = keep
    for offset, spec in enumerate(table.rows):
        depth = len(spec.groups)
        grid.add(GridCell(first + offset, depth, spec.label, Role.LABEL, colspan=label_cols - depth, left=True))
        for index, column in enumerate(table.columns):
            key = (table.id, spec.code, column.code)
            grid.add(GridCell(first + offset, label_cols + index, value_text(key), Role.VALUE, key=key))
    return grid


def _one_row(table: TableSpec, value_text: ValueText, widths: list[int]) -> Grid:
    """Table 四: each data row a block of columns under a three-level header, the values in one row.

    Its four rows stay together."""
    width = len(table.columns)
    cols = width * len(table.rows)
    grid = Grid(table, 4, cols, widths, header_rows=3)
    grid.keep_with_next = [True, True, True, False]
    index = 0
    while index < len(table.rows):
        spec = table.rows[index]
        col = index * width
        if spec.groups:
            run = [r for r in table.rows[index:] if r.groups[:1] == spec.groups[:1]]
            grid.add(GridCell(0, col, spec.groups[0], Role.HEADER, colspan=width * len(run)))
            for offset, member in enumerate(run):
                start = col + offset * width
                grid.add(GridCell(1, start, member.label, Role.HEADER, colspan=width))
                for c, column in enumerate(table.columns):
                    grid.add(GridCell(2, start + c, column.label, Role.HEADER))
            index += len(run)
        else:
            grid.add(GridCell(0, col, spec.label, Role.HEADER, colspan=width))
            for c, column in enumerate(table.columns):
                grid.add(GridCell(1, col + c, column.label, Role.HEADER, rowspan=2))
            index += 1
    for r, spec in enumerate(table.rows):
        for c, column in enumerate(table.columns):
            key = (table.id, spec.code, column.code)
            grid.add(GridCell(3, r * width + c, value_text(key), Role.VALUE, key=key))
    return grid
