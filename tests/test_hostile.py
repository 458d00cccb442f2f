"""Broken and hostile input: every file of tests/data gets its answer from check, convert and batch."""

from __future__ import annotations

import json
import math
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import tomllib
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from report_check.check import check_report, check_workbook
from report_check.cli import cli
from report_check.format import CURRENT
from workbooks import baseline_values, report_from

DATA = Path(__file__).parent / "data"
EXPECTED: dict[str, dict[str, object]] = tomllib.loads((DATA / "expected.toml").read_text("utf-8"))["files"]
SAMPLE = Path(__file__).parent.parent / "examples" / "haishu-2022.xlsx"


def test_every_file_of_the_corpus_has_an_answer() -> None:
    on_disk = {path.name for path in DATA.iterdir() if path.name != "expected.toml"}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_check_answers_clearly(name: str, tmp_path: Path) -> None:
    expected = EXPECTED[name]
    path = DATA / name
    before = path.read_bytes()
    result = CliRunner().invoke(cli, [str(path), "--format", "json"])
    assert ("Traceback" not in result.output and result.exception is None) or isinstance(result.exception, SystemExit)
    assert result.exit_code == expected["exit"], result.output
    data = json.loads(result.output)
    rules = sorted(finding["rule"] for finding in data["findings"])
    for rule in expected["rules"]:  # type: ignore[attr-defined]
        assert rule in rules, rules
        rules.remove(rule)
    if data["findings"]:
        assert expected["says"] in data["findings"][0]["message"] + "".join(f["message"] for f in data["findings"])
        assert all(f["message"] for f in data["findings"])
    text = CliRunner().invoke(cli, [str(path)])
    assert text.exit_code == expected["exit"] and "Traceback" not in text.output
    assert path.read_bytes() == before  # read, never written


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_convert_answers_clearly(name: str, tmp_path: Path) -> None:
    target = tmp_path / "out.docx"
    result = CliRunner().invoke(cli, ["convert", str(DATA / name), "-o", str(target), "--force"])
    assert "Traceback" not in result.output
    assert result.exit_code == EXPECTED[name]["exit"], result.output
    assert target.exists() == (EXPECTED[name]["exit"] != 2)
    assert not list(tmp_path.glob("*.part"))


def test_batch_goes_through_the_whole_corpus(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["batch", str(DATA), "-o", str(tmp_path / "out"), "--jobs", "2", "--docx"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text("utf-8"))
    statuses = {entry["file"]: entry["status"] for entry in summary["files"]}
    assert set(statuses) == {*EXPECTED, "expected.toml"}  # every file, whatever its name, read or not
    assert statuses["expected.toml"] == "unreadable"
    for name in EXPECTED:
        assert (statuses[name] == "unreadable") == (EXPECTED[name]["exit"] == 2), name
    # Every annotated copy opens, with its 校验结果 sheet first, even where the submission held a numeric
    # cell that is not a number (NaN: openpyxl and Excel refuse that file; the copy shows it as text).
    copies = sorted((tmp_path / "out" / "标注").rglob("*.xlsx"))
    assert len(copies) == sum(
        status in ("failed", "passed_with_warnings", "superseded") for status in statuses.values()
    )
    for copy in copies:
        assert openpyxl.load_workbook(copy).sheetnames[0] == "校验结果", copy.name
    # An .xls or .ods is marked on an .xlsx of its values in the same cells (the name says what it was).
    xls = openpyxl.load_workbook(tmp_path / "out" / "标注" / "旧版.xls.xlsx")
    assert xls.sheetnames[0] == "校验结果" and xls["依申请公开"]["E7"].value == 37
    nan = openpyxl.load_workbook(tmp_path / "out" / "标注" / "非数字的值.xlsx")["依申请公开"]
    assert (nan["E20"].value, nan["E21"].value) == ("NaN", "INF")
    # A finding on a cell inside a merged range is marked on the range's top-left cell, the one Excel shows.
    merged = openpyxl.load_workbook(tmp_path / "out" / "标注" / "合并的单元格.xlsx")["依申请公开"]
    assert merged["E9"].comment is not None and "依申请公开!F9" in merged["E9"].comment.text


def _sample_with_e20(tmp_path: Path, value: str) -> Path:
    """The sample with ``<v>value</v>`` in 依申请公开!E20 (a number cell) and F20 left empty: an empty data
    cell sends the reader to openpyxl as well as calamine."""
    path = tmp_path / "e20.xlsx"
    with zipfile.ZipFile(SAMPLE) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet3.xml":
                data = data.replace(
                    b'<c r="E20" s="11" t="n"><v>0</v>', f'<c r="E20" s="11" t="n"><v>{value}</v>'.encode()
                )
                data = re.sub(rb'(<c r="F20"[^>]*>)<v>[^<]*</v>', rb"\1", data)
            target.writestr(info, data)
    return path


def test_a_number_past_what_a_float_holds_is_a_finding_everywhere(tmp_path: Path) -> None:
    """<v> with 400 nines, which openpyxl reads as an int no float holds, is a V02 finding, shortened in the
    message; the summary and the annotated copy stay workbooks Excel opens (text, not a number past
    1.8e308), and such a file does not stop the batch."""
    digits = "9" * 400
    path = _sample_with_e20(tmp_path, digits)
    result = check_workbook(path)
    found = {(f.rule, f.cell): f for f in result.findings}
    assert found[("V02", "E20")].actual == digits and ("V01", "F20") in found
    assert f"“{digits[:40]}…”不是数字" in found[("V02", "E20")].message(result.format, "zh")
    done = CliRunner().invoke(cli, ["batch", str(path), "-o", str(tmp_path / "out")])
    assert done.exit_code == 1, done.output
    findings = openpyxl.load_workbook(tmp_path / "out" / "汇总.xlsx")["问题清单"]
    assert digits in [row[9] for row in findings.iter_rows(min_row=2, values_only=True)]
    copy = openpyxl.load_workbook(tmp_path / "out" / "标注" / "e20.xlsx")["依申请公开"]
    assert copy["E20"].value == digits


def test_a_workbook_only_calamine_reads_is_still_checked(tmp_path: Path) -> None:
    """openpyxl refuses <v>nan</v> in a number cell (Excel would offer to repair the file); calamine reads it.
    The check goes on with calamine's values, empty cells counted blank, instead of calling the file damaged."""
    result = check_workbook(_sample_with_e20(tmp_path, "nan"))
    assert {("V02", "E20"), ("V01", "F20")} <= {(f.rule, f.cell) for f in result.findings}


def _mutations(data: bytes, rng: random.Random) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if not buffer:
            break
        kind = rng.random()
        position = rng.randrange(len(buffer))
        if kind < 0.5:
            buffer[position] = rng.randrange(256)
        elif kind < 0.7:
            del buffer[position : position + rng.randint(1, 64)]
        elif kind < 0.9:
            buffer[position:position] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        else:
            del buffer[position:]
    return bytes(buffer)


def test_fuzzed_workbooks_get_an_answer_never_an_exception(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """Bytes of valid workbooks mutated at random: a report or a clear 'unusable', nothing else."""
    cases = int(request.config.getoption("--fuzz-cases"))
    rng = random.Random(20261126)
    sources = [SAMPLE.read_bytes(), (DATA / "合并的单元格.xlsx").read_bytes()]
    # Mutating the compressed bytes mostly breaks the zip; mutate inflated parts too, to reach the readers.
    inflated = zipfile.ZipFile(SAMPLE)
    parts = {name: inflated.read(name) for name in inflated.namelist()}
    outcomes = {"usable": 0, "unusable": 0}
    for index in range(cases):
        path = tmp_path / "in" / f"{index}.xlsx"
        path.parent.mkdir(exist_ok=True)
        if index % 3 == 0:
            path.write_bytes(_mutations(rng.choice(sources), rng))
        else:
            names = [name for name in parts if name.startswith("xl/worksheets/" if index % 3 == 1 else "")]
            names = [name for name in names if name.endswith(".xml")]
            target = rng.choice(names)
            mutate = _cell_mutations if index % 3 == 1 else _mutations
            with zipfile.ZipFile(path, "w") as archive:
                for name, content in parts.items():
                    archive.writestr(name, mutate(content, rng) if name == target else content)
        result = check_workbook(path)
        outcomes["unusable" if result.unusable else "usable"] += 1
        for finding in result.findings:
            assert finding.message(CURRENT) and finding.message(CURRENT, "en")
    assert outcomes["usable"] and outcomes["unusable"]
    # All of them in one batch: every output written, whatever the files hold.
    done = CliRunner().invoke(cli, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--consolidate"])
    assert done.exit_code in (0, 1) and (tmp_path / "out" / "汇总.xlsx").exists(), done.output


_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*?)(?:/>|>.*?</c>)')
_CELL_TYPES = [None, "n", "n", "str", "inlineStr", "b", "e", "s", "d"]
_CELL_VALUES = [
    "9" * 400, "1e309", "-1e309", "NaN", "INF", "-0", "0x10", "1,5", "", " ", "1e-400", "12.", ".5", "-3", "1" * 20,
    "2.5e2", "true", "1E+308", "00012", "+7", "١٢", "3", "#REF!", "12件", "<", "&amp;",
]  # fmt: skip


def _cell_mutations(data: bytes, rng: random.Random) -> bytes:
    """Some cells of a worksheet given another type and a value of the kinds people and programs write."""
    cells = list(_CELL.finditer(data))
    for match in rng.sample(cells, min(len(cells), rng.randint(1, 6))):
        style = re.search(rb's="[0-9]+"', match.group(2))
        kind, value = rng.choice(_CELL_TYPES), rng.choice(_CELL_VALUES).replace("<", "&lt;")
        head = b'<c r="' + match.group(1) + b'"' + (b" " + style.group(0) if style else b"")
        head += f' t="{kind}">'.encode() if kind else b">"
        body = f"<is><t>{value}</t></is>" if kind == "inlineStr" else f"<v>{value}</v>"
        data = data.replace(match.group(0), head + body.encode() + b"</c>", 1)
    return data


cell_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**25), max_value=10**25),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["无", "—", "/", "12件", "１２", " 3 ", "1,024", "#REF!", "0", "-0", "1e3", "+5", "12.0", ".0"]),
)


def _clean(key: tuple[str, str, str], value: object) -> bool:
    """A value the checks must accept without a word (the oracle, independent of the parser)."""
    if isinstance(value, str) and re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)", value):
        value = float(value)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return False
    if key == ("t2", "2.8.1", "amount"):
        return 0 <= value < 10**6 and round(value, 4) == value
    return 0 <= value < 10**9 and float(value).is_integer()


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(sorted(report_from(baseline_values()).cells)), cell_values, max_size=12))
def test_any_cell_contents_get_findings_not_exceptions(raw: dict[tuple[str, str, str], object]) -> None:
    """Whatever a cell holds: no exception, and a value that is not a clean number is named by a finding."""
    result = check_report(report_from(baseline_values(), raw))
    named = {(f.row_code, f.column_code) for f in result.findings}
    named |= {(c.row_code, c.column_code) for f in result.findings for c in f.cells or []}
    for key, value in raw.items():
        if not _clean(key, value):
            assert (key[1], key[2]) in named, (key, value, [f.rule for f in result.findings])
    for finding in result.findings:
        assert finding.message(result.format) and finding.message(result.format, "en")


@pytest.mark.skipif(sys.platform == "win32", reason="signals")
def test_a_batch_killed_midway_leaves_no_partial_output(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for index in range(1500):
        shutil.copy(SAMPLE, folder / f"{index:03d}.xlsx")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "report_check", "batch", str(folder), "-o", str(out), "--jobs", "2"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(2.5)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]
    killed = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(2.5)
    killed.kill()
    killed.wait(timeout=60)
    assert not out.exists()  # SIGKILL leaves at most a hidden staging folder, never a half OUTDIR
    time.sleep(1)
    found = subprocess.run(["pgrep", "-a", "-s", str(killed.pid)], check=False, capture_output=True, text=True)
    survivors = [line for line in found.stdout.splitlines() if "<defunct>" not in line]  # zombies are dead
    if survivors:  # clean up before failing
        os.killpg(killed.pid, signal.SIGKILL)
    assert survivors == [], "worker processes outlived their killed parent"


T3_ROWS = [f"t3/{row.code}" for row in CURRENT.table("t3").rows]


@settings(
    deadline=None, max_examples=10, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.sampled_from(T3_ROWS), st.sampled_from(T3_ROWS)), min_size=1, max_size=6))
def test_rows_in_any_order_are_read_by_their_codes(tmp_path: Path, swaps: list[tuple[str, str]]) -> None:
    """Rows moved within table 三 (whole rows, labels and codes with them): the same report, no finding."""
    from workbooks import write

    path = write(tmp_path / "moved.xlsx", [{"swap_rows": [a, b]} for a, b in swaps if a != b])
    result = check_workbook(path)
    assert result.findings == []
    baseline = check_report(report_from(baseline_values())).values
    assert result.values is not None and baseline is not None
    assert result.values.numbers == baseline.numbers


def test_the_zip_directory_is_read_as_zipfile_reads_it() -> None:
    """zipparts reads a workbook's parts as zipfile does, declines what it does not read, and finds damage."""
    import io
    import zipfile

    from report_check.zipparts import has_directory, inflate, stored_entries

    data = (Path(__file__).parent.parent / "examples" / "haishu-2022.xlsx").read_bytes()
    entries = stored_entries(data)
    assert entries is not None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert list(entries) == archive.namelist()
        for name, entry in entries.items():
            assert inflate(entry) == archive.read(name)
            assert archive.read(name).startswith(inflate(entry, 100))
    assert stored_entries(b"prefix" + data) is not None  # bytes before the zip, as zipfile allows
    assert not has_directory(data[:-30]) and stored_entries(data[:-30]) is None
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert has_directory(buffer.getvalue()) and stored_entries(buffer.getvalue()) is None  # another method
    damaged = bytearray(data)
    first = next(iter(entries.values()))
    start = data.find(first.data)
    damaged[start + 5] ^= 0xFF
    with pytest.raises(ValueError):
        for entry in (stored_entries(bytes(damaged)) or {}).values():
            inflate(entry)


def test_a_zip_directory_that_lists_more_parts_than_its_count_is_left_to_zipfile() -> None:
    import struct

    from report_check.zipparts import stored_entries

    data = bytearray((Path(__file__).parent.parent / "examples" / "haishu-2022.xlsx").read_bytes())
    end = data.rfind(b"PK\x05\x06")
    for offset in (8, 10):  # the entry counts, on this disk and in all
        (count,) = struct.unpack_from("<H", data, end + offset)
        struct.pack_into("<H", data, end + offset, count - 1)
    assert stored_entries(bytes(data)) is None


def test_a_zip_directory_damaged_anywhere_is_an_s01_never_a_crash(tmp_path: Path) -> None:
    """A part's name in bad UTF-8, a local header past the end, bytes flipped at random in the directory: the
    directory reader declines (None), zipfile says what it makes of it, and the file is S01."""
    import io
    import struct

    from report_check.errors import UnusableInput
    from report_check.reader.sources.workbook import sniff
    from report_check.zipparts import part_sizes, stored_entries

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<a/>")
        archive.writestr("xl/x.xml", "<b/>")
    data = bytearray(buffer.getvalue())
    last = data.rfind(b"PK\x01\x02")
    struct.pack_into("<H", data, last + 8, 0x800)  # names in UTF-8 ...
    data[last + 46 + 3] = 0xFF  # ... but this one is not
    struct.pack_into("<I", data, last + 42, len(data) - 10)  # and its local header would start near the end
    assert part_sizes(bytes(data)) is None and stored_entries(bytes(data)) is None
    path = tmp_path / "损坏.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(UnusableInput) as raised:
        sniff(path)
    assert raised.value.rule == "S01"

    sample = (Path(__file__).parent.parent / "examples" / "haishu-2022.xlsx").read_bytes()
    directory = sample.rfind(b"PK\x01\x02")
    generator = random.Random(7)
    for _ in range(500):
        damaged = bytearray(sample)
        for _ in range(3):
            damaged[generator.randrange(directory - 2000, len(damaged))] = generator.randrange(256)
        part_sizes(bytes(damaged))  # None or sizes, never an exception
        stored_entries(bytes(damaged))


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no interval timer on this system")
def test_reading_that_runs_too_long_is_stopped_and_the_alarm_handler_given_back() -> None:
    from report_check.errors import UnusableInput
    from report_check.limits import time_limit

    def before(signum: int, frame: object) -> None:
        raise AssertionError("the earlier handler ran")

    previous = signal.signal(signal.SIGALRM, before)
    try:
        with pytest.raises(UnusableInput) as raised, time_limit(0.05):
            time.sleep(2)
        assert raised.value.params == {"reason": "timeout", "detail": "0.05"}
        assert signal.getsignal(signal.SIGALRM) is before
        with time_limit(5):
            pass
        assert signal.getsignal(signal.SIGALRM) is before and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no interval timer on this system")
def test_a_chunk_of_reads_has_each_read_limited_and_gives_the_alarm_back() -> None:
    """In a batch's chunk (time_limits) the handler is put in place once and each read only sets the timer: a
    read that runs too long is still stopped, an alarm between reads is ignored, and at the end the timer is
    stopped and the earlier handler given back."""
    from report_check import limits
    from report_check.errors import UnusableInput
    from report_check.limits import time_limit, time_limits

    def before(signum: int, frame: object) -> None:
        raise AssertionError("the earlier handler ran")

    previous = signal.signal(signal.SIGALRM, before)
    try:
        with time_limits():
            with time_limit(5):
                pass
            with pytest.raises(UnusableInput) as raised, time_limit(0.05):
                time.sleep(2)
            assert raised.value.params == {"reason": "timeout", "detail": "0.05"}
            with time_limit(0.05):  # done in time: its alarm comes after it, and is ignored
                pass
            time.sleep(0.2)
            with pytest.raises(UnusableInput), time_limit(0.05):  # and the next read is limited again
                time.sleep(2)
            with time_limit(5):  # an alarm set for an earlier read, come as this one starts: not this one's
                limits._alarm(signal.SIGALRM, None)
            timed_out = []

            def elsewhere() -> None:  # a limit in another thread: not the chunk's (and no timer off the main one)
                try:
                    with time_limit(0.05):
                        time.sleep(0.3)
                except UnusableInput:
                    timed_out.append(True)

            thread = threading.Thread(target=elsewhere)
            thread.start()
            thread.join()
            assert not timed_out and limits._SCOPE.reading is None
        assert signal.getsignal(signal.SIGALRM) is before and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_a_sheet_whose_only_cell_is_far_away_is_not_read_from_a1(tmp_path: Path) -> None:
    """calamine reads a sheet's rows from A1 to its last cell: a draft sheet holding one cell at XFD1048576
    (and nothing above it) would be 17 billion values.  The area from A1 is what is limited: such a workbook is
    read by openpyxl, which reads only the cells there are."""
    from report_check.reader.sources.workbook import load_values

    workbook = openpyxl.load_workbook(Path(__file__).parent.parent / "examples" / "haishu-2022.xlsx")
    workbook.create_sheet("草稿")["XFD1048576"] = "x"
    path = tmp_path / "远处的格子.xlsx"
    workbook.save(path)
    grids = load_values(path)
    assert all(grid.flat is None for grid in grids) and grids[-1].cells == {(1048576, 16384): "x"}
    result = check_workbook(path)
    assert result.valid and not result.findings, [f.rule for f in result.findings]


def test_a_chunk_pauses_the_collector_but_collects_what_a_file_leaves_in_cycles() -> None:
    """A batch's chunk runs with the cyclic collector off; a file that leaves many cycles behind (an openpyxl
    workbook) is collected after it all the same."""
    import gc

    from report_check.check import PAUSED_GROWTH, collector_paused

    with collector_paused() as tidy:
        assert not gc.isenabled()
        for _ in range(PAUSED_GROWTH + 10):
            cycle: list[object] = []
            cycle.append(cycle)
        tidy()
        assert gc.get_count()[0] < PAUSED_GROWTH
    assert gc.isenabled()
