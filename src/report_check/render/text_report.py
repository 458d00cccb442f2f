"""The check result as text for people: grouped by table, errors first, coloured on a terminal."""

from __future__ import annotations

from collections.abc import Callable

from ..check import Result
from ..findings import Finding, Text
from ..format import ReportFormat
from ..rules.registry import Severity

Style = Callable[..., str]


def _plain(text: str, **_: object) -> str:
    return text


_LABELS = {
    Severity.ERROR: Text("错误", "error"),
    Severity.WARNING: Text("警告", "warning"),
}


def _group_title(fmt: ReportFormat, scope: str | None, lang: str) -> str:
    if scope == "meta":
        return Text(fmt.metadata_sheet, f"Report information ({fmt.metadata_sheet})")(lang)
    if scope == "prose":
        return Text(fmt.prose_sheet, f"Text ({fmt.prose_sheet})")(lang)
    for table in fmt.tables:
        if table.id == scope:
            return Text(f"表{table.number} {table.title}", f"Table {table.number}: {table.title_en}")(lang)
    return Text("整个工作簿", "The workbook")(lang)


def render(result: Result, lang: str = "zh", style: Style = _plain) -> str:
    fmt = result.format
    lines = [Text(f"检查 {result.file}", f"Checking {result.file}")(lang)]
    meta = result.values.metadata if result.values else None
    if meta and (meta.org_name or meta.year):
        year = Text(f"{meta.year} 年度", f"year {meta.year}")(lang) if meta.year else ""
        lines.append(" · ".join(part for part in (meta.org_name or "", year) if part))

    groups: dict[str | None, list[Finding]] = {}
    for finding in result.findings:
        groups.setdefault(finding.scope, []).append(finding)
    order = sorted(
        groups,
        key=lambda scope: (
            not any(f.severity is Severity.ERROR for f in groups[scope]),
            list(groups).index(scope),
        ),
    )
    for scope in order:
        lines.append("")
        lines.append(style(f"【{_group_title(fmt, scope, lang)}】", bold=True))
        for finding in groups[scope]:
            colour = "red" if finding.severity is Severity.ERROR else "yellow"
            mark = "✗" if finding.severity is Severity.ERROR else "!"
            head = style(f"  {mark} {_LABELS[finding.severity](lang)} {finding.rule}", fg=colour, bold=True)
            lines.append(f"{head}  {finding.message(fmt, lang)}")

    lines.append("")
    lines.append(_verdict(result, lang, style))
    return "\n".join(lines)


def _verdict(result: Result, lang: str, style: Style) -> str:
    counts = Text(
        f"{result.errors} 个错误，{result.warnings} 个警告", f"{result.errors} errors, {result.warnings} warnings"
    )
    if result.unusable is not None:
        return style(Text("结论：无法读取", "Result: cannot be read")(lang), fg="red", bold=True)
    if result.errors:
        return style(Text(f"结论：不通过 —— {counts.zh}", f"Result: FAILED — {counts.en}")(lang), fg="red", bold=True)
    if result.warnings:
        return style(
            Text(f"结论：通过，有 {result.warnings} 个警告", f"Result: passed with {result.warnings} warnings")(lang),
            fg="yellow",
            bold=True,
        )
    return style(Text("结论：通过", "Result: passed")(lang), fg="green", bold=True)
