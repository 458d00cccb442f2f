"""The annual report as a .docx: GB/T 9704-2012 page and type, the six sections, the three tables.

Input is a checked :class:`~report_check.check.Result`; output is the bytes of a
document that is the same for the same workbook (fixed properties, no times).
The document's body is written directly as WordprocessingML, about 300 text
slots into a fixed layout, and packed with the unchanging parts compressed once
(:mod:`.package`); :mod:`.reference` builds the same document through
python-docx, and the tests require the two to agree.
"""

from __future__ import annotations

from functools import lru_cache

from ..check import Result
from ..format import FORMATS, TableSpec
from .content import Content, Para, Run, report_content
from .grid import ROW_HEIGHT_TWIPS, TEXT_WIDTH_TWIPS, Grid, GridCell, Key, table_grid
from .package import NO_INDENT, NORMAL, TABLE_TEXT, app_xml, cell_margins, core_xml, package, rfonts, text

__all__ = ["body_xml", "render_docx", "table_xml"]

TABLE_LOOK = (
    '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
    'w:noHBand="0" w:noVBand="1"/>'
)


def run_xml(run: Run) -> str:
    props = rfonts(run.font)
    if run.bold:
        props += "<w:b/>"
    if run.colour:
        props += f'<w:color w:val="{run.colour}"/>'
    if run.pt:
        half = round(run.pt * 2)
        props += f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
    body = ""
    if run.text:
        space = ' xml:space="preserve"' if run.text != run.text.strip() else ""
        body = f"<w:t{space}>{text(run.text)}</w:t>"
    if run.line_break:
        body += "<w:br/>"
    return f"<w:r><w:rPr>{props}</w:rPr>{body}</w:r>"


def paragraph_xml(para: Para) -> str:
    style = "" if para.style == NORMAL else f'<w:pPr><w:pStyle w:val="{para.style}"/></w:pPr>'
    return f"<w:p>{style}{''.join(run_xml(run) for run in para.runs)}</w:p>"


@lru_cache(maxsize=64)
def _cell_properties(left: bool, keep: bool) -> str:
    """A table cell's paragraph properties.

    Its indents are given directly too, not only by its style (and its runs carry their type size):
    whatever reads the document, no cell takes the body's indent, and every number's size is plain."""
    props = f'<w:pStyle w:val="{TABLE_TEXT}"/>' + ("<w:keepNext/>" if keep else "") + NO_INDENT
    if left:
        props += '<w:jc w:val="left"/>'
    return f"<w:pPr>{props}</w:pPr>"


@lru_cache(maxsize=4096)
def _value_run(value: str, pt: float) -> str:
    return run_xml(Run(value, pt=pt)) if value else ""


def table_parts(grid: Grid) -> list[str | Key]:
    """A table of the grid as XML text, with the key of each value where its run goes.

    Fixed column widths, merged cells, header rows repeated, rows kept whole (and with the next where
    the grid says so)."""
    # (row, col) -> (the cell that covers it, whether it starts there rather than continues from above)
    slots: dict[tuple[int, int], tuple[GridCell, bool]] = {}
    for cell in grid.cells:
        for row in range(cell.row, cell.row + cell.rowspan):
            slots[(row, cell.col)] = (cell, row == cell.row)
    out: list[str | Key] = [
        f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{TEXT_WIDTH_TWIPS}" w:type="dxa"/>'
        f'<w:jc w:val="center"/><w:tblLayout w:type="fixed"/>{cell_margins()}{TABLE_LOOK}</w:tblPr><w:tblGrid>'
        + "".join(f'<w:gridCol w:w="{width}"/>' for width in grid.widths)
        + "</w:tblGrid>"
    ]
    for row in range(grid.rows):
        keep = grid.keep_with_next[row]
        header = "<w:tblHeader/>" if row < grid.header_rows else ""
        out.append(
            f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{ROW_HEIGHT_TWIPS}" w:hRule="atLeast"/>{header}</w:trPr>'
        )
        col = 0
        while col < grid.cols:
            cell, first = slots[(row, col)]
            props = f'<w:tcW w:w="{grid.width_of(cell)}" w:type="dxa"/>'
            if cell.colspan > 1:
                props += f'<w:gridSpan w:val="{cell.colspan}"/>'
            if cell.rowspan > 1:
                props += '<w:vMerge w:val="restart"/>' if first else "<w:vMerge/>"
            props += '<w:vAlign w:val="center"/>'
            out.append(f"<w:tc><w:tcPr>{props}</w:tcPr><w:p>{_cell_properties(first and cell.left, keep)}")
            if first and cell.key is not None:
                out.append(cell.key)
            elif first and cell.text:
                out.append(_value_run(cell.text, grid.pt))
            out.append("</w:p></w:tc>")
            col += cell.colspan
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return out


def table_xml(grid: Grid) -> str:
    """The table of the grid, its values as the grid gives them."""
    texts = {cell.key: cell.text for cell in grid.cells if cell.key is not None}
    return "".join(part if isinstance(part, str) else _value_run(texts[part], grid.pt) for part in table_parts(grid))


@lru_cache(maxsize=256)
def _template(version: str, table_id: str, pt: float, widths: tuple[int, ...]) -> tuple[list[str], list[Key]]:
    """A table's XML cut at its values: the text around them, and the values' keys in order.

    The layout is fixed but for the type size and table 三's column widths, so a report's tables are
    this text with its values put in (made once per layout)."""
    grid = table_grid(FORMATS[version].table(table_id), lambda key: "", pt, list(widths))
    around, keys, pending = [], [], []
    for part in table_parts(grid):
        if isinstance(part, str):
            pending.append(part)
        else:
            around.append("".join(pending))
            keys.append(part)
            pending = []
    around.append("".join(pending))
    return around, keys


def _filled_table(content: Content, table: TableSpec) -> str:
    layout = content.layout
    around, keys = _template(content.version, table.id, layout.pt, tuple(layout.widths[table.id]))
    out = [around[0]]
    for key, after in zip(keys, around[1:], strict=True):
        out.append(_value_run(layout.texts[key], layout.pt))
        out.append(after)
    return "".join(out)


def body_xml(content: Content) -> str:
    return "".join(
        paragraph_xml(block) if isinstance(block, Para) else _filled_table(content, block) for block in content.blocks
    )


def render_docx(result: Result) -> bytes:
    """The document's bytes: the same workbook always gives the same bytes."""
    content = report_content(result)
    return package(
        body_xml(content),
        content.layout.pt,
        core_xml(content.title, content.author, content.description, content.date),
        app_xml(content.author),
    )
