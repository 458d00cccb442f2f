"""A sheet or table as plain cells: what every source gives and every placement reads."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import ExcelError, Raw

Value = Raw | ExcelError


@dataclass
class SheetGrid:
    name: str
    visible: bool
    cells: dict[tuple[int, int], Value] = field(default_factory=dict)
    # Merged ranges as (first row, first column, last row, last column), 1-based.
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)

    def merged_into(self, rows: Iterable[int], columns: Iterable[int]) -> dict[tuple[int, int], tuple[int, int]]:
        """Of the cells where ``rows`` cross ``columns``, those inside a merged range but not its top-left
        cell, each with that top-left cell."""
        row_list, column_list = sorted(set(rows)), sorted(set(columns))
        covered: dict[tuple[int, int], tuple[int, int]] = {}
        for r1, c1, r2, c2 in self.merged:
            for row in row_list[bisect_left(row_list, r1) : bisect_right(row_list, r2)]:
                for column in column_list[bisect_left(column_list, c1) : bisect_right(column_list, c2)]:
                    if (row, column) != (r1, c1):
                        covered.setdefault((row, column), (r1, c1))
        return covered

    def get(self, row: int, column: int) -> Value:
        return self.cells.get((row, column))

    def column(self, column: int) -> list[tuple[int, Value]]:
        """The non-empty cells of one column, top to bottom."""
        return sorted((r, v) for (r, c), v in self.cells.items() if c == column)

    def row(self, row: int) -> list[tuple[int, Value]]:
        """The non-empty cells of one row, left to right."""
        return sorted((c, v) for (r, c), v in self.cells.items() if r == row)
