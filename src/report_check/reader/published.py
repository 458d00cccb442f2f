"""Reports as organs publish them: text, web pages and Word files, turned into grids and paragraphs.

Each source gives the same two things: its tables as grids (merged cells expanded, so that every cell of a
merged range holds its text) and the text outside them as paragraphs, in order.  The tables are then
placed by their labels (:mod:`.labels`), the paragraphs split by the six section titles into the prose,
and the organ and year read from the title; what a published report does not state (机关层级, 机关类别
where the name does not tell, credit code, publication date) is left unknown, never an error.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UnusableInput
from ..format import ReportFormat
from ..format.labels import normalize
from ..model import Cell, Report
from .xlsx import SheetGrid, Value

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm", ".shtml")
WORD_SUFFIXES = (".docx",)
OLD_WORD_SUFFIXES = (".doc", ".wps")  # read through LibreOffice, where it is installed
PDF_SUFFIXES = (".pdf",)
PUBLISHED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + WORD_SUFFIXES + OLD_WORD_SUFFIXES + PDF_SUFFIXES
MAX_TEXT_BYTES = 20 * 2**20  # a report's page is some 100 KB; a saved page with its pictures inlined a few MB

TEXT_SHEET = "正文"  # the one grid of a text file: its lines, cells split at tabs
_CELL_GAP = re.compile(r"\t| {2,}|\u3000{2,}")
_TITLE = re.compile(r"(?P<year>20\d\d)\s*年度?\s*政府信息公开(?:工作)?年度报告")


@dataclass
class Source:
    """A published report: its tables as grids and the text around them as paragraphs."""

    kind: str  # "text", "html", "docx", "pdf"
    grids: list[SheetGrid] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    # Where the title stands (a page's <title> and headings above the article); the paragraphs if not given.
    titles: list[str] = field(default_factory=list)


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


def _read(path: Path) -> bytes:
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


def text_source(path: Path) -> Source:
    """A text copied from a page: a line a row, cells apart by tabs or runs of spaces."""
    text = decode(_read(path))
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


def _tidy(text: str) -> str:
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


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "section", "article", "br", "tr"}
_DROP = {"script", "style", "noscript", "nav", "header", "footer", "select", "button", "form", "iframe"}


def html_source(path: Path, fmt: ReportFormat) -> Source:
    """A saved web page: its data tables (those holding no table) and the paragraphs of the article."""
    from lxml import html

    data = _read(path)
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
                    (_tidy(cell.text_content()), _span(cell.get("colspan")), _span(cell.get("rowspan")))
                    for cell in row
                    if cell.tag in ("td", "th")
                ]
            )
        source.grids.append(builder.grid)
        table.drop_tree()
    source.paragraphs = [line for line in (_tidy(part) for part in _page_lines(article)) if line]
    source.titles = [line for line in (_tidy(part) for part in source.titles) if line] or source.paragraphs
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


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_source(path: Path) -> Source:
    """A Word file: its tables (a cell spanning columns once, at its first column; one merged down the rows in
    each of them) and its paragraphs, in the order of the document.  Read from its XML with lxml (python-docx
    takes a hundred milliseconds for what this does in a few)."""
    import zipfile

    from lxml import etree

    data = _read(path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = etree.fromstring(archive.read("word/document.xml"))
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError) as exc:
        raise UnusableInput("S01", reason="damaged", detail=f"{type(exc).__name__}: {exc}") from exc
    source = Source("docx")
    body = root.find(f"{_W}body")
    for block in _blocks(body if body is not None else root):
        if block.tag == f"{_W}p":
            text = _tidy(_docx_text(block))
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
            span, merge = 1, None
            if properties is not None:
                grid_span = properties.find(f"{_W}gridSpan")
                span = _span(grid_span.get(f"{_W}val")) if grid_span is not None else 1
                vertical = properties.find(f"{_W}vMerge")
                merge = None if vertical is None else vertical.get(f"{_W}val", "continue")
            if merge == "continue":  # under a cell merged down: its text again (a group label)
                above = grid.cells.get((r - 1, column))
                if above is not None:
                    grid.cells[(r, column)] = above
            else:
                text = _tidy(" ".join(_docx_text(p) for p in cell.iter(f"{_W}p")))
                if text:
                    grid.cells[(r, column)] = printed(text)
            column += span
    return grid


_PAGE_NUMBER = re.compile(r"^[\s—–\-－·]*(?:第\s*)?\d+(?:\s*页)?[\s—–\-－·]*$")
_WRAP = re.compile(r"(?<=[^\x00-\x7f])\s*\n\s*(?=[^\x00-\x7f])")


def _unwrapped(text: str) -> str:
    """A PDF cell's lines joined: no space between Chinese characters (商业企 / 业), one elsewhere."""
    return _tidy(_WRAP.sub("", text))


def pdf_source(path: Path) -> Source:
    """A PDF with a text layer (pdfplumber): each page's tables, and the lines outside them; page numbers
    dropped.  A table continued on the next page is a grid of its own, read on in order."""
    import pdfplumber

    _read(path)  # the same checks (missing, too large) as any file
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


def old_word_source(path: Path) -> Source:
    """A .doc or .wps, made a .docx by LibreOffice first (in a folder of its own, deleted after)."""
    import shutil
    import subprocess
    import tempfile

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise UnusableInput("S01", reason="needs_office", detail=path.suffix)
    _read(path)
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


def load_source(path: Path, fmt: ReportFormat) -> Source:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return text_source(path)
    if suffix in HTML_SUFFIXES:
        return html_source(path, fmt)
    if suffix in PDF_SUFFIXES:
        return pdf_source(path)
    if suffix in OLD_WORD_SUFFIXES:
        return old_word_source(path)
    return docx_source(path)


# --- prose and metadata from the paragraphs ----------------------------------------------------------------


def _section_of(paragraph: str, fmt: ReportFormat) -> int | None:
    """The number (0–5) of the section whose title the paragraph is, if it is one."""
    text = unicodedata.normalize("NFKC", paragraph).strip()
    for index, title in enumerate(fmt.sections):
        if not text.startswith(title[0]) or len(text) > len(title) + 16:
            continue
        got = normalize(text, fmt.label_variants)
        want = normalize(title, fmt.label_variants)
        if got == want or got.endswith(want):
            return index
    return None


def prose_of(paragraphs: list[str], fmt: ReportFormat, sheet: str) -> dict[str, Cell]:
    """The preamble and sections 一、五、六 of the paragraphs, by the section titles."""
    parts: dict[int, list[str]] = {}
    current = -1
    for paragraph in paragraphs:
        section = _section_of(paragraph, fmt)
        if section is not None and section > current:
            current = section
            parts.setdefault(current, [])
            continue
        parts.setdefault(current, []).append(paragraph)
    preamble = [
        p for p in parts.get(-1, []) if not _TITLE.search(p) and not p.endswith(("人民政府", "办公室", "办公厅"))
    ]
    codes = {"preamble": -1, "s1": 0, "s5": 4, "s6": 5}
    prose: dict[str, Cell] = {}
    for field_ in fmt.prose:
        index = codes.get(field_.code)
        if index is None or (index >= 0 and index not in parts):
            continue
        text = "\n".join(preamble if index == -1 else parts[index])
        prose[field_.code] = Cell(sheet, "", text)  # a section of the text: no cell to name
    return prose


_LEVELS = (  # the last division named in the organ's name, finest first
    ("township", re.compile(r"(?:镇|乡|街道)")),
    ("county", re.compile(r"(?:县|(?<!自治)(?<!开发)(?<!新)区|旗)")),
    ("municipal", re.compile(r"(?:市|州|盟)")),
    ("provincial", re.compile(r"(?:省|自治区)")),
)
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


def _level(org: str) -> str | None:
    name = re.sub(r"(人民政府.*|管理委员会.*|管委会.*)$", "", org)
    for level, pattern in _LEVELS:
        if pattern.search(name):
            if level == "municipal" and name.startswith(_MUNICIPALITIES) and name.count("市") == 1:
                return "provincial"
            return level
    return None


def _org_kind(org: str) -> str | None:
    if re.search(r"人民政府办公(?:室|厅)$", org):
        return "office"
    if org.endswith("人民政府"):
        return "government"
    if re.search(r"(?:管理委员会|管委会)$", org):
        return "dispatched"
    if re.search(r"(?:局|委员会|委|厅|办公室|办|中心|署|院|部|处)$", org):
        return "department"
    return None


def metadata_of(texts: list[str], sheet: str) -> dict[str, Cell]:
    """The organ and year from the report's title (机关层级 and 机关类别 where the name tells them): the first
    line naming a year's 政府信息公开工作年度报告, the organ before it on the line or on the line above."""
    found: dict[str, Value] = {}
    for index, line in enumerate(texts[:MAX_TITLE_LINES]):
        title = _TITLE.search(line)
        if title is None:
            continue
        org = re.split(r"[\s|｜_>»·:：]+", line[: title.start("year")].strip())[-1] if title.start("year") else ""
        if not org and index:
            org = texts[index - 1].strip()
        org = org.strip("（）()《》“”〈〉[]【】")
        found.setdefault("year", int(title.group("year")))
        if 2 <= len(org) <= MAX_ORG_NAME:  # else a page's <title> without the organ: the heading names it
            found["org_name"] = org
            level, kind = _level(org), _org_kind(org)
            if level:
                found["level"] = level
            if kind:
                found["org_kind"] = kind
            break
    return {code: Cell(sheet, "", value) for code, value in found.items()}  # read from the title: no cell


MAX_TITLE_LINES = 200  # the title stands among the first lines of a page, after its navigation
MAX_ORG_NAME = 40


def read_published(path: Path, fmt: ReportFormat) -> Report:
    """A published report read by its labels; S02 when no official table is found in it."""
    from .labels import place_by_labels

    source = load_source(path, fmt)
    report = place_by_labels(str(path), source.grids, fmt)
    report.source_kind = source.kind
    sheet = "正文"
    report.prose = prose_of(source.paragraphs, fmt, sheet)
    report.metadata = metadata_of(source.titles or source.paragraphs, sheet)
    if report.earlier_format:  # the 2019 format: not to be read by the 2021 labels (FORMAT.md section 8)
        raise UnusableInput("S02", reason="earlier_format", detail=report.earlier_format[0].text)
    if not report.tables:
        raise UnusableInput("S02", reason="no_tables")
    return report
