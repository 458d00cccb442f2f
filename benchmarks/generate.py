"""Generates N realistic submissions for the batch benchmark.

Every unit is different (name, valid credit code, balanced random figures in
the proportions of real reports); about 10% carry a seeded fault, taken in turn
from every rule family (S, C, V, B, W), and a few files are not workbooks at all.

Writing 10,000 workbooks with openpyxl would take over ten minutes, so the
template is filled once per variant with sentinel values and each submission
is made by replacing the sentinels in the sheet XML (about 2 ms a file).  The
files are still ordinary workbooks: ``report-check`` reads them as any other.

    python benchmarks/generate.py 1000 /tmp/submissions [--seed 1] [--fault-share 0.7]
"""

from __future__ import annotations

import argparse
import io
import random
import re
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl.workbook.workbook import Workbook

from report_check.format import CURRENT
from report_check.model import Metadata, Values
from report_check.template.fill import fill
from report_check.template.writer import workbook_bytes
from report_check.values import credit_check_character

SENTINEL = 7_000_000  # data cell i holds SENTINEL + i in a variant's base workbook
TEXT_SENTINELS = {"org_name": "@@ORG@@", "credit_code": "@@CODE@@", "year": "@@YEAR@@"}
FAULT_SHARE = 0.10
UNREADABLE_SHARE = 0.005

CELLS = [(t.id, r.code, c.code) for t in CURRENT.tables for r, c in t.cells()]
T3 = CURRENT.table("t3")
APPLICANTS = [c.code for c in T3.columns if c.code != "total"]
RESULTS = [r.code for r in T3.rows if r.code.startswith("3.3.") and r.code != "3.3.7"]
# Most requests come from natural persons; most results are 予以公开, 部分公开 or 不掌握.
APPLICANT_WEIGHT = {"natural": 8, "commercial": 2, "research": 0.2, "ngo": 0.2, "legal": 0.5, "other": 0.5}
RESULT_WEIGHT = {"3.3.1": 6, "3.3.2": 2, "3.3.4.1": 3, "3.3.5.1": 0.5, "3.3.5.2": 0.3, "3.3.6.3": 0.3}


def credit_code(index: int) -> str:
    first17 = f"1133{index:013d}"
    return first17 + (credit_check_character(first17) or "0")


def random_values(rng: random.Random, index: int, year: int) -> Values:
    numbers: dict[tuple[str, str, str], int | float] = dict.fromkeys(CELLS, 0)
    size = rng.choice([0, 1, 3, 8, 20, 60, 200])
    for column in APPLICANTS:
        scale = size * APPLICANT_WEIGHT[column] / 10
        results = {row: int(rng.random() * scale * RESULT_WEIGHT.get(row, 0.05)) for row in RESULTS}
        handled = sum(results.values())
        forward = int(rng.random() * scale * 0.3)
        over = min(int(rng.random() * scale * 0.3), handled + forward)
        values = {**results, "3.3.7": handled, "3.4": forward, "3.2": over, "3.1": handled + forward - over}
        for row, value in values.items():
            numbers[("t3", row, column)] = value
    for row in T3.row_codes:
        numbers[("t3", row, "total")] = sum(int(numbers[("t3", row, c)]) for c in APPLICANTS)
    for row, share in (("4.1", 1.0), ("4.2", 0.5), ("4.3", 0.3)):  # few suits follow a reconsideration
        outcomes = [int(rng.random() * share * size / 20) for _ in range(4)]
        for column, value in zip(("upheld", "corrected", "other", "pending"), outcomes, strict=True):
            numbers[("t4", row, column)] = value
        numbers[("t4", row, "total")] = sum(outcomes)
    issued = rng.randint(0, 30)
    numbers[("t2", "2.1.2", "issued")] = issued
    numbers[("t2", "2.1.2", "repealed")] = rng.randint(0, 10)
    numbers[("t2", "2.1.2", "in_force")] = issued + rng.randint(0, 200)
    for row in ("2.5.1", "2.6.1", "2.6.2"):
        numbers[("t2", row, "decisions")] = rng.randint(0, 5000)
    numbers[("t2", "2.8.1", "amount")] = round(rng.random() * 500, 4)
    metadata = Metadata(f"某市第{index}局", year, "county", "department", credit_code(index), "330203")
    prose = {
        "preamble": "",
        "s1": "（一）主动公开情况。本年度主动公开政府信息。\n（二）依申请公开情况。依法办理申请。",
        "s5": "一是公开质量有待提高。下一步将加强审核。",
        "s6": "本年度未收取信息处理费。",
    }
    return Values(metadata, numbers, prose)


# --- variants: the template filled with sentinels, with or without a structural fault ----------------


def _sentinel_workbook() -> Workbook:
    values = random_values(random.Random(0), 0, 2022)
    for position, key in enumerate(CELLS):
        values.numbers[key] = SENTINEL + position
    wb = fill(values)
    for sheet in wb.worksheets:  # metadata sentinels as text
        for (cell,) in sheet.iter_rows(min_col=1, max_col=1):
            code = cell.value
            if isinstance(code, str) and code in TEXT_SENTINELS and cell.row is not None:
                sheet.cell(row=cell.row, column=3).value = TEXT_SENTINELS[code]
    return wb


def _delete_sheet(wb: Workbook) -> None:
    del wb["复议诉讼"]


def _swap_codes(wb: Workbook) -> None:
    ws = wb["依申请公开"]
    ws["A9"].value, ws["A10"].value = ws["A10"].value, ws["A9"].value


STRUCTURAL: dict[str, Callable[[Workbook], None]] = {"S": _delete_sheet, "C": _swap_codes}


@dataclass
class Variant:
    sheets: dict[str, str]  # zip member -> XML text with sentinels (openpyxl writes text inline)
    others: dict[str, bytes]


def _variant(fault: str | None) -> Variant:
    wb = _sentinel_workbook()
    if fault in STRUCTURAL:
        STRUCTURAL[fault](wb)
    archive = zipfile.ZipFile(io.BytesIO(workbook_bytes(wb)))
    sheets, others = {}, {}
    for name in archive.namelist():
        data = archive.read(name)
        if name.startswith("xl/worksheets/sheet"):
            sheets[name] = data.decode("utf-8")
        else:
            others[name] = data
    return Variant(sheets, others)


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def _render(variant: Variant, values: Values, raw: dict[int, str]) -> bytes:
    """A variant with the sentinels replaced: numbers, or (``raw``) text in a number cell."""

    def number(match: re.Match[str]) -> str:
        position = int(match.group(3)) - SENTINEL
        attributes = match.group(2)
        if position in raw:
            return f'<c r="{match.group(1)}"{attributes} t="inlineStr"><is><t>{escape(raw[position])}</t></is></c>'
        value = values.numbers.get(CELLS[position])
        if value is None:
            return f'<c r="{match.group(1)}"{attributes}/>'
        return f'<c r="{match.group(1)}"{attributes}><v>{_number_text(value)}</v></c>'

    pattern = re.compile(r'<c r="([A-Z]+\d+)"([^>]*?)(?: t="n")?><v>(7\d{6})</v></c>')
    meta = values.metadata
    texts = {
        TEXT_SENTINELS["org_name"]: escape(meta.org_name or ""),
        TEXT_SENTINELS["credit_code"]: meta.credit_code or "",
        TEXT_SENTINELS["year"]: str(meta.year),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for name, data in variant.others.items():
            target.writestr(name, data)
        for name, template in variant.sheets.items():
            text = pattern.sub(number, template)
            for sentinel, replacement in texts.items():
                text = text.replace(sentinel, replacement)
            target.writestr(name, text)
    return out.getvalue()


# --- seeded faults of the value families ------------------------------------------------------


def _position(key: tuple[str, str, str]) -> int:
    return CELLS.index(key)


def _fault_values(family: str, values: Values, rng: random.Random) -> dict[int, str]:
    """Change ``values`` for a B or W fault; return text for V faults."""
    if family == "V":
        key = rng.choice([k for k in CELLS if k[0] == "t3" and k[2] != "total" and k[1] not in ("3.3.7",)])
        return {_position(key): rng.choice(["无", "—", "12件", "/"])}
    if family == "B":
        key = ("t3", "3.3.7", "natural") if rng.random() < 0.5 else ("t3", "3.4", "total")
        values.numbers[key] = int(values.numbers[key]) + 1
    if family == "W":
        values.prose["s6"] = "信息收费情况：0。"  # no word of 信息处理费 (W05)
    return {}


def generate(
    count: int, folder: Path, seed: int = 1, year: int = 2022, fault_share: float = FAULT_SHARE
) -> dict[str, int]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    variants = {fault: _variant(fault) for fault in (None, "S", "C")}
    families = ["S", "C", "V", "B", "W"]
    tally: dict[str, int] = {"valid": 0, "unreadable": 0, **dict.fromkeys(families, 0)}
    digits = len(str(count))
    for index in range(1, count + 1):
        path = folder / f"{index:0{digits}d}-某市第{index}局.xlsx"
        draw = rng.random()
        if draw < UNREADABLE_SHARE:
            path.write_bytes(b"not a workbook: a renamed text file\n")
            tally["unreadable"] += 1
            continue
        values = random_values(rng, index, year)
        fault = families[index % len(families)] if draw < UNREADABLE_SHARE + fault_share else None
        raw = _fault_values(fault, values, rng) if fault in ("V", "B", "W") else {}
        variant = variants[fault if fault in STRUCTURAL else None]
        path.write_bytes(_render(variant, values, raw))
        tally[fault or "valid"] += 1
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--year", type=int, default=2022)
    parser.add_argument(
        "--fault-share", type=float, default=FAULT_SHARE, help="share of units with a finding (a real folder: 0.7)"
    )
    args = parser.parse_args(argv)
    tally = generate(args.count, args.folder, args.seed, args.year, args.fault_share)
    print(f"wrote {args.count} submissions to {args.folder}: {tally}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
