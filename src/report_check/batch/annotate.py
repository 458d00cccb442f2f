"""The annotated copy of a submission, made by editing its XML parts directly.

openpyxl needs about 300 ms to load and save a styled workbook; a batch of a
thousand submissions cannot wait for that.  This module copies the workbook's
zip, and changes only what it must: two fills and the cloned cell formats that
use them (styles.xml), the ``s`` attribute of each cell at fault, a comments
part with its VML drawing per sheet, and a new first sheet 校验结果 whose rows link
to the cells.  A cell at fault that claims to be a number but is not (``NaN``,
``INF``, 400 digits: Excel refuses such a file) is rewritten as the text it holds, so that the
copy opens and shows what was there.  About 10 ms a file.  A workbook it does not expect (comments of its
own, no styles part) is handed back as None, and the caller uses openpyxl.
"""

from __future__ import annotations

import io
import math
import posixpath
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..cellref import RefError, column_letters, coordinate, parse_coord
from ..model import RESULTS_SHEETS
from ..outputs import Entry, zip_bytes
from ..outputs import entry as zip_entry
from ..xmltext import escape, quoteattr, xml_safe
from ..zipparts import inflate, sheet_parts, stored_entries
from .sheets import HEADER_FILL, PRINT_SETUP

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
COMMENTS_TYPE = f"{REL}/comments"
VML_TYPE = f"{REL}/vmlDrawing"
SHEET_TYPE = f"{REL}/worksheet"
COMMENTS_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
SHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
VML_CT = "application/vnd.openxmlformats-officedocument.vmlDrawing"
AUTHOR = "report-check"
RESULTS_WIDTHS = (6, 8, 6, 18, 110)  # the results sheet's columns: No., severity, rule, where, message
LINE_POINTS = 16  # a line of 11-point text, CJK included

# Where <legacyDrawing> goes among a worksheet's children (ECMA-376 18.3.1.99): after these.
_BEFORE_LEGACY = {
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr", "sheetProtection",
    "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate", "customSheetViews", "mergeCells",
    "phoneticPr", "conditionalFormatting", "dataValidations", "hyperlinks", "printOptions", "pageMargins",
    "pageSetup", "headerFooter", "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors",
    "smartTags", "drawing",
}  # fmt: skip


@dataclass(frozen=True)
class Mark:
    """A cell to fill and comment: ``error`` picks red over yellow."""

    sheet: str
    ref: str
    error: bool
    text: str


@dataclass(frozen=True)
class Row:
    """A row of the 校验结果 sheet; ``link`` is ``(sheet, ref)`` of the cell it points to."""

    values: tuple[object, ...]
    link: tuple[str, str] | None
    error: bool = True  # an error (its severity cell red) or a warning (yellow)


def _q(tag: str, ns: str = MAIN) -> str:
    return f"{{{ns}}}{tag}"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class _Unexpected(Exception):
    """The workbook has something this module does not handle."""


def annotate_xml(
    data: bytes,
    marks: Iterable[Mark],
    header: tuple[str, ...],
    rows: list[Row],
    results_sheet: str,
    fills: tuple[str, str],
) -> bytes | None:
    """The workbook ``data`` with ``marks`` applied and a results sheet in front, or None if not possible."""
    try:
        return _annotate(data, list(marks), header, rows, results_sheet, fills)
    except (_Unexpected, KeyError, ValueError, zipfile.BadZipFile):
        return None


def _annotate(
    data: bytes, marks: list[Mark], header: tuple[str, ...], rows: list[Row], title: str, fills: tuple[str, str]
) -> bytes:
    parts = _Parts(data)
    frame = _frame(parts, title, fills)
    by_sheet: dict[str, list[Mark]] = {}
    for mark in marks:
        if mark.sheet in frame.sheet_paths:
            by_sheet.setdefault(mark.sheet, []).append(mark)
    comments = tuple(
        _mark_sheet(parts, frame.sheet_paths[sheet], group, frame.restyle) for sheet, group in by_sheet.items()
    )
    for name in frame.sheet_paths.values():  # one sheet selected, the new one: the others lose tabSelected
        if parts.mentions(name, b"tabSelected", before=b"<sheetData"):
            parts[name] = re.sub(rb'\stabSelected="(1|true)"', b"", parts[name])
    parts[frame.new_path] = _results_sheet(header, rows, frame.restyle.results_styles())
    for entry in frame.package(comments):
        parts.put(entry)
    return parts.zip()


MAX_FRAMES = 8  # workbooks laid out alike share their frame (a batch's template)
_FRAMES: dict[tuple[object, ...], _Frame] = {}


def _frame(parts: _Parts, title: str, fills: tuple[str, str]) -> _Frame:
    """The frame of a copy: what it changes outside the sheets, the same for every workbook whose package
    parts are the same (kept; those with more cell formats than are cloned up front get their own)."""
    key = (title, fills, tuple(parts.names), *(parts.fingerprint(name) for name in _FRAME_PARTS))
    frame = _FRAMES.get(key)
    if frame is None:
        frame = _Frame(parts, title, fills)
        if frame.restyle.precloned:
            if len(_FRAMES) >= MAX_FRAMES:
                _FRAMES.pop(next(iter(_FRAMES)))
            _FRAMES[key] = frame
    return frame


_WORKBOOK, _RELS, _TYPES, _STYLES = (
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "[Content_Types].xml",
    "xl/styles.xml",
)
_FRAME_PARTS = (_WORKBOOK, _RELS, _TYPES, _STYLES)


class _Frame:
    """A workbook's package parts as a copy changes them: the cell formats with their coloured clones, and
    the workbook, its relationships and content types with the results sheet first (and the comments of the
    sheets marked), each written once for each set of sheets marked."""

    def __init__(self, parts: _Parts, title: str, fills: tuple[str, str]) -> None:
        from lxml import etree

        if any(name not in parts for name in _FRAME_PARTS):
            raise _Unexpected("no workbook, relationships, content types or styles")
        self.title = title
        self.originals = {name: parts[name] for name in (_WORKBOOK, _RELS, _TYPES)}
        rels = etree.fromstring(self.originals[_RELS])
        sheet_paths = sheet_parts(self.originals[_WORKBOOK], self.originals[_RELS])
        if sheet_paths is None:
            raise _Unexpected("no sheets")
        self.sheet_paths = sheet_paths
        if any(name in self.sheet_paths for name in RESULTS_SHEETS):
            raise _Unexpected("an annotated copy sent back: its old marks are cleared through openpyxl")
        self.new_path = _free_name(parts, "xl/worksheets/sheet{}.xml")
        self.rel_id = _free_id({rel.get("Id") or "" for rel in rels})
        self.styles = etree.fromstring(parts[_STYLES])
        self.restyle = _Restyler(self.styles, fills)
        self.packages: dict[tuple[str, ...], list[Entry]] = {}

    def package(self, comments: tuple[str, ...]) -> list[Entry]:
        """The styles, workbook, relationships and content types of a copy whose marked sheets have these
        comments parts."""
        if comments not in self.packages:
            self.packages[comments] = self._package(comments)
        return self.packages[comments] if self.restyle.precloned else self.packages.pop(comments)

    def _package(self, comments: tuple[str, ...]) -> list[Entry]:
        from lxml import etree

        workbook = etree.fromstring(self.originals[_WORKBOOK])
        rels = etree.fromstring(self.originals[_RELS])
        types = etree.fromstring(self.originals[_TYPES])
        sheets = workbook.find(_q("sheets"))
        rel = etree.SubElement(rels, _q("Relationship", PKG_REL))
        rel.set("Id", self.rel_id)
        rel.set("Type", SHEET_TYPE)
        rel.set("Target", posixpath.relpath(self.new_path, "xl"))
        sheet_id = max(int(sheet.get("sheetId") or 0) for sheet in sheets) + 1
        entry = etree.Element(_q("sheet"))
        entry.set("name", self.title)
        entry.set("sheetId", str(sheet_id))
        entry.set(_q("id", REL), self.rel_id)
        sheets.insert(0, entry)
        for defined in workbook.iter(_q("definedName")):  # sheet-scoped names move one place to the right
            if defined.get("localSheetId") is not None:
                defined.set("localSheetId", str(int(defined.get("localSheetId") or 0) + 1))
        for view in workbook.iter(_q("workbookView")):
            view.set("activeTab", "0")
            view.attrib.pop("firstSheet", None)
        _print_titles(workbook, sheets, self.title)
        _override(types, "/" + self.new_path, SHEET_CT)
        for part in comments:
            _override(types, "/" + part, COMMENTS_CT)
        if comments and not any(d.get("Extension") == "vml" for d in types.iter(_q("Default", CT))):
            types.insert(0, etree.Element(_q("Default", CT), Extension="vml", ContentType=VML_CT))

        def written(name: str, tree: Any) -> Entry:
            xml = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
            return zip_entry(name, xml, level=1)

        return [
            written(_STYLES, self.styles),
            written(_WORKBOOK, workbook),
            written(_RELS, rels),
            written(_TYPES, types),
        ]


class _Parts:
    """A workbook's zip parts, each inflated when first read; those never set are copied as stored (not
    inflated and deflated again): most of a copy's cost otherwise."""

    def __init__(self, data: bytes) -> None:
        self.changed: dict[str, bytes] = {}
        stored = stored_entries(data)
        if stored is None:  # a zip of another kind: every part inflated by zipfile, and deflated again
            with zipfile.ZipFile(io.BytesIO(data)) as source:
                self.changed = {name: source.read(name) for name in source.namelist()}
        self.stored = stored or {}
        self.names = list(self.stored) or list(self.changed)
        self.known = set(self.names)
        self.read: dict[str, bytes] = {}

    def __contains__(self, name: str) -> bool:
        return name in self.known

    def __getitem__(self, name: str) -> bytes:
        if name in self.changed:
            return self.changed[name]
        if name not in self.read:
            self.read[name] = inflate(self.stored[name])
        return self.read[name]

    def __setitem__(self, name: str, content: bytes) -> None:
        if name not in self.known:
            self.known.add(name)
            self.names.append(name)
        self.changed[name] = content

    def mentions(self, name: str, needle: bytes, *, before: bytes) -> bool:
        """Whether part ``name`` holds ``needle`` ahead of ``before``: decided on its first few KB where
        ``before`` comes early (a sheet's views come before its cells), else on the whole part."""
        head = inflate(self.stored[name], _HEAD) if name in self.stored and name not in self.changed else b""
        if before not in head:
            head = self[name]
        end = head.find(before)
        return needle in (head if end < 0 else head[:end])

    def put(self, entry: Entry) -> None:
        """A part already written (and deflated)."""
        self.changed.pop(entry.name, None)
        self.stored[entry.name] = entry
        if entry.name not in self.known:
            self.known.add(entry.name)
            self.names.append(entry.name)

    def fingerprint(self, name: str) -> tuple[int, int] | bytes:
        """What tells a part from another: its CRC and size as stored, else its content."""
        entry = self.stored.get(name)
        return (entry.crc, entry.size) if entry is not None and name not in self.changed else self[name]

    def zip(self) -> bytes:
        return zip_bytes(
            [
                zip_entry(name, self.changed[name], level=1) if name in self.changed else self.stored[name]
                for name in self.names
            ]
        )


_HEAD = 4096


def _free_name(parts: _Parts, pattern: str) -> str:
    number = 1
    while pattern.format(number) in parts:
        number += 1
    return pattern.format(number)


def _free_id(used: set[str]) -> str:
    number = 1
    while f"rId{number}" in used:
        number += 1
    return f"rId{number}"


def _override(types: Any, part: str, content_type: str) -> None:
    from lxml import etree

    element = etree.SubElement(types, _q("Override", CT))
    element.set("PartName", part)
    element.set("ContentType", content_type)


MAX_PRECLONED = 2000  # cell formats cloned in both colours up front (Excel holds 64,000; a template has dozens)


class _Restyler:
    """Cell formats with the fill replaced: one clone per (format, colour), added to styles.xml."""

    def __init__(self, styles: Any, colours: tuple[str, str]) -> None:
        from lxml import etree

        self.styles = styles
        fills = styles.find(_q("fills"))
        xfs = styles.find(_q("cellXfs"))
        if fills is None or xfs is None:
            raise _Unexpected("styles without fills or cell formats")
        self.xfs = xfs
        self.fill_ids: list[int] = []
        for colour in colours:
            fill = etree.SubElement(fills, _q("fill"))
            pattern = etree.SubElement(fill, _q("patternFill"), patternType="solid")
            etree.SubElement(pattern, _q("fgColor"), rgb=f"FF{colour}")
            etree.SubElement(pattern, _q("bgColor"), rgb=f"FF{colour}")
            self.fill_ids.append(len(fills) - 1)
        header = etree.SubElement(fills, _q("fill"))
        pattern = etree.SubElement(header, _q("patternFill"), patternType="solid")
        etree.SubElement(pattern, _q("fgColor"), rgb=f"FF{HEADER_FILL}")
        self.header_fill = len(fills) - 1
        fills.set("count", str(len(fills)))
        self.cache: dict[tuple[int, bool], int] = {}
        self.plain_cache: dict[tuple[int, bool], int] = {}
        self.base = len(xfs)
        # A workbook of a few dozen formats gets every clone up front: the same styles part for every copy.
        self.precloned = self.base <= MAX_PRECLONED
        if self.precloned:
            for current in range(self.base):
                self.style(current, True)
                self.style(current, False)
            self.results_styles()

    def plain(self, fill: int, wrap: bool) -> int:
        """A new cell format for the results sheet: the default font, ``fill``, text wrapped at the top."""
        from lxml import etree

        key = (fill, wrap)
        if key not in self.plain_cache:
            xf = etree.SubElement(
                self.xfs, _q("xf"), numFmtId="0", fontId="0", fillId=str(fill), borderId="0", xfId="0"
            )
            xf.set("applyFill", "1")
            xf.set("applyAlignment", "1")
            etree.SubElement(xf, _q("alignment"), vertical="top", wrapText="1" if wrap else "0")
            self.xfs.set("count", str(len(self.xfs)))
            self.plain_cache[key] = len(self.xfs) - 1
        return self.plain_cache[key]

    def results_styles(self) -> tuple[int, int, int, int, int]:
        """Formats of the results sheet: header, plain, message (wrapped), error, warning."""
        return (
            self.plain(self.header_fill, False),
            self.plain(0, False),
            self.plain(0, True),
            self.plain(self.fill_ids[0], False),
            self.plain(self.fill_ids[1], False),
        )

    def style(self, current: int, error: bool) -> int:
        from copy import deepcopy

        key = (current, error)
        if key not in self.cache:
            xf = deepcopy(self.xfs[current]) if current < self.base else None
            if xf is None:
                raise _Unexpected(f"cell format {current} does not exist")
            xf.set("fillId", str(self.fill_ids[0 if error else 1]))
            xf.set("applyFill", "1")
            self.xfs.append(xf)
            self.xfs.set("count", str(len(self.xfs)))
            self.cache[key] = len(self.xfs) - 1
        return self.cache[key]


def _mark_sheet(parts: _Parts, path: str, marks: list[Mark], restyle: _Restyler) -> str:
    """Fill and comment the cells at fault of one sheet; the name of its new comments part."""
    from lxml import etree

    rels_path = posixpath.join(posixpath.dirname(path), "_rels", posixpath.basename(path) + ".rels")
    if rels_path in parts:
        sheet_rels = etree.fromstring(parts[rels_path])
        if any(rel.get("Type") in (COMMENTS_TYPE, VML_TYPE) for rel in sheet_rels):
            raise _Unexpected("the sheet has comments of its own")
    else:
        sheet_rels = etree.Element(_q("Relationships", PKG_REL), nsmap={None: PKG_REL})
    comments_path = _free_name(parts, "xl/comments{}.xml")
    vml_path = _free_name(parts, "xl/drawings/vmlDrawing{}.vml")
    comments_id = _free_id({rel.get("Id") or "" for rel in sheet_rels})
    vml_id = _free_id({rel.get("Id") or "" for rel in sheet_rels} | {comments_id})
    # The sheet's own XML edited as text where it is laid out as spreadsheet programs write it (most of a
    # copy's cost was parsing and writing it whole), else through lxml.
    marked = _mark_cells_text(parts[path], marks, restyle, vml_id) or _mark_cells_tree(
        parts[path], marks, restyle, vml_id
    )
    parts[path], notes = marked
    parts[comments_path] = _comments(notes)
    parts[vml_path] = _vml(notes)
    etree.SubElement(
        sheet_rels, _q("Relationship", PKG_REL), Id=comments_id, Type=COMMENTS_TYPE,
        Target=posixpath.relpath(comments_path, posixpath.dirname(path)),
    )  # fmt: skip
    etree.SubElement(
        sheet_rels, _q("Relationship", PKG_REL), Id=vml_id, Type=VML_TYPE,
        Target=posixpath.relpath(vml_path, posixpath.dirname(path)),
    )  # fmt: skip
    parts[rels_path] = etree.tostring(sheet_rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    return comments_path


Notes = dict[str, list[str]]


def _notes(marks: list[Mark], anchor: Callable[[str], str]) -> tuple[Notes, dict[str, bool]]:
    """The comment texts of each cell to mark, and whether its worst finding is an error; a mark on a cell
    inside a merged range goes to the range's top-left cell."""
    notes: Notes = {}
    worst: dict[str, bool] = {}
    for mark in marks:
        ref = anchor(mark.ref)
        notes.setdefault(ref, []).append(mark.text)
        worst[ref] = worst.get(ref, False) or mark.error
    return notes, worst


def _mark_cells_tree(xml: bytes, marks: list[Mark], restyle: _Restyler, vml_id: str) -> tuple[bytes, Notes]:
    """The cells at fault filled, made where they are empty, and the legacy drawing of the comments linked."""
    from lxml import etree

    sheet = etree.fromstring(xml)
    data = sheet.find(_q("sheetData"))
    if data is None:
        raise _Unexpected("no sheetData")
    rows = {int(row.get("r") or 0): row for row in data}
    ranges = []
    merge_cells = sheet.find(_q("mergeCells"))
    for merge in merge_cells if merge_cells is not None else ():
        ranges.append(merge.get("ref") or "")
    notes, worst = _notes(marks, _merge_anchors(ranges))
    for ref, error in worst.items():
        cell = _cell(data, rows, ref)
        cell.set("s", str(restyle.style(int(cell.get("s") or 0), error)))
        _number_or_text(cell)
    legacy = etree.Element(_q("legacyDrawing"))
    legacy.set(_q("id", REL), vml_id)
    position = 0
    for index, child in enumerate(sheet):
        if _local(child.tag) in _BEFORE_LEGACY:
            position = index + 1
    sheet.insert(position, legacy)
    return etree.tostring(sheet, xml_declaration=True, encoding="UTF-8", standalone=True), notes


_ATTRS = rb"""(?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*"""
_TAG = re.compile(rb"<(/?)([\w:.-]+)" + _ATTRS + rb"(/?)>")
_ATTR = re.compile(rb'([\w:.-]+)="([^"]*)"')
_MERGE = re.compile(rb'<mergeCell\s+ref="([^"]+)"\s*/>')
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_STYLE = re.compile(rb'\ss="\d*"')


def _mark_cells_text(xml: bytes, marks: list[Mark], restyle: _Restyler, vml_id: str) -> tuple[bytes, Notes] | None:
    """What :func:`_mark_cells_tree` does, by editing the start tags of the cells at fault and inserting the
    legacy drawing in place: for a sheet in the default namespace whose cells at fault are all written and
    hold what they claim; None otherwise (the tree does it)."""
    begin, end, top = xml.find(b"<sheetData>"), xml.find(b"</sheetData>"), xml.find(b"<worksheet")
    root = _TAG.match(xml, top) if top >= 0 else None
    if begin < 0 or end < 0 or root is None or f'xmlns="{MAIN}"'.encode() not in root.group(0):
        return None
    tail_start = end + len(b"</sheetData>")
    tail = xml[tail_start:]
    if b"<!" in xml[begin:] or b"<?" in tail:
        return None  # comments or CDATA: the tree knows where things stand
    ranges = [ref.decode() for ref in _MERGE.findall(tail)]
    if tail.count(b"<mergeCell ") != len(ranges):
        return None
    notes, worst = _notes(marks, _merge_anchors(ranges))
    edits: list[tuple[int, int, bytes]] = []
    for ref, error in worst.items():
        at = xml.find(b' r="' + ref.encode() + b'"', begin, end)
        tag_start = xml.rfind(b"<", begin, at)
        tag = _TAG.match(xml, tag_start) if at >= 0 else None
        if tag is None or tag.group(2) != b"c" or tag.group(1) or tag.end() <= at:
            return None  # not written (an empty cell the tree makes), or not where a cell is
        attrs = dict(_ATTR.findall(tag.group(0)))
        if tag.group(0).count(b"=") != len(attrs) or (b"s" in attrs and not _STYLE.search(tag.group(0))):
            return None  # attributes written otherwise (s = '1', s=" 1"): the tree reads them
        if attrs.get(b"t", b"n") == b"n" and not tag.group(3):
            body = xml[tag.end() : xml.find(b"</c>", tag.end())]
            value = _VALUE.search(body)
            if b"<v " in body or (b"<f" not in body and value is not None and not _is_number(value.group(1).decode())):
                return None  # a number Excel would refuse: the tree rewrites it as text
        style = str(restyle.style(int(attrs.get(b"s") or 0), error)).encode()
        text = tag.group(0)
        if b"s" in attrs:
            text = _STYLE.sub(b' s="' + style + b'"', text, count=1)
        else:
            text = b'<c s="' + style + b'"' + text[2:]
        edits.append((tag_start, tag.end(), text))
    insert_at, position = -1, 0
    while (tag := _TAG.search(tail, position)) is not None:  # the sheet's children after its cells
        closing, name, empty = tag.groups()
        if b":" in name:
            return None  # a prefixed child (x:mergeCells, mc:AlternateContent): the tree places the drawing
        if closing or _local(name.decode()) not in _BEFORE_LEGACY:  # </worksheet>, or what follows a drawing
            insert_at = tag.start()
            break
        close = tail.find(b"</" + name + b">", tag.end()) if not empty else tag.end()  # none nests in itself
        if close < 0:
            return None
        position = close if empty else close + len(name) + 3
    if insert_at < 0:
        return None
    declared = f'xmlns:r="{REL}"'.encode() in root.group(0)
    legacy = f'<legacyDrawing {"" if declared else f"xmlns:r={quoteattr(REL)} "}r:id="{vml_id}"/>'
    edits.append((tail_start + insert_at, tail_start + insert_at, legacy.encode()))
    out, last = [], 0
    for start, stop, text in sorted(edits):
        out += [xml[last:start], text]
        last = stop
    out.append(xml[last:])
    return b"".join(out), notes


def _merge_anchors(merged: list[str]) -> Callable[[str], str]:
    """Where a cell's mark goes: a cell inside a merged range (``A1:B2``), other than its top-left cell, is
    shown (and can hold a comment) only through that top-left cell."""
    ranges: list[tuple[int, int, int, int]] = []
    for merge in merged:
        first, _, last = merge.partition(":")
        try:
            (r1, c1), (r2, c2) = parse_coord(first), parse_coord(last or first)
        except RefError:
            continue
        ranges.append((r1, c1, r2, c2))

    def anchor(ref: str) -> str:
        row, column = parse_coord(ref)
        for r1, c1, r2, c2 in ranges:
            if r1 <= row <= r2 and c1 <= column <= c2:
                return coordinate(r1, c1)
        return ref

    return anchor


_NUMBER = re.compile(r"\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*")


def _is_number(text: str) -> bool:
    return _NUMBER.fullmatch(text) is not None and math.isfinite(float(text))


def _number_or_text(cell: Any) -> None:
    """A numeric cell whose value is no number Excel holds becomes a text cell holding the same characters."""
    from lxml import etree

    value = cell.find(_q("v"))
    if cell.get("t", "n") != "n" or cell.find(_q("f")) is not None or value is None or value.text is None:
        return
    if _is_number(value.text):
        return
    cell.remove(value)
    cell.set("t", "inlineStr")
    etree.SubElement(etree.SubElement(cell, _q("is")), _q("t")).text = xml_safe(value.text)


def _cell(data: Any, rows: dict[int, Any], ref: str) -> Any:
    """The <c> element of ``ref``, made (in column order, in a row made if need be) when the cell is empty."""
    from lxml import etree

    row_number, column = parse_coord(ref)
    row = rows.get(row_number)
    if row is None:
        row = etree.Element(_q("row"), r=str(row_number))
        later = [r for n, r in rows.items() if n > row_number]
        if later:
            min(later, key=lambda r: int(r.get("r") or 0)).addprevious(row)
        else:
            data.append(row)
        rows[row_number] = row
    for cell in row:
        here = parse_coord(cell.get("r") or "A1")[1]
        if here == column:
            return cell
        if here > column:
            new = etree.Element(_q("c"), r=ref)
            cell.addprevious(new)
            return new
    return etree.SubElement(row, _q("c"), r=ref)


def _note(texts: list[str]) -> str:
    return escape(xml_safe("\n".join(texts)))


def _comments(notes: dict[str, list[str]]) -> bytes:
    items = "".join(
        f'<comment ref="{ref}" authorId="0"><text><r><t xml:space="preserve">{_note(texts)}</t></r></text></comment>'
        for ref, texts in notes.items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<comments xmlns="{MAIN}"><authors><author>{AUTHOR}</author></authors>'
        f"<commentList>{items}</commentList></comments>"
    ).encode()


def note_height(count: int) -> int:
    """The height of a comment holding ``count`` messages (points in VML, pixels in openpyxl: alike enough)."""
    return min(600, 80 + 60 * count)


def _vml(notes: dict[str, list[str]]) -> bytes:
    shapes = []
    for index, (ref, texts) in enumerate(notes.items()):
        row, column = parse_coord(ref)
        height = note_height(len(texts))
        shapes.append(
            f'<v:shape id="_x0000_s{1025 + index}" type="#_x0000_t202" '
            f'style="position:absolute;margin-left:80pt;margin-top:2pt;width:320pt;height:{height}pt;'
            'z-index:1;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">'
            '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>'
            '<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"/>'
            '</v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
            f"<x:Anchor>{column}, 15, {max(0, row - 2)}, 2, {column + 4}, 15, {row + 6}, 16</x:Anchor>"
            f"<x:AutoFill>False</x:AutoFill><x:Row>{row - 1}</x:Row><x:Column>{column - 1}</x:Column>"
            "</x:ClientData></v:shape>"
        )
    return (
        '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel">'
        '<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout>'
        '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
        '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
        + "".join(shapes)
        + "</xml>"
    ).encode()


def _text_cell(ref: str, value: object, style: int | None = None) -> str:
    s = f' s="{style}"' if style is not None else ""
    if value is None or value == "":
        return f'<c r="{ref}"{s}/>' if style is not None else ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        text = escape(xml_safe(str(value)))
        return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    return f'<c r="{ref}"{s}><v>{value}</v></c>'


def row_height(text: str, width: int) -> float:
    """Points for a row whose cell of ``width`` characters wraps ``text`` (wide characters count two)."""
    ems = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return LINE_POINTS * max(1, -(-ems // max(1, width - 2)))


def _print_titles(workbook: Any, sheets: Any, title: str) -> None:
    """The results sheet (the first) prints its header row on every page: _xlnm.Print_Titles."""
    from lxml import etree

    names = workbook.find(_q("definedNames"))
    if names is None:
        names = etree.Element(_q("definedNames"))
        sheets.addnext(names)
    defined = etree.SubElement(names, _q("definedName"), name="_xlnm.Print_Titles", localSheetId="0")
    defined.text = "'" + title.replace("'", "''") + "'!$1:$1"


def _results_sheet(header: tuple[str, ...], rows: list[Row], styles: tuple[int, int, int, int, int]) -> bytes:
    """The 校验结果 sheet: a row per finding linked to its cell, the severity coloured, the messages wrapped,
    set up to print on A4 landscape as wide as the page with the header row on every page."""
    head, plain, wrapped, error, warning = styles
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(RESULTS_WIDTHS, start=1)
    )
    lines = [
        '<row r="1">'
        + "".join(_text_cell(f"{column_letters(i)}1", h, head) for i, h in enumerate(header, 1))
        + "</row>"
    ]
    links = []
    last = len(RESULTS_WIDTHS)
    for number, row in enumerate(rows, start=2):
        cells = "".join(
            _text_cell(
                f"{column_letters(i)}{number}",
                v,
                wrapped if i == last else (error if row.error else warning) if i == 2 else plain,
            )
            for i, v in enumerate(row.values, start=1)
        )
        height = row_height(str(row.values[-1]), RESULTS_WIDTHS[-1])
        lines.append(f'<row r="{number}" ht="{height}" customHeight="1">{cells}</row>')
        if row.link is not None:
            sheet, ref = row.link
            location = quoteattr(f"'{sheet}'!{ref}")
            links.append(f'<hyperlink ref="D{number}" location={location} display={quoteattr(f"{sheet}!{ref}")}/>')
    hyperlinks = f"<hyperlinks>{''.join(links)}</hyperlinks>" if links else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>{"".join(lines)}</sheetData>'
        f"{hyperlinks}{PRINT_SETUP}</worksheet>"
    ).encode()
