"""The only place that opens a workbook: .xlsx cells into plain Python values.

A sheet becomes a :class:`SheetGrid` of ``(row, column) -> value``; no library
object leaves this module.  Two readers:

- :func:`load_values`, python-calamine (Rust): the values Excel last computed, in
  about 5 ms a workbook where openpyxl takes about 90 ms.  It shows Excel error
  values and formulas without a value as empty cells.
- :func:`load_grid`, openpyxl: exact (error values as :class:`ExcelError`) and,
  with ``formulas=True``, the formulas themselves.  The reader falls back to it
  whenever a data cell came back empty, so nothing is lost to speed.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import stat
import zipfile
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from ...errors import UnusableInput
from ...model import ExcelError
from ...zipparts import has_directory, inflate, part_sizes, sheet_parts, stored_entries
from ..grid import SheetGrid, Value

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook


_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _convert(value: object, data_type: str) -> Value:
    if isinstance(value, int) and value.bit_length() > _FLOAT_BITS:
        return str(value)  # <v>999…</v> past 1.8e308: no number Excel holds; kept as the text it is
    if type(value) in _PLAIN and data_type != "e":
        return value  # type: ignore[return-value]
    if data_type == "e":
        return ExcelError(str(value))
    if isinstance(value, str | int | float | bool | dt.datetime | dt.date | dt.time):
        return value
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / 86400
    return str(value)


_PLAIN = (str, float, int)
_FLOAT_BITS = 1023  # an integer of more bits may be past the largest float (about 2**1024)


def _open(stream: BinaryIO, *, data_only: bool) -> Workbook:
    from openpyxl import load_workbook

    return load_workbook(stream, read_only=True, data_only=data_only, keep_links=False)


# Limits on what one workbook may cost (documented in the README; named in the messages).
MAX_FILE_BYTES = 50 * 2**20  # the template is about 20 KB; a filled one rarely 100 KB
MAX_INFLATED_BYTES = 200 * 2**20  # all parts uncompressed: a few KB that inflate to GBs are refused
MAX_SHEET_BYTES = 20 * 2**20  # one worksheet's XML: some 500,000 cells
MAX_CELLS = 500_000  # non-empty cells in the whole workbook (the template has about 900)
_ENCRYPTION_MARK = "EncryptionInfo".encode("utf-16-le")
_TEXT_SNIFF = 4096


def _mib(size: int) -> str:
    return f"{size / 2**20:.0f} MB"


def _looks_like_text(head: bytes) -> bool:
    """CSV and other text saved under an .xlsx name."""
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


XLSX, XLS, ODS = "xlsx", "xls", "ods"  # what sniff() finds: Office Open XML (.xlsx/.xlsm), Excel 97-2003, OpenDocument
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")  # read, whatever program saved them
WPS_SUFFIX = ".et"  # WPS's own format: saved as .xlsx in WPS, it can be read


def sniff(path: Path) -> str:
    """What kind of workbook ``path`` holds (by its content, not its name): :data:`XLSX`, :data:`XLS` or
    :data:`ODS`.  Rejects what is plainly not a usable workbook, or too large to read safely, before any reader
    sees it."""
    try:
        status = os.stat(path)  # one stat and one open: sniffed for every file of a batch
    except (FileNotFoundError, NotADirectoryError, ValueError) as exc:  # ValueError: a NUL in the path
        raise UnusableInput("S01", reason="missing") from exc
    except OSError as exc:
        raise UnusableInput("S01", reason="unreadable", detail=exc.strerror or str(exc)) from exc
    if not stat.S_ISREG(status.st_mode):  # a folder, or a pipe that would never end
        raise UnusableInput("S01", reason="not_a_file")
    size = status.st_size
    try:
        data = _read(path, max(_TEXT_SNIFF, 8) if size > MAX_FILE_BYTES else -1, size)
    except OSError as exc:
        raise UnusableInput("S01", reason="unreadable", detail=exc.strerror or str(exc)) from exc
    if not data:
        raise UnusableInput("S01", reason="empty")
    if size > MAX_FILE_BYTES:
        raise UnusableInput("S01", reason="too_large", detail=f"{_mib(size)} > {_mib(MAX_FILE_BYTES)}")
    if path.suffix.lower() == WPS_SUFFIX:
        raise UnusableInput("S01", reason="wps_et")
    if data[:8] == _OLE2_SIGNATURE:
        if _ENCRYPTION_MARK in data[: 1 << 20]:
            raise UnusableInput("S01", reason="encrypted")
        return XLS  # or a Word .doc and the like: python-calamine then says it is no workbook
    if not has_directory(data):
        if path.name.startswith("~$") and size < _TEXT_SNIFF:  # what Excel keeps beside an open workbook
            raise UnusableInput("S01", reason="lock_file", detail=path.name[2:])
        raise UnusableInput("S01", reason="csv" if _looks_like_text(data[:_TEXT_SNIFF]) else "not_zip")
    sizes = _part_sizes(data)
    kind = XLSX
    if "mimetype" in sizes and "content.xml" in sizes:
        kind = ODS
    elif "xl/workbook.xml" not in sizes and not any(name.endswith("workbook.xml") for name in sizes):
        raise UnusableInput("S01", reason="not_workbook")
    inflated = sum(sizes.values())
    if inflated > MAX_INFLATED_BYTES:
        raise UnusableInput("S01", reason="inflates", detail=f"{_mib(inflated)} > {_mib(MAX_INFLATED_BYTES)}")
    for name, part_size in sizes.items():
        if name.startswith(("xl/worksheets/", "content.xml")) and part_size > MAX_SHEET_BYTES:
            raise UnusableInput(
                "S01",
                reason="sheet_too_large",
                detail=f"{name}: {_mib(part_size)} > {_mib(MAX_SHEET_BYTES)}",
            )
    return kind


def _read(path: Path, limit: int, size: int) -> bytes:
    """The file's first ``limit`` bytes, or all of it (-1; ``size`` as it was found): with the system's own calls,
    which cost a third of a buffered file object's (a batch reads every file)."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))  # O_BINARY: Windows, no newline rewriting
    try:
        if limit >= 0:
            return os.read(descriptor, limit)
        data = os.read(descriptor, size + 1)
        if len(data) <= size:  # the usual case, in one read: a regular file reads short only at its end
            return data
        chunks = [data]  # it grew since: to its end
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def _part_sizes(data: bytes) -> dict[str, int]:
    """Each part of the zip ``data`` with its size inflated, from the zip's directory."""
    sizes = part_sizes(data)
    if sizes is not None:
        return sizes
    try:  # zip64 and the like
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {info.filename: info.file_size for info in archive.infolist()}
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnusableInput("S01", reason="not_zip") from exc


def _check_cells(sheets: list[SheetGrid]) -> list[SheetGrid]:
    count = sum(len(sheet.cells) for sheet in sheets)
    if count > MAX_CELLS:
        raise UnusableInput("S01", reason="too_many_cells", detail=f"{count:,} > {MAX_CELLS:,}")
    return sheets


def load_grid(path: Path, *, formulas: bool = False) -> list[SheetGrid]:
    """Every sheet's non-empty cells: computed values, or with ``formulas`` the formulas themselves (.xlsx only:
    an .xls or .ods is read by :func:`load_values` alone)."""
    if not formulas and sniff(path) != XLSX:
        raise UnusableInput("S01", reason="damaged", detail="not Office Open XML")
    # Our own handle, closed whatever happens: openpyxl leaves its file open when it fails halfway.
    with path.open("rb") as stream:
        try:
            workbook = _open(stream, data_only=not formulas)
            try:
                return _check_cells(_read_sheets(workbook))
            finally:
                workbook.close()
        except UnusableInput:
            raise
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise UnusableInput("S01", reason="damaged", detail=f"{type(exc).__name__}: {exc}") from exc


def _read_sheets(workbook: Workbook) -> list[SheetGrid]:
    sheets: list[SheetGrid] = []
    for worksheet in workbook.worksheets:
        grid = SheetGrid(worksheet.title, getattr(worksheet, "sheet_state", "visible") == "visible")
        worksheet.reset_dimensions()  # WPS writes A1:A1 as the dimension
        for row in worksheet.iter_rows():
            for cell in row:
                value = cell.value
                if value is None or value == "" or cell.row is None or cell.column is None:
                    continue
                grid.cells[(cell.row, cell.column)] = _convert(value, cell.data_type)
            if len(grid.cells) > MAX_CELLS:
                raise UnusableInput("S01", reason="too_many_cells", detail=f"> {MAX_CELLS:,}")
        sheets.append(grid)
    return sheets


def _with_merges(grids: list[SheetGrid], workbook: Any) -> list[SheetGrid]:
    for grid in grids:
        try:
            grid.use_ranges(workbook.get_sheet_by_name(grid.name).merged_cell_ranges)
        except Exception:  # a sheet calamine cannot open: its merges stay unknown
            continue
    return grids


def load_values(path: Path) -> list[SheetGrid]:
    """Every sheet's non-empty cells as last computed, read fast; empty for errors and uncomputed formulas.

    .xlsx, .xlsm, .xls and .ods alike (by their content: an .xls saved under an .xlsx name is read too)."""
    kind = sniff(path)
    try:
        from python_calamine import CalamineWorkbook, SheetVisibleEnum

        if kind == XLSX and path.suffix.lower() in (".xlsx", ".xlsm"):
            workbook = CalamineWorkbook.from_path(str(path))
        else:  # from the content: python-calamine picks the reader by the name of a path
            with path.open("rb") as stream:
                workbook = CalamineWorkbook.from_filelike(stream)
        sheets: list[SheetGrid] = []
        area = 0
        for meta in workbook.sheets_metadata:
            sheet = workbook.get_sheet_by_name(meta.name)
            end = sheet.end  # the last used cell: the rows are read from A1 to it
            area += (end[0] + 1) * (end[1] + 1) if end else 0
            if area > MAX_CELLS:
                # A far-away cell (a sheet that claims 1,048,576 rows) would be materialised as millions of
                # empty cells here; openpyxl reads only the rows that exist.
                if kind != XLSX:
                    raise UnusableInput("S01", reason="too_many_cells", detail=f"> {MAX_CELLS:,}")
                return _with_merges(load_grid(path), workbook)
            rows = sheet.to_python(skip_empty_area=False)  # from A1, "" for an empty cell
            flat: list[object] = list(chain.from_iterable(rows))
            visible = meta.visible == SheetVisibleEnum.Visible
            sheets.append(
                SheetGrid.of_rows(meta.name, visible, flat, len(rows[0]) if rows else 0, sheet.merged_cell_ranges)
            )
        return sheets
    except UnusableInput:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # calamine refuses (or panics on) some files openpyxl reads; openpyxl then says why
        if kind == XLS:
            raise UnusableInput("S01", reason="ole2") from exc
        if kind == ODS:
            raise UnusableInput("S01", reason="damaged", detail=f"{type(exc).__name__}: {exc}") from exc
        return load_grid(path)


_CELL_OR_FORMULA = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]+[0-9]+)"|<(?:\w+:)?(f)\b')


def formula_refs(path: Path, sheets: set[str]) -> dict[str, set[str]] | None:
    """For each of ``sheets``, the cells that hold a formula, as an .xlsx's sheet XML has them (``<f>``, shared
    ones too); None where that cannot be told (another kind of file, a damaged zip, a sheet not found).  Read
    only when asked (the localiser asks, for a report whose equations fail): a few milliseconds."""
    try:
        data = path.read_bytes()
        entries = stored_entries(data)
        if entries is None or "xl/workbook.xml" not in entries or "xl/_rels/workbook.xml.rels" not in entries:
            return None
        parts = sheet_parts(inflate(entries["xl/workbook.xml"]), inflate(entries["xl/_rels/workbook.xml.rels"]))
        found: dict[str, set[str]] = {}
        for sheet in sheets:
            part = (parts or {}).get(sheet)
            if part is None or part not in entries:
                return None
            found[sheet] = _formulas_in(inflate(entries[part]))
        return found
    except (OSError, ValueError, KeyError, SyntaxError):  # damaged parts; lxml's XMLSyntaxError is a SyntaxError
        return None


def _formulas_in(xml: bytes) -> set[str]:
    """The refs of the cells whose XML holds a formula: each <f> belongs to the cell opened last before it."""
    refs: set[str] = set()
    cell = b""
    for ref, formula in _CELL_OR_FORMULA.findall(xml):
        if formula:
            if cell:
                refs.add(cell.decode("ascii"))
        else:
            cell = ref
    return refs
