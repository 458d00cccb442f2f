"""S03–S05 and C01–C05: are the tables there, and is every code present once, known, in place and labelled right.

The code checks are pandera schemas over two frames built from the format
declaration: one row per code the format expects (with how often it was found)
and one row per code found in the workbook.
"""

from __future__ import annotations

import contextlib
import copy
from functools import cache, lru_cache
from typing import NamedTuple

from ..findings import Finding, Text
from ..format import ReportFormat, TableSpec
from ..format.labels import label_close, label_matches
from ..model import CodeAxis, CodeSite, Report
from ..values import format_number
from .base import Column, RuleSchema, Subject, failures, rule_check
from .registry import Severity

_AXIS_WORDS = {
    CodeAxis.ROW: Text("行", "row"),
    CodeAxis.COLUMN: Text("列", "column"),
    CodeAxis.META: Text("项", "field"),
    CodeAxis.PROSE: Text("项", "field"),
}
MAX_EARLIER_FORMAT_FINDINGS = 3


def _table_name(fmt: ReportFormat, scope: str | None) -> Text:
    if scope == "meta":
        return Text(f"“{fmt.metadata_sheet}”", f"'{fmt.metadata_sheet}'")
    if scope == "prose":
        return Text(f"“{fmt.prose_sheet}”", f"'{fmt.prose_sheet}'")
    if scope is None:
        return Text("", "")
    table = fmt.table(scope)
    return Text(f"表{table.number}（{table.sheet}）", f"table {table.number} ({table.sheet})")


class _Expected(NamedTuple):
    subject: Subject
    scope: str
    axis: CodeAxis
    code: str
    sites: tuple[CodeSite, ...]


def _expected_codes(subject: Subject) -> list[_Expected]:
    """Every code the format expects, with the places it was found where it belongs."""
    fmt = subject.format
    report = subject.report
    wanted: list[tuple[str, CodeAxis, tuple[str, ...]]] = [
        ("meta", CodeAxis.META, tuple(m.code for m in fmt.metadata)),
        ("prose", CodeAxis.PROSE, tuple(p.code for p in fmt.prose)),
    ]
    for table in fmt.tables:
        site = report.tables.get(table.id)
        if site is None:
            continue  # S03 says it once
        wanted.append((table.id, CodeAxis.ROW, table.row_codes))
        if site.code_row is not None:
            wanted.append((table.id, CodeAxis.COLUMN, table.column_codes))
    placed: dict[tuple[str | None, CodeAxis, str], list[CodeSite]] = {}
    for site_ in report.sites:
        if site_.table is not None and site_.table == site_.found_in:
            placed.setdefault((site_.table, site_.axis, site_.code), []).append(site_)
    return [
        _Expected(subject, scope, axis, code, tuple(placed.get((scope, axis, code), ())))
        for scope, axis, codes in wanted
        for code in codes
    ]


def _official_label(fmt: ReportFormat, site: CodeSite) -> str:
    return fmt.labels[(site.axis.value, site.table or "", site.code)]


@lru_cache(maxsize=8192)
def _label_ok(fmt: ReportFormat, axis: CodeAxis, table: str, code: str, label: str) -> bool:
    """Whether a code's label names it (the same few hundred labels in every workbook: decided once each)."""
    return label_matches(fmt, label, fmt.labels[(axis.value, table, code)])


@cache
def _schemas() -> tuple[RuleSchema, RuleSchema]:
    expected = RuleSchema(
        name="expected codes",
        columns={
            "count": Column(
                int, checks=[rule_check(lambda s: s >= 1, name="C01"), rule_check(lambda s: s <= 1, name="C02")]
            )
        },
    )
    found = RuleSchema(
        name="codes found",
        columns={"known": Column(bool, checks=[rule_check(lambda s: s, name="C03")])},
        checks=[
            rule_check(lambda df: ~df["known"] | ~df["is_row"] | (df["scope"] == df["found_in"]), name="C04"),
            rule_check(lambda df: df["label_ok"], name="C05"),
        ],
    )
    return expected, found


def check(subjects: list[Subject]) -> None:
    for subject in subjects:
        if subject.report.placed_by == "labels":
            _check_labelled(subject)
    subjects = [subject for subject in subjects if subject.report.placed_by != "labels"]
    # A report read by a kept layout has that layout's sheets, tables and code sites, all that these checks
    # look at but the earlier format's marks: its findings are those of the first report read by it, as long
    # as it still holds what it was read with (a caller may have changed a report before checking it).
    checked = []
    for subject in subjects:
        key = _kept_key(subject)
        kept = _KEPT.get(key) if key is not None else None
        if kept is not None and kept.holds == _holds(subject.report):
            subject.findings.extend(copy.copy(finding) for finding in kept.findings)
        else:
            checked.append((subject, key))
    _check_codes([subject for subject, _ in checked])
    for subject, key in checked:
        if key is not None and key not in _KEPT:
            with contextlib.suppress(KeyError, RuntimeError, StopIteration):  # another thread made room first
                while len(_KEPT) >= _MAX_KEPT:
                    _KEPT.pop(next(iter(_KEPT)))
            report = subject.report
            alive = (tuple(report.sites), tuple(report.tables.values()))  # the objects whose ids _holds takes
            _KEPT[key] = _Kept(report.layout, report.format, alive, _holds(report), list(subject.findings))


class _Kept(NamedTuple):
    """The code checks' findings of a layout; the layout, format, sites and tables kept alive, so that their ids
    are not reused."""

    layout: object
    format: ReportFormat
    alive: tuple[object, ...]
    holds: tuple[object, ...]
    findings: list[Finding]


_KEPT: dict[tuple[int, int], _Kept] = {}  # by the layout's id and the format's id
_MAX_KEPT = 16


def _kept_key(subject: Subject) -> tuple[int, int] | None:
    report = subject.report
    if report.layout is None or report.earlier_format or subject.findings:
        return None
    return (id(report.layout), id(report.format))


def _holds(report: Report) -> tuple[object, ...]:
    """All that the code checks read of a report: its code sites and tables (the very objects a kept layout
    gives every report it reads, alive in it), its sheets, the sheets of its fields, and its own marks."""
    return (
        tuple(map(id, report.sites)),
        tuple(report.tables),
        tuple(map(id, report.tables.values())),
        tuple(report.sheet_names),
        tuple(report.hidden_sheets),
        tuple(cell.sheet for cell in report.metadata.values()),
        tuple(cell.sheet for cell in report.prose.values()),
        bool(report.uncoded_rows or report.duplicate_sheets),
    )


def _check_codes(subjects: list[Subject]) -> None:
    for subject in subjects:
        _check_tables(subject)

    expected_schema, found_schema = _schemas()
    expected = [entry for subject in subjects for entry in _expected_codes(subject)]
    failed = failures(expected_schema, {"count": [len(entry.sites) for entry in expected]})
    _report_missing([expected[i] for i in failed.get("C01", ())])
    for index in failed.get("C02", ()):
        _report_duplicate(expected[index])

    sites = [(subject, site) for subject in subjects for site in subject.report.sites]
    frame = {
        "known": [site.table is not None for _, site in sites],
        "is_row": [site.axis is CodeAxis.ROW for _, site in sites],
        "scope": [site.table for _, site in sites],
        "found_in": [site.found_in for _, site in sites],
        "label_ok": [
            site.table is None
            or site.table != site.found_in
            or _label_ok(subject.format, site.axis, site.table, site.code, site.label)
            for subject, site in sites
        ],
    }
    for rule, indexes in failures(found_schema, frame).items():
        for index in indexes:
            subject, site = sites[index]
            _report_site(rule, subject, site)


def _check_labelled(subject: Subject) -> None:
    """A report read by its labels: the tables, rows and values that could not be placed (S08, C07, C08)."""
    fmt = subject.format
    report = subject.report
    for table in fmt.tables:
        if table.id not in report.tables:
            subject.add("S08", scope=table.id, params=_table_params(table))
    for table_id, row_code in report.missing_rows:
        table = fmt.table(table_id)
        subject.add(
            "C07",
            scope=table_id,
            sheet=report.tables[table_id].sheet,
            row_code=row_code,
            actual=_official_row_label(table, row_code),
            params=_table_params(table),
        )
    for table_id, row_code, sheet, ref, values in report.unplaced_values:
        table = fmt.table(table_id)
        columns = len(table.columns_of(table.row(row_code)))
        subject.add(
            "C08",
            scope=table_id,
            sheet=sheet,
            cell=ref,
            row_code=row_code,
            actual=_official_row_label(table, row_code),
            expected="、".join(str(value) for value in values),
            params={**_table_params(table), "detail": str(len(values)), "count": str(columns)},
        )
    for marker in report.earlier_format[:MAX_EARLIER_FORMAT_FINDINGS]:
        subject.add("S05", sheet=marker.sheet, cell=marker.ref, actual=marker.text, expected=fmt.basis)
    unstated = [code for code in ("org_name", "year") if code not in report.metadata]
    if unstated:
        words = {"org_name": Text("机关名称", "organ"), "year": Text("报告年度", "year")}
        detail = Text("和".join(words[c].zh for c in unstated), " or ".join(words[c].en for c in unstated))
        subject.add("S09", scope="meta", row_code=unstated[0], params={"detail": detail})


def _table_params(table: TableSpec) -> dict[str, str | Text]:
    return {"table": Text(f"表{table.number}", f"table {table.number}"), "title": table.title, "sheet": table.sheet}


def _official_row_label(table: TableSpec, row_code: str) -> str:
    """A row's label as people name it: a numbered item with its group (（三）不予公开 1.属于国家秘密)."""
    row = table.row(row_code)
    return f"{row.groups[-1]} {row.label}" if row.groups and row.label[:1].isdigit() else row.label


def _check_tables(subject: Subject) -> None:
    fmt = subject.format
    report = subject.report
    for table in fmt.tables:
        site = report.tables.get(table.id)
        params = {
            "table": Text(f"表{table.number}", f"table {table.number}"),
            "title": table.title,
            "sheet": table.sheet,
        }
        if site is None:
            subject.add("S03", scope=table.id, params=params)
        elif site.code_row is None:
            subject.add("S04", scope=table.id, sheet=site.sheet, params=params)
    used = {site.sheet for site in report.tables.values()}
    used |= {cell.sheet for cell in (*report.metadata.values(), *report.prose.values())}
    for sheet in report.sheet_names:
        if sheet in used and sheet in report.hidden_sheets:
            subject.add("S06", sheet=sheet, actual=sheet)
    for table_id, sheet, row, label, numbers in report.uncoded_rows:
        subject.add(
            "C06",
            scope=table_id,
            sheet=sheet,
            cell=f"A{row}",
            actual=label or None,
            expected="、".join(format_number(number) for number in numbers),
            params={"detail": str(row)},
        )
    for duplicate, original, same in report.duplicate_sheets:
        detail = (
            Text(f"，两份内容相同，读取的是“{original}”", f", the same as it; '{original}' was read")
            if same
            else Text(
                f"，但两份的内容不同，读取的是“{original}”，请确认哪一份是要报送的",
                f", but the two differ; '{original}' was read: make sure which one is meant",
            )
        )
        subject.add(
            "S07",
            Severity.WARNING if same else Severity.ERROR,
            sheet=duplicate,
            actual=duplicate,
            expected=original,
            params={"detail": detail},
        )
    for marker in report.earlier_format[:MAX_EARLIER_FORMAT_FINDINGS]:
        subject.add("S05", sheet=marker.sheet, cell=marker.ref, actual=marker.text, expected=fmt.basis)


def _code_fields(scope: str, axis: CodeAxis, code: str) -> dict[str, object]:
    if axis is CodeAxis.COLUMN:
        return {"scope": scope, "column_code": code}
    return {"scope": scope, "row_code": code}


def _report_missing(missing: list[_Expected]) -> None:
    """C01, once per code; a group whose codes are all missing (a deleted sheet) once for the group."""
    groups: dict[tuple[int, str, CodeAxis], list[_Expected]] = {}
    for entry in missing:
        groups.setdefault((id(entry.subject), entry.scope, entry.axis), []).append(entry)
    for entries in groups.values():
        first = entries[0]
        fmt = first.subject.format
        whole = _group_size(fmt, first.scope, first.axis)
        if len(entries) == whole and whole > 1:
            codes = "、".join(entry.code for entry in entries)
            first.subject.add(
                "C01",
                scope=first.scope,
                sheet=_home_sheet(first),
                params={"axis": _AXIS_WORDS[first.axis], "code": codes},
            )
            continue
        for entry in entries:
            entry.subject.add(
                "C01",
                sheet=_home_sheet(entry),
                params={"axis": _AXIS_WORDS[entry.axis]},
                **_code_fields(entry.scope, entry.axis, entry.code),  # type: ignore[arg-type]
            )


def _group_size(fmt: ReportFormat, scope: str, axis: CodeAxis) -> int:
    if scope == "meta":
        return len(fmt.metadata)
    if scope == "prose":
        return len(fmt.prose)
    table = fmt.table(scope)
    return len(table.column_codes if axis is CodeAxis.COLUMN else table.row_codes)


def _home_sheet(entry: _Expected) -> str | None:
    site = entry.subject.report.tables.get(entry.scope)
    if site is not None:
        return site.sheet
    fmt = entry.subject.format
    return {"meta": fmt.metadata_sheet, "prose": fmt.prose_sheet}.get(entry.scope)


def _report_duplicate(entry: _Expected) -> None:
    first = entry.sites[0]
    entry.subject.add(
        "C02",
        sheet=first.sheet,
        cell=first.ref,
        actual=len(entry.sites),
        expected=1,
        params={
            "axis": _AXIS_WORDS[entry.axis],
            "cells": Text(
                "、".join(f"{site.sheet}!{site.ref}" for site in entry.sites),
                ", ".join(f"{site.sheet}!{site.ref}" for site in entry.sites),
            ),
        },
        **_code_fields(entry.scope, entry.axis, entry.code),  # type: ignore[arg-type]
    )


def _report_site(rule: str, subject: Subject, site: CodeSite) -> None:
    fmt = subject.format
    fields = _code_fields(site.found_in or site.table or "", site.axis, site.code)
    if rule == "C03":
        subject.add(
            rule,
            sheet=site.sheet,
            cell=site.ref,
            actual=site.code,
            params={"axis": _AXIS_WORDS[site.axis]},
            **fields,  # type: ignore[arg-type]
        )
    elif rule == "C04":
        subject.add(
            rule,
            sheet=site.sheet,
            cell=site.ref,
            expected=_table_name(fmt, site.table)("zh"),
            actual=site.sheet,
            params={
                "expected": _table_name(fmt, site.table),
                "actual": Text(f"工作表“{site.sheet}”", f"sheet '{site.sheet}'"),
            },
            **fields,  # type: ignore[arg-type]
        )
    elif rule == "C05":
        official = _official_label(fmt, site)
        subject.add(
            rule,
            Severity.WARNING if label_close(fmt, site.label, official) else None,
            sheet=site.sheet,
            cell=site.ref,
            expected=official,
            actual=site.label,
            **_code_fields(site.table or "", site.axis, site.code),
        )
