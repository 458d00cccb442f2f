"""The exceptions that cross layers: input that cannot be used at all, an output that cannot be written
or is refused (all exit code 2)."""

from __future__ import annotations


class UnusableInput(Exception):
    """The file cannot be read as a report.

    ``rule`` is the code of a structure rule (S01, S02, ...); ``params`` fill its
    message template.  The message itself is rendered by :mod:`report_check.messages`.
    """

    def __init__(self, rule: str, **params: str) -> None:
        super().__init__(rule, params)
        self.rule = rule
        self.params = params

    def __reduce__(self) -> tuple[object, tuple[str, dict[str, str]]]:
        # Crosses process boundaries in a batch; the default would call __init__(rule, params).
        return (_rebuild, (self.rule, self.params))


def _rebuild(rule: str, params: dict[str, str]) -> UnusableInput:
    return UnusableInput(rule, **params)


class OutputRefused(Exception):
    """An output that would destroy an input or could not be opened, refused whatever ``--overwrite`` says.

    ``reason``: ``is_input`` (the output is the input file), ``holds_input`` (the output folder, which is
    replaced, holds an input: ``other``), ``suffix`` (a file named other than its kind, ``other``: .docx
    for a Word report, .xlsx for the template).
    """

    def __init__(self, path: object, reason: str, other: object = None) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.other = other


class OutputNotWritten(Exception):
    """An output could not be written: no permission, no space left, or (on Windows) the file or folder
    open in another program.  Nothing was written: outputs are replaced whole or not at all."""

    def __init__(self, path: object, error: OSError) -> None:
        super().__init__(f"{path}: {error}")
        self.path = path
        self.reason = error.strerror or str(error)
