"""Published reports read by their labels: the seed text, Word files made from workbooks, web pages, own
layouts. Each form must give the verdict and the named cells its workbook gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from published_forms import html_page, text_form
from report_check.check import check_report, check_workbook
from report_check.cli import cli
from report_check.importer import import_report
from report_check.model import Report, Values
from report_check.reader import read_workbook
from report_check.word.document import render_docx
from workbooks import baseline_values, saved_by_libreoffice, write

SEED = Path(__file__).parent.parent / "examples" / "published" / "haishu-2022.txt"
EXAMPLES = Path(__file__).parent.parent / "examples"


def _named(findings: list) -> set[tuple[str, str | None, str | None]]:  # type: ignore[type-arg]
    return {(f.rule, f.row_code, f.column_code) for f in findings}


def test_the_published_seed_text_is_read_whole_and_passes() -> None:
    report = read_workbook(SEED)
    assert report.placed_by == "labels" and report.source_kind == "text"
    assert len(report.cells) == 200 and not report.missing_rows and not report.unplaced_values
    assert report.cells[("t3", "3.1", "total")].raw == 42 and report.cells[("t3", "3.4", "total")].raw == 4
    assert report.cells[("t3", "3.3.6.3", "other")].raw == 0  # 3.其他 placed by its place, not its word
    assert report.cells[("t4", "4.1", "total")].raw == 2 and report.cells[("t2", "2.1.2", "in_force")].raw == 102
    assert {code: cell.raw for code, cell in report.metadata.items()} == {
        "org_name": "宁波市海曙区人民政府办公室",
        "year": 2022,
        "level": "county",
        "org_kind": "office",
    }
    assert report.prose["s6"].raw == "信息收费情况：0。"
    assert str(report.prose["s1"].raw).startswith("2022年，海曙区政府办公室")
    result = check_report(report)
    assert result.valid and not result.findings


def test_a_wrong_figure_in_published_text_is_named_at_its_line_and_column(tmp_path: Path) -> None:
    changed = tmp_path / "改过.txt"
    changed.write_text(SEED.read_text("utf-8").replace("\t37\t5\t0\t0\t0\t0\t42", "\t37\t5\t0\t0\t0\t0\t43"), "utf-8")
    result = check_workbook(changed)
    # The text says 42 received: the cell changed (X20 points at it too).
    assert _named(result.findings) == {("B3", "3.1", "total"), ("B1", "3.3.7", "total"), ("X20", "s1", None)}
    b3 = next(f for f in result.findings if f.rule == "B3")
    assert b3.sheet == "正文" and b3.cell == "I51"  # line 51 of the text, its 9th cell
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(SEED.read_text("utf-8").encode("gbk", errors="replace"))
    assert check_workbook(gbk).valid


@pytest.mark.parametrize(
    "edit",
    [
        {"set": "t3/3.3.1/natural", "value": 14},
        {"set": "t3/3.4/total", "value": 5},
        {"set": "t4/4.2/upheld", "value": 3},
        {"set": "t2/2.1.2/in_force", "value": -1},
    ],
)
def test_every_published_form_names_the_cells_its_workbook_names(tmp_path: Path, edit: dict[str, object]) -> None:
    """A single-cell change: the workbook, its Word report, a page like a CMS's (GBK and UTF-8) and its text
    all give the same findings by code."""
    workbook = write(tmp_path / "报表.xlsx", [edit])
    expected = check_workbook(workbook)
    assert expected.errors and expected.report is not None
    document = tmp_path / "报告.docx"
    document.write_bytes(render_docx(expected))
    forms = [document]
    for encoding in ("utf-8", "gbk"):
        page = tmp_path / f"报告-{encoding}.html"
        page.write_bytes(html_page(expected.report, encoding=encoding))
        forms.append(page)
    text = tmp_path / "报告.txt"
    text.write_text(text_form(expected.report), "utf-8")
    forms.append(text)
    for form in forms:
        result = check_workbook(form)
        assert result.report is not None and result.report.placed_by == "labels", form.name
        imported, data = import_report(form)  # the template filled from it checks as it did
        assert data is not None
        (tmp_path / "导入.xlsx").write_bytes(data)
        assert _named(check_workbook(tmp_path / "导入.xlsx").findings) == _named(imported.findings), form.name
        assert result.values is not None and result.values.metadata.org_name == "宁波市海曙区人民政府办公室", form.name
        assert result.values.metadata.year == 2022 and result.values.metadata.level == "county", form.name
        assert _named(result.findings) == _named(expected.findings), form.name


def test_the_word_report_reads_back_as_its_workbook(tmp_path: Path) -> None:
    source = check_workbook(EXAMPLES / "haishu-2022.xlsx")
    document = tmp_path / "报告.docx"
    document.write_bytes(render_docx(source))
    report = read_workbook(document)
    assert report.source_kind == "docx" and source.report is not None
    assert {k: c.raw for k, c in report.cells.items()} == {k: c.raw for k, c in source.report.cells.items()}
    assert {k: c.raw for k, c in report.prose.items()} == {k: c.raw for k, c in source.report.prose.items()}
    assert check_report(report).valid


def test_an_own_layout_workbook_is_read_by_its_labels(tmp_path: Path) -> None:
    """The official tables typed into a sheet of an office's own (no codes; a title row; tables one under the
    other)."""
    from openpyxl import Workbook

    from published_forms import table_rows

    values = baseline_values()
    wb = Workbook()
    ws = wb.worksheets[0]
    ws.title = "年报数据"
    ws.append([f"{values.metadata.org_name}{values.metadata.year}年政府信息公开工作年度报告"])
    for row in table_rows(_template_report(values)):
        ws.append(row)
    path = tmp_path / "自编.xlsx"
    wb.save(path)
    result = check_workbook(path)
    assert result.report is not None and result.report.placed_by == "labels"
    assert len(result.report.cells) == 200
    assert not [f for f in result.findings if f.rule.startswith(("S", "C"))]


def _template_report(values: Values) -> Report:
    from report_check.format import CURRENT
    from report_check.reader.place.codes import build_report
    from report_check.template.fill import fill, grids_of

    return build_report("<memory>", grids_of(fill(values)), CURRENT)


def test_a_page_without_the_tables_is_unusable_with_its_reason(tmp_path: Path) -> None:
    page = tmp_path / "链接页.html"
    page.write_text(
        "<html><head><meta charset='utf-8'></head><body><p>2022年政府信息公开工作年度报告</p>"
        "<p><a href='report.pdf'>点击下载</a></p></body></html>",
        "utf-8",
    )
    result = check_workbook(page)
    assert result.unusable is not None and result.unusable.rule == "S02"
    outcome = CliRunner().invoke(cli, [str(page)])
    assert outcome.exit_code == 2 and "下载" in outcome.output
    outcome = CliRunner().invoke(cli, ["import", str(page), "-o", str(tmp_path / "导入.xlsx")])
    assert outcome.exit_code == 2 and not (tmp_path / "导入.xlsx").exists()


def test_import_fills_the_template_from_a_published_report(tmp_path: Path) -> None:
    target = tmp_path / "海曙 2022.xlsx"
    outcome = CliRunner().invoke(cli, ["import", str(SEED), "-o", str(target)])
    assert outcome.exit_code == 0 and "已填入模板" in outcome.output, outcome.output
    blank = next(line for line in outcome.output.splitlines() if line.startswith("报告中没有写明、模板中留空待填："))
    assert "统一社会信用代码" in blank and "发布日期" in blank and "机关名称" not in blank  # the clerk fills them in
    imported = check_workbook(target)
    assert imported.valid and imported.report is not None and imported.report.placed_by == "codes"
    assert imported.values is not None and imported.values.metadata.org_name == "宁波市海曙区人民政府办公室"
    source = read_workbook(SEED)
    assert {k: c.raw for k, c in imported.report.cells.items()} == {k: c.raw for k, c in source.cells.items()}
    again = CliRunner().invoke(cli, ["import", str(SEED), "-o", str(target)])
    assert again.exit_code == 2 and "--overwrite" in again.output  # an existing file is not replaced
    assert "检查" not in again.output  # refused before the report is read and checked


def test_a_missing_row_and_an_unplaceable_row_are_findings_not_guesses(tmp_path: Path) -> None:
    lines = SEED.read_text("utf-8").splitlines()
    lines = [line for line in lines if "属于行政查询事项" not in line]  # a row left out
    lines = [
        line.replace("\t0\t0\t0\t0\t0\t0\t0", "\t0\t0\t0\t0\t0\t0") if "重复申请" in line else line for line in lines
    ]
    changed = tmp_path / "缺行.txt"
    changed.write_text("\n".join(lines), "utf-8")
    result = check_workbook(changed)
    rules = {(f.rule, f.row_code) for f in result.findings}
    assert ("C07", "3.3.3.8") in rules and ("C08", "3.3.5.2") in rules
    assert not result.valid


def test_batch_reads_published_forms_beside_workbooks(tmp_path: Path) -> None:
    folder = tmp_path / "收到的"
    folder.mkdir()
    (folder / "江北.txt").write_text(SEED.read_text("utf-8").replace("海曙区", "江北区"), "utf-8")  # another unit
    shutil.copy(EXAMPLES / "fails-balance.xlsx", folder)
    (folder / "说明.txt").write_text("各单位年报已收齐，请审核。", "utf-8")  # a note: skipped
    (folder / "链接页.html").write_text(  # a unit's page that only links its report: counted, not skipped
        "<html><body><p>2022年政府信息公开工作年度报告</p><a href='r.pdf'>下载</a></body></html>", "utf-8"
    )
    outcome = CliRunner().invoke(cli, ["batch", str(folder), "-o", str(tmp_path / "out")])
    assert outcome.exit_code == 1, outcome.output
    import json

    summary = json.loads((tmp_path / "out" / "summary.json").read_text("utf-8"))
    statuses = {item["file"]: item["status"] for item in summary["files"]}
    assert statuses == {"江北.txt": "passed", "fails-balance.xlsx": "failed", "链接页.html": "unreadable"}
    assert [item["file"] for item in summary["skipped"]] == ["说明.txt"]


needs_office = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed: no PDF or .doc can be made here"
)


@needs_office
def test_a_pdf_printed_from_the_word_report_reads_as_its_workbook(tmp_path: Path) -> None:
    """Tables crossing pages (table 三's header repeated), wrapped labels (商业企 / 业), page numbers; and a
    single-cell change named by its codes, as in the workbook."""
    workbook = write(tmp_path / "报表.xlsx", [{"set": "t3/3.3.4.1/natural", "value": 11}])
    expected = check_workbook(workbook)
    document = tmp_path / "报告.docx"
    document.write_bytes(render_docx(expected))
    pdf = saved_by_libreoffice(document, "pdf", tmp_path)
    result = check_workbook(pdf)
    assert result.report is not None and result.report.source_kind == "pdf"
    assert len(result.report.cells) == 200 and not result.report.missing_rows
    assert _named(result.findings) == _named(expected.findings)
    located = next(f for f in result.findings if f.row_code == "3.3.4.1")
    assert located.sheet is not None and located.sheet.startswith("第") and "页表格" in located.sheet
    doc = saved_by_libreoffice(document, "doc", tmp_path)
    assert _named(check_workbook(doc).findings) == _named(expected.findings)


def test_a_scanned_pdf_is_unusable_with_its_reason(tmp_path: Path) -> None:
    from PIL import Image

    scan = tmp_path / "扫描件.pdf"
    Image.new("RGB", (200, 280), "white").save(scan)
    result = check_workbook(scan)
    assert result.unusable is not None and result.unusable.actual == "image_pdf"
    assert "扫描件" in result.unusable.message(result.format) or "图片" in result.unusable.message(result.format)


def test_checks_a_published_report_cannot_make_are_named() -> None:
    result = check_workbook(SEED)
    assert result.skipped == [("W03", ["publish_date"]), ("W07", ["credit_code"])]
    outcome = CliRunner().invoke(cli, [str(SEED)])
    assert "未做的检查：W03（发布日期）、W07（统一社会信用代码）" in outcome.output
    assert check_workbook(EXAMPLES / "haishu-2022.xlsx").skipped == []  # a workbook states them, or gets V10


@pytest.mark.parametrize(
    ("title", "org", "year"),
    [
        (
            ["宁波市北仑区人民政府办公室", "2022 年政府信", "息公开工作年度报告"],
            "宁波市北仑区人民政府办公室",
            2022,
        ),  # wrapped
        (["宁波市海曙区人民政府办公室", "二〇二二年政府信息公开工作年度报告"], "宁波市海曙区人民政府办公室", 2022),
        (["首页 > 政府信息公开年报", "2022年政府信息公开工作年度报告"], None, 2022),  # a breadcrumb is no organ
        (["宁波市海曙区人民政府办公室关于2022年政府信息公开工作年度报告"], "宁波市海曙区人民政府办公室", 2022),
    ],
)
def test_the_organ_and_year_come_from_the_title_or_not_at_all(
    title: list[str], org: str | None, year: int, tmp_path: Path
) -> None:
    lines = SEED.read_text("utf-8").splitlines()
    body = lines[lines.index("一、总体情况") :]
    link = "相关信息：宁波市海曙区人民政府办公室2021年政府信息公开工作年度报告"  # further down: not the title
    path = tmp_path / "报告.txt"
    path.write_text("\n".join([*title, *body, link]), "utf-8")
    result = check_workbook(path)
    assert result.values is not None
    assert (result.values.metadata.org_name, result.values.metadata.year) == (org, year)
    assert ("S09" in {f.rule for f in result.findings}) == (org is None)


def test_a_pdfs_lines_are_paragraphs_again() -> None:
    from report_check.format import CURRENT
    from report_check.reader.prose import reflow

    lines = [
        "宁波市海曙区人民政府办公室",
        "2022 年政府信",
        "息公开工作年度报告",
        "本年度报告根据《条例》（以",
        "下简称）编制。",
        "一、总体情况",
        "（一）主动公开情况。一年来，区本级收到政府信息公开申",
        "请 42 件，办结 39 件。",
        "较",
        "2021 年有所加强。",
    ]
    assert reflow(lines, CURRENT) == [
        "宁波市海曙区人民政府办公室2022 年政府信息公开工作年度报告",
        "本年度报告根据《条例》（以下简称）编制。",
        "一、总体情况",
        "（一）主动公开情况。一年来，区本级收到政府信息公开申请 42 件，办结 39 件。",
        "较2021 年有所加强。",  # a year inside a sentence, not opening one (X21)
    ]


def test_numbers_with_their_unit_are_read_and_named(tmp_path: Path) -> None:
    text = SEED.read_text("utf-8").replace("\t37\t5\t0\t0\t0\t0\t42", "\t37件\t5\t0\t0\t0\t0\t42")
    path = tmp_path / "带单位.txt"
    path.write_text(text, "utf-8")
    result = check_workbook(path)
    assert {(f.rule, f.row_code, f.column_code) for f in result.findings} == {("V05", "3.1", "natural")}
