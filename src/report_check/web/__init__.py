"""``report-check serve``: the clerk's page, served on the clerk's own machine.

A workbook (or a published report) chosen on the page is written to a private temporary folder, checked with
the same code as the command line, and the folder is removed before the answer goes back; the annotated copy
and the Word report are made at once and kept in memory under a random token until they are downloaded or an
hour has passed.  Nothing is sent anywhere, logged or kept.  Every asset is in this module: it works offline.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from ..check import Result, check_workbook
from ..findings import collapse, group_message
from ..reader.sources import PUBLISHED_SUFFIXES
from ..reader.sources.workbook import MAX_FILE_BYTES, SPREADSHEET_SUFFIXES
from ..rules.registry import Severity

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

KEEP_SECONDS = 3600  # an answer's downloads are kept this long at most
ACCEPTED = (*SPREADSHEET_SUFFIXES, *PUBLISHED_SUFFIXES)


@dataclass
class _Answer:
    """What one check made: the annotated copy, the Word report (if it passes), the failing one on request."""

    name: str
    result: Result
    made: float = field(default_factory=time.monotonic)
    annotated: bytes | None = None
    document: bytes | None = None


class _Answers:
    """The answers of this server, by random token; each expires, none is shared between tokens."""

    def __init__(self) -> None:
        self.items: dict[str, _Answer] = {}

    def add(self, answer: _Answer) -> str:
        self.expire()
        token = secrets.token_urlsafe(16)
        self.items[token] = answer
        return token

    def get(self, token: str) -> _Answer | None:
        self.expire()
        return self.items.get(token)

    def expire(self) -> None:
        now = time.monotonic()
        for token in [t for t, a in self.items.items() if now - a.made > KEEP_SECONDS]:
            del self.items[token]


def create_app() -> Starlette:
    from starlette.applications import Starlette
    from starlette.routing import Route

    answers = _Answers()

    async def home(request: Request) -> Response:
        from starlette.responses import HTMLResponse

        return HTMLResponse(_page(_upload_form()))

    async def template(request: Request) -> Response:
        from starlette.responses import Response

        from ..template.writer import template_bytes

        return Response(template_bytes(), media_type=XLSX, headers=_attachment("政府信息公开工作年度报告模板.xlsx"))

    async def check(request: Request) -> Response:
        from starlette.responses import HTMLResponse

        async with request.form(max_files=1, max_fields=4) as form:  # the upload's spool closed after
            upload = form.get("file")
            if upload is None or isinstance(upload, str) or not upload.filename:
                return HTMLResponse(_page(_upload_form(_message("请选择一个工作簿或报告文件。"))), status_code=400)
            name = Path(upload.filename).name
            data = await upload.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            text = f"文件太大（超过 {MAX_FILE_BYTES // 2**20} MB），不像是一份年度报告。"
            return HTMLResponse(_page(_upload_form(_message(text))), status_code=413)
        answer = _check(name, data)
        token = answers.add(answer)
        return HTMLResponse(_page(_results(answer, token) + _upload_form()))

    async def download(request: Request) -> Response:
        from starlette.responses import HTMLResponse, Response

        answer = answers.get(request.path_params["token"])
        kind = request.path_params["kind"]
        if answer is None:
            return HTMLResponse(_page(_message("这次检查的结果已过期，请重新选择文件。") + _upload_form()), 404)
        stem = Path(answer.name).stem
        if kind == "annotated" and answer.annotated is not None:
            return Response(answer.annotated, media_type=XLSX, headers=_attachment(f"{stem}（标注）.xlsx"))
        if kind == "docx":
            force = request.query_params.get("force") == "1"
            if answer.document is None and force and answer.result.unusable is None:
                from ..word.document import render_docx

                answer.document = render_docx(answer.result)  # its first page says it did not pass
            if answer.document is not None and (not answer.result.errors or force):
                return Response(answer.document, media_type=DOCX, headers=_attachment(f"{stem}.docx"))
        return HTMLResponse(_page(_message("没有可下载的文件。") + _upload_form()), 404)

    routes = [
        Route("/", home),
        Route("/template", template),
        Route("/check", check, methods=["POST"]),
        Route("/download/{token}/{kind}", download),
    ]
    return Starlette(routes=routes)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _attachment(name: str) -> dict[str, str]:
    from urllib.parse import quote

    return {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}


def _check(name: str, data: bytes) -> _Answer:
    """Check an upload in a private folder, removed before returning; make its downloads in memory."""
    from ..batch.outputs import annotated_copy
    from ..word.document import render_docx

    folder = Path(tempfile.mkdtemp(prefix="report-check-serve-"))
    try:
        path = folder / name
        path.write_bytes(data)
        result = check_workbook(path)
        result.file = name  # no path of this machine in what is shown
        answer = _Answer(name, result)
        if result.unusable is None and result.findings and path.suffix.lower() in SPREADSHEET_SUFFIXES:
            try:
                answer.annotated = annotated_copy(path, result, "zh")
            except Exception:  # a copy that cannot be made is not offered; the findings stand
                answer.annotated = None
        if result.unusable is None and not result.errors:
            answer.document = render_docx(result)
        return answer
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _message(text: str) -> str:
    return f'<p class="message">{escape(text)}</p>'


def _upload_form(notice: str = "") -> str:
    accept = ",".join(ACCEPTED)
    return f"""{notice}
<section>
<h2>检查一份报告</h2>
<form id="upload" action="/check" method="post" enctype="multipart/form-data">
<label class="drop">选择或拖入填好的工作簿（.xlsx、.xls、.ods），或公开的报告（网页、Word、PDF、文字）
<input type="file" name="file" accept="{escape(accept)}" onchange="this.form.submit()"></label>
<noscript><button type="submit">检查</button></noscript>
</form>
<p><a href="/template" download>下载官方格式的 Excel 模板</a></p>
</section>"""


def _results(answer: _Answer, token: str) -> str:
    result = answer.result
    fmt = result.format
    if result.unusable is not None:
        verdict, css = "无法读取", "bad"
    elif result.errors:
        verdict, css = f"不通过：{result.errors} 个错误，{result.warnings} 个警告", "bad"
    elif result.warnings:
        verdict, css = f"通过，有 {result.warnings} 个警告", "warn"
    else:
        verdict, css = "通过", "good"
    parts = [f'<section><h2>{escape(answer.name)}</h2><p class="verdict {css}">结论：{escape(verdict)}</p>']
    meta = result.values.metadata if result.values else None
    if meta and (meta.org_name or meta.year):
        parts.append(f"<p>{escape(meta.org_name or '')} {escape(str(meta.year or ''))} 年度</p>")
    from ..render.text_report import group_title, likely_line

    groups: dict[str | None, list[object]] = {}
    for finding in result.findings:
        groups.setdefault(finding.scope, []).append(finding)
    for scope, findings in groups.items():
        parts.append(f"<h3>{escape(group_title(fmt, scope, 'zh'))}</h3><ul>")
        for group in collapse(findings):  # type: ignore[arg-type]
            first = group[0]
            level = "错误" if first.severity is Severity.ERROR else "警告"
            where = escape(first.where)
            text = escape(group_message(fmt, group, "zh"))
            css = "error" if first.severity is Severity.ERROR else "warning"
            parts.append(f'<li class="{css}"><b>{level} {first.rule}</b> <code>{where}</code> {text}</li>')
        parts.append("</ul>")
        likely = likely_line(result, scope, "zh")
        if likely:
            parts.append(f'<p class="likely">→ {escape(likely)}</p>')
    links = []
    if answer.annotated is not None:
        links.append(f'<a href="/download/{token}/annotated">下载标注副本（有问题的单元格已标出并批注）</a>')
    if answer.document is not None:
        links.append(f'<a href="/download/{token}/docx">下载 Word 年度报告</a>')
    elif result.unusable is None:
        links.append(
            f'<form action="/download/{token}/docx" method="get"><input type="hidden" name="force" value="1">'
            '<label><input type="checkbox" required> 我知道这份报告没有通过检查，仍要生成'
            "（首页注明未通过检查）</label> "
            "<button>生成 Word 报告</button></form>"
        )
    parts.append("<p>" + "<br>".join(links) + "</p></section>")
    return "".join(parts)


_STYLE = """
body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;margin:2em auto;max-width:60em;
padding:0 1em;color:#222;line-height:1.6}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.5em}h3{font-size:1.05em;margin-bottom:.2em}
.drop{display:block;border:2px dashed #888;border-radius:8px;padding:2em;text-align:center;cursor:pointer}
.drop input{display:block;margin:1em auto 0}
.verdict{font-size:1.2em;font-weight:bold}.good{color:#1a7f37}.warn{color:#9a6700}.bad{color:#cf222e}
li.error b{color:#cf222e}li.warning b{color:#9a6700}.likely{font-weight:bold}.message{color:#cf222e}
code{background:#f3f3f3;padding:0 .3em}
"""


def _page(body: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>政府信息公开工作年度报告检查</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_STYLE}</style></head>
<body><h1>政府信息公开工作年度报告检查</h1>
<p>文件只在这台电脑上检查，不会上传到别处，检查完即删除。</p>
{body}</body></html>"""
