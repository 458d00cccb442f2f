"""The check result as text for people: grouped by table, errors first, coloured on a terminal."""

from __future__ import annotations

from collections.abc import Callable

from ..check import Result
from ..findings import Finding, Text, collapse, group_message
from ..format import ReportFormat
from ..rules.localise import MAX_SHOWN, Suggestion
from ..rules.registry import Severity

Style = Callable[..., str]


def _plain(text: str, **_: object) -> str:
    return text


_LABELS = {
    Severity.ERROR: Text("错误", "error"),
    Severity.WARNING: Text("警告", "warning"),
}


def group_title(fmt: ReportFormat, scope: str | None, lang: str) -> str:
    if scope == "meta":
        return Text(fmt.metadata_sheet, f"Report information ({fmt.metadata_sheet})")(lang)
    if scope == "prose":
        return Text(fmt.prose_sheet, f"Text ({fmt.prose_sheet})")(lang)
    for table in fmt.tables:
        if table.id == scope:
            return Text(f"表{table.number} {table.title}", f"Table {table.number}: {table.title_en}")(lang)
    return Text("整个工作簿", "The workbook")(lang)


# Groups in the order of the report: the workbook as a whole, 基本信息, 表二, 表三, 表四, 正文.
_SCOPES = (None, "meta", "t2", "t3", "t4", "prose")


def render(result: Result, lang: str = "zh", style: Style = _plain, *, strict: bool = False) -> str:
    fmt = result.format
    lines = [Text(f"检查 {result.file}", f"Checking {result.file}")(lang)]
    meta = result.values.metadata if result.values else None
    if meta and (meta.org_name or meta.year):
        year = Text(f"{meta.year} 年度", f"year {meta.year}")(lang) if meta.year else ""
        lines.append(" · ".join(part for part in (meta.org_name or "", year) if part))
    if result.skipped:
        fmt_field = {field.code: field for field in fmt.metadata}
        zh = "、".join(f"{rule}（{'、'.join(fmt_field[f].label for f in fields)}）" for rule, fields in result.skipped)
        en = ", ".join(
            f"{rule} ({', '.join(fmt_field[f].label_en for f in fields)})" for rule, fields in result.skipped
        )
        lines.append(Text(f"报告中没有写明，未做的检查：{zh}", f"Not stated in the report, so not checked: {en}")(lang))

    groups: dict[str | None, list[Finding]] = {}
    for finding in result.findings:
        groups.setdefault(finding.scope, []).append(finding)
    order = sorted(groups, key=lambda scope: _SCOPES.index(scope) if scope in _SCOPES else len(_SCOPES))
    for scope in order:
        lines.append("")
        lines.append(style(f"【{group_title(fmt, scope, lang)}】", bold=True))
        for group in collapse(groups[scope]):
            finding = group[0]
            colour = "red" if finding.severity is Severity.ERROR else "yellow"
            mark = "✗" if finding.severity is Severity.ERROR else "!"
            head = style(f"  {mark} {_LABELS[finding.severity](lang)} {finding.rule}", fg=colour, bold=True)
            lines.append(f"{head}  {group_message(fmt, group, lang)}")
        likely = likely_line(result, scope, lang)
        if likely:
            lines.append(style(f"  → {likely}", bold=True))

    lines.append("")
    lines.append(_verdict(result, lang, style, strict))
    return "\n".join(lines)


def likely_line(result: Result, scope: str | None, lang: str) -> str:
    """The best suggestions of a table, in a sentence: 最可能是 依申请公开!E9 填错：应为 12（现为 21，两位数字颠倒）;
    several equally likely: 同样可能的改法有 N 种：…; cells wrong together joined; and how many other ways there are."""
    table = [s for s in result.suggestions if s.key[0] == scope]
    best = [s for s in table if s.rank == 1]
    if not best:
        return ""
    groups: dict[int, list[Suggestion]] = {}
    for suggestion in best:
        groups.setdefault(suggestion.group, []).append(suggestion)
    both = Text("，", ", ")(lang)
    sets = [both.join(f"{s.where} {s.text(lang)}" for s in group) for group in groups.values()]
    others = best[0].sets - best[0].equal
    rest = Text(
        f"（另有 {others} 种改法也能使等式成立，可能性较小）" if others else "",
        f" ({others} other ways also balance it, less likely)" if others else "",
    )(lang)
    if best[0].equal == 1 and len(best) == 1:
        return (
            Text(f"最可能是 {best[0].where} 填错：", f"Most likely {best[0].where} is wrong: ")(lang)
            + best[0].text(lang)
            + rest
        )
    if best[0].equal == 1:
        return Text("最可能是这几处一起填错：", "Most likely these are wrong together: ")(lang) + sets[0] + rest
    if best[0].equal > MAX_SHOWN:  # too many to read: the columns they change
        spec = result.format.table(best[0].key[0])
        columns = [spec.column(code) for code in dict.fromkeys(s.key[2] for s in best)]
        zh = "、".join(f"“{c.label}”" for c in columns)
        en = ", ".join(f"'{c.label_en}'" for c in columns)
        these = "这些列" if len(columns) > 1 else "这一列"
        return Text(
            f"无法确定是哪一处：{best[0].equal} 种改法同样可能，都是改{zh}列中的数字，"
            f"请逐一核对{these}的原始记录（每种改法见 JSON 的 suggestions）{rest}",
            f"Cannot tell which: {best[0].equal} equally likely ways, each changing numbers in the {en} column(s): "
            f"check them against the records (each way in the JSON){rest}",
        )(lang)
    items = Text("；或 ", "; or ")(lang).join(sets)
    return Text(
        f"无法确定是哪一处，{len(sets)} 种改法同样可能：{items}{rest}",
        f"Cannot tell which: {len(sets)} equally likely ways: {items}{rest}",
    )(lang)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def verdict(result: Result, lang: str, strict: bool = False) -> tuple[str, str]:
    """The result in a sentence (结论：…) and its colour: red, yellow or green (the terminal's and the page's)."""
    errors, warnings = result.errors, result.warnings
    counts = Text(f"{errors} 个错误，{warnings} 个警告", f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}")
    if result.unusable is not None:
        return Text("结论：无法读取", "Result: cannot be read")(lang), "red"
    if errors:
        return Text(f"结论：不通过 —— {counts.zh}", f"Result: FAILED — {counts.en}")(lang), "red"
    if warnings and strict:
        text = Text(
            f"结论：不通过（--strict：有 {warnings} 个警告）",
            f"Result: FAILED (--strict: {_plural(warnings, 'warning')})",
        )
        return text(lang), "red"
    if warnings:
        return Text(f"结论：通过，有 {warnings} 个警告", f"Result: passed with {_plural(warnings, 'warning')}")(
            lang
        ), "yellow"
    return Text("结论：通过", "Result: passed")(lang), "green"


def _verdict(result: Result, lang: str, style: Style, strict: bool = False) -> str:
    text, colour = verdict(result, lang, strict)
    return style(text, fg=colour, bold=True)
