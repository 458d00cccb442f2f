"""What the rule modules share: the report under check, and running a schema of checks.

Every rule module takes the whole list of subjects at once, so that a batch is
checked with one evaluation per schema over all of its reports (stacked) rather
than one per file.  A frame is plain columns (name -> one value per row); each
module keeps, per row, which report and which cell the row stands for.

A schema is declared in this module's small vocabulary (:class:`Column`,
:func:`rule_check`), which stands one-to-one for pandera's: the checks run
directly on numpy arrays, and the same schema becomes a pandera
``DataFrameSchema`` (:attr:`RuleSchema.pandera`) for ``validate()``, the
reference route.  pandas and pandera are imported only for that route: a check
starts without them (0.7 s of a command's start-up).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from operator import is_
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import numpy as np

from ..findings import Finding
from ..format import ReportFormat
from ..model import Metadata, Number, Report
from .registry import RULES, Severity

if TYPE_CHECKING:
    import pandera.pandas as pa

_V = TypeVar("_V")


@dataclass(frozen=True)
class CheckOptions:
    """How to check: ``blank_as_zero`` counts blank cells as 0 (with a warning)."""

    blank_as_zero: bool = False


@dataclass
class Subject:
    """One report under check, and what the checks have made of it so far."""

    report: Report
    findings: list[Finding] = field(default_factory=list)
    metadata: Metadata = field(default_factory=Metadata)
    numbers: dict[tuple[str, str, str], Number] = field(default_factory=dict)
    prose: dict[str, str] = field(default_factory=dict)
    # ``numbers`` as a kept layout's keys (one tuple for all its reports) and their values in that order (a
    # float array, a view of the cell checks' column), while they are exactly that: the balance then takes a
    # table's values by position.  None once any is changed.
    aligned: tuple[tuple[tuple[str, str, str], ...], Any] | None = None

    @property
    def format(self) -> ReportFormat:
        return self.report.format

    def drop_number(self, key: tuple[str, str, str]) -> None:
        """A number taken out of the equations (its cell is at fault, or its total is not known)."""
        self.numbers.pop(key, None)
        self.aligned = None

    def set_number(self, key: tuple[str, str, str], value: Number) -> None:
        """A number put in place of what was read (a blank counted as 0, a total Excel computed short)."""
        self.numbers[key] = value
        self.aligned = None

    def add(self, rule: str, severity: Severity | None = None, **fields: object) -> Finding:
        finding = Finding(rule, severity or RULES[rule].severity, **fields)  # type: ignore[arg-type]
        self.findings.append(finding)
        return finding


# How a schema's checks are run.  Directly (the default): each check is given its columns as numpy arrays
# and its failing rows are read off the booleans it returns.  pandera's validate() does the same with
# dtype and presence checks on top, but costs about 5 ms a schema even when everything holds, and its
# first call imports pandera's backends (0.1-0.3 s): most of a single-file check.  The rule tests run
# every case both ways and require the same findings, so validate() stays the reference.
DIRECT = True


@dataclass(frozen=True)
class RuleCheck:
    """A check named by its rule code: a pandera ``Check`` (:meth:`pandera`) or run on arrays directly.

    ``on_arrays`` gets a column's values, or the frame's columns by name, as numpy arrays (from
    :func:`failures`) or pandas objects (from pandera), and returns one boolean per row (True: holds).
    Every check handles missing values itself (a missing input passes: its own rule reports it), so
    pandera's ignore_na is off.
    """

    on_arrays: Callable[[Any], Any]
    name: str

    def pandera(self) -> pa.Check:
        import pandas as pd
        from pandera.pandas import Check

        def on_pandas(data: Any) -> Any:
            result = self.on_arrays(data)
            if isinstance(result, np.ndarray) and hasattr(data, "index"):
                return pd.Series(result, index=data.index)
            return result

        return Check(on_pandas, name=self.name, ignore_na=False)


class IdentityCache(Generic[_V]):
    """What was worked out for some objects, kept by their identity: a kept layout's keys (one tuple of 200 for
    all its reports, which hashing would cost more than the lookup saves) with the format or table they go with.
    The objects are kept alive with it, so that their ids are never another's."""

    def __init__(self, size: int = 64) -> None:
        self._size = size
        self._entries: dict[tuple[int, ...], tuple[tuple[object, ...], _V]] = {}

    def get(self, objects: tuple[object, ...]) -> _V | None:
        entry = self._entries.get(tuple(map(id, objects)))
        return entry[1] if entry is not None and all(map(is_, entry[0], objects)) else None

    def put(self, objects: tuple[object, ...], value: _V) -> _V:
        if len(self._entries) >= self._size:
            self._entries.clear()
        self._entries[tuple(map(id, objects))] = (objects, value)
        return value


def rule_check(check: Callable[[Any], Any], name: str) -> RuleCheck:
    return RuleCheck(check, name)


@dataclass(frozen=True)
class Column:
    """A column of a frame, as ``pandera.Column``: its type (None: any), whether it may be null, its checks."""

    dtype: type | None = None
    nullable: bool = False
    checks: list[RuleCheck] = field(default_factory=list)


class RuleSchema:
    """The checks of one frame, each named by its rule code: per column and frame-wide.

    The pandera ``DataFrameSchema`` is assembled only when validate() is used (:attr:`pandera`): assembling
    one deep-copies its columns, and ten of them cost more than a whole single-file check of the arrays.
    """

    def __init__(
        self, name: str, columns: dict[str, Column] | None = None, checks: list[RuleCheck] | None = None
    ) -> None:
        self.name = name
        self.columns = columns or {}
        self.checks = checks or []

    @cached_property
    def pandera(self) -> pa.DataFrameSchema:
        import pandera.pandas as pa

        return pa.DataFrameSchema(
            name=self.name,
            columns={
                name: pa.Column(column.dtype, nullable=column.nullable, checks=[c.pandera() for c in column.checks])
                for name, column in self.columns.items()
            },
            checks=[check.pandera() for check in self.checks],
        )


def is_missing(values: Any) -> Any:
    """True where a value is missing (None or NaN), as pandas' isna: for numpy arrays and pandas objects."""
    if isinstance(values, np.ndarray) and values.dtype == object:
        # Compared in C: None is None, and NaN alone is not equal to itself (a pandas object's == None is
        # False throughout, so pandas objects take the loop below).
        return (values == None) | (values != values)  # noqa: E711, PLR0124  # elementwise, on the array
    return np.fromiter(
        (value is None or (isinstance(value, float) and math.isnan(value)) for value in values),
        dtype=bool,
        count=len(values),
    )


def failures(schema: RuleSchema, columns: Mapping[str, Any]) -> dict[str, list[int]]:
    """For each failing check of ``schema`` (named by its rule code), the positions of the failing rows.

    ``columns`` is the frame, column name -> one value per row (a list or a numpy array; all of one length).
    """
    arrays = {name: np.asarray(values) for name, values in columns.items()}
    if not len(next(iter(arrays.values()), ())):
        return {}
    return _evaluated(schema, arrays) if DIRECT else _validated(schema, arrays)


def _evaluated(schema: RuleSchema, arrays: dict[str, np.ndarray]) -> dict[str, list[int]]:
    """The checks run on the columns as numpy arrays (the default route)."""
    runs: list[tuple[Any, Any]] = [
        (check, arrays[name]) for name, column in schema.columns.items() for check in column.checks
    ]
    runs += [(check, arrays) for check in schema.checks]
    rows = len(next(iter(arrays.values())))
    found: dict[str, set[int]] = {}
    for check, data in runs:
        failed = np.logical_not(check.on_arrays(data))
        if failed.shape != (rows,):
            raise AssertionError(f"schema {schema.name}: check {check.name} gave shape {failed.shape}")
        if failed.any():
            found.setdefault(check.name, set()).update(np.flatnonzero(failed).tolist())
    return {name: sorted(positions) for name, positions in found.items()}


def _validated(schema: RuleSchema, arrays: dict[str, np.ndarray]) -> dict[str, list[int]]:
    """pandera's validate(), lazily, read back from its failure cases (the reference route).

    A failure that is not one of our named checks (a column missing, a wrong
    type) means the frame was built wrongly: that is a bug, raised as such.
    """
    import pandas as pd
    import pandera.errors

    try:
        schema.pandera.validate(pd.DataFrame(arrays), lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        found: dict[str, set[int]] = defaultdict(set)
        for check, index in zip(cases["check"], cases["index"], strict=True):
            name = str(check)
            if name not in RULES:
                raise AssertionError(f"schema {schema.name}: unexpected failure {name!r}") from exc
            if index is not None:
                found[name].add(int(index))
        return {name: sorted(positions) for name, positions in found.items()}
    return {}
