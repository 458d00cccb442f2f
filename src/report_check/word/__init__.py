"""The Word report: a checked workbook as the .docx an office publishes (FORMAT.md section 6)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..check import CheckOptions, Result, check_workbook
from ..errors import OutputExists, OutputRefused
from ..outputs import atomic_write

__all__ = ["Conversion", "convert_workbook", "default_output"]


@dataclass
class Conversion:
    """What ``convert_workbook`` did: the check result, and the document written (None if not)."""

    result: Result
    output: Path | None

    @property
    def forced(self) -> bool:
        return self.output is not None and not self.result.valid


def default_output(workbook: Path) -> Path:
    """The workbook's name with ``.docx``, beside it."""
    return workbook.with_suffix(".docx")


def convert_workbook(
    workbook: str | Path,
    output: str | Path | None = None,
    *,
    force: bool = False,
    overwrite: bool = False,
    options: CheckOptions | None = None,
) -> Conversion:
    """Check ``workbook`` and, if it has no error (or ``force``), write its Word report.

    Raises :class:`~report_check.errors.OutputExists` when the output exists and
    ``overwrite`` is not set, :class:`~report_check.errors.OutputRefused` for an output that is not a
    .docx (or is the workbook itself).  An unusable workbook is never converted.
    """
    from .document import render_docx

    workbook = Path(workbook)
    target = Path(output) if output is not None else default_output(workbook)
    if target.suffix.lower() != ".docx":
        raise OutputRefused(target, "suffix", ".docx")
    if target.exists() and target.resolve() == workbook.resolve():
        raise OutputRefused(target, "is_input")
    if target.exists() and not overwrite:
        raise OutputExists(target)
    result = check_workbook(workbook, options)
    if result.unusable is not None or (result.errors and not force):
        return Conversion(result, None)
    atomic_write(target, render_docx(result), overwrite=overwrite)
    return Conversion(result, target)
