"""W01–W07: plausibility warnings of FORMAT.md 5.3, as pandera checks over one row per report.

They read the typed values the earlier rules produced; a value that is missing
or invalid leaves its warning unchecked.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache

import numpy as np

from ..findings import Text
from ..format import ReportFormat
from ..format.labels import normalize
from .base import RuleSchema, Subject, failures, rule_check

DOCUMENT_ROWS = ("2.1.1", "2.1.2")  # 规章, 行政规范性文件
RULES_ROW = "2.1.1"  # 规章
LEVELS_WITHOUT_RULES = ("county", "township")
# What each check needs of the metadata: a published report need not state it, and the check is then not made.
NEEDS_METADATA = {"W02": ("level",), "W03": ("publish_date", "org_kind"), "W07": ("credit_code",)}
RECONSIDERATION, SUIT_AFTER_RECONSIDERATION = "4.1", "4.3"
FEE_WORDS = "信息处理费"
# A statement of the information fee, 0 included: 信息处理费, 信息收费情况：0, 未收取 (费用), 收取…处理费.
# 行政事业性收费 (table 二) is another thing and does not count.
_FEE_STATEMENT = re.compile(r"信息处理费|信息收费|处理费|(?:未|不|没有|无)收取|收取[^。；]{0,10}?(?:信息|处理)费|免收")
EMPTY_SECTION = {"", "无"}


def deadline(year: int, org_kind: str | None) -> dt.date:
    """第四十九条: 3月31日 of the next year for a people's government's report, 1月31日 otherwise."""
    if org_kind == "government":
        return dt.date(year + 1, 3, 31)
    return dt.date(year + 1, 1, 31)


@cache
def _schemas() -> tuple[RuleSchema, RuleSchema]:

    documents = RuleSchema(
        name="documents",
        checks=[rule_check(lambda df: ~(df["in_force"] < df["issued"]), name="W01")],
    )
    reports = RuleSchema(
        name="plausibility",
        checks=[
            rule_check(lambda df: ~(df["low_level"] & (df["rules"] > 0)), name="W02"),
            rule_check(lambda df: ~(df["publish_date"] > df["deadline"]), name="W03"),
            rule_check(lambda df: ~df["s5_empty"], name="W04"),
            rule_check(lambda df: ~df["s6_no_fee"], name="W05"),
            rule_check(lambda df: ~(df["suits_after"] > df["reconsiderations"]), name="W06"),
            rule_check(lambda df: ~df["credit_not_11"], name="W07"),
            rule_check(lambda df: ~df["s1_empty"], name="V19"),
            rule_check(lambda df: ~df["all_zero"], name="W08"),
        ],
    )
    return documents, reports


def _number(subject: Subject, table: str, row: str, column: str) -> float:
    value = subject.numbers.get((table, row, column))
    return float("nan") if value is None else float(value)


def check(subjects: list[Subject]) -> None:
    documents_schema, reports_schema = _schemas()
    pairs = [(i, row) for i in range(len(subjects)) for row in DOCUMENT_ROWS]
    documents = {
        "issued": [_number(subjects[i], "t2", row, "issued") for i, row in pairs],
        "in_force": [_number(subjects[i], "t2", row, "in_force") for i, row in pairs],
    }
    for index in failures(documents_schema, documents).get("W01", ()):
        i, row = pairs[index]
        _report_documents(subjects[i], row)

    facts = [_facts(subject) for subject in subjects]
    frame = {name: [row[name] for row in facts] for name in facts[0]} if facts else {}
    for rule, indexes in failures(reports_schema, frame).items():
        for index in indexes:
            _report(rule, subjects[index])


def _facts(subject: Subject) -> dict[str, object]:
    meta = subject.metadata
    s5 = subject.prose.get("s5")
    s6 = subject.prose.get("s6")
    rule_counts = [subject.numbers.get(("t2", RULES_ROW, c)) for c in ("issued", "repealed", "in_force")]
    rules = max((float(v) for v in rule_counts if v is not None), default=float("nan"))
    return {
        "low_level": meta.level in LEVELS_WITHOUT_RULES,
        "rules": rules,
        "publish_date": _date(meta.publish_date),
        "deadline": _date(deadline(meta.year, meta.org_kind) if meta.year else None),
        "s5_empty": s5 is not None and normalize(s5) in EMPTY_SECTION,
        "s6_no_fee": s6 is not None and _FEE_STATEMENT.search(s6) is None,
        "suits_after": _number(subject, "t4", SUIT_AFTER_RECONSIDERATION, "total"),
        "reconsiderations": _number(subject, "t4", RECONSIDERATION, "total"),
        "credit_not_11": meta.credit_code is not None and not meta.credit_code.startswith("11"),
        "s1_empty": "s1" in subject.report.prose and not (subject.prose.get("s1") or "").strip(),
        # Every cell of the three tables read, and every one 0: the template as it comes.
        "all_zero": len(subject.numbers) == len(subject.report.cells) > 0 and not any(subject.numbers.values()),
    }


def _date(value: dt.date | None) -> np.datetime64:
    return _NOT_A_DATE if value is None else _day(value)


_NOT_A_DATE = np.datetime64("NaT", "D")


@lru_cache(maxsize=1024)  # a batch's reports share a few dates
def _day(value: dt.date) -> np.datetime64:
    return np.datetime64(value, "D")


def _report_documents(subject: Subject, row: str) -> None:
    subject.add(
        "W01",
        expected=subject.numbers.get(("t2", row, "issued")),
        actual=subject.numbers.get(("t2", row, "in_force")),
        **subject.report.place("t2", row, "in_force"),  # type: ignore[arg-type]
    )


def _level_label(fmt: ReportFormat, code: str | None) -> Text:
    for choice in fmt.meta("level").choices:
        if choice.code == code:
            return Text(choice.label, choice.label_en)
    return Text(str(code), str(code))


def _report(rule: str, subject: Subject) -> None:
    meta = subject.metadata
    fmt = subject.format
    if rule == "W02":
        column = next(c for c in ("issued", "repealed", "in_force") if subject.numbers.get(("t2", RULES_ROW, c), 0) > 0)
        subject.add(
            rule,
            expected=meta.level,
            actual=subject.numbers.get(("t2", RULES_ROW, column)),
            params={"expected": _level_label(fmt, meta.level)},
            **subject.report.place("t2", RULES_ROW, column),  # type: ignore[arg-type]
        )
    elif rule == "W03":
        assert meta.year is not None and meta.publish_date is not None
        limit = deadline(meta.year, meta.org_kind)
        subject.add(
            rule,
            expected=limit.isoformat(),
            actual=meta.publish_date.isoformat(),
            **subject.report.place("meta", "publish_date"),  # type: ignore[arg-type]
        )
    elif rule == "W04":
        text = (subject.prose.get("s5") or "").strip()
        detail = Text("为空", "is empty") if not text else Text(f"只写了“{text}”", f"only says '{text}'")
        subject.add(rule, actual=text, params={"detail": detail}, **subject.report.place("prose", "s5"))  # type: ignore[arg-type]
    elif rule == "W05":
        subject.add(rule, expected=FEE_WORDS, **subject.report.place("prose", "s6"))  # type: ignore[arg-type]
    elif rule == "W06":
        subject.add(
            rule,
            expected=subject.numbers.get(("t4", RECONSIDERATION, "total")),
            actual=subject.numbers.get(("t4", SUIT_AFTER_RECONSIDERATION, "total")),
            **subject.report.place("t4", SUIT_AFTER_RECONSIDERATION, "total"),  # type: ignore[arg-type]
        )
    elif rule == "V19":
        subject.add(rule, **subject.report.place("prose", "s1"))  # type: ignore[arg-type]
    elif rule == "W08":
        subject.add(rule)  # all three tables: the workbook as a whole
    elif rule == "W07":
        subject.add(rule, actual=meta.credit_code, **subject.report.place("meta", "credit_code"))  # type: ignore[arg-type]
