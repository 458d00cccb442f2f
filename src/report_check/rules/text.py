"""V16: text that carries control characters (pasted from other systems), which no Office file can hold."""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from ..model import Cell
from ..xmltext import has_control_characters, xml_safe
from .base import Column, RuleSchema, Subject, failures, rule_check


class _Field(NamedTuple):
    subject: Subject
    scope: str
    code: str
    cell: Cell
    text: str


@cache
def _schema() -> RuleSchema:
    return RuleSchema(name="text", columns={"control": Column(bool, checks=[rule_check(lambda s: ~s, name="V16")])})


def check(subjects: list[Subject]) -> None:
    fields = [
        _Field(subject, scope, code, cell, cell.raw)
        for subject in subjects
        for scope, cells in (("meta", subject.report.metadata), ("prose", subject.report.prose))
        for code, cell in cells.items()
        if isinstance(cell.raw, str)
    ]
    frame = {"control": [has_control_characters(f.text) for f in fields]}
    for index in failures(_schema(), frame).get("V16", ()):
        field = fields[index]
        removed = len(field.text) - len(xml_safe(field.text))
        field.subject.add(
            "V16",
            scope=field.scope,
            sheet=field.cell.sheet,
            cell=field.cell.ref,
            row_code=field.code,
            actual=repr(field.text[:60]),
            params={"detail": str(removed)},
        )
