"""The speed benchmark: batch checks of N generated submissions, and one single-file check.

    python benchmarks/run.py                 # 1,000 submissions, all outputs
    python benchmarks/run.py --count 10000
    python benchmarks/run.py --single-only

Each batch figure is the wall time of the real command (``report-check batch …``
in a subprocess, start-up included) and its peak memory (the resident memory of
the command and its worker processes together, sampled every 0.1 s).  The
single-file figures, for three workbooks, are the command's wall time and the
time of its work alone: in a fresh Python that has already imported every module
the command imports (as ``python -X importtime`` lists them), the first call of
the command's main function; each is the median of 15 runs, interleaved.
Results are printed as a Markdown table for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLE = ROOT / "examples" / "haishu-2022.xlsx"


def _command() -> list[str]:
    script = Path(sys.executable).with_name("report-check")
    return [str(script)] if script.exists() else [sys.executable, "-m", "report_check"]


def _family(root: int) -> list[int]:
    """A process and its descendants, from /proc/PID/task/*/children (cheap enough to poll)."""
    family, queue = [], [root]
    while queue:
        pid = queue.pop()
        family.append(pid)
        for children in Path(f"/proc/{pid}/task").glob("*/children"):
            try:
                queue.extend(int(child) for child in children.read_text().split())
            except (OSError, ValueError):
                continue
    return family


def _tree_rss_mib(root: int) -> float:
    """Resident memory of a process and all its descendants, summed (Linux /proc)."""
    total = 0
    for pid in _family(root):
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    return total / 2**20


def _timed(args: list[str]) -> tuple[float, float, int]:
    """(wall seconds, peak resident MiB of the command and its workers together, exit code)."""
    start = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    while process.poll() is None:
        if Path("/proc").exists():
            peak = max(peak, _tree_rss_mib(process.pid))
        time.sleep(0.1)
    return time.perf_counter() - start, peak, process.returncode


_BARE = """
import os, sys, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

def read(paths):
    from python_calamine import CalamineWorkbook
    for path in paths:
        try:
            workbook = CalamineWorkbook.from_path(path)
            for name in workbook.sheet_names:
                workbook.get_sheet_by_name(name).to_python()
        except Exception:
            pass

if __name__ == "__main__":
    start = time.perf_counter()
    files = sorted(str(p) for p in Path(sys.argv[1]).rglob("*") if p.is_file())
    jobs = os.cpu_count() or 1
    with ProcessPoolExecutor(jobs) as pool:
        list(pool.map(read, [files[i :: jobs * 8] for i in range(jobs * 8)]))
    print(time.perf_counter() - start)
"""


def bare(folder: Path) -> float:
    """A bare check of the same files: every sheet's values read by python-calamine, one process per core,
    start-up included (what the batch is measured against)."""
    script = folder.parent / "bare_check.py"
    script.write_text(_BARE, "utf-8")
    done = subprocess.run([sys.executable, str(script), str(folder)], capture_output=True, text=True, check=True)
    script.unlink()
    return float(done.stdout)


def batch(count: int, keep: Path | None, docx: bool, fault_share: float, runs: int = 1) -> dict[str, object]:
    work = Path(tempfile.mkdtemp(prefix="rc-bench-"))
    submissions = keep or work / "in"
    if not (submissions.exists() and len(list(submissions.glob("*.xlsx"))) == count):
        shutil.rmtree(submissions, ignore_errors=True)
        generator = [sys.executable, str(HERE / "generate.py"), str(count), str(submissions)]
        subprocess.run([*generator, "--fault-share", str(fault_share)], check=True)
    args = [*_command(), "batch", str(submissions), "-o", str(work / "out"), "--consolidate", "--overwrite"]
    if docx:
        args.append("--docx")
    walls, bares, peak, code = [], [], 0.0, 0
    for _ in range(runs):  # interleaved with the bare check, so that a slow spell of the machine hits both
        bares.append(bare(submissions))
        wall, peak_run, code = _timed(args)
        walls.append(wall)
        peak = max(peak, peak_run)
    outputs = sum(1 for p in (work / "out").rglob("*") if p.is_file())
    copies = sum(1 for p in (work / "out" / "标注").rglob("*") if p.is_file())
    shutil.rmtree(work, ignore_errors=True)
    return {
        "count": count,
        "wall": statistics.median(walls),
        "bare": statistics.median(bares),
        "peak_mib": peak,
        "exit": code,
        "outputs": outputs,
        "copies": copies,
        "docx": docx,
    }


def _imported_modules(args: list[str]) -> list[str]:
    """Every module the command imports, from ``python -X importtime``."""
    done = subprocess.run([sys.executable, "-X", "importtime", *args], capture_output=True, text=True, check=False)
    modules = []
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if all(part.isidentifier() for part in name.split(".")):
                modules.append(name)
    return modules


_BEYOND = """
import importlib, io, sys, time
from contextlib import redirect_stdout
for name in {modules!r}:
    try:
        importlib.import_module(name)
    except Exception:
        pass
from report_check.cli import cli
start = time.perf_counter()
with redirect_stdout(io.StringIO()):
    try:
        cli.main({args!r}, standalone_mode=False)
    except SystemExit:
        pass
print(time.perf_counter() - start)
"""


def single(arguments: list[str], runs: int = 15) -> dict[str, float]:
    """The command's wall time, and the time of its work alone: in a fresh process that has already
    imported every module the command imports (listed by ``python -X importtime``), the first call of the
    command's main function.  Both are medians over ``runs`` processes."""
    check = [*_command(), *arguments]
    modules = _imported_modules(["-m", "report_check", *arguments])
    code = _BEYOND.format(modules=modules, args=arguments)
    subprocess.run(check, capture_output=True, check=False)  # warm the file cache
    totals, work = [], []
    for _ in range(runs):  # interleaved, so that a slow spell of the machine hits both alike
        start = time.perf_counter()
        exit_code = subprocess.run(check, capture_output=True, check=False).returncode
        totals.append(time.perf_counter() - start)
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        work.append(float(done.stdout))
    return {
        "total": statistics.median(totals),
        "beyond": statistics.median(work),
        "beyond_max": max(work),
        "modules": len(modules),
        "exit": exit_code,
    }


_RENDER = """
import statistics, sys, time
from report_check.check import check_workbook
from report_check.word.document import render_docx
result = check_workbook(sys.argv[1])
render_docx(result)
times = []
for _ in range(50):
    start = time.perf_counter()
    render_docx(result)
    times.append(time.perf_counter() - start)
print(statistics.median(times), max(times))
"""


def render(workbook: Path) -> tuple[float, float]:
    """The Word report of a checked workbook, alone: median and slowest of 50 in one process (its first
    call, which compresses the unchanging parts of the package, left out)."""
    done = subprocess.run([sys.executable, "-c", _RENDER, str(workbook)], capture_output=True, text=True, check=True)
    median, slowest = done.stdout.split()
    return float(median), float(slowest)


def _single_workbooks(folder: Path) -> list[tuple[str, Path]]:
    """The sample (passes with one warning), a generated submission without findings, a failing example."""
    sys.path.insert(0, str(HERE))
    from generate import generate

    generate(1, folder)
    return [
        ("the sample (1 warning)", SAMPLE),
        ("a generated submission (no findings)", next(folder.glob("*.xlsx"))),
        ("examples/fails-balance.xlsx (errors)", ROOT / "examples" / "fails-balance.xlsx"),
    ]


def as_installed() -> None:
    """Measure report-check as pip installs it, with its modules compiled to bytecode (pip does so at install):
    a machine told not to write bytecode (PYTHONDONTWRITEBYTECODE) would otherwise compile every module at
    every start, 0.1-0.15 s that no installed copy spends."""
    import compileall

    import report_check

    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    compileall.compile_dir(Path(report_check.__file__).parent, quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, action="append", help="submissions (repeatable); default 1000")
    parser.add_argument("--docx", action="store_true", help="also write the Word reports (--docx)")
    parser.add_argument("--keep", type=Path, help="reuse generated submissions in this folder")
    parser.add_argument("--fault-share", type=float, default=0.10, help="share of units with a finding (real: 0.7)")
    parser.add_argument("--runs", type=int, default=1, help="batch runs, each after a bare check (median)")
    parser.add_argument("--single-only", action="store_true")
    parser.add_argument("--batch-only", action="store_true")
    args = parser.parse_args()
    as_installed()
    machine = platform.processor() or platform.machine()
    print(f"machine: {machine}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("| measurement | figure |\n|---|---|")
    with tempfile.TemporaryDirectory(prefix="rc-single-") as folder:
        if args.batch_only:
            return _batches(args)
        for label, workbook in _single_workbooks(Path(folder)):
            one = single([str(workbook)])
            print(f"| single check of {label}, wall, start-up included | {one['total'] * 1000:.0f} ms |")
            print(
                f"| single check of {label}, beyond its {one['modules']:.0f} imports | "
                f"{one['beyond'] * 1000:.1f} ms (slowest of 15: {one['beyond_max'] * 1000:.1f} ms; "
                f"exit {one['exit']}) |"
            )
        docx = Path(folder) / "report.docx"
        one = single(["convert", str(SAMPLE), "-o", str(docx), "--overwrite"])
        print(f"| convert the sample to Word, wall, start-up included | {one['total'] * 1000:.0f} ms |")
        print(
            f"| convert the sample to Word, beyond its {one['modules']:.0f} imports (check and report) | "
            f"{one['beyond'] * 1000:.1f} ms (slowest of 15: {one['beyond_max'] * 1000:.1f} ms) |"
        )
        median, slowest = render(SAMPLE)
        print(
            f"| the Word report of the sample alone | {median * 1000:.1f} ms (slowest of 50: {slowest * 1000:.1f} ms) |"
        )
    if args.single_only:
        return 0
    return _batches(args)


def _batches(args: argparse.Namespace) -> int:
    for count in args.count or [1000]:
        keep = args.keep / f"{count}-{args.fault_share}" if args.keep else None
        result = batch(count, keep, args.docx, args.fault_share, args.runs)
        label = f"batch {count}{' + docx' if args.docx else ''} (faults {args.fault_share:.0%})"
        wall, bare_wall = float(result["wall"]), float(result["bare"])  # type: ignore[arg-type]
        print(
            f"| {label}, wall | {wall:.1f} s (exit {result['exit']}, {result['outputs']} files written, "
            f"{result['copies']} annotated copies) |"
        )
        print(
            f"| {label}, bare calamine check of the same files | {bare_wall:.2f} s: batch = {wall / bare_wall:.1f}× |"
        )
        print(f"| {label}, peak memory | {result['peak_mib']:.0f} MiB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
