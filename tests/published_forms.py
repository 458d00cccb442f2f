"""Published forms of a report, made here as organs publish them (FORMAT.md section 6 layout).

- :func:`html_page`: a page as a government site's CMS writes it: navigation around the article, the
  three tables with rowspan/colspan, ``&nbsp;`` and ``<span>`` inside cells, half-width brackets and the
  variants 本年新收到 / 上年转结 / 转结下年度; UTF-8 or GBK with a meta charset.
- :func:`text_form`: the text copied from such a page (a line a row, cells apart by tabs), as in the seed.
- :func:`table_rows`: the tables' rows with merged cells spelt out (the text in the first cell), for an
  office's own spreadsheet.
"""

from __future__ import annotations

from html import escape

from report_check.format import CURRENT, TableSpec
from report_check.model import Report
from report_check.values import format_number

Cell = tuple[str, int, int]  # text, colspan, rowspan
VARIANTS = (
    ("本年新收", "本年新收到"),
    ("上年结转", "上年转结"),
    ("结转下年度", "转结下年度"),
    ("（", "("),
    ("）", ")"),
)


def _variant(label: str) -> str:
    for official, variant in VARIANTS:
        label = label.replace(official, variant)
    return label


def _value(report: Report, table: str, row: str, column: str) -> str:
    raw = report.cells[(table, row, column)].raw
    return format_number(raw) if isinstance(raw, int | float) else str(raw if raw is not None else "")


def _table2(report: Report, table: TableSpec) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    caption = None
    for spec in table.rows:
        columns = table.columns_of(spec)
        if spec.groups[0] != caption:
            caption = spec.groups[0]
            rows.append([(caption, 4, 1)])
            if len(columns) == 3:
                rows.append([(table.corner, 1, 1), *[(column.label, 1, 1) for column in columns]])
            else:
                rows.append([(table.corner, 1, 1), (columns[0].label, 3, 1)])
        values = [(_value(report, table.id, spec.code, c.code), 1 if len(columns) == 3 else 3, 1) for c in columns]
        rows.append([(spec.label, 1, 1), *values])
    return rows


def _table3(report: Report, table: TableSpec) -> list[list[Cell]]:
    rows: list[list[Cell]] = [
        [(table.corner, 3, 3), (table.header, 7, 1)],
        [("自然人", 1, 2), ("法人或其他组织", 5, 1), ("总计", 1, 2)],
        [(column.label, 1, 1) for column in table.columns if column.group],
    ]
    spans = {(level, first): (last - first + 1, label) for level, first, last, label in table.group_spans()}
    for index, spec in enumerate(table.rows):
        labels: list[Cell] = []
        for level in range(len(spec.groups)):
            if (level, index) in spans:
                height, label = spans[(level, index)]
                labels.append((_variant(label), 1, height))
        labels.append((_variant(spec.label), 3 - len(spec.groups), 1))
        rows.append(labels + [(_value(report, table.id, spec.code, c.code), 1, 1) for c in table.columns])
    return rows


def _table4(report: Report, table: TableSpec) -> list[list[Cell]]:
    heads = [(column.label, 1, 1) for column in table.columns]
    return [
        [("行政复议", 5, 1), ("行政诉讼", 10, 1)],
        [*[(column.label, 1, 2) for column in table.columns], ("未经复议直接起诉", 5, 1), ("复议后起诉", 5, 1)],
        heads + heads,
        [(_value(report, table.id, spec.code, c.code), 1, 1) for spec in table.rows for c in table.columns],
    ]


def tables(report: Report) -> list[tuple[str, list[list[Cell]]]]:
    """Each table's section title and rows."""
    makers = {"t2": _table2, "t3": _table3, "t4": _table4}
    return [(table.title, makers[table.id](report, table)) for table in CURRENT.tables]


def _prose(report: Report, code: str) -> list[str]:
    cell = report.prose.get(code)
    return [line for line in str(cell.raw if cell else "").splitlines() if line.strip()]


def _title(report: Report) -> tuple[str, str]:
    meta = {code: cell.raw for code, cell in report.metadata.items()}
    return str(meta["org_name"]), f"{int(meta['year'])}年政府信息公开工作年度报告"  # type: ignore[arg-type]


def _html_cell(text: str, colspan: int, rowspan: int, index: int) -> str:
    spans = (f' colspan="{colspan}"' if colspan > 1 else "") + (f' rowspan="{rowspan}"' if rowspan > 1 else "")
    body = escape(text)
    if index % 3 == 1:
        body = f"<span style='font-size:12px'>{body}</span>"
    elif index % 3 == 2:
        body = f"&nbsp;{body}&nbsp;"
    return f"<td{spans}><p>{body}</p></td>"


def html_page(report: Report, encoding: str = "utf-8") -> bytes:
    org, title = _title(report)
    sections = dict(tables(report))
    body = [f"<h1>{escape(org)}</h1><h2>{escape(title)}</h2>"]
    body += [f"<p>{escape(line)}</p>" for line in _prose(report, "preamble")]
    prose = {CURRENT.sections[0]: "s1", CURRENT.sections[4]: "s5", CURRENT.sections[5]: "s6"}
    for heading in CURRENT.sections:
        body.append(f"<p><strong>{escape(heading)}</strong></p>")
        if heading in prose:
            body += [f"<p style='text-indent:2em'>{escape(line)}</p>" for line in _prose(report, prose[heading])]
        else:
            cells = 0
            rows = []
            for row in sections[heading]:
                parts = []
                for text, colspan, rowspan in row:
                    parts.append(_html_cell(text, colspan, rowspan, cells))
                    cells += 1
                rows.append(f"<tr>{''.join(parts)}</tr>")
            body.append(f"<table border='1' cellspacing='0'><tbody>{''.join(rows)}</tbody></table>")
    page = (
        f"<!DOCTYPE html><html><head><meta http-equiv='Content-Type' content='text/html; charset={encoding}'>"
        f"<title>{escape(title)}</title><script>var nav = '<table><tr><td>1</td></tr></table>';</script></head>"
        "<body><div class='nav'><ul><li><a href='/'>首页</a></li><li><a href='/gk'>政务公开</a></li>"
        "<li><a href='/hd'>互动交流</a></li></ul></div>"
        f"<div class='article'>{''.join(body)}</div>"
        "<div class='footer'><p>主办单位：某某人民政府办公室 ICP备案号：浙ICP备00000000号</p></div></body></html>"
    )
    return page.encode(encoding)


def table_rows(report: Report) -> list[list[str | None]]:
    """The three tables as spreadsheet rows: a merged cell's text in its first cell, each under its title."""
    out: list[list[str | None]] = []
    for heading, rows in tables(report):
        out.append([heading])
        taken: set[tuple[int, int]] = set()
        for r, row in enumerate(rows):
            line: list[str | None] = []
            column = 0
            for text, colspan, rowspan in row:
                while (r, column) in taken:
                    line.append(None)
                    column += 1
                line.append(text)
                line.extend([None] * (colspan - 1))
                for dr in range(rowspan):
                    for dc in range(colspan):
                        taken.add((r + dr, column + dc))
                column += colspan
            out.append(line)
    return out


def text_form(report: Report) -> str:
    """The page's text as copied from a browser: title, paragraphs, and each table row a line of tabs."""
    org, title = _title(report)
    lines = [org, title, *_prose(report, "preamble")]
    prose = {CURRENT.sections[0]: "s1", CURRENT.sections[4]: "s5", CURRENT.sections[5]: "s6"}
    rows = table_rows(report)
    for heading in CURRENT.sections:
        lines.append(heading)
        if heading in prose:
            lines += _prose(report, prose[heading])
            continue
        start = rows.index([heading]) + 1
        for row in rows[start:]:
            if len(row) == 1 and row[0] in CURRENT.sections:
                break
            lines.append("\t".join(cell or "" for cell in row))
    return "\n".join(lines) + "\n"
