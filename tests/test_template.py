"""The template: the committed file is current, it follows the workbook contract, and it helps the user."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from report_check.check import check_report
from report_check.format import CURRENT
from report_check.reader import read_workbook
from report_check.template.writer import template_bytes
from workbooks import baseline_values, report_from

TEMPLATE = Path(__file__).parent.parent / "templates" / "政府信息公开工作年度报告模板.xlsx"


def test_committed_template_is_what_the_command_writes(update_golden: bool) -> None:
    current = template_bytes()
    if update_golden:
        TEMPLATE.write_bytes(current)
    committed = TEMPLATE.read_bytes()
    if committed != current:
        old, new = zipfile.ZipFile(io.BytesIO(committed)), zipfile.ZipFile(io.BytesIO(current))
        changed = [n for n in new.namelist() if n not in old.namelist() or old.read(n) != new.read(n)]
        raise AssertionError(f"templates/ is stale in {changed}; run: report-check template -o {TEMPLATE} --overwrite")


def test_template_is_reproducible() -> None:
    assert template_bytes() == template_bytes()


def test_template_is_read_by_codes_with_every_cell() -> None:
    report = read_workbook(TEMPLATE)
    for table in CURRENT.tables:
        assert report.tables[table.id].sheet == table.sheet
        for row, column in table.cells():
            assert (table.id, row.code, column.code) in report.cells
    assert len([k for k in report.cells if k[0] == "t3"]) == 175
    assert set(report.metadata) == {m.code for m in CURRENT.metadata}
    assert set(report.prose) == {p.code for p in CURRENT.prose}


def test_template_starts_at_zero_with_formulas_for_totals() -> None:
    wb = load_workbook(TEMPLATE)
    ws = wb["依申请公开"]
    assert ws["E7"].value == 0
    assert ws["K7"].value == "=SUM(E7:J7)"
    assert ws["E30"].value == "=SUM(E9:E29)"
    assert wb["复议诉讼"]["H5"].value == "=SUM(D5:G5)"
    assert wb["基本信息"]["C4"].value is None


def test_template_is_protected_with_unlocked_inputs_and_validation() -> None:
    wb = load_workbook(TEMPLATE)
    report = read_workbook(TEMPLATE)
    for ws in wb.worksheets:
        assert ws.protection.sheet, ws.title
        assert ws.protection.password is None
    for cell in report.cells.values():
        assert not wb[cell.sheet][cell.ref].protection.locked, cell
    for code in ("org_name", "year", "level"):
        meta = report.metadata[code]
        assert not wb[meta.sheet][meta.ref].protection.locked
    assert wb["依申请公开"]["B7"].protection.locked
    assert wb["依申请公开"]["A7"].protection.locked
    ws = wb["依申请公开"]
    kinds = {dv.type for dv in ws.data_validations.dataValidation}
    assert kinds == {"whole"}
    assert "E7" in str(ws.data_validations.dataValidation[0].sqref)
    assert {dv.type for dv in wb["主动公开"].data_validations.dataValidation} == {"whole", "decimal"}
    lists = [dv for dv in wb["基本信息"].data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 2
    assert "县级" in str(lists[0].formula1)


def test_template_has_the_official_merged_headers() -> None:
    ws = load_workbook(TEMPLATE)["依申请公开"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "E3:K3" in merged  # 申请人情况 over the 7 value columns
    assert "F4:J4" in merged  # 法人或其他组织 over its 5
    assert "E4:E5" in merged and "K4:K5" in merged  # 自然人, 总计 down two rows
    assert "B9:B30" in merged  # 三、本年度办理结果 down 22 rows
    assert "C11:C18" in merged  # （三）不予公开 down 8 rows
    assert ws["B3"].value == CURRENT.table("t3").corner


def test_live_check_cells_turn_red_while_an_equation_fails() -> None:
    ws = load_workbook(TEMPLATE)["依申请公开"]
    check_row = ws["L7"].value
    assert isinstance(check_row, str) and check_row.startswith("=IF(") and "K7" in check_row
    texts = [ws.cell(row=r, column=2).value for r in range(32, 36)]
    assert any(isinstance(t, str) and "B1" in t for t in texts)
    assert any(isinstance(t, str) and "B2" in t for t in texts)
    rules = {str(r.sqref): r.rules for r in ws.conditional_formatting}
    assert "L7" in rules and 'LEFT(L7,1)="✗"' in rules["L7"][0].formula[0]


def test_filled_template_passes() -> None:
    result = check_report(report_from(baseline_values()))
    assert result.findings == []
