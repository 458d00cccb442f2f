"""Writing output files whole or not at all, and reproducibly."""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
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
