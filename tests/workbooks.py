"""Building test workbooks: the sample report in the template, plus edits named by codes.

An edit is a small dict (as written in ``rule_cases.toml``):

- ``{set = "t3/3.1/natural", value = 38}``  a table cell (a value, text or ``=formula``)
- ``{meta = "year", value = 2019}``; ``{prose = "s5", value = "无"}``
- ``{row_code = "t3/3.3.2", to = "3.3.9"}``; ``{column_code = "t3/natural", to = "person"}``
- ``{label = "t3/3.3.2", value = "予以公开"}``; ``{column_label = "t3/natural", value = "..."}``
- ``{delete_row = "t3/3.3.2"}``; ``{copy_row = "t3/3.1"}`` (appended below the table)
- ``{swap_rows = ["t3/3.1", "t3/3.2"]}`` (whole rows, codes included); ``{swap_codes = [...]}`` (codes only)
- ``{delete_sheet = "依申请公开"}``; ``{rename_sheet = "依申请公开", to = "表三"}``
- ``{clear_code_row = "t3"}``; ``{text = "主动公开!B20", value = "本年新制作数量"}``
- ``{merge = "依申请公开!E9:F9"}`` merges cells
- ``{values = "baseline"}`` is a no-op marker for readability
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from report_check.cellref import parse_coord
from report_check.format import CURRENT
from report_check.model import Report, Values
from report_check.reader.place.codes import build_report
from report_check.samples import haishu_2022
from report_check.template.fill import fill, grids_of
from report_check.template.writer import workbook_bytes

Edit = Mapping[str, Any]

# The sample report, completed so that it raises no warning either: the baseline of every case.
FEE_STATEMENT = "本年度未收取信息处理费。"


def baseline_values() -> Values:
    values = haishu_2022()
    values.prose["s6"] = f"{values.prose['s6']}{FEE_STATEMENT}"
    return values


@cache
def _baseline_bytes() -> bytes:
    return workbook_bytes(fill(baseline_values()))


def baseline_workbook() -> Workbook:
    return load_workbook(io.BytesIO(_baseline_bytes()))


def _locate(wb: Workbook) -> Report:
    return build_report("<test>", grids_of(wb), CURRENT)


def _row_of(wb: Workbook, path: str) -> tuple[str, int]:
    table, row_code = path.split("/")
    report = _locate(wb)
    for site in report.sites:
        if site.table == table and site.found_in == table and site.code == row_code and site.axis == "row":
            return site.sheet, parse_coord(site.ref)[0]
    raise KeyError(path)


def _column_of(wb: Workbook, path: str) -> tuple[str, int, int]:
    table, column_code = path.split("/")
    report = _locate(wb)
    for site in report.sites:
        if site.found_in == table and site.code == column_code and site.axis == "column":
            row, column = parse_coord(site.ref)
            return site.sheet, row, column
    raise KeyError(path)


def _unmerge_rows(ws: Any, rows: Iterable[int]) -> None:
    wanted = set(rows)
    for merged in list(ws.merged_cells.ranges):
        if any(merged.min_row <= row <= merged.max_row for row in wanted):
            ws.unmerge_cells(str(merged))


def apply(wb: Workbook, edit: Edit) -> None:
    report = _locate(wb)
    if "set" in edit:
        table, row, column = edit["set"].split("/")
        cell = report.cells[(table, row, column)]
        wb[cell.sheet][cell.ref] = edit["value"]
    elif "meta" in edit:
        cell = report.metadata[edit["meta"]]
        wb[cell.sheet][cell.ref] = edit["value"]
    elif "prose" in edit:
        cell = report.prose[edit["prose"]]
        wb[cell.sheet][cell.ref] = edit["value"]
    elif "row_code" in edit:
        sheet, row = _row_of(wb, edit["row_code"])
        wb[sheet].cell(row=row, column=1).value = edit["to"]
    elif "column_code" in edit:
        sheet, row, column = _column_of(wb, edit["column_code"])
        wb[sheet].cell(row=row, column=column).value = edit["to"]
    elif "label" in edit:
        sheet, row = _row_of(wb, edit["label"])
        ws = wb[sheet]
        _unmerge_rows(ws, [row])
        for column in range(2, 5):
            if isinstance(ws.cell(row=row, column=column).value, str):
                ws.cell(row=row, column=column).value = None
        ws.cell(row=row, column=2).value = edit["value"]
    elif "column_label" in edit:
        sheet, row, column = _column_of(wb, edit["column_label"])
        ws = wb[sheet]
        for r in range(row - 1, 0, -1):
            if ws.cell(row=r, column=column).value:
                ws.cell(row=r, column=column).value = edit["value"]
                break
    elif "delete_row" in edit:
        sheet, row = _row_of(wb, edit["delete_row"])
        ws = wb[sheet]
        _unmerge_rows(ws, range(row, ws.max_row + 1))
        ws.delete_rows(row)
    elif "copy_row" in edit:
        sheet, row = _row_of(wb, edit["copy_row"])
        ws = wb[sheet]
        target = ws.max_row + 2
        for column in range(1, ws.max_column + 1):
            ws.cell(row=target, column=column, value=ws.cell(row=row, column=column).value)
    elif "swap_rows" in edit:
        first, second = edit["swap_rows"]
        sheet, row1 = _row_of(wb, first)
        _, row2 = _row_of(wb, second)
        ws = wb[sheet]
        _unmerge_rows(ws, [row1, row2])
        for column in range(1, ws.max_column + 1):
            a, b = ws.cell(row=row1, column=column), ws.cell(row=row2, column=column)
            a.value, b.value = b.value, a.value
    elif "swap_codes" in edit:
        first, second = edit["swap_codes"]
        sheet1, row1 = _row_of(wb, first)
        sheet2, row2 = _row_of(wb, second)
        a, b = wb[sheet1].cell(row=row1, column=1), wb[sheet2].cell(row=row2, column=1)
        a.value, b.value = b.value, a.value
    elif "delete_sheet" in edit:
        del wb[edit["delete_sheet"]]
    elif "rename_sheet" in edit:
        wb[edit["rename_sheet"]].title = edit["to"]
    elif "clear_code_row" in edit:
        site = report.tables[edit["clear_code_row"]]
        assert site.code_row is not None
        ws = wb[site.sheet]
        for column in range(1, ws.max_column + 1):
            ws.cell(row=site.code_row, column=column).value = None
    elif "text" in edit:
        sheet, ref = edit["text"].split("!")
        ws = wb[sheet]
        _unmerge_rows(ws, [parse_coord(ref)[0]])
        ws[ref] = edit["value"]
    elif "hide_sheet" in edit:
        wb[edit["hide_sheet"]].sheet_state = "hidden"
    elif "merge" in edit:
        sheet, cells = edit["merge"].split("!")
        wb[sheet].merge_cells(cells)
    elif "values" in edit:
        pass
    elif "copy_sheet" in edit:  # Excel's 移动或复制 → 建立副本: "依申请公开 (2)" after the original
        copy = wb.copy_worksheet(wb[edit["copy_sheet"]])
        copy.title = f"{edit['copy_sheet']} (2)"
        for ref, value in edit.get("then", {}).items():
            copy[ref] = value
    elif "zero_tables" in edit:  # the template as downloaded: every count and amount 0
        for table in CURRENT.tables:
            for row, column in table.cells():
                apply(wb, {"set": f"{table.id}/{row.code}/{column.code}", "value": 0})
    else:
        raise ValueError(f"unknown edit {edit}")


def build(edits: Iterable[Edit] = (), values: Values | None = None) -> bytes:
    wb = fill(values) if values is not None else baseline_workbook()
    for edit in edits:
        apply(wb, edit)
    return workbook_bytes(wb)


def write(path: Path, edits: Iterable[Edit] = (), values: Values | None = None) -> Path:
    path.write_bytes(build(edits, values))
    return path


@cache
def _layout() -> Report:
    return build_report("<memory>", grids_of(fill(baseline_values())), CURRENT)


def report_from(values: Values, raw: Mapping[tuple[str, str, str], object] | None = None) -> Report:
    """A report in memory, laid out as the template: fast, for property tests of the checks."""
    layout = _layout()
    report = dataclasses.replace(
        layout, source="<memory>", cells=dict(layout.cells), prose=dict(layout.prose), metadata=dict(layout.metadata)
    )
    for key, cell in layout.cells.items():
        value = raw[key] if raw is not None and key in raw else values.numbers.get(key)
        report.cells[key] = dataclasses.replace(cell, raw=value)  # type: ignore[arg-type]
    for code, cell in layout.prose.items():
        report.prose[code] = dataclasses.replace(cell, raw=values.prose.get(code) or None)
    for code, cell in layout.metadata.items():
        value = getattr(values.metadata, code)
        report.metadata[code] = dataclasses.replace(
            cell, raw=value.isoformat() if hasattr(value, "isoformat") else value
        )
    return report


def saved_by_libreoffice(source: Path, suffix: str, folder: Path) -> Path:
    """``source`` opened and saved (or printed) by LibreOffice as ``suffix`` (xlsx, pdf, doc), in ``folder``:
    a file made as an office without Excel makes it.  The caller skips where ``soffice`` is missing."""
    import subprocess

    out = folder / f"lo-{suffix}"
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{folder}/lo-profile", "--convert-to", suffix,
         "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return out / f"{source.stem}.{suffix}"
