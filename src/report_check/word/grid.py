"""The printed layout of tables 二, 三 and 四 (FORMAT.md section 6), derived from the format declaration.

A :class:`Grid` is plain data: every cell with its position, spans, text and
role.  The Word writer only draws it; the layout rules live here, once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from ..format import TableSpec

TEXT_WIDTH_MM = 156.0  # the GB/T 9704 text block


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
    widths_mm: list[float]
    header_rows: int  # repeated at the top of each page
    cells: list[GridCell] = field(default_factory=list)
    font_pt: float = 10.5

    def add(self, cell: GridCell) -> None:
        self.cells.append(cell)


# The text of a value cell, by (table, row code, column code).
ValueText = Callable[[tuple[str, str, str]], str]


def table_grid(table: TableSpec, value_text: ValueText) -> Grid:
    if table.sectioned:
        return _sections(table, value_text)
    if table.printed_as_one_row:
        return _one_row(table, value_text)
    return _matrix(table, value_text)


def _sections(table: TableSpec, value_text: ValueText) -> Grid:
    """Table 二: per 第二十条 item a caption row, a header row and its data rows; 4 columns."""
    widths = [60.0, 32.0, 32.0, 32.0]
    grid = Grid(table, 0, 4, widths, header_rows=0, font_pt=12)
    row = 0
    caption: tuple[str, ...] | None = None
    for spec in table.rows:
        columns = table.columns_of(spec)
        if spec.groups[:1] != caption:
            caption = spec.groups[:1]
            grid.add(GridCell(row, 0, caption[0] if caption else "", Role.CAPTION, colspan=4))
            grid.add(GridCell(row + 1, 0, table.corner, Role.HEADER))
            if len(columns) == 3:
                for offset, column in enumerate(columns):
                    grid.add(GridCell(row + 1, 1 + offset, column.label, Role.HEADER))
            else:
                grid.add(GridCell(row + 1, 1, columns[0].label, Role.HEADER, colspan=3))
            row += 2
        grid.add(GridCell(row, 0, spec.label, Role.LABEL))
        if len(columns) == 3:
            for offset, column in enumerate(columns):
                key = (table.id, spec.code, column.code)
                grid.add(GridCell(row, 1 + offset, value_text(key), Role.VALUE, key=key))
        else:
            key = (table.id, spec.code, columns[0].code)
            grid.add(GridCell(row, 1, value_text(key), Role.VALUE, colspan=3, key=key))
        row += 1
    grid.rows = row
    return grid


def _matrix(table: TableSpec, value_text: ValueText) -> Grid:
    """Table 三: label columns with groups merged down, value columns under grouped headers."""
    label_cols = max(len(spec.groups) for spec in table.rows) + 1
    value_cols = len(table.columns)
    label_widths = [12.0, 18.0, 44.0][-label_cols:] if label_cols <= 3 else [74.0 / label_cols] * label_cols
    value_width = (TEXT_WIDTH_MM - sum(label_widths)) / value_cols
    grouped = any(column.group for column in table.columns)
    header_rows = (1 if table.header else 0) + (2 if grouped else 1)
    grid = Grid(
        table,
        header_rows + len(table.rows),
        label_cols + value_cols,
        label_widths + [value_width] * value_cols,
        header_rows=header_rows,
        font_pt=9,
    )
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
    for level, start, end, label in table.group_spans():
        grid.add(GridCell(first + start, level, label, Role.LABEL, rowspan=end - start + 1))
    for offset, spec in enumerate(table.rows):
        depth = len(spec.groups)
        grid.add(GridCell(first + offset, depth, spec.label, Role.LABEL, colspan=label_cols - depth, left=True))
        for index, column in enumerate(table.columns):
            key = (table.id, spec.code, column.code)
            grid.add(GridCell(first + offset, label_cols + index, value_text(key), Role.VALUE, key=key))
    return grid


def _one_row(table: TableSpec, value_text: ValueText) -> Grid:
    """Table 四: each data row a block of columns under a three-level header, the values in one row."""
    width = len(table.columns)
    cols = width * len(table.rows)
    grid = Grid(table, 4, cols, [TEXT_WIDTH_MM / cols] * cols, header_rows=3, font_pt=9)
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
