"""Matching labels found in a workbook against the official ones (FORMAT.md section 7)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .spec import ReportFormat

# Enumeration marks at the start of a label: 一、 （一） (一) 1. 1、 1．
_ENUMERATION = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d+[.、])\s*")


def _strip_enumerations(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = _ENUMERATION.sub("", text)
    return text


@lru_cache(maxsize=4096)
def normalize(text: str, variants: tuple[tuple[str, str], ...] = ()) -> str:
    """Full-width to half-width, enumeration marks, spaces and punctuation removed."""
    text = unicodedata.normalize("NFKC", text)
    text = _strip_enumerations(text)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")
    for variant, official in variants:
        text = text.replace(variant, official)
    return text


@lru_cache(maxsize=8192)
def label_matches(fmt: ReportFormat, found: str, official: str) -> bool:
    """Whether ``found`` names the same thing as ``official``.

    Accepted: the same words after normalising; an abbreviation (a part of the
    official label of at least four characters, such as 逾期不补正); the official
    label preceded by more words (五、政府信息公开工作存在的主要问题及改进情况 or a
    group label in the same cell).
    """
    got = normalize(found, fmt.label_variants)
    want = normalize(official, fmt.label_variants)
    if not got or got == want:
        return True
    if len(got) >= 4 and got in want:  # 逾期不补正
        return True
    if len(got) >= 4 and len(got) <= len(want) * ABBREVIATED and _in_order(got, want):  # 逾期未缴费
        return True
    return got.endswith(want)


ABBREVIATED = 0.6  # an abbreviation is much shorter than its label; one nearly as long is the label drifted


def _in_order(short: str, long: str) -> bool:
    """Every character of ``short`` in ``long``, in order: how abbreviations are made (逾期未缴费)."""
    rest = iter(long)
    return all(char in rest for char in short)


CLOSE = 0.75  # a label this similar to the official one (difflib's ratio) is the same row, written a little off


@lru_cache(maxsize=8192)
def label_close(fmt: ReportFormat, found: str, official: str) -> bool:
    """Whether ``found`` is the official label with small drift (其他法律法规禁止公开 for 其他法律行政法规禁止公开):
    a code in its place with such a label is read, with a warning that names both texts."""
    from difflib import SequenceMatcher

    got = normalize(found, fmt.label_variants)
    want = normalize(official, fmt.label_variants)
    return SequenceMatcher(None, got, want, autojunk=False).ratio() >= CLOSE
