"""Where the mistake is: the smallest sets of cells whose change makes every balance equation hold
(Fellegi–Holt error localisation), with the value each must then hold, ranked by the typing slips that
explain them (deducorrect's: two digits swapped, a digit dropped or doubled, a sign).

The equations B1–B4 are small linear systems with coefficients ±1 over a table's cells, solved exactly in
integers here.  Two models, in turn:

- *every cell typed*: the fewest cells (one, else two) whose new values, each fixed by the equations, make
  every instance hold; a total the template computes is a cell like the others, ranked after the inputs;
- *totals computed*: where the totals agree with their parts (B2–B4 hold: the template's SUMs) and only B1
  fails, the mistyped cell is one input of the failing column, its totals following it; every input that
  can take the difference is a candidate, and all of them are given with equal rank unless a slip tells one.

When several minimal sets remain, all are reported with equal rank, never one picked silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from ..findings import Text
from ..format import Axis, ReportFormat
from ..values import format_number
from .base import Subject

Key = tuple[str, str, str]
MAX_SHOWN = 6  # candidate sets named in a sentence
MAX_SETS = 20  # candidate sets given in JSON and the copy (the sentence says how many there are in all)
MOVED_AT_LEAST = 2


@dataclass(frozen=True)
class Suggestion:
    """A cell that is likely wrong, and what it must hold for the equations to balance."""

    key: Key
    sheet: str | None
    cell: str | None
    current: float
    value: int
    reason: str  # a key of REASONS
    rank: int  # 1 is the most likely; equal ranks are equally likely
    group: int  # the cells of one group are wrong together (a set of cells to change); groups are alternatives
    sets: int = 1  # how many sets of cells balance the table (only the first MAX_SETS are given)
    equal: int = 1  # how many of them share rank 1

    def as_dict(self) -> dict[str, object]:
        _, row, column = self.key
        return {
            "sheet": self.sheet,
            "cell": self.cell,
            "row_code": row,
            "column_code": column,
            "current": _number(self.current),
            "value": self.value,
            "reason": self.reason,
            "rank": self.rank,
            "group": self.group,
            "sets": self.sets,
            "equal": self.equal,
        }

    @property
    def where(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.sheet and self.cell else "/".join(self.key)

    def text(self, lang: str) -> str:
        """应为 12（现为 21，两位数字颠倒）"""
        why = REASONS[self.reason]
        current = format_number(self.current)
        if lang == "en":
            return f"should be {self.value} (now {current}{'; ' + why.en if why.en else ''})"
        return f"应为 {self.value}（现为 {current}{'，' + why.zh if why.zh else ''}）"


REASONS = {
    "neighbour": Text("数字填到了相邻的格子里", "the number typed in the neighbouring cell"),
    "transposed": Text("两位数字颠倒", "two digits swapped"),
    "dropped": Text("少打了一位数字", "a digit dropped"),
    "doubled": Text("多打了一位数字", "a digit typed twice"),
    "sign": Text("正负号错", "the sign"),
    "": Text("", ""),
}


# How strongly a slip tells the cell: a swap or a sign is rarely a coincidence, a digit more or less is likelier one.
SLIP_WEIGHTS = {"neighbour": 3, "transposed": 3, "sign": 3, "doubled": 2, "dropped": 2, "": 0}


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def slip(current: float, value: int) -> str:
    """The typing slip that turns ``value`` into ``current``, if one does ("" otherwise)."""
    if not float(current).is_integer():
        return ""
    typed, meant = str(int(abs(current))), str(value)
    if current < 0 and int(-current) == value:
        return "sign"
    if len(typed) == len(meant) and typed != meant:
        diff = [i for i in range(len(typed)) if typed[i] != meant[i]]
        if (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and typed[diff[0]] == meant[diff[1]]
            and typed[diff[1]] == meant[diff[0]]
        ):
            return "transposed"
    # A digit dropped from a number of two digits or more (a lone digit left of 19 or 91 says little).
    if 2 <= len(typed) == len(meant) - 1 and any(meant[:i] + meant[i + 1 :] == typed for i in range(len(meant))):
        return "dropped"
    if len(typed) == len(meant) + 1 and any(typed[:i] + typed[i + 1 :] == meant for i in range(len(typed))):
        return "doubled"
    return ""


@lru_cache(maxsize=8)
def _instances(fmt: ReportFormat) -> tuple[tuple[str, tuple[tuple[Key, int], ...]], ...]:
    """Every instance of every balance equation: its rule and its cells with coefficients (+1 total, −1 part)."""
    found = []
    for equation in fmt.equations:
        table = fmt.table(equation.table)
        rows = equation.terms is Axis.ROWS
        for other in table.column_codes if rows else table.row_codes:
            keys = [(table.id, code, other) if rows else (table.id, other, code) for code in equation.codes]
            coefs = [-1] * len(equation.parts) + [1] * len(equation.total)  # codes: the parts, then the total
            found.append((equation.code, tuple(zip(keys, coefs, strict=True))))
    return tuple(found)


@lru_cache(maxsize=8)
def _computed(fmt: ReportFormat) -> frozenset[Key]:
    """The cells the template computes: the total of each equation (SUMs)."""
    return frozenset(key for rule, terms in _instances(fmt) if rule != "B1" for key, coef in terms if coef == 1)


def _holding_formulas(subject: Subject, template: frozenset[Key], formulas: frozenset[str] | None) -> frozenset[Key]:
    """Of the totals the template computes, those that still hold its formula in this workbook (``formulas``:
    its cells that hold one, "sheet!ref"); all of them where that cannot be told: as the template has them."""
    if formulas is None:
        return template
    cells = subject.report.cells
    return frozenset(key for key in template if key in cells and f"{cells[key].sheet}!{cells[key].ref}" in formulas)


def _not_told() -> frozenset[str] | None:
    return None


def localise(subject: Subject, formulas: Callable[[], frozenset[str] | None] = _not_told) -> list[Suggestion]:
    """The likely wrong cells of a report whose balance equations fail, best first.

    ``formulas`` tells which of the workbook's cells hold a formula (reader.formula_cells, given by the checks:
    it reads the file); asked only where it matters, when B1 alone fails."""
    numbers = subject.numbers
    measured: Measured = []  # every instance whose cells all hold a number, with its residual (worked out once)
    for rule, terms in _instances(subject.format):
        try:
            measured.append((rule, terms, _residual(numbers, terms)))
        except KeyError:  # a cell without a number: the instance is not known
            continue
    template = _computed(subject.format)
    computed = template
    suggestions: list[Suggestion] = []
    for table in subject.format.tables:  # no equation spans two tables: each is localised on its own
        own = [item for item in measured if item[1][0][0][0] == table.id]
        failing = [item for item in own if item[2] != 0]
        if not failing:
            continue
        totals_follow = False
        if all(rule == "B1" for rule, _, _ in failing):  # do the totals follow their parts? (read when it matters)
            computed = _holding_formulas(subject, template, formulas()) if computed is template else computed
            typed = template - computed  # totals typed over (or typed from the start): cells like any other
            totals_follow = not any(key in typed for _, terms, _ in failing for key, _ in terms)
        if totals_follow:
            candidates = _inputs_of_columns(subject, failing, computed)
        else:
            candidates = _every_cell_typed(numbers, own, failing)
        suggestions += _ranked(subject, candidates, _holding_totals(measured, computed))
    return suggestions


def _residual(numbers: dict[Key, float | int], terms: tuple[tuple[Key, int], ...]) -> float:
    return float(sum(coef * numbers[key] for key, coef in terms))


Measured = list[tuple[str, tuple[tuple[Key, int], ...], float]]  # instances (rule, terms) with their residuals


def _every_cell_typed(
    numbers: dict[Key, float | int], instances: Measured, failing: Measured
) -> list[list[tuple[Key, int]]]:
    """The fewest cells (one, else two) whose values, fixed by the equations, make every instance hold."""
    sets = [{key for key, _ in terms} for _, terms, _ in failing]
    wanted = set.union(*sets)  # the cells that can be the one (or one of the two): those of failing instances
    touching: Touching = {}
    for _, terms, residual in instances:
        for key, _ in terms:
            if key in wanted:
                touching.setdefault(key, []).append((terms, residual))
    singles = set.intersection(*sets)
    found: list[list[tuple[Key, int]]] = []
    for key in sorted(singles):
        value = _solve_one(numbers, touching, key)
        if value is not None:
            found.append([(key, value)])
    if found:
        return found
    for a, b in combinations(sorted(wanted), 2):
        if not all(a in cells or b in cells for cells in sets):
            continue
        values = _solve_two(numbers, touching, a, b)
        if values is not None:
            found.append([(a, values[0]), (b, values[1])])
    return found


def _coef(terms: tuple[tuple[Key, int], ...], key: Key) -> int:
    return sum(coef for cell, coef in terms if cell == key)


Touching = dict[Key, list[tuple[tuple[tuple[Key, int], ...], float]]]  # a cell -> the instances holding it


def _solve_one(numbers: dict[Key, float | int], touching: Touching, key: Key) -> int | None:
    """The one value of ``key`` that makes every instance holding it balance (the others already do)."""
    delta = None
    for terms, residual in touching.get(key, []):
        change = -residual / _coef(terms, key)
        if delta is None:
            delta = change
        elif change != delta:
            return None
    return _valid(numbers[key], delta)


def _valid(current: float | int, delta: float | None) -> int | None:
    if delta is None or delta == 0:
        return None
    value = current + delta
    if value < 0 or not float(value).is_integer():
        return None
    return int(value)


def _solve_two(numbers: dict[Key, float | int], touching: Touching, a: Key, b: Key) -> tuple[int, int] | None:
    """The values of ``a`` and ``b``, both fixed by the instances holding them, that balance all of those."""
    rows = {id(terms): (terms, residual) for key in (a, b) for terms, residual in touching.get(key, [])}
    system = [(_coef(terms, a), _coef(terms, b), -residual) for terms, residual in rows.values()]
    da: float | None = None
    db: float | None = None
    for ca, cb, rhs in system:  # an instance holding one of them fixes it; two that disagree, no solution
        if ca and not cb:
            if da is not None and da != rhs / ca:
                return None
            da = rhs / ca
        elif cb and not ca:
            if db is not None and db != rhs / cb:
                return None
            db = rhs / cb
    for ca, cb, rhs in system:  # then the instances holding both fix the other
        if ca and cb:
            if da is not None and db is None:
                db = (rhs - ca * da) / cb
            elif db is not None and da is None:
                da = (rhs - cb * db) / ca
    if da is None or db is None:
        return None  # the two are held only together: many solutions, none told
    if any(ca * da + cb * db != rhs for ca, cb, rhs in system):
        return None
    va, vb = _valid(numbers[a], da), _valid(numbers[b], db)
    return (va, vb) if va is not None and vb is not None else None


def _inputs_of_columns(subject: Subject, failing: Measured, computed: frozenset[Key]) -> list[list[tuple[Key, int]]]:
    """Totals the template computes agree with their parts and only B1 fails: one input of each failing
    column is mistyped, the totals following it.  Every input of such a column that can take the difference
    (to a non-negative whole number) is a candidate; the total column follows the others."""
    numbers = subject.numbers
    definitions = _definitions(subject.format)
    columns: list[list[tuple[Key, int]]] = []  # each failing column's candidates
    for _, terms, residual in failing:
        if terms[0][0][2] == "total":
            continue
        effective: dict[Key, int] = {}
        for key, coef in terms:  # a computed cell stands for the inputs it sums (in the same column)
            for part in definitions.get(key, (key,)):
                effective[part] = effective.get(part, 0) + coef
        here = []
        for key, coef in effective.items():
            if coef and key in numbers and key not in computed:
                value = _valid(numbers[key], -residual / coef)
                if value is not None:
                    here.append((key, value))
        columns.append(here)
    if len(columns) == 1:
        return [[candidate] for candidate in columns[0]]
    if len(columns) == 2:  # one cell in each: a set of two (a number typed in the neighbouring column, say)
        return [[a, b] for a in columns[0] for b in columns[1]]
    return [[candidate] for column in columns for candidate in column]  # too many to pair: each column's own


@lru_cache(maxsize=8)
def _definitions(fmt: ReportFormat) -> dict[Key, tuple[Key, ...]]:
    """A computed cell's parts in its own column (（七）总计 = the results above it)."""
    found: dict[Key, tuple[Key, ...]] = {}
    for equation in fmt.equations:
        if equation.code == "B1" or equation.terms is not Axis.ROWS:
            continue
        table = fmt.table(equation.table)
        for column in table.column_codes:
            for total in equation.total:
                found[(table.id, total, column)] = tuple((table.id, part, column) for part in equation.parts)
    return found


def _ranked(subject: Subject, candidates: list[list[tuple[Key, int]]], holding: set[Key]) -> list[Suggestion]:
    """Each candidate set's cells, ranked: a set explained by typing slips first; then a set of typed cells
    before one that changes a total the template computes while that total still agrees with its parts (its
    formula is there: ``holding``); equal otherwise."""
    cells = subject.report.cells
    scored = []
    for group in candidates:
        reasons = [slip(subject.numbers[key], value) for key, value in group]
        if _moved(subject, group):
            reasons = ["neighbour"] * len(group)
        slips = sum(SLIP_WEIGHTS[reason] for reason in reasons)
        formulas = sum(1 for key, _ in group if key in holding)
        scored.append(((-slips, formulas), group, reasons))
    order = _order(subject.format)
    scored.sort(key=lambda item: (item[0], [order.get(key, 0) for key, _ in item[1]]))  # then as the table reads
    suggestions: list[Suggestion] = []
    rank, last = 0, None
    equal = sum(1 for score, _, _ in scored if score == scored[0][0]) if scored else 0
    for number, (score, group, reasons) in enumerate(scored[:MAX_SETS], start=1):
        if score != last:
            rank, last = rank + 1, score
        for (key, value), reason in sorted(zip(group, reasons, strict=True), key=lambda item: order.get(item[0][0], 0)):
            cell = cells.get(key)
            sheet, ref = (cell.sheet, cell.ref) if cell else (None, None)
            suggestions.append(
                Suggestion(key, sheet, ref, subject.numbers[key], value, reason, rank, number, len(scored), equal)
            )
    return suggestions


@lru_cache(maxsize=8)
def _order(fmt: ReportFormat) -> dict[Key, int]:
    """Every cell's place in reading order: the tables in turn, row by row."""
    return {
        (table.id, row, column): index
        for index, (table, (row, column)) in enumerate((t, pair) for t in fmt.tables for pair in t.code_pairs)
    }


def _moved(subject: Subject, group: list[tuple[Key, int]]) -> bool:
    """Two neighbouring cells of a row or a column whose fix moves a number from one to the other (typed one cell
    off): what one holds, the other should."""
    if len(group) != 2:
        return False
    (a, value_a), (b, value_b) = group
    order = _order(subject.format)
    same_row = a[:2] == b[:2] and abs(order.get(a, 0) - order.get(b, 0)) == 1
    table = subject.format.table(a[0]) if a[0] == b[0] else None
    rows = table.row_codes if table else ()
    same_column = (
        table is not None
        and a[2] == b[2]
        and a[1] in rows
        and b[1] in rows
        and abs(rows.index(a[1]) - rows.index(b[1])) == 1
    )
    current_a, current_b = subject.numbers[a], subject.numbers[b]
    moved = value_a == current_b and value_b == current_a and current_a != current_b
    # a 0 and a 1 trading places is too common to tell anything: the number moved must be 2 or more
    return (same_row or same_column) and moved and max(current_a, current_b) >= MOVED_AT_LEAST


def _holding_totals(measured: Measured, computed: frozenset[Key]) -> set[Key]:
    """The computed totals that agree with their parts: formulas still in place, not typed over."""
    holding: set[Key] = set()
    for rule, terms, residual in measured:
        if rule != "B1" and residual == 0:
            holding.update(key for key, coef in terms if coef == 1 and key in computed)
    return holding
