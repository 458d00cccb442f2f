"""Reading the parts of an Office file (a zip) as they are stored, without :mod:`zipfile`.

An .xlsx is a zip of a dozen parts.  ``zipfile`` spends about 0.3 ms opening one (objects for every entry,
a seek and a read per part); a batch opens every submission to look at it and again to copy it.  Here the
central directory is read from the bytes in one pass, and a part is inflated only when asked for, or copied
as it is stored.  A zip of a kind this does not read (zip64, split, encrypted or otherwise compressed
parts, a damaged directory) gives None, and the caller uses ``zipfile``.
"""

from __future__ import annotations

import posixpath
import struct
import zlib

from .outputs import Entry

_END = b"PK\x05\x06"
_CENTRAL = b"PK\x01\x02"
_LOCAL = b"PK\x03\x04"
_END_SIZE = 22
_CENTRAL_SIZE = 46
_LOCAL_SIZE = 30
_MAX_COMMENT = 0xFFFF
_UTF8_NAMES = 0x800
_ENCRYPTED = 0x1
_ZIP64 = 0xFFFFFFFF
# A central directory entry's fixed part: its mark, flags, method, CRC, sizes, the lengths of its name, extra
# field and comment, and where its local header is (the fields between them skipped).
_CENTRAL_HEADER = struct.Struct("<4s4xHH4xIIIHHH8xI")


def has_directory(data: bytes) -> bool:
    """Whether ``data`` ends as a zip does (its end-of-directory record), as ``zipfile.is_zipfile`` decides."""
    return data.rfind(_END, max(0, len(data) - _END_SIZE - _MAX_COMMENT)) >= 0


# A part as the central directory lists it: its name, CRC, size stored and inflated, where its local header
# starts in the zip's bytes, and how it is stored (a plain tuple: made for every part of every file sniffed).
_Record = tuple[str, int, int, int, int, int]


def _directory(data: bytes) -> list[_Record] | None:
    """The central directory of the zip ``data``, read whole; None for a zip of another kind."""
    end = data.rfind(_END, max(0, len(data) - _END_SIZE - _MAX_COMMENT))
    if end < 0 or len(data) - end < _END_SIZE:
        return None
    disk, start_disk, _, count, size, offset, _ = struct.unpack_from("<HHHHIIH", data, end + 4)
    if disk or start_disk or count == 0xFFFF or offset == 0xFFFFFFFF or size == 0xFFFFFFFF:
        return None  # split or zip64
    shift = end - size - offset  # bytes before the zip (a self-extracting archive), as zipfile allows
    if shift < 0:
        return None
    records: list[_Record] = []
    position = offset + shift
    header = _CENTRAL_HEADER.unpack_from
    for _ in range(count):
        if position + _CENTRAL_SIZE > end:
            return None
        mark, flags, method, crc, packed, unpacked, name_length, extra_length, comment_length, local = header(
            data, position
        )
        raw_name = data[position + _CENTRAL_SIZE : position + _CENTRAL_SIZE + name_length]
        position += _CENTRAL_SIZE + name_length + extra_length + comment_length
        if (
            mark != _CENTRAL
            or flags & _ENCRYPTED
            or method not in (0, 8)
            or _ZIP64 in (packed, unpacked, local)
            or position > end
        ):
            return None
        if raw_name.isascii():  # the usual case: the same in UTF-8 and cp437, decoded without a codec lookup
            name = raw_name.decode("ascii")
        else:
            try:
                name = raw_name.decode("utf-8" if flags & _UTF8_NAMES else "cp437")
            except UnicodeDecodeError:
                return None  # a damaged directory: zipfile says what it makes of it
        records.append((name, crc, packed, unpacked, local + shift, method))
    if position != offset + shift + size:  # entries the count leaves out (zipfile reads the whole directory)
        return None
    return records


def part_sizes(data: bytes) -> dict[str, int] | None:
    """Each part of the zip ``data`` with its size inflated, as its directory says; None as for
    :func:`stored_entries`."""
    records = _directory(data)
    return None if records is None else {name: unpacked for name, _, _, unpacked, _, _ in records}


def stored_entries(data: bytes) -> dict[str, Entry] | None:
    """Every part of the zip ``data``, in the directory's order, as stored (deflated or not); None for a zip
    of another kind (see the module's text)."""
    records = _directory(data)
    if records is None:
        return None
    entries: dict[str, Entry] = {}
    for name, crc, packed, unpacked, local, method in records:
        if data[local : local + 4] != _LOCAL or local + _LOCAL_SIZE > len(data):
            return None
        local_name, local_extra = struct.unpack_from("<HH", data, local + 26)
        begin = local + _LOCAL_SIZE + local_name + local_extra
        if begin + packed > len(data):
            return None
        entries[name] = Entry(name, crc, unpacked, data[begin : begin + packed], method)
    return entries


def inflate(entry: Entry, limit: int = -1) -> bytes:
    """The part's content (its first ``limit`` bytes or so, where given); ValueError if it is damaged."""
    if entry.method == 0:
        content = entry.data if limit < 0 else entry.data[:limit]
    else:
        try:
            if limit < 0:
                content = zlib.decompress(entry.data, -15)
            else:
                return zlib.decompressobj(-15).decompress(entry.data, limit)
        except zlib.error as exc:
            raise ValueError(f"{entry.name}: {exc}") from exc
    if limit < 0 and (len(content) != entry.size or zlib.crc32(content) != entry.crc):
        raise ValueError(f"{entry.name}: damaged (size or CRC)")
    return content


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def sheet_parts(workbook: bytes, relationships: bytes) -> dict[str, str] | None:
    """Each sheet's name and the part that holds it (xl/worksheets/sheet1.xml), from xl/workbook.xml and its
    relationships; None for a workbook without a sheets element.  KeyError for a sheet whose relationship is
    missing."""
    from lxml import etree

    targets = {rel.get("Id"): rel.get("Target") for rel in etree.fromstring(relationships)}
    sheets = etree.fromstring(workbook).find(f"{_MAIN}sheets")
    if sheets is None:
        return None
    return {sheet.get("name") or "": _part_path("xl", targets[sheet.get(_REL_ID)] or "") for sheet in sheets}


def _part_path(base: str, target: str) -> str:
    """A relationship's target as a part's name in the zip (relative to ``base``, or absolute)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base, target))
