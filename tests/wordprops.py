"""Paragraph and run properties of a .docx as Word resolves them (a test helper).

Word computes a paragraph's properties from, in order: the document defaults, the
table style (for a paragraph in a table), the paragraph style and the styles it is
based on (from the root of the chain down), and the paragraph's own formatting;
a run's from the document defaults, the table style, the paragraph style chain,
the run's style chain and its own formatting (ECMA-376 Part 1, 17.7.2).  Each level
overrides the one before attribute by attribute: ``<w:ind w:firstLine="0"/>`` on a
paragraph does not remove a ``w:firstLineChars="200"`` it inherits, and a non-zero
character-unit attribute (``firstLineChars``, ``leftChars``, ``rightChars``,
``hangingChars``) beats its twip twin.  LibreOffice ignores character units, which
is why a picture rendered with it proves nothing about these indents.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
MERGED = ("ind", "spacing", "rFonts", "lang")  # elements merged attribute by attribute; others replace


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


Props = dict[str, dict[str, str]]  # element name -> attributes (local names); a toggle has {"val": ...}


def _merge(base: Props, element: etree._Element | None) -> Props:
    if element is None:
        return base
    out = {name: dict(attrs) for name, attrs in base.items()}
    for child in element:
        name = _local(child.tag)
        if name in ("rPr", "sectPr", "pPrChange", "rPrChange"):
            continue
        attrs = {_local(key): value for key, value in child.attrib.items()}
        if name in MERGED and name in out:
            out[name].update(attrs)
        else:
            out[name] = attrs
    return out


@dataclass
class Style:
    id: str
    kind: str
    based_on: str | None
    ppr: etree._Element | None
    rpr: etree._Element | None
    tblpr: etree._Element | None


@dataclass
class Styles:
    styles: dict[str, Style] = field(default_factory=dict)
    default: dict[str, str] = field(default_factory=dict)  # kind -> id of the default style
    ppr_default: etree._Element | None = None
    rpr_default: etree._Element | None = None

    @classmethod
    def parse(cls, xml: bytes) -> Styles:
        root = etree.fromstring(xml)
        out = cls()
        out.ppr_default = root.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr")
        out.rpr_default = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        for style in root.findall(f"{W}style"):
            sid, kind = style.get(f"{W}styleId") or "", style.get(f"{W}type") or ""
            based = style.find(f"{W}basedOn")
            out.styles[sid] = Style(
                sid,
                kind,
                based.get(f"{W}val") if based is not None else None,
                style.find(f"{W}pPr"),
                style.find(f"{W}rPr"),
                style.find(f"{W}tblPr"),
            )
            if style.get(f"{W}default") in ("1", "true"):
                out.default[kind] = sid
        return out

    def chain(self, sid: str | None, kind: str) -> list[Style]:
        """The style and those it is based on, from the root down."""
        sid = sid if sid in self.styles else self.default.get(kind)
        out: list[Style] = []
        while sid is not None and sid in self.styles and all(s.id != sid for s in out):
            out.insert(0, self.styles[sid])
            sid = self.styles[sid].based_on
        return out


@dataclass
class Resolved:
    """A paragraph's effective properties, and those of each of its runs, with their text."""

    style: str
    ppr: Props
    runs: list[tuple[str, Props]]
    in_table: bool
    table_style: str | None = None
    cell_width: int | None = None  # twips between the cell's margins, for a paragraph in a table cell
    mark_pt: float = 10.0  # the type size of the paragraph mark: the unit of character indents

    def size_pt(self, props: Props | None = None) -> float:
        props = self.runs[0][1] if props is None and self.runs else (props or {})
        return int(props.get("sz", {}).get("val", "20")) / 2

    def indent(self, which: str) -> float:
        """``firstLine`` (negative when hanging), ``left`` or ``right``, in twips, as Word computes it."""
        ind = self.ppr.get("ind", {})
        char = self.char_twips()

        def num(key: str) -> int:
            return int(ind.get(key, "0") or 0)

        if which == "firstLine":
            if num("hangingChars"):
                return -num("hangingChars") * char / 100
            if num("firstLineChars"):
                return num("firstLineChars") * char / 100
            if "hanging" in ind:
                return -num("hanging")
            return num("firstLine")
        chars = num(f"{which}Chars")
        if chars:
            return chars * char / 100
        return num(which) or num("start" if which == "left" else "end")

    def char_twips(self) -> float:
        """One character as indents count it: the paragraph's type size (its mark's properties)."""
        return self.mark_pt * 20

    def toggle(self, name: str) -> bool:
        element = self.ppr.get(name)
        return element is not None and element.get("val", "1") not in ("0", "false", "off")

    def text(self) -> str:
        return "".join(text for text, _ in self.runs)


def _effective_rpr(styles: Styles, pstyle: str | None, table_style: str | None, run: etree._Element | None) -> Props:
    props = _merge({}, styles.rpr_default)
    if table_style is not None:
        for style in styles.chain(table_style, "table"):
            props = _merge(props, style.rpr)
    for style in styles.chain(pstyle, "paragraph"):
        props = _merge(props, style.rpr)
    if run is not None:
        rpr = run.find(f"{W}rPr")
        if rpr is not None:
            rstyle = rpr.find(f"{W}rStyle")
            if rstyle is not None:
                for style in styles.chain(rstyle.get(f"{W}val"), "character"):
                    props = _merge(props, style.rpr)
            props = _merge(props, rpr)
    return props


def _cell_margins(styles: Styles, tbl: etree._Element, tc: etree._Element) -> tuple[int, int]:
    margins = {"left": 0, "right": 0}
    sources: list[etree._Element | None] = []
    style = tbl.find(f"{W}tblPr/{W}tblStyle")
    for chained in styles.chain(style.get(f"{W}val") if style is not None else None, "table"):
        sources.append(chained.tblpr.find(f"{W}tblCellMar") if chained.tblpr is not None else None)
    sources += [tbl.find(f"{W}tblPr/{W}tblCellMar"), tc.find(f"{W}tcPr/{W}tcMar")]
    for source in sources:
        if source is None:
            continue
        for side, names in (("left", ("left", "start")), ("right", ("right", "end"))):
            for name in names:
                element = source.find(f"{W}{name}")
                if element is not None:
                    margins[side] = int(element.get(f"{W}w") or 0)
    return margins["left"], margins["right"]


def _cell_width(tbl: etree._Element, tc: etree._Element) -> int:
    """The cell's width from the table grid (what a fixed-layout table uses): its columns, spans included."""
    grid = [int(col.get(f"{W}w") or 0) for col in tbl.findall(f"{W}tblGrid/{W}gridCol")]
    tr = tc.getparent()
    assert tr is not None
    start = 0
    for other in tr.findall(f"{W}tc"):
        span = other.find(f"{W}tcPr/{W}gridSpan")
        width = int(span.get(f"{W}val") or 1) if span is not None else 1
        if other is tc:
            return sum(grid[start : start + width])
        start += width
    raise AssertionError("cell not in its row")


def resolve(styles: Styles, root: etree._Element) -> list[Resolved]:
    """Every paragraph under ``root`` (a document body, header or footer), resolved."""
    out = []
    for p in root.iter(f"{W}p"):
        tbl = next((a for a in p.iterancestors(f"{W}tbl")), None)
        tc = next((a for a in p.iterancestors(f"{W}tc")), None)
        table_style = None
        if tbl is not None:
            element = tbl.find(f"{W}tblPr/{W}tblStyle")
            table_style = element.get(f"{W}val") if element is not None else styles.default.get("table")
        ppr = p.find(f"{W}pPr")
        style_element = ppr.find(f"{W}pStyle") if ppr is not None else None
        pstyle = style_element.get(f"{W}val") if style_element is not None else None
        props = _merge({}, styles.ppr_default)
        if table_style is not None:
            for style in styles.chain(table_style, "table"):
                props = _merge(props, style.ppr)
        chain = styles.chain(pstyle, "paragraph")
        for style in chain:
            props = _merge(props, style.ppr)
        props = _merge(props, ppr)
        runs = []
        for run in p.iter(f"{W}r"):
            text = "".join(
                (t.text or "") if _local(t.tag) == "t" else "\n" for t in run if _local(t.tag) in ("t", "br")
            )
            runs.append((text, _effective_rpr(styles, pstyle, table_style, run)))
        mark = _effective_rpr(styles, pstyle, table_style, None)
        resolved = Resolved(chain[-1].id if chain else "", props, runs, tbl is not None, table_style)
        resolved.mark_pt = int(mark.get("sz", {}).get("val", "20")) / 2
        if tbl is not None and tc is not None:
            left, right = _cell_margins(styles, tbl, tc)
            resolved.cell_width = _cell_width(tbl, tc) - left - right
        out.append(resolved)
    return out


def resolve_docx(data: bytes) -> dict[str, list[Resolved]]:
    """The paragraphs of the document and of each footer and header, by part name."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    styles = Styles.parse(archive.read("word/styles.xml"))
    parts = {}
    for name in archive.namelist():
        if name == "word/document.xml" or name.startswith(("word/footer", "word/header")):
            parts[name] = resolve(styles, etree.fromstring(archive.read(name)))
    return parts


def text_width_twips(text: str, pt: float) -> float:
    """One line of ``text`` at ``pt`` points: full-width (CJK) characters one em, half-width ones (digits) half."""
    import unicodedata

    return sum(pt * 20 if unicodedata.east_asian_width(c) in "WF" else pt * 10 for c in text)
