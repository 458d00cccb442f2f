"""A published report's prose and metadata from its paragraphs: the six sections, the organ and year."""

from __future__ import annotations

import re
import unicodedata

from ..format import ReportFormat
from ..format.labels import normalize
from ..model import Cell
from .grid import Value

_CN_DIGITS = "〇○零一二三四五六七八九"
_YEAR = rf"(?P<year>20\d\d|二\s*[〇○零]\s*[{_CN_DIGITS}]\s*[{_CN_DIGITS}])"
# The title, its words maybe wrapped over lines (a PDF, a narrow page): any space or break between characters.
_TITLE = re.compile(
    _YEAR + r"\s*年\s*度?\s*" + r"\s*".join("政府信息公开") + r"(?:\s*工\s*作)?\s*" + r"\s*".join("年度报告")
)
# What an organ's name ends with; a breadcrumb or a column name (政府信息公开年报) does not.
_ORGAN = re.compile(
    r"(?:人民政府|办公室|办公厅|管理委员会|管委会|委员会|办事处|街道|局|委|厅|中心|署|院|部|处|镇|乡|所|站|馆|队|会|办)$"
)
_PARAGRAPH_END = ("。", "！", "？", "；", "：", "!", "?", ";", ":")
_ENUMERATED = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.、．])")


def _section_of(paragraph: str, fmt: ReportFormat) -> int | None:
    """The number (0–5) of the section whose title the paragraph is, if it is one."""
    text = unicodedata.normalize("NFKC", paragraph).strip()
    for index, title in enumerate(fmt.sections):
        if not text.startswith(title[0]) or len(text) > len(title) + 16:
            continue
        got = normalize(text, fmt.label_variants)
        want = normalize(title, fmt.label_variants)
        if got == want or got.endswith(want):
            return index
    return None


def prose_of(paragraphs: list[str], fmt: ReportFormat, sheet: str) -> dict[str, Cell]:
    """The preamble and sections 一、五、六 of the paragraphs, by the section titles."""
    parts: dict[int, list[str]] = {}
    current = -1
    for paragraph in paragraphs:
        section = _section_of(paragraph, fmt)
        if section is not None and section > current:
            current = section
            parts.setdefault(current, [])
            continue
        parts.setdefault(current, []).append(paragraph)
    title = _title_line(parts.get(-1, []))
    preamble = [p for p in parts.get(-1, [])[title + 1 :] if not _TITLE.search(p)] if title >= 0 else parts.get(-1, [])
    codes = {"preamble": -1, "s1": 0, "s5": 4, "s6": 5}
    prose: dict[str, Cell] = {}
    for field_ in fmt.prose:
        index = codes.get(field_.code)
        if index is None or (index >= 0 and index not in parts):
            continue
        text = "\n".join(preamble if index == -1 else parts[index])
        prose[field_.code] = Cell(sheet, "", text)  # a section of the text: no cell to name
    return prose


_LEVELS = (  # the last division named in the organ's name, finest first
    ("township", re.compile(r"(?:镇|乡|街道)")),
    ("county", re.compile(r"(?:县|(?<!自治)(?<!开发)(?<!新)区|旗)")),
    ("municipal", re.compile(r"(?:市|州|盟)")),
    ("provincial", re.compile(r"(?:省|自治区)")),
)
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


def _level(org: str) -> str | None:
    name = re.sub(r"(人民政府.*|管理委员会.*|管委会.*)$", "", org)
    for level, pattern in _LEVELS:
        if pattern.search(name):
            if level == "municipal" and name.startswith(_MUNICIPALITIES) and name.count("市") == 1:
                return "provincial"
            return level
    return None


def _org_kind(org: str) -> str | None:
    if re.search(r"人民政府办公(?:室|厅)$", org):
        return "office"
    if org.endswith("人民政府"):
        return "government"
    if re.search(r"(?:管理委员会|管委会)$", org):
        return "dispatched"
    if re.search(r"(?:局|委员会|委|厅|办公室|办|中心|署|院|部|处)$", org):
        return "department"
    return None


def reflow(lines: list[str], fmt: ReportFormat) -> list[str]:
    """A PDF's lines as paragraphs: a line goes on the one before unless that one ends a sentence or holds the
    report's title, or either is a section title, or it starts an enumerated item (（一）, 1.)."""
    paragraphs: list[str] = []
    for line in lines:
        previous = paragraphs[-1] if paragraphs else ""
        joins = (
            previous
            and not previous.endswith(_PARAGRAPH_END)
            and not _TITLE.search(previous)  # the title stands alone
            and _section_of(previous, fmt) is None
            and _section_of(line, fmt) is None
            and not _ENUMERATED.match(line)
        )
        if joins:
            glue = " " if previous[-1:].isascii() and line[:1].isascii() and previous[-1:].isalnum() else ""
            paragraphs[-1] = previous + glue + line
        else:
            paragraphs.append(line)
    return paragraphs


def _title_line(lines: list[str]) -> int:
    """The index of the line holding the title (its year's words), or -1."""
    return next((index for index, line in enumerate(lines) if _TITLE.search(line)), -1)


def _year(text: str) -> int:
    digits = re.sub(r"\s", "", text)
    if digits.isdigit():
        return int(digits)
    return int("".join(str(_CN_DIGITS.index(char) - 2 if _CN_DIGITS.index(char) >= 3 else 0) for char in digits))


def metadata_of(texts: list[str], sheet: str, fmt: ReportFormat) -> dict[str, Cell]:
    """The organ and year from the report's title (机关层级 and 机关类别 where the name tells them), read among the
    lines before 一、总体情况 (a link to last year's report further down must not give the year): the title's
    words may wrap over two lines; the organ is what stands before the year on its line, or the line above,
    when it reads as an organ's name."""
    head: list[str] = []
    for line in texts[:MAX_TITLE_LINES]:
        if _section_of(line, fmt) == 0:
            break
        head.append(line)
    found: dict[str, Value] = {}
    for index in range(len(head)):
        joined = head[index] + (head[index + 1] if index + 1 < len(head) else "")
        title = _TITLE.search(joined)
        if title is None or title.start("year") >= len(head[index]):
            continue
        found.setdefault("year", _year(title.group("year")))
        before = head[index][: title.start("year")].strip()
        org = re.split(r"[\s|｜_>»·:：]+", before)[-1] if before else (head[index - 1].strip() if index else "")
        org = re.sub(r"关于$", "", org.strip("（）()《》“”〈〉[]【】"))
        if 2 <= len(org) <= MAX_ORG_NAME and _ORGAN.search(org) and "政府信息公开" not in org:
            found["org_name"] = org
            level, kind = _level(org), _org_kind(org)
            if level:
                found["level"] = level
            if kind:
                found["org_kind"] = kind
            break
    return {code: Cell(sheet, "", value) for code, value in found.items()}  # read from the title: no cell


MAX_TITLE_LINES = 200  # the title stands among the first lines of a page, after its navigation
MAX_ORG_NAME = 40
