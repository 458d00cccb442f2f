"""V01–V09: what each table cell holds (FORMAT.md 5.1), as one pandera schema over all cells."""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import attrgetter
from typing import Any, NamedTuple, cast

from ..findings import CellInfo, Text
from ..format import Kind, ReportFormat
from ..model import Cell, ExcelError, KeptCells, Number, Raw, key_tuple, raw_values, value_types
from ..values import Parsed, Problem, as_written, decimal_places, format_number, means_nothing, parse_number
from .base import CheckOptions, Column, IdentityCache, RuleCheck, RuleSchema, Subject, failures, rule_check
from .registry import Severity

MAX_DECIMALS = 4  # 万元 to the yuan
LARGEST_AMOUNT = 1_000_000  # 万元; more was probably typed in yuan
LARGEST_COUNT = 1_000_000_000  # no organ handles a billion of anything in a year

_EXPECTED = {Kind.COUNT: "integer >= 0", Kind.AMOUNT: "number >= 0"}


class _Row(NamedTuple):
    subject: Subject
    table: str
    row_code: str
    column_code: str
    kind: Kind
    cell: Cell
    parsed: Parsed


# The frame's "problem" column: each cell's Problem as a small number (0: none), compared in C.
_PROBLEM_CODES = {problem: code for code, problem in enumerate(Problem, start=1)}


@cache
def _schema() -> RuleSchema:
    def is_not(problem: Problem, name: str) -> RuleCheck:
        code = _PROBLEM_CODES[problem]
        return rule_check(lambda s: s != code, name=name)

    return RuleSchema(
        name="cells",
        columns={
            "problem": Column(
                None,
                checks=[
                    is_not(Problem.BLANK, "V01"),
                    is_not(Problem.NOT_A_NUMBER, "V02"),
                    is_not(Problem.LENIENT, "V05"),
                    is_not(Problem.EXCEL_ERROR, "V09"),
                ],
            ),
            "value": Column(float, nullable=True, checks=[rule_check(lambda s: ~(s < 0), name="V03")]),
            "recomputed": Column(bool, checks=[rule_check(lambda s: ~s, name="V08")]),
            "text_number": Column(bool, checks=[rule_check(lambda s: ~s, name="V18")]),
            "formula_problem": Column(bool, checks=[rule_check(lambda s: ~s, name="V09")]),
        },
        checks=[
            rule_check(lambda df: df["amount"] | ~(df["value"] > 0) | (df["value"] % 1 == 0), name="V04"),
            rule_check(lambda df: ~df["amount"] | (df["decimals"] <= MAX_DECIMALS), name="V06"),
            rule_check(lambda df: ~df["amount"] | ~(df["value"] >= LARGEST_AMOUNT), name="V07"),
            rule_check(lambda df: df["amount"] | ~(df["value"] >= LARGEST_COUNT), name="V17"),
        ],
    )


# Most cells hold one of a few values (0, small counts): parse each distinct value once.
_parse = lru_cache(maxsize=8192, typed=True)(parse_number)


class _FloatValues(dict[float, "Number | None"]):
    """What each float parses as (None: not a number, an infinity), looked up in C (a typed lru_cache builds a
    key per call): for the cells of a report that holds floats alone (a bool, equal to 1.0 or 0.0 as a key,
    must never be looked up here)."""

    def __missing__(self, raw: float) -> Number | None:
        if len(self) >= 8192:
            self.clear()
        parsed = parse_number(raw)
        value = self[raw] = cast("Number", parsed.value) if parsed.problem is None else None
        return value


_FLOATS = _FloatValues()


def _amounts(fmt: ReportFormat, keys: tuple[tuple[str, str, str], ...]) -> tuple[Any, list[int]]:
    """Whether each cell is an amount (万元) rather than a count, as an array; and the positions of the
    amounts (kept for a kept layout's keys)."""
    import numpy as np

    kept = _AMOUNTS.get((keys, fmt))
    if kept is not None:
        return kept
    kinds = fmt.cell_kinds
    amount = [kinds[(table, column)] is Kind.AMOUNT for table, _, column in keys]
    positions = [index for index, is_amount in enumerate(amount) if is_amount]
    return _AMOUNTS.put((keys, fmt), (np.array(amount, dtype=bool), positions))


_AMOUNTS: IdentityCache[tuple[Any, list[int]]] = IdentityCache()


_FORMULA_PROBLEM, _RECOMPUTED = attrgetter("formula_problem"), attrgetter("recomputed")


_VALUE, _PROBLEM = attrgetter("value"), attrgetter("problem")


def _parsed(
    raws: list[Raw | ExcelError], formula_problems: list[str | None], types: frozenset[type]
) -> tuple[list[object], list[Problem | None]]:
    """Each cell's value and problem: a formula that could not be computed is V09's, not a blank cell; a
    report of numbers alone (the usual case) is parsed without a Parsed each."""
    if any(formula_problems):
        parsed = [Parsed(None) if problem else _parse(raw) for raw, problem in zip(raws, formula_problems, strict=True)]
    elif types == {float}:
        values: list[object] = list(map(_FLOATS.__getitem__, cast("list[float]", raws)))
        if math.isfinite(sum(cast("list[float]", raws))) or None not in values:  # no infinity or NaN (C loops)
            return values, [None] * len(values)
        return values, [None if value is not None else Problem.NOT_A_NUMBER for value in values]
    else:
        parsed = list(map(_parse, raws))
    return list(map(_VALUE, parsed)), list(map(_PROBLEM, parsed))


@dataclass
class _Cells:
    """One report's cells in the frame: from ``start``, in the order of ``keys``."""

    subject: Subject
    start: int
    keys: tuple[tuple[str, str, str], ...]
    problems: list[Problem | None]


def check(subjects: list[Subject], options: CheckOptions) -> None:
    import numpy as np

    # Columns rather than an object per cell: a batch has hundreds of thousands of cells.  Each report's
    # values are made by C loops (map) where its cells allow: a report of the template has the same 200 keys
    # as the last (their kinds are looked up once), and most hold plain numbers, parsed once per value.  The
    # columns that hold the same for nearly every cell (no problem, no formula) are made whole, and only the
    # reports that differ are written into them.
    reports: list[_Cells] = []
    values: list[object] = []
    amount: list[Any] = []
    marked: dict[str, list[tuple[int, list[Any]]]] = {name: [] for name in _MARKED}
    aligned: list[tuple[Subject, tuple[tuple[str, str, str], ...], int, int]] = []
    start = 0
    for subject in subjects:
        report_cells = subject.report.cells
        count = len(report_cells)
        raws = raw_values(report_cells)
        report_keys = key_tuple(report_cells)
        kept = isinstance(report_cells, KeptCells) and report_cells.plain
        if kept:  # as read by a kept layout: no formula computed
            these_problems: list[str | None] = []
        else:
            these = list(report_cells.values())
            these_problems = list(map(_FORMULA_PROBLEM, these))
            marked["recomputed"].append((start, list(map(_RECOMPUTED, these))))
            marked["formula_problem"].append((start, [problem is not None for problem in these_problems]))
        types = value_types(report_cells)
        these_values, these_kinds = _parsed(raws, these_problems, types)
        values.extend(these_values)
        reports.append(_Cells(subject, start, report_keys, these_kinds))
        is_amount, amounts = _amounts(subject.format, report_keys)
        amount.append(is_amount)
        if amounts:
            decimals = [0] * count
            for index in amounts:
                if isinstance(value := these_values[index], int | float):
                    decimals[index] = decimal_places(value)
            if any(decimals):
                marked["decimals"].append((start, decimals))
        if any(these_kinds):
            marked["problem"].append((start, [_PROBLEM_CODES[kind] if kind else 0 for kind in these_kinds]))
            subject.numbers = {  # the cell checks are the first to give a report its numbers
                key: cast("Number", value)  # int or float: the condition says so
                for key, value in zip(report_keys, these_values, strict=True)
                if type(value) in _NUMBERS
            }
        else:  # every cell a number (a dict made at once costs less than one filled)
            subject.numbers = dict(zip(report_keys, cast("list[Number]", these_values), strict=True))
            if kept and str not in types:  # the layout's keys, and no text number for the balance to fold in
                aligned.append((subject, report_keys, start, count))
        if str in types:
            # A number in a text cell (WPS/Excel 文本型数字), read without any other problem: SUM leaves it out.
            text_number = [isinstance(raw, str) and kind is None for raw, kind in zip(raws, these_kinds, strict=True)]
            marked["text_number"].append((start, text_number))
        start += count
    frame: dict[str, Any] = {
        "amount": np.concatenate(amount) if amount else np.zeros(0, dtype=bool),
        "value": np.array(values, dtype=float),
    }
    for name, dtype in _MARKED.items():
        column = frame[name] = np.zeros(start, dtype=dtype)
        for at, column_values in marked[name]:
            column[at : at + len(column_values)] = column_values
    for subject, keys, at, count in aligned:
        subject.aligned = (keys, frame["value"][at : at + count])
    starts = [report.start for report in reports]

    def row(index: int) -> _Row:
        report = reports[bisect_right(starts, index) - 1]
        key = report.keys[index - report.start]
        table, row_code, column_code = key
        kind = Kind.AMOUNT if frame["amount"][index] else Kind.COUNT
        cell = report.subject.report.cells[key]
        parsed = Parsed(values[index], report.problems[index - report.start])
        return _Row(report.subject, table, row_code, column_code, kind, cell, parsed)

    errors: set[int] = set()
    for rule, positions in failures(_schema(), frame).items():
        if rule == "V08":
            _report_recomputed([row(index) for index in positions])
            continue
        for index in positions:
            if _report(rule, row(index), options) is Severity.ERROR:
                errors.add(index)
    if options.blank_as_zero:
        for report in reports:
            for key, problem in zip(report.keys, report.problems, strict=True):
                if problem is Problem.BLANK:
                    report.subject.set_number(key, 0)
    for index in errors:  # a cell at fault takes no part in the equations
        report = reports[bisect_right(starts, index) - 1]
        report.subject.drop_number(report.keys[index - report.start])


# The columns made whole (what nearly every cell holds: zero, False) and written where a report differs.
_MARKED = {"problem": "int8", "recomputed": bool, "text_number": bool, "formula_problem": bool, "decimals": "int32"}
_NUMBERS = (int, float)


def _report(rule: str, row: _Row, options: CheckOptions) -> Severity:
    raw = row.cell.raw
    value = row.parsed.value
    shown = format_number(value) if isinstance(value, int | float) else ""
    params: dict[str, str | Text] = {}
    severity = None
    if rule == "V01" and row.cell.merged_into:
        top = row.cell.merged_into
        params["hint"] = Text(
            f"它与 {top} 合并成了一格，数字只保存在 {top} 中。请取消合并，在每个格子里分别填写。",
            f"it is merged into {top}, which alone holds the number. Unmerge the cells and fill in each one.",
        )
    elif rule == "V01":
        params["hint"] = Text("没有发生的请填 0。", "Write 0 where there were none.")
    if rule == "V01" and options.blank_as_zero:
        severity = Severity.WARNING
        params["hint"] = Text("已按 0 计算。", "It was counted as 0.")
    elif rule == "V02":
        params["hint"] = (
            Text("没有的请填 0。", "Write 0 where there were none.")
            if means_nothing(raw)
            else Text("请填写阿拉伯数字，如 12；没有的填 0。", "Write a number such as 12, or 0 for none.")
        )
    elif rule == "V05":
        params["value"] = shown
    elif rule == "V18":
        params["detail"] = ""  # balance.py says what it left out of which total, where it did
    elif rule == "V06":
        params["detail"] = str(decimal_places(value)) if isinstance(value, int | float) else ""
    elif rule == "V07" and isinstance(value, int | float):
        params["detail"] = format_number(round(value * 10_000, 2))
    elif rule == "V09":
        if row.cell.formula_problem:
            params["detail"] = Text(
                f"公式 {row.cell.formula} 无法计算（{row.cell.formula_problem}）",
                f"the formula {row.cell.formula} cannot be computed ({row.cell.formula_problem})",
            )
        else:
            params["detail"] = Text(f"单元格是 Excel 错误值 {raw}", f"the cell holds the Excel error {raw}")
    finding = row.subject.add(
        rule,
        severity,
        scope=row.table,
        sheet=row.cell.sheet,
        cell=row.cell.ref,
        row_code=row.row_code,
        column_code=row.column_code,
        expected=_EXPECTED.get(row.kind),
        actual=raw if isinstance(raw, str) else as_written(raw),
        params=params,
    )
    return finding.severity


def _report_recomputed(rows: list[_Row]) -> None:
    """V08 once per sheet: one cause (a program that does not calculate), however many formulas."""
    by_sheet: dict[tuple[int, str], list[_Row]] = {}
    for row in rows:
        by_sheet.setdefault((id(row.subject), row.cell.sheet), []).append(row)
    for group in by_sheet.values():
        first = group[0]
        values = [row.parsed.value if isinstance(row.parsed.value, int | float) else None for row in group]
        first.subject.add(
            "V08",
            scope=first.table,
            sheet=first.cell.sheet,
            cell=first.cell.ref,
            actual=len(group),
            cells=[
                CellInfo(row.cell.sheet, row.cell.ref, row.row_code, row.column_code, value)
                for row, value in zip(group, values, strict=True)
            ],
            params={
                "count": str(len(group)),
                "detail": Text(
                    "、".join(row.cell.ref for row in group[:6]) + ("……" if len(group) > 6 else ""),
                    ", ".join(row.cell.ref for row in group[:6]) + (" …" if len(group) > 6 else ""),
                ),
            },
        )
