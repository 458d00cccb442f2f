"""The vocabulary in which a report format is declared.

A format (see :mod:`report_check.format.f2021`) is plain data built from these
classes.  The template writer, the reader, the validation schemas, the rule
list and the Word renderer all derive what they need from it; none of them
lists codes or equations of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property


class Kind(StrEnum):
    """What a cell holds."""

    COUNT = "count"  # non-negative integer
    AMOUNT = "amount"  # non-negative decimal (万元)
    TEXT = "text"
    YEAR = "year"
    CHOICE = "choice"  # one of a code list
    DATE = "date"
    CREDIT_CODE = "credit_code"  # 统一社会信用代码, GB 32100-2015
    REGION_CODE = "region_code"  # 行政区划代码, GB/T 2260
    URL = "url"


@dataclass(frozen=True)
class Choice:
    code: str
    label: str
    label_en: str


@dataclass(frozen=True)
class MetaField:
    """One field of the 基本信息 sheet."""

    code: str
    label: str
    label_en: str
    kind: Kind
    required: bool
    hint: str = ""
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class ColumnSpec:
    code: str
    label: str
    label_en: str
    kind: Kind = Kind.COUNT
    group: str = ""  # a header spanning several columns, e.g. 法人或其他组织


@dataclass(frozen=True)
class RowSpec:
    """A data row.

    ``groups`` are the labels of the merged group cells the row sits under, from
    the outside in (e.g. ``("三、本年度办理结果", "（三）不予公开")``); ``label`` is the row's
    own label.  ``columns`` names the columns that hold data in this row (table 二
    has rows of different widths); empty means all columns of the table.
    """

    code: str
    label: str
    label_en: str
    groups: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableSpec:
    id: str  # "t2", "t3", "t4"
    number: str  # "二"
    title: str  # the section title, e.g. 二、主动公开政府信息情况
    title_en: str
    sheet: str  # the template's sheet name
    rows: tuple[RowSpec, ...]
    columns: tuple[ColumnSpec, ...]
    # A header spanning all value columns (申请人情况), and the text of the corner above the labels.
    header: str = ""
    corner: str = ""
    # Rows fall into captioned sections of different widths (table 二), rather than one grid.
    sectioned: bool = False
    # The printed form shows the table as one row, each data row a block of columns (table 四).
    printed_as_one_row: bool = False

    def row(self, code: str) -> RowSpec:
        for row in self.rows:
            if row.code == code:
                return row
        raise KeyError(code)

    def column(self, code: str) -> ColumnSpec:
        for column in self.columns:
            if column.code == code:
                return column
        raise KeyError(code)

    def columns_of(self, row: RowSpec) -> tuple[ColumnSpec, ...]:
        if not row.columns:
            return self.columns
        return tuple(self.column(code) for code in row.columns)

    def group_spans(self) -> list[tuple[int, int, int, str]]:
        """Merged group labels: (level, first row index, last row index, label) for every run of rows that
        share a group at that level (三、本年度办理结果 over 22 rows at level 0, （三）不予公开 over 8 at level 1)."""
        spans = []
        depth = max((len(row.groups) for row in self.rows), default=0)
        for level in range(depth):
            start = 0
            while start < len(self.rows):
                groups = self.rows[start].groups
                if len(groups) <= level:
                    start += 1
                    continue
                end = start
                while end + 1 < len(self.rows) and self.rows[end + 1].groups[: level + 1] == groups[: level + 1]:
                    end += 1
                spans.append((level, start, end, groups[level]))
                start = end + 1
        return spans

    def cells(self) -> list[tuple[RowSpec, ColumnSpec]]:
        """Every data cell, row by row, in code order."""
        return list(self._cells)

    @cached_property
    def _cells(self) -> tuple[tuple[RowSpec, ColumnSpec], ...]:
        return tuple((row, column) for row in self.rows for column in self.columns_of(row))

    @cached_property
    def code_pairs(self) -> tuple[tuple[str, str], ...]:
        """Every data cell as (row code, column code), in the order of :meth:`cells`."""
        return tuple((row.code, column.code) for row, column in self._cells)

    @cached_property
    def row_codes(self) -> tuple[str, ...]:
        return tuple(row.code for row in self.rows)

    @cached_property
    def column_codes(self) -> tuple[str, ...]:
        return tuple(column.code for column in self.columns)


class Axis(StrEnum):
    """The direction in which an equation's terms are taken."""

    ROWS = "rows"  # terms are row codes; one instance per column
    COLUMNS = "columns"  # terms are column codes; one instance per row


@dataclass(frozen=True)
class Equation:
    """``sum(total) = sum(parts)``, for every instance along the other axis.

    With ``terms=Axis.ROWS`` the codes are row codes and the equation holds in
    every column of the table; with ``Axis.COLUMNS`` they are column codes and
    it holds in every row.  The finding of a broken instance is placed on the
    first ``total`` cell.
    """

    code: str
    table: str
    terms: Axis
    total: tuple[str, ...]
    parts: tuple[str, ...]
    summary: str
    summary_en: str
    rationale: str
    rationale_en: str

    @property
    def codes(self) -> tuple[str, ...]:
        return self.parts + self.total


@dataclass(frozen=True)
class ProseField:
    code: str
    label: str  # the section title or 前言
    label_en: str
    hint: str = ""


@dataclass(frozen=True, eq=False)  # a format is one object: compared and hashed by identity, cheaply
class ReportFormat:
    version: str
    basis: str
    sections: tuple[str, ...]
    metadata: tuple[MetaField, ...]
    tables: tuple[TableSpec, ...]
    equations: tuple[Equation, ...]
    prose: tuple[ProseField, ...]
    label_variants: tuple[tuple[str, str], ...] = field(default=())
    # Marks of the earlier (2019 试行) format: labels that only it uses.
    earlier_format_marks: tuple[str, ...] = field(default=())
    metadata_sheet: str = "基本信息"
    prose_sheet: str = "正文"

    def names_earlier_format(self, texts: Iterable[str]) -> bool:
        """Whether any of ``texts`` holds one of the earlier format's marks (one pass over them joined)."""
        text = "\n".join(texts)
        return any(mark in text for mark in self.earlier_format_marks)

    def __reduce__(self) -> tuple[object, tuple[str]]:
        # A format travels between processes by its version, not as a copy of the whole declaration.
        return (_format_by_version, (self.version,))

    @cached_property
    def labels(self) -> dict[tuple[str, str, str], str]:
        """(axis, table id / "meta" / "prose", code) -> official label, for every code of the format."""
        found: dict[tuple[str, str, str], str] = {}
        for table in self.tables:
            found.update({("row", table.id, row.code): row.label for row in table.rows})
            found.update({("column", table.id, column.code): column.label for column in table.columns})
        found.update({("meta", "meta", meta.code): meta.label for meta in self.metadata})
        found.update({("prose", "prose", prose.code): prose.label for prose in self.prose})
        return found

    @cached_property
    def cell_kinds(self) -> dict[tuple[str, str], Kind]:
        """(table id, column code) -> the kind of its cells."""
        return {(t.id, c.code): c.kind for t in self.tables for c in t.columns}

    def table(self, table_id: str) -> TableSpec:
        for table in self.tables:
            if table.id == table_id:
                return table
        raise KeyError(table_id)

    def meta(self, code: str) -> MetaField:
        for meta in self.metadata:
            if meta.code == code:
                return meta
        raise KeyError(code)

    def prose_field(self, code: str) -> ProseField:
        for prose in self.prose:
            if prose.code == code:
                return prose
        raise KeyError(code)

    def equations_of(self, table_id: str) -> tuple[Equation, ...]:
        return tuple(eq for eq in self.equations if eq.table == table_id)


def _format_by_version(version: str) -> ReportFormat:
    from . import FORMATS

    return FORMATS[version]
