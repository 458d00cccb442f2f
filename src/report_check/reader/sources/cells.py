"""What the published sources share: reading the file, decoding text, and a printed cell's value."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ...errors import UnusableInput
from ..grid import SheetGrid, Value

MAX_TEXT_BYTES = 20 * 2**20  # a report's page is some 100 KB; a saved page with its pictures inlined a few MB


def decode(data: bytes, declared: str | None = None) -> str:
    """Text in the encoding declared, else UTF-8, else GB 18030 (which GBK and GB 2312 are part of)."""
    for encoding in (declared, "utf-8-sig", "gb18030"):
        if not encoding:
            continue
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", errors="replace")


def read_file(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_TEXT_BYTES:
            raise UnusableInput("S01", reason="too_large", detail=f"> {MAX_TEXT_BYTES // 2**20} MB")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise UnusableInput("S01", reason="missing") from exc
    except IsADirectoryError as exc:
        raise UnusableInput("S01", reason="not_a_file") from exc
    except OSError as exc:
        raise UnusableInput("S01", reason="unreadable", detail=exc.strerror or str(exc)) from exc


def tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


_PRINTED_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def printed(text: str) -> Value:
    """A cell of a published table: a number where it prints one (1,234 and full-width digits too), else its
    text."""
    plain = unicodedata.normalize("NFKC", text).replace(" ", "")
    if not _PRINTED_NUMBER.match(plain):
        return text
    number = float(plain.replace(",", ""))
    return int(number) if number.is_integer() and "." not in plain else number


class GridBuilder:
    """A table's rows of cells into a grid: a cell spanning rows in each of them (a group label), one spanning
    columns in the first (a value printed across the columns of table 二)."""

    def __init__(self, name: str) -> None:
        self.grid = SheetGrid(name, True)
        self.taken: set[tuple[int, int]] = set()
        self.row = 0

    def add_row(self, cells: list[tuple[str, int, int]]) -> None:
        """One row: (text, columns spanned, rows spanned) for each cell, left to right."""
        self.row += 1
        column = 1
        for text, colspan, rowspan in cells:
            while (self.row, column) in self.taken:
                column += 1
            for r in range(self.row, self.row + max(1, rowspan)):
                for c in range(column, column + max(1, colspan)):
                    self.taken.add((r, c))
                    if text and c == column:  # a value spanning columns is one value; a group label spans rows
                        self.grid.cells[(r, c)] = printed(text)
            column += max(1, colspan)


def span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1
