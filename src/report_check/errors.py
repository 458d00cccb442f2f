"""The exceptions that cross layers: input that cannot be used at all, and the outputs that are not
written (all exit code 2; the command line words each)."""

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


class OutputProblem(Exception):
    """An output that was not written, for one of the reasons below; nothing was written."""

    def __init__(self, path: object, detail: object = None) -> None:
        super().__init__(f"{path}: {detail}" if detail is not None else str(path))
        self.path = path


class OutputExists(OutputProblem):
    """The output file exists and overwriting was not asked for."""


class OutputDirExists(OutputExists):
    """The output folder holds files and replacing it was not asked for."""


class OutputRefused(OutputProblem):
    """An output that would destroy an input or could not be opened, refused whatever ``--overwrite`` says.

    ``reason``: ``is_input`` (the output is the input file), ``holds_input`` (the output folder, which is
    replaced, holds an input: ``other``), ``suffix`` (a file named other than its kind, ``other``: .docx
    for a Word report, .xlsx for the template).
    """

    def __init__(self, path: object, reason: str, other: object = None) -> None:
        super().__init__(path, reason)
        self.reason = reason
        self.other = other


class OutputNotWritten(OutputProblem):
    """An output could not be written: no permission, no space left, or (on Windows) the file or folder
    open in another program.  Nothing was written: outputs are replaced whole or not at all."""

    def __init__(self, path: object, error: OSError) -> None:
        super().__init__(path, error)
        self.reason = error.strerror or str(error)
