"""A published report's prose and metadata from its paragraphs: the six sections, the organ and year."""

from __future__ import annotations

import re
import unicodedata

from ..format import ReportFormat
from ..format.labels import normalize
from ..model import Cell
from .grid import Value

_TITLE = re.compile(r"(?P<year>20\d\d)\s*年度?\s*政府信息公开(?:工作)?年度报告")


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
    preamble = [
        p for p in parts.get(-1, []) if not _TITLE.search(p) and not p.endswith(("人民政府", "办公室", "办公厅"))
    ]
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


def metadata_of(texts: list[str], sheet: str) -> dict[str, Cell]:
    """The organ and year from the report's title (机关层级 and 机关类别 where the name tells them): the first
    line naming a year's 政府信息公开工作年度报告, the organ before it on the line or on the line above."""
    found: dict[str, Value] = {}
    for index, line in enumerate(texts[:MAX_TITLE_LINES]):
        title = _TITLE.search(line)
        if title is None:
            continue
        org = re.split(r"[\s|｜_>»·:：]+", line[: title.start("year")].strip())[-1] if title.start("year") else ""
        if not org and index:
            org = texts[index - 1].strip()
        org = org.strip("（）()《》“”〈〉[]【】")
        found.setdefault("year", int(title.group("year")))
        if 2 <= len(org) <= MAX_ORG_NAME:  # else a page's <title> without the organ: the heading names it
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
