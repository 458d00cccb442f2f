"""Setting WordprocessingML properties in the order the schema requires.

Word refuses ("unreadable content") property elements out of their schema order;
LibreOffice does not care, so a test on LibreOffice alone would not notice.  Every
element this package adds by hand goes through :func:`set_property`.
"""

from __future__ import annotations

from typing import Any

# Child order of the property elements we touch (ECMA-376 Part 1, 17.3 and 17.4).
SCHEMA_ORDER: dict[str, tuple[str, ...]] = {
    "pPr": (
        "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
        "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
        "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
        "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
        "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
    ),
    "rPr": (
        "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
        "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
        "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs",
        "em", "lang", "eastAsianLayout", "specVanish", "oMath",
    ),
    "trPr": (
        "cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight", "tblHeader",
        "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange",
    ),
    "tcPr": (
        "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar", "textDirection",
        "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel", "cellMerge", "tcPrChange",
    ),
    "tblPr": (
        "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW", "jc",
        "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption",
        "tblDescription", "tblPrChange",
    ),
}  # fmt: skip

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def set_property(parent: Any, name: str, **attributes: str) -> Any:
    """Set ``<w:name …>`` under a property element (pPr, rPr, trPr, tcPr, tblPr), in schema order.

    An existing element of that name is updated; otherwise one is inserted before
    the first sibling that the schema puts after it.
    """
    from docx.oxml.ns import qn

    order = SCHEMA_ORDER[_local(parent.tag)]
    element = parent.find(qn(f"w:{name}"))
    if element is None:
        element = parent.makeelement(qn(f"w:{name}"), {})
        later = set(order[order.index(name) + 1 :])
        successor = next((child for child in parent if _local(child.tag) in later), None)
        if successor is None:
            parent.append(element)
        else:
            successor.addprevious(element)
    for key, value in attributes.items():
        element.set(qn(f"w:{key}"), value)
    return element


def out_of_order(root: Any) -> list[str]:
    """Property elements under ``root`` whose children break the schema order (for tests)."""
    problems = []
    for name, order in SCHEMA_ORDER.items():
        for element in root.iter(f"{{{W_NS}}}{name}"):
            positions = [order.index(_local(child.tag)) for child in element if _local(child.tag) in order]
            if positions != sorted(positions):
                problems.append(f"{name}: {[_local(child.tag) for child in element]}")
    return problems
