"""Reading cell values, recomputing formulas, matching labels: the small pure functions."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from report_check.check import check_workbook
from report_check.format import CURRENT
from report_check.format.labels import label_matches
from report_check.model import ExcelError
from report_check.reader.formulas import FormulaError, evaluate
from report_check.values import Problem, credit_check_character, decimal_places, format_number, parse_meta, parse_number
from workbooks import saved_by_libreoffice

SAMPLE = Path(__file__).parent.parent / "examples" / "haishu-2022.xlsx"


@pytest.mark.parametrize(
    ("raw", "value", "problem"),
    [
        (12, 12, None),
        (12.0, 12, None),
        ("12", 12, None),
        (" 12 ", 12, Problem.LENIENT),
        ("１２", 12, Problem.LENIENT),
        ("12件", 12, Problem.LENIENT),
        ("12 项", 12, Problem.LENIENT),
        ("1,024", 1024, Problem.LENIENT),
        (-3, -3, None),
        (2.5, 2.5, None),
        (None, None, Problem.BLANK),
        ("  ", None, Problem.BLANK),
        ("无", None, Problem.NOT_A_NUMBER),
        ("—", None, Problem.NOT_A_NUMBER),
        ("不详", None, Problem.NOT_A_NUMBER),
        (True, None, Problem.NOT_A_NUMBER),
        (float("nan"), None, Problem.NOT_A_NUMBER),
        (float("inf"), None, Problem.NOT_A_NUMBER),
        (10**400, None, Problem.NOT_A_NUMBER),  # openpyxl reads <v>999…</v> as an int no float holds
        ("9" * 400, None, Problem.NOT_A_NUMBER),
        ("1e400", None, Problem.NOT_A_NUMBER),
        ("９" * 400 + "件", None, Problem.NOT_A_NUMBER),
        (10**20, 1e20, None),  # a number, if an implausible one (V17)
        (dt.datetime(2022, 1, 1), None, Problem.NOT_A_NUMBER),
        (ExcelError("#DIV/0!"), None, Problem.EXCEL_ERROR),
    ],
)
def test_parse_number(raw: object, value: object, problem: Problem | None) -> None:
    parsed = parse_number(raw)  # type: ignore[arg-type]
    assert (parsed.value, parsed.problem) == (value, problem)


def test_amounts_keep_their_written_precision() -> None:
    assert decimal_places(24252.311082) == 6
    assert decimal_places(1.5) == 1
    assert decimal_places(3) == 0
    assert format_number(24252.311081999998) == "24252.311082"
    assert format_number(0.1 + 0.2) == "0.3"
    assert decimal_places(0.1 + 0.2) == 1
    # A number smaller than the float noise is not noise: its digits count (V06 names it; was 0 decimals)
    assert decimal_places(2.0306386624709338e-75) == 91
    assert decimal_places(-1e-12) == 12
    assert format_number(2.0306386624709338e-75) == "2.0306386624709338e-75"  # V06 says so, not "0"
    assert format_number(1e20) == "100000000000000000000"
    assert format_number(42) == "42"


def test_credit_code_check_character() -> None:
    assert credit_check_character("91350100M000100Y4") == "3"  # the code printed on GB 32100 examples
    assert credit_check_character("11330203002938472") == "T"
    assert credit_check_character("1133020300293847I") is None  # I is not in the alphabet
    assert credit_check_character("short") is None


@pytest.mark.parametrize(
    ("code", "raw", "expected"),
    [
        ("year", 2022, 2022),
        ("year", "2022年", 2022),
        ("year", 2019, None),
        ("year", 2031, None),
        ("level", "县级", "county"),
        ("level", "county", "county"),
        ("org_kind", "人民政府办公厅(室)", "office"),
        ("publish_date", "2023年1月20日", dt.date(2023, 1, 20)),
        ("publish_date", "2023/1/20", dt.date(2023, 1, 20)),
        ("publish_date", 44946, dt.date(2023, 1, 20)),
        ("publish_date", "2023-02-30", None),
        ("region_code", 330203, "330203"),
        ("region_code", "3302031", None),
        ("credit_code", "11330203002938472t", "11330203002938472T"),
    ],
)
def test_parse_meta(code: str, raw: object, expected: object) -> None:
    parsed = parse_meta(CURRENT.meta(code), raw, dt.date(2026, 11, 26))  # type: ignore[arg-type]
    assert parsed.value == expected
    assert (parsed.problem is None) == (expected is not None)


def test_formulas() -> None:
    cells = {(1, 1): 1.0, (1, 2): 2.0, (2, 1): 3.0, (2, 2): 4.0}

    def resolve(row: int, column: int) -> float:
        return cells.get((row, column), 0.0)

    assert evaluate("=SUM(A1:B2)", resolve) == 10
    assert evaluate("=A1+B1*(A2-B2)", resolve) == -1
    assert evaluate("=sum(A1,B2,5)", resolve) == 10
    assert evaluate("=-A1+$B$2", resolve) == 3
    for bad in ("=VLOOKUP(A1,A1:B2,2)", "=A1/0", "=SUM(A1", "=A1 B1", "=Sheet2!A1"):
        with pytest.raises(FormulaError):
            evaluate(bad, resolve)


@pytest.mark.parametrize(
    ("found", "official", "ok"),
    [
        ("一、本年新收到政府信息公开申请数量", "一、本年新收政府信息公开申请数量", True),
        ("二、上年转结政府信息公开申请数量", "二、上年结转政府信息公开申请数量", True),
        ("商业 企业", "商业企业", True),
        ("本年度办 理结果", "三、本年度办理结果", True),
        ("1、逾期不补正", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", True),
        (
            "(二) 部分公开(区分处理的,只计这一情形,不计其他情形)",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            True,
        ),
        ("五、政府信息公开工作存在的主要问题及改进情况", "五、存在的主要问题及改进情况", True),
        ("行政法复议", "行政复议", True),
        ("", "规章", True),
        ("（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", False),
        ("2.其他法律行政法规禁止公开", "3.其他", False),
        ("行政规范性文件", "规章", False),
        ("结果纠正", "结果维持", False),
    ],
)
def test_label_matching(found: str, official: str, ok: bool) -> None:
    assert label_matches(CURRENT, found, official) is ok


def _typed_as_text(tmp_path: Path, cells: dict[str, str]) -> Path:
    """The sample with cells of 依申请公开 replaced as Excel saves them: ``{"E7": "37"}`` makes E7 a text cell
    (a shared string, as Excel and WPS write it) holding 37, ``{"K7": "=5"}`` a number cell holding 5 (a total
    as SUM computed it without the text)."""
    path = tmp_path / "文本型数字.xlsx"
    with zipfile.ZipFile(SAMPLE) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    strings = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{main}" count="0" uniqueCount="0"></sst>'
    )
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    types = parts["[Content_Types].xml"].decode("utf-8")
    parts["[Content_Types].xml"] = types.replace(
        "</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}"/></Types>'
    ).encode("utf-8")
    rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
    relation = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdStrings" Type="{relation}" Target="sharedStrings.xml"/></Relationships>',
    ).encode("utf-8")
    count = 0
    sheet = parts["xl/worksheets/sheet3.xml"].decode("utf-8")
    for ref, value in cells.items():
        if value.startswith("="):
            cell = f'<c r="{ref}" s="23" t="n"><v>{value[1:]}</v></c>'
        else:
            strings = strings.replace("</sst>", f'<si><t xml:space="preserve">{value}</t></si></sst>')
            cell = f'<c r="{ref}" s="11" t="s"><v>{count}</v></c>'
            count += 1
        sheet = re.sub(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', cell, sheet, count=1)
    strings = re.sub(r'(count|uniqueCount)="\d+"', rf'\1="{count}"', strings)
    parts["xl/sharedStrings.xml"] = strings.encode("utf-8")
    parts["xl/worksheets/sheet3.xml"] = sheet.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def test_a_count_typed_as_text_is_named_at_its_cell(tmp_path: Path) -> None:
    """'37 in E7 (WPS/Excel 文本型数字): the template's SUM in K7 left it out (5 instead of 42). The finding is at
    E7 and says so; the balance errors it caused (B3 on K7, B1 on column K) are not reported on the totals."""
    result = check_workbook(_typed_as_text(tmp_path, {"E7": "37", "K7": "=5"}))
    rules = [(f.rule, f.cell, str(f.severity)) for f in result.findings]
    assert rules == [("V18", "E7", "error")], rules
    message = result.findings[0].message(CURRENT)
    assert "文本格式的数字" in message and "K7" in message and "少算了 37" in message


def test_a_number_stored_as_text_that_broke_no_total_is_a_warning(tmp_path: Path) -> None:
    result = check_workbook(_typed_as_text(tmp_path, {"E7": "37"}))  # K7 still holds 42: typed over by hand
    assert [(f.rule, f.cell, str(f.severity)) for f in result.findings] == [("V18", "E7", "warning")]


def test_a_table_pasted_as_text_gives_findings_at_the_cells_not_the_totals(tmp_path: Path) -> None:
    cells = {"E7": "37", "F7": "5", "K7": "=0", "E8": "1", "K8": "=0"}
    result = check_workbook(_typed_as_text(tmp_path, cells))
    assert {f.rule for f in result.findings} == {"V18"}
    assert {f.cell for f in result.findings} == {"E7", "F7", "E8"}


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed: the workbook cannot be recalculated by a spreadsheet program here",
)
def test_a_count_typed_as_text_in_a_workbook_recalculated_by_a_spreadsheet_program(tmp_path: Path) -> None:
    """As a clerk makes it: the template filled with the sample's figures, E7 typed as text, then saved by a
    spreadsheet program, whose SUMs (K7, K30 …) leave the text out."""
    from openpyxl import load_workbook

    from report_check.samples import haishu_2022
    from report_check.template.fill import fill

    wb = fill(haishu_2022())
    sheet = wb["依申请公开"]
    sheet["E7"].value = "37"
    sheet["E7"].number_format = "@"
    sheet["K7"].value = "=SUM(E7:J7)"  # the template's formula for the row's total
    source = tmp_path / "填好的.xlsx"
    wb.save(source)
    saved = saved_by_libreoffice(source, "xlsx", tmp_path)
    assert load_workbook(saved, data_only=True)["依申请公开"]["K7"].value == 5  # the SUM left 37 out
    result = check_workbook(saved)
    assert [(f.rule, f.cell, str(f.severity)) for f in result.findings if f.rule != "V08"] == [("V18", "E7", "error")]
