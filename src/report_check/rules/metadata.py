"""V09–V15: the 基本信息 fields, typed by their declared kind and checked in one pandera schema."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import NamedTuple

from ..findings import Text
from ..format import Kind, MetaField
from ..model import Cell
from ..values import Parsed, Problem, as_written, credit_check_character, parse_meta
from .base import Column, RuleCheck, RuleSchema, Subject, failures, rule_check

# The rule that reports an invalid value of each kind.
_INVALID_RULE = {
    Kind.YEAR: "V11",
    Kind.CHOICE: "V12",
    Kind.CREDIT_CODE: "V13",
    Kind.REGION_CODE: "V14",
    Kind.DATE: "V15",
}

_REQUIRED_HINTS = {
    "org_name": Text("请填写机关全称。", "Write the organ's full name."),
    "year": Text("请填写四位年份，如 2022。", "Write the year, e.g. 2022."),
    "level": Text("请从下拉列表中选择机关层级。", "Choose the level from the list."),
    "org_kind": Text("请从下拉列表中选择机关类别。", "Choose the kind of organ from the list."),
}


class _Row(NamedTuple):  # ten a report: a frozen dataclass costs five times as much to make
    subject: Subject
    field: MetaField
    cell: Cell
    parsed: Parsed


@cache
def _schema() -> RuleSchema:
    def invalid_kind(kind: Kind) -> RuleCheck:
        return rule_check(
            lambda df: (df["kind"] != kind.value) | (df["problem"] != Problem.INVALID.value),
            name=_INVALID_RULE[kind],
        )

    return RuleSchema(
        name="metadata",
        columns={
            "problem": Column(
                None, nullable=True, checks=[rule_check(lambda s: s != Problem.EXCEL_ERROR.value, name="V09")]
            )
        },
        checks=[
            rule_check(lambda df: ~df["required"] | (df["problem"] != Problem.BLANK.value), name="V10"),
            *(invalid_kind(kind) for kind in _INVALID_RULE),
        ],
    )


def check(subjects: list[Subject], today: dt.date) -> None:
    import numpy as np

    rows: list[_Row] = []
    for subject in subjects:
        for field in subject.format.metadata:
            cell = subject.report.metadata.get(field.code)
            if cell is not None:  # a missing code is C01's
                rows.append(_Row(subject, field, cell, _parsed(field, cell.raw, today)))
    frame = {
        "kind": [row.field.kind.value for row in rows],
        "required": np.array([row.field.required for row in rows], dtype=bool),
        "problem": np.array([row.parsed.problem.value if row.parsed.problem else None for row in rows], dtype=object),
    }
    for rule, indexes in failures(_schema(), frame).items():
        for index in indexes:
            _report(rule, rows[index], today)
    for row in rows:
        if row.parsed.problem is None:
            setattr(row.subject.metadata, row.field.code, row.parsed.value)


def _parsed(field: MetaField, raw: object, today: dt.date) -> Parsed:
    """parse_meta, once per field and value: a batch's reports mostly share their year, level, kind, region."""
    key = (id(field), type(raw), raw, today)  # each entry keeps its field alive: an id is never another's
    try:
        kept = _PARSED.get(key)
    except TypeError:  # a value that cannot be a key
        return parse_meta(field, raw, today)  # type: ignore[arg-type]
    if kept is None:
        if len(_PARSED) >= 4096:
            _PARSED.clear()
        kept = _PARSED[key] = (field, parse_meta(field, raw, today))  # type: ignore[arg-type]
    return kept[1]


# A dict of its own rather than rules.base.IdentityCache: keyed by values too, and looked up for each field of
# each report, where that one's general key costs five times as much.
_PARSED: dict[tuple[int, type, object, dt.date], tuple[MetaField, Parsed]] = {}


def _report(rule: str, row: _Row, today: dt.date) -> None:
    raw = row.cell.raw
    shown = as_written(raw)
    text = "" if shown is None else str(shown)
    if isinstance(shown, float) and abs(shown) >= 1e15:
        text = format(shown, ".15G")  # as Excel shows a number it holds to 15 digits: 9.13302031234568E+17
    params: dict[str, str | Text] = {}
    expected: object = None
    if rule == "V09":
        params["detail"] = Text(f"单元格是 Excel 错误值 {raw}", f"the cell holds the Excel error {raw}")
    elif rule == "V10":
        params["hint"] = _REQUIRED_HINTS.get(row.field.code, Text("", ""))
    elif rule == "V11":
        expected = today.year
        if text[:4].isdigit() and int(text[:4]) < 2021:
            params["hint"] = Text(
                "2021 年以前的报告使用 2019 年试行格式，不适用本模板。",
                "Reports before 2021 used the earlier format, not this template.",
            )
    elif rule == "V12":
        expected = "、".join(choice.label for choice in row.field.choices)
        params["expected"] = Text(expected, ", ".join(f"{c.label} ({c.code})" for c in row.field.choices))
    elif rule == "V13":
        params["detail"] = _credit_problem(text.upper())
        expected = "GB 32100-2015"
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            params["detail"] = _STORED_AS_NUMBER
    row.subject.add(
        rule,
        scope="meta",
        sheet=row.cell.sheet,
        cell=row.cell.ref,
        row_code=row.field.code,
        expected=expected,
        actual=shown if isinstance(shown, int) else text,
        params=params,
    )


# A code typed into a number cell: Excel keeps 15 significant digits, so an 18-character credit code is lost.
_STORED_AS_NUMBER = Text(
    "Excel 把代码存成了数字（18 位的代码只保留前 15 位有效数字，后几位已经丢失）。请把单元格设为文本后重新输入",
    "Excel stored the code as a number (it keeps 15 significant digits: the last ones are lost). Format the cell "
    "as text and type the code again",
)


def _credit_problem(code: str) -> Text:
    if len(code) != 18:
        return Text(f"应为 18 位，现为 {len(code)} 位", f"it has {len(code)} characters instead of 18")
    check = credit_check_character(code[:17])
    if check is None:
        return Text(
            "含有不允许的字符（只用数字和 I、O、Z、S、V 以外的大写字母）",
            "it holds characters that are not allowed (digits and capitals except I, O, Z, S, V)",
        )
    return Text(
        f"最后一位校验码应为 {check}，现为 {code[17]}", f"the check character should be {check}, not {code[17]}"
    )
