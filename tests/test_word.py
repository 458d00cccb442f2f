"""The Word report: numbers read back from the right cells, the official merges, type and page, reproducibility."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.table import Table
from hypothesis import HealthCheck, given, settings
from lxml import etree

from report_check.check import Result, check_report, check_workbook
from report_check.cli import cli
from report_check.format import CURRENT
from report_check.model import Values
from report_check.values import format_number
from report_check.word.content import split_level2
from report_check.word.document import render_docx
from report_check.word.ooxml import out_of_order
from report_check.word.reference import build_document, render_reference
from test_properties import balanced_values
from wordprops import Resolved, resolve_docx, text_width_twips
from workbooks import baseline_values, report_from, write

EXAMPLES = Path(__file__).parent.parent / "examples"
GOLDEN = Path(__file__).parent / "golden" / "haishu-2022.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Where FORMAT.md section 6 puts every value of table 二: (row, first column) in the 4-column table.
T2_POSITIONS = {"2.1.1": (2, 1), "2.1.2": (3, 1), "2.5.1": (6, 1), "2.6.1": (9, 1), "2.6.2": (10, 1), "2.8.1": (13, 1)}


def expected_position(key: tuple[str, str, str]) -> tuple[int, int, int]:
    """(table index, row, column) of a value in the document, from FORMAT.md section 6 alone."""
    table_id, row, column = key
    if table_id == "t2":
        r, c = T2_POSITIONS[row]
        offset = ("issued", "repealed", "in_force").index(column) if column in ("issued", "repealed", "in_force") else 0
        return 0, r, c + offset
    table = CURRENT.table(table_id)
    if table_id == "t3":
        return 1, 3 + table.row_codes.index(row), 3 + table.column_codes.index(column)
    return 2, 3, 5 * table.row_codes.index(row) + table.column_codes.index(column)


def assert_numbers_read_back(doc: object, values: Values) -> int:
    tables = doc.tables  # type: ignore[attr-defined]
    assert len(tables) == 3
    checked = 0
    for table in CURRENT.tables:
        for row, column in table.cells():
            key = (table.id, row.code, column.code)
            index, r, c = expected_position(key)
            assert tables[index].cell(r, c).text == format_number(values.numbers[key]), key
            checked += 1
    return checked


def _result(values: Values) -> Result:
    return check_report(report_from(values))


def test_every_number_of_the_sample_is_in_its_cell(tmp_path: Path) -> None:
    result = check_workbook(EXAMPLES / "haishu-2022.xlsx")
    assert result.values is not None
    doc = Document(io.BytesIO(render_docx(result)))
    assert assert_numbers_read_back(doc, result.values) == 10 + 175 + 15


@settings(deadline=None, max_examples=8, suppress_health_check=[HealthCheck.too_slow])
@given(balanced_values())
def test_every_number_of_generated_reports_is_in_its_cell(values: Values) -> None:
    doc = Document(io.BytesIO(render_docx(_result(values))))
    assert_numbers_read_back(doc, values)


def test_amount_without_float_noise() -> None:
    values = baseline_values()
    values.numbers[("t2", "2.8.1", "amount")] = 24252.311081999998
    doc = Document(io.BytesIO(render_docx(_result(values))))
    assert doc.tables[0].cell(13, 1).text == "24252.311082"


def _same(table: Table, a: tuple[int, int], b: tuple[int, int]) -> bool:
    return table.cell(*a)._tc is table.cell(*b)._tc


@pytest.mark.parametrize("route", ["direct", "python-docx"])
def test_tables_have_the_official_merged_structure(route: str) -> None:
    result = _result(baseline_values())
    doc = Document(io.BytesIO(render_docx(result))) if route == "direct" else build_document(result)
    t2, t3, t4 = doc.tables
    # 二: caption rows across 4 columns; one header and value cell across 3 for (五)(六)(八).
    assert _same(t2, (0, 0), (0, 3)) and t2.cell(0, 0).text == "第二十条第（一）项"
    assert [t2.cell(1, c).text for c in range(4)] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert _same(t2, (5, 1), (5, 3)) and t2.cell(5, 1).text == "本年处理决定数量"
    assert _same(t2, (13, 1), (13, 3)) and t2.cell(12, 1).text == "本年收费金额（单位：万元）"
    # 三: the note 3x3, 申请人情况 over 7, 自然人 and 总计 down 2, 法人或其他组织 over 5.
    assert len(t3.columns) == 10 and len(t3.rows) == 28
    assert _same(t3, (0, 0), (2, 2)) and "勾稽关系" in t3.cell(0, 0).text
    assert _same(t3, (0, 3), (0, 9)) and t3.cell(0, 3).text == "申请人情况"
    assert _same(t3, (1, 3), (2, 3)) and t3.cell(1, 3).text == "自然人"
    assert _same(t3, (1, 4), (1, 8)) and t3.cell(1, 4).text == "法人或其他组织"
    assert _same(t3, (1, 9), (2, 9)) and t3.cell(1, 9).text == "总计"
    assert [t3.cell(2, c).text for c in range(4, 9)] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    # 一、二、四 across the 3 label columns; 三、本年度办理结果 down 22 rows; (三) 8, (四) 3, (五) 5, (六) 3.
    for row in (3, 4, 27):
        assert _same(t3, (row, 0), (row, 2))
    assert _same(t3, (5, 0), (26, 0)) and not _same(t3, (4, 0), (5, 0)) and t3.cell(5, 0).text == "三、本年度办理结果"
    for first, last, text in (
        (7, 14, "（三）不予公开"),
        (15, 17, "（四）无法提供"),
        (18, 22, "（五）不予处理"),
        (23, 25, "（六）其他处理"),
    ):
        assert _same(t3, (first, 1), (last, 1)) and t3.cell(first, 1).text == text
        assert not _same(t3, (last + 1, 1), (last, 1))
    for row in (5, 6, 26):  # （一）（二）（七） across label columns 2-3
        assert _same(t3, (row, 1), (row, 2))
    # 四: 15 columns; 行政复议 over 5, 行政诉讼 over 10; its two kinds over 5; the 行政复议 headers down 2.
    assert len(t4.columns) == 15 and len(t4.rows) == 4
    assert _same(t4, (0, 0), (0, 4)) and t4.cell(0, 0).text == "行政复议"
    assert _same(t4, (0, 5), (0, 14)) and t4.cell(0, 5).text == "行政诉讼"
    assert _same(t4, (1, 5), (1, 9)) and t4.cell(1, 5).text == "未经复议直接起诉"
    assert _same(t4, (1, 10), (1, 14)) and t4.cell(1, 10).text == "复议后起诉"
    assert _same(t4, (1, 0), (2, 0)) and t4.cell(1, 0).text == "结果维持"
    assert [t4.cell(2, c).text for c in range(5, 10)] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def _xml(data: bytes, part: str) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(part))


def test_page_setup_and_tables_fit_the_text_block() -> None:
    data = render_docx(_result(baseline_values()))
    body = _xml(data, "word/document.xml")
    sect = body.find(f".//{W}sectPr")
    assert sect is not None
    size, margins, grid = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar"), sect.find(f"{W}docGrid")
    assert size is not None and margins is not None and grid is not None
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")  # A4
    mm = {side: int(margins.get(f"{W}{side}") or 0) / 56.7 for side in ("top", "bottom", "left", "right")}
    assert {side: round(value) for side, value in mm.items()} == {"top": 37, "bottom": 35, "left": 28, "right": 26}
    assert grid.get(f"{W}linePitch") == "579"  # 22 lines in 225 mm
    for table in body.iter(f"{W}tbl"):
        widths = [int(col.get(f"{W}w") or 0) for col in table.iter(f"{W}gridCol")]
        assert abs(sum(widths) / 56.7 - 156) < 1.5
        rows = table.findall(f"{W}tr")
        assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows)
    t3 = list(body.iter(f"{W}tbl"))[1]
    repeated = [row.find(f"{W}trPr/{W}tblHeader") is not None for row in t3.findall(f"{W}tr")]
    assert repeated[:4] == [True, True, True, False]


def test_chinese_fonts_are_in_the_east_asian_slot_of_every_style_and_run() -> None:
    data = render_docx(_result(baseline_values()))
    styles = _xml(data, "word/styles.xml")
    expected = {"Normal": "仿宋_GB2312", "Title": "方正小标宋简体", "Heading1": "黑体", "Heading2": "楷体_GB2312"}
    for style_id, font in expected.items():
        style = styles.find(f"{W}style[@{W}styleId='{style_id}']")
        assert style is not None
        fonts = style.find(f"{W}rPr/{W}rFonts")
        assert fonts is not None and fonts.get(f"{W}eastAsia") == font, style_id
        assert fonts.get(f"{W}eastAsiaTheme") is None
    for part in ("word/document.xml", "word/footer1.xml", "word/footer2.xml"):
        root = _xml(data, part)
        runs = list(root.iter(f"{W}r"))
        assert runs
        for run in runs:
            fonts = run.find(f"{W}rPr/{W}rFonts")
            assert fonts is not None and fonts.get(f"{W}eastAsia"), etree.tostring(run, encoding="unicode")[:200]


def test_properties_follow_the_schema_order_word_requires() -> None:
    data = render_docx(_result(baseline_values()))
    for part in ("word/document.xml", "word/styles.xml", "word/footer1.xml", "word/footer2.xml"):
        assert out_of_order(_xml(data, part)) == [], part


def test_title_sections_and_headings() -> None:
    doc = Document(io.BytesIO(render_docx(_result(baseline_values()))))
    paragraphs = [(p.style.name if p.style else "", p.text) for p in doc.paragraphs]
    assert paragraphs[0] == ("Title", "宁波市海曙区人民政府办公室\n2022年政府信息公开工作年度报告")
    assert [text for style, text in paragraphs if style == "Heading 1"] == list(CURRENT.sections)
    # The sample writes its sub-headings run in ("（一）主动公开情况。一是……"): they stay in their paragraphs.
    assert [text for style, text in paragraphs if style == "Heading 2"] == []
    run_in = [text for style, text in paragraphs if style == "Normal" and split_level2(text)]
    assert [split_level2(text)[0] for text in run_in] == [  # type: ignore[index]
        "（一）主动公开情况。",
        "（二）依申请公开情况。",
        "（三）政府信息管理情况。",
        "（四）平台建设情况。",
        "（五）监督保障情况。",
    ]
    body = "\n".join(text for _, text in paragraphs)
    assert "本年度报告根据《中华人民共和国政府信息公开条例》" in body  # the workbook's own preamble
    assert "区本级收到政府信息公开申请 42 件" in body


def test_preamble_is_composed_when_the_workbook_has_none() -> None:
    values = baseline_values()
    values.prose["preamble"] = ""
    doc = Document(io.BytesIO(render_docx(_result(values))))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "统计期限自2022年1月1日起至2022年12月31日止" in text
    assert "国办公开办函〔2021〕30号" in text and "www.haishu.gov.cn" in text


def test_level2_split() -> None:
    assert split_level2("（一）主动公开情况。一是……") == ("（一）主动公开情况。", "一是……")
    assert split_level2("(二)依申请公开情况：主动加强沟通") == ("(二)依申请公开情况：", "主动加强沟通")
    assert split_level2("（三）政府信息管理情况") == ("（三）政府信息管理情况", "")
    assert split_level2("一是围绕重大项目") is None


def test_same_workbook_same_bytes() -> None:
    result = _result(baseline_values())
    assert render_docx(result) == render_docx(result)
    core = etree.tostring(_xml(render_docx(result), "docProps/core.xml"), encoding="unicode")
    assert "2021-09-26" not in core and "created" not in core  # no publication date in the workbook: no date
    values = baseline_values()
    values.metadata = dataclasses.replace(values.metadata, publish_date=dt.date(2023, 1, 20))
    core = etree.tostring(_xml(render_docx(_result(values)), "docProps/core.xml"), encoding="unicode")
    assert core.count("2023-01-20T00:00:00Z") == 2


def _canonical_parts(data: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    parts = {}
    for name in sorted(archive.namelist()):
        content = archive.read(name)
        if name.endswith((".xml", ".rels")):
            content = etree.tostring(etree.fromstring(content), method="c14n")
        parts[name] = content
    return parts


def test_golden_document(update_golden: bool) -> None:
    data = render_docx(check_workbook(EXAMPLES / "haishu-2022.xlsx"))
    if update_golden:
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_bytes(data)
    golden, current = _canonical_parts(GOLDEN.read_bytes()), _canonical_parts(data)
    assert sorted(golden) == sorted(current)
    changed = [name for name in golden if golden[name] != current[name]]
    assert not changed, f"parts differ from tests/golden: {changed}; refresh with pytest --update-golden"


def test_convert_command(tmp_path: Path) -> None:
    runner = CliRunner()
    source = tmp_path / "报告 2022.xlsx"
    shutil.copy(EXAMPLES / "haishu-2022.xlsx", source)
    result = runner.invoke(cli, ["convert", str(source)])
    assert result.exit_code == 0, result.output
    target = tmp_path / "报告 2022.docx"
    assert target.exists() and "已生成 Word 报告" in result.output
    again = runner.invoke(cli, ["convert", str(source)])
    assert again.exit_code == 2 and "--overwrite" in again.output
    assert runner.invoke(cli, ["convert", str(source), "--overwrite", "-o", str(tmp_path / "x.docx")]).exit_code == 0
    assert not list(tmp_path.glob("*.part"))


def test_a_workbook_with_errors_is_converted_only_with_force(tmp_path: Path) -> None:
    source = write(tmp_path / "bad.xlsx", [{"set": "t3/3.4/natural", "value": 5}])
    runner = CliRunner()
    refused = runner.invoke(cli, ["convert", str(source)])
    assert refused.exit_code == 1 and "B1" in refused.output and "未生成" in refused.output
    assert not (tmp_path / "bad.docx").exists()
    forced = runner.invoke(cli, ["convert", str(source), "--force"])
    assert forced.exit_code == 1 and "强制生成" in forced.output
    doc = Document(str(tmp_path / "bad.docx"))
    first_page = "\n".join(p.text for p in doc.paragraphs[:4])
    assert "未通过检查" in first_page and "相差" in first_page
    assert doc.tables[1].cell(27, 3).text == "5"  # the value as the workbook holds it


def test_unusable_workbook_is_not_converted(tmp_path: Path) -> None:
    source = tmp_path / "x.xlsx"
    source.write_bytes(b"PK\x03\x04 truncated")
    result = CliRunner().invoke(cli, ["convert", str(source), "--force"])
    assert result.exit_code == 2 and not (tmp_path / "x.docx").exists()


def _scaled(values: Values, digits: int) -> Values:
    """The report with every count multiplied so that its largest reaches ``digits`` digits (a province's 合计)."""
    counts = {key: value for key, value in values.numbers.items() if key[2] != "amount"}
    factor = max(1, (10**digits - 1) // max(int(v) for v in counts.values()))
    numbers = {key: value if key[2] == "amount" else int(value) * factor for key, value in values.numbers.items()}
    return dataclasses.replace(values, numbers=numbers)


def _every_count(values: Values, value: int) -> Values:
    numbers = {key: (v if key[2] == "amount" else value) for key, v in values.numbers.items()}
    numbers[("t2", "2.8.1", "amount")] = 9999999.9999
    return dataclasses.replace(values, numbers=numbers)


def _reports() -> dict[str, Result]:
    sample = check_workbook(EXAMPLES / "haishu-2022.xlsx")
    assert sample.values is not None
    return {
        "sample": sample,
        "province": _result(_scaled(sample.values, 6)),
        "seven digits": _result(_scaled(sample.values, 7)),
        "every count 9999999": _result(_every_count(sample.values, 9_999_999)),
        "every count 99999999": _result(_every_count(sample.values, 99_999_999)),  # 8 digits: 七号
        "failed": check_workbook(EXAMPLES / "fails-balance.xlsx"),
    }


REPORTS = _reports()


@pytest.mark.parametrize("name", list(REPORTS))
def test_direct_writer_matches_python_docx(name: str) -> None:
    direct, reference = _canonical_parts(render_docx(REPORTS[name])), _canonical_parts(render_reference(REPORTS[name]))
    assert sorted(direct) == sorted(reference)
    assert [part for part in direct if direct[part] != reference[part]] == []


@settings(deadline=None, max_examples=5, suppress_health_check=[HealthCheck.too_slow])
@given(balanced_values())
def test_direct_writer_matches_python_docx_on_generated_reports(values: Values) -> None:
    result = _result(values)
    assert _canonical_parts(render_docx(result)) == _canonical_parts(render_reference(result))


def _body(name: str) -> list[Resolved]:
    return resolve_docx(render_docx(REPORTS[name]))["word/document.xml"]


@pytest.mark.parametrize("name", list(REPORTS))
def test_indents_as_word_resolves_them(name: str) -> None:
    paragraphs = _body(name)
    cells = [p for p in paragraphs if p.in_table]
    assert len(cells) > 300
    for p in cells:  # no table cell inherits the body's indent: numbers and headers would break inside
        assert (p.indent("firstLine"), p.indent("left"), p.indent("right")) == (0, 0, 0), p.text()
    title, *rest = [p for p in paragraphs if not p.in_table]
    assert title.style == "Title" and title.indent("firstLine") == 0 and title.ppr["jc"]["val"] == "center"
    body = [p for p in rest if p.text()]
    assert {p.style for p in body} <= {"Normal", "Heading1", "Heading2"}
    for p in body:  # two characters of 三号: 32 pt
        assert p.char_twips() == 320 and p.indent("firstLine") == 640, p.text()[:20]
        assert (p.indent("left"), p.indent("right")) == (0, 0)


def test_page_numbers_as_word_resolves_them() -> None:
    parts = resolve_docx(render_docx(REPORTS["sample"]))
    for part, side in (("word/footer1.xml", "right"), ("word/footer2.xml", "left")):
        (p,) = parts[part]
        assert p.text() == "— 1 —"
        assert p.ppr["jc"]["val"] == side
        assert p.indent("firstLine") == 0
        other = "left" if side == "right" else "right"
        assert p.indent(side) == 280 and p.indent(other) == 0  # one character of 四号 (14 pt)
        for text, props in p.runs:
            fonts = props["rFonts"]
            assert {fonts[slot] for slot in ("ascii", "hAnsi", "eastAsia")} == {"宋体"}, text  # digits too
            assert props["sz"]["val"] == "28"
    settings_xml = etree.tostring(_xml(render_docx(REPORTS["sample"]), "word/settings.xml"), encoding="unicode")
    assert "evenAndOddHeaders" in settings_xml


@pytest.mark.parametrize("name", list(REPORTS))
def test_fonts_as_word_resolves_them(name: str) -> None:
    expected = {"Title": ("方正小标宋简体", "44"), "Heading1": ("黑体", "32"), "Heading2": ("楷体_GB2312", "32")}
    for p in _body(name):
        for text, props in p.runs:
            if not text.strip():
                continue
            east_asia, size = props["rFonts"]["eastAsia"], props["sz"]["val"]
            if p.in_table:
                assert east_asia == "仿宋_GB2312"
            elif p.style in expected:
                assert (east_asia, size) == expected[p.style], text
            elif split_level2(text) and split_level2(text) == (text, ""):
                assert (east_asia, size) == ("楷体_GB2312", "32"), text  # a run-in sub-heading
            elif "未通过检查" not in text:
                assert (east_asia, size) == ("仿宋_GB2312", "32"), text[:20]


@pytest.mark.parametrize("name", list(REPORTS))
def test_every_number_fits_on_one_line_of_its_cell(name: str) -> None:
    cells = [p for p in _body(name) if p.in_table]
    sizes = {p.size_pt() for p in cells if p.runs}
    assert len(sizes) == 1  # one type size for the three tables
    numbers = [p for p in cells if re.fullmatch(r"[0-9.]+", p.text())]
    assert len(numbers) == 200
    for p in numbers:
        assert p.cell_width is not None
        assert text_width_twips(p.text(), p.size_pt()) <= p.cell_width, (p.text(), p.cell_width)
    if name == "sample":
        assert sizes == {10.5}  # 五号 when nothing needs less


def test_a_forced_document_with_text_in_a_number_cell_keeps_its_table() -> None:
    text = "这一格填的是一大段文字而不是数字，强制生成时照样印出"
    result = check_report(report_from(baseline_values(), raw={("t3", "3.1", "natural"): text}))
    assert result.errors
    data = render_docx(result)
    for table in _xml(data, "word/document.xml").iter(f"{W}tbl"):
        widths = [int(col.get(f"{W}w") or 0) for col in table.iter(f"{W}gridCol")]
        assert min(widths) > 300 and sum(widths) == 8845  # the labels keep 50 mm; the text wraps
    assert text in "".join(p.text() for p in resolve_docx(data)["word/document.xml"])


def test_run_in_sub_headings_keep_their_paragraph_and_punctuation() -> None:
    values = baseline_values()
    values.prose["s1"] = "总体情况。\n（一）主动公开情况。一是……\n（二）依申请公开情况\n本年收到申请。"
    paragraphs = [p for p in resolve_docx(render_docx(_result(values)))["word/document.xml"] if not p.in_table]
    texts = [(p.style, [(text, props["rFonts"]["eastAsia"]) for text, props in p.runs]) for p in paragraphs]
    start = texts.index(("Heading1", [("一、总体情况", "黑体")]))
    assert texts[start + 1 : start + 5] == [
        ("Normal", [("总体情况。", "仿宋_GB2312")]),
        ("Normal", [("（一）主动公开情况。", "楷体_GB2312"), ("一是……", "仿宋_GB2312")]),
        ("Heading2", [("（二）依申请公开情况", "楷体_GB2312")]),
        ("Normal", [("本年收到申请。", "仿宋_GB2312")]),
    ]


def _rows(data: bytes) -> list[list[tuple[bool, bool, str]]]:
    """Per table, per row: (keeps with the next row, is a repeated header row, the row's text)."""
    body = _xml(data, "word/document.xml")
    resolved = iter(p for p in resolve_docx(data)["word/document.xml"] if p.in_table)
    tables = []
    for table in body.iter(f"{W}tbl"):
        rows = []
        for tr in table.findall(f"{W}tr"):
            paragraphs = [next(resolved) for _ in tr.iter(f"{W}p")]
            keeps = {p.toggle("keepNext") for p in paragraphs}
            assert len(keeps) == 1  # Word keeps a row with the next when its paragraphs do
            header = tr.find(f"{W}trPr/{W}tblHeader") is not None
            rows.append((keeps.pop(), header, "".join(p.text() for p in paragraphs)))
        tables.append(rows)
    return tables


def test_tables_across_pages() -> None:
    data = render_docx(REPORTS["sample"])
    headings = [p for p in _body("sample") if p.style == "Heading1"]
    assert all(p.toggle("keepNext") for p in headings)  # each heading stays with what follows it
    t2, t3, t4 = _rows(data)
    # 二: each 第二十条 item (caption, header, rows) on one page, the items free to part.
    items = [[True, True, True, False], [True, True, False], [True, True, True, False], [True, True, False]]
    assert [keep for keep, _, _ in t2] == [keep for item in items for keep in item]
    # 三: the three header rows repeat and stay with 一、二、 and the first result row.
    assert [header for _, header, _ in t3] == [True] * 3 + [False] * 25
    assert [keep for keep, _, _ in t3[:5]] == [True] * 5 and "（一）予以公开" in t3[5][2]
    # a numbered sub-item never parts from its merged group label: the groups (三)–(六) stay together
    for first, last in ((7, 14), (15, 17), (18, 22), (23, 25)):
        assert [keep for keep, _, _ in t3[first : last + 1]] == [True] * (last - first) + [False]
    # but the 22 rows under 三、本年度办理结果 may break (a table longer than a page cannot be kept whole)
    assert sum(keep for keep, _, _ in t3) < 25
    assert [keep for keep, _, _ in t4] == [True, True, True, False]
    assert all(keep is False for keep, _, _ in (t2[-1], t3[-1], t4[-1]))


def test_one_look_for_the_three_tables() -> None:
    data = render_docx(REPORTS["sample"])
    body = etree.tostring(_xml(data, "word/document.xml"), encoding="unicode")
    assert "w:shd" not in body and "<w:b/>" not in body  # no grey captions, no bold headers
    styles = {(p.table_style, p.style) for p in _body("sample") if p.in_table}
    assert styles == {("TableGrid", "TableText")}


def test_a_clean_chinese_package() -> None:
    data = render_docx(REPORTS["sample"])
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert not any("stylesWithEffects" in name or "customXml" in name for name in names)
    settings_xml = _xml(data, "word/settings.xml")
    mode = settings_xml.find(f"{W}compat/{W}compatSetting[@{W}name='compatibilityMode']")
    assert mode is not None and mode.get(f"{W}val") == "15"
    lang = settings_xml.find(f"{W}themeFontLang")
    assert lang is not None and lang.get(f"{W}eastAsia") == "zh-CN"
    fonts = {font.get(f"{W}name"): font for font in _xml(data, "word/fontTable.xml").findall(f"{W}font")}
    used = set()
    for part in ("word/document.xml", "word/styles.xml", "word/footer1.xml", "word/footer2.xml"):
        for element in _xml(data, part).iter(f"{W}rFonts"):
            used |= {element.get(f"{W}{slot}") for slot in ("ascii", "hAnsi", "eastAsia", "cs")} - {None}
    assert used == {"仿宋_GB2312", "楷体_GB2312", "方正小标宋简体", "黑体", "宋体", "Times New Roman"}
    assert used <= set(fonts)
    for name in used - {"Times New Roman"}:
        font = fonts[name]
        charset = font.find(f"{W}charset")
        assert charset is not None and charset.get(f"{W}val") == "86", name
        assert font.find(f"{W}panose1") is not None and font.find(f"{W}altName") is not None, name
    app = zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml").decode()
    assert "Macintosh" not in app and "<Pages>" not in app and "宁波市海曙区人民政府办公室" in app
    core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
    assert "<dc:title>宁波市海曙区人民政府办公室2022年政府信息公开工作年度报告</dc:title>" in core
    assert "<dc:creator>宁波市海曙区人民政府办公室</dc:creator>" in core


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed: render test skipped"
)
def test_libreoffice_renders_the_report(tmp_path: Path) -> None:
    docx = tmp_path / "report.docx"
    docx.write_bytes(render_docx(check_workbook(EXAMPLES / "haishu-2022.xlsx")))
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "report.pdf"
    assert pdf.exists()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    assert 4 <= pages <= 10
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        squeezed = re.sub(r"\s+", "", text)
        assert "2022年政府信息公开工作年度报告" in squeezed
        assert "三、收到和处理政府信息公开申请情况" in squeezed
        assert "—1—" in squeezed
