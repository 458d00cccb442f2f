"""A report's text copied from a page: a line a row, cells apart by tabs or runs of spaces."""

from __future__ import annotations

import re
from pathlib import Path

from ..grid import SheetGrid
from .base import Source
from .cells import decode, printed, read_file

TEXT_SHEET = "正文"  # the one grid of a text file: its lines, cells split at tabs
_CELL_GAP = re.compile(r"\t| {2,}|\u3000{2,}")


def text_source(path: Path) -> Source:
    """A text copied from a page: a line a row, cells apart by tabs or runs of spaces."""
    text = decode(read_file(path))
    grid = SheetGrid(TEXT_SHEET, True)
    paragraphs = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        paragraphs.append(line.strip())
        for column, cell in enumerate(_CELL_GAP.split(line), start=1):
            if cell.strip():
                grid.cells[(number, column)] = printed(cell.strip())
    return Source("text", [grid], paragraphs)
