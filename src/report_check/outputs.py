"""Writing output files whole or not at all, and reproducibly."""

from __future__ import annotations

import io
import os
import re
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from .errors import OutputExists, OutputNotWritten

# Zip entries and document properties get this fixed time, so the same input gives the same bytes.
FIXED_ZIP_TIME = (2021, 9, 26, 0, 0, 0)
FIXED_TIMESTAMP = "2021-09-26T00:00:00Z"
_W3CDTF = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def atomic_write(path: str | Path, data: bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to a temporary file beside ``path`` and rename it into place.

    An interrupted write leaves the old file (or none), never half of one; a write the system refuses
    raises :class:`~report_check.errors.OutputNotWritten`.
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise OutputExists(path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=directory)
    except OSError as exc:
        raise OutputNotWritten(path, exc) from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; an output is an ordinary file
        os.replace(temporary, path)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputNotWritten(path, exc) from exc
        raise
    return path


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def reproducible_zip(data: bytes) -> bytes:
    """The same Office file with fixed entry times and fixed created/modified properties."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _W3CDTF.sub(rb"\g<1>" + FIXED_TIMESTAMP.encode() + rb"\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return out.getvalue()


# --- Office files as zips of parts, written directly ----------------------------------------

# Every entry gets FIXED_ZIP_TIME (2021-09-26, the date of the format), so the same input gives the same bytes.
_DOS_DATE = ((FIXED_ZIP_TIME[0] - 1980) << 9) | (FIXED_ZIP_TIME[1] << 5) | FIXED_ZIP_TIME[2]
_DOS_TIME = 0


@dataclass(frozen=True)
class Entry:
    """A part of the package, deflated (``method`` 8) or stored as it is (0)."""

    name: str
    crc: int
    size: int
    data: bytes
    method: int = 8


def entry(name: str, content: str | bytes, level: int = 9) -> Entry:
    """A part deflated (for the Word report: the unchanging parts at the highest level, once; the document at the
    fastest, 1 ms less a report for 2 KB more)."""
    raw = content.encode("utf-8") if isinstance(content, str) else content
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return Entry(name, zlib.crc32(raw), len(raw), compressor.compress(raw) + compressor.flush())


def zip_bytes(entries: list[Entry]) -> bytes:
    """A zip of the entries, in their order (``[Content_Types].xml`` first, as Office writes it)."""
    local, central = bytearray(), bytearray()
    for item in entries:
        name = item.name.encode("utf-8")
        header = struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            20,
            0,
            item.method,
            _DOS_TIME,
            _DOS_DATE,
            item.crc,
            len(item.data),
            item.size,
            len(name),
            0,
        )
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50, 20, 20, 0, item.method, _DOS_TIME, _DOS_DATE, item.crc, len(item.data), item.size,
            len(name), 0, 0, 0, 0, 0, len(local),
        )  # fmt: skip
        central += name
        local += header + name + item.data
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(local), 0)
    return bytes(local + central + end)
