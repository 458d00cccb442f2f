"""Every JSON output (a check's, a batch's summary.json) is valid against docs/report.schema.json."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from report_check.cli import cli

ROOT = Path(__file__).parent.parent
SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text("utf-8"))
DATA = Path(__file__).parent / "data"
FILES = sorted(
    [
        *(ROOT / "examples").glob("*.xlsx"),
        *(ROOT / "examples" / "published").iterdir(),
        *(p for p in DATA.iterdir() if p.name != "expected.toml"),
    ]
)


def _validate(data: object) -> None:
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(data)


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_the_json_of_every_check_is_valid(path: Path) -> None:
    result = CliRunner().invoke(cli, [str(path), "--format", "json"])
    data = json.loads(result.output)
    _validate(data)
    for finding in data["findings"]:  # numbers are numbers: no "12.0", no 2020.0 as text
        for key in ("expected", "actual"):
            value = finding[key]
            # (past 15 digits a float is not the number typed: it stays a float, 1e+20)
            whole_float = isinstance(value, float) and value.is_integer() and abs(value) < 1e15
            assert not whole_float, (finding["rule"], key, value)
            assert not (isinstance(value, str) and value.endswith(".0") and value[:-2].lstrip("-").isdigit())


def test_summary_json_is_valid(tmp_path: Path) -> None:
    roster = tmp_path / "名单.csv"
    roster.write_text("机关名称\n宁波市海曙区人民政府办公室\n某单位\n", encoding="utf-8")
    out = tmp_path / "out"
    CliRunner().invoke(cli, ["batch", str(DATA), str(ROOT / "examples"), "-o", str(out), "--roster", str(roster)])
    data = json.loads((out / "summary.json").read_text("utf-8"))
    _validate(data)
    assert {entry["status"] for entry in data["files"]} <= set(data["totals"])  # one spelling each
