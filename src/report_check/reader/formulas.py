"""Recomputing the simple formulas a data cell may hold (FORMAT.md 5.1).

A file saved by a program that does not calculate (a script, some online
editors) keeps formulas without their values.  The totals of the template are
sums, so report-check computes them itself: numbers, cell references, ranges,
``+ - * /``, parentheses and ``SUM``.  Anything else is reported, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..cellref import RefError
from ..cellref import parse_coord as _parse_coord

_TOKEN = re.compile(
    r"\s*(?:"
    r"(?P<range>\$?[A-Z]{1,3}\$?\d+:\$?[A-Z]{1,3}\$?\d+)"
    r"|(?P<ref>\$?[A-Z]{1,3}\$?\d+)"
    r"|(?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)"
    r"|(?P<func>[A-Z][A-Z0-9.]*)\("
    r"|(?P<op>[-+*/(),])"
    r")"
)


class FormulaError(Exception):
    """The formula cannot be computed here; the message says why (in English, for logs).

    ``consequential`` marks a formula that is fine but refers to a cell that is
    itself at fault (text, an error value): that cell is reported, not the formula.
    """

    def __init__(self, message: str, *, consequential: bool = False) -> None:
        super().__init__(message)
        self.consequential = consequential


Resolve = Callable[[int, int], float]


def evaluate(formula: str, resolve: Resolve) -> float:
    """Compute ``formula`` (with or without the leading ``=``); ``resolve`` gives a cell's number."""
    text = formula[1:] if formula.startswith("=") else formula
    tokens = _tokenize(text.upper())
    parser = _Parser(tokens, resolve)
    value = parser.expression()
    if parser.position != len(tokens):
        raise FormulaError(f"unexpected {tokens[parser.position][1]!r}")
    return value


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            raise FormulaError(f"cannot read {text[position:]!r}")
        kind = match.lastgroup
        assert kind is not None
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], resolve: Resolve) -> None:
        self.tokens = tokens
        self.position = 0
        self.resolve = resolve

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _take(self) -> tuple[str, str]:
        token = self._peek()
        if token is None:
            raise FormulaError("formula ends too early")
        self.position += 1
        return token

    def _expect(self, op: str) -> None:
        kind, value = self._take()
        if kind != "op" or value != op:
            raise FormulaError(f"expected {op!r}, found {value!r}")

    def expression(self) -> float:
        value = self.term()
        while (token := self._peek()) and token[0] == "op" and token[1] in "+-":
            self.position += 1
            other = self.term()
            value = value + other if token[1] == "+" else value - other
        return value

    def term(self) -> float:
        value = self.factor()
        while (token := self._peek()) and token[0] == "op" and token[1] in "*/":
            self.position += 1
            other = self.factor()
            if token[1] == "/":
                if other == 0:
                    raise FormulaError("division by zero")
                value /= other
            else:
                value *= other
        return value

    def factor(self) -> float:
        kind, value = self._take()
        if kind == "op" and value in "+-":
            inner = self.factor()
            return -inner if value == "-" else inner
        if kind == "op" and value == "(":
            inner = self.expression()
            self._expect(")")
            return inner
        if kind == "number":
            return float(value)
        if kind == "ref":
            return self.resolve(*_coord(value))
        if kind == "func":
            return self.function(value)
        raise FormulaError(f"unexpected {value!r}")

    def function(self, name: str) -> float:
        if name != "SUM":
            raise FormulaError(f"function {name} is not supported")
        total = 0.0
        while True:
            token = self._peek()
            if token and token[0] == "range":
                self.position += 1
                total += self._range_sum(token[1])
            elif token and token == ("op", ")"):
                pass
            else:
                total += self.expression()
            kind, value = self._take()
            if (kind, value) == ("op", ")"):
                return total
            if (kind, value) != ("op", ","):
                raise FormulaError(f"expected ',' or ')', found {value!r}")

    def _range_sum(self, text: str) -> float:
        first, last = text.split(":")
        row1, col1 = _coord(first)
        row2, col2 = _coord(last)
        if (row2 - row1 + 1) * (col2 - col1 + 1) > 10_000:
            raise FormulaError(f"range {text} is too large")
        return sum(
            self.resolve(row, col)
            for row in range(min(row1, row2), max(row1, row2) + 1)
            for col in range(min(col1, col2), max(col1, col2) + 1)
        )


def _coord(ref: str) -> tuple[int, int]:
    try:
        return _parse_coord(ref)
    except RefError as exc:
        raise FormulaError(str(exc)) from exc
