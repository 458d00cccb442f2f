"""Findings are data; their messages are rendered from the rule's template in the user's language."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .cellref import block_refs
from .format import ReportFormat
from .rules.registry import RULES, Severity


@dataclass(frozen=True)
class Text:
    """A message fragment in both languages."""

    zh: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


Param = str | Text


@dataclass(frozen=True)
class CellInfo:
    """One cell taking part in an equation."""

    sheet: str | None
    cell: str | None
    row_code: str
    column_code: str
    value: int | float | None
    file: str | None = None  # set for a cell of another workbook (last year's report)

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"file": self.file} if self.file else {}
        return data | {
            "sheet": self.sheet,
            "cell": self.cell,
            "row_code": self.row_code,
            "column_code": self.column_code,
            "value": self.value,
        }


@dataclass
class Finding:
    rule: str
    severity: Severity
    # "t2", "t3", "t4", "meta", "prose" or None (the workbook as a whole): for grouping.
    scope: str | None = None
    sheet: str | None = None
    cell: str | None = None
    row_code: str | None = None
    column_code: str | None = None
    expected: object = None
    actual: object = None
    cells: list[CellInfo] | None = None
    params: dict[str, Param] = field(default_factory=dict)

    @property
    def where(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or ""

    def message(self, fmt: ReportFormat, lang: str = "zh") -> str:
        """The finding in a sentence: where, what, what is wrong and what to write instead."""
        _, _, template = RULES[self.rule].text(lang)
        params = {key: value(lang) if isinstance(value, Text) else value for key, value in self.params.items()}
        params.setdefault("actual", _show(self.actual))
        params.setdefault("expected", _show(self.expected))
        params.setdefault("code", self.row_code or self.column_code or "")
        body = template.format_map(_Defaults(params))
        subject = self.subject(fmt, lang)
        head = self.where
        if subject:
            head = f"{head}（{subject}）" if lang == "zh" else f"{head} ({subject})"
        if not head:
            return body
        return f"{head}：{body}" if lang == "zh" else f"{head}: {body}"

    def subject(self, fmt: ReportFormat, lang: str) -> str:
        """What the cell is, in words: row and column labels, or the field's label."""
        return describe(fmt, self.scope, self.row_code, self.column_code, lang)

    def as_dict(self, fmt: ReportFormat, lang: str = "zh") -> dict[str, object]:
        data: dict[str, object] = {
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message(fmt, lang),
            "sheet": self.sheet,
            "cell": self.cell,
            "row_code": self.row_code,
            "column_code": self.column_code,
            "expected": _jsonable(self.expected),
            "actual": _jsonable(self.actual),
        }
        if self.cells is not None:
            data["cells"] = [cell.as_dict() for cell in self.cells]
        return data


class _Defaults(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def describe(fmt: ReportFormat, scope: str | None, row_code: str | None, column_code: str | None, lang: str) -> str:
    """A code in words: ``3.3.2 （二）部分公开… · 自然人``, or a field's label."""
    en = lang == "en"
    try:
        if scope == "meta" and row_code:
            meta = fmt.meta(row_code)
            return meta.label_en if en else meta.label
        if scope == "prose" and row_code:
            prose = fmt.prose_field(row_code)
            return prose.label_en if en else prose.label
        if scope is None or scope in ("meta", "prose"):
            return ""
        table = fmt.table(scope)
    except KeyError:
        return ""
    parts = []
    if row_code and row_code in table.row_codes:
        row = table.row(row_code)
        parts.append(f"{row.code} {row.label_en if en else row.label}")
    if column_code and column_code in table.column_codes:
        column = table.column(column_code)
        parts.append(column.label_en if en else column.label)
    return " · ".join(parts)


SHOWN_CHARACTERS = 40  # of a cell's text in a message (the JSON's "actual" keeps it whole)


def _show(value: object) -> str:
    from .values import format_number

    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return format_number(value)
    text = str(value)
    return text if len(text) <= SHOWN_CHARACTERS else text[:SHOWN_CHARACTERS] + "…"


def _jsonable(value: object) -> object:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    return str(value)


# Blank cells are one cause however many there are (a cleared table): shown as one line per table and
# severity in the text output and the annotated copy's results sheet; JSON keeps every cell.
GROUPED_RULES = frozenset({"V01"})
GROUP_FROM = 4


def collapse(findings: list[Finding]) -> list[list[Finding]]:
    """The findings in order, those of a grouped rule (``GROUPED_RULES``) of one sheet and severity together
    when there are at least ``GROUP_FROM`` of them; each item is a list of one finding or of its group."""
    counts: dict[tuple[str, str | None, str], int] = {}
    for finding in findings:
        if finding.rule in GROUPED_RULES:
            key = (finding.rule, finding.sheet, str(finding.severity))
            counts[key] = counts.get(key, 0) + 1
    out: list[list[Finding]] = []
    groups: dict[tuple[str, str | None, str], list[Finding]] = {}
    for finding in findings:
        key = (finding.rule, finding.sheet, str(finding.severity))
        if finding.rule in GROUPED_RULES and counts[key] >= GROUP_FROM:
            if key not in groups:
                groups[key] = []
                out.append(groups[key])
            groups[key].append(finding)
        else:
            out.append([finding])
    return out


def group_message(fmt: ReportFormat, group: list[Finding], lang: str = "zh") -> str:
    """One sentence for a group of blank cells: where, how many, which, and what to write."""
    first = group[0]
    if len(group) == 1:
        return first.message(fmt, lang)
    refs = block_refs([f.cell or "" for f in group], lang)
    hint = first.params.get("hint", "")
    hint_text = hint(lang) if isinstance(hint, Text) else str(hint)
    if lang == "zh":
        return f"{first.sheet}：{len(group)} 个单元格为空（{refs}）。{hint_text}"
    return f"{first.sheet}: {len(group)} cells are blank ({refs}). {hint_text}"
