"""The annual report as a .docx: GB/T 9704-2012 page and type, the six sections, the three tables.

Input is a checked :class:`~report_check.check.Result`; output is the bytes of a
document that is the same for the same workbook (fixed properties, no times).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from typing import TYPE_CHECKING, Any, cast

from ..check import Result
from ..format import ReportFormat
from ..outputs import reproducible_zip
from ..values import format_number, is_blank
from ..xmltext import xml_safe
from .grid import Grid, Role, ValueText, table_grid
from .ooxml import set_property

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from docx.styles.style import ParagraphStyle
    from docx.table import Table
    from docx.text.paragraph import Paragraph

# GB/T 9704-2012: fonts and sizes (points).
TITLE_FONT, TITLE_PT = "方正小标宋简体", 22  # 二号
BODY_FONT, BODY_PT = "仿宋_GB2312", 16  # 三号
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT, PAGE_NUMBER_PT = "宋体", 14  # 四号
TABLE_FONT = "仿宋_GB2312"
LATIN_FONT = "Times New Roman"
LINE_PITCH_PT = 28.95  # 225 mm / 22 lines
# docGrid: 22 lines in the 225 mm text block; Word, WPS and LibreOffice all honour a line grid.
LINE_PITCH_TWIPS = 579
# 28 characters in the 156 mm line: 三号 (16 pt) characters condensed by 0.25 pt (w:spacing, in 1/20 pt).
# A character grid would do the same in Word but spreads characters in LibreOffice and in tables.
BODY_CHARACTER_SPACING = -5
FIXED_TIME = dt.datetime(2021, 9, 26, tzinfo=dt.UTC)

_LEVEL2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_LEVEL2_END = "。：:"
MAX_HEADING_CHARS = 40
KEEP_TOGETHER_ROWS = 15  # a table this short is kept on one page
ROW_HEIGHT_MM = 6.5


def _set_fonts(element: object, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Name the fonts of a run or style in every slot, East Asian included, and drop theme fonts."""
    _set_rfonts(element.get_or_add_rPr(), east_asia, latin)  # type: ignore[attr-defined]


def _set_rfonts(rpr: Any, east_asia: str, latin: str = LATIN_FONT) -> None:
    from docx.oxml.ns import qn

    fonts = set_property(rpr, "rFonts")
    for slot in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(slot), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:hint"), "eastAsia")


def _style(
    doc: DocumentObject, name: str, font: str, size: float, *, bold: bool = False, centred: bool = False
) -> ParagraphStyle:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    style = cast("ParagraphStyle", doc.styles[name])
    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):  # python-docx's Title is underlined in blue
        ppr.remove(border)
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    _set_fonts(style.element, font)
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PITCH_PT)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.JUSTIFY
    if size == BODY_PT:
        set_property(style.element.get_or_add_rPr(), "spacing", val=str(BODY_CHARACTER_SPACING))
    return style


def _first_line_indent(style: object, characters: int) -> None:
    """First-line indent in characters (公文 paragraphs and headings: 2; the title: none)."""

    ppr = style.element.get_or_add_pPr()  # type: ignore[attr-defined]
    set_property(ppr, "ind", firstLineChars=str(100 * characters), firstLine=str(characters * BODY_PT * 20))


def _page(doc: DocumentObject) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Mm

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(23)
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = sect_pr.makeelement(qn("w:docGrid"), {})
        sect_pr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    grid.attrib.pop(qn("w:charSpace"), None)


def _page_numbers(doc: DocumentObject) -> None:
    """``— N —`` in 宋体 四号: odd pages on the right, even pages on the left, one character in."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.alignment = alignment
        paragraph.paragraph_format.first_line_indent = None
        if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = Pt(PAGE_NUMBER_PT)
        else:
            paragraph.paragraph_format.left_indent = Pt(PAGE_NUMBER_PT)
        pieces: list[tuple[str, str | None]] = [("— ", None), ("begin", "PAGE"), (" —", None)]
        for text, field in pieces:
            if field is None:
                run = paragraph.add_run(text)
            else:
                run = paragraph.add_run()
                begin = OxmlElement("w:fldChar")
                begin.set(qn("w:fldCharType"), "begin")
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = f" {field} "
                separate = OxmlElement("w:fldChar")
                separate.set(qn("w:fldCharType"), "separate")
                number = OxmlElement("w:t")
                number.text = "1"
                end = OxmlElement("w:fldChar")
                end.set(qn("w:fldCharType"), "end")
                for element in (begin, instr, separate, number, end):
                    run._r.append(element)
            run.font.size = Pt(PAGE_NUMBER_PT)
            _set_fonts(run._r, PAGE_NUMBER_FONT)


def _paragraph(doc: DocumentObject, text: str, style: str) -> Paragraph:
    paragraph = doc.add_paragraph(style=style)
    _run(paragraph, text)
    return paragraph


def _run(paragraph: Paragraph, text: str, font: str | None = None) -> None:
    run = paragraph.add_run(xml_safe(text))
    style_font = {
        "Title": TITLE_FONT,
        "Heading 1": HEADING1_FONT,
        "Heading 2": HEADING2_FONT,
    }.get(paragraph.style.name if paragraph.style is not None else "", BODY_FONT)
    _set_fonts(run._r, font or style_font)


def split_paragraphs(text: str) -> list[str]:
    """Prose as typed in a cell: one paragraph per line, blank lines and stray spaces dropped."""
    return [line.strip() for line in re.split(r"\r\n|\r|\n", text) if line.strip()]


def split_level2(paragraph: str) -> tuple[str, str] | None:
    """``（一）主动公开情况。一是……`` -> (``（一）主动公开情况``, ``一是……``); None if no such heading."""
    if not _LEVEL2.match(unicodedata.normalize("NFKC", paragraph[:6])):
        return None
    for index, char in enumerate(paragraph[:MAX_HEADING_CHARS]):
        if char in _LEVEL2_END:
            return paragraph[:index], paragraph[index + 1 :].strip()
    if len(paragraph) <= MAX_HEADING_CHARS:
        return paragraph, ""
    return None


def _prose(doc: DocumentObject, text: str) -> None:
    for paragraph in split_paragraphs(text):
        heading = split_level2(paragraph)
        if heading is None:
            _paragraph(doc, paragraph, "Normal")
            continue
        title, rest = heading
        _paragraph(doc, title, "Heading 2")
        if rest:
            _paragraph(doc, rest, "Normal")


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

    def text(key: tuple[str, str, str]) -> str:
        if key in numbers:
            return format_number(numbers[key])
        cell = cells.get(key)
        if cell is None or is_blank(cell.raw):
            return ""
        return str(cell.raw)  # a --force'd document shows what the workbook holds

    return text


def _shade(cell: object, fill: str) -> None:
    set_property(cell._tc.get_or_add_tcPr(), "shd", val="clear", color="auto", fill=fill)  # type: ignore[attr-defined]


def _table(doc: DocumentObject, grid: Grid) -> Table:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Mm, Pt

    table: Table = doc.add_table(rows=grid.rows, cols=grid.cols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # table.cell() and row.cells rescan the whole table on every call: take the cells once.
    flat = table._cells
    cells = [flat[row * grid.cols : (row + 1) * grid.cols] for row in range(grid.rows)]
    for index, width in enumerate(grid.widths_mm):
        table.columns[index].width = Mm(width)
        for row_cells in cells:
            row_cells[index].width = Mm(width)
    for index, row in enumerate(table.rows):
        row.height = Mm(ROW_HEIGHT_MM)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        tr_pr = row._tr.get_or_add_trPr()
        set_property(tr_pr, "cantSplit")
        if index < grid.header_rows:
            set_property(tr_pr, "tblHeader")
    for spec in grid.cells:
        if spec.rowspan > 1 or spec.colspan > 1:
            cells[spec.row][spec.col].merge(cells[spec.row + spec.rowspan - 1][spec.col + spec.colspan - 1])
    for spec in grid.cells:
        cell = cells[spec.row][spec.col]
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        fmt = paragraph.paragraph_format
        set_property(paragraph._p.get_or_add_pPr(), "snapToGrid", val="0")
        fmt.keep_with_next = spec.row < grid.rows - 1 and (
            grid.rows <= KEEP_TOGETHER_ROWS or spec.row < grid.header_rows
        )
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        fmt.first_line_indent = Pt(0)
        fmt.space_before = fmt.space_after = Pt(0)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if spec.left else WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(xml_safe(spec.text))
        run.font.size = Pt(grid.font_pt)
        run.font.bold = spec.role in (Role.HEADER, Role.CAPTION) and grid.table.sectioned
        _set_fonts(run._r, TABLE_FONT)
        if spec.role is Role.CAPTION:
            _shade(cell, "F2F2F2")
    return table


def _failed_notice(doc: DocumentObject, result: Result) -> None:
    from docx.shared import Pt, RGBColor

    assert result.format is not None
    first = next((f for f in result.findings if str(f.severity) == "error"), None)
    text = (
        f"【未通过检查】本文档在 report-check 检查未通过的情况下强制生成：共 {result.errors} 个错误"
        + (f"，例如：{first.message(result.format)}" if first else "")
        + "正式发布前请改正工作簿并重新生成。"
    )
    paragraph = doc.add_paragraph(style="Normal")
    run = paragraph.add_run(xml_safe(text))
    run.font.bold = True
    run.font.size = Pt(12)
    run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    _set_fonts(run._r, BODY_FONT)


def _default_fonts(doc: DocumentObject) -> None:
    """The document defaults too, so that no text anywhere falls back to a theme's Latin or Japanese font."""
    from docx.oxml.ns import qn

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    assert defaults is not None
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert rpr is not None
    _set_rfonts(rpr, BODY_FONT)
    for lang in rpr.findall(qn("w:lang")):
        lang.set(qn("w:eastAsia"), "zh-CN")


def build_document(result: Result) -> DocumentObject:
    """The report as a python-docx document (before saving)."""
    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    assert result.values is not None and result.report is not None
    fmt: ReportFormat = result.format
    meta = result.values.metadata
    doc = Document()
    _page(doc)
    _default_fonts(doc)
    _first_line_indent(_style(doc, "Normal", BODY_FONT, BODY_PT), 2)
    _first_line_indent(_style(doc, "Title", TITLE_FONT, TITLE_PT, centred=True), 0)
    for name, font in (("Heading 1", HEADING1_FONT), ("Heading 2", HEADING2_FONT)):
        heading = _style(doc, name, font, BODY_PT)
        heading.paragraph_format.keep_with_next = True
        _first_line_indent(heading, 2)
    _page_numbers(doc)

    title = f"{meta.org_name or ''}{meta.year or ''}年政府信息公开工作年度报告"
    title_paragraph = doc.add_paragraph(style="Title")
    _run(title_paragraph, meta.org_name or "")
    if meta.org_name:
        title_paragraph.runs[-1].add_break()  # the organ on the first line, as published
    _run(title_paragraph, f"{meta.year or ''}年政府信息公开工作年度报告")
    doc.add_paragraph(style="Normal")
    if not result.valid:
        _failed_notice(doc, result)
    _prose(doc, preamble(result))

    value_text = _value_text(result)
    prose = result.values.prose
    sections = dict(zip(("s1", "t2", "t3", "t4", "s5", "s6"), fmt.sections, strict=True))
    for key, heading_text in sections.items():
        section_heading = doc.add_paragraph(style="Heading 1")
        _run(section_heading, heading_text)
        if key.startswith("t"):
            _table(doc, table_grid(fmt.table(key), value_text))
        else:
            _prose(doc, prose.get(key, ""))

    props = doc.core_properties
    props.title = title
    props.author = meta.org_name or ""
    props.last_modified_by = "report-check"
    props.created = props.modified = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1
    props.comments = f"{fmt.version} 年格式（{fmt.basis}）"
    for rel_id, rel in list(doc.part.package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # the blank page of python-docx's template: not this document
            del doc.part.package.rels[rel_id]
    return doc


def render_docx(result: Result) -> bytes:
    """The document's bytes: the same workbook always gives the same bytes."""
    buffer = io.BytesIO()
    build_document(result).save(buffer)
    return reproducible_zip(buffer.getvalue())
