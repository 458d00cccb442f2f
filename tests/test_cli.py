"""The command line, through click's runner, parsing --format json."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from report_check.cli import cli
from report_check.rules.registry import RULES
from workbooks import write

EXAMPLES = Path(__file__).parent.parent / "examples"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_check_is_the_default_command_and_passes_the_sample() -> None:
    code, out = run(str(EXAMPLES / "haishu-2022.xlsx"))
    assert code == 0
    assert "结论：通过" in out and "警告" not in out  # its 六 states the fee: "信息收费情况：0"
    assert "Traceback" not in out


def test_json_output_has_the_documented_shape(tmp_path: Path) -> None:
    path = write(tmp_path / "b1.xlsx", [{"set": "t3/3.4/natural", "value": 5}])
    code, out = run("check", str(path), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert set(data) == {"schema_version", "file", "valid", "errors", "warnings", "report", "findings", "suggestions"}
    assert data["suggestions"][0] | {"rank": 1} == {  # the likely wrong cell: 3.4 natural, 5 typed for 4
        "sheet": "依申请公开", "cell": "E31", "row_code": "3.4", "column_code": "natural", "current": 5, "value": 4,
        "reason": "", "rank": 1, "group": 1, "sets": 1, "equal": 1,
    }  # fmt: skip
    assert data["schema_version"] == 1 and data["valid"] is False and data["errors"] == 2
    assert data["report"]["org_name"] == "宁波市海曙区人民政府办公室" and data["report"]["year"] == 2022
    finding = next(f for f in data["findings"] if f["rule"] == "B1")
    keys = {"rule", "severity", "message", "sheet", "cell", "row_code", "column_code", "expected", "actual", "cells"}
    assert keys <= set(finding)
    assert (finding["sheet"], finding["cell"], finding["expected"], finding["actual"]) == ("依申请公开", "E30", 38, 39)
    cells = {(c["row_code"], c["column_code"]): c for c in finding["cells"]}
    assert set(cells) == {("3.1", "natural"), ("3.2", "natural"), ("3.3.7", "natural"), ("3.4", "natural")}
    assert cells[("3.4", "natural")] == {
        "sheet": "依申请公开",
        "cell": "E31",
        "row_code": "3.4",
        "column_code": "natural",
        "value": 5,
    }


def test_english_messages(tmp_path: Path) -> None:
    path = write(tmp_path / "v.xlsx", [{"set": "t3/3.3.4.2/natural", "value": "无"}])
    code, out = run(str(path), "--lang", "en")
    assert code == 1
    assert "is not a number" in out and "Result: FAILED" in out


def test_strict_makes_warnings_fail() -> None:
    warned = str(EXAMPLES / "warns-plausibility.xlsx")
    assert run(warned)[0] == 0
    assert run(warned, "--strict")[0] == 1
    assert run(str(EXAMPLES / "haishu-2022.xlsx"), "--strict")[0] == 0


def test_unusable_input_exits_2_with_a_message_and_no_traceback(tmp_path: Path) -> None:
    for name, content in (
        ("a.xlsx", b"not a workbook"),
        ("empty.xlsx", b""),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
    ):
        path = tmp_path / name
        path.write_bytes(content)
        code, out = run(str(path))
        assert code == 2, out
        assert "无法打开" in out and "Traceback" not in out
        code, out = run(str(path), "--format", "json")
        data = json.loads(out)
        assert code == 2 and data["valid"] is False and data["findings"][0]["rule"] == "S01"
    code, out = run(str(tmp_path / "missing.xlsx"))
    assert code == 2 and "不存在" in out


def test_blank_as_zero_turns_blanks_into_warnings(tmp_path: Path) -> None:
    path = write(tmp_path / "blank.xlsx", [{"set": "t3/3.3.4.2/natural", "value": ""}])
    assert run(str(path))[0] == 1
    assert run(str(path), "--blank-as-zero")[0] == 0


def test_template_command_writes_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "模板.xlsx"
    code, out = run("template", "-o", str(target))
    assert code == 0 and target.exists()
    before = target.read_bytes()
    code, out = run("template", "-o", str(target))
    assert code == 2 and "--overwrite" in out
    assert target.read_bytes() == before
    assert run("template", "-o", str(target), "--overwrite")[0] == 0
    assert not list(tmp_path.glob("*.part"))


def test_rules_lists_every_rule_in_text_and_json() -> None:
    code, out = run("rules")
    assert code == 0
    for rule in RULES:
        assert rule in out
    code, out = run("rules", "--format", "json", "--lang", "en")
    data = json.loads(out)
    assert [r["code"] for r in data["rules"]] == list(RULES)
    assert all(r["summary"] and r["severity"] in ("error", "warning") for r in data["rules"])


def test_help_does_not_import_pandas_or_pandera() -> None:
    code = (
        "import sys; from report_check.cli import cli\n"
        "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pandas', 'pandera', 'openpyxl', 'docx', 'numpy') if m in sys.modules]\n"
        "print('HEAVY', heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out
    assert "report-check" in out


def test_readme_documents_every_rule_and_the_two_commands() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    for rule in RULES.values():
        assert f"| {rule.code} |" in readme
    assert "report-check examples/haishu-2022.xlsx" in readme
    assert "python -m pytest -q" in readme
    _, out = run(str(EXAMPLES / "haishu-2022.xlsx"))
    for line in out.strip().splitlines()[2:]:  # the output shown in the README is the real one
        assert line.strip() in readme


_REPLACE = os.replace


def _refuse(monkeypatch: pytest.MonkeyPatch, refused: Callable[[str, str], bool]) -> None:
    """os.replace refusing some renames, as Windows does while Word or Excel holds the file open."""

    def replace(source: str, target: str) -> None:
        if refused(str(source), str(target)):
            raise PermissionError(13, "Permission denied", str(target))
        _REPLACE(source, target)

    monkeypatch.setattr(os, "replace", replace)


def test_an_output_that_cannot_be_written_is_a_clear_message_not_an_internal_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = tmp_path / "报告.docx"
    document.write_bytes(b"the version open in Word")
    _refuse(monkeypatch, lambda source, target: target.endswith(".docx"))
    code, out = run("convert", str(EXAMPLES / "haishu-2022.xlsx"), "-o", str(document), "--overwrite")
    assert code == 2 and f"无法写入 {document}" in out and "Excel、WPS 或 Word 中打开" in out, out
    assert document.read_bytes() == b"the version open in Word" and sorted(tmp_path.iterdir()) == [document]
    code, out = run("template", "-o", str(tmp_path / "模板.xlsx"), "--lang", "en")
    assert code == 0 and "Template written" in out  # .xlsx renames are not refused here
    _refuse(monkeypatch, lambda source, target: target.endswith(".xlsx"))
    code, out = run("template", "-o", str(tmp_path / "t.xlsx"), "--lang", "en")
    assert code == 2 and "Cannot write" in out and "Nothing was written" in out and "internal" not in out, out


def test_a_batch_whose_folder_cannot_be_replaced_keeps_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outdir = tmp_path / "结果"
    assert run("batch", str(EXAMPLES / "haishu-2022.xlsx"), "-o", str(outdir))[0] == 0
    before = sorted(p.relative_to(outdir) for p in outdir.rglob("*"))
    # The old folder cannot be moved away (a file in it open in Excel), or the new one cannot be moved in.
    for refused in (
        lambda source, target: source == str(outdir),
        lambda source, target: source.endswith(".part") and target == str(outdir),
    ):
        _refuse(monkeypatch, refused)
        code, out = run("batch", str(EXAMPLES / "fails-balance.xlsx"), "-o", str(outdir), "--overwrite")
        assert code == 2 and f"无法写入 {outdir}" in out, out
        assert sorted(p.relative_to(outdir) for p in outdir.rglob("*")) == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["结果"]  # no staging or old folder left behind


def test_an_output_that_would_replace_the_input_is_refused(tmp_path: Path) -> None:
    workbook = tmp_path / "报告.xlsx"
    workbook.write_bytes((EXAMPLES / "haishu-2022.xlsx").read_bytes())
    before = workbook.read_bytes()
    code, out = run("convert", str(workbook), "-o", str(workbook), "--overwrite")
    assert code == 2 and "应以 .docx 结尾" in out and workbook.read_bytes() == before, out
    code, out = run("template", "-o", str(tmp_path / "模板.docx"))
    assert code == 2 and "应以 .xlsx 结尾" in out and not (tmp_path / "模板.docx").exists(), out
    renamed = tmp_path / "报告.docx"
    renamed.write_bytes(before)  # a workbook saved under a .docx name, converted onto itself
    code, out = run("convert", str(renamed), "-o", str(renamed), "--overwrite", "--lang", "en")
    assert code == 2 and "it is the workbook being read" in out and renamed.read_bytes() == before, out


def test_output_folder_may_not_hold_what_the_batch_reads(tmp_path: Path) -> None:
    received = tmp_path / "收到的报表"
    received.mkdir()
    for name in ("haishu-2022.xlsx", "fails-balance.xlsx"):
        (received / name).write_bytes((EXAMPLES / name).read_bytes())
    roster = tmp_path / "名单.csv"
    roster.write_text("机关名称\n宁波市海曙区人民政府办公室\n", encoding="utf-8")
    for args in (
        [str(received), "-o", str(received)],  # would delete every submission
        [str(received / "haishu-2022.xlsx"), "-o", str(received)],
        [str(received), "-o", str(tmp_path), "--roster", str(roster)],
    ):
        code, out = run("batch", *args, "--overwrite")
        assert code == 2 and "另选一个输出文件夹" in out, out
        assert sorted(p.name for p in received.iterdir()) == ["fails-balance.xlsx", "haishu-2022.xlsx"]
        assert roster.exists()
    # An output folder inside the folder of submissions is fine: its own files are not read back next time.
    for _ in range(2):
        code, out = run("batch", str(received), "-o", str(received / "结果"), "--overwrite")
        assert code == 0 and "共 2 个文件" in out and "已被替代 1" in out, out  # one unit: the later file counts


def test_a_closed_pipe_ends_quietly() -> None:
    """`report-check … | head`: the reader goes away; no 'internal error', the exit status of SIGPIPE."""
    with subprocess.Popen(
        [sys.executable, "-m", "report_check", "rules"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()
        error = process.stderr.read().decode()
    assert process.returncode == 141 and "内部错误" not in error and "Traceback" not in error, error


def test_an_excel_lock_file_is_named_as_such(tmp_path: Path) -> None:
    lock = tmp_path / "~$报表.xlsx"  # what Excel leaves beside 报表.xlsx while it is open: owner's name, 165 bytes
    lock.write_bytes(b"\x08zhangsan" + b" " * 46 + "zhangsan".encode("utf-16-le") + b"\x00" * 93)
    code, out = run(str(lock))
    assert code == 2 and "打开“报表.xlsx”时生成的临时锁定文件" in out, out


@pytest.mark.parametrize("encoding", ["cp936", "ascii"])
def test_any_console_encoding_gets_the_findings(tmp_path: Path, encoding: str) -> None:
    """Chinese Windows writes to a GBK console or file (`report-check 工作簿.xlsx > 结果.txt`): symbols it cannot
    hold (✗) are replaced, never an internal error; and what is said about the Word file written is true."""
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    source = tmp_path / "工作簿.xlsx"
    source.write_bytes((EXAMPLES / "fails-balance.xlsx").read_bytes())
    command = [sys.executable, "-m", "report_check"]
    checked = subprocess.run([*command, str(source)], capture_output=True, env=env, check=False)
    assert checked.returncode == 1, checked.stderr
    if encoding == "cp936":
        assert "B1" in checked.stdout.decode("gbk") and "结论" in checked.stdout.decode("gbk")
    converted = subprocess.run([*command, "convert", str(source), "--force"], capture_output=True, env=env, check=False)
    assert converted.returncode == 1 and (tmp_path / "工作簿.docx").exists()
    said = (converted.stdout + converted.stderr).decode("gbk" if encoding == "cp936" else "utf-8", "replace")
    assert "未生成" not in said and "内部错误" not in said and "Traceback" not in said
    batch = subprocess.run(
        [*command, "batch", str(tmp_path), "-o", str(tmp_path / "out")], capture_output=True, env=env, check=False
    )
    assert batch.returncode == 1 and (tmp_path / "out" / "汇总.xlsx").exists(), batch.stderr


def test_an_untouched_template_does_not_pass(tmp_path: Path) -> None:
    """The template as a clerk downloads it, only 基本信息 filled: every input still the prefilled 0."""
    from openpyxl import load_workbook

    template = tmp_path / "模板.xlsx"
    assert run("template", "-o", str(template))[0] == 0
    wb = load_workbook(template)
    ws = wb["基本信息"]
    filled: dict[str, str | int] = {"org_name": "某县人民政府办公室", "year": 2023, "level": "县级"}
    filled["org_kind"] = "人民政府办公厅（室）"
    for row in ws.iter_rows():
        field = str(row[0].value)
        if field in filled:
            row[2].value = filled[field]
    wb.save(template)
    code, out = run(str(template))
    assert code == 1 and "V19" in out and "W08" in out, out
    code, out = run("convert", str(template))
    assert code == 1 and not (tmp_path / "模板.docx").exists(), out


def test_several_workbooks_at_once_exit_with_the_worst(tmp_path: Path) -> None:
    passing, failing = str(EXAMPLES / "haishu-2022.xlsx"), str(EXAMPLES / "fails-balance.xlsx")
    code, out = run(passing, failing)
    assert code == 1 and out.count("结论：") == 2
    code, out = run(passing, str(tmp_path / "没有这个文件.xlsx"), "--format", "json")
    data = json.loads(out)
    assert code == 2 and [entry["valid"] for entry in data] == [True, False]


def test_small_habits_of_the_command_line(tmp_path: Path) -> None:
    code, out = run(str(EXAMPLES))  # a folder: the batch is what was meant
    assert code == 2 and "report-check batch" in out
    code, out = run(str(EXAMPLES / "warns-plausibility.xlsx"), "--strict")
    assert code == 1 and "结论：不通过（--strict：有" in out
    path = write(tmp_path / "one.xlsx", [{"meta": "year", "value": 2019}])
    code, out = run(str(path), "--lang", "en")
    assert "Result: FAILED — 1 error, 0 warnings" in out, out
    code, out = run(str(EXAMPLES / "warns-plausibility.xlsx"))
    titles = [line for line in out.splitlines() if line.startswith("【")]
    assert titles == [
        "【基本信息】",
        "【表二 二、主动公开政府信息情况】",
        "【表四 四、政府信息公开行政复议、行政诉讼情况】",
        "【正文】",
    ]
    target = tmp_path / "新建文件夹" / "结果"  # a parent that does not exist yet is made, as convert does
    code, out = run("batch", str(EXAMPLES / "haishu-2022.xlsx"), "-o", str(target))
    assert code == 0 and (target / "汇总.xlsx").exists(), out


def test_ctrl_c_in_a_batch_ends_without_a_traceback(tmp_path: Path) -> None:
    import signal
    import time

    folder = tmp_path / "in"
    folder.mkdir()
    for index in range(300):
        (folder / f"{index}.xlsx").write_bytes((EXAMPLES / "haishu-2022.xlsx").read_bytes())
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "report_check",
            "batch",
            str(folder),
            "-o",
            str(tmp_path / "out"),
            "--docx",
            "--jobs",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    time.sleep(1.2)
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group, workers included
    _, error = process.communicate(timeout=60)
    assert "Traceback" not in error.decode("utf-8", "replace"), error.decode("utf-8", "replace")[-2000:]
    assert process.returncode != 0 and not (tmp_path / "out").exists()  # interrupted midway: nothing written
