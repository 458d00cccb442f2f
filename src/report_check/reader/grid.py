"""A sheet or table as plain cells: what every source gives and every placement reads."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from itertools import compress, repeat
from operator import itemgetter, ne
from typing import cast

from ..model import ExcelError, Raw

Value = Raw | ExcelError

_FLOAT = {float}
EMPTY = ""  # an empty cell in a grid read row by row (as calamine gives it); None in ``cells``


def _normal(value: object) -> Value:
    """A value of a grid read row by row as ``cells`` holds it: None for empty, a duration (a cell formatted
    [h]:mm) as the number of days Excel holds."""
    if value == EMPTY or value is None:
        return None
    if type(value) is dt.timedelta:
        return value.total_seconds() / 86400
    return cast("Value", value)


class SheetGrid:
    """One sheet's non-empty cells, ``(row, column) -> value`` (1-based).

    A workbook's sheet is read row by row (``flat``: the values from A1 across its ``width`` as read,
    :data:`EMPTY` where a cell is empty): then ``flat`` is what the grid answers from, and the dict of its cells
    is made only when asked for (a view: not to be changed).  A batch's files are mostly read by a kept layout,
    which takes a few hundred cells by position (:meth:`take`) and never needs it."""

    def __init__(
        self,
        name: str,
        visible: bool,
        cells: dict[tuple[int, int], Value] | None = None,
        merged: list[tuple[int, int, int, int]] | None = None,
    ) -> None:
        self.name = name
        self.visible = visible
        self._cells: dict[tuple[int, int], Value] | None = {} if cells is None else cells
        self._merged: list[tuple[int, int, int, int]] | None = merged if merged is not None else []
        # calamine's merged ranges, ((first row, first column), (last row, last column)) 0-based: converted to
        # ``merged`` only when asked for (a kept layout compares them as they are)
        self.ranges: list[tuple[tuple[int, int], tuple[int, int]]] | None = None
        self.flat: list[object] | None = None
        self.width = 0
        self.height = 0

    @classmethod
    def of_rows(
        cls,
        name: str,
        visible: bool,
        flat: list[object],
        width: int,
        ranges: list[tuple[tuple[int, int], tuple[int, int]]] | None = None,
    ) -> SheetGrid:
        """A sheet read row by row: ``flat`` holds ``width`` values a row, :data:`EMPTY` (or None) for an empty
        cell; the grid keeps it (a value past the last row is appended, for :meth:`take`)."""
        if len(flat) != width * (len(flat) // width if width else 0):
            raise ValueError("a sheet's rows of unequal length")
        grid = cls(name, visible)
        grid._cells = None  # made from flat when asked for
        grid.use_ranges(ranges)
        grid.width = width
        grid.height = len(flat) // width if width else 0
        flat.append(EMPTY)
        grid.flat = flat
        return grid

    @property
    def cells(self) -> dict[tuple[int, int], Value]:
        if self._cells is None:
            assert self.flat is not None
            values = self.flat[:-1]
            places = every_place(self.height, self.width)
            cells = dict(compress(zip(places, values, strict=True), map(ne, values, repeat(EMPTY))))
            types = set(map(type, values))
            if dt.timedelta in types or type(None) in types:
                cells = {place: _normal(value) for place, value in cells.items() if value is not None}
            self._cells = cast("dict[tuple[int, int], Value]", cells)
        return self._cells

    @property
    def merged(self) -> list[tuple[int, int, int, int]]:
        """Merged ranges as (first row, first column, last row, last column), 1-based."""
        if self._merged is None:
            self._merged = [(r1 + 1, c1 + 1, r2 + 1, c2 + 1) for (r1, c1), (r2, c2) in self.ranges or ()]
        return self._merged

    @merged.setter
    def merged(self, merged: list[tuple[int, int, int, int]]) -> None:
        self._merged, self.ranges = merged, None

    def use_ranges(self, ranges: list[tuple[tuple[int, int], tuple[int, int]]] | None) -> None:
        """The merged ranges as calamine gives them (None: it does not say)."""
        self._merged, self.ranges = None, ranges or []

    def merges_key(self) -> tuple[object, ...]:
        """The merged ranges as a layout is known by them: as calamine gave them where it did (then ``merged``
        is not to be changed in place: assign it)."""
        if self.ranges is not None:
            return tuple(self.ranges)
        return tuple(self.merged)

    def __repr__(self) -> str:
        return f"SheetGrid({self.name!r}, {self.visible}, {self.cells!r}, {self.merged!r})"

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
        if self.flat is not None:
            if 0 < row <= self.height and 0 < column <= self.width:
                return _normal(self.flat[(row - 1) * self.width + column - 1])
            return None
        return self.cells.get((row, column))

    def take(self, places: Places) -> list[Value]:
        """The values at ``places`` (None where empty): by position where the sheet was read row by row."""
        if self.flat is None:
            return list(map(self.cells.get, places.places))
        values = places.getter(self)(self.flat)
        if set(map(type, values)) == _FLOAT:  # the usual case: numbers alone
            return list(values)  # type: ignore[arg-type]  # floats
        return [value if type(value) is float or (type(value) is str and value) else _normal(value) for value in values]

    def column(self, column: int) -> list[tuple[int, Value]]:
        """The non-empty cells of one column, top to bottom."""
        if self.flat is not None:
            if not 0 < column <= self.width:
                return []
            return _filled(self.flat[column - 1 : self.height * self.width : self.width])
        return sorted((r, v) for (r, c), v in self.cells.items() if c == column)

    def row(self, row: int) -> list[tuple[int, Value]]:
        """The non-empty cells of one row, left to right."""
        if self.flat is not None:
            if not 0 < row <= self.height:
                return []
            return _filled(self.flat[(row - 1) * self.width : row * self.width])
        return sorted((c, v) for (r, c), v in self.cells.items() if r == row)

    def line(self, *, row: int = 0, column: int = 0) -> list[object]:
        """The values of one row (or column) as read, to its last non-empty cell: what a layout is known by.
        Empty cells are :data:`EMPTY` where the sheet was read row by row, None otherwise."""
        if self.flat is not None:
            if row:
                line = self.flat[(row - 1) * self.width : row * self.width] if 0 < row <= self.height else []
            else:
                line = self.flat[column - 1 : self.height * self.width : self.width] if 0 < column <= self.width else []
            while line and (line[-1] == EMPTY or line[-1] is None):
                line.pop()
            return line
        found = self.row(row) if row else self.column(column)
        if not found:
            return []
        values: list[object] = [None] * found[-1][0]
        for at, value in found:
            values[at - 1] = value
        return values

    def texts(self) -> list[str]:
        """The texts of the sheet's cells, in no particular order (empty ones perhaps among them)."""
        values: Iterable[object] = self.flat if self.flat is not None else self.cells.values()
        return [value for value in values if type(value) is str]


def _filled(line: list[object]) -> list[tuple[int, Value]]:
    """The non-empty values of a row or column read row by row, each with its (1-based) position."""
    return [
        (at, value if type(value) is str or type(value) is float else _normal(value))
        for at, value in enumerate(line, start=1)
        if value != EMPTY and value is not None
    ]


class Places:
    """Cells asked of many grids alike (a kept layout's): where each stands in a grid read row by row,
    worked out once for each extent of sheet."""

    def __init__(self, places: Sequence[tuple[int, int]]) -> None:
        self.places = tuple(places)
        self._getters: dict[tuple[int, int], Callable[[list[object]], tuple[object, ...]]] = {}

    def getter(self, grid: SheetGrid) -> Callable[[list[object]], tuple[object, ...]]:
        """What takes the places' values (as read) from ``grid.flat``, in one C call."""
        extent = (grid.height, grid.width)
        found = self._getters.get(extent)
        if found is None:
            height, width = extent
            outside = height * width  # the value appended past the last row: empty
            positions = [
                (row - 1) * width + column - 1 if 0 < row <= height and 0 < column <= width else outside
                for row, column in self.places
            ]
            # itemgetter of one position gives the value itself (of none, it is refused)
            found = itemgetter(*positions) if len(positions) > 1 else partial(_take, tuple(positions))
            if len(self._getters) >= MAX_EXTENTS:
                self._getters.clear()
            self._getters[extent] = found
        return found


def _take(positions: tuple[int, ...], flat: list[object]) -> tuple[object, ...]:
    return tuple(flat[i] for i in positions)


MAX_EXTENTS = 32  # extents of sheet remembered per set of places (a batch's sheets have a few)


def every_place(height: int, width: int) -> list[tuple[int, int]]:
    """Every cell of a sheet of that extent, row by row."""
    return [(row, column) for row in range(1, height + 1) for column in range(1, width + 1)]
