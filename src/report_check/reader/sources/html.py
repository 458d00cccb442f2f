"""A saved web page: the article among the site's navigation, its data tables and its paragraphs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ...errors import UnusableInput
from ...format import ReportFormat
from ...format.labels import normalize
from .base import Source
from .cells import GridBuilder, decode, read_file, span, tidy

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "section", "article", "br", "tr"}
_DROP = {"script", "style", "noscript", "nav", "header", "footer", "select", "button", "form", "iframe"}


def html_source(path: Path, fmt: ReportFormat) -> Source:
    """A saved web page: its data tables (those holding no table) and the paragraphs of the article."""
    from lxml import html

    data = read_file(path)
    declared = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", data[:4096], re.IGNORECASE)
    text = decode(data, declared.group(1).decode("ascii") if declared else None)
    try:
        root = html.document_fromstring(text)
    except Exception as exc:  # lxml refuses an empty or binary page
        raise UnusableInput("S01", reason="damaged", detail=f"{type(exc).__name__}: {exc}") from exc
    for element in root.iter(*_DROP):
        element.drop_tree()
    source = Source("html")
    body = root.find("body")
    page = root if body is None else body
    article = _article(page, fmt)
    title = root.findtext(".//title") or ""
    source.titles = [title, *_page_lines(page)[:200]] if article is not page else []
    leaf_tables = [table for table in article.iter("table") if not table.findall(".//table")]
    for number, table in enumerate(leaf_tables, start=1):
        builder = GridBuilder(f"表格{number}")
        for row in table.iter("tr"):
            builder.add_row(
                [
                    (tidy(cell.text_content()), span(cell.get("colspan")), span(cell.get("rowspan")))
                    for cell in row
                    if cell.tag in ("td", "th")
                ]
            )
        source.grids.append(builder.grid)
        table.drop_tree()
    source.paragraphs = [line for line in (tidy(part) for part in _page_lines(article)) if line]
    source.titles = [line for line in (tidy(part) for part in source.titles) if line] or source.paragraphs
    return source


def _article(page: Any, fmt: ReportFormat) -> Any:
    """The element that holds the report among the site's navigation and footer: the nearest one holding both
    the first and the last section title (the page itself if they are not found)."""
    first, last = (normalize(title, fmt.label_variants) for title in (fmt.sections[0], fmt.sections[-1]))
    hits = []
    for key in (first, last):
        hit = next((el for el in page.iter() if isinstance(el.tag, str) and key in (el.text or "")), None)
        if hit is None:
            return page
        hits.append(hit)
    ancestors = set(hits[0].iterancestors()) | {hits[0]}
    for element in [hits[1], *hits[1].iterancestors()]:
        if element in ancestors:
            return element if element.tag not in ("p", "span", "strong", "b", "font") else element.getparent()
    return page


def _page_lines(root: object) -> list[str]:
    """The text of a page, a line for each block element and at each <br>."""
    for element in root.iter(*_BLOCKS):  # type: ignore[attr-defined]
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    return str(root.text_content()).split("\n")  # type: ignore[attr-defined]
