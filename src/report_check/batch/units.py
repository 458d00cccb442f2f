"""Who a submission is: matching units by credit code or normalised name, and reading a roster."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import UnusableInput
from ..format.labels import normalize
from ..values import credit_check_character

NAME_HEADERS = ("机关名称", "单位名称", "名称", "单位", "机关", "报送单位", "name", "org_name", "organ")
CODE_HEADERS = ("统一社会信用代码", "信用代码", "社会信用代码", "credit_code", "code", "代码")
HEADER_SCAN_ROWS = 20  # a header row is looked for below this many title rows at most


def name_key(name: str | None) -> str | None:
    """A name as compared: width, spaces and punctuation folded (宁波市 海曙区… = 宁波市海曙区…)."""
    if not name:
        return None
    return normalize(name) or None


def code_key(code: object) -> str | None:
    if code is None:
        return None
    text = unicodedata.normalize("NFKC", str(code)).strip().upper()
    if len(text) == 18 and credit_check_character(text[:17]) == text[17]:
        return text
    return None


@dataclass(frozen=True)
class Unit:
    name: str
    credit_code: str | None = None


def _rows_of(path: Path) -> list[list[str]]:
    """The roster's rows of cell texts: .csv (UTF-8 or GBK), .txt (one name a line), or a workbook's first sheet
    (.xlsx, .xls, .ods)."""
    if path.suffix.lower() in (".csv", ".txt"):
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise UnusableInput("S01", reason="csv_encoding")
        if path.suffix.lower() == ".txt":
            return [[line.strip()] for line in text.splitlines()]
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    from ..reader.sources.workbook import load_values

    grids = load_values(path)
    if not grids:
        return []
    grid = grids[0]
    if not grid.cells:
        return []
    max_row = max(r for r, _ in grid.cells)
    max_col = max(c for _, c in grid.cells)
    return [
        ["" if grid.get(r, c) is None else _cell_text(grid.get(r, c)) for c in range(1, max_col + 1)]
        for r in range(1, max_row + 1)
    ]


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_roster(path: Path) -> list[Unit]:
    """The expected units: a .csv, .txt or workbook with a name column and/or a credit-code column.

    The header row is recognised by its words (机关名称/单位名称/名称, 统一社会信用代码/信用代码) below any
    title rows; without one, the names are the column of text (a .txt: one name a line) and a column of valid
    credit codes is the code.  A roster without units raises :class:`UnusableInput` (every submission would
    otherwise be "not on the roster").
    """
    units = _units(path)
    if not units:
        raise UnusableInput("S01", reason="roster_empty")
    return units


def _header_columns(row: list[str]) -> tuple[int | None, int | None]:
    """(name column, code column) if ``row`` is the roster's header."""
    cells = [normalize(cell) for cell in row]
    code_col = next((i for i, c in enumerate(cells) if c and any(normalize(h) == c for h in CODE_HEADERS)), None)
    if code_col is None:
        code_col = next((i for i, c in enumerate(cells) if "信用代码" in c), None)
    name_col = next((i for i, c in enumerate(cells) if c and any(normalize(h) == c for h in NAME_HEADERS)), None)
    if name_col is None:
        name_col = next((i for i, c in enumerate(cells) if "名称" in c and i != code_col), None)
    return name_col, code_col


def _is_count(text: str) -> bool:
    return text.replace(".", "", 1).isdigit()


def _units(path: Path) -> list[Unit]:
    rows = [row for row in _rows_of(path) if any(cell.strip() for cell in row)]
    if not rows:
        return []
    header = next((i for i, row in enumerate(rows[:HEADER_SCAN_ROWS]) if _header_columns(row) != (None, None)), None)
    if header is not None:
        name_col, code_col = _header_columns(rows[header])
        body = rows[header + 1 :]
    else:
        width = max(len(row) for row in rows)
        code_col = next((i for i in range(width) if any(code_key(row[i]) for row in rows if i < len(row))), None)
        # The names: the column holding the most text that is neither a number (序号) nor a credit code.
        texts = [
            sum(1 for row in rows if i < len(row) and row[i] and not _is_count(row[i]) and not code_key(row[i]))
            for i in range(width)
        ]
        name_col = max(range(width), key=lambda i: texts[i]) if any(texts) else None
        body = rows
        filled = [sum(1 for cell in row if cell.strip()) for row in rows]
        if sum(1 for count in filled if count > 1) > len(rows) // 2:  # a table: a one-cell row above it is a title
            while body and filled[len(rows) - len(body)] == 1:
                body = body[1:]
    units = []
    for row in body:
        name = row[name_col].strip() if name_col is not None and name_col < len(row) else ""
        code = code_key(row[code_col]) if code_col is not None and code_col < len(row) else None
        if _is_count(name):
            name = ""
        if name or code:
            units.append(Unit(name or (code or ""), code))
    return units
