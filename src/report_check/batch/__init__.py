"""Checking the submissions of many units at once: ``report-check batch``.

Files are read in parallel (one process per core), checked together in chunks
(every rule schema evaluated once over a chunk), compared with each other, the
roster and last year's reports, and the outputs are written into a fresh folder
that replaces OUTDIR only when everything is written.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..check import CheckOptions, Result, check_reports, collector_paused, quiet_gc, unusable_finding
from ..errors import OutputDirExists, OutputNotWritten, OutputRefused, UnusableInput
from ..format import CURRENT, ReportFormat
from ..limits import time_limits
from ..model import Report, some_cells
from ..reader.sources import OLD_WORD_SUFFIXES, PUBLISHED_SUFFIXES, TEXT_SUFFIXES, WORD_SUFFIXES
from ..reader.sources.workbook import SPREADSHEET_SUFFIXES
from .collect import Skipped, collect, modified_time, own_output, own_sheets
from .cross import KEPT_ROWS, RosterStatus, check_duplicates, check_previous, check_roster, check_years, resort
from .outputs import (
    FAILED,
    SUPERSEDED,
    UNREADABLE,
    LeftOut,
    Submission,
    annotated_copy,
    annotated_name,
    consolidated_file,
    consolidation,
    consolidation_task,
    summary_json,
    summary_workbook,
)
from .units import Unit, read_roster

__all__ = ["BatchOptions", "BatchResult", "NoSubmissions", "OutputDirExists", "collect", "run_batch"]

# What the reader says of a file that is no workbook at all: for one not named as a spreadsheet, the batch says
# instead what kind of file it is and what the unit should send.
FOREIGN = {"not_zip", "not_workbook", "ole2", "damaged"}
# What notes and letters beside the submissions are written as: text and Word files (not pages or PDFs).
NOTE_SUFFIXES = TEXT_SUFFIXES + WORD_SUFFIXES + OLD_WORD_SUFFIXES
# Without one file of these, a folder is not one of submissions (most likely the wrong folder was given).
WORKBOOK_LIKE = {*SPREADSHEET_SUFFIXES, *PUBLISHED_SUFFIXES, ".et", ".csv"}

SUMMARY_XLSX, SUMMARY_JSON, CONSOLIDATED = "汇总.xlsx", "summary.json", "合计.xlsx"
ANNOTATED_DIR, REPORTS_DIR = "标注", "报告"
PARALLEL_FROM = 8  # fewer files are read in this process: starting workers would cost more
CHUNK_MIN, CHUNK_MAX = 8, 100


class NoSubmissions(Exception):
    """No file to read under the paths given, and no roster to say who is missing: most likely the wrong folder."""

    def __init__(self, skipped: list[Skipped]) -> None:
        super().__init__()
        self.skipped = skipped


@dataclass
class BatchOptions:
    jobs: int = 0  # 0: every core
    roster: Path | None = None
    previous: list[Path] = field(default_factory=list)
    consolidate: bool = False
    docx: bool = False
    overwrite: bool = False
    lang: str = "zh"
    check: CheckOptions = field(default_factory=CheckOptions)


@dataclass
class BatchResult:
    submissions: list[Submission]
    outdir: Path
    roster: RosterStatus | None = None
    previous_matched: int = 0
    year: int | None = None
    written: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # found but not read, with the reason
    consolidated: tuple[list[Submission], list[LeftOut]] | None = None  # 合计's units, and what it left out

    @property
    def exit_code(self) -> int:
        """1 when any submission has errors or cannot be read, or a unit of the roster sent nothing; else 0."""
        if self.roster is not None and self.roster.missing:
            return 1
        return 1 if any(sub.status in (FAILED, UNREADABLE) for sub in self.submissions) else 0


# progress(label, total) gives a context whose value is called with the number of items just done.
Progress = Callable[[str, int], AbstractContextManager[Callable[[int], None]]]


def _keep_inputs_out_of(outdir: Path, inputs: Iterable[Path]) -> None:
    """OUTDIR is replaced whole: refuse one that is, or holds, a submission, the roster or last year's."""
    target = outdir.resolve()
    for path in inputs:
        if Path(path).resolve().is_relative_to(target):
            raise OutputRefused(outdir, "holds_input", path)


def read_one(path: Path) -> Report | UnusableInput | str:
    """Read one workbook; a bad one comes back as its UnusableInput (picklable) instead of raising, and one
    of report-check's own outputs (汇总.xlsx, 合计.xlsx) as the reason it is skipped."""
    from ..reader import read_workbook

    try:
        report = read_workbook(path, CURRENT)
        own = own_sheets(report.sheet_names)  # 合计.xlsx is the template filled: known by its sheets
        return own if own is not None else report
    except UnusableInput as exc:
        own = own_output(path) if exc.params.get("reason") == "no_codes" else None  # 汇总.xlsx has no codes
        if own is not None:
            return own
        if exc.params.get("reason") == "no_tables" and path.suffix.lower() in NOTE_SUFFIXES:
            return "no_tables"  # a note or a cover letter beside the reports; a page or PDF without tables is
            # a unit's report that could not be read (a page that only links it): counted, not skipped
        if path.suffix.lower() not in SPREADSHEET_SUFFIXES and exc.params.get("reason") in FOREIGN:
            return UnusableInput("S01", reason="not_spreadsheet", detail=path.suffix or path.name)
        return exc
    except Exception as exc:  # a file that breaks the reader must not stop the batch
        return UnusableInput("S01", reason="damaged", detail=f"{type(exc).__name__}: {exc}")


def _annotate_task(args: tuple[Path, Result, str, Path]) -> bool:
    """Write the annotated copy of one submission (in a worker, so that the writes too go on side by side)."""
    path, result, lang, target = args
    try:
        data = annotated_copy(path, result, lang)
    except Exception:
        return False  # an annotated copy that cannot be made is left out, the batch goes on
    _write(target, data)
    return True


def start_worker(parent: int) -> None:
    """Worker start-up: end with the main process, even when it is killed outright (SIGKILL); leave Ctrl-C to it
    (a worker interrupted mid-task would print its own traceback); and collect garbage less often."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        import ctypes

        with suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    quiet_gc()


@contextmanager
def _executor(jobs: int, count: int) -> Iterator[Executor | None]:
    if jobs <= 1 or count < PARALLEL_FROM:
        yield None
        return
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=start_worker, initargs=(os.getpid(),))
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)  # interrupted: do not wait for the queued chunks
        raise
    pool.shutdown()


def _imap(pool: Executor | None, func: Callable[..., object], items: list[object]) -> Iterator[object]:
    """``func`` over ``items``: with a pool, all submitted at once (the work starts now), else as consumed."""
    if pool is None:
        return map(func, items)
    chunk = max(1, min(64, len(items) // (8 * (os.cpu_count() or 1)) or 1))
    return pool.map(func, items, chunksize=chunk)


Marks = tuple[tuple[object, ...], ...]  # what an annotated copy shows of a result's findings


def marks_of(result: Result) -> Marks:
    """The findings an annotated copy was made from: the same marks make the same copy."""
    return tuple((f.rule, f.severity, f.sheet, f.cell, f.row_code, f.column_code, f.actual) for f in result.findings)


@dataclass(frozen=True)
class Copies:
    """Annotated copies made as each file is checked, into ``folder``, in ``lang``."""

    folder: Path
    lang: str


Task = tuple[list[tuple[Path, str]], CheckOptions, list[Path] | None, Copies | None]


def check_files(args: Task) -> tuple[list[Result | Skipped], dict[str, Marks]]:
    """Read and check a chunk of files: one stacked check for the chunk (runs in a worker).

    Each result names its file as shown (relative to the path given: nothing of the supervisor's disk
    goes into messages).  With ``documents`` (a path per file), the Word report of each file without
    errors is written there at once, so that no document waits in memory for the others.  With ``copies``,
    the annotated copy of each file with findings is made at once too, from the findings of the file alone
    (returned by name): the few that the batch's cross-checks add to are made again."""
    with collector_paused() as tidy:  # the chunk's reports and results live until it is done
        return _check_chunk(*args, tidy)


def _check_chunk(
    files: list[tuple[Path, str]],
    check: CheckOptions,
    documents: list[Path] | None,
    copies: Copies | None,
    tidy: Callable[[], None],
) -> tuple[list[Result | Skipped], dict[str, Marks]]:
    read: list[Report | UnusableInput | str] = []
    with time_limits():  # each file's read limited in time, the alarm's handler put in place once
        for path, _ in files:
            read.append(read_one(path))
            tidy()
    checked = iter(check_reports([item for item in read if isinstance(item, Report)], check))
    results: list[Result | Skipped] = []
    made: dict[str, Marks] = {}
    for index, ((path, name), item) in enumerate(zip(files, read, strict=True)):
        if isinstance(item, str):
            results.append(Skipped(name, item))
        elif isinstance(item, Report):
            result = next(checked)
            result.file = name
            if documents is not None and not result.errors:
                from ..word.document import render_docx

                _write(documents[index], render_docx(result))
            if copies is not None and result.findings:
                target = copy_path(copies.folder, name)
                if _annotate_task((path, result, copies.lang, target)):
                    made[name] = marks_of(result)
            results.append(_slim(result))
            tidy()
        else:
            finding = unusable_finding(item, name)
            results.append(Result(name, [finding], unusable=finding))
    return results, made


def copy_path(staging: Path, name: str) -> Path:
    return staging / ANNOTATED_DIR / annotated_name(name)


def _slim(result: Result) -> Result:
    """What the main process still needs of a checked report: its findings, values and a few cells.

    A report's 200 cells and 60 code sites are a third of its pickled size and most of its memory; once
    checked, only the cells that the cross-year rules name are kept.
    """
    report = result.report
    if report is not None:
        report.sites, report.earlier_format, report.prose, report.layout = [], [], {}, None
        report.formula_cells = None
        report.cells = some_cells(report.cells, _kept_keys(report.format))
    return result


@cache
def _kept_keys(fmt: ReportFormat) -> list[tuple[str, str, str]]:
    """The cells a slimmed report keeps (those of KEPT_ROWS), in the format's order."""
    return [
        (table.id, row, column)
        for table in fmt.tables
        for row, column in table.code_pairs
        if (table.id, row) in KEPT_ROWS
    ]


def _chunks(files: list[tuple[Path, str]], jobs: int) -> list[list[tuple[Path, str]]]:
    """Chunks big enough that a stacked check pays, small enough to keep every core busy to the end: each a
    share of what is left (guided scheduling), so the last ones are small and no core waits long for another."""
    chunks, start = [], 0
    while start < len(files):
        size = max(CHUNK_MIN, min(CHUNK_MAX, (len(files) - start) // (jobs * 3)))
        chunks.append(files[start : start + size])
        start += size
    return chunks


def _read_all(
    pool: Executor | None,
    files: list[tuple[Path, str]],
    check: CheckOptions,
    jobs: int,
    tick: Callable[[int], None],
    documents: list[Path] | None = None,
    copies: Copies | None = None,
) -> tuple[list[Result | Skipped], dict[str, Marks]]:
    results: list[Result | Skipped] = []
    made: dict[str, Marks] = {}
    chunks = _chunks(files, jobs)
    tasks: list[Task] = []
    start = 0
    for chunk in chunks:
        chunk_documents = documents[start : start + len(chunk)] if documents is not None else None
        tasks.append((chunk, check, chunk_documents, copies))
        start += len(chunk)
    done = map(check_files, tasks) if pool is None else pool.map(check_files, tasks)
    for chunk, (checked, copied) in zip(chunks, done, strict=True):
        results.extend(checked)
        made.update(copied)
        tick(len(chunk))
    return results, made


@contextmanager
def _no_progress(label: str, total: int) -> Iterator[Callable[[int], None]]:
    yield lambda _: None


def run_batch(paths: list[Path], outdir: Path, options: BatchOptions, progress: Progress | None = None) -> BatchResult:
    """Check every submission under ``paths`` and write the outputs into ``outdir`` (whole or not at all)."""
    progress = progress or _no_progress
    outdir = Path(outdir)
    _keep_inputs_out_of(outdir, [*paths, *options.previous, *([options.roster] if options.roster else [])])
    if outdir.exists() and any(outdir.iterdir()) and not options.overwrite:
        raise OutputDirExists(outdir)
    jobs = options.jobs or os.cpu_count() or 1
    others = dict.fromkeys(options.previous, "previous") | ({options.roster: "roster"} if options.roster else {})
    found = collect(paths, skip=outdir, others=others)
    files = found.files
    units: list[Unit] | None = read_roster(options.roster) if options.roster else None
    if units is None and not any(path.suffix.lower() in WORKBOOK_LIKE for path, _ in files):
        raise NoSubmissions(found.skipped + [Skipped(name, "not_workbook") for _, name in files])
    previous_files = collect(options.previous, skip=outdir).files if options.previous else []

    from ..rules import cells  # noqa: F401  # imported once here (with numpy), so that forked workers start with it

    try:
        (outdir.parent if str(outdir.parent) else Path(".")).mkdir(parents=True, exist_ok=True)  # as convert does
        staging = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.", suffix=".part", dir=outdir.parent or "."))
    except OSError as exc:
        raise OutputNotWritten(outdir, exc) from exc
    try:
        with _executor(jobs, len(files) + len(previous_files)) as pool:
            # Word reports are written by the workers as each file is checked (those with errors are not).
            documents = _document_paths(staging, [name for _, name in files]) if options.docx else None
            with progress("读取并检查", len(files)) as tick:
                copies = Copies(staging, options.lang)
                read, made = _read_all(pool, files, options.check, jobs, tick, documents, copies)
            skipped = found.skipped + [item for item in read if isinstance(item, Skipped)]
            kept = [index for index, item in enumerate(read) if isinstance(item, Result)]
            if not kept and units is None:  # only notes and letters: nothing to report on
                raise NoSubmissions(skipped)
            files = [files[index] for index in kept]
            results = [item for item in read if isinstance(item, Result)]
            documents = [documents[index] for index in kept] if documents is not None else None
            previous: list[Result] = []
            if previous_files:
                with progress("读取上年报告", len(previous_files)) as tick:
                    last, _ = _read_all(pool, previous_files, options.check, jobs, tick)
                previous = [r for r in last if isinstance(r, Result) and r.values]

            superseded = check_duplicates(results, lambda index: modified_time(files[index][0]))
            year = check_years(results)
            roster = check_roster(results, units, year) if units is not None else None
            pairs = check_previous(results, previous) if previous else []
            resort(results)
            submissions = [
                Submission(path, name, result, results[superseded[i]].file if i in superseded else None)
                for i, ((path, name), result) in enumerate(zip(files, results, strict=True))
            ]
            batch = BatchResult(submissions, outdir, roster, len(pairs), year, skipped=skipped)
            _write_outputs(pool, batch, staging, options, units, progress, made, documents)
        _replace_dir(staging, outdir)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise OutputNotWritten(outdir, exc) from exc
        raise
    return batch


def _document_paths(staging: Path, names: list[str]) -> list[Path]:
    """Each submission's Word report: its name with .docx for its extension; where two submissions would share
    that name (2022年报告.xlsx and 2022年报告.html; names differing only in case, as Windows sees them), each
    keeps its extension (2022年报告.html.docx), so that no report takes another's place."""
    plain = [Path(name).with_suffix(".docx").as_posix().casefold() for name in names]
    shared = {path for path, count in Counter(plain).items() if count > 1}
    paths: list[Path] = []
    taken: set[str] = set()
    for name, path in zip(names, plain, strict=True):
        document = Path(name + ".docx") if path in shared else Path(name).with_suffix(".docx")
        number = 1
        while document.as_posix().casefold() in taken:  # a submission named as another's report would be
            number += 1
            document = Path(f"{name} ({number}).docx")
        taken.add(document.as_posix().casefold())
        paths.append(staging / REPORTS_DIR / document)
    return paths


def _write_outputs(
    pool: Executor | None,
    batch: BatchResult,
    staging: Path,
    options: BatchOptions,
    units: list[Unit] | None,
    progress: Progress,
    made: dict[str, Marks],
    documents: list[Path] | None,
) -> None:
    """``documents``: where each submission's Word report was written (with --docx)."""
    subs = batch.submissions
    missing = batch.roster.missing if batch.roster else []
    # The workers make 合计.xlsx (openpyxl, about 0.3 s) and the annotated copies while this process writes
    # the summaries.
    totals = None
    if options.consolidate:
        batch.consolidated = consolidation(subs, batch.year)
        task = consolidation_task(*batch.consolidated, batch.year)
        totals = pool.submit(consolidated_file, task) if pool is not None else None
    # The copies made as the files were checked stand where the batch's cross-checks added nothing.
    flagged = [sub for sub in subs if sub.result.findings and sub.result.unusable is None]
    stale = [sub for sub in flagged if made.get(sub.name) != marks_of(sub.result)]
    copies = _imap(
        pool, _annotate_task, [(sub.path, sub.result, options.lang, copy_path(staging, sub.name)) for sub in stale]
    )

    (staging / SUMMARY_XLSX).write_bytes(summary_workbook(subs, units, missing, options.lang, batch.skipped))
    extra: dict[str, object] = {"year": batch.year}
    if options.previous:
        extra["previous"] = {"matched": batch.previous_matched}
    (staging / SUMMARY_JSON).write_text(summary_json(subs, units, missing, options.lang, extra, batch.skipped), "utf-8")

    with progress("写标注副本", len(stale)) as tick:
        for _ in copies:
            tick(1)

    if documents is not None:  # a unit's earlier workbook gets no Word report: its last saved one does
        for sub, document in zip(subs, documents, strict=True):
            if sub.status == SUPERSEDED:
                document.unlink(missing_ok=True)
    if options.consolidate:
        (staging / CONSOLIDATED).write_bytes(totals.result() if totals is not None else consolidated_file(task))
    batch.written = sorted(path.relative_to(staging) for path in staging.rglob("*") if path.is_file())


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _replace_dir(staging: Path, outdir: Path) -> None:
    """Put the finished folder in place of OUTDIR; the old one is removed only once the new one is there."""
    if outdir.exists():
        old = outdir.with_name(f".{outdir.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(outdir, old)  # fails on Windows while a file inside is open in Excel: nothing has moved yet
        try:
            os.replace(staging, outdir)
        except BaseException:
            os.replace(old, outdir)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staging, outdir)
