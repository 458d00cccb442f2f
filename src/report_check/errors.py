"""The one exception that crosses layers: input that cannot be used at all (exit code 2)."""

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
