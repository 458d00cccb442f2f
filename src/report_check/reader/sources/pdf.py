"""A PDF with a text layer, read with pdfplumber (MIT)."""

from __future__ import annotations

import re
from pathlib import Path

from ...errors import UnusableInput
from ..grid import SheetGrid
from .base import Source
from .cells import printed, read_file, tidy

_PAGE_NUMBER = re.compile(r"^[\s—–\-－·]*(?:第\s*)?\d+(?:\s*页)?[\s—–\-－·]*$")
_WRAP = re.compile(r"(?<=[^\x00-\x7f])\s*\n\s*(?=[^\x00-\x7f])")


def _unwrapped(text: str) -> str:
    """A PDF cell's lines joined: no space between Chinese characters (商业企 / 业), one elsewhere."""
    return tidy(_WRAP.sub("", text))


def pdf_source(path: Path) -> Source:
    """A PDF with a text layer (pdfplumber): each page's tables, and the lines outside them; page numbers
    dropped.  A table continued on the next page is a grid of its own, read on in order."""
    import pdfplumber

    read_file(path)  # the same checks (missing, too large) as any file
    try:
        document = pdfplumber.open(path)
    except Exception as exc:
        raise UnusableInput("S01", reason="damaged", detail=f"{type(exc).__name__}: {exc}") from exc
    source = Source("pdf")
    characters = 0
    with document:
        for number, page in enumerate(document.pages, start=1):
            characters += len(page.chars)
            outside = page
            for index, table in enumerate(page.find_tables(), start=1):
                grid = SheetGrid(f"第{number}页表格{index}", True)
                for r, row in enumerate(table.extract(), start=1):
                    for c, text in enumerate(row, start=1):
                        if text and text.strip():
                            grid.cells[(r, c)] = printed(_unwrapped(text))
                source.grids.append(grid)
                outside = outside.outside_bbox(table.bbox)
            for line in (outside.extract_text() or "").splitlines():
                if line.strip() and not _PAGE_NUMBER.match(line):
                    source.paragraphs.append(line.strip())
    if not characters:
        raise UnusableInput("S01", reason="image_pdf")
    return source
