"""Text that an Office file (XML 1.0) can hold: the check for control characters and their removal."""

from __future__ import annotations

import re

# Characters XML 1.0 cannot hold (and so neither can .docx nor .xlsx): C0 controls but tab, newline and
# carriage return, the UTF-16 surrogates, and U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters an Office file cannot contain."""
    return _NOT_XML.sub("", text)


def has_control_characters(text: str) -> bool:
    return _NOT_XML.search(text) is not None


def escape(text: str, entities: dict[str, str] | None = None) -> str:
    """``&``, ``<`` and ``>`` (and any of ``entities``) as XML writes them, as ``xml.sax.saxutils.escape`` does:
    that module imports urllib.request, http.client and ssl (30 ms of every start-up) for functions not used here."""
    text = text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    for character, entity in (entities or {}).items():
        text = text.replace(character, entity)
    return text


def quoteattr(text: str) -> str:
    """``text`` escaped and quoted as an attribute's value, as ``xml.sax.saxutils.quoteattr`` does."""
    text = escape(text, {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})
    if '"' in text:
        if "'" in text:
            return '"{}"'.format(text.replace('"', "&quot;"))
        return f"'{text}'"
    return f'"{text}"'
