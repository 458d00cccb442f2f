"""Reports as organs publish them: text, web pages and Word files, turned into grids and paragraphs.

Each source gives the same two things: its tables as grids (merged cells expanded, so that every cell of a
merged range holds its text) and the text outside them as paragraphs, in order.  The tables are then
placed by their labels (:mod:`.labels`), the paragraphs split by the six section titles into the prose,
and the organ and year read from the title; what a published report does not state (机关层级, 机关类别
where the name does not tell, credit code, publication date) is left unknown, never an error.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UnusableInput
from ..format import ReportFormat
from ..format.labels import normalize
from ..model import Cell, Report
from .xlsx import SheetGrid, Value

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".mhtml")
WORD_SUFFIXES = (".docx",)
PUBLISHED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + WORD_SUFFIXES
MAX_TEXT_BYTES = 20 * 2**20  # a report's page is some 100 KB; a saved page with its pictures inlined a few MB

TEXT_SHEET = "正文"  # the one grid of a text file: its lines, cells split at tabs
_CELL_GAP = re.compile(r"\t| {2,}|\u3000{2,}")
_TITLE = re.compile(r"(?P<org>[^\s\d]{2,60}?)\s*(?P<year>20\d\d)\s*年度?\s*政府信息公开(?:工作)?年度报告")


@dataclass
class Source:
    """A published report: its tables as grids and the text around them as paragraphs."""

    kind: str  # "text", "html", "docx"
    grids: list[SheetGrid] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)


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


def html_source(path: Path) -> Source:
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
    leaf_tables = [table for table in root.iter("table") if not table.findall(".//table")]
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
    body = root.find("body")
    source.paragraphs = [line for line in (_tidy(part) for part in _page_lines(root if body is None else body)) if line]
    return source


def _page_lines(root: object) -> list[str]:
    """The text of a page, a line for each block element and at each <br>."""
    for element in root.iter(*_BLOCKS):  # type: ignore[attr-defined]
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    return str(root.text_content()).split("\n")  # type: ignore[attr-defined]


def docx_source(path: Path) -> Source:
    """A Word file: its tables (merged cells as :class:`GridBuilder` makes them) and its paragraphs, in the
    order of the document."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:
        raise UnusableInput("S01", reason="damaged", detail=f"{type(exc).__name__}: {exc}") from exc
    source = Source("docx")
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            if block.text.strip():
                source.paragraphs.append(_tidy(block.text))
        elif isinstance(block, Table):
            grid = SheetGrid(f"表格{len(source.grids) + 1}", True)
            for r, row in enumerate(block.rows, start=1):
                previous = None
                for c, cell in enumerate(row.cells, start=1):
                    text = _tidy(cell.text)
                    if text and cell._tc is not previous:  # a cell spanning columns: once, at its first
                        grid.cells[(r, c)] = printed(text)
                    previous = cell._tc
            source.grids.append(grid)
    return source


def load_source(path: Path) -> Source:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return text_source(path)
    if suffix in HTML_SUFFIXES:
        return html_source(path)
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
        prose[field_.code] = Cell(sheet, field_.label, text)
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
    """The organ and year from the report's title (机关层级 and 机关类别 where the name tells them)."""
    joined = "".join(texts[:6])
    title = _TITLE.search(joined)
    if title is None:
        return {}
    org, year = title.group("org").strip("（）()《》“”"), int(title.group("year"))
    found: dict[str, Value] = {"org_name": org, "year": year}
    level, kind = _level(org), _org_kind(org)
    if level:
        found["level"] = level
    if kind:
        found["org_kind"] = kind
    return {code: Cell(sheet, "标题", value) for code, value in found.items()}


def read_published(path: Path, fmt: ReportFormat) -> Report:
    """A published report read by its labels; S02 when no official table is found in it."""
    from .labels import place_by_labels

    source = load_source(path)
    report = place_by_labels(str(path), source.grids, fmt)
    report.source_kind = source.kind
    sheet = "正文"
    report.prose = prose_of(source.paragraphs, fmt, sheet)
    report.metadata = metadata_of(source.paragraphs, sheet)
    if report.earlier_format:  # the 2019 format: not to be read by the 2021 labels (FORMAT.md section 8)
        raise UnusableInput("S02", reason="earlier_format", detail=report.earlier_format[0].text)
    if not report.tables:
        raise UnusableInput("S02", reason="no_tables")
    return report
