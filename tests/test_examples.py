"""The committed examples are what tests/make_examples.py writes today, with the findings it lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from make_examples import EXAMPLE_LIST, EXAMPLES, example_bytes, findings_of


@pytest.mark.parametrize("example", EXAMPLE_LIST, ids=[e.name for e in EXAMPLE_LIST])
def test_example_is_current(example: object) -> None:
    path = EXAMPLES / example.name  # type: ignore[attr-defined]
    assert path.read_bytes() == example_bytes(example), "run: python tests/make_examples.py"  # type: ignore[arg-type]


@pytest.mark.parametrize("example", EXAMPLE_LIST, ids=[e.name for e in EXAMPLE_LIST])
def test_example_findings_match_manifest(example: object) -> None:
    manifest = json.loads((EXAMPLES / "manifest.json").read_text("utf-8"))
    entry = manifest[example.name]  # type: ignore[attr-defined]
    exit_code, findings = findings_of(EXAMPLES / example.name)  # type: ignore[attr-defined]
    assert exit_code == entry["exit_code"]
    assert [{k: v for k, v in f.items() if k != "message"} for f in findings] == entry["findings"]


def test_sample_passes_and_failing_examples_cover_every_family() -> None:
    manifest = json.loads((EXAMPLES / "manifest.json").read_text("utf-8"))
    assert manifest["haishu-2022.xlsx"]["exit_code"] == 0
    families = {f["rule"][0] for entry in manifest.values() for f in entry["findings"]}
    assert families >= {"S", "C", "V", "B", "W"}
    listed = (EXAMPLES / "README.md").read_text("utf-8")
    for example in EXAMPLE_LIST:
        assert f"examples/{example.name}" in listed
    assert Path(EXAMPLES / "README.md").exists()
