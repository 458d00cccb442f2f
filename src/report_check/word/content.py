"""What the Word report says, as plain data: its paragraphs and tables in order.

Decided once here; :mod:`.document` writes it as XML and :mod:`.reference`
through python-docx, and the tests require both to give the same document.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..check import Result
from ..format import ReportFormat, TableSpec
from ..values import format_number, is_blank
from .grid import Layout, ValueText, layout_tables
from .package import BODY_FONT, HEADING1, HEADING1_FONT, HEADING2, HEADING2_FONT, NORMAL, TITLE, TITLE_FONT

_LEVEL2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_LEVEL2_END = "。：:"
MAX_HEADING_CHARS = 40
NOTICE_PT, NOTICE_COLOUR = 12, "C00000"


@dataclass(frozen=True)
class Run:
    text: str
    font: str = BODY_FONT
    line_break: bool = False  # a line break after the text
    bold: bool = False
    pt: float | None = None
    colour: str | None = None


@dataclass(frozen=True)
class Para:
    style: str
    runs: tuple[Run, ...] = ()


@dataclass
class Content:
    blocks: list[Para | TableSpec]  # a table is printed as laid out in ``layout``
    layout: Layout
    version: str  # of the format
    title: str
    author: str
    description: str
    date: str | None  # ISO date of publication, if the workbook gives it


def split_paragraphs(text: str) -> list[str]:
    """Prose as typed in a cell: one paragraph per line, blank lines and stray spaces dropped."""
    return [line.strip() for line in re.split(r"\r\n|\r|\n", text) if line.strip()]


def split_level2(paragraph: str) -> tuple[str, str] | None:
    """``（一）主动公开情况。一是……`` -> (``（一）主动公开情况。``, ``一是……``); None if no such heading.

    The heading keeps its punctuation; a paragraph that is only a heading comes back with an empty rest.
    """
    if not _LEVEL2.match(unicodedata.normalize("NFKC", paragraph[:6])):
        return None
    for index, char in enumerate(paragraph[:MAX_HEADING_CHARS]):
        if char in _LEVEL2_END:
            return paragraph[: index + 1], paragraph[index + 1 :].strip()
    if len(paragraph) <= MAX_HEADING_CHARS:
        return paragraph, ""
    return None


def prose(text: str) -> list[Para]:
    """A prose field as paragraphs: a run-in （一）-heading in 楷体 inside its paragraph, a bare one as heading 2."""
    paragraphs = []
    for paragraph in split_paragraphs(text):
        heading = split_level2(paragraph)
        if heading is None:
            paragraphs.append(Para(NORMAL, (Run(paragraph),)))
        elif heading[1]:
            paragraphs.append(Para(NORMAL, (Run(heading[0], HEADING2_FONT), Run(heading[1]))))
        else:
            paragraphs.append(Para(HEADING2, (Run(heading[0], HEADING2_FONT),)))
    return paragraphs


def preamble(result: Result) -> str:
    """The workbook's preamble, or the usual one composed from the metadata."""
    assert result.values is not None
    written = result.values.prose.get("preamble", "")
    if written.strip():
        return written
    meta = result.values.metadata
    year = meta.year or ""
    text = (
        "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室"
        "关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。"
        f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
    )
    if meta.website:
        text += f"本报告电子版可在{meta.website}查阅和下载。"
    return text


def _value_text(result: Result) -> ValueText:
    assert result.values is not None and result.report is not None
    numbers = result.values.numbers
    cells = result.report.cells

    def value(key: tuple[str, str, str]) -> str:
        if key in numbers:
            return format_number(numbers[key])
        cell = cells.get(key)
        if cell is None or is_blank(cell.raw):
            return ""
        return str(cell.raw)  # a --force'd document shows what the workbook holds

    return value


def _failed_notice(result: Result) -> Para:
    assert result.format is not None
    first = next((f for f in result.findings if str(f.severity) == "error"), None)
    text = (
        f"【未通过检查】本文档在 report-check 检查未通过的情况下强制生成：共 {result.errors} 个错误"
        + (f"，例如：{first.message(result.format)}" if first else "")
        + "正式发布前请改正工作簿并重新生成。"
    )
    return Para(NORMAL, (Run(text, bold=True, pt=NOTICE_PT, colour=NOTICE_COLOUR),))


def report_content(result: Result) -> Content:
    """Title, preamble, the six sections with their prose and tables, and the document's properties."""
    assert result.values is not None and result.report is not None
    fmt: ReportFormat = result.format
    meta = result.values.metadata
    org, year = meta.org_name or "", meta.year or ""
    blocks: list[Para | TableSpec] = []
    title_runs = (Run(org, TITLE_FONT, line_break=True),) if org else ()  # the organ on a line of its own
    blocks.append(Para(TITLE, (*title_runs, Run(f"{year}年政府信息公开工作年度报告", TITLE_FONT))))
    blocks.append(Para(NORMAL))
    if not result.valid:
        blocks.append(_failed_notice(result))
    blocks += prose(preamble(result))

    texts = result.values.prose
    for key, heading in zip(("s1", "t2", "t3", "t4", "s5", "s6"), fmt.sections, strict=True):
        blocks.append(Para(HEADING1, (Run(heading, HEADING1_FONT),)))
        if key.startswith("t"):
            blocks.append(fmt.table(key))
        else:
            blocks += prose(texts.get(key, ""))
    date = meta.publish_date.isoformat() if meta.publish_date else None
    return Content(
        blocks,
        layout_tables(fmt, _value_text(result)),
        fmt.version,
        title=f"{org}{year}年政府信息公开工作年度报告",
        author=org,
        description=f"{fmt.version} 年格式（{fmt.basis}）",
        date=date,
    )
