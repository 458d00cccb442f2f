"""Checking reports: the library entry points behind ``report-check workbook.xlsx``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UnusableInput
from .findings import Finding, Text
from .format import CURRENT, ReportFormat
from .model import Metadata, Report, Values
from .rules.base import CheckOptions, Subject
from .rules.registry import Severity
from .values import is_blank

__all__ = ["CheckOptions", "Result", "check_report", "check_reports", "check_workbook"]

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2

_UNUSABLE_DETAILS = {
    "missing": Text("文件不存在", "the file does not exist"),
    "not_a_file": Text("这是一个文件夹，不是文件", "this is a folder, not a file"),
    "unreadable": Text("无法读取（{detail}）", "it cannot be read ({detail})"),
    "empty": Text("文件是空的（0 字节）", "the file is empty (0 bytes)"),
    "ole2": Text(
        "这是旧版 Excel 97-2003（.xls）、WPS（.et）文件或设有打开密码的工作簿。"
        "请在 Excel 或 WPS 中打开，取消密码后“另存为”Excel 工作簿（.xlsx）",
        "this is an old Excel 97-2003 (.xls) or WPS (.et) file, or a password-protected workbook. "
        "Open it in Excel or WPS, remove the password and save it as an Excel workbook (.xlsx)",
    ),
    "not_zip": Text(
        "这不是 Excel 工作簿（.xlsx），可能是别的文件改了扩展名，或者文件已损坏。请在 Excel 或 WPS 中另存为 .xlsx",
        "this is not an Excel workbook (.xlsx): another kind of file renamed, or a damaged one. "
        "Save it as .xlsx in Excel or WPS",
    ),
    "ods": Text(
        "这是 OpenDocument 表格（.ods）。请另存为 Excel 工作簿（.xlsx）",
        "this is an OpenDocument spreadsheet (.ods). Save it as an Excel workbook (.xlsx)",
    ),
    "not_workbook": Text(
        "这是一个压缩包或其他 Office 文件，不是 Excel 工作簿",
        "this is a zip archive or another Office file, not an Excel workbook",
    ),
    "damaged": Text("文件已损坏，无法读取（{detail}）", "the file is damaged and cannot be read ({detail})"),
    "no_codes": Text(
        "工作簿的 A 列中找不到任何代码，这不是 report-check 的年度报告模板。"
        "请用 report-check template 生成模板，把数据填入模板后再检查",
        "column A holds none of the codes: this is not a report-check template. "
        "Make one with 'report-check template', fill it in and check it again",
    ),
    "earlier_format": Text(
        "这是 2019 年试行格式（国办公开办函〔2019〕60号）的报表（含“{detail}”），且没有代码。"
        "2021 年及以后的年度报告请用 report-check template 生成的 2021 年格式模板填写",
        "this is a table in the earlier 2019 format (it has '{detail}') and has no codes. "
        "Reports for 2021 onwards are filled in the 2021 template made by 'report-check template'",
    ),
}


@dataclass
class Result:
    """The outcome of checking one file."""

    file: str
    findings: list[Finding] = field(default_factory=list)
    report: Report | None = None
    values: Values | None = None
    # Set when the file could not be used at all (exit code 2): the S01/S02 finding.
    unusable: Finding | None = None
    format: ReportFormat = CURRENT

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)

    @property
    def valid(self) -> bool:
        return self.unusable is None and self.errors == 0

    def exit_code(self, strict: bool = False) -> int:
        """0: no error (and with ``strict`` no warning); 1: findings; 2: the input could not be used."""
        if self.unusable is not None:
            return EXIT_UNUSABLE
        if self.errors or (strict and self.warnings):
            return EXIT_FINDINGS
        return EXIT_OK


def unusable_finding(exc: UnusableInput) -> Finding:
    detail = exc.params.get("detail", "")
    reason = exc.params.get("reason", "")
    template = _UNUSABLE_DETAILS.get(reason, Text("{detail}", "{detail}"))
    text = Text(template.zh.format(detail=detail), template.en.format(detail=detail))
    return Finding(exc.rule, Severity.ERROR, params={"detail": text}, actual=reason or None)


def check_workbook(
    path: str | Path,
    options: CheckOptions | None = None,
    fmt: ReportFormat = CURRENT,
    today: dt.date | None = None,
) -> Result:
    """Read and check one workbook.  Never raises for a bad file: see ``Result.unusable``."""
    from .reader import read_workbook

    try:
        report = read_workbook(path, fmt)
    except UnusableInput as exc:
        finding = unusable_finding(exc)
        return Result(str(path), [finding], unusable=finding, format=fmt)
    return check_report(report, options, today)


def check_report(report: Report, options: CheckOptions | None = None, today: dt.date | None = None) -> Result:
    """Check a report already read (or built in memory)."""
    return check_reports([report], options, today)[0]


def check_reports(
    reports: Iterable[Report], options: CheckOptions | None = None, today: dt.date | None = None
) -> list[Result]:
    """Check many reports at once: every schema runs once over all of them."""
    from .rules import balance, cells, metadata, plausibility, structure

    options = options or CheckOptions()
    today = today or dt.date.today()
    subjects = [Subject(report) for report in reports]
    for subject in subjects:
        subject.prose = {
            code: "" if is_blank(cell.raw) else str(cell.raw).strip() for code, cell in subject.report.prose.items()
        }
    structure.check(subjects)
    cells.check(subjects, options)
    metadata.check(subjects, today)
    balance.check(subjects)
    plausibility.check(subjects)
    results = []
    for subject in subjects:
        results.append(
            Result(
                subject.report.source,
                sort_findings(subject.findings, subject.format),
                subject.report,
                Values(subject.metadata or Metadata(), subject.numbers, subject.prose),
                format=subject.format,
            )
        )
    return results


def sort_findings(findings: list[Finding], fmt: ReportFormat) -> list[Finding]:
    """Errors first; then by table in format order, sheet position and rule."""
    scopes: dict[str | None, int] = {
        None: 0,
        "meta": 1,
        **{t.id: 2 + i for i, t in enumerate(fmt.tables)},
        "prose": 2 + len(fmt.tables),
    }

    def key(finding: Finding) -> tuple[object, ...]:
        row, col = _cell_order(finding.cell)
        return (finding.severity is not Severity.ERROR, scopes.get(finding.scope, 99), row, col, finding.rule)

    return sorted(findings, key=key)


def _cell_order(ref: str | None) -> tuple[int, int]:
    from .cellref import RefError, parse_coord

    if not ref:
        return (0, 0)
    try:
        return parse_coord(ref)
    except RefError:
        return (0, 0)
