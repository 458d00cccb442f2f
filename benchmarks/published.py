"""Published reports: how long a page, a Word file, a text or a PDF takes to read and check, and a batch of
1,000 pages; and the CPU time of reading and checking a template workbook in a batch.

    python benchmarks/published.py [--pages 1000] [--keep DIR] [--submissions DIR]

The forms are made here from the sample as tests/published_forms.py makes them (a CMS-like page in GBK, the
Word report, its text; a PDF printed from the Word report by LibreOffice where it is installed).  A single
report's figure is the median of 20 reads and checks in a process that has read one already (imports
excluded), with the slowest given too.  The batch runs the real command in a subprocess, start-up included.
The template figure is the CPU time (process time) of reading and checking generated submissions as a batch's
worker does, per file, next to a bare python-calamine read of the same files, round by round (template_cpu).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))
SAMPLE = ROOT / "examples" / "haishu-2022.xlsx"


def forms(folder: Path) -> dict[str, Path]:
    from published_forms import html_page, text_form
    from report_check.check import check_workbook
    from report_check.word.document import render_docx

    result = check_workbook(SAMPLE)
    assert result.report is not None
    made = {
        "html": folder / "page.html",
        "docx": folder / "report.docx",
        "text": folder / "report.txt",
    }
    made["html"].write_bytes(html_page(result.report, encoding="gbk"))
    made["docx"].write_bytes(render_docx(result))
    made["text"].write_text(text_form(result.report), "utf-8")
    if shutil.which("soffice"):
        subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to", "pdf",
             "--outdir", str(folder), str(made["docx"])],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        made["pdf"] = folder / "report.pdf"
    return made


def single(path: Path, runs: int = 20) -> tuple[float, float]:
    from report_check.check import check_workbook

    assert check_workbook(path).valid
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        check_workbook(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times)


def batch(page: Path, count: int, keep: Path | None) -> tuple[float, int]:
    folder = keep or Path(tempfile.mkdtemp(prefix="rc-pages-"))
    pages = folder / "pages"
    if not (pages.exists() and len(list(pages.iterdir())) == count):
        shutil.rmtree(pages, ignore_errors=True)
        pages.mkdir(parents=True)
        text = page.read_bytes().decode("gbk")
        for index in range(count):  # every unit its own name
            unit = text.replace("宁波市海曙区人民政府办公室", f"宁波市海曙区第{index + 1}局")
            (pages / f"{index + 1:04d}.html").write_bytes(unit.encode("gbk"))
    command = [sys.executable, "-m", "report_check", "batch", str(pages), "-o", str(folder / "out"), "--overwrite"]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)
    wall = time.perf_counter() - start
    if keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    return wall, done.returncode


def template_cpu(files: list[Path]) -> dict[str, float]:
    """CPU ms per file: reading and checking the files as a batch's worker does (its chunks, with its collector
    settings and time limits), and a bare calamine read of the same files.  Each round takes one of the batch's
    chunks and times both on it back to back (in turn which first): the ratio of a round is not moved by the
    machine's speed, which on a shared virtual machine changes by a third within minutes.  The medians and
    quartiles of the rounds are given."""
    from python_calamine import CalamineWorkbook

    from report_check.batch import _chunks, check_files
    from report_check.check import CheckOptions, quiet_gc

    quiet_gc()
    every = _chunks([(path, path.name) for path in files], jobs=2)
    chunks = [chunk for chunk in every if len(chunk) >= 50] or every  # the small last ones left out, if any
    if not chunks:
        raise SystemExit("template_cpu: no submissions given")

    def ours(chunk: list[tuple[Path, str]]) -> None:
        check_files((chunk, CheckOptions(), None, None))

    def bare(chunk: list[tuple[Path, str]]) -> None:
        for path, _ in chunk:
            try:
                workbook = CalamineWorkbook.from_path(str(path))
                for name in workbook.sheet_names:
                    workbook.get_sheet_by_name(name).to_python()
            except Exception:
                continue

    ours(chunks[-1][:20])  # the kept layouts and lazy imports in place, as in a worker after its first files
    spent: dict[object, list[float]] = {ours: [], bare: []}
    ratios = []
    for round_ in range(ROUNDS):
        chunk = chunks[round_ % len(chunks)]
        for run in (ours, bare) if round_ % 2 else (bare, ours):
            start = time.process_time()
            run(chunk)
            spent[run].append((time.process_time() - start) / len(chunk) * 1000)
        ratios.append(spent[ours][-1] / spent[bare][-1])
    quartiles = statistics.quantiles(ratios, n=4)
    return {
        "ours": statistics.median(spent[ours]),
        "bare": statistics.median(spent[bare]),
        "ratio": statistics.median(ratios),
        "low": quartiles[0],
        "high": quartiles[2],
    }


ROUNDS = 40


def main() -> None:
    from run import as_installed

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000, help="pages in the batch")
    parser.add_argument("--keep", type=Path, help="keep the pages in this folder (and reuse them)")
    parser.add_argument("--submissions", type=Path, help="generated submissions for the template figure")
    args = parser.parse_args()
    as_installed()
    work = Path(tempfile.mkdtemp(prefix="rc-published-"))
    print("| measurement | figure |\n|---|---|")
    made = forms(work)
    for kind, path in made.items():
        median, slowest = single(path)
        figure = f"{median * 1000:.1f} ms (slowest {slowest * 1000:.1f})"
        print(f"| a {kind} report read and checked, beyond imports | {figure} |")
    wall, code = batch(made["html"], args.pages, args.keep)
    print(f"| batch of {args.pages} published pages (GBK), wall, start-up included | {wall:.1f} s (exit {code}) |")
    if args.submissions:
        files = sorted(args.submissions.glob("*.xlsx"))[:1000]
        cpu = template_cpu(files)
        figure = (
            f"{cpu['ours']:.2f} ms against a bare calamine read of {cpu['bare']:.2f} ms: {cpu['ratio']:.2f}× "
            f"(quartiles {cpu['low']:.2f}–{cpu['high']:.2f}×)"
        )
        print(f"| template workbook read + check, CPU per file, median of {ROUNDS} rounds | {figure} |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
