"""Properties that hold for every report: balanced ones pass; any single changed cell is caught and named."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from report_check.check import Result, check_report, check_workbook
from report_check.format import CURRENT
from report_check.model import Number, Report, Values
from report_check.rules.registry import Severity
from workbooks import baseline_values, report_from, write

T3, T4 = CURRENT.table("t3"), CURRENT.table("t4")
RESULT_ROWS = [r.code for r in T3.rows if r.code.startswith("3.3.") and r.code != "3.3.7"]
APPLICANTS = [c.code for c in T3.columns if c.code != "total"]
OUTCOMES = [c.code for c in T4.columns if c.code != "total"]
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

small = st.integers(min_value=0, max_value=60)


@st.composite
def balanced_values(draw: st.DrawFn) -> Values:
    values = baseline_values()
    numbers: dict[tuple[str, str, str], Number] = dict(values.numbers)
    for column in APPLICANTS:
        results = {row: draw(st.integers(0, 20)) for row in RESULT_ROWS}
        handled = sum(results.values())
        carried_forward = draw(small)
        carried_over = min(draw(small), handled + carried_forward)
        column_values = {
            **results,
            "3.3.7": handled,
            "3.4": carried_forward,
            "3.2": carried_over,
            "3.1": handled + carried_forward - carried_over,
        }
        for row, value in column_values.items():
            numbers[("t3", row, column)] = value
    for row in T3.row_codes:
        numbers[("t3", row, "total")] = sum(int(numbers[("t3", row, c)]) for c in APPLICANTS)
    for row in T4.row_codes:
        outcomes = {c: draw(st.integers(0, 9)) for c in OUTCOMES}
        for column, value in outcomes.items():
            numbers[("t4", row, column)] = value
        numbers[("t4", row, "total")] = sum(outcomes.values())
    for row in ("2.1.1", "2.1.2"):
        for column in ("issued", "repealed", "in_force"):
            numbers[("t2", row, column)] = draw(small)
    return dataclasses.replace(values, numbers=numbers)


def _errors(result: object) -> list[object]:
    return [f for f in result.findings if f.severity is Severity.ERROR]  # type: ignore[attr-defined]


def _as_dicts(result: Result) -> list[dict[str, object]]:
    return [f.as_dict(result.format) for f in result.findings]


def _validated_by_pandera(report: Report) -> Result:
    """The same check through pandera's validate() instead of the direct evaluation of the checks."""
    from report_check.rules import base

    base.DIRECT = False
    try:
        return check_report(report)
    finally:
        base.DIRECT = True


@SETTINGS
@given(balanced_values())
def test_any_balanced_report_passes(values: Values) -> None:
    result = check_report(report_from(values))
    assert _errors(result) == [], [f.rule for f in result.findings]


TABLE_CELLS = [(t.id, r.code, c.code) for t in (T3, T4) for r, c in t.cells()]


@SETTINGS
@given(balanced_values(), st.sampled_from(TABLE_CELLS), st.integers(1, 50))
def test_any_single_changed_cell_is_caught_and_named(values: Values, key: tuple[str, str, str], delta: int) -> None:
    numbers = dict(values.numbers)
    old = int(numbers[key])
    numbers[key] = old + delta if old - delta < 0 else old - delta
    report = report_from(dataclasses.replace(values, numbers=numbers))
    changed = report.cells[key]
    result = check_report(report)
    assert _as_dicts(result) == _as_dicts(_validated_by_pandera(report))
    errors = _errors(result)
    assert errors, f"changing {key} was not caught"
    named = {(c.sheet, c.cell) for f in errors for c in (f.cells or [])}  # type: ignore[attr-defined]
    assert (changed.sheet, changed.ref) in named


@settings(deadline=None, max_examples=8, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(balanced_values(), st.sampled_from(TABLE_CELLS))
def test_single_changed_cell_is_caught_through_a_real_workbook(
    tmp_path_factory: object, values: Values, key: tuple[str, str, str]
) -> None:
    numbers = dict(values.numbers)
    numbers[key] = int(numbers[key]) + 1
    path = Path(tmp_path_factory.mktemp("wb")) / "report.xlsx"  # type: ignore[attr-defined]
    write(path, values=dataclasses.replace(values, numbers=numbers))
    result = check_workbook(path)
    cell = result.report.cells[key] if result.report else None
    assert cell is not None
    named = {(c.sheet, c.cell) for f in _errors(result) for c in (f.cells or [])}  # type: ignore[attr-defined]
    assert (cell.sheet, cell.ref) in named


cell_read = st.one_of(
    st.just(""),
    st.none(),
    st.floats(allow_nan=False, width=32),
    st.text(max_size=3),
    st.booleans(),
    st.integers(-5, 5),
    st.timedeltas(max_value=dt.timedelta(days=2), min_value=dt.timedelta(0)),
)


@SETTINGS
@given(st.integers(1, 5), st.lists(st.lists(cell_read, min_size=5, max_size=5), max_size=6), st.data())
def test_a_sheet_read_row_by_row_is_the_dict_it_stands_for(
    width: int, rows: list[list[object]], data: st.DataObject
) -> None:
    """A sheet as calamine gives it (values row by row, "" for an empty cell) answers every question as the dict
    of its non-empty cells does: a value, a row, a column, the cells a kept layout takes, its texts, its count."""
    from report_check.reader.grid import Places, SheetGrid
    from report_check.reader.sources.workbook import _convert

    flat = [value for row in rows for value in row[:width]]
    cells = {
        (index // width + 1, index % width + 1): _convert(value, "")
        for index, value in enumerate(flat)
        if value != "" and value is not None
    }
    height = len(flat) // width
    by_rows = SheetGrid.of_rows("s", True, list(flat), width)
    as_dict = SheetGrid("s", True, dict(cells))
    places = Places(data.draw(st.lists(st.tuples(st.integers(0, height + 2), st.integers(0, width + 2)))))
    assert by_rows.take(places) == as_dict.take(places)
    for row in range(height + 2):
        assert by_rows.row(row) == as_dict.row(row)
        for column in range(width + 2):
            assert by_rows.get(row, column) == as_dict.get(row, column)
    for column in range(width + 2):
        assert by_rows.column(column) == as_dict.column(column)
    assert sorted(filter(None, by_rows.texts())) == sorted(text for text in flat if isinstance(text, str) and text)
    assert by_rows.cells == cells and list(by_rows.cells) == list(cells)


@given(st.floats(allow_nan=False, allow_infinity=False) | st.decimals(0, 10**6, places=6).map(float))
def test_decimal_places_are_those_of_the_number_as_written(number: float) -> None:
    """decimal_places reads most numbers off their shortest form; it agrees with the definition: the decimal
    of the number rounded past the float noise (or the number itself, where it is smaller than the noise)."""
    from decimal import Decimal

    from report_check.values import NOISE_DECIMALS, decimal_places

    rounded = round(number, NOISE_DECIMALS)
    written = Decimal(repr(rounded if rounded or not number else number)).normalize()
    exponent = written.as_tuple().exponent
    assert decimal_places(number) == (-exponent if isinstance(exponent, int) and exponent < 0 else 0)
