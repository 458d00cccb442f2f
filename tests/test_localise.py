"""Error localisation: the likely wrong cell of a report that does not balance, and its value."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest

from report_check.check import Result, check_report, check_workbook
from report_check.format import CURRENT
from report_check.model import Report
from report_check.reader import read_workbook
from report_check.render.text_report import render
from report_check.rules.localise import slip

SAMPLE = Path(__file__).parent.parent / "examples" / "haishu-2022.xlsx"


def _with_template_sums(report: Report) -> Report:
    """The sample as though its totals were the template's SUM formulas (the sample's are typed): what the
    localiser is told of a workbook filled in the template as shipped."""
    report.formula_cells = frozenset(f"{cell.sheet}!{cell.ref}" for cell in report.cells.values())
    return report


def _changed(changes: dict[tuple[str, str, str], int]) -> Result:
    report = read_workbook(SAMPLE)
    report = dataclasses.replace(report, cells=dict(report.cells))
    for key, value in changes.items():
        report.cells[key] = dataclasses.replace(report.cells[key], raw=value)
    return check_report(report)


def _best(result: Result) -> list[tuple[str, str, str, int]]:
    return [(*s.key, s.value) for s in result.suggestions if s.rank == 1]


def test_a_number_typed_one_cell_off_is_said() -> None:
    """37 natural persons and 5 companies typed one column off (5 and 37): both cells, the number moved."""
    result = _changed({("t3", "3.1", "natural"): 5, ("t3", "3.1", "commercial"): 37})
    best = [s for s in result.suggestions if s.rank == 1]
    assert [(s.key[2], s.value, s.reason) for s in best] == [
        ("natural", 37, "neighbour"),
        ("commercial", 5, "neighbour"),
    ]
    assert "数字填到了相邻的格子里" in render(result)


@pytest.mark.parametrize(
    ("typed", "meant", "reason"),
    [
        (73, 37, "transposed"),
        (12, 123, "dropped"),
        (3, 37, ""),  # a lone digit left of 37 says little
        (377, 37, "doubled"),
        (-5, 5, "sign"),
        (38, 37, ""),
        (12, 21, "transposed"),
    ],
)
def test_typing_slips(typed: int, meant: int, reason: str) -> None:
    assert slip(typed, meant) == reason


def test_a_single_wrong_cell_in_table_three_is_found_with_its_value() -> None:
    """Any input or total of table 三 changed alone breaks a row and a column rule crossing at it: the one cell
    that satisfies both is named, with the value it held."""
    report = read_workbook(SAMPLE)
    keys = [key for key in report.cells if key[0] == "t3"]
    rng = random.Random(7)
    for key in rng.sample(keys, 40):
        raw = report.cells[key].raw
        assert isinstance(raw, int | float)
        current = int(raw)
        result = _changed({key: current + rng.choice([1, 2, 10, -1])} if current > 1 else {key: current + 3})
        assert _best(result) == [(*key, current)], key


def test_a_transposition_is_said_and_ranked_first() -> None:
    result = _changed({("t3", "3.1", "natural"): 73})
    assert _best(result) == [("t3", "3.1", "natural", 37)]
    assert result.suggestions[0].reason == "transposed"
    text = render(result)
    assert "→ 最可能是 依申请公开!E7 填错：应为 37（现为 73，两位数字颠倒）" in text


def test_equal_candidates_are_all_given_never_one_picked() -> None:
    """Table 四's row rule alone cannot tell which of its cells is wrong: all of them, equal rank."""
    result = _changed({("t4", "4.1", "upheld"): 2})
    best = _best(result)
    # upheld back to 1, pending down to 0, or the total up to 3 (corrected and other hold 0: they cannot give 1)
    assert best == [("t4", "4.1", "upheld", 1), ("t4", "4.1", "pending", 0), ("t4", "4.1", "total", 3)]
    assert "无法确定是哪一处，3 种改法同样可能" in render(result)


def test_totals_computed_by_the_template_follow_the_mistyped_input() -> None:
    """A workbook whose totals are the template's SUMs: an input typed wrong moves its totals with it, and only
    B1 fails; every input of that column that can take the difference is a candidate, a slip ranks one first."""
    report = _with_template_sums(read_workbook(SAMPLE))
    report = dataclasses.replace(report, cells=dict(report.cells))
    row = ("t3", "3.3.1")  # 13 natural persons given the information, typed 31: the totals follow (as SUM would)
    follows = {(*row, "natural"): 31, (*row, "total"): 31, ("t3", "3.3.7", "natural"): 52, ("t3", "3.3.7", "total"): 57}
    for key, value in follows.items():
        report.cells[key] = dataclasses.replace(report.cells[key], raw=value)
    result = check_report(report)
    assert {f.rule for f in result.findings if f.rule.startswith("B")} == {"B1"}
    assert _best(result) == [("t3", "3.3.1", "natural", 13)]
    assert result.suggestions[0].reason == "transposed"
    assert len(result.suggestions) > 1  # the other inputs of the column that can take 18 less, ranked after it


def test_json_and_the_annotated_copy_carry_the_suggestions(tmp_path: Path) -> None:
    import io
    import json

    from openpyxl import load_workbook

    from report_check.batch.outputs import annotated_copy
    from report_check.render.json_report import render as render_json
    from workbooks import write

    path = write(tmp_path / "b.xlsx", [{"set": "t3/3.3.1/natural", "value": 31}])  # 13 typed as 31
    result = check_workbook(path)
    data = json.loads(render_json(result))
    assert data["suggestions"][0]["cell"] == "E9" and data["suggestions"][0]["value"] == 13
    assert all(
        "依申请公开!E9" in f.get("suggestions", ["依申请公开!E9"]) for f in data["findings"] if f["rule"][0] == "B"
    )
    copy = load_workbook(io.BytesIO(annotated_copy(path, result, "zh")))
    assert "[最可能填错] 应为 13（现为 31，两位数字颠倒）" in copy["依申请公开"]["E9"].comment.text


def test_a_report_that_balances_gets_no_suggestion() -> None:
    assert check_workbook(SAMPLE).suggestions == []
    assert CURRENT.equations  # B1–B4 declared by the format


def test_many_equally_likely_ways_are_counted_and_their_columns_named() -> None:
    """Two typed cells wrong, the template's SUMs carrying them into the totals: every pair of typed cells of the
    two columns balances; the sentence counts them and names the columns, never one pair as the answer."""
    report = _with_template_sums(read_workbook(SAMPLE))
    report = dataclasses.replace(report, cells=dict(report.cells))
    numbers = {key: cell.raw for key, cell in report.cells.items()}
    changes = {("t3", "3.3.2", "natural"): 1, ("t3", "3.3.2", "total"): 1, ("t3", "3.3.7", "natural"): 1}
    changes |= {("t3", "3.3.4.1", "commercial"): -1, ("t3", "3.3.4.1", "total"): -1, ("t3", "3.3.7", "commercial"): -1}
    for key, delta in changes.items():
        raw = numbers[key]
        assert isinstance(raw, int | float)
        report.cells[key] = dataclasses.replace(report.cells[key], raw=raw + delta)
    result = check_report(report)
    first = result.suggestions[0]
    assert first.equal > 20 and first.sets >= first.equal and len({s.group for s in result.suggestions}) == 20
    line = next(line for line in render(result).splitlines() if "→" in line)
    assert f"无法确定是哪一处：{first.equal} 种改法同样可能，都是改“自然人”、“商业企业”列中的数字" in line


def test_the_annotated_copy_counts_every_equally_likely_way_not_only_those_listed(tmp_path: Path) -> None:
    """The template as shipped (its totals SUM formulas) filled with the sample's inputs, two of them mistyped
    in two columns: the formulas carry them into the totals, and every pair of inputs of those columns balances;
    more ways than the 20 listed, and the copy's comments and the terminal give the same count."""
    import re

    from openpyxl import load_workbook

    from report_check.batch import BatchOptions, run_batch
    from report_check.template.writer import build_template

    sample = read_workbook(SAMPLE)
    workbook = build_template()
    changes = {("t3", "3.3.2", "natural"): 1, ("t3", "3.3.4.1", "commercial"): -1}
    for key, cell in sample.cells.items():
        target = workbook[cell.sheet][cell.ref]
        if not (isinstance(target.value, str) and target.value.startswith("=")):  # the totals keep their SUMs
            target.value = (cell.raw or 0) + changes.get(key, 0)  # type: ignore[operator]
    for field in sample.metadata.values():
        workbook[field.sheet][field.ref] = field.raw  # type: ignore[assignment]  # text and numbers here
    path = tmp_path / "in" / "raised.xlsx"
    path.parent.mkdir()
    workbook.save(path)
    result = check_workbook(path)
    best = [s for s in result.suggestions if s.rank == 1]
    assert best and best[0].equal > len({s.group for s in best})  # more ways than listed
    assert f"{best[0].equal} 种改法同样可能" in render(result, "zh")
    run_batch([path.parent], tmp_path / "out", BatchOptions(jobs=1))
    copy = load_workbook(tmp_path / "out" / "标注" / "raised.xlsx")
    counts = {
        int(found.group(1))
        for sheet in copy.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.comment and (found := re.search(r"(\d+) 种同样可能的改法之一", cell.comment.text))
    }
    assert counts == {best[0].equal}


def test_totals_typed_over_are_cells_like_any_other(tmp_path: Path) -> None:
    """The sample's totals are typed, not formulas: a count raised by 3 with its row total is two typed cells
    wrong.  The ways given put the workbook right when followed (never the template's "the totals follow")."""
    from openpyxl import load_workbook

    workbook = load_workbook(SAMPLE)
    sample = read_workbook(SAMPLE)
    for column in ("natural", "total"):
        cell = sample.cells[("t3", "3.1", column)]
        workbook[cell.sheet][cell.ref] = float(cell.raw or 0) + 3  # type: ignore[arg-type]
    path = tmp_path / "raised.xlsx"
    workbook.save(path)
    result = check_workbook(path)
    best = [s for s in result.suggestions if s.rank == 1]
    assert {(s.key, s.value) for s in best} >= {(("t3", "3.1", "natural"), 37), (("t3", "3.1", "total"), 42)}
    for group in {s.group for s in best}:  # each way, followed, balances the workbook
        fixed = load_workbook(path)
        for s in best:
            if s.group == group and s.sheet and s.cell:
                fixed[s.sheet][s.cell] = s.value
        fixed.save(tmp_path / "fixed.xlsx")
        assert not [f for f in check_workbook(tmp_path / "fixed.xlsx").findings if f.rule.startswith("B")]
