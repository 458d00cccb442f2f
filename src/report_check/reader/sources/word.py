"""Word files: .docx read from its XML, .doc and .wps through LibreOffice where it is installed."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...errors import UnusableInput
from ..grid import SheetGrid
from .base import Source
from .cells import printed, read_file, span, tidy

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_source(path: Path) -> Source:
    """A Word file: its tables (a cell spanning columns once, at its first column; one merged down the rows in
    each of them) and its paragraphs, in the order of the document.  Read from its XML with lxml (python-docx
    takes a hundred milliseconds for what this does in a few)."""
    import zipfile

    from lxml import etree

    data = read_file(path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = etree.fromstring(archive.read("word/document.xml"))
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError) as exc:
        raise UnusableInput("S01", reason="damaged", detail=f"{type(exc).__name__}: {exc}") from exc
    source = Source("docx")
    body = root.find(f"{_W}body")
    for block in _blocks(body if body is not None else root):
        if block.tag == f"{_W}p":
            text = tidy(_docx_text(block))
            if text:
                source.paragraphs.append(text)
        else:
            source.grids.append(_docx_grid(block, f"表格{len(source.grids) + 1}"))
    return source


def _blocks(parent: Any) -> Iterator[Any]:
    """The paragraphs and tables of a body, inside content controls too."""
    for child in parent:
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _blocks(content)


def _docx_text(element: Any) -> str:
    return "".join(
        node.text or "" if node.tag == f"{_W}t" else "\t" if node.tag == f"{_W}tab" else "\n"
        for node in element.iter(f"{_W}t", f"{_W}tab", f"{_W}br")
    )


def _docx_grid(table: Any, name: str) -> SheetGrid:
    grid = SheetGrid(name, True)
    for r, row in enumerate(table.iter(f"{_W}tr"), start=1):
        column = 1
        for cell in row.iter(f"{_W}tc"):
            properties = cell.find(f"{_W}tcPr")
            width, merge = 1, None
            if properties is not None:
                grid_span = properties.find(f"{_W}gridSpan")
                width = span(grid_span.get(f"{_W}val")) if grid_span is not None else 1
                vertical = properties.find(f"{_W}vMerge")
                merge = None if vertical is None else vertical.get(f"{_W}val", "continue")
            if merge == "continue":  # under a cell merged down: its text again (a group label)
                above = grid.cells.get((r - 1, column))
                if above is not None:
                    grid.cells[(r, column)] = above
            else:
                text = tidy(" ".join(_docx_text(p) for p in cell.iter(f"{_W}p")))
                if text:
                    grid.cells[(r, column)] = printed(text)
            column += width
    return grid


def old_word_source(path: Path) -> Source:
    """A .doc or .wps, made a .docx by LibreOffice first (in a folder of its own, deleted after)."""
    import shutil
    import subprocess
    import tempfile

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise UnusableInput("S01", reason="needs_office", detail=path.suffix)
    read_file(path)
    with tempfile.TemporaryDirectory(prefix="report-check-") as folder:
        profile = Path(folder, "profile").as_uri()
        try:
            subprocess.run(
                [office, "--headless", f"-env:UserInstallation={profile}", "--convert-to", "docx", "--outdir",
                 folder, str(path)],
                check=True, capture_output=True, timeout=120,
            )  # fmt: skip
        except (subprocess.SubprocessError, OSError) as exc:
            raise UnusableInput("S01", reason="damaged", detail=f"LibreOffice: {exc}") from exc
        converted = Path(folder, path.stem + ".docx")
        if not converted.exists():
            raise UnusableInput("S01", reason="damaged", detail="LibreOffice could not convert it")
        return docx_source(converted)
