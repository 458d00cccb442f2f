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

NAME_HEADERS = ("机关名称", "单位名称", "名称", "单位", "name", "org_name")
CODE_HEADERS = ("统一社会信用代码", "信用代码", "社会信用代码", "credit_code", "code")


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

    def matches(self, name: str | None, code: str | None) -> bool:
        if self.credit_code and code:
            return self.credit_code == code
        return name_key(self.name) is not None and name_key(self.name) == name_key(name)


def _rows_of(path: Path) -> list[list[str]]:
    if path.suffix.lower() == ".csv":
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise UnusableInput("S01", reason="csv_encoding")
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    from ..reader.xlsx import load_values

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
    """The expected units: a .csv or .xlsx with a name column and/or a credit-code column.

    The header row is recognised by its words (机关名称/单位名称/名称, 统一社会信用代码/信用代码); without
    one, the first column is the name and a column of valid credit codes is the code.  A roster without
    units raises :class:`UnusableInput` (every submission would otherwise be "not on the roster").
    """
    units = _units(path)
    if not units:
        raise UnusableInput("S01", reason="roster_empty")
    return units


def _units(path: Path) -> list[Unit]:
    rows = [row for row in _rows_of(path) if any(row)]
    if not rows:
        return []
    header = [normalize(cell) for cell in rows[0]]
    name_col = next((i for i, cell in enumerate(header) if cell in {normalize(h) for h in NAME_HEADERS}), None)
    code_col = next((i for i, cell in enumerate(header) if cell in {normalize(h) for h in CODE_HEADERS}), None)
    body = rows[1:] if name_col is not None or code_col is not None else rows
    if name_col is None and code_col is None:
        name_col = 0
        code_col = next((i for i in range(len(rows[0])) if any(code_key(row[i]) for row in rows if i < len(row))), None)
    units = []
    for row in body:
        name = row[name_col] if name_col is not None and name_col < len(row) else ""
        code = code_key(row[code_col]) if code_col is not None and code_col < len(row) else None
        if name or code:
            units.append(Unit(name or (code or ""), code))
    return units
