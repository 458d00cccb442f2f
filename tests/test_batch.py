"""report-check batch: every output opened, the roster, last year's reports, the totals, broken files."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import os
import re
import shutil
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from report_check.batch import BatchOptions, OutputDirExists, collect, run_batch
from report_check.check import check_workbook
from report_check.cli import cli
from report_check.format import CURRENT
from report_check.model import Values
from report_check.rules.registry import RULES
from report_check.values import credit_check_character
from workbooks import baseline_values, saved_by_libreoffice, write

EXAMPLES = Path(__file__).parent.parent / "examples"
DATA = Path(__file__).parent / "data"


def unit(index: int, year: int = 2022, **numbers: int) -> Values:
    """A different unit with the sample's figures (valid credit code, own name)."""
    values = baseline_values()
    first17 = f"1133{index:013d}"
    meta = dataclasses.replace(
        values.metadata, org_name=f"测试县第{index}局", credit_code=first17 + str(credit_check_character(first17))
    )
    meta.year = year
    # Its own text: the year its own, and no figures (tests change them: the sample's would then disagree, X20).
    prose = {code: text.replace("2022", str(year)) for code, text in values.prose.items()}
    prose["s1"] = re.sub(r"一年来，区本级收到[^。]*", "一年来，依申请公开办理规范有序", prose["s1"])
    return dataclasses.replace(values, metadata=meta, numbers=dict(values.numbers), prose=prose)


def make(folder: Path, name: str, values: Values, edits: Sequence[Mapping[str, object]] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return write(folder / name, edits or [], values)


@pytest.fixture
def submissions(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    make(folder, "a.xlsx", unit(1))
    make(folder / "sub", "b.xlsx", unit(2), [{"set": "t3/3.4/natural", "value": 5}])  # B1 x2
    make(folder, "c.xlsx", unit(3), [{"prose": "s6", "value": "无"}])  # W05
    (folder / "broken.xlsx").write_bytes(b"PK\x03\x04 not really")
    (folder / "~$a.xlsx").write_bytes(b"lock file of Excel")
    return folder


def test_batch_writes_every_output(submissions: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    originals = {p: p.read_bytes() for p in submissions.rglob("*") if p.is_file()}
    result = run_batch([submissions], out, BatchOptions(jobs=1, consolidate=True, docx=True))
    assert result.exit_code == 1
    statuses = {sub.name: sub.status for sub in result.submissions}
    assert statuses == {"a.xlsx": "通过", "sub/b.xlsx": "不通过", "c.xlsx": "有警告", "broken.xlsx": "无法读取"}
    assert {p: p.read_bytes() for p in submissions.rglob("*") if p.is_file()} == originals  # inputs untouched

    summary = load_workbook(out / "汇总.xlsx")
    assert summary.sheetnames[:2] == ["汇总", "问题清单"]
    sheet = summary["汇总"]
    assert [c.value for c in sheet[1]][:6] == ["序号", "机关名称", "统一社会信用代码", "年度", "文件", "状态"]
    rows = {row[4]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["sub/b.xlsx"][1] == "测试县第2局" and rows["sub/b.xlsx"][5] == "不通过" and rows["sub/b.xlsx"][6] == 2
    assert rows["broken.xlsx"][5] == "无法读取" and "无法打开" in str(rows["broken.xlsx"][8])
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:I5"
    findings = list(summary["问题清单"].iter_rows(min_row=2, values_only=True))
    assert {(r[0], r[2], r[5]) for r in findings} >= {("sub/b.xlsx", "B1", "E30"), ("c.xlsx", "W05", "C7")}

    data = json.loads((out / "summary.json").read_text("utf-8"))
    assert data["schema_version"] == 1
    assert data["totals"] == {
        "found": 5, "files": 4, "skipped": 1, "passed": 1, "passed_with_warnings": 1, "failed": 1,
        "unreadable": 1, "superseded": 0, "errors": 3, "warnings": 1,
    }  # fmt: skip
    by_file = {f["file"]: f for f in data["files"]}
    assert by_file["sub/b.xlsx"]["report"]["org_name"] == "测试县第2局"
    assert by_file["sub/b.xlsx"]["findings"][0]["cells"]

    annotated = load_workbook(out / "标注" / "sub" / "b.xlsx")
    assert annotated.sheetnames[0] == "校验结果"
    first = annotated["校验结果"]["D2"]
    assert first.value == "依申请公开!E30" and first.hyperlink is not None
    cell = annotated["依申请公开"]["E30"]
    assert cell.fill.fgColor.rgb.endswith("FFC7CE") and "B1" in cell.comment.text
    warned = load_workbook(out / "标注" / "c.xlsx")
    assert warned["正文"]["C7"].fill.fgColor.rgb.endswith("FFEB9C")
    assert not (out / "标注" / "a.xlsx").exists() and not (out / "标注" / "broken.xlsx").exists()

    assert sorted(p.name for p in (out / "报告").rglob("*.docx")) == ["a.docx", "c.docx"]
    assert Document(str(out / "报告" / "a.docx")).paragraphs[0].text.startswith("测试县第1局")

    totals = check_workbook(out / "合计.xlsx")
    assert totals.errors == 0
    assert totals.values is not None and totals.values.numbers[("t3", "3.1", "total")] == 84  # 42 + 42
    note = list(load_workbook(out / "合计.xlsx")["合计说明"].iter_rows(values_only=True))
    assert note[0][0] == "计入合计的单位（2 个，2022 年度，每个单位一份）"
    assert [row[0] for row in note[2:4]] == ["测试县第1局", "测试县第3局"]
    assert note[5][0] == "未计入合计的文件（2 个）"
    assert [(row[3], row[4]) for row in note[7:9]] == [
        ("broken.xlsx", "无法读取"),
        ("sub/b.xlsx", "未通过检查（2 个错误）"),
    ]
    assert not list(tmp_path.glob(".out.*"))  # no staging folder left


def test_outdir_is_replaced_only_with_overwrite(submissions: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("x")
    with pytest.raises(OutputDirExists):
        run_batch([submissions], out, BatchOptions(jobs=1))
    assert (out / "keep.txt").exists()
    run_batch([submissions], out, BatchOptions(jobs=1, overwrite=True))
    assert not (out / "keep.txt").exists() and (out / "汇总.xlsx").exists()


def test_parallel_and_serial_give_the_same_summary(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    for index in range(12):
        edits = [{"set": "t3/3.1/natural", "value": "无"}] if index % 4 == 0 else []
        make(folder, f"{index:02d}.xlsx", unit(index), edits)
    serial = run_batch([folder], tmp_path / "s", BatchOptions(jobs=1))
    parallel = run_batch([folder], tmp_path / "p", BatchOptions(jobs=2))
    assert [(s.name, s.status) for s in serial.submissions] == [(s.name, s.status) for s in parallel.submissions]
    assert (tmp_path / "s" / "summary.json").read_text("utf-8") == (tmp_path / "p" / "summary.json").read_text("utf-8")


def test_roster_duplicates_and_years(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    make(folder, "one.xlsx", unit(1))
    make(folder, "one-again.xlsx", unit(1), [{"prose": "s6", "value": "无"}])  # X02 twice; W05 its own
    make(folder, "stranger.xlsx", unit(9))  # X01: not on the roster
    make(folder, "old.xlsx", unit(2, year=2021))  # X03
    make(folder, "three.xlsx", unit(3))
    roster = tmp_path / "名单.csv"
    code4 = unit(4).metadata.credit_code
    lines = [
        "单位名称,统一社会信用代码",
        "测试县第1局,",
        "测试县 第2局,",
        f"测试县第3局,{unit(3).metadata.credit_code}",
    ]
    roster.write_text("\n".join([*lines, f"测试县第4局,{code4}"]) + "\n", encoding="utf-8")
    result = run_batch([folder], tmp_path / "out", BatchOptions(jobs=1, roster=roster))
    rules = {
        sub.name: sorted(f.rule for f in sub.result.findings if f.rule.startswith("X")) for sub in result.submissions
    }
    assert rules == {
        "old.xlsx": ["X03"],
        "one-again.xlsx": ["X02"],
        "one.xlsx": ["X02"],
        "stranger.xlsx": ["X01"],
        "three.xlsx": [],
    }
    # The copies made as each file was checked are made again with what the cross-checks added.
    for sub in result.submissions:
        if sub.result.findings:
            copy = load_workbook(tmp_path / "out" / "标注" / sub.name)["校验结果"]
            shown = sorted(str(row[2]) for row in copy.iter_rows(min_row=2, values_only=True))
            assert shown == sorted(f.rule for f in sub.result.findings), sub.name
    # 第2局 sent only its 2021 report: for 2022 it has not submitted.
    assert result.roster is not None and [u.name for u in result.roster.missing] == ["测试县 第2局", "测试县第4局"]
    assert result.exit_code == 1  # warnings only, but 测试县第4局 has sent nothing
    data = json.loads((tmp_path / "out" / "summary.json").read_text("utf-8"))
    assert data["roster"]["missing"] == [
        {"org_name": "测试县 第2局", "credit_code": None, "other_years": [2021]},
        {"org_name": "测试县第4局", "credit_code": code4, "other_years": []},
    ]
    missing_sheet = load_workbook(tmp_path / "out" / "汇总.xlsx")["未提交"]
    assert [c.value for c in missing_sheet[2]] == ["测试县 第2局", None, "只报送了 2021 年度的报告"]
    assert [c.value for c in missing_sheet[3]] == ["测试县第4局", code4, None]
    # The terminal says why, and names the files of units the roster does not list (it may name them otherwise).
    answer = CliRunner().invoke(cli, ["batch", str(folder), "-o", str(tmp_path / "out2"), "--roster", str(roster)])
    assert "未提交  测试县 第2局（只报送了 2021 年度的报告）" in answer.output
    assert "不在名单上：1 个文件（测试县第9局）" in answer.output


def test_roster_as_xlsx_without_header(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from report_check.batch.units import read_roster

    wb = Workbook()
    assert wb.active is not None
    wb.active.append(["测试县第1局", unit(1).metadata.credit_code])
    wb.active.append(["测试县第2局", None])
    wb.save(tmp_path / "r.xlsx")
    units = read_roster(tmp_path / "r.xlsx")
    assert [(u.name, u.credit_code) for u in units] == [
        ("测试县第1局", unit(1).metadata.credit_code),
        ("测试县第2局", None),
    ]


@pytest.mark.parametrize("direct", [True, False], ids=["numpy", "pandera-validate"])
def test_previous_year_continuity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, direct: bool) -> None:
    from report_check.rules import base

    monkeypatch.setattr(base, "DIRECT", direct)
    last, this = tmp_path / "2021", tmp_path / "2022"
    make(last, "a.xlsx", unit(1, year=2021))  # carried forward 4 (natural and total); 102 in force (2.1.2)
    make(last, "b.xlsx", unit(2, year=2021))
    continuous = [  # carried over 4 = last year's 4; in force 112 = 102 + 10 issued - 0 repealed
        {"set": "t3/3.2/natural", "value": 4},
        {"set": "t3/3.2/total", "value": 4},
        {"set": "t3/3.1/natural", "value": 34},
        {"set": "t3/3.1/total", "value": 39},
        {"set": "t2/2.1.2/in_force", "value": 112},
    ]
    make(this, "a.xlsx", unit(1), continuous)
    make(this, "b.xlsx", unit(2))  # carried over 1, and 102 in force: neither follows from last year
    result = run_batch([this], tmp_path / "out", BatchOptions(jobs=1, previous=[last]))
    assert result.previous_matched == 2
    findings = {sub.name: [f for f in sub.result.findings if f.rule.startswith("X")] for sub in result.submissions}
    assert findings["a.xlsx"] == []
    assert all(sub.result.errors == 0 for sub in result.submissions)
    x10 = [f for f in findings["b.xlsx"] if f.rule == "X10"]
    assert {(f.column_code, f.expected, f.actual) for f in x10} == {("natural", 4, 1), ("total", 4, 1)}
    assert x10[0].cells is not None and x10[0].cells[1].file is not None and x10[0].cells[1].cell == "E31"
    x11 = [f for f in findings["b.xlsx"] if f.rule == "X11"]
    assert [(f.row_code, f.expected, f.actual) for f in x11] == [("2.1.2", 112, 102)]


@pytest.mark.parametrize(
    ("content", "zh", "en"),
    [
        (b"", "名单中没有找到单位", "no units were found"),
        ("机关名称\n".encode(), "名单中没有找到单位", "no units were found"),
        (b"\xff\xfe\x00\xd8\x81", "既不是 UTF-8 也不是 GBK", "neither UTF-8 nor GBK"),
        ((Path(__file__).parent / "data" / "加密.xlsx").read_bytes(), "设有打开密码", "encrypted with a password"),
    ],
    ids=["empty", "header-only", "encoding", "encrypted"],
)
def test_a_roster_that_cannot_be_used_stops_the_batch_with_a_clear_message(
    tmp_path: Path, content: bytes, zh: str, en: str
) -> None:
    roster = tmp_path / ("名单.xlsx" if content.startswith(b"\xd0\xcf") else "名单.csv")
    roster.write_bytes(content)
    for lang, words in (("zh", ["名单：", zh]), ("en", ["Roster: ", en])):
        args = ["batch", str(EXAMPLES / "haishu-2022.xlsx"), "-o", str(tmp_path / "out"), "--roster", str(roster)]
        done = CliRunner().invoke(cli, [*args, "--lang", lang])
        assert done.exit_code == 2 and all(word in done.output for word in words), done.output
        assert "{" not in done.output and not (tmp_path / "out").exists()


def test_a_folder_without_workbooks_is_an_error_unless_a_roster_asks_who_is_missing(tmp_path: Path) -> None:
    empty = tmp_path / "收到的报表"
    (empty / "子文件夹").mkdir(parents=True)
    (empty / "说明.txt").write_text("not a workbook", encoding="utf-8")
    done = CliRunner().invoke(cli, ["batch", str(empty), "-o", str(tmp_path / "out")])
    assert (
        done.exit_code == 2
        and "没有找到工作簿" in done.output
        and "说明.txt" in done.output
        and not (tmp_path / "out").exists()
    )
    roster = tmp_path / "名单.csv"
    roster.write_text("机关名称\n测试县第1局\n", encoding="utf-8")
    done = CliRunner().invoke(cli, ["batch", str(empty), "-o", str(tmp_path / "out"), "--roster", str(roster)])
    assert done.exit_code == 1 and "名单中未提交：1 个单位" in done.output, done.output  # a unit is missing


def test_last_year_means_the_year_before(tmp_path: Path) -> None:
    """A unit is matched only with its report of the year before: this year's folder given as last year's
    (a common slip) matches nobody, and of several years the one before is taken."""
    this = tmp_path / "2022"
    make(this, "a.xlsx", unit(1))  # carried over 1, 102 in force: follows from no report below
    done = CliRunner().invoke(cli, ["batch", str(this), "-o", str(tmp_path / "o1"), "--previous", str(this)])
    assert "上年报告：0 个单位按统一社会信用代码或名称对应上（只取 2021 年度的报告）" in done.output, done.output
    summary = json.loads((tmp_path / "o1" / "summary.json").read_text("utf-8"))
    assert not [f for f in summary["files"][0]["findings"] if f["rule"] in ("X10", "X11")]
    years = tmp_path / "earlier"
    make(years, "2020.xlsx", unit(1, year=2020))
    make(years, "2023.xlsx", unit(1, year=2023))
    make(years, "2021.xlsx", unit(1, year=2021), [{"set": "t3/3.2/natural", "value": 1}])  # the one that fits
    result = run_batch([this], tmp_path / "o2", BatchOptions(jobs=1, previous=[years]))
    assert result.previous_matched == 1
    x10 = [f for f in result.submissions[0].result.findings if f.rule == "X10"]
    assert [(f.column_code, Path(f.cells[1].file or "").name if f.cells else None) for f in x10] == [
        ("natural", "2021.xlsx"),
        ("total", "2021.xlsx"),
    ]


def test_an_annotated_copy_sent_back_is_checked_and_annotated_afresh(tmp_path: Path) -> None:
    """A unit corrects the copy it was sent (one of its errors) and sends that back: our results sheet is not
    read as data, and the new copy has one results sheet and no marks left from the first round."""
    first = tmp_path / "first"
    first.mkdir()
    shutil.copy(EXAMPLES / "fails-balance.xlsx", first)
    done = CliRunner().invoke(cli, ["batch", str(first), "-o", str(tmp_path / "out1")])
    assert done.exit_code == 1 and "本批报告年度：2022（多数报送的年度）" in done.output  # no "另有 0 份"
    back = tmp_path / "back"
    back.mkdir()
    copy = load_workbook(tmp_path / "out1" / "标注" / "fails-balance.xlsx")
    assert copy["复议诉讼"]["H5"].comment is not None  # B4: D5:G5 = 2, H5 = 3
    copy["复议诉讼"]["H5"] = 2
    copy.save(back / "fails-balance.xlsx")
    rules = {(f.rule, f.sheet, f.cell) for f in check_workbook(back / "fails-balance.xlsx").findings}
    assert not any(rule.startswith(("C", "S")) for rule, _, _ in rules), rules
    assert ("B1", "依申请公开", "E30") in rules and ("B4", "复议诉讼", "H5") not in rules
    assert CliRunner().invoke(cli, ["batch", str(back), "-o", str(tmp_path / "out2")]).exit_code == 1
    again = load_workbook(tmp_path / "out2" / "标注" / "fails-balance.xlsx")
    assert [name for name in again.sheetnames if name.startswith("校验结果")] == ["校验结果"]
    assert again.sheetnames[0] == "校验结果"
    assert again["复议诉讼"]["H5"].comment is None and again["复议诉讼"]["H5"].fill.fill_type is None
    assert "[B1]" in again["依申请公开"]["E30"].comment.text


def test_x_rules_have_failing_and_passing_cases() -> None:
    # X01–X03 and X10–X11 fail in the tests above; three.xlsx (on the roster, unique, same year) and a.xlsx of
    # test_previous_year_continuity (X11 holds) are their passing cases.
    # X04 fails and holds in test_a_supervisors_messy_folder (two units sharing a code; every other unit), X05 in
    # test_rosters_as_offices_keep_them (a short name; the names written in full).
    # X20 and X21 (the text against the tables) concern one report: their cases are in rule_cases.toml.
    assert {code for code in RULES if code.startswith("X")} == {
        "X01", "X02", "X03", "X04", "X05", "X10", "X11", "X20", "X21"
    }  # fmt: skip


def test_collect_finds_every_file_and_says_why_it_skips_some(submissions: Path) -> None:
    (submissions / "说明.pdf").write_bytes(b"%PDF-1.4")
    (submissions / "Thumbs.db").write_bytes(b"x")
    found = collect([submissions])
    assert [name for _, name in found.files] == ["a.xlsx", "broken.xlsx", "c.xlsx", "sub/b.xlsx", "说明.pdf"]
    assert [(s.name, s.reason) for s in found.skipped] == [("Thumbs.db", "system"), ("~$a.xlsx", "lock_file")]


def test_batch_command(submissions: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(cli, ["batch", str(submissions), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 1, result.output
    assert "共 4 个文件" in result.output and "无法读取" in result.output and (out / "汇总.xlsx").exists()
    again = runner.invoke(cli, ["batch", str(submissions), "-o", str(out)])
    assert again.exit_code == 2 and "--overwrite" in again.output
    good = tmp_path / "good"
    good.mkdir()
    shutil.copy(EXAMPLES / "haishu-2022.xlsx", good)
    ok = runner.invoke(cli, ["batch", str(good), "-o", str(tmp_path / "o2"), "--lang", "en"])
    assert ok.exit_code == 0 and "1 files" in ok.output
    missing = runner.invoke(cli, ["batch", str(tmp_path / "nowhere"), "-o", str(tmp_path / "o3")])
    assert missing.exit_code == 2 and "找不到" in missing.output


def test_annotated_copy_of_a_workbook_with_comments_goes_through_openpyxl(tmp_path: Path) -> None:
    """The XML route declines a sheet that has comments of its own; the copy is then made with openpyxl."""
    import io

    from openpyxl.comments import Comment

    from report_check.batch.annotate import Mark, annotate_xml
    from report_check.batch.outputs import annotated_copy

    wb = load_workbook(io.BytesIO(write(tmp_path / "b.xlsx", [{"set": "t3/3.4/natural", "value": 5}]).read_bytes()))
    wb["依申请公开"]["A7"].comment = Comment("单位自己的批注", "填表人")
    wb["依申请公开"].merge_cells("E9:F9")  # F9's finding is marked on E9, the cell Excel shows
    path = tmp_path / "commented.xlsx"
    wb.save(path)
    result = check_workbook(path)
    mark = Mark("依申请公开", "E30", True, "B1")
    assert annotate_xml(path.read_bytes(), [mark], ("h",), [], "t", ("FFC7CE", "FFEB9C")) is None
    copy = load_workbook(io.BytesIO(annotated_copy(path, result, "zh")))
    assert copy.sheetnames[0] == "校验结果" and copy["校验结果"]["D2"].hyperlink is not None
    assert copy["依申请公开"]["E30"].fill.fgColor.rgb.endswith("FFC7CE")
    assert "B1" in copy["依申请公开"]["E30"].comment.text
    assert copy["依申请公开"]["A7"].comment.text == "单位自己的批注"
    assert "依申请公开!F9" in copy["依申请公开"]["E9"].comment.text


def _saved_at(path: Path, stamp: str, file_time: float) -> None:
    """Give a workbook its own record of when it was saved (docProps/core.xml), and another file time."""
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), content)
            target.writestr(info, content)
    os.utime(path, (file_time, file_time))


def test_a_supervisors_messy_folder(tmp_path: Path) -> None:
    """Resubmissions, last year's file, an .xls, a lock file, a loose 合计.xlsx, a previous round's outputs and
    two units sharing a copied credit code: 合计 sums one passing workbook of this year per unit, and nothing
    of the supervisor's disk is named in what goes back to the units."""
    folder = tmp_path / "收到的报表 2022"
    first = make(folder, "一局.xlsx", unit(1), [{"set": "t3/3.4/natural", "value": 5}])  # errors
    again = make(folder, "一局（修改后）.xlsx", unit(1))
    _saved_at(first, "2023-01-10T09:00:00Z", file_time=2_000_000_000)  # copied later: the file time misleads
    _saved_at(again, "2023-01-12T09:00:00Z", file_time=1_000_000_000)
    make(folder, "二局.xlsx", unit(2, year=2021))  # last year's file
    make(folder / "三局", "三局.xlsx", unit(3))
    shutil.copy(DATA / "旧版.xls", folder / "海曙.xls")  # saved as Excel 97-2003 by LibreOffice
    (folder / "~$一局.xlsx").write_bytes(b"lock")
    copied = unit(4)
    copied.metadata.org_name = "测试县第5局"  # unit 5 copied unit 4's form, credit code included
    make(folder, "四局.xlsx", unit(4))
    make(folder, "五局.xlsx", copied)
    first_round = run_batch([folder], folder / "第一轮结果", BatchOptions(jobs=1, consolidate=True))
    shutil.copy(folder / "第一轮结果" / "合计.xlsx", folder / "合计（上次）.xlsx")

    roster = tmp_path / "名单.csv"  # 第5局 listed with its own code, which its form does not carry
    lines = [f"测试县第{i}局,{unit(i).metadata.credit_code}" for i in range(1, 7)]
    roster.write_text("\n".join(["单位名称,统一社会信用代码", *lines]) + "\n", encoding="utf-8")
    result = run_batch([folder], tmp_path / "第二轮", BatchOptions(jobs=2, consolidate=True, roster=roster))
    statuses = {sub.name: sub.status for sub in result.submissions}
    assert statuses == {
        "一局.xlsx": "已被替代",
        "一局（修改后）.xlsx": "有警告",  # X02: the one that counts
        "二局.xlsx": "有警告",  # X03: another year
        "三局/三局.xlsx": "通过",
        "海曙.xls": "有警告",  # X01: not on the roster
        "四局.xlsx": "有警告",  # X04
        "五局.xlsx": "有警告",
    }, statuses
    assert first_round.submissions and len(first_round.submissions) == len(statuses)
    skipped = {item.name: item.reason for item in result.skipped}
    assert skipped["~$一局.xlsx"] == "lock_file" and skipped["合计（上次）.xlsx"] == "consolidated"
    assert {name for name, reason in skipped.items() if reason == "output_folder"} >= {
        "第一轮结果/汇总.xlsx",
        "第一轮结果/summary.json",
        "第一轮结果/合计.xlsx",
        "第一轮结果/标注/一局.xlsx",
    }
    # 第2局 sent only last year's report; 第6局 nothing; 第5局 is matched by its name, not by the copied code.
    assert result.roster is not None and [u.name for u in result.roster.missing] == ["测试县第2局", "测试县第6局"]
    assert not [f for sub in result.submissions for f in sub.result.findings if f.rule == "X05"]
    x04 = [f for sub in result.submissions for f in sub.result.findings if f.rule == "X04"]
    assert len(x04) == 2 and {f.row_code for f in x04} == {"credit_code"}
    totals = check_workbook(tmp_path / "第二轮" / "合计.xlsx")
    assert totals.values is not None
    included = ["一局（修改后）.xlsx", "三局/三局.xlsx", "海曙.xls", "四局.xlsx", "五局.xlsx"]
    expected = sum(
        int(sub.result.values.numbers[("t3", "3.1", "total")])  # type: ignore[union-attr,misc]
        for sub in result.submissions
        if sub.name in included
    )
    assert totals.values.numbers[("t3", "3.1", "total")] == expected
    note = list(load_workbook(tmp_path / "第二轮" / "合计.xlsx")["合计说明"].iter_rows(values_only=True))
    assert sorted(str(row[3]) for row in note[2 : 2 + len(included)]) == sorted(included)
    left_out = {row[3]: row[4] for row in note[5 + len(included) :] if row and row[3]}
    assert left_out == {
        "一局.xlsx": "同一单位有后保存的报送“一局（修改后）.xlsx”",
        "二局.xlsx": "报告年度为 2021，不是本批的 2022",
    }
    # Nothing of the supervisor's disk in what is written.
    outputs = [p for p in (tmp_path / "第二轮").rglob("*") if p.is_file()]
    for path in outputs:
        with contextlib.suppress(zipfile.BadZipFile), zipfile.ZipFile(path) as archive:
            text = b"".join(archive.read(name) for name in archive.namelist()).decode("utf-8", "replace")
            assert str(tmp_path) not in text, path
            continue
        assert str(tmp_path) not in path.read_text("utf-8", "replace"), path


def test_rosters_as_offices_keep_them(tmp_path: Path) -> None:
    """A roster with a title above its header, 序号 first, a short name; a .txt one name a line."""
    from openpyxl import Workbook

    from report_check.batch.units import read_roster

    folder = tmp_path / "in"
    make(folder, "一局.xlsx", unit(1))
    full = unit(2)
    full.metadata.org_name = "宁波市测试县第2局"  # the roster says 测试县第2局
    make(folder, "二局.xlsx", full)
    make(folder, "三局.xlsx", unit(3))
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["2022年度政府信息公开工作年度报告应报送单位名单"])
    ws.append([])
    ws.append(["序号", "单位名称（全称）", "统一社会信用代码", "备注"])
    ws.append([1, "测试县第1局", unit(1).metadata.credit_code, ""])
    ws.append([2, "测试县第2局", None, "简称"])
    ws.append([3, "测试县第3局", None, None])
    ws.append([4, "测试县第4局", None, None])
    roster = tmp_path / "名单.xlsx"
    wb.save(roster)
    assert [u.name for u in read_roster(roster)] == ["测试县第1局", "测试县第2局", "测试县第3局", "测试县第4局"]
    result = run_batch([folder], tmp_path / "out", BatchOptions(jobs=1, roster=roster))
    assert result.roster is not None and [u.name for u in result.roster.missing] == ["测试县第4局"]
    rules = {
        sub.name: sorted(f.rule for f in sub.result.findings if f.rule.startswith("X")) for sub in result.submissions
    }
    assert rules == {"一局.xlsx": [], "三局.xlsx": [], "二局.xlsx": ["X05"]}
    second = next(sub for sub in result.submissions if sub.name == "二局.xlsx")
    x05 = next(f for f in second.result.findings if f.rule == "X05")
    assert "测试县第2局" in x05.message(CURRENT) and "宁波市测试县第2局" in x05.message(CURRENT)

    text = tmp_path / "名单.txt"
    text.write_text("测试县第1局\n\n测试县第2局\n测试县第3局\n", encoding="gb18030")
    assert [u.name for u in read_roster(text)] == ["测试县第1局", "测试县第2局", "测试县第3局"]
    ambiguous = tmp_path / "名单.csv"  # two units the short name could be: no guess
    ambiguous.write_text("机关名称\n测试县第2局\n宁波市测试县第2局分局\n", encoding="utf-8")
    result = run_batch([folder / "二局.xlsx"], tmp_path / "out2", BatchOptions(jobs=1, roster=ambiguous))
    assert [f.rule for f in result.submissions[0].result.findings if f.rule.startswith("X")] == ["X01"]


def test_outputs_print_and_speak_chinese(submissions: Path, tmp_path: Path) -> None:
    """汇总.xlsx and each 校验结果 sheet print on A4 landscape, as wide as the page, the header on every page;
    severities are 错误/警告 and coloured; nothing in them is a code of ours (no_codes, error)."""
    out = tmp_path / "out"
    run_batch([submissions], out, BatchOptions(jobs=1))
    summary = load_workbook(out / "汇总.xlsx")
    copies = [load_workbook(path) for path in sorted((out / "标注").rglob("*.xlsx"))]
    for ws in [*summary.worksheets, *(wb.worksheets[0] for wb in copies)]:
        assert ws.print_title_rows == "$1:$1", ws.title
        assert (ws.page_setup.orientation, ws.page_setup.paperSize) == ("landscape", 9), ws.title
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0, ws.title
        assert ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage
    findings = summary["问题清单"]
    levels = {row[3].value: row[3].fill.fgColor.rgb for row in findings.iter_rows(min_row=2)}
    assert levels == {"错误": "FFFFC7CE", "警告": "FFFFEB9C"}
    assert {row[1].value for row in summary["规则说明"].iter_rows(min_row=2)} == {"错误", "警告"}
    words = " ".join(str(c.value) for ws in summary.worksheets for row in ws.iter_rows() for c in row if c.value)
    assert "no_codes" not in words and "damaged" not in words and " error" not in words
    statuses = {row[5].value: row[5].fill.fgColor.rgb for row in summary["汇总"].iter_rows(min_row=2)}
    assert statuses["不通过"] == "FFFFC7CE" and statuses["有警告"] == "FFFFEB9C"
    results = copies[0].worksheets[0]
    assert results.title == "校验结果" and results["B2"].value in ("错误", "警告")
    assert results["B2"].fill.fgColor.rgb in ("FFFFC7CE", "FFFFEB9C") and results["E2"].alignment.wrap_text


def test_cleared_cells_are_one_finding_per_sheet_where_people_read(tmp_path: Path) -> None:
    """A cleared block of table 三: one line in the text output and one row of 校验结果 (every cell still marked),
    while the JSON keeps every cell."""
    from report_check.format import CURRENT as FMT

    cleared = [{"set": f"t3/{r.code}/{c.code}", "value": None} for r, c in FMT.table("t3").cells() if r.code == "3.3.1"]
    folder = tmp_path / "in"
    make(folder, "清空.xlsx", unit(1), cleared)
    done = CliRunner().invoke(cli, [str(folder / "清空.xlsx")])
    code, out = done.exit_code, done.output
    assert code == 1 and out.count("V01") == 1 and "7 个单元格为空（E9:K9）" in out, out
    data = json.loads(CliRunner().invoke(cli, [str(folder / "清空.xlsx"), "--format", "json"]).output)
    assert len([f for f in data["findings"] if f["rule"] == "V01"]) == 7
    run_batch([folder], tmp_path / "out", BatchOptions(jobs=1))
    copy = load_workbook(tmp_path / "out" / "标注" / "清空.xlsx")
    results = [row for row in copy["校验结果"].iter_rows(min_row=2, values_only=True) if row[2] == "V01"]
    assert len(results) == 1 and "E9:K9" in str(results[0][4])
    assert all(copy["依申请公开"][f"{col}9"].comment is not None for col in "EFGHIJK")


def _tree(xml: bytes) -> object:
    """An element as (tag, attributes, text, children): equal for the same XML whatever its prefixes."""
    from lxml import etree

    def walk(element: Any) -> object:
        return (
            element.tag,
            sorted(element.attrib.items()),
            (element.text or "").strip(),
            [walk(child) for child in element],
        )

    return walk(etree.fromstring(xml))


def _sheet_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/sheet")}


def test_cells_are_marked_as_text_exactly_as_through_the_tree(tmp_path: Path) -> None:
    """The fast route edits a sheet's XML as text; for every sheet and every kind of cell (written, merged into
    another, empty and not written, a whole merged range) it gives the same XML as the route through lxml, or
    declines (None) where only the tree can do it (an empty cell to make)."""
    from lxml import etree

    from report_check.batch.annotate import Mark, _mark_cells_text, _mark_cells_tree, _Restyler

    workbooks = [EXAMPLES / "haishu-2022.xlsx", DATA / "合并的单元格.xlsx", DATA / "WPS维度.xlsx"]
    if shutil.which("soffice") is not None:
        workbooks.append(saved_by_libreoffice(EXAMPLES / "fails-balance.xlsx", "xlsx", tmp_path))
    taken = 0
    for workbook in workbooks:
        data = workbook.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            styles = archive.read("xl/styles.xml")
        for part, xml in _sheet_parts(data).items():
            written_refs = set(re.findall(rb'<c r="([A-Z]+\d+)"', xml))
            merged = [ref.split(b":") for ref in re.findall(rb'<mergeCell ref="([A-Z0-9:]+)"', xml)]
            inside = [last for first, last in merged[:4] if first in written_refs]  # shown through the first
            refs = sorted(written_refs)[::7] + inside + [b"Z200"]
            marks = [Mark("s", ref.decode(), index % 2 == 0, f"问题 {index}") for index, ref in enumerate(refs)]
            fills = ("FFC7CE", "FFEB9C")
            assert _mark_cells_text(xml, marks, _Restyler(etree.fromstring(styles), fills), "rId9") is None
            written = [mark for mark in marks if mark.ref != "Z200"]  # Z200 is not written: only the tree makes it
            text_styles, tree_styles = etree.fromstring(styles), etree.fromstring(styles)
            fast = _mark_cells_text(xml, written, _Restyler(text_styles, fills), "rId9")
            slow = _mark_cells_tree(xml, written, _Restyler(tree_styles, fills), "rId9")
            assert fast is not None, f"{workbook.name} {part}"
            assert _tree(fast[0]) == _tree(slow[0]), f"{workbook.name} {part}"
            assert fast[1] == slow[1]
            assert etree.tostring(text_styles) == etree.tostring(tree_styles)
            taken += 1
    assert taken >= 10


def test_copies_of_workbooks_laid_out_alike_share_a_frame_and_are_made_as_alone(tmp_path: Path) -> None:
    """The parts a copy changes outside its sheets are made once for workbooks laid out alike; each copy is
    byte for byte the copy made with nothing kept, and one with more cell formats than are cloned up front
    is made the long way, its cells filled all the same."""
    from openpyxl.styles import Font

    from report_check.batch import annotate
    from report_check.batch.outputs import annotated_copy

    edits: list[list[dict[str, object]]] = [
        [{"set": "t3/3.4/natural", "value": 5}],
        [{"prose": "s6", "value": "无"}],
        [{"set": "t2/2.1.2/in_force", "value": "十"}, {"set": "t4/4.1/total", "value": 9}],
    ]
    paths = [write(tmp_path / f"{i}.xlsx", case) for i, case in enumerate(edits)]
    results = [check_workbook(path) for path in paths]
    annotate._FRAMES.clear()
    kept = [annotated_copy(path, result, "zh") for path, result in zip(paths, results, strict=True)]
    assert annotate._FRAMES
    for path, result, copy in zip(paths, results, kept, strict=True):
        annotate._FRAMES.clear()
        assert annotated_copy(path, result, "zh") == copy
    wb = load_workbook(paths[0])
    for index in range(annotate.MAX_PRECLONED + 1):  # a workbook of many cell formats
        wb["正文"].cell(200 + index // 50, 1 + index % 50).font = Font(color=f"{index:06X}")
    many = tmp_path / "many.xlsx"
    wb.save(many)
    result = check_workbook(many)
    annotate._FRAMES.clear()
    opened = load_workbook(io.BytesIO(annotated_copy(many, result, "zh")))
    assert not annotate._FRAMES  # cloned as needed: not kept
    cell = opened["依申请公开"]["E30"]  # B1 at 3.3.7 (natural)
    assert opened.sheetnames[0] == "校验结果" and cell.fill.fgColor.rgb.endswith("FFC7CE")


@pytest.mark.parametrize(
    "edit",
    [
        (b'<c r="E30" s="', b'<c r="E30" s = "'),  # spaces around =
        (b"</sheetData>", b"<!-- a note --></sheetData>"),  # a comment among the cells
        (b"<mergeCells", b'<x:mergeCells xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'),
    ],
)
def test_the_text_route_declines_what_it_does_not_read_exactly(tmp_path: Path, edit: tuple[bytes, bytes]) -> None:
    """XML written otherwise than spreadsheet programs write it goes to the tree, whose copy opens."""
    from lxml import etree

    from report_check.batch.annotate import Mark, _mark_cells_text, _Restyler

    path = write(tmp_path / "b.xlsx", [{"set": "t3/3.4/natural", "value": 5}])
    with zipfile.ZipFile(path) as archive:
        sheets = {n: archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/sheet")}
        styles = archive.read("xl/styles.xml")
    part, xml = next((n, x) for n, x in sheets.items() if b'r="E30"' in x and b"<mergeCells" in x)
    old, new = edit
    changed = xml.replace(old, new, 1)
    if old == b"<mergeCells":
        changed = changed.replace(b"</mergeCells>", b"</x:mergeCells>").replace(b"<mergeCell ", b"<x:mergeCell ")
    assert changed != xml
    marks = [Mark("依申请公开", "E30", True, "B1")]
    assert _mark_cells_text(xml, marks, _Restyler(etree.fromstring(styles), ("FFC7CE", "FFEB9C")), "rId9") is not None
    assert _mark_cells_text(changed, marks, _Restyler(etree.fromstring(styles), ("FFC7CE", "FFEB9C")), "rId9") is None
    data = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, changed if info.filename == part else source.read(info))
    odd = tmp_path / "odd.xlsx"
    odd.write_bytes(data.getvalue())
    from report_check.batch.outputs import annotated_copy

    copy = load_workbook(io.BytesIO(annotated_copy(odd, check_workbook(odd), "zh")))
    assert copy["依申请公开"]["E30"].fill.fgColor.rgb.endswith("FFC7CE")


def test_a_worker_sends_back_only_what_the_batch_needs(tmp_path: Path) -> None:
    """What a worker returns for a chunk: the kept layout a report was read by stays in the worker (it would be
    pickled with every chunk), and a report keeps only the cells the cross-year rules name."""
    import pickle

    from report_check.batch import check_files
    from report_check.batch.cross import KEPT_ROWS
    from report_check.check import CheckOptions, Result

    paths = []
    for index in range(3):
        path = tmp_path / f"{index}.xlsx"
        shutil.copy(EXAMPLES / "haishu-2022.xlsx", path)
        paths.append(path)
    results, _ = check_files(([(path, path.name) for path in paths], CheckOptions(), None, None))
    reports = [result.report for result in results if isinstance(result, Result) and result.report is not None]
    assert len(reports) == 3
    assert all(report.layout is None and not report.sites for report in reports)
    assert all(key[:2] in KEPT_ROWS for report in reports for key in report.cells), "slimmed"
    assert b"_Layout" not in pickle.dumps(results)


def test_the_roster_and_last_years_folder_kept_among_the_submissions_are_not_submissions(tmp_path: Path) -> None:
    """An office keeps everything in one folder: the roster and last year's reports beside this year's.  Given
    as --roster and --previous, they are skipped with that reason, not read as submissions (an unreadable file,
    a unit of another year left out of the totals)."""
    folder = tmp_path / "收到的报表"
    make(folder, "one.xlsx", unit(1))
    make(folder, "two.xlsx", unit(2))
    make(folder / "去年", "one-2021.xlsx", unit(1, year=2021))
    roster = folder / "报送名单.csv"
    roster.write_text("单位名称\n测试县第1局\n测试县第2局\n", encoding="utf-8")
    options = BatchOptions(jobs=1, roster=roster, previous=[folder / "去年"], consolidate=True)
    result = run_batch([folder], tmp_path / "out", options)
    assert sorted(sub.name for sub in result.submissions) == ["one.xlsx", "two.xlsx"]
    assert {item.name: item.reason for item in result.skipped} == {
        "报送名单.csv": "roster",
        "去年/one-2021.xlsx": "previous",
    }
    assert result.roster is not None and not result.roster.missing
    assert result.consolidated is not None and not result.consolidated[1]  # nobody left out of the totals
    # Given by a pattern that took in the roster too (report-check batch 收到的报表/*.* --roster ...)
    again = run_batch(sorted(p for p in folder.iterdir() if p.is_file()), tmp_path / "out2", options)
    assert [item.reason for item in again.skipped] == ["roster"] and len(again.submissions) == 2


def test_a_file_given_twice_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder and a file inside it, or one folder named two ways: each file once (by its absolute path)."""
    folder = tmp_path / "收到的报表"
    make(folder, "one.xlsx", unit(1))
    make(folder, "two.xlsx", unit(2))
    monkeypatch.chdir(tmp_path)
    found = collect([folder, folder / "one.xlsx", Path("收到的报表"), Path("收到的报表") / ".." / "收到的报表"])
    assert sorted(name for _, name in found.files) == ["one.xlsx", "two.xlsx"]


def test_word_reports_of_submissions_sharing_a_name_are_each_kept(tmp_path: Path) -> None:
    """Two units' reports named alike in different forms (2022年报告.xlsx, 2022年报告.txt) each get their Word
    report (the extension kept in the name: before reading, a note of the same name is not told from a report);
    a unit's earlier workbook superseded by its later one under the same name loses its report, the later one
    keeps its own."""
    from published_forms import text_form
    from report_check.reader import read_workbook

    folder = tmp_path / "in"
    make(folder, "2022年报告.xlsx", unit(1))
    other = make(tmp_path / "made", "b.xlsx", unit(2))
    (folder / "2022年报告.txt").write_text(text_form(read_workbook(other)), "utf-8")
    earlier = make(folder, "三局.xlsx", unit(3))
    shutil.copy(earlier, folder / "三局.xlsm")  # the same unit's again, as a macro-enabled workbook
    (folder / "说明.txt").write_text("各单位报告见附件。", "utf-8")  # a note: skipped
    (folder / "说明.xlsx").write_bytes((EXAMPLES / "haishu-2022.xlsx").read_bytes())

    result = run_batch([folder], tmp_path / "out", BatchOptions(jobs=1, docx=True))
    statuses = {sub.name: sub.status for sub in result.submissions}
    assert statuses["2022年报告.txt"] == statuses["2022年报告.xlsx"] == "通过", statuses
    superseded = [name for name in ("三局.xlsx", "三局.xlsm") if statuses[name] == "已被替代"]
    assert len(superseded) == 1, statuses
    counted = "三局.xlsm" if superseded == ["三局.xlsx"] else "三局.xlsx"
    reports = tmp_path / "out" / "报告"
    written = {path.name: Document(str(path)).paragraphs[0].text for path in reports.glob("*.docx")}
    assert sorted(written) == sorted(
        ["2022年报告.txt.docx", "2022年报告.xlsx.docx", f"{counted}.docx", "说明.xlsx.docx"]
    ), written
    assert written["2022年报告.xlsx.docx"].startswith("测试县第1局")
    assert written["2022年报告.txt.docx"].startswith("测试县第2局")
    assert written[f"{counted}.docx"].startswith("测试县第3局")
