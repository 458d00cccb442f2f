"""B1–B4: the balance equations, generated from the format's declared equations as pandera checks.

For each table and direction one frame holds every report's numbers, oriented
so that an equation instance is a frame row: equations over row codes get one
row per (report, column), equations over column codes one per (report, row).
Each equation is its own named check with zero tolerance; an instance with a
missing or invalid input is skipped (its input is reported by its own rule).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

from ..cellref import compact_refs
from ..findings import CellInfo, Text
from ..format import Axis, Equation, ReportFormat, TableSpec
from ..model import value_types
from ..values import format_number
from .base import IdentityCache, RuleSchema, Subject, failures, rule_check
from .registry import Severity


def _balanced(equation: Equation) -> Callable[[Any], Any]:
    total, parts = list(equation.total), list(equation.parts)

    def check(columns: Any) -> Any:
        import numpy as np

        # numpy: a dozen pandas operations on a small frame cost more than the sums themselves.
        total_values = np.column_stack([np.asarray(columns[code], dtype=float) for code in total])
        part_values = np.column_stack([np.asarray(columns[code], dtype=float) for code in parts])
        missing = np.isnan(total_values).any(axis=1) | np.isnan(part_values).any(axis=1)
        return (total_values.sum(axis=1) == part_values.sum(axis=1)) | missing

    return check


@cache
def _schema(fmt: ReportFormat, table_id: str, terms: Axis) -> RuleSchema:

    equations = [eq for eq in fmt.equations_of(table_id) if eq.terms is terms]
    return RuleSchema(
        name=f"{table_id} balance over {terms}",
        checks=[rule_check(_balanced(eq), name=eq.code) for eq in equations],
    )


def _cell(subject: Subject, table: TableSpec, row: str, column: str) -> CellInfo:
    cell = subject.report.cells.get((table.id, row, column))
    return CellInfo(
        cell.sheet if cell else None,
        cell.ref if cell else None,
        row,
        column,
        subject.numbers.get((table.id, row, column)),
    )


Key = tuple[str, str, str]


def _key(equation: Equation, code: str, instance: str) -> Key:
    """The cell of ``code`` (a term of the equation) in ``instance`` (a column or row along the other axis)."""
    if equation.terms is Axis.ROWS:
        return (equation.table, code, instance)
    return (equation.table, instance, code)


@cache
def _sums(fmt: ReportFormat) -> list[tuple[Key, list[Key]]]:
    """(total, parts) of every sum the template computes with a SUM formula: the equations with one total cell
    (B2, B3, B4; not B1), in each of their instances."""
    sums = []
    for table in fmt.tables:
        for equation in fmt.equations_of(table.id):
            if len(equation.total) != 1:
                continue
            for instance in table.column_codes if equation.terms is Axis.ROWS else table.row_codes:
                parts = [_key(equation, code, instance) for code in equation.parts]
                sums.append((_key(equation, equation.total[0], instance), parts))
    return sums


def _drop_totals_of_blanks(subject: Subject, fmt: ReportFormat) -> None:
    """A total over a blank cell (V01) is not known: what it should be depends on what the blank should hold.
    It is left out of the balance checks (a missing value passes), so that the blank is reported once, at its
    cell, and not as B1/B2 errors on correct totals (a cleared block made E30's SUM smaller)."""
    numbers = subject.numbers
    blank: set[Key] = {
        (f.scope, f.row_code or "", f.column_code or "")
        for f in subject.findings
        if f.rule == "V01" and f.severity is Severity.ERROR and f.scope
    }
    if not blank:
        return
    for _ in range(3):  # and the totals of those totals
        dropped = False
        for total, parts in _sums(fmt):
            if total in numbers and any(part in blank for part in parts):
                subject.drop_number(total)
                blank.add(total)
                dropped = True
        if not dropped:
            break


def _fold_text_numbers(subject: Subject, fmt: ReportFormat) -> None:
    """Totals that Excel's SUM computed without the numbers stored as text (V18), put right before balancing.

    A total whose value is the sum of its parts less exactly the text-stored ones (and less what earlier
    totals were short) was made short by them: its value becomes the sum of all its parts, so that no balance
    error is reported for it or for the equations it enters; each text-stored number's V18 becomes an error
    that names the totals that left it out.
    """
    cells, numbers = subject.report.cells, subject.numbers
    if str not in value_types(cells):  # the usual case
        return
    texts = [place for place, cell in cells.items() if type(cell.raw) is str]
    # a cell -> how much Excel's value of it is short
    short: dict[Key, float] = {place: float(numbers[place]) for place in texts if place in numbers}
    if not short:
        return
    left_out: dict[Key, list[Key]] = {}
    for _ in range(3):  # totals of totals (K30) come out short once the totals they add up do
        changed = False
        for total, parts in _sums(fmt):
            value = numbers.get(total)
            if value is None or total in short or any(numbers.get(part) is None for part in parts):
                continue
            missing = sum(short.get(part, 0.0) for part in parts)
            full = float(sum(float(numbers[part]) for part in parts))
            if missing and value != full and value == full - missing:
                subject.set_number(total, int(full) if full.is_integer() else full)
                short[total] = missing
                for part in parts:
                    if part in short and isinstance(cells[part].raw, str):
                        left_out.setdefault(part, []).append(total)
                changed = True
        if not changed:
            break
    for finding in subject.findings:
        place = (finding.scope or "", finding.row_code or "", finding.column_code or "")
        if finding.rule != "V18" or place not in left_out:
            continue
        totals = "、".join(cells[total].ref for total in left_out[place] if total in cells)
        amount = format_number(short[place])
        finding.severity = Severity.ERROR
        finding.params["detail"] = Text(
            f"：{totals} 的合计因此少算了 {amount}", f": {totals} came out short by {amount}"
        )


def check(subjects: list[Subject]) -> None:
    import numpy as np

    if not subjects:
        return
    fmt = subjects[0].format
    for subject in subjects:  # totals as the template's SUMs made them, before they are balanced
        _drop_totals_of_blanks(subject, fmt)
        _fold_text_numbers(subject, fmt)
    for table in fmt.tables:
        axes = [terms for terms in Axis if any(eq.terms is terms for eq in fmt.equations_of(table.id))]
        if not axes:
            continue
        rows, columns = table.row_codes, table.column_codes
        # Each report's cells row by row, read in one pass each; None became NaN.
        cells = _matrix_keys(table)
        grid = np.stack([_in_order(subject, table, cells) for subject in subjects])
        grid = grid.reshape(len(subjects), len(rows), len(columns))
        for terms in axes:
            # One frame row per (report, instance): position = report's index * instances + instance's.
            if terms is Axis.ROWS:  # each column's rows add up
                terms_codes, instances = rows, columns
                values = grid.transpose(0, 2, 1).reshape(len(subjects) * len(columns), len(rows))
            else:
                terms_codes, instances = columns, rows
                values = grid.reshape(len(subjects) * len(rows), len(columns))
            frame = {code: values[:, column] for column, code in enumerate(terms_codes)}
            for rule, failed in failures(_schema(fmt, table.id, terms), frame).items():
                equation = next(eq for eq in fmt.equations if eq.code == rule)
                for position in failed:
                    report_index, instance = divmod(position, len(instances))
                    _report(subjects[report_index], table, equation, instances[instance])


def _in_order(subject: Subject, table: TableSpec, cells: list[Key]) -> Any:
    """The numbers of ``cells`` as floats (NaN for none): by position where they are a kept layout's in order
    (Subject.aligned)."""
    import numpy as np

    aligned = subject.aligned
    if aligned is not None:
        keys, values = aligned
        found = _POSITIONS.get((keys, table))
        if found is None:
            index = {key: i for i, key in enumerate(keys)}
            whole = all(key in index for key in cells)
            found = _POSITIONS.put((keys, table), (np.array([index[key] for key in cells]) if whole else None,))
        if found[0] is not None:
            return values[found[0]]
    return np.array(list(map(subject.numbers.get, cells)), dtype=float)


# A kept layout's keys and a table -> the positions of the table's cells among them (None: a cell of the table
# is not among them).
_POSITIONS: IdentityCache[tuple[Any]] = IdentityCache()


@lru_cache(maxsize=32)
def _matrix_keys(table: TableSpec) -> list[Key]:
    """The cells of a table row by row (all its rows, all its columns)."""
    return [(table.id, row, column) for row in table.row_codes for column in table.column_codes]


def _report(subject: Subject, table: TableSpec, equation: Equation, instance: str) -> None:
    def cells(codes: tuple[str, ...]) -> list[CellInfo]:
        return [_cell(subject, table, *_key(equation, code, instance)[1:]) for code in codes]

    parts, total = cells(equation.parts), cells(equation.total)
    expected = sum(cell.value or 0 for cell in parts)
    actual = sum(cell.value or 0 for cell in total)

    home = total[0].sheet

    def refs(side: list[CellInfo], sep: str) -> str:
        """The cells, a run on one sheet compacted (E9:E29); a run on another sheet named with it (a table
        continued on the next page of a PDF: 第4页表格1!D4)."""
        runs: list[tuple[str | None, list[str]]] = []
        for cell in side:
            if not runs or runs[-1][0] != cell.sheet:
                runs.append((cell.sheet, []))
            runs[-1][1].append(cell.cell or "")
        shown = [compact_refs(cells, sep) for _, cells in runs]
        return sep.join(
            text if sheet == home or not sheet else sep.join(f"{sheet}!{ref}" for ref in text.split(sep))
            for (sheet, _), text in zip(runs, shown, strict=True)
        )

    shown_expected, shown_actual = format_number(expected), format_number(actual)
    if equation.terms is Axis.ROWS:
        column = table.column(instance)
        detail = Text(
            f"“{column.label}”列：{refs(parts, '＋')} = {shown_expected}，而 {refs(total, '＋')} = {shown_actual}",
            f"column '{column.label_en}': {refs(parts, ' + ')} = {shown_expected} "
            f"but {refs(total, ' + ')} = {shown_actual}",
        )
    else:
        row = table.row(instance)
        detail = Text(
            f"{row.code} 行：{refs(parts, '＋')} 之和 = {shown_expected}，而 {refs(total, '＋')} = {shown_actual}",
            f"row {row.code}: {refs(parts, ' + ')} add up to {shown_expected} "
            f"but {refs(total, ' + ')} = {shown_actual}",
        )
    anchor = total[0]
    subject.add(
        equation.code,
        scope=table.id,
        sheet=anchor.sheet,
        cell=anchor.cell,
        row_code=anchor.row_code,
        column_code=anchor.column_code,
        expected=expected,
        actual=actual,
        cells=parts + total,
        params={
            "detail": detail,
            "diff": format_number(abs(actual - expected)),
            "cells": Text(
                "、".join(refs(side, "、") for side in (parts, total)),
                ", ".join(refs(side, ", ") for side in (parts, total)),
            ),
        },
    )
