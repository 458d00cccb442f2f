"""What a batch writes: 汇总.xlsx, summary.json, annotated copies, Word reports and 合计.xlsx."""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..check import Result
from ..findings import Text, collapse, group_message
from ..model import RESULTS_SHEETS, Metadata, Number, Values
from ..render.json_report import SCHEMA_VERSION, result_dict
from ..rules.localise import Suggestion
from ..rules.registry import RULES, Severity
from ..values import format_number
from ..xmltext import xml_safe
from .annotate import AUTHOR, RESULTS_WIDTHS, Mark, Row, annotate_xml, note_height, row_height
from .collect import Skipped
from .cross import Missing
from .sheets import HEADER_FILL, Sheet, workbook_bytes
from .units import Unit

PASSED, WARNED, FAILED, UNREADABLE, SUPERSEDED = "通过", "有警告", "不通过", "无法读取", "已被替代"
STATUS_EN = {
    PASSED: "passed",
    WARNED: "passed with warnings",
    FAILED: "failed",
    UNREADABLE: "unreadable",
    SUPERSEDED: "superseded",
}
# The statuses as JSON spells them: one spelling each, as the keys of summary.json's totals.
STATUS_CODES = {status: text.replace(" ", "_") for status, text in STATUS_EN.items()}
FIRST_MESSAGES = 3
ERROR_FILL, WARNING_FILL = "FFC7CE", "FFEB9C"
STATUS_FILLS = {
    text: fill
    for status, fill in ((FAILED, ERROR_FILL), (UNREADABLE, ERROR_FILL), (WARNED, WARNING_FILL))
    for text in (status, STATUS_EN[status])
}


@dataclass
class Submission:
    """One file of the batch: where it is, how it is shown, and its checked result."""

    path: Path
    name: str  # relative to the folder it was found in: unique within the batch
    result: Result
    superseded_by: str | None = None  # the unit's workbook that counts instead of this one (saved later)

    @property
    def status(self) -> str:
        result = self.result
        if self.superseded_by is not None:
            return SUPERSEDED
        if result.unusable is not None:
            return UNREADABLE
        if result.errors:
            return FAILED
        return WARNED if result.warnings else PASSED

    @property
    def metadata(self) -> Metadata:
        return self.result.values.metadata if self.result.values else Metadata()


def status_text(status: str, lang: str) -> str:
    return STATUS_EN[status] if lang == "en" else status


# --- 汇总.xlsx ---------------------------------------------------------------------------------


def _print_setup(ws: Any) -> None:
    """A4 landscape, fitted to the page's width, the header row repeated on every page."""
    ws.page_setup.paperSize = 9
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def summary_workbook(
    submissions: list[Submission],
    roster: list[Unit] | None,
    missing: list[Missing],
    lang: str,
    skipped: Sequence[Skipped] = (),
) -> bytes:
    """汇总.xlsx: a row per file, a row per finding, the units missing, the files not read, the rules."""
    fmt = submissions[0].result.format if submissions else None
    en = lang == "en"
    summary = Sheet(
        "Summary" if en else "汇总",
        ["No.", "Organ", "Credit code", "Year", "File", "Status", "Errors", "Warnings", "First findings"]
        if en
        else ["序号", "机关名称", "统一社会信用代码", "年度", "文件", "状态", "错误数", "警告数", "主要问题"],
        [6, 34, 22, 8, 36, 10, 8, 8, 100],
        colour=lambda row: (5, STATUS_FILLS[str(row[5])]) if str(row[5]) in STATUS_FILLS else None,
    )
    for index, sub in enumerate(submissions, start=1):
        meta = sub.metadata
        result = sub.result
        messages = [f.message(result.format, lang) for f in result.findings[:FIRST_MESSAGES]]
        summary.rows.append(
            [
                index,
                _plain(meta.org_name),
                _plain(meta.credit_code),
                meta.year,
                sub.name,
                status_text(sub.status, lang),
                result.errors,
                result.warnings,
                _plain("\n".join(messages)),
            ]
        )
    error_word = _severity_word(Severity.ERROR, lang)
    findings = Sheet(
        "Findings" if en else "问题清单",
        ["File", "Organ", "Rule", "Severity", "Sheet", "Cell", "Row code", "Column code", "Expected", "Actual",
         "Message"]
        if en
        else ["文件", "机关名称", "规则", "级别", "工作表", "单元格", "行代码", "列代码", "应为", "实为", "说明"],
        [36, 30, 6, 8, 12, 8, 10, 12, 14, 14, 100],
        colour=lambda row: (3, ERROR_FILL if row[3] == error_word else WARNING_FILL),
    )  # fmt: skip
    for sub in submissions:
        for finding in sub.result.findings:
            findings.rows.append(
                [
                    sub.name,
                    _plain(sub.metadata.org_name),
                    finding.rule,
                    _severity_word(finding.severity, lang),
                    finding.sheet,
                    finding.cell,
                    finding.row_code,
                    finding.column_code,
                    _plain(finding.expected),
                    None if finding.rule in ("S01", "S02") else _plain(finding.actual),  # the message says why
                    _plain(finding.message(sub.result.format, lang)),
                ]
            )
    sheets = [summary, findings]
    if roster is not None:
        sheets.append(
            Sheet(
                "Missing" if en else "未提交",
                ["Organ", "Credit code", "Note"] if en else ["机关名称", "统一社会信用代码", "说明"],
                [40, 24, 30],
                [[_plain(unit.name), unit.credit_code, unit.note(lang) or None] for unit in missing],
            )
        )
    if skipped:
        sheets.append(
            Sheet(
                "Not read" if en else "未读取的文件",
                ["File", "Why it was not read"] if en else ["文件", "未读取的原因"],
                [50, 80],
                [[item.name, item.text(lang)] for item in skipped],
            )
        )
    if fmt is not None:
        sheets.append(
            Sheet(
                "Rules" if en else "规则说明",
                ["Rule", "Severity", "Summary"] if en else ["规则", "级别", "内容"],
                [8, 10, 80],
                [[rule.code, _severity_word(rule.severity, lang), rule.text(lang)[0]] for rule in RULES.values()],
            )
        )
    return workbook_bytes(sheets, (ERROR_FILL, WARNING_FILL))


def _plain(value: object) -> object:
    """A value as a cell of the summary: a number Excel can hold, or text."""
    if value is None or isinstance(value, bool) or (isinstance(value, int | float) and abs(value) < 1e300):
        return value  # NaN, infinities and 400-digit integers are not: they would break the workbook
    return xml_safe(str(value))


# --- summary.json ------------------------------------------------------------------------------


def summary_json(
    submissions: list[Submission],
    roster: list[Unit] | None,
    missing: list[Missing],
    lang: str,
    extra: dict[str, object],
    skipped: Sequence[Skipped] = (),
) -> str:
    counts = Counter(sub.status for sub in submissions)
    files = []
    for sub in submissions:
        data = result_dict(sub.result, lang)
        data["file"] = sub.name
        data["status"] = STATUS_CODES[sub.status]
        files.append(data)
    summary: dict[str, object] = {
        "schema_version": SCHEMA_VERSION,
        "totals": {
            "found": len(submissions) + len(skipped),
            "files": len(submissions),
            "skipped": len(skipped),
            "passed": counts[PASSED],
            "passed_with_warnings": counts[WARNED],
            "failed": counts[FAILED],
            "unreadable": counts[UNREADABLE],
            "superseded": counts[SUPERSEDED],
            "errors": sum(sub.result.errors for sub in submissions),
            "warnings": sum(sub.result.warnings for sub in submissions),
        },
        "files": files,
        "skipped": [{"file": item.name, "reason": item.reason, "message": item.text(lang)} for item in skipped],
        **extra,
    }
    if roster is not None:
        summary["roster"] = {
            "units": len(roster),
            "missing": [
                {"org_name": u.name, "credit_code": u.credit_code, "other_years": list(u.other_years)} for u in missing
            ],
        }
    return _json_lines(summary)


def _json_lines(summary: dict[str, object]) -> str:
    """The summary with a line per key and a line per item of a list: as readable as ``indent``, which makes
    json encode in Python (0.3 s for 1,000 files) rather than in C."""
    lines = []
    for key, value in summary.items():
        name = json.dumps(key)
        if isinstance(value, list) and value:
            items = ",\n  ".join(json.dumps(item, ensure_ascii=False) for item in value)
            lines.append(f" {name}: [\n  {items}\n ]")
        else:
            lines.append(f" {name}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


# --- annotated copies ---------------------------------------------------------------------------


def annotated_copy(path: Path, result: Result, lang: str) -> bytes:
    """The submission with each cell at fault filled and commented, and a 校验结果 sheet first.

    Made by editing the workbook's XML (fast); a workbook that way cannot handle goes through openpyxl,
    with the same marks and rows.
    """
    fmt = result.format
    marks = [
        Mark(f.sheet, f.cell, f.severity is Severity.ERROR, f"[{f.rule}] {f.message(fmt, lang)}")
        for f in result.findings
        if f.sheet and f.cell
    ]
    marks += [  # the likely wrong cells: said on the cell itself, and whether it is one of several ways
        Mark(s.sheet, s.cell, True, _likely_label(result, s, lang) + s.text(lang))
        for s in result.suggestions
        if s.rank == 1 and s.sheet and s.cell
    ]
    rows = [  # blank cells of a sheet in one row (they are each marked and commented all the same)
        Row(
            (index, _severity_word(f.severity, lang), f.rule, f.where, group_message(fmt, group, lang)),
            (f.sheet, f.cell) if f.sheet and f.cell else None,
            f.severity is Severity.ERROR,
        )
        for index, group in enumerate(collapse(result.findings), start=1)
        for f in group[:1]
    ]
    header = (
        ("No.", "Severity", "Rule", "Where", "Message") if lang == "en" else ("序号", "级别", "规则", "位置", "说明")
    )
    title = RESULTS_SHEETS[1] if lang == "en" else RESULTS_SHEETS[0]
    # An .xls or .ods is marked on an .xlsx of its values, cell for cell.
    data = path.read_bytes()
    if not (data.startswith(b"PK") and b"xl/workbook.xml" in data):
        data = _values_as_xlsx(path)
    fast = annotate_xml(data, marks, header, rows, title, (ERROR_FILL, WARNING_FILL))
    return fast if fast is not None else _annotated_copy_openpyxl(data, marks, header, rows, title)


def _likely_label(result: Result, suggestion: Suggestion, lang: str) -> str:
    listed = len({s.group for s in result.suggestions if s.rank == 1 and s.key[0] == suggestion.key[0]})
    ways = max(listed, suggestion.equal)  # all the equally likely ways, also those past the ones listed
    if ways == 1:
        return Text("[最可能填错] ", "[likely wrong] ")(lang)
    return Text(f"[可能填错：{ways} 种同样可能的改法之一] ", f"[perhaps wrong: one of {ways} equally likely ways] ")(
        lang
    )


def annotated_name(name: str) -> str:
    """The name of a submission's annotated copy: itself, or with .xlsx added for an .xls or .ods."""
    return name if Path(name).suffix.lower() in (".xlsx", ".xlsm") else f"{name}.xlsx"


def _values_as_xlsx(path: Path) -> bytes:
    """An .xlsx holding the values of an .xls or .ods in the same cells, with its merges."""
    from openpyxl import Workbook

    from ..reader.sources.workbook import load_values

    wb = Workbook()
    for sheet in list(wb.worksheets):
        wb.remove(sheet)
    for grid in load_values(path):
        ws = wb.create_sheet(grid.name[:31])
        for (row, column), value in grid.cells.items():
            ws.cell(row, column, value if isinstance(value, str | int | float) or value is None else str(value))
        for first_row, first_col, last_row, last_col in grid.merged:
            ws.merge_cells(start_row=first_row, start_column=first_col, end_row=last_row, end_column=last_col)
        if not grid.visible:
            ws.sheet_state = "hidden"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _severity_word(severity: Severity, lang: str) -> str:
    return (Text("错误", "error") if severity is Severity.ERROR else Text("警告", "warning"))(lang)


def _clear_old_marks(wb: Any) -> None:
    """An annotated copy sent back: its results sheet, and the comments (with their fills) of the last round
    go, so that only this round's findings are marked."""
    from openpyxl.styles import PatternFill

    for name in RESULTS_SHEETS:
        if name in wb.sheetnames:
            del wb[name]
    ours = {ERROR_FILL, WARNING_FILL}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                comment = getattr(cell, "comment", None)
                if comment is None or comment.author != AUTHOR:
                    continue
                cell.comment = None
                if str(cell.fill.fgColor.rgb)[-6:] in ours:
                    cell.fill = PatternFill(fill_type=None)


def _annotated_copy_openpyxl(
    data: bytes, marks: list[Mark], header: tuple[str, ...], rows: list[Row], title: str
) -> bytes:
    """The same as :func:`annotated_copy`, through openpyxl: slower, for workbooks the XML route declines."""
    from openpyxl import load_workbook
    from openpyxl.cell.cell import MergedCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from ..outputs import reproducible_zip

    wb = load_workbook(io.BytesIO(data))
    _clear_old_marks(wb)
    notes: dict[tuple[str, str], list[str]] = {}
    errors: dict[tuple[str, str], bool] = {}
    for mark in marks:
        if mark.sheet not in wb.sheetnames:
            continue
        ws = wb[mark.sheet]
        ref = mark.ref
        if isinstance(ws[ref], MergedCell):  # shown through the merged range's top-left cell: marked there
            ref = next(r for r in ws.merged_cells.ranges if ref in r).start_cell.coordinate
        key = (mark.sheet, ref)
        notes.setdefault(key, []).append(mark.text)
        errors[key] = errors.get(key, False) or mark.error
    for (sheet, ref), texts in notes.items():
        cell = wb[sheet][ref]
        cell.fill = PatternFill("solid", fgColor=ERROR_FILL if errors[(sheet, ref)] else WARNING_FILL)
        comment = Comment(xml_safe("\n\n".join(texts)), AUTHOR)
        comment.width, comment.height = 420, note_height(len(texts))
        cell.comment = comment

    ws = wb.create_sheet(title, 0)
    ws.append(list(header))
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL)
    top, wrapped = Alignment(vertical="top"), Alignment(vertical="top", wrap_text=True)
    for number, row in enumerate(rows, start=2):
        ws.append([xml_safe(value) if isinstance(value, str) else value for value in row.values])
        for cell in ws[number]:
            cell.alignment = wrapped if cell.column == len(RESULTS_WIDTHS) else top
        ws.row_dimensions[number].height = row_height(str(row.values[-1]), RESULTS_WIDTHS[-1])
        ws.cell(row=number, column=2).fill = PatternFill("solid", fgColor=ERROR_FILL if row.error else WARNING_FILL)
        if row.link is not None and row.link[0] in wb.sheetnames:
            link = ws.cell(row=number, column=4)
            link.hyperlink = f"#'{row.link[0]}'!{row.link[1]}"
            link.font = Font(color="0563C1", underline="single")
    for index, width in enumerate(RESULTS_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    _print_setup(ws)
    wb.active = 0
    for other in wb.worksheets:
        other.sheet_view.tabSelected = other is ws
    buffer = io.BytesIO()
    wb.save(buffer)
    return reproducible_zip(buffer.getvalue())


# --- 合计.xlsx ---------------------------------------------------------------------------------


# Why a workbook is left out of 合计 (the terminal counts them by these).
LEFT_OUT = {
    "superseded": Text("已被替代", "superseded"),
    "unreadable": Text("无法读取", "unreadable"),
    "failed": Text("不通过", "failed"),
    "year": Text("年度不同", "another year"),
    "no_year": Text("年度不明", "year unknown"),
}
LeftOut = tuple[Submission, str, Text]  # the submission, its key of LEFT_OUT, the reason in full


def consolidation(submissions: list[Submission], year: int | None) -> tuple[list[Submission], list[LeftOut]]:
    """What 合计 sums: one workbook per unit (the last saved), passing, of the batch's year.  Returns the
    included submissions and every other one with the reason it is left out."""
    included: list[Submission] = []
    left_out: list[LeftOut] = []
    for sub in submissions:
        status = sub.status
        if status == SUPERSEDED:
            later = sub.superseded_by
            left_out.append(
                (sub, "superseded", Text(f"同一单位有后保存的报送“{later}”", f"the unit's later workbook '{later}'"))
            )
        elif status == UNREADABLE:
            left_out.append((sub, "unreadable", Text("无法读取", "unreadable")))
        elif status == FAILED:
            errors = sub.result.errors
            left_out.append(
                (sub, "failed", Text(f"未通过检查（{errors} 个错误）", f"failed the check ({errors} errors)"))
            )
        elif year is not None and sub.metadata.year is None:
            left_out.append((sub, "no_year", Text("报告中没有写明年度", "the report does not state its year")))
        elif year is not None and sub.metadata.year != year:
            other = sub.metadata.year
            left_out.append(
                (sub, "year", Text(f"报告年度为 {other}，不是本批的 {year}", f"report year {other}, not {year}"))
            )
        else:
            included.append(sub)
    return included, left_out


def consolidated_values(included: list[Submission], year: int | None) -> Values:
    """The sum of the included submissions' tables, as a report of its own."""
    numbers: dict[tuple[str, str, str], Number] = {}
    for sub in included:
        assert sub.result.values is not None
        for key, value in sub.result.values.numbers.items():
            numbers[key] = numbers.get(key, 0) + value
    for key, value in numbers.items():
        if isinstance(value, float):
            numbers[key] = float(format_number(round(value, 6)))
    levels = Counter(sub.metadata.level for sub in included if sub.metadata.level)
    metadata = Metadata(
        org_name=f"合计（{len(included)} 个单位）",
        year=year,
        level=levels.most_common(1)[0][0] if levels else "county",
        org_kind="other",
    )
    prose = {
        "preamble": "",
        "s1": f"本工作簿为 {len(included)} 个单位报送的政府信息公开工作年度报告统计数据的合计，"
        "包含的单位和未计入的报送（及原因）见“合计说明”工作表。",
        "s5": "合计表不含此部分内容，见各单位年度报告。",
        "s6": "各单位信息处理费收取情况见各单位年度报告。",
    }
    return Values(metadata, numbers, prose)


ConsolidationTask = tuple[Values, int | None, list[list[object]], list[list[object]]]


def consolidation_task(included: list[Submission], left_out: list[LeftOut], year: int | None) -> ConsolidationTask:
    """What 合计.xlsx is made of, small enough to hand to a worker: the sum and the rows of 合计说明."""
    rows: list[list[object]] = [
        [sub.metadata.org_name, sub.metadata.credit_code, sub.metadata.year, sub.name] for sub in included
    ]
    left: list[list[object]] = [
        [sub.metadata.org_name, sub.metadata.credit_code, sub.metadata.year, sub.name, reason("zh")]
        for sub, _, reason in left_out
    ]
    return consolidated_values(included, year), year, rows, left


def consolidated_file(task: ConsolidationTask) -> bytes:
    """合计.xlsx: the template holding the sum, and 合计说明 listing the units included and every workbook left
    out with its reason."""
    from ..template.fill import fill
    from ..template.writer import workbook_bytes

    values, year, included, left_out = task
    wb = fill(values)
    ws = wb.create_sheet("合计说明")
    ws.append([f"计入合计的单位（{len(included)} 个，{year} 年度，每个单位一份）"])
    ws.append(["机关名称", "统一社会信用代码", "年度", "文件"])
    for row in included:
        ws.append([_plain(value) for value in row])
    ws.append([])
    ws.append([f"未计入合计的文件（{len(left_out)} 个）"])
    ws.append(["机关名称", "统一社会信用代码", "年度", "文件", "原因"])
    for row in left_out:
        ws.append([_plain(value) for value in row])
    for column, width in zip("ABCDE", (40, 24, 8, 40, 50), strict=True):
        ws.column_dimensions[column].width = width
    return workbook_bytes(wb)
