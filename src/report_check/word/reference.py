"""The Word report built through python-docx: the reference the direct writer is tested against.

:mod:`.document` writes the document's XML directly (a few milliseconds); this
module draws the same :class:`~.content.Content` with python-docx's API on the
same package (python-docx adds the paragraphs and tables, formats the runs and
merges the cells), as pandera's ``validate()`` is kept beside the direct rule
evaluation.  The tests require both to give the same document, part by part.
It is slow (python-docx merges cells one by one): not for production use.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from ..check import Result
from .content import Para, Run, report_content
from .grid import CELL_MARGIN_TWIPS, ROW_HEIGHT_TWIPS, TEXT_WIDTH_TWIPS, Grid, GridCell
from .ooxml import set_property
from .package import NORMAL, STYLE_NAMES, TABLE_TEXT, app_xml, core_xml, package

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from docx.text.paragraph import Paragraph

__all__ = ["build_document", "render_reference"]


def _run(paragraph: Paragraph, spec: Run) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run = paragraph.add_run(spec.text)
    fonts = set_property(run._r.get_or_add_rPr(), "rFonts")
    for slot, font in (("ascii", None), ("hAnsi", None), ("eastAsia", spec.font), ("cs", None)):
        fonts.set(qn(f"w:{slot}"), font or "Times New Roman")
    fonts.set(qn("w:hint"), "eastAsia")
    if spec.bold:
        run.font.bold = True
    if spec.colour:
        run.font.color.rgb = RGBColor.from_string(spec.colour)
    if spec.pt:
        run.font.size = Pt(spec.pt)
        set_property(run._r.get_or_add_rPr(), "szCs", val=str(round(spec.pt * 2)))
    if spec.line_break:
        run.add_break()


def _paragraph(doc: DocumentObject, para: Para) -> None:
    style = None if para.style == NORMAL else doc.styles[STYLE_NAMES[para.style]]
    paragraph = doc.add_paragraph(style=style)
    for spec in para.runs:
        _run(paragraph, spec)


def _table(doc: DocumentObject, grid: Grid) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Twips
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

    table = doc.add_table(rows=grid.rows, cols=grid.cols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    set_property(table._tbl.tblPr, "tblW", w=str(TEXT_WIDTH_TWIPS), type="dxa")
    margins = set_property(table._tbl.tblPr, "tblCellMar")
    for side, width in (("top", 0), ("left", CELL_MARGIN_TWIPS), ("bottom", 0), ("right", CELL_MARGIN_TWIPS)):
        margin = margins.makeelement(qn(f"w:{side}"), {qn("w:w"): str(width), qn("w:type"): "dxa"})
        margins.append(margin)
    flat = table._cells  # table.cell() rescans the table on every call
    cells = [flat[row * grid.cols : (row + 1) * grid.cols] for row in range(grid.rows)]
    for index, width in enumerate(grid.widths):
        table.columns[index].width = Twips(width)
        for row_cells in cells:
            row_cells[index].width = Twips(width)
    for index, row in enumerate(table.rows):
        row.height = Twips(ROW_HEIGHT_TWIPS)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        tr_pr = row._tr.get_or_add_trPr()
        set_property(tr_pr, "cantSplit")
        if index < grid.header_rows:
            set_property(tr_pr, "tblHeader")
    for spec in grid.cells:
        if spec.rowspan > 1 or spec.colspan > 1:
            cells[spec.row][spec.col].merge(cells[spec.row + spec.rowspan - 1][spec.col + spec.colspan - 1])

    starts: dict[tuple[int, int], GridCell] = {(spec.row, spec.col): spec for spec in grid.cells}
    table_text = doc.styles[STYLE_NAMES[TABLE_TEXT]]
    for row_index, tr in enumerate(table._tbl.tr_lst):
        col = 0
        for tc in tr.tc_lst:
            cell: Any = _Cell(tc, table)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = Paragraph(tc.p_lst[0], cell)
            paragraph.style = table_text
            if grid.keep_with_next[row_index]:
                paragraph.paragraph_format.keep_with_next = True
            zero = {f"{side}{unit}": "0" for side in ("left", "right", "firstLine") for unit in ("", "Chars")}
            set_property(paragraph._p.get_or_add_pPr(), "ind", **zero)
            start = starts.get((row_index, col))
            if start is not None:
                if start.left:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
                if start.text:
                    _run(paragraph, Run(start.text, pt=grid.pt))
            col += tc.grid_span


def build_document(result: Result) -> DocumentObject:
    """The report as a python-docx document (before saving), on the package of :mod:`.package`."""
    from docx import Document

    content = report_content(result)
    core = core_xml(content.title, content.author, content.description, content.date)
    doc = Document(io.BytesIO(package("", content.layout.pt, core, app_xml(content.author))))
    for block in content.blocks:
        if isinstance(block, Para):
            _paragraph(doc, block)
        else:
            _table(doc, content.layout.grid(block))
    return doc


def render_reference(result: Result) -> bytes:
    """The reference document's bytes (python-docx's own zip)."""
    buffer = io.BytesIO()
    build_document(result).save(buffer)
    return buffer.getvalue()
