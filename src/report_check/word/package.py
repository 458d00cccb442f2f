"""The parts of the .docx package that do not depend on the report, and the zip that holds them.

Styles, settings, font table, theme, footers, content types and relationships are
written here, from the GB/T 9704-2012 constants, once; both Word writers (the
direct one in :mod:`.document` and the python-docx reference in :mod:`.reference`)
use them.  The unchanging parts are compressed once per process.
"""

from __future__ import annotations

from functools import cache

from ..outputs import Entry, entry, zip_bytes
from ..xmltext import escape, xml_safe
from .grid import CELL_MARGIN_TWIPS

# GB/T 9704-2012: fonts and sizes (points).
TITLE_FONT, TITLE_PT = "方正小标宋简体", 22  # 二号
BODY_FONT, BODY_PT = "仿宋_GB2312", 16  # 三号
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT, PAGE_NUMBER_PT = "宋体", 14  # 四号, digits too (半角宋体)
TABLE_FONT = BODY_FONT
LATIN_FONT = "Times New Roman"
# 22 lines in the 225 mm text block (28.95 pt); Word, WPS and LibreOffice all honour a line grid.
LINE_PITCH_TWIPS = 579
# 28 characters in the 156 mm line: 三号 (16 pt) characters condensed by 0.25 pt (w:spacing, in 1/20 pt).
# A character grid would do the same in Word but spreads characters in LibreOffice and in tables.
BODY_CHARACTER_SPACING = -5
# A4 and the margins of GB/T 9704 (twips): top 37 mm, bottom 35, left 28, right 26; footer 23 mm from the
# edge, so that the page number sits 7 mm below the text block.
PAGE_W, PAGE_H = 11906, 16838
MARGINS = {"top": 2098, "right": 1474, "bottom": 1984, "left": 1587, "header": 851, "footer": 1304, "gutter": 0}

# Paragraph styles: (id, name shown in Word).
NORMAL, TITLE, HEADING1, HEADING2 = "Normal", "Title", "Heading1", "Heading2"
TABLE_TEXT, PAGE_NUMBER = "TableText", "PageNumber"
STYLE_NAMES = {
    NORMAL: "Normal",
    TITLE: "Title",
    HEADING1: "heading 1",
    HEADING2: "heading 2",
    TABLE_TEXT: "表格文字",
    PAGE_NUMBER: "页码",
}
STYLE_FONTS = {NORMAL: BODY_FONT, TITLE: TITLE_FONT, HEADING1: HEADING1_FONT, HEADING2: HEADING2_FONT}

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_W = f'xmlns:w="{W_NS}"'
_WR = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'

FOOTER_ODD, FOOTER_EVEN = "rId5", "rId6"
SECT_PR = (
    f'<w:sectPr><w:footerReference w:type="even" r:id="{FOOTER_EVEN}"/>'
    f'<w:footerReference w:type="default" r:id="{FOOTER_ODD}"/>'
    f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
    "<w:pgMar " + " ".join(f'w:{side}="{value}"' for side, value in MARGINS.items()) + "/>"
    f'<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="{LINE_PITCH_TWIPS}"/></w:sectPr>'
)

# The fonts used, with what lets Word and WPS substitute sensibly where one is missing: the name the font is
# also known by, its PANOSE class, character set 86 (GB2312), family, pitch and Unicode/code-page ranges.
FONTS = (
    (LATIN_FONT, "", "02020603050405020304", "00", "roman", "variable",
     ("E0002EFF", "C000785B", "00000009", "00000000", "000001FF", "00000000")),
    (PAGE_NUMBER_FONT, "SimSun", "02010600030101010101", "86", "auto", "variable",
     ("00000003", "288F0000", "00000016", "00000000", "00040001", "00000000")),
    (BODY_FONT, "仿宋", "02010609030101010101", "86", "modern", "fixed",
     ("00000001", "080E0000", "00000010", "00000000", "00040000", "00000000")),
    (HEADING2_FONT, "楷体", "02010609030101010101", "86", "modern", "fixed",
     ("00000001", "080E0000", "00000010", "00000000", "00040000", "00000000")),
    (HEADING1_FONT, "SimHei", "02010609060101010101", "86", "modern", "fixed",
     ("800002BF", "38CF7CFA", "00000016", "00000000", "00040001", "00000000")),
    (TITLE_FONT, "方正小标宋_GBK", "02000000000000000000", "86", "auto", "variable",
     ("00000001", "08000000", "00000000", "00000000", "00040000", "00000000")),
)  # fmt: skip


def text(value: str) -> str:
    """Text for an XML element or attribute: escaped, without the characters XML cannot hold."""
    return escape(xml_safe(value), {'"': "&quot;"})


@cache
def rfonts(east_asia: str, latin: str = LATIN_FONT) -> str:
    """The fonts of a run or style in every slot, the Chinese one in the East Asian slot."""
    return f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}" w:hint="eastAsia"/>'


def _size(pt: float) -> str:
    half = round(pt * 2)
    return f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'


def indent(left: int = 0, left_chars: int = 0, right: int = 0, right_chars: int = 0) -> str:
    """``w:ind`` with every attribute given, so that nothing is inherited: no first-line indent."""
    return (
        f'<w:ind w:left="{left}" w:leftChars="{left_chars}" w:right="{right}" w:rightChars="{right_chars}" '
        'w:firstLine="0" w:firstLineChars="0"/>'
    )


NO_INDENT = indent()


def _paragraph_style(style_id: str, body: str, *, based_on: bool = True, custom: bool = False) -> str:
    attrs = ' w:customStyle="1"' if custom else (' w:default="1"' if style_id == NORMAL else "")
    chain = f'<w:basedOn w:val="{NORMAL}"/><w:next w:val="{NORMAL}"/>' if based_on else ""
    return (
        f'<w:style w:type="paragraph"{attrs} w:styleId="{style_id}"><w:name w:val="{STYLE_NAMES[style_id]}"/>'
        f"{chain}<w:qFormat/>{body}</w:style>"
    )


def cell_margins() -> str:
    """The margins of every table cell (in the table style and, for any reader, in each table too)."""
    return (
        f'<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/>'
        f'<w:bottom w:w="0" w:type="dxa"/><w:right w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/></w:tblCellMar>'
    )


def styles_xml(table_pt: float) -> str:
    """styles.xml: the body, title, headings, table text and page number; tables in ``table_pt`` points.

    Body paragraphs and headings are indented two characters (``firstLineChars``, with the same
    indent in twips for programs that ignore character units); the title, table cells and page
    numbers have styles of their own that set every indent to zero, so that nothing inherits the
    body's indent (in Word a non-zero character unit beats its twip twin through the style chain).
    """
    exact = f'<w:spacing w:line="{LINE_PITCH_TWIPS}" w:lineRule="exact"/>'
    single = '<w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/>'
    body_indent = f'<w:ind w:firstLineChars="200" w:firstLine="{2 * BODY_PT * 20}"/>'
    styles = [
        _paragraph_style(
            NORMAL,
            f'<w:pPr>{exact}{body_indent}<w:jc w:val="both"/></w:pPr>'
            f'<w:rPr>{rfonts(BODY_FONT)}<w:spacing w:val="{BODY_CHARACTER_SPACING}"/>{_size(BODY_PT)}</w:rPr>',
            based_on=False,
        ),
        _paragraph_style(
            TITLE,
            f'<w:pPr>{NO_INDENT}<w:jc w:val="center"/></w:pPr>'
            f'<w:rPr>{rfonts(TITLE_FONT)}<w:spacing w:val="0"/>{_size(TITLE_PT)}</w:rPr>',
        ),
        _paragraph_style(
            HEADING1,
            f'<w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr>{rfonts(HEADING1_FONT)}</w:rPr>',
        ),
        _paragraph_style(
            HEADING2,
            f'<w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr><w:rPr>{rfonts(HEADING2_FONT)}</w:rPr>',
        ),
        _paragraph_style(
            TABLE_TEXT,
            f'<w:pPr>{single}{NO_INDENT}<w:jc w:val="center"/></w:pPr>'
            f"<w:rPr>{rfonts(TABLE_FONT)}{_size(table_pt)}</w:rPr>",
            based_on=False,
            custom=True,
        ),
        _paragraph_style(
            PAGE_NUMBER,
            f"<w:pPr>{single}{NO_INDENT}</w:pPr>"
            f"<w:rPr>{rfonts(PAGE_NUMBER_FONT, PAGE_NUMBER_FONT)}{_size(PAGE_NUMBER_PT)}</w:rPr>",
            based_on=False,
            custom=True,
        ),
    ]
    border = '"single" w:sz="4" w:space="0" w:color="auto"'
    borders = "".join(
        f"<w:{side} w:val={border}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    margins = cell_margins()
    tables = (
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>'
        f"<w:tblPr><w:tblBorders>{borders}</w:tblBorders>{margins}</w:tblPr></w:style>"
    )
    defaults = (
        f"<w:docDefaults><w:rPrDefault><w:rPr>{rfonts(BODY_FONT)}{_size(BODY_PT)}"
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>'
    )
    return f"{_DECL}<w:styles {_W}>{defaults}{''.join(styles)}{tables}</w:styles>"


SETTINGS_XML = (
    f'{_DECL}<w:settings {_W}><w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>'
    '<w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:useFELayout/>'
    + "".join(
        f'<w:compatSetting w:name="{name}" w:uri="http://schemas.microsoft.com/office/word" w:val="{value}"/>'
        for name, value in (
            ("compatibilityMode", "15"),
            ("overrideTableStyleFontSizeAndJustification", "1"),
            ("enableOpenTypeFeatures", "1"),
            ("doNotFlipMirrorIndents", "1"),
        )
    )
    + '</w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
    '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
)

FONT_TABLE_XML = (
    f"{_DECL}<w:fonts {_W}>"
    + "".join(
        f'<w:font w:name="{name}">'
        + (f'<w:altName w:val="{alt}"/>' if alt else "")
        + f'<w:panose1 w:val="{panose}"/><w:charset w:val="{charset}"/><w:family w:val="{family}"/>'
        f'<w:pitch w:val="{pitch}"/><w:sig w:usb0="{sig[0]}" w:usb1="{sig[1]}" w:usb2="{sig[2]}" '
        f'w:usb3="{sig[3]}" w:csb0="{sig[4]}" w:csb1="{sig[5]}"/></w:font>'
        for name, alt, panose, charset, family, pitch, sig in FONTS
    )
    + "</w:fonts>"
)


def _theme() -> str:
    colours = (
        ("dk1", '<a:sysClr val="windowText" lastClr="000000"/>'),
        ("lt1", '<a:sysClr val="window" lastClr="FFFFFF"/>'),
        *(
            (name, f'<a:srgbClr val="{rgb}"/>')
            for name, rgb in (
                ("dk2", "44546A"),
                ("lt2", "E7E6E6"),
                ("accent1", "4472C4"),
                ("accent2", "ED7D31"),
                ("accent3", "A5A5A5"),
                ("accent4", "FFC000"),
                ("accent5", "5B9BD5"),
                ("accent6", "70AD47"),
                ("hlink", "0563C1"),
                ("folHlink", "954F72"),
            )
        ),
    )
    scheme = "".join(f"<a:{name}>{colour}</a:{name}>" for name, colour in colours)
    fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = f'<a:ln w="6350">{fill}</a:ln>'

    def font(east_asia: str) -> str:
        return (
            f'<a:latin typeface="{LATIN_FONT}"/><a:ea typeface=""/><a:cs typeface=""/>'
            f'<a:font script="Hans" typeface="{east_asia}"/>'
        )

    return (
        f'{_DECL}<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office">'
        f'<a:themeElements><a:clrScheme name="Office">{scheme}</a:clrScheme>'
        f'<a:fontScheme name="Office"><a:majorFont>{font(HEADING1_FONT)}</a:majorFont>'
        f"<a:minorFont>{font(BODY_FONT)}</a:minorFont></a:fontScheme>"
        f'<a:fmtScheme name="Office"><a:fillStyleLst>{fill * 3}</a:fillStyleLst>'
        f"<a:lnStyleLst>{line * 3}</a:lnStyleLst>"
        f"<a:effectStyleLst>{'<a:effectStyle><a:effectLst/></a:effectStyle>' * 3}</a:effectStyleLst>"
        f"<a:bgFillStyleLst>{fill * 3}</a:bgFillStyleLst></a:fmtScheme></a:themeElements>"
        "<a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
    )


def page_number_paragraph(odd: bool) -> str:
    """``— N —``: odd pages flush right with one character (四号) of space, even pages flush left."""
    side = "right" if odd else "left"
    one_character = {side: PAGE_NUMBER_PT * 20, f"{side}_chars": 100}
    run = f"<w:r><w:rPr>{rfonts(PAGE_NUMBER_FONT, PAGE_NUMBER_FONT)}{_size(PAGE_NUMBER_PT)}</w:rPr>"
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{PAGE_NUMBER}"/>'
        f'{indent(**one_character)}<w:jc w:val="{side}"/></w:pPr>'
        f'{run}<w:t xml:space="preserve">— </w:t></w:r>'
        f'{run}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'{run}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'{run}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run}<w:t>1</w:t></w:r>"
        f'{run}<w:fldChar w:fldCharType="end"/></w:r>'
        f'{run}<w:t xml:space="preserve"> —</w:t></w:r></w:p>'
    )


def _footer(odd: bool) -> str:
    return f"{_DECL}<w:ftr {_WR}>{page_number_paragraph(odd)}</w:ftr>"


_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_OVERRIDES = {
    "/docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
    "/word/document.xml": f"{_MAIN}.document.main+xml",
    "/word/fontTable.xml": f"{_MAIN}.fontTable+xml",
    "/word/footer1.xml": f"{_MAIN}.footer+xml",
    "/word/footer2.xml": f"{_MAIN}.footer+xml",
    "/word/settings.xml": f"{_MAIN}.settings+xml",
    "/word/styles.xml": f"{_MAIN}.styles+xml",
    "/word/theme/theme1.xml": "application/vnd.openxmlformats-officedocument.theme+xml",
}
CONTENT_TYPES_XML = (
    f'{_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    + "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in _OVERRIDES.items())
    + "</Types>"
)
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ROOT_RELS_XML = (
    f'{_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/></Relationships>'
)
DOCUMENT_RELS_XML = (
    f'{_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/fontTable" Target="fontTable.xml"/>'
    f'<Relationship Id="rId4" Type="{_REL}/theme" Target="theme/theme1.xml"/>'
    f'<Relationship Id="{FOOTER_ODD}" Type="{_REL}/footer" Target="footer1.xml"/>'
    f'<Relationship Id="{FOOTER_EVEN}" Type="{_REL}/footer" Target="footer2.xml"/></Relationships>'
)


def document_xml(body: str) -> str:
    return f"{_DECL}<w:document {_WR}><w:body>{body}{SECT_PR}</w:body></w:document>"


def core_xml(title: str, author: str, description: str, date: str | None) -> str:
    """Document properties true to the report: its title, the organ as author, its publication date if known."""
    dates = "".join(
        f'<dcterms:{name} xsi:type="dcterms:W3CDTF">{date}T00:00:00Z</dcterms:{name}>'
        for name in ("created", "modified")
        if date
    )
    return (
        f'{_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{text(title)}</dc:title><dc:creator>{text(author)}</dc:creator>"
        f"<cp:lastModifiedBy>report-check</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f"<dc:description>{text(description)}</dc:description><dc:language>zh-CN</dc:language>"
        f"{dates}</cp:coreProperties>"
    )


def app_xml(company: str) -> str:
    return (
        f'{_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Application>report-check</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        f"<Company>{text(company)}</Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
    )


@cache
def static_entries(table_pt: float) -> tuple[list[Entry], list[Entry]]:
    """The parts that do not change, compressed once: those before document.xml, and those after it."""
    before = [entry("[Content_Types].xml", CONTENT_TYPES_XML), entry("_rels/.rels", ROOT_RELS_XML)]
    after = [
        entry("word/_rels/document.xml.rels", DOCUMENT_RELS_XML),
        entry("word/styles.xml", styles_xml(table_pt)),
        entry("word/settings.xml", SETTINGS_XML),
        entry("word/fontTable.xml", FONT_TABLE_XML),
        entry("word/theme/theme1.xml", _theme()),
        entry("word/footer1.xml", _footer(odd=True)),
        entry("word/footer2.xml", _footer(odd=False)),
    ]
    return before, after


def package(body: str, table_pt: float, core: str, app: str) -> bytes:
    """The .docx: the document's body and properties with the unchanging parts."""
    before, after = static_entries(table_pt)
    return zip_bytes(
        [
            *before,
            entry("word/document.xml", document_xml(body), level=1),
            *after,
            entry("docProps/core.xml", core),
            entry("docProps/app.xml", app),
        ]
    )
