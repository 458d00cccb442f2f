"""Every rule case of rule_cases.toml, through a real workbook file and the whole check."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from conftest import TODAY
from report_check.check import CheckOptions, check_workbook
from report_check.rules.registry import RULES
from workbooks import build

CASES: list[dict[str, Any]] = tomllib.loads((Path(__file__).parent / "rule_cases.toml").read_text("utf-8"))["case"]


SEED = Path(__file__).parent.parent / "examples" / "published" / "haishu-2022.txt"


def _write_case(case: dict[str, Any], path: Path) -> Path:
    if "published" in case:  # the published seed text, with lines replaced or left out
        lines = SEED.read_text("utf-8").splitlines()
        for old, new in case["published"]:
            lines = [
                line.replace(old, new) if new is not None else line
                for line in lines
                if new is not None or old not in line
            ]
        path = path.with_suffix(".txt")
        path.write_text("\n".join(lines), "utf-8")
    elif "file_text" in case:
        path.write_text(case["file_text"], encoding="utf-8")
    elif case.get("empty_workbook"):
        wb = Workbook()
        assert wb.active is not None
        wb.active["A1"] = "机关名称"
        wb.save(path)
    else:
        path.write_bytes(build(case.get("edits", [])))
    return path


def _matches(finding: dict[str, Any], expected: dict[str, Any]) -> bool:
    for key, value in expected.items():
        if key == "cell":
            if f"{finding['sheet']}!{finding['cell']}" != value:
                return False
        elif finding.get(key) != value:
            return False
    return True


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_rule_case(case: dict[str, Any], tmp_path: Path) -> None:
    path = _write_case(case, tmp_path / "case.xlsx")
    options = CheckOptions(**case.get("options", {}))
    result = check_workbook(path, options, today=TODAY)
    fmt = result.format
    found = [finding.as_dict(fmt) for finding in result.findings]
    unmatched = list(found)
    for expected in case["expect"]:
        hit = next((f for f in unmatched if _matches(f, expected)), None)
        assert hit is not None, f"expected {expected}, found {[(f['rule'], f['sheet'], f['cell']) for f in found]}"
        unmatched.remove(hit)
    assert not unmatched, (
        f"unexpected findings: {[(f['rule'], f['sheet'], f['cell'], f['message']) for f in unmatched]}"
    )
    for rule in case.get("passes", []):
        assert all(f["rule"] != rule for f in found)
    for finding in found:  # every finding speaks Chinese and English
        assert finding["message"]
        assert result.findings[found.index(finding)].message(fmt, "en")


def test_every_rule_has_a_failing_and_a_passing_case() -> None:
    failing = {expected["rule"] for case in CASES for expected in case["expect"]}
    passing = {rule for case in CASES for rule in case.get("passes", [])}
    # The X rules compare several workbooks: their cases are in test_batch.py.
    assert {code for code in RULES if not code.startswith("X")} - failing == set()
    # The baseline case passes every rule; most rules also have a near miss of their own.
    assert CASES[0]["expect"] == []
    assert len(passing) >= 20


def test_checking_many_reports_at_once_gives_each_its_own_findings(tmp_path: Path) -> None:
    """check_reports stacks every report into one pandera call per schema; nothing may leak between them."""
    from report_check.check import check_reports
    from report_check.reader import read_workbook

    cases = [case for case in CASES if "file_text" not in case and not case.get("empty_workbook")][:25]
    cases = [case for case in cases if not case.get("options")]
    reports = [read_workbook(_write_case(case, tmp_path / f"{i}.xlsx")) for i, case in enumerate(cases)]
    together = check_reports(reports, today=TODAY)
    for report, result in zip(reports, together, strict=True):
        alone = check_reports([report], today=TODAY)[0]
        assert [f.as_dict(result.format) for f in result.findings] == [f.as_dict(alone.format) for f in alone.findings]
    assert sum(len(r.findings) for r in together) > 20


def test_direct_evaluation_finds_what_pandera_validate_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Checks evaluated directly on numpy arrays (the default) and by pandera's validate() give the same findings."""
    from report_check.rules import base

    for index, case in enumerate(case for case in CASES if "file_text" not in case and not case.get("empty_workbook")):
        path = _write_case(case, tmp_path / f"{index}.xlsx")
        options = CheckOptions(**case.get("options", {}))
        monkeypatch.setattr(base, "DIRECT", True)
        fast = check_workbook(path, options, today=TODAY)
        monkeypatch.setattr(base, "DIRECT", False)
        slow = check_workbook(path, options, today=TODAY)
        assert [f.as_dict(fast.format) for f in fast.findings] == [f.as_dict(slow.format) for f in slow.findings]


def test_a_kept_layout_reads_every_workbook_as_a_full_placement_does(tmp_path: Path) -> None:
    """The reader keeps a placed layout for the workbooks laid out alike; every rule case (values, labels,
    codes, merges, sheets changed) read after the others, with layouts kept (and their code checks made
    once), gives the findings it gives read alone, placed in full; and a report checked (and slimmed)
    leaves the kept layout as it was."""
    from report_check.check import check_reports
    from report_check.reader import read_workbook
    from report_check.reader.place import codes as scan
    from report_check.rules import structure

    cases = [case for case in CASES if "file_text" not in case and not case.get("empty_workbook")]
    cases = [case for case in cases if "published" not in case and not case.get("options")]
    paths = [_write_case(case, tmp_path / f"{i}.xlsx") for i, case in enumerate(cases)]

    def findings(path: Path) -> list[dict[str, object]]:
        report = read_workbook(path)
        result = check_reports([report], today=TODAY)[0]
        report.sites.clear()  # as a batch slims it: the kept layout must not share its lists
        return [f.as_dict(result.format) for f in result.findings]

    scan.forget_layouts()
    kept = [findings(path) for path in paths + paths]
    assert scan._LAYOUTS, "the template's layout is kept"
    assert structure._KEPT, "the code checks of a kept layout are made once"
    scan.forget_layouts()
    scan.KEEP_LAYOUTS = False  # each placed in full (a blank data cell's second reading included)
    try:
        for index, path in enumerate(paths):
            alone = findings(path)
            assert kept[index] == alone == kept[len(paths) + index], cases[index]["id"]
    finally:
        scan.KEEP_LAYOUTS = True


@pytest.mark.parametrize(
    ("edits_first", "edits_second"),
    [
        # 栏目代码 with a space after it: the column codes swapped in the second workbook must be seen
        (
            [{"text": "依申请公开!A6", "value": "栏目代码 "}],
            [
                {"text": "依申请公开!A6", "value": "栏目代码 "},
                {"text": "依申请公开!E6", "value": "commercial"},
                {"text": "依申请公开!F6", "value": "natural"},
            ],
        ),
        # a number in column A read as 1.0 by one reader and 1 by the other (a blank data cell reads twice)
        (
            [{"text": "复议诉讼!A9", "value": 1}],
            [{"text": "复议诉讼!A9", "value": 1}, {"set": "t3/3.1/natural", "value": None}],
        ),
    ],
)
def test_a_kept_layout_is_not_taken_for_one_it_is_not(
    tmp_path: Path, edits_first: list[dict[str, object]], edits_second: list[dict[str, object]]
) -> None:
    from report_check.check import check_reports
    from report_check.reader import read_workbook
    from report_check.reader.place import codes

    first = _write_case({"edits": edits_first}, tmp_path / "first.xlsx")
    second = _write_case({"edits": edits_second}, tmp_path / "second.xlsx")

    def findings(path: Path) -> list[dict[str, object]]:
        result = check_reports([read_workbook(path)], today=TODAY)[0]
        return [f.as_dict(result.format) for f in result.findings]

    codes.forget_layouts()
    findings(first)
    kept = findings(second)
    codes.forget_layouts()
    codes.KEEP_LAYOUTS = False
    try:
        alone = findings(second)
    finally:
        codes.KEEP_LAYOUTS = True
    assert kept == alone


def test_a_report_changed_after_reading_is_checked_afresh(tmp_path: Path) -> None:
    """The code checks of a kept layout are made once, for reports read by it as they were read: a report a
    caller changes before checking it (a table dropped, a sheet hidden) gets the findings it now deserves."""
    from report_check.check import check_report
    from report_check.reader import read_workbook
    from report_check.reader.place import codes

    path = _write_case({"edits": []}, tmp_path / "base.xlsx")
    codes.forget_layouts()
    _placed_in_full, second, third = (read_workbook(path) for _ in range(3))
    assert second.layout is not None and third.layout is second.layout
    assert not {f.rule for f in check_report(second, today=TODAY).findings} & {"S03", "S06"}
    third.tables.pop("t3")
    third.hidden_sheets.append(third.sheet_names[0])
    assert {"S03", "S06"} <= {f.rule for f in check_report(third, today=TODAY).findings}


def test_kept_cells_read_as_the_dict_they_stand_for(tmp_path: Path) -> None:
    """A workbook read by a kept layout holds its cells as KeptCells: the same keys, cells and values as the
    dict of a full placement; a change makes it a plain dict inside (and the checks then read it as one);
    pickled, it is that dict."""
    import dataclasses
    import pickle

    from report_check.model import KeptCells, key_tuple, raw_values
    from report_check.reader import read_workbook
    from report_check.reader.place import codes

    path = _write_case({"edits": []}, tmp_path / "base.xlsx")
    codes.forget_layouts()
    full = read_workbook(path).cells
    kept = read_workbook(path).cells
    assert isinstance(kept, KeptCells) and not isinstance(full, KeptCells)
    assert kept == full and list(kept) == list(full) and len(kept) == len(full)
    assert key_tuple(kept) == tuple(full) and raw_values(kept) == [cell.raw for cell in full.values()]
    key = next(iter(full))
    assert kept[key] == full[key] and key in kept and ("t9", "x", "y") not in kept
    some = [key, ("t9", "x", "y"), *list(full)[-3:]]
    assert kept.some(some) == {k: full[k] for k in some if k in full} and len(kept.some(some)) == 4
    assert pickle.loads(pickle.dumps(kept)) == full and type(pickle.loads(pickle.dumps(kept))) is dict
    kept[key] = dataclasses.replace(kept[key], raw=12345)
    assert not kept.plain and raw_values(kept)[0] == 12345 and kept[key].raw == 12345
    assert kept.some([key, ("t9", "x", "y")]) == {key: kept[key]}
    assert kept != full


def test_a_workbook_laid_out_as_the_last_is_searched_for_the_earlier_format_where_it_was_not_compared(
    tmp_path: Path,
) -> None:
    """A workbook laid out as the last one read (its codes, merges and labels compared as read) is read by that
    layout; a 2019 label in one of its other cells (a note beside the prose, a note where the first workbook
    had another, a table cell) is found all the same."""
    from report_check.reader import read_workbook
    from report_check.reader.place import codes
    from report_check.reader.sources.workbook import load_values

    base = _write_case({"edits": [{"text": "正文!D6", "value": "备注"}]}, tmp_path / "base.xlsx")
    label = "本表沿用：采购项目数量"
    noted = {
        ("正文", "D5"): [{"text": "正文!D5", "value": label}, {"text": "正文!D6", "value": "备注"}],
        ("正文", "D6"): [{"text": "正文!D6", "value": label}],
        ("依申请公开", "E7"): [{"set": "t3/3.1/natural", "value": label}, {"text": "正文!D6", "value": "备注"}],
    }
    for place, edits in noted.items():
        path = _write_case({"edits": edits}, tmp_path / f"{place[1]}.xlsx")
        codes.forget_layouts()
        assert read_workbook(base).earlier_format == []
        layout = codes._LAST[0]
        assert layout is not None and layout.same(load_values(path))
        assert [(m.sheet, m.ref) for m in read_workbook(path).earlier_format] == [place]
        assert codes._LAST[0] is layout  # read by the kept layout
