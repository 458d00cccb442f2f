"""X20, X21: what the text says against the tables and the report's year (FORMAT.md 5.5).

The counts a text states are found clause by clause: a clause that names one of the figures below and holds
exactly one whole number of 件 (not 余件 or 多件, which are not exact) states that figure.  Its number is
compared with the table's, as one pandera check over every statement of every report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..findings import CellInfo, Text
from ..values import format_number
from .base import RuleSchema, Subject, failures, rule_check

Key = tuple[str, str, str]


@dataclass(frozen=True)
class Figure:
    """A figure texts state: the words that name it, the cells whose sum it is (or, as texts also say, the
    other sum), and what it is in words."""

    words: re.Pattern[str]
    cells: tuple[Key, ...]
    name: Text
    alternative: tuple[Key, ...] = ()
    needs: str = ""  # a word the clause (or its sentence, for table 三) must hold too


_APPLICATIONS = "申请"
FIGURES = (  # the first that a clause names is the one it states
    Figure(re.compile(r"上年(?:结转|转结)"), (("t3", "3.2", "total"),), Text("表三“上年结转”总计", "3.2 total")),
    Figure(
        re.compile(r"(?:结转|转结|转入?)下一?年度?"),
        (("t3", "3.4", "total"),),
        Text("表三“结转下年度”总计", "3.4 total"),
    ),
    Figure(re.compile(r"行政复议"), (("t4", "4.1", "total"),), Text("表四行政复议总计", "4.1 total")),
    Figure(
        re.compile(r"行政诉讼"),
        (("t4", "4.2", "total"), ("t4", "4.3", "total")),
        Text("表四行政诉讼两项总计之和", "4.2 + 4.3 totals"),
    ),
    Figure(
        re.compile(r"办结|答复"),
        (("t3", "3.3.7", "total"),),
        Text("表三“总计”行总计", "3.3.7 total"),
        needs=_APPLICATIONS,
    ),
    Figure(
        re.compile(r"收到|新收|受理"),
        (("t3", "3.1", "total"),),
        Text("表三“本年新收”总计", "3.1 total"),
        alternative=(("t3", "3.1", "total"), ("t3", "3.2", "total")),
        needs=_APPLICATIONS,
    ),
    Figure(
        re.compile(r"现行有效"),
        (("t2", "2.1.2", "in_force"),),
        Text("表二行政规范性文件现行有效件数", "2.1.2 in force"),
        needs="规范性文件",
    ),
    Figure(
        re.compile(r"制发|印发|出台"),
        (("t2", "2.1.2", "issued"),),
        Text("表二行政规范性文件本年制发件数", "2.1.2 issued"),
        needs="规范性文件",
    ),
)
_SENTENCE = re.compile(r"[^。！？!?\n]+")
_CLAUSE = re.compile(r"[^，,；;、：:（）()]+")
_COUNT = re.compile(r"(\d+)\s*(余|多)?\s*件")
# A sentence opening with a year (2021年，……), or a statistical period (2021年1月1日 … 2021年12月31日).
_OPENING_YEAR = re.compile(r"^\s*(?:（[一二三四五六七八九十]+）)?\s*(20\d\d)\s*年(?!\d)")
_PERIOD_YEAR = re.compile(r"(20\d\d)\s*年\s*(?:1\s*月\s*1\s*日|12\s*月\s*31\s*日)")
PROSE_FIELDS = ("preamble", "s1", "s5", "s6")
QUOTE = 40  # characters of a sentence quoted in a message


@dataclass(frozen=True)
class _Statement:
    subject: Subject
    field: str
    quote: str
    stated: int
    figure: Figure


def statements(text: str) -> list[tuple[str, int, Figure]]:
    """Every (clause, number, figure) a text states."""
    found = []
    for sentence in _SENTENCE.findall(text):
        for clause in _CLAUSE.findall(sentence):
            counts = _COUNT.findall(clause)
            if len(counts) != 1 or counts[0][1]:
                continue
            figure = next((f for f in FIGURES if f.words.search(clause)), None)
            if figure is None or (figure.needs and figure.needs not in sentence):
                continue
            found.append((clause.strip(), int(counts[0][0]), figure))
    return found


@cache
def _schema() -> RuleSchema:
    return RuleSchema(
        name="prose",
        checks=[
            rule_check(
                lambda df: (
                    (df["stated"] == df["table"]) | (df["stated"] == df["alternative"]) | (df["table"] != df["table"])
                ),
                name="X20",
            )
        ],
    )


def _sum(subject: Subject, keys: tuple[Key, ...]) -> float:
    values = [subject.numbers.get(key) for key in keys]
    if not keys or any(value is None for value in values):
        return float("nan")  # a figure not read is its own finding
    return float(sum(value for value in values if value is not None))


def check(subjects: list[Subject]) -> None:
    found = [
        _Statement(subject, code, clause, number, figure)
        for subject in subjects
        for code in PROSE_FIELDS
        for clause, number, figure in statements(subject.prose.get(code, ""))
    ]
    frame = {
        "stated": [float(s.stated) for s in found],
        "table": [_sum(s.subject, s.figure.cells) for s in found],
        "alternative": [_sum(s.subject, s.figure.alternative) for s in found],
    }
    for index in failures(_schema(), frame).get("X20", ()):
        _report(found[index], frame["table"][index])
    for subject in subjects:
        _check_years(subject)


def _report(statement: _Statement, value: float) -> None:
    subject, figure = statement.subject, statement.figure
    cell = subject.report.prose.get(statement.field)
    cells = []
    for table, row, column in figure.cells:
        site = subject.report.cells.get((table, row, column))
        cells.append(
            CellInfo(
                site.sheet if site else None,
                site.ref if site else None,
                row,
                column,
                subject.numbers.get((table, row, column)),
            )
        )
    shown = "、".join(f"{c.sheet}!{c.cell}" for c in cells if c.sheet and c.cell)
    subject.add(
        "X20",
        scope="prose",
        sheet=cell.sheet if cell else None,
        cell=cell.ref if cell else None,
        row_code=statement.field,
        expected=int(value) if value.is_integer() else value,
        actual=statement.quote[:QUOTE],
        cells=cells,
        params={"detail": figure.name, "expected": format_number(value), "cells": shown},
    )


def _check_years(subject: Subject) -> None:
    year = subject.metadata.year
    if year is None:
        return
    for code in PROSE_FIELDS:
        text = subject.prose.get(code, "")
        for sentence in _SENTENCE.findall(text):
            opening = _OPENING_YEAR.match(sentence)
            years = [int(y) for y in _PERIOD_YEAR.findall(sentence)]
            odd = [y for y in years if y != year]
            if opening and int(opening.group(1)) not in (year, year + 1):
                odd.insert(0, int(opening.group(1)))
            if not odd:
                continue
            cell = subject.report.prose.get(code)
            subject.add(
                "X21",
                scope="prose",
                sheet=cell.sheet if cell else None,
                cell=cell.ref if cell else None,
                row_code=code,
                expected=year,
                actual=sentence.strip()[:QUOTE],
                params={"detail": str(odd[0])},
            )
            break  # once a section: the first such sentence shows what happened
