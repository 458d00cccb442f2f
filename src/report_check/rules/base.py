"""What the rule modules share: the report under check, and running a pandera schema lazily.

Every rule module takes the whole list of subjects at once, so that a batch is
validated in one stacked pandera call per schema rather than one per file.
Frames carry the subject's position in their index (level ``report``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ..findings import Finding
from ..format import ReportFormat
from ..model import Metadata, Number, Report
from .registry import RULES, Severity

if TYPE_CHECKING:
    import pandas as pd
    import pandera.pandas as pa


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

    @property
    def format(self) -> ReportFormat:
        return self.report.format

    def add(self, rule: str, severity: Severity | None = None, **fields: object) -> Finding:
        finding = Finding(rule, severity or RULES[rule].severity, **fields)  # type: ignore[arg-type]
        self.findings.append(finding)
        return finding


# Evaluate each schema's checks directly first, and call pandera's validate() only when one fails.
# validate() costs about 5 ms a schema even when everything holds, and pandas about 0.5 ms a check on a
# small frame: most of a single-file check.  The direct route gives each check its columns as numpy arrays;
# the rule tests run with it both on and off and must find the same.
PRESCREEN = True


def rule_check(check: Callable[[Any], Any], name: str) -> pa.Check:
    """A pandera check named by its rule code.

    ``check`` gets a column's values, or the frame's columns by name, as pandas objects (from pandera) or
    numpy arrays (from :func:`holds`), and returns booleans (True: holds).  Every check handles missing
    values itself (a missing input passes: its own rule reports it), so pandera's ignore_na is off.
    """
    import pandas as pd
    from pandera.pandas import Check

    def on_pandas(data: Any) -> Any:
        result = check(data)
        if isinstance(result, np.ndarray) and hasattr(data, "index"):
            return pd.Series(result, index=data.index)
        return result

    made = Check(on_pandas, name=name, ignore_na=False)
    made.on_arrays = check  # type: ignore[attr-defined]
    return made


def holds(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> bool:
    """Whether every check of ``schema`` holds on ``frame`` (the checks only: no dtype or presence checks)."""
    arrays = {name: frame[name].to_numpy() for name in frame.columns}
    for name, column in schema.columns.items():
        for check in column.checks:
            if not bool(np.all(check.on_arrays(arrays[name]))):
                return False
    return all(bool(np.all(check.on_arrays(arrays))) for check in schema.checks)


def failures(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> dict[str, list[Hashable]]:
    """Run ``schema`` lazily; for each failing check (named by its rule code), the failing index labels.

    A failure that is not one of our named checks (a column missing, a wrong
    type) means the frame was built wrongly: that is a bug, raised as such.
    """
    import pandera.errors

    if frame.empty or (PRESCREEN and holds(schema, frame)):
        return {}
    try:
        schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        found: dict[str, list[Hashable]] = defaultdict(list)
        seen: set[tuple[str, Hashable]] = set()
        for check, index in zip(cases["check"], cases["index"], strict=True):
            name = str(check)
            if name not in RULES:
                raise AssertionError(f"schema {schema.name}: unexpected failure {name!r}") from exc
            key = (name, index)
            if index is not None and key not in seen:
                seen.add(key)
                found[name].append(index)
        return {name: sorted(indexes) for name, indexes in found.items()}  # type: ignore[type-var]
    return {}
