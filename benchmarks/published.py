"""Published reports: how long a page, a Word file, a text or a PDF takes to read and check, and a batch of
1,000 pages; and the CPU time of reading and checking a template workbook in a batch.

    python benchmarks/published.py [--pages 1000] [--keep DIR]

The forms are made here from the sample as tests/published_forms.py makes them (a CMS-like page in GBK, the
Word report, its text; a PDF printed from the Word report by LibreOffice where it is installed).  A single
report's figure is the median of 20 reads and checks in a process that has read one already (imports
excluded), with the slowest given too.  The batch runs the real command in a subprocess, start-up included.
The template figure is the CPU time (process time) of reading and checking generated submissions one after
another in one process, per file, next to a bare python-calamine read of the same files.
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


def template_cpu(files: list[Path]) -> tuple[float, float]:
    """CPU ms per file: reading and checking the files as a batch's worker does (in its chunks, with its
    collector settings), and a bare calamine read of the same files in the same process."""
    from python_calamine import CalamineWorkbook

    from report_check.batch import _chunks, check_files
    from report_check.check import CheckOptions, quiet_gc

    quiet_gc()
    chunks = _chunks([(path, path.name) for path in files], jobs=2)

    def ours() -> None:
        for chunk in chunks:
            check_files((chunk, CheckOptions(), None, None))

    def bare() -> None:
        for path in files:
            try:
                workbook = CalamineWorkbook.from_path(str(path))
                for name in workbook.sheet_names:
                    workbook.get_sheet_by_name(name).to_python()
            except Exception:
                continue

    times: dict[object, list[float]] = {ours: [], bare: []}
    for _ in range(ROUNDS):  # interleaved, the least of each: what the work needs when the machine lets it
        for run, spent in times.items():
            start = time.process_time()
            run()  # type: ignore[operator]
            spent.append(time.process_time() - start)
    return min(times[ours]) / len(files) * 1000, min(times[bare]) / len(files) * 1000


ROUNDS = 7


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
        files = sorted(args.submissions.glob("*.xlsx"))[:500]
        ours, bare = template_cpu(files)
        figure = f"{ours:.2f} ms (bare calamine read {bare:.2f} ms)"
        print(f"| template workbook read + check, CPU per file ({len(files)} files) | {figure} |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
