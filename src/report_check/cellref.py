"""A1 cell references: the only coordinate arithmetic in the project."""

from __future__ import annotations

import re
from functools import lru_cache

_COORD = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")


class RefError(ValueError):
    """Not a cell reference."""


def column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + (ord(ch) - 64)
    return index


@lru_cache(maxsize=1024)
def column_letters(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def parse_coord(ref: str) -> tuple[int, int]:
    """``"E7"`` -> ``(7, 5)`` (row, column)."""
    match = _COORD.fullmatch(ref.upper())
    if not match:
        raise RefError(f"not a cell reference: {ref}")
    return int(match.group(2)), column_index(match.group(1))


@lru_cache(maxsize=65536)
def coordinate(row: int, column: int) -> str:
    """``(7, 5)`` -> ``"E7"`` (cached: a workbook's data cells are the same few hundred)."""
    return f"{column_letters(column)}{row}"


def compact_refs(refs: list[str], sep: str = "+") -> str:
    """``E9, E10, … E30`` -> ``E9:E30``; otherwise the references joined with ``sep``."""
    if len(refs) > 2:
        coords = [parse_coord(ref) for ref in refs]
        rows = [r for r, _ in coords]
        cols = [c for _, c in coords]
        if len(set(cols)) == 1 and rows == list(range(rows[0], rows[0] + len(rows))):
            return f"{refs[0]}:{refs[-1]}"
        if len(set(rows)) == 1 and cols == list(range(cols[0], cols[0] + len(cols))):
            return f"{refs[0]}:{refs[-1]}"
    return sep.join(refs)


def block_refs(refs: list[str], lang: str, shown: int = 8) -> str:
    """Cells as one range when they fill a rectangle (``E11:K18``), else the first few and how many in all."""
    try:
        coords = {parse_coord(ref) for ref in refs}
    except RefError:
        coords = set()
    if coords:
        rows, columns = {r for r, _ in coords}, {c for _, c in coords}
        top, bottom, left, right = min(rows), max(rows), min(columns), max(columns)
        if len(coords) == (bottom - top + 1) * (right - left + 1):
            return f"{coordinate(top, left)}:{coordinate(bottom, right)}"
    sep = "、" if lang == "zh" else ", "
    if len(refs) <= shown:
        return sep.join(refs)
    return sep.join(refs[:shown]) + (f" 等 {len(refs)} 个" if lang == "zh" else f" and {len(refs) - shown} more")
