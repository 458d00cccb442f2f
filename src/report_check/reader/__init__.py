"""A file -> :class:`~report_check.model.Report`, in one pipeline that the folders show:

    source (:mod:`.sources`)  ->  grids (:mod:`.grid`)  ->  placement (:mod:`.place`)  ->  Report

- a workbook (:mod:`.sources.workbook`) is placed by its codes (:mod:`.place.codes`); a data cell it shows
  empty may be an error value or a formula without a value, which only openpyxl tells apart: the exact
  grids are read then, placed again, and such formulas computed (:mod:`.formulas`); a workbook without
  codes is placed by the official labels (:mod:`.place.labels`), an office's own layout;
- a published report (text, page, Word file, PDF: :mod:`.sources`) is placed by its labels, its prose cut
  at the six titles and its organ and year read from the title (:mod:`.prose`).

``read_workbook`` is the reader's whole interface: it raises :class:`~report_check.errors.UnusableInput`
for a file that cannot be read as a report, and otherwise returns the report.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..cellref import parse_coord
from ..errors import UnusableInput
from ..format import CURRENT, ReportFormat
from ..limits import time_limit
from ..model import ExcelError, Report, value_types
from .formulas import FormulaError, evaluate
from .grid import SheetGrid, Value
from .place.codes import build_report
from .place.labels import place_by_labels
from .prose import metadata_of, prose_of, reflow
from .sources import PUBLISHED_SUFFIXES, load_published
from .sources.workbook import formula_refs, load_grid, load_values

__all__ = ["formula_cells", "read_workbook"]


def read_workbook(path: str | Path, fmt: ReportFormat = CURRENT) -> Report:
    with time_limit():
        path = path if isinstance(path, Path) else Path(path)  # a batch's paths are made once
        if path.suffix.lower() in PUBLISHED_SUFFIXES:
            return _published(path, fmt)
        return _workbook(path, fmt)


def formula_cells(report: Report) -> frozenset[str] | None:
    """The cells of a report's tables that hold a formula ("sheet!ref"), read from its .xlsx when first asked
    (about a millisecond: the localiser asks, for a report whose equations fail); None where that cannot be
    told: a published form, an .xls or .ods, a report made in memory, a file gone."""
    if report.formula_cells is None and report.placed_by == "codes" and report.source_kind == "workbook":
        sheets = {site.sheet for site in report.tables.values()}
        found = formula_refs(Path(report.source), sheets) if sheets else None
        if found is not None:
            report.formula_cells = frozenset(f"{sheet}!{ref}" for sheet, refs in found.items() for ref in refs)
    return report.formula_cells


def _published(path: Path, fmt: ReportFormat) -> Report:
    """A published report read by its labels; S02 when no official table is found in it."""
    source = load_published(path, fmt)
    report = place_by_labels(str(path), source.grids, fmt)
    report.source_kind = source.kind
    paragraphs = reflow(source.paragraphs, fmt) if source.kind == "pdf" else source.paragraphs  # lines as printed
    report.prose = prose_of(paragraphs, fmt, PROSE_SHEET)
    titles = reflow(source.titles, fmt) if source.kind == "pdf" else source.titles
    report.metadata = metadata_of(titles or paragraphs, PROSE_SHEET, fmt)
    if report.earlier_format:  # the 2019 format: not to be read by the 2021 labels (FORMAT.md section 8)
        raise UnusableInput("S02", reason="earlier_format", detail=report.earlier_format[0].text)
    if not report.tables:
        raise UnusableInput("S02", reason="no_tables")
    return report


PROSE_SHEET = "正文"  # where a published report's prose and title are named as being


def _workbook(path: Path, fmt: ReportFormat) -> Report:
    grids = load_values(path)
    report = build_report(str(path), grids, fmt)
    exact = None
    if type(None) in value_types(report.cells):
        # An empty data cell may be an error value or a formula without a value, which only the exact
        # reader can tell from a blank: read the workbook again with it (keeping the merges it does not see).
        exact = _exactly(path)
    if exact is not None:
        merges = {grid.name: grid.merged for grid in grids}
        for grid in exact:
            grid.merged = merges.get(grid.name, grid.merged)
        grids = exact
        report = build_report(str(path), grids, fmt)
    if not report.tables and not report.metadata and not report.prose:
        labelled = place_by_labels(str(path), grids, fmt)  # an office's own layout, the official tables typed in
        if labelled.tables and not labelled.earlier_format:
            labelled.metadata = metadata_of(_texts(grids), grids[0].name if grids else "", fmt)
            return labelled
        if report.earlier_format:
            raise UnusableInput("S02", reason="earlier_format", detail=report.earlier_format[0].text)
        raise UnusableInput("S02", reason="no_codes")
    if exact is not None:
        _recompute_formulas(path, report, grids)
    return report


def _texts(grids: list[SheetGrid]) -> list[str]:
    """The texts of a workbook's first rows, where a title stands."""
    return [
        value for grid in grids for (row, _), value in sorted(grid.cells.items()) if isinstance(value, str) and row <= 3
    ]


def _exactly(path: Path, *, formulas: bool = False) -> list[SheetGrid] | None:
    """The workbook as openpyxl reads it; None where openpyxl refuses what calamine has read (a numeric
    cell holding "nan", say, which Excel would offer to repair): its empty cells then stay blank."""
    try:
        return load_grid(path, formulas=formulas)
    except UnusableInput as exc:
        if exc.params.get("reason") == "damaged":
            return None
        raise


def _recompute_formulas(path: Path, report: Report, grids: list[SheetGrid]) -> None:
    """Give a value to data cells whose formula was saved without one (FORMAT.md 5.1)."""
    blank = [key for key, cell in report.cells.items() if cell.raw is None]
    if not blank:
        return
    formulas = _exactly(path, formulas=True)
    if formulas is None:
        return
    formula_grids = {grid.name: grid for grid in formulas}
    value_grids = {grid.name: grid for grid in grids}
    for key in blank:
        cell = report.cells[key]
        formula = formula_grids[cell.sheet].get(*parse_coord(cell.ref))
        if not (isinstance(formula, str) and formula.startswith("=")):
            continue
        engine = _Engine(value_grids[cell.sheet], formula_grids[cell.sheet])
        try:
            value: float | None = engine.value(*parse_coord(cell.ref))
            problem = None
        except FormulaError as exc:
            value = None
            problem = None if exc.consequential else str(exc)
        if value is not None and value.is_integer():
            value = int(value)
        report.cells[key] = dataclasses.replace(
            cell, raw=value, formula=formula, recomputed=value is not None, formula_problem=problem
        )


class _Engine:
    """Evaluates a sheet's formulas against its cached values, following references."""

    def __init__(self, values: SheetGrid, formulas: SheetGrid) -> None:
        self.values = values
        self.formulas = formulas
        self.memo: dict[tuple[int, int], float] = {}
        self.active: set[tuple[int, int]] = set()

    def value(self, row: int, column: int) -> float:
        key = (row, column)
        if key in self.memo:
            return self.memo[key]
        cached: Value = self.values.get(row, column)
        formula = self.formulas.get(row, column)
        if cached is None and isinstance(formula, str) and formula.startswith("="):
            if key in self.active:
                raise FormulaError("circular reference")
            self.active.add(key)
            try:
                result = evaluate(formula, self.value)
            finally:
                self.active.discard(key)
        else:
            result = _number(cached)
        self.memo[key] = result
        return result


def _number(value: Value) -> float:
    if value is None:
        return 0.0
    if isinstance(value, bool | ExcelError):
        raise FormulaError(f"refers to {value}", consequential=True)
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            raise FormulaError(f"refers to text {value!r}", consequential=True) from None
    raise FormulaError(f"refers to {value!r}", consequential=True)
