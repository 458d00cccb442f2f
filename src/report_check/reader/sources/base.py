"""What a source gives: its tables as grids and the text around them."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..grid import SheetGrid


@dataclass
class Source:
    """A published report: its tables as grids and the text around them as paragraphs."""

    kind: str  # "text", "html", "docx", "pdf"
    grids: list[SheetGrid] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    # Where the title stands (a page's <title> and headings above the article); the paragraphs if not given.
    titles: list[str] = field(default_factory=list)
