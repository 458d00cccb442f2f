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
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from ..check import Result, check_workbook
from ..findings import collapse, group_message
from ..reader.sources import PUBLISHED_SUFFIXES
from ..reader.sources.workbook import MAX_FILE_BYTES, SPREADSHEET_SUFFIXES
from ..render.text_report import group_title, likely_line, verdict
from ..rules.registry import Severity

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

    from ..batch import Progress

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


@dataclass
class _BatchAnswer:
    """A batch's results: its rows, and every output of `report-check batch` as one .zip."""

    rows: list[tuple[str, str, str, int, int, str]]  # file, organ, status, errors, warnings, first problem
    missing: list[str]
    archive: bytes
    made: float = field(default_factory=time.monotonic)


class _Answers:
    """The answers of this server, by random token; each expires, none is shared between tokens."""

    def __init__(self) -> None:
        self.items: dict[str, _Answer | _BatchAnswer] = {}

    def add(self, answer: _Answer | _BatchAnswer) -> str:
        self.expire()
        token = secrets.token_urlsafe(16)
        self.items[token] = answer
        return token

    def get(self, token: str) -> _Answer | _BatchAnswer | None:
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
    jobs: dict[str, _Job] = {}

    async def home(request: Request) -> Response:
        from starlette.responses import HTMLResponse

        return HTMLResponse(_page(_upload_form()))

    async def template(request: Request) -> Response:
        from starlette.responses import Response

        from ..template.writer import template_bytes

        return Response(template_bytes(), media_type=XLSX, headers=_attachment("政府信息公开工作年度报告模板.xlsx"))

    async def check(request: Request) -> Response:
        from starlette.responses import HTMLResponse, RedirectResponse

        async with request.form(max_files=1, max_fields=4) as form:  # the upload's spool closed after
            upload = form.get("file")
            if upload is None or isinstance(upload, str) or not upload.filename:
                return HTMLResponse(_page(_upload_form(_message("请选择一个工作簿或报告文件。"))), status_code=400)
            name = _short(Path(upload.filename).name)
            if name in (".", ".."):
                name = "未命名.xlsx"
            data = await upload.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            text = f"文件太大（超过 {MAX_FILE_BYTES // 2**20} MB），不像是一份年度报告。"
            return HTMLResponse(_page(_upload_form(_message(text))), status_code=413)
        try:
            answer = _check(name, data)
        except Exception as exc:  # never a stack trace on the page
            text = f"检查这个文件时出错（{type(exc).__name__}），请把文件发给技术人员。"
            return HTMLResponse(_page(_upload_form(_message(text))), status_code=500)
        token = answers.add(answer)
        return RedirectResponse(f"/result/{token}", status_code=303)  # a refresh shows it again, not re-uploads

    async def result(request: Request) -> Response:
        from starlette.responses import HTMLResponse

        token = request.path_params["token"]
        answer = answers.get(token)
        if not isinstance(answer, _Answer):
            return HTMLResponse(_page(_message("这次检查的结果已过期，请重新选择文件。") + _upload_form()), 404)
        return HTMLResponse(_page(_results(answer, token) + _upload_form()))

    async def supervise(request: Request) -> Response:
        from starlette.responses import HTMLResponse

        if request.method == "GET":
            return HTMLResponse(_page(_batch_form(), supervisor=True))
        async with request.form(max_files=MAX_BATCH_FILES + 1, max_fields=8) as form:
            uploads = [item for item in form.getlist("files") if not isinstance(item, str) and item.filename]
            roster = form.get("roster")
            files = [(_relative(item.filename or ""), await item.read(MAX_BATCH_BYTES + 1)) for item in uploads]
            roster_file = None
            if roster is not None and not isinstance(roster, str) and roster.filename:
                roster_file = (Path(roster.filename).name, await roster.read(MAX_FILE_BYTES + 1))
        problem = _batch_problem(files)
        if problem:
            return HTMLResponse(_page(_batch_form(_message(problem)), supervisor=True), status_code=400)
        now = time.monotonic()
        for old in [t for t, j in jobs.items() if j.finished and now - j.made > KEEP_SECONDS]:
            del jobs[old]  # results never asked for
        job = _Job(total=len(files))
        token = secrets.token_urlsafe(16)
        jobs[token] = job
        threading.Thread(target=_run, args=(job, files, roster_file), daemon=True).start()
        return HTMLResponse(_page(_waiting(token), supervisor=True))

    async def job_status(request: Request) -> Response:
        from starlette.responses import JSONResponse

        job = jobs.get(request.path_params["token"])
        if job is None:
            return JSONResponse({"missing": True}, status_code=404)
        return JSONResponse({"stage": job.stage, "done": job.done, "total": job.total, "finished": job.finished})

    async def job_result(request: Request) -> Response:
        from starlette.responses import HTMLResponse

        token = request.path_params["token"]
        job = jobs.get(token)
        if job is None or not job.finished:
            return HTMLResponse(
                _page(_batch_form(_message("这次检查的结果已过期，请重新选择文件。")), supervisor=True), 404
            )
        if job.answer is None:
            return HTMLResponse(_page(_batch_form(_message(job.problem)), supervisor=True), status_code=400)
        download = answers.add(job.answer)
        del jobs[token]
        return HTMLResponse(_page(_batch_results(job.answer, download) + _batch_form(), supervisor=True))

    async def download(request: Request) -> Response:
        from starlette.responses import HTMLResponse, Response

        answer = answers.get(request.path_params["token"])
        kind = request.path_params["kind"]
        if isinstance(answer, _BatchAnswer):
            if kind != "zip":
                return HTMLResponse(_page(_message("没有可下载的文件。")), 404)
            return Response(answer.archive, media_type="application/zip", headers=_attachment("检查结果.zip"))
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
        Route("/result/{token}", result),
        Route("/download/{token}/{kind}", download),
        Route("/batch", supervise, methods=["GET", "POST"]),
        Route("/batch/{token}", job_status),
        Route("/batch/{token}/result", job_result),
    ]
    return Starlette(routes=routes, lifespan=_lifespan)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _attachment(name: str) -> dict[str, str]:
    from urllib.parse import quote

    return {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}


def _check(name: str, data: bytes) -> _Answer:
    """Check an upload in a private folder, removed before returning; make its downloads in memory."""
    from ..batch.outputs import annotated_copy
    from ..word.document import render_docx

    folder = _private_folder()
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
        _remove(folder)


MAX_BATCH_FILES = 2000  # files in one upload (a .zip counts its entries)
MAX_BATCH_BYTES = 1 << 30  # all files of one upload, inflated


def _relative(name: str) -> str:
    """A file's name as a browser sends it (with its folders, for a folder chosen), kept inside the inbox: no
    .., no drive, each part short enough for any file system."""
    parts = [part for part in name.replace("\\", "/").split("/") if part not in ("", ".", "..") and ":" not in part]
    return "/".join(_short(part) for part in parts) or "未命名"


MAX_NAME_BYTES = 150  # a name's bytes (UTF-8) on disk; most file systems allow 255


def _short(part: str) -> str:
    """A file name cut to MAX_NAME_BYTES, its suffix kept."""
    if len(part.encode("utf-8")) <= MAX_NAME_BYTES:
        return part
    stem, suffix = Path(part).stem, Path(part).suffix[:16]
    while stem and len((stem + "…" + suffix).encode("utf-8")) > MAX_NAME_BYTES:
        stem = stem[:-1]
    return stem + "…" + suffix


def _zip_name(info: object) -> str:
    """An entry's name: UTF-8 where the zip says so, else as Chinese Windows writes it (GBK), not CP437."""
    name = str(info.filename)  # type: ignore[attr-defined]
    if info.flag_bits & 0x800:  # type: ignore[attr-defined]
        return name
    try:
        return name.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return name


def _batch_problem(files: list[tuple[str, bytes]]) -> str:
    if not files:
        return "请选择要检查的文件（可以一次选多个，也可以选一个 .zip）。"
    if len(files) > MAX_BATCH_FILES:
        return f"一次最多检查 {MAX_BATCH_FILES} 个文件。"
    for name, data in files:
        limit = MAX_BATCH_BYTES if name.lower().endswith(".zip") else MAX_FILE_BYTES
        if len(data) > limit:
            return f"“{name}”超过 {limit // 2**20} MB，" + (
                "太大了。" if limit == MAX_BATCH_BYTES else "不像是年度报告。"
            )
    return ""


def _unpacked(folder: Path, files: list[tuple[str, bytes]]) -> str:
    """The uploads written into ``folder``; a .zip unpacked there (entries with .. or an absolute path refused,
    its size and count limited).  A message where it cannot be."""
    import io
    import posixpath
    import zipfile

    total = 0
    for name, data in files:
        if name.lower().endswith(".zip"):  # unpacked into a folder named after it
            try:
                archive = zipfile.ZipFile(io.BytesIO(data))
            except zipfile.BadZipFile:
                return f"“{name}”不是有效的 .zip 文件。"
            with archive:
                entries = [info for info in archive.infolist() if not info.is_dir()]
                if len(entries) > MAX_BATCH_FILES:
                    return f"“{name}”中的文件超过 {MAX_BATCH_FILES} 个。"
                for info in entries:
                    inner = _zip_name(info).replace("\\", "/")
                    if inner.startswith("/") or ".." in inner.split("/") or posixpath.isabs(inner) or ":" in inner:
                        return f"“{name}”中有指向文件夹外的路径（{inner}），不予处理。"
                    total += info.file_size
                    if total > MAX_BATCH_BYTES or info.file_size > MAX_FILE_BYTES:
                        return f"“{name}”解压后太大。"
                    target = folder / Path(name).stem / _relative(inner)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(archive.read(info))
        else:
            total += len(data)
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    return ""


@dataclass
class _Job:
    """A batch running in a thread: how far it is, and its answer (or the message why there is none)."""

    total: int = 0
    done: int = 0
    stage: str = "读取并检查"
    answer: _BatchAnswer | None = None
    problem: str = ""
    finished: bool = False
    made: float = field(default_factory=time.monotonic)

    @contextmanager
    def progress(self, label: str, total: int) -> Iterator[Callable[[int], None]]:
        self.stage, self.total, self.done = label, total, 0

        def tick(count: int) -> None:
            self.done += count

        yield tick


def _run(job: _Job, files: list[tuple[str, bytes]], roster: tuple[str, bytes] | None) -> None:
    try:
        answer = _batch(files, roster, job.progress)
    except Exception as exc:  # never a stack trace on the page
        answer = f"检查时出错：{type(exc).__name__}"
    if isinstance(answer, str):
        job.problem = answer
    else:
        job.answer = answer
    job.finished = True


def _batch(
    files: list[tuple[str, bytes]], roster: tuple[str, bytes] | None, progress: Progress | None = None
) -> _BatchAnswer | str:
    """The same outputs as ``report-check batch`` (with 合计 and Word reports), from the same code, in a private
    folder removed before returning; the outputs zipped in memory."""
    import io
    import zipfile

    from ..batch import BatchOptions, NoSubmissions, run_batch
    from ..check import unusable_finding
    from ..errors import UnusableInput
    from ..format import CURRENT

    folder = _private_folder()
    try:
        inbox = folder / "收到的文件"
        inbox.mkdir()
        problem = _unpacked(inbox, files)
        if problem:
            return problem
        roster_path = None
        if roster is not None:
            roster_path = folder / roster[0]
            roster_path.write_bytes(roster[1])
        options = BatchOptions(roster=roster_path, consolidate=True, docx=True, jobs=1)
        try:
            result = run_batch([inbox], folder / "结果", options, progress)
        except NoSubmissions:
            return "没有找到工作簿或公开的报告。"
        except UnusableInput as exc:  # the roster, as the command line says it
            return "名单：" + unusable_finding(exc, roster_path or "").message(CURRENT, "zh")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted((folder / "结果").rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(folder / "结果").as_posix())
        rows = []
        for sub in result.submissions:
            first = sub.result.findings[0].message(sub.result.format, "zh") if sub.result.findings else ""
            meta = sub.metadata
            rows.append((sub.name, meta.org_name or "", sub.status, sub.result.errors, sub.result.warnings, first))
        missing = (
            [f"{unit.name}（{unit.note('zh')}）" if unit.other_years else unit.name for unit in result.roster.missing]
            if result.roster
            else []
        )
        return _BatchAnswer(rows, missing, buffer.getvalue())
    finally:
        _remove(folder)


def _waiting(token: str) -> str:
    """The page while a batch runs: its progress, asked for twice a second; the results when done."""
    return f"""<section><h2>正在检查……</h2><p id="progress">正在读取文件</p>
<progress id="bar" max="1" value="0" style="width:100%"></progress>
<noscript><p><a href="/batch/{token}/result">检查完后点这里查看结果</a></p></noscript>
<script>
async function poll() {{
  const answer = await fetch("/batch/{token}");
  if (!answer.ok) {{ location.href = "/batch/{token}/result"; return; }}
  const job = await answer.json();
  document.getElementById("progress").textContent = job.stage + "：" + job.done + " / " + job.total;
  const bar = document.getElementById("bar"); bar.max = Math.max(1, job.total); bar.value = job.done;
  if (job.finished) {{ location.href = "/batch/{token}/result"; }} else {{ setTimeout(poll, 500); }}
}}
poll();
</script></section>"""


def _batch_form(notice: str = "") -> str:
    return f"""{notice}
<section>
<h2>批量检查下级单位的报送</h2>
<form action="/batch" method="post" enctype="multipart/form-data">
<label class="drop">选择多个文件，或一个 .zip（可以含子文件夹）
<input type="file" name="files" multiple></label>
<p><label>或选择一个文件夹：<input type="file" name="files" webkitdirectory></label></p>
<p><label>报送名单（可选：.xlsx、.csv 或 .txt，一行一个单位）<input type="file" name="roster"></label></p>
<button type="submit">开始检查</button>
</form>
</section>"""


def _batch_results(answer: _BatchAnswer, token: str) -> str:
    colours = {"通过": "good", "有警告": "warn", "不通过": "bad", "无法读取": "bad"}
    rows = "".join(
        f'<tr><td>{escape(name)}</td><td>{escape(org)}</td><td class="{colours.get(status, "")}">{escape(status)}</td>'
        f"<td>{errors}</td><td>{warnings}</td><td>{escape(first)}</td></tr>"
        for name, org, status, errors, warnings, first in answer.rows
    )
    missing = (
        "<h3>名单中未提交的单位</h3><ul>" + "".join(f"<li>{escape(unit)}</li>" for unit in answer.missing) + "</ul>"
        if answer.missing
        else ""
    )
    return f"""<section><h2>检查结果（{len(answer.rows)} 个文件）</h2>
<p><a href="/download/{token}/zip">下载全部结果（.zip：汇总.xlsx、标注副本、Word 报告、合计.xlsx）</a></p>
<table><tr><th>文件</th><th>机关名称</th><th>状态</th><th>错误</th><th>警告</th><th>主要问题</th></tr>{rows}</table>
{missing}</section>"""


def _table_three(result: Result) -> str:
    """Table 三 as the format draws it (its rows and the seven columns), the cells at fault red and the likely
    wrong ones with the value they should hold."""
    report = result.report
    if report is None or "t3" not in report.tables:
        return ""
    table = result.format.table("t3")
    wrong = {(f.row_code, f.column_code) for f in result.findings if f.scope == "t3" and f.row_code}  # named
    likely = {(s.key[1], s.key[2]): s.value for s in result.suggestions if s.key[0] == "t3" and s.rank == 1}
    head = "".join(f"<th>{escape(column.label)}</th>" for column in table.columns)
    rows = []
    for spec in table.rows:
        label = " ".join([*spec.groups[-1:], spec.label]) if spec.label[:1].isdigit() else spec.label
        cells = []
        for column in table.columns:
            cell = report.cells.get(("t3", spec.code, column.code))
            raw = "" if cell is None or cell.raw is None else cell.raw
            shown = escape(str(int(raw) if isinstance(raw, float) and raw.is_integer() else raw))
            place = (spec.code, column.code)
            if place in likely:
                shown += f' <span class="fix">→{likely[place]}</span>'
            css = ' class="at-fault"' if place in wrong or place in likely else ""
            cells.append(f"<td{css}>{shown}</td>")
        rows.append(f'<tr><th class="label">{escape(label)}</th>{"".join(cells)}</tr>')
    return (
        f'<h3>{escape(table.title)}</h3><table class="t3"><tr><th>{escape(table.header)}</th>{head}</tr>'
        + "".join(rows)
        + "</table>"
    )


_FOLDERS: set[Path] = set()  # the private folders in use: removed when the server stops, whatever runs


def _private_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="report-check-serve-"))
    _FOLDERS.add(folder)
    return folder


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    _FOLDERS.discard(folder)


@asynccontextmanager
async def _lifespan(app: object) -> AsyncIterator[None]:
    try:
        yield
    finally:  # Ctrl-C during a batch: its uploads go too
        for folder in list(_FOLDERS):
            _remove(folder)


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
<script>
const box = document.querySelector("#upload .drop"), input = document.querySelector("#upload input[type=file]");
box.addEventListener("dragover", event => {{ event.preventDefault(); box.style.background = "#eef"; }});
box.addEventListener("dragleave", () => {{ box.style.background = ""; }});
box.addEventListener("drop", event => {{
  event.preventDefault(); input.files = event.dataTransfer.files; input.form.submit();
}});
</script>
<p><a href="/template" download>下载官方格式的 Excel 模板</a></p>
</section>"""


def _results(answer: _Answer, token: str) -> str:
    result = answer.result
    fmt = result.format
    text, colour = verdict(result, "zh")  # the terminal's words
    css = {"red": "bad", "yellow": "warn", "green": "good"}[colour]
    parts = [f'<section><h2>{escape(answer.name)}</h2><p class="verdict {css}">{escape(text)}</p>']
    meta = result.values.metadata if result.values else None
    if meta and (meta.org_name or meta.year):
        parts.append(f"<p>{escape(meta.org_name or '')} {escape(str(meta.year or ''))} 年度</p>")
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
    parts.append(_table_three(result))
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
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.2em .4em;vertical-align:top}
.t3 td{text-align:right}.t3 th.label{text-align:left;font-weight:normal}.at-fault{background:#ffc7ce}
.fix{color:#1a7f37;font-weight:bold}
"""


def _page(body: str, *, supervisor: bool = False) -> str:
    other = '<a href="/">检查一份报告</a>' if supervisor else '<a href="/batch">批量检查下级单位的报送</a>'
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>政府信息公开工作年度报告检查</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_STYLE}</style></head>
<body><h1>政府信息公开工作年度报告检查</h1>
<p>文件只在这台电脑上检查，不会上传到别处，检查完即删除。 {other}</p>
{body}</body></html>"""
