"""Workbooks of plain tables (汇总.xlsx), written directly as SpreadsheetML.

Each sheet is a header row and rows of values: bold header on a blue fill, frozen,
with filters; columns sized; long texts wrapped; one cell of a row may be coloured;
set up to print on A4 landscape, as wide as the page, the header on every page.
About twenty times faster than openpyxl's write-only mode (0.45 s for a batch of
1,000), which kept the main process busy while the workers waited.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..cellref import column_letters
from ..outputs import entry, zip_bytes
from ..xmltext import escape, xml_safe

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
HEADER_FILL = "D9E1F2"
# Printing: A4 landscape, as wide as the page (the header row repeats through _xlnm.Print_Titles).
PRINT_SETUP = (
    '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
    '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
)
WRAP_FROM = 30  # a column at least this wide wraps its longer texts
# Cell formats of styles.xml, by index.
PLAIN, HEADER, WRAPPED = 0, 1, 2
FONT = '<sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/>'


@dataclass
class Sheet:
    title: str
    header: Sequence[str]
    widths: Sequence[int]
    rows: list[list[object]] = field(default_factory=list)
    # (column index, fill colour) of the one cell of a row to colour, or None
    colour: Callable[[list[object]], tuple[int, str] | None] = lambda row: None


def _cell(ref: str, value: object, style: int) -> str:
    s = f' s="{style}"' if style else ""
    if value is None or value == "":
        return f'<c r="{ref}"{s}/>' if style else ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    text = escape(xml_safe(str(value)))
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _sheet_xml(sheet: Sheet, fills: dict[str, int], first: bool) -> str:
    letters = [column_letters(i) for i in range(1, len(sheet.header) + 1)]
    wide = {i for i, width in enumerate(sheet.widths) if width >= WRAP_FROM}
    head = "".join(_cell(f"{letter}1", text, HEADER) for letter, text in zip(letters, sheet.header, strict=True))
    rows = [f'<row r="1">{head}</row>']
    for number, row in enumerate(sheet.rows, start=2):
        marked = sheet.colour(row)
        cells = []
        for index, value in enumerate(row):
            style = PLAIN
            if marked is not None and marked[0] == index:
                style = fills[marked[1]]
            elif index in wide and isinstance(value, str) and len(value) > sheet.widths[index] // 2:
                style = WRAPPED
            cells.append(_cell(f"{letters[index]}{number}", value, style))
        rows.append(f'<row r="{number}">{"".join(cells)}</row>')
    last = f"{letters[-1]}{len(sheet.rows) + 1}"
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(sheet.widths, 1))
    selected = ' tabSelected="1"' if first else ""
    return (
        f'{_DECL}<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        f'<dimension ref="A1:{last}"/><sheetViews><sheetView{selected} workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>{"".join(rows)}</sheetData>'
        f'<autoFilter ref="A1:{last}"/>{PRINT_SETUP}</worksheet>'
    )


def _styles(colours: list[str]) -> str:
    solid = [HEADER_FILL, *colours]
    fills = '<fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' + "".join(
        f'<fill><patternFill patternType="solid"><fgColor rgb="FF{rgb}"/><bgColor indexed="64"/></patternFill></fill>'
        for rgb in solid
    )
    xfs = [
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
        '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1">'
        '<alignment horizontal="center" vertical="center"/></xf>',
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
        '<alignment vertical="top" wrapText="1"/></xf>',
        *(
            f'<xf numFmtId="0" fontId="0" fillId="{3 + i}" borderId="0" xfId="0" applyFill="1"/>'
            for i in range(len(colours))
        ),
    ]
    return (
        f'{_DECL}<styleSheet xmlns="{MAIN}"><fonts count="2"><font>{FONT}</font><font><b/>{FONT}</font></fonts>'
        f'<fills count="{len(solid) + 2}">{fills}</fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    )


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def workbook_bytes(sheets: list[Sheet], colours: Sequence[str]) -> bytes:
    """The .xlsx of ``sheets``; ``colours`` are the fills a row's cell may be given."""
    fills = {rgb: 3 + i for i, rgb in enumerate(colours)}
    names, rels, types, parts = [], [], [], []
    for index, sheet in enumerate(sheets):
        number = index + 1
        part = f"xl/worksheets/sheet{number}.xml"
        parts.append(entry(part, _sheet_xml(sheet, fills, index == 0), level=6))
        rels.append(f'<Relationship Id="rId{number}" Type="{REL}/worksheet" Target="worksheets/sheet{number}.xml"/>')
        types.append(
            f'<Override PartName="/{part}" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        )
        last = f"${column_letters(len(sheet.header))}${len(sheet.rows) + 1}"
        names.append(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{index}" hidden="1">'
            f"{escape(_quoted(sheet.title))}!$A$1:{last}</definedName>"
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{index}">{escape(_quoted(sheet.title))}!$1:$1'
            "</definedName>"
        )
    styles_id = len(sheets) + 1
    sheet_list = "".join(
        f'<sheet name="{escape(sheet.title, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
        for i, sheet in enumerate(sheets, start=1)
    )
    workbook = (
        f'{_DECL}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><bookViews><workbookView activeTab="0"/></bookViews>'
        f"<sheets>{sheet_list}</sheets><definedNames>{''.join(names)}</definedNames></workbook>"
    )
    sheet_ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    content_types = (
        f'{_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{sheet_ct}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{sheet_ct}.styles+xml"/>{"".join(types)}</Types>'
    )
    package_rels = (
        f'{_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    workbook_rels = (
        f'{_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'{"".join(rels)}<Relationship Id="rId{styles_id}" Type="{REL}/styles" Target="styles.xml"/></Relationships>'
    )
    return zip_bytes(
        [
            entry("[Content_Types].xml", content_types),
            entry("_rels/.rels", package_rels),
            entry("xl/workbook.xml", workbook),
            entry("xl/_rels/workbook.xml.rels", workbook_rels),
            entry("xl/styles.xml", _styles(list(colours))),
            *parts,
        ]
    )
