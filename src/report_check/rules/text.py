"""V16: text that carries control characters (pasted from other systems), which no Office file can hold."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from ..model import Cell
from ..xmltext import has_control_characters, xml_safe
from .base import Subject, failures, rule_check

if TYPE_CHECKING:
    import pandera.pandas as pa


class _Field(NamedTuple):
    subject: Subject
    scope: str
    code: str
    cell: Cell
    text: str


@cache
def _schema() -> pa.DataFrameSchema:
    import pandera.pandas as pa

    return pa.DataFrameSchema(
        name="text", columns={"control": pa.Column(bool, checks=[rule_check(lambda s: ~s, name="V16")])}
    )


def check(subjects: list[Subject]) -> None:
    import pandas as pd

    fields = [
        _Field(subject, scope, code, cell, cell.raw)
        for subject in subjects
        for scope, cells in (("meta", subject.report.metadata), ("prose", subject.report.prose))
        for code, cell in cells.items()
        if isinstance(cell.raw, str)
    ]
    frame = pd.DataFrame({"control": pd.Series([has_control_characters(f.text) for f in fields], dtype=bool)})
    for index in failures(_schema(), frame).get("V16", ()):
        assert isinstance(index, int)
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
