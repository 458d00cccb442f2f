"""The official Excel template, laid out from the format declaration.

Office staff should recognise the tables of the printed form: merged group
headers, official labels, the 勾稽关系 note.  What makes it machine-readable is
the workbook contract of FORMAT.md section 4 (``代码`` and ``栏目代码`` in column
A); where each table stands is this module's choice and nobody else's.

Input cells start at 0 (see README: 为什么输入单元格预填 0), are unlocked and carry
data validation; totals that are the single side of an equation are formulas
(still unlocked, so a unit may type a published figure); live check cells show
✗ in red while an equation does not hold.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..cellref import column_letters, compact_refs, coordinate
from ..format import CURRENT, Axis, Equation, Kind, MetaField, ReportFormat, TableSpec
from ..outputs import reproducible_zip

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

CODE_HEADER, CODE_ROW = "代码", "栏目代码"
FONT = "宋体"
TITLE_ROW, NOTE_ROW, FIRST_HEADER_ROW = 1, 2, 3
MAX_YEAR = 2100

NOTE = (
    "填写说明：只填写白色和浅蓝色单元格（浅蓝色为自动合计，可改写）。A 列的代码和“栏目代码”行是读取数据用的，"
    "请勿修改、删除或移动。没有发生的事项填 0。右侧和下方的校验格显示 ✗ 时，表中的数字不平衡。"
)

_COLOURS = {
    "header": "D9E1F2",
    "label": "F2F2F2",
    "input": "FFFFFF",
    "total": "DDEBF7",
    "unused": "BFBFBF",
    "code": "808080",
    "bad": "FFC7CE",
    "bad_text": "9C0006",
    "good_text": "006100",
}


@dataclass
class _Styles:
    """openpyxl style objects, made once per workbook."""

    title: object = None
    header: dict[str, object] = field(default_factory=dict)
    label: dict[str, object] = field(default_factory=dict)
    input: dict[str, object] = field(default_factory=dict)
    total: dict[str, object] = field(default_factory=dict)
    unused: dict[str, object] = field(default_factory=dict)
    code: dict[str, object] = field(default_factory=dict)
    check: dict[str, object] = field(default_factory=dict)
    note: dict[str, object] = field(default_factory=dict)


def _styles() -> _Styles:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)

    def fill(name: str) -> PatternFill:
        return PatternFill("solid", fgColor=_COLOURS[name])

    locked, unlocked = Protection(locked=True), Protection(locked=False)
    return _Styles(
        title={"font": Font(name=FONT, size=14, bold=True), "alignment": centre},
        header={
            "font": Font(name=FONT, size=10, bold=True),
            "fill": fill("header"),
            "border": border,
            "alignment": centre,
            "protection": locked,
        },
        label={
            "font": Font(name=FONT, size=10),
            "fill": fill("label"),
            "border": border,
            "alignment": left,
            "protection": locked,
        },
        input={
            "font": Font(name=FONT, size=11),
            "fill": fill("input"),
            "border": border,
            "alignment": Alignment(horizontal="right", vertical="center"),
            "protection": unlocked,
        },
        total={
            "font": Font(name=FONT, size=11, bold=True),
            "fill": fill("total"),
            "border": border,
            "alignment": Alignment(horizontal="right", vertical="center"),
            "protection": unlocked,
        },
        unused={"fill": fill("unused"), "border": border, "protection": locked},
        code={
            "font": Font(name="Arial", size=8, color=_COLOURS["code"]),
            "alignment": Alignment(horizontal="left", vertical="center"),
            "protection": locked,
        },
        check={
            "font": Font(name=FONT, size=9, color=_COLOURS["good_text"]),
            "border": border,
            "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
            "protection": locked,
        },
        note={"font": Font(name=FONT, size=9, color="595959"), "alignment": left, "protection": locked},
    )


def _put(ws: Worksheet, row: int, column: int, value: Any, style: dict[str, object]) -> None:
    cell = ws.cell(row=row, column=column, value=value)
    for name, item in style.items():
        setattr(cell, name, item)


def _merge(ws: Worksheet, row1: int, col1: int, row2: int, col2: int, value: object, style: dict[str, object]) -> None:
    for r in range(row1, row2 + 1):
        for c in range(col1, col2 + 1):
            _put(ws, r, c, value if (r, c) == (row1, col1) else None, style)
    if (row1, col1) != (row2, col2):
        ws.merge_cells(start_row=row1, start_column=col1, end_row=row2, end_column=col2)


def _title(ws: Worksheet, styles: _Styles, text: str, width: int) -> None:
    _merge(ws, TITLE_ROW, 1, TITLE_ROW, width, text, styles.title)  # type: ignore[arg-type]
    _merge(ws, NOTE_ROW, 1, NOTE_ROW, width, NOTE, styles.note)
    ws.row_dimensions[TITLE_ROW].height = 28
    ws.row_dimensions[NOTE_ROW].height = 42


def _page(ws: Worksheet, landscape: bool) -> None:
    """A4, one page wide."""
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _protect(ws: Worksheet) -> None:
    """Locked cells cannot be edited; no password, so a unit can lift it if it must."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.formatCells = False


def _validation(ws: Worksheet, kind: Kind, refs: list[str]) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    if not refs:
        return
    if kind is Kind.AMOUNT:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        dv.error = "请填写 0 或正数，单位为万元（如 1.25 表示 12500 元）。"
    else:
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        dv.error = "请填写 0 或正整数（件数）。没有的填 0。"
    dv.errorTitle = "数字不符合要求"
    dv.showErrorMessage = True
    dv.sqref = " ".join(refs)
    ws.add_data_validation(dv)


# --- the metadata and prose sheets -------------------------------------------------------


def _meta_validation(ws: Worksheet, meta: MetaField, ref: str) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    dv: DataValidation | None = None
    if meta.kind is Kind.CHOICE:
        labels = ",".join(choice.label for choice in meta.choices)
        dv = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True)
        dv.error = "请从下拉列表中选择。"
    elif meta.kind is Kind.YEAR:
        dv = DataValidation(type="whole", operator="between", formula1="2021", formula2=str(MAX_YEAR))
        dv.error = "请填写 2021 年及以后的四位年份。"
    elif meta.kind is Kind.CREDIT_CODE:
        dv = DataValidation(type="textLength", operator="equal", formula1="18", allow_blank=True)
        dv.error = "统一社会信用代码为 18 位。"
    elif meta.kind is Kind.REGION_CODE:
        dv = DataValidation(type="textLength", operator="equal", formula1="6", allow_blank=True)
        dv.error = "行政区划代码为 6 位数字。"
    elif meta.kind is Kind.DATE:
        dv = DataValidation(type="date", operator="greaterThan", formula1="44197", allow_blank=True)
        dv.error = "请填写日期，如 2023-01-20。"
    if dv is not None:
        dv.errorTitle = meta.label
        dv.showErrorMessage = True
        dv.sqref = ref
        ws.add_data_validation(dv)


def _fields_sheet(
    wb: Workbook,
    styles: _Styles,
    name: str,
    title: str,
    rows: list[tuple[str, str, str, MetaField | None]],
    value_width: int,
    tall: bool,
) -> None:
    """A sheet of code | label | value | hint rows (metadata and prose share this layout)."""
    from openpyxl.styles import Alignment

    ws = wb.create_sheet(name)
    _title(ws, styles, title, 4)
    header = FIRST_HEADER_ROW
    for column, text in enumerate((CODE_HEADER, "项目", "填写内容", "填写说明"), start=1):
        _put(ws, header, column, text, styles.header)
    for offset, (code, label, hint, meta) in enumerate(rows, start=1):
        row = header + offset
        _put(ws, row, 1, code, styles.code)
        _put(ws, row, 2, label, styles.label)
        _put(ws, row, 3, None, styles.input)
        _put(ws, row, 4, hint, styles.note)
        cell = ws.cell(row=row, column=3)
        cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        if meta is not None:
            if meta.kind in (Kind.CREDIT_CODE, Kind.REGION_CODE):
                cell.number_format = "@"
            elif meta.kind is Kind.DATE:
                cell.number_format = "yyyy-mm-dd"
            _meta_validation(ws, meta, cell.coordinate)
        if tall:
            ws.row_dimensions[row].height = 160 if code == "s1" else 90
    for letter, width in zip("ABCD", (12, 18, value_width, 36), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"A{header + 1}"
    _page(ws, landscape=tall)
    _protect(ws)


def _meta_hint(meta: MetaField) -> str:
    return ("必填。" if meta.required else "") + meta.hint


# --- table sheets ----------------------------------------------------------------------


@dataclass
class _Placed:
    """Where the writer put a table's cells, for formulas and check cells."""

    rows: dict[str, int] = field(default_factory=dict)
    columns: dict[str, int] = field(default_factory=dict)

    def ref(self, row: str, column: str) -> str:
        return coordinate(self.rows[row], self.columns[column])


def _single_totals(fmt: ReportFormat, table: TableSpec) -> dict[tuple[str, str], Equation]:
    """Cells that are the single total of an equation instance: written as the sum of its parts."""
    totals: dict[tuple[str, str], Equation] = {}
    for eq in fmt.equations_of(table.id):
        if len(eq.total) != 1:
            continue
        instances = table.column_codes if eq.terms is Axis.ROWS else table.row_codes
        for instance in instances:
            key = (eq.total[0], instance) if eq.terms is Axis.ROWS else (instance, eq.total[0])
            totals.setdefault(key, eq)
    return totals


def _sum_formula(placed: _Placed, eq: Equation, instance: str, side: tuple[str, ...]) -> str:
    if eq.terms is Axis.ROWS:
        refs = [placed.ref(code, instance) for code in side]
    else:
        refs = [placed.ref(instance, code) for code in side]
    joined = compact_refs(refs, ",")
    return f"SUM({joined})"


def _check_formula(placed: _Placed, eq: Equation, instance: str) -> str:
    difference = f"{_sum_formula(placed, eq, instance, eq.total)}-{_sum_formula(placed, eq, instance, eq.parts)}"
    return f'=IF({difference}=0,"✓","✗ 相差 "&ABS({difference}))'


def _table_sheet(wb: Workbook, styles: _Styles, fmt: ReportFormat, table: TableSpec) -> None:
    ws = wb.create_sheet(table.sheet)
    if table.sectioned:
        placed, label_columns = _sectioned_body(ws, styles, table)
    else:
        placed, label_columns = _grid_body(ws, styles, table)
    last_input = max(placed.columns.values())
    _title(ws, styles, table.title, last_input + 1)
    _cells(ws, styles, fmt, table, placed)
    _checks(ws, styles, fmt, table, placed, label_columns)
    ws.column_dimensions["A"].width = 9
    for column in placed.columns.values():
        ws.column_dimensions[column_letters(column)].width = 11 if table.id != "t2" else 15
    ws.column_dimensions[column_letters(last_input + 1)].width = 14
    first_row = min(placed.rows.values())
    ws.freeze_panes = coordinate(first_row, 2 + label_columns)
    _page(ws, landscape=table.id != "t2")
    _protect(ws)


def _grid_body(ws: Worksheet, styles: _Styles, table: TableSpec) -> tuple[_Placed, int]:
    """Tables 三 and 四: group labels merged down, value columns under (grouped) headers."""
    depth = max(len(row.groups) for row in table.rows)
    label_columns = depth + 1
    first_value = 2 + label_columns
    grouped = any(column.group for column in table.columns)
    header_rows = (1 if table.header else 0) + (2 if grouped else 1)
    top = FIRST_HEADER_ROW
    bottom = top + header_rows - 1
    code_row = bottom + 1
    placed = _Placed()

    _merge(ws, top, 1, bottom, 1, CODE_HEADER, styles.header)
    _merge(ws, top, 2, bottom, 1 + label_columns, table.corner, styles.header)
    row = top
    if table.header:
        _merge(ws, row, first_value, row, first_value + len(table.columns) - 1, table.header, styles.header)
        row += 1
    index = 0
    while index < len(table.columns):
        column = table.columns[index]
        col = first_value + index
        if column.group:
            span = sum(1 for c in table.columns[index:] if c.group == column.group)
            _merge(ws, row, col, row, col + span - 1, column.group, styles.header)
            for offset in range(span):
                _put(ws, row + 1, col + offset, table.columns[index + offset].label, styles.header)
                placed.columns[table.columns[index + offset].code] = col + offset
            index += span
        else:
            _merge(ws, row, col, bottom, col, column.label, styles.header)
            placed.columns[column.code] = col
            index += 1
    for r in range(top, bottom + 1):
        ws.row_dimensions[r].height = 30

    _code_row(ws, styles, code_row, table, placed, label_columns)
    first_data = code_row + 1
    for offset, spec in enumerate(table.rows):
        placed.rows[spec.code] = first_data + offset
    # Group labels merged down over the rows that share them; the row's own label to the right.
    for level, start, end, label in table.group_spans():
        _merge(ws, first_data + start, 2 + level, first_data + end, 2 + level, label, styles.label)
    for offset, spec in enumerate(table.rows):
        row = first_data + offset
        _put(ws, row, 1, spec.code, styles.code)
        _merge(ws, row, 2 + len(spec.groups), row, 1 + label_columns, spec.label, styles.label)
    widths = {2: 8, 3: 16, 4: 42} if label_columns == 3 else {2: 12, 3: 22}
    for index, width in widths.items():
        ws.column_dimensions[column_letters(index)].width = width
    for offset, spec in enumerate(table.rows):  # room for labels that wrap
        span = sum(widths[c] for c in range(2 + len(spec.groups), 2 + label_columns))
        ws.row_dimensions[first_data + offset].height = _height(spec.label, span)
    return placed, label_columns


def _height(text: str, width: float) -> float:
    """Row height (points) for ``text`` wrapped in a column ``width`` characters wide (a Chinese character is ~2)."""
    per_line = max(1, int(width / 2.1))
    lines = -(-len(text) // per_line)
    return max(16.0, 14.0 * lines + 2)


def _sectioned_body(ws: Worksheet, styles: _Styles, table: TableSpec) -> tuple[_Placed, int]:
    """Table 二: one header row of all value columns, then a caption row before each section."""
    label_columns = 2
    first_value = 2 + label_columns
    header = FIRST_HEADER_ROW
    code_row = header + 1
    placed = _Placed()
    _put(ws, header, 1, CODE_HEADER, styles.header)
    _merge(ws, header, 2, header, 1 + label_columns, table.corner, styles.header)
    for index, column in enumerate(table.columns):
        _put(ws, header, first_value + index, column.label, styles.header)
        placed.columns[column.code] = first_value + index
    ws.row_dimensions[header].height = 32
    _code_row(ws, styles, code_row, table, placed, label_columns)
    row = code_row
    caption = None
    last = first_value + len(table.columns) - 1
    for spec in table.rows:
        if spec.groups[:1] != caption:
            caption = spec.groups[:1]
            row += 1
            _put(ws, row, 1, None, styles.code)
            _merge(ws, row, 2, row, last, caption[0] if caption else "", styles.header)
        row += 1
        placed.rows[spec.code] = row
        _put(ws, row, 1, spec.code, styles.code)
        _merge(ws, row, 2, row, 1 + label_columns, spec.label, styles.label)
    ws.column_dimensions["B"].width = 10
    ws.column_dimensions["C"].width = 16
    return placed, label_columns


def _code_row(ws: Worksheet, styles: _Styles, row: int, table: TableSpec, placed: _Placed, label_columns: int) -> None:
    _put(ws, row, 1, CODE_ROW, styles.code)
    for column in range(2, 2 + label_columns):
        _put(ws, row, column, None, styles.code)
    for spec in table.columns:
        _put(ws, row, placed.columns[spec.code], spec.code, styles.code)
    ws.row_dimensions[row].height = 12


def _cells(ws: Worksheet, styles: _Styles, fmt: ReportFormat, table: TableSpec, placed: _Placed) -> None:
    totals = _single_totals(fmt, table)
    refs: dict[Kind, list[str]] = {}
    for row in table.rows:
        used = {column.code for column in table.columns_of(row)}
        for column in table.columns:
            r, c = placed.rows[row.code], placed.columns[column.code]
            if column.code not in used:
                _put(ws, r, c, None, styles.unused)
                continue
            eq = totals.get((row.code, column.code))
            if eq is None:
                _put(ws, r, c, 0, styles.input)
            else:
                instance = column.code if eq.terms is Axis.ROWS else row.code
                _put(ws, r, c, "=" + _sum_formula(placed, eq, instance, eq.parts), styles.total)
            if column.kind is Kind.AMOUNT:
                ws.cell(row=r, column=c).number_format = "0.00##"
            refs.setdefault(column.kind, []).append(coordinate(r, c))
    for kind, kind_refs in refs.items():
        _validation(ws, kind, kind_refs)


def _checks(
    ws: Worksheet, styles: _Styles, fmt: ReportFormat, table: TableSpec, placed: _Placed, label_columns: int
) -> None:
    """Live check cells: one per equation instance, red while it does not hold."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill

    equations = fmt.equations_of(table.id)
    if not equations:
        return
    check_refs: list[str] = []
    side_column = max(placed.columns.values()) + 1
    header_row = FIRST_HEADER_ROW
    code_row = min(placed.rows.values()) - 1
    below = max(placed.rows.values()) + 2
    for eq in equations:
        if eq.terms is Axis.COLUMNS:
            _merge(ws, header_row, side_column, code_row - 1, side_column, f"本行校验（{eq.code}）", styles.header)
            for row in table.rows:
                ref = coordinate(placed.rows[row.code], side_column)
                _put(ws, placed.rows[row.code], side_column, _check_formula(placed, eq, row.code), styles.check)
                check_refs.append(ref)
        else:
            _merge(ws, below, 2, below, 1 + label_columns, f"校验 {eq.code}：{eq.summary}", styles.label)
            ws.row_dimensions[below].height = 30
            for column in table.columns:
                col = placed.columns[column.code]
                _put(ws, below, col, _check_formula(placed, eq, column.code), styles.check)
                check_refs.append(coordinate(below, col))
            below += 1
    fill = PatternFill("solid", fgColor=_COLOURS["bad"], bgColor=_COLOURS["bad"])
    font = Font(color=_COLOURS["bad_text"], bold=True)
    for ref in check_refs:  # one rule per cell: a rule's formula is relative to its range's first cell
        rule = FormulaRule(formula=[f'LEFT({ref},1)="✗"'], fill=fill, font=font)  # type: ignore[no-untyped-call]
        ws.conditional_formatting.add(ref, rule)


# --- the workbook ------------------------------------------------------------------------


def build_template(fmt: ReportFormat = CURRENT) -> Workbook:
    """The template as an openpyxl workbook (to be saved, or filled by :mod:`.fill`)."""
    from openpyxl import Workbook

    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    styles = _styles()
    _fields_sheet(
        wb,
        styles,
        fmt.metadata_sheet,
        "政府信息公开工作年度报告 · 基本信息",
        [(m.code, m.label, _meta_hint(m), m) for m in fmt.metadata],
        48,
        tall=False,
    )
    for table in fmt.tables:
        _table_sheet(wb, styles, fmt, table)
    _fields_sheet(
        wb,
        styles,
        fmt.prose_sheet,
        "政府信息公开工作年度报告 · 正文",
        [(p.code, p.label, p.hint, None) for p in fmt.prose],
        100,
        tall=True,
    )
    wb.properties.title = "政府信息公开工作年度报告"
    wb.properties.subject = f"{fmt.version} 年格式（{fmt.basis}）"
    wb.properties.creator = "report-check"
    wb.calculation.fullCalcOnLoad = True
    return wb


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook saved, with fixed timestamps: the same content always gives the same bytes."""
    buffer = io.BytesIO()
    wb.save(buffer)
    return reproducible_zip(buffer.getvalue())


def template_bytes(fmt: ReportFormat = CURRENT) -> bytes:
    return workbook_bytes(build_template(fmt))
