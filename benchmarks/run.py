"""The speed benchmark: batch checks of N generated submissions, and one single-file check.

    python benchmarks/run.py                 # 1,000 submissions, all outputs
    python benchmarks/run.py --count 10000
    python benchmarks/run.py --single-only

Each figure is the wall time of the real command (``report-check …`` in a
subprocess, start-up included) and its peak memory (the largest resident set of
the command or any of its worker processes).  The single-file figure is the
command's wall time minus that of a Python that only imports what the command
imports; both are the median of several runs.  Results are printed as a
Markdown table for benchmarks/README.md.
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


def _tree_rss_mib(root: int) -> float:
    """Resident memory of a process and all its descendants, summed (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            parents[int(entry.name)] = int(stat[1])
            rss[int(entry.name)] = int(stat[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    family, grew = {root}, True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in family and pid not in family:
                family.add(pid)
                grew = True
    return sum(rss.get(pid, 0) for pid in family) / 2**20


def _timed(args: list[str]) -> tuple[float, float, int]:
    """(wall seconds, peak resident MiB of the command and its workers together, exit code)."""
    start = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    while process.poll() is None:
        if Path("/proc").exists():
            peak = max(peak, _tree_rss_mib(process.pid))
        time.sleep(0.05)
    return time.perf_counter() - start, peak, process.returncode


def batch(count: int, keep: Path | None, docx: bool) -> dict[str, object]:
    work = Path(tempfile.mkdtemp(prefix="rc-bench-"))
    submissions = keep or work / "in"
    if not (submissions.exists() and len(list(submissions.glob("*.xlsx"))) == count):
        shutil.rmtree(submissions, ignore_errors=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(count), str(submissions)], check=True)
    args = [*_command(), "batch", str(submissions), "-o", str(work / "out"), "--consolidate", "--overwrite"]
    if docx:
        args.append("--docx")
    wall, peak, code = _timed(args)
    outputs = sum(1 for p in (work / "out").rglob("*") if p.is_file())
    shutil.rmtree(work, ignore_errors=True)
    return {"count": count, "wall": wall, "peak_mib": peak, "exit": code, "outputs": outputs, "docx": docx}


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


def single(runs: int = 9) -> dict[str, float]:
    """The command on the sample, and a Python that imports exactly the modules the command imports."""
    check = [*_command(), str(SAMPLE)]
    modules = _imported_modules(["-m", "report_check", str(SAMPLE)])
    body = (
        f"import importlib\nfor name in {modules!r}:\n"
        "    try:\n        importlib.import_module(name)\n    except Exception:\n        pass\n"
    )
    imports = [sys.executable, "-c", body]
    subprocess.run(check, capture_output=True, check=False)  # warm the file cache
    totals = [_timed(check)[0] for _ in range(runs)]
    bases = [_timed(imports)[0] for _ in range(runs)]
    return {"total": statistics.median(totals), "imports": statistics.median(bases), "modules": len(modules)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, action="append", help="submissions (repeatable); default 1000")
    parser.add_argument("--docx", action="store_true", help="also write the Word reports (--docx)")
    parser.add_argument("--keep", type=Path, help="reuse generated submissions in this folder")
    parser.add_argument("--single-only", action="store_true")
    args = parser.parse_args()
    machine = platform.processor() or platform.machine()
    print(f"machine: {machine}, {os.cpu_count()} cores, Python {platform.python_version()}")
    one = single()
    beyond = (one["total"] - one["imports"]) * 1000
    print("| measurement | figure |\n|---|---|")
    print(f"| single check, wall | {one['total'] * 1000:.0f} ms |")
    print(f"| single check, its {one['modules']:.0f} imports alone | {one['imports'] * 1000:.0f} ms |")
    print(f"| single check, beyond imports | {beyond:.0f} ms |")
    if args.single_only:
        return 0
    for count in args.count or [1000]:
        keep = args.keep / str(count) if args.keep else None
        result = batch(count, keep, args.docx)
        label = f"batch {count}{' + docx' if args.docx else ''}"
        print(f"| {label}, wall | {result['wall']:.1f} s (exit {result['exit']}, {result['outputs']} files written) |")
        print(f"| {label}, peak memory | {result['peak_mib']:.0f} MiB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
