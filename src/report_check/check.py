"""Checking reports: the library entry points behind ``report-check workbook.xlsx``."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import UnusableInput
from .findings import Finding, Text
from .format import CURRENT, ReportFormat
from .model import Metadata, Report, Values
from .rules.base import CheckOptions, Subject
from .rules.registry import UNUSABLE_REASONS, Severity

if TYPE_CHECKING:
    from .rules.localise import Suggestion
from .values import is_blank

__all__ = ["CheckOptions", "Result", "check_report", "check_reports", "check_workbook"]

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


@dataclass
class Result:
    """The outcome of checking one file."""

    file: str
    findings: list[Finding] = field(default_factory=list)
    report: Report | None = None
    values: Values | None = None
    # Set when the file could not be used at all (exit code 2): the S01/S02 finding.
    unusable: Finding | None = None
    format: ReportFormat = CURRENT
    # Where the balance errors most likely come from: the likely wrong cells and their values, best first.
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)

    @property
    def valid(self) -> bool:
        return self.unusable is None and self.errors == 0

    @property
    def skipped(self) -> list[tuple[str, list[str]]]:
        """The checks not made because a published report (or an own layout) does not state what they need:
        (rule, the fields missing).  A workbook of the template states them all, or gets V10."""
        if self.report is None or self.report.placed_by != "labels" or self.values is None:
            return []
        from .rules import plausibility

        blank = self.values.metadata.blank
        return [(rule, missing) for rule, fields in plausibility.NEEDS_METADATA.items() if (missing := blank(fields))]

    def exit_code(self, strict: bool = False) -> int:
        """0: no error (and with ``strict`` no warning); 1: findings; 2: the input could not be used."""
        if self.unusable is not None:
            return EXIT_UNUSABLE
        if self.errors or (strict and self.warnings):
            return EXIT_FINDINGS
        return EXIT_OK


def unusable_finding(exc: UnusableInput, path: str | Path) -> Finding:
    """The S01/S02 finding of a file that cannot be used; its message names the file."""
    detail = exc.params.get("detail", "")
    reason = exc.params.get("reason", "")
    template = UNUSABLE_REASONS.get(reason, ("{detail}", "{detail}"))
    text = Text(template[0].format(detail=detail), template[1].format(detail=detail))
    params: dict[str, str | Text] = {"detail": text, "file": Path(path).name}
    return Finding(exc.rule, Severity.ERROR, params=params, actual=reason or None)


def check_workbook(
    path: str | Path,
    options: CheckOptions | None = None,
    fmt: ReportFormat = CURRENT,
    today: dt.date | None = None,
) -> Result:
    """Read and check one workbook.  Never raises for a bad file: see ``Result.unusable``."""
    from .reader import read_workbook

    try:
        report = read_workbook(path, fmt)
    except UnusableInput as exc:
        finding = unusable_finding(exc, path)
        return Result(str(path), [finding], unusable=finding, format=fmt)
    return check_report(report, options, today)


def check_report(report: Report, options: CheckOptions | None = None, today: dt.date | None = None) -> Result:
    """Check a report already read (or built in memory)."""
    return check_reports([report], options, today)[0]


def check_reports(
    reports: Iterable[Report], options: CheckOptions | None = None, today: dt.date | None = None
) -> list[Result]:
    """Check many reports at once: every schema runs once over all of them."""
    from .reader import formula_cells
    from .rules import balance, cells, metadata, plausibility, prose, structure, text
    from .rules.localise import localise

    options = options or CheckOptions()
    today = today or dt.date.today()
    subjects = [Subject(report) for report in reports]
    for subject in subjects:
        subject.prose = {
            code: "" if is_blank(cell.raw) else str(cell.raw).strip() for code, cell in subject.report.prose.items()
        }
    structure.check(subjects)
    cells.check(subjects, options)
    metadata.check(subjects, today)
    text.check(subjects)
    balance.check(subjects)
    plausibility.check(subjects)
    prose.check(subjects)
    results = []
    for subject in subjects:
        balanced = not any(f.rule in BALANCE_RULES for f in subject.findings)
        results.append(
            Result(
                subject.report.source,
                sort_findings(subject.findings, subject.format),
                subject.report,
                Values(subject.metadata or Metadata(), subject.numbers, subject.prose),
                format=subject.format,
                suggestions=[] if balanced else localise(subject, partial(formula_cells, subject.report)),
            )
        )
    return results


BALANCE_RULES = frozenset({"B1", "B2", "B3", "B4"})


def sort_findings(findings: list[Finding], fmt: ReportFormat) -> list[Finding]:
    """Errors first; then by table in format order, sheet position and rule."""
    scopes: dict[str | None, int] = {
        None: 0,
        "meta": 1,
        **{t.id: 2 + i for i, t in enumerate(fmt.tables)},
        "prose": 2 + len(fmt.tables),
    }

    def key(finding: Finding) -> tuple[object, ...]:
        row, col = _cell_order(finding.cell)
        return (finding.severity is not Severity.ERROR, scopes.get(finding.scope, 99), row, col, finding.rule)

    return sorted(findings, key=key)


def _cell_order(ref: str | None) -> tuple[int, int]:
    from .cellref import RefError, parse_coord

    if not ref:
        return (0, 0)
    try:
        return parse_coord(ref)
    except RefError:
        return (0, 0)


def quiet_gc() -> None:
    """Python's cyclic collector looks through every young object each 700 allocations, and through the
    modules' objects now and then: a file read and checked makes some 5,000 objects, none of them in a cycle
    that outlives its chunk.  The objects there are now (the imported modules) are set aside for good, and the
    young ones collected each 20,000 allocations."""
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


GC_THRESHOLD = 20_000


@contextmanager
def collector_paused() -> Iterator[Callable[[], None]]:
    """The cyclic collector off for a block whose objects live until it ends (a batch's chunk: its reports
    are read, then checked together, then sent back): it would look through them again and again.  Gives
    ``tidy``, to be called now and then: it collects the young objects once more of them are left than a chunk
    of the template leaves (some 200 a file), as a file read through openpyxl does (its workbook's cycles)."""
    enabled = gc.isenabled()
    gc.disable()

    def tidy() -> None:
        if enabled and gc.get_count()[0] > PAUSED_GROWTH:
            gc.collect(0)

    try:
        yield tidy
    finally:
        if enabled:
            gc.enable()


PAUSED_GROWTH = 100_000  # objects left since the last collection
