"""X01–X11: what only shows across submissions — roster, duplicates, year, and last year's reports."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

from ..check import Result, sort_findings
from ..findings import CellInfo, Finding, Text
from ..format import CURRENT
from ..rules.base import RuleSchema, failures, rule_check
from ..rules.registry import RULES
from .units import Unit, code_key, name_key

CARRIED_OVER, CARRIED_FORWARD = "3.2", "3.4"  # 二、上年结转 and 四、结转下年度继续办理
DOCUMENT_ROWS = ("2.1.1", "2.1.2")
# The rows whose cells these rules name: a batch keeps only these of each checked report.
KEPT_ROWS = {("t3", CARRIED_OVER), ("t3", CARRIED_FORWARD), *(("t2", row) for row in DOCUMENT_ROWS)}


@dataclass
class Missing:
    """A roster unit that sent nothing for the batch's year, with the years of the reports it did send."""

    unit: Unit
    other_years: tuple[int, ...] = ()

    @property
    def name(self) -> str:
        return self.unit.name

    @property
    def credit_code(self) -> str | None:
        return self.unit.credit_code

    def note(self, lang: str) -> str:
        """Why a unit that sent something is missing all the same ("" for one that sent nothing)."""
        if not self.other_years:
            return ""
        years = ("、" if lang != "en" else ", ").join(str(year) for year in self.other_years)
        return f"sent only its report for {years}" if lang == "en" else f"只报送了 {years} 年度的报告"


@dataclass
class RosterStatus:
    """How the submissions meet the roster."""

    units: list[Unit]
    missing: list[Missing] = field(default_factory=list)
    matched: dict[int, list[int]] = field(default_factory=dict)  # roster index -> submission indexes


def identity(result: Result) -> tuple[str | None, str | None]:
    """(name key, credit code) of a checked submission."""
    if result.values is None:
        return None, None
    meta = result.values.metadata
    return name_key(meta.org_name), code_key(meta.credit_code)


def _add(result: Result, rule: str, **fields: object) -> None:
    result.findings.append(Finding(rule, RULES[rule].severity, **fields))  # type: ignore[arg-type]


def _meta_place(result: Result, code: str) -> dict[str, object]:
    return result.report.place("meta", code) if result.report else {"scope": "meta", "row_code": code}


def same_unit_names(a: str | None, b: str | None) -> bool:
    """Two names of one unit: equal once normalised, or one the short form of the other (海曙区公安分局 /
    宁波市公安局海曙分局 are not; 海曙区政府办公室 / 宁波市海曙区政府办公室 are)."""
    if not a or not b:
        return True
    return a == b or a in b or b in a


def check_duplicates(results: list[Result], modified: Callable[[int], float]) -> dict[int, int]:
    """X02: one unit, several workbooks; X04: one credit code, units of different names.

    A unit is its credit code (with names that are one unit's, see :func:`same_unit_names`), else its name.
    Of one unit's workbooks the last saved (``modified(index)``) counts; the others are superseded.
    Returns {superseded index: index of the one that counts}."""
    by_code: dict[str, list[int]] = {}
    by_name: dict[str, list[int]] = {}
    for index, result in enumerate(results):
        name, code = identity(result)
        if code:
            by_code.setdefault(code, []).append(index)
        elif name:
            by_name.setdefault(name, []).append(index)
    units: list[list[int]] = list(by_name.values())
    for code, indexes in by_code.items():
        groups: list[list[int]] = []
        for index in indexes:
            name = identity(results[index])[0]
            group = next((g for g in groups if same_unit_names(identity(results[g[0]])[0], name)), None)
            if group is None:
                groups.append([index])
            else:
                group.append(index)
        if len(groups) > 1:
            for group in groups:
                others = [i for g in groups if g is not group for i in g]
                names = "、".join(dict.fromkeys(str(_org(results[i])) for i in others))
                theirs = "、".join(results[i].file for i in others)
                for index in group:
                    _add(
                        results[index],
                        "X04",
                        actual=code,
                        params={"detail": names, "cells": theirs},
                        **_meta_place(results[index], "credit_code"),
                    )
        units += groups
    superseded: dict[int, int] = {}
    for indexes in units:
        if len(indexes) < 2:
            continue
        chosen = max(indexes, key=lambda i: (modified(i), results[i].file))
        files = [results[i].file for i in indexes]
        for i in indexes:
            _add(
                results[i],
                "X02",
                actual=_org(results[i]),
                expected=results[chosen].file,
                params={"detail": str(len(indexes)), "cells": Text("、".join(files), ", ".join(files))},
                **_meta_place(results[i], "org_name"),
            )
            if i != chosen:
                superseded[i] = chosen
    return superseded


def _org(result: Result) -> str | None:
    return result.values.metadata.org_name if result.values else None


def check_years(results: list[Result]) -> int | None:
    """X03: a year other than the one most submissions report.  Returns that year."""
    years = Counter(r.values.metadata.year for r in results if r.values and r.values.metadata.year)
    if not years:
        return None
    common, _ = years.most_common(1)[0]
    for result in results:
        year = result.values.metadata.year if result.values else None
        if year is not None and year != common:
            _add(result, "X03", expected=common, actual=year, **_meta_place(result, "year"))
    return common


def check_roster(results: list[Result], units: list[Unit], year: int | None = None) -> RosterStatus:
    """X01 for submissions of no listed unit, X05 for one matched by a name written otherwise; the listed units
    that sent nothing for ``year`` (a unit that sent only another year's report has not submitted).

    A submission is its roster unit by credit code, else by name (normalised), else by a name of which one is
    the short form of the other, when only one unit of the roster fits (海曙区公安分局 on the roster,
    宁波市海曙区公安分局 in the workbook).  A credit code that belongs on the roster to a unit of another name
    gives way to an exact name: a form copied with another unit's code is still its own unit's."""
    status = RosterStatus(units)
    keys = [name_key(unit.name) for unit in units]
    other_years: dict[int, set[int]] = {}  # roster index -> the years of the reports of another year it sent
    for index, result in enumerate(results):
        if result.values is None:
            continue
        meta = result.values.metadata
        name, code = identity(result)
        by_name = [u for u, key in enumerate(keys) if name and key == name]
        hits = [u for u, unit in enumerate(units) if unit.credit_code and code and unit.credit_code == code]
        if hits and by_name and not same_unit_names(keys[hits[0]], name):
            hits = by_name
        if not hits and name:  # a code on the roster may be missing or wrong: the name
            hits = by_name
        short = False
        if not hits and name:
            hits = [
                u
                for u, key in enumerate(keys)
                if key and min(len(key), len(name)) >= 4 and (key in name or name in key)
            ]
            short = len(hits) == 1
            hits = hits if short else []
        for unit_index in hits[:1]:
            if year is None or meta.year in (None, year):
                status.matched.setdefault(unit_index, []).append(index)
            elif meta.year is not None:
                other_years.setdefault(unit_index, set()).add(meta.year)
            named = units[unit_index].name != units[unit_index].credit_code  # a roster of codes names no one
            if short or (named and not same_unit_names(keys[unit_index], name)):
                _add(
                    result,
                    "X05",
                    actual=meta.org_name,
                    expected=units[unit_index].name,
                    **_meta_place(result, "org_name"),
                )
        if not hits:
            _add(result, "X01", actual=meta.org_name, **_meta_place(result, "org_name"))
    status.missing = [
        Missing(unit, tuple(sorted(other_years.get(u, ())))) for u, unit in enumerate(units) if u not in status.matched
    ]
    return status


@cache
def _schemas() -> tuple[RuleSchema, RuleSchema]:
    def missing(values: Any) -> Any:
        return np.isnan(np.asarray(values, dtype=float))

    carried = RuleSchema(
        name="carried over",
        checks=[
            rule_check(
                lambda d: (d["this"] == d["last"]) | missing(d["this"]) | missing(d["last"]),
                name="X10",
            )
        ],
    )
    in_force = RuleSchema(
        name="in force",
        checks=[
            rule_check(
                lambda d: (
                    (d["in_force"] == d["last_in_force"] + d["issued"] - d["repealed"])
                    | missing(d["in_force"])
                    | missing(d["last_in_force"])
                    | missing(d["issued"])
                    | missing(d["repealed"])
                ),
                name="X11",
            )
        ],
    )
    return carried, in_force


_Candidates = dict[str, list[tuple[int | None, int]]]  # credit code or name -> (year, index) of each report


def _index(previous: list[Result]) -> tuple[_Candidates, _Candidates]:
    by_code: _Candidates = {}
    by_name: _Candidates = {}
    for index, result in enumerate(previous):
        name, code = identity(result)
        year = result.values.metadata.year if result.values else None
        if code:
            by_code.setdefault(code, []).append((year, index))
        if name:
            by_name.setdefault(name, []).append((year, index))
    return by_code, by_name


def _last_year(candidates: list[tuple[int | None, int]], year: int | None) -> int | None:
    """The unit's report of the year before ``year``, else one whose year (or ``year``) is unknown: never
    another year's, such as this year's own when this year's folder is given as last year's."""
    before = [index for last, index in candidates if year is not None and last == year - 1]
    unknown = [index for last, index in candidates if year is None or last is None]
    found = before or unknown
    return found[0] if found else None


def _cell(result: Result, key: tuple[str, str, str], *, other_file: bool) -> CellInfo:
    cell = result.report.cells.get(key) if result.report else None
    value = result.values.numbers.get(key) if result.values else None
    return CellInfo(
        cell.sheet if cell else None,
        cell.ref if cell else None,
        key[1],
        key[2],
        value,
        result.file if other_file else None,
    )


def check_previous(results: list[Result], previous: list[Result]) -> list[tuple[int, int]]:
    """X10 and X11 against last year's report of the same unit.  Returns the (this, last) pairs matched."""
    by_code, by_name = _index(previous)
    pairs: list[tuple[int, int]] = []
    for index, result in enumerate(results):
        if result.values is None:
            continue
        name, code = identity(result)
        year = result.values.metadata.year
        match = _last_year(by_code.get(code, []), year) if code else None
        if match is None and name:
            match = _last_year(by_name.get(name, []), year)
        if match is not None:
            pairs.append((index, match))
    carried_schema, in_force_schema = _schemas()
    t3 = CURRENT.table("t3")

    carried_keys = [(i, j, column) for i, j in pairs for column in t3.column_codes]
    carried = {
        "this": [_number(results[i], ("t3", CARRIED_OVER, c)) for i, _, c in carried_keys],
        "last": [_number(previous[j], ("t3", CARRIED_FORWARD, c)) for _, j, c in carried_keys],
    }
    for position in failures(carried_schema, carried).get("X10", ()):
        i, j, column = carried_keys[position]
        this = _cell(results[i], ("t3", CARRIED_OVER, column), other_file=False)
        last = _cell(previous[j], ("t3", CARRIED_FORWARD, column), other_file=True)
        label = t3.column(column)
        _add(
            results[i],
            "X10",
            scope="t3",
            sheet=this.sheet,
            cell=this.cell,
            row_code=CARRIED_OVER,
            column_code=column,
            expected=last.value,
            actual=this.value,
            cells=[this, last],
            params={"detail": Text(label.label, label.label_en), "cells": f"{last.file} {last.sheet}!{last.cell}"},
        )

    document_keys = [(i, j, row) for i, j in pairs for row in DOCUMENT_ROWS]
    in_force = {
        "in_force": [_number(results[i], ("t2", row, "in_force")) for i, _, row in document_keys],
        "issued": [_number(results[i], ("t2", row, "issued")) for i, _, row in document_keys],
        "repealed": [_number(results[i], ("t2", row, "repealed")) for i, _, row in document_keys],
        "last_in_force": [_number(previous[j], ("t2", row, "in_force")) for _, j, row in document_keys],
    }
    for position in failures(in_force_schema, in_force).get("X11", ()):
        i, j, row = document_keys[position]
        mine = [
            _cell(results[i], ("t2", row, column), other_file=False) for column in ("in_force", "issued", "repealed")
        ]
        theirs = _cell(previous[j], ("t2", row, "in_force"), other_file=True)
        expected = in_force["last_in_force"][position] + in_force["issued"][position] - in_force["repealed"][position]
        _add(
            results[i],
            "X11",
            scope="t2",
            sheet=mine[0].sheet,
            cell=mine[0].cell,
            row_code=row,
            column_code="in_force",
            expected=int(expected),
            actual=mine[0].value,
            cells=[*mine, theirs],
            params={"detail": str(theirs.value), "cells": f"{theirs.file} {theirs.sheet}!{theirs.cell}"},
        )
    return pairs


def _number(result: Result, key: tuple[str, str, str]) -> float:
    value = result.values.numbers.get(key) if result.values else None
    return float("nan") if value is None else float(value)


def resort(results: list[Result]) -> None:
    for result in results:
        result.findings = sort_findings(result.findings, result.format)
