"""report-check serve: every route of the clerk's page, in process (starlette's TestClient)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")
from starlette.testclient import TestClient

from report_check.web import create_app

EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.fixture
def client() -> TestClient:
    return TestClient(create_app())


def _upload(client: TestClient, path: Path, name: str | None = None) -> str:
    response = client.post("/check", files={"file": (name or path.name, path.read_bytes())})
    assert response.status_code == 200
    return str(response.text)


def test_the_page_offers_the_template_and_a_file_to_choose(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and 'type="file"' in page.text and "下载官方格式的 Excel 模板" in page.text
    template = client.get("/template")
    assert template.status_code == 200 and zipfile.is_zipfile(io.BytesIO(template.content))
    assert "attachment" in template.headers["content-disposition"]


def test_a_failing_workbook_shows_its_cells_and_the_likely_mistake(client: TestClient) -> None:
    text = _upload(client, EXAMPLES / "fails-balance.xlsx")
    assert "结论：不通过" in text and "依申请公开!E30" in text and "最可能是这几处一起填错" in text
    token = text.split("/download/")[1].split("/")[0]
    annotated = client.get(f"/download/{token}/annotated")
    assert annotated.status_code == 200
    from openpyxl import load_workbook

    assert load_workbook(io.BytesIO(annotated.content)).sheetnames[0] == "校验结果"
    assert "下载 Word 年度报告" not in text and "仍要生成" in text  # convert only after the confirmation
    assert client.get(f"/download/{token}/docx").status_code == 404
    forced = client.get(f"/download/{token}/docx?force=1")
    assert forced.status_code == 200 and zipfile.is_zipfile(io.BytesIO(forced.content))


def test_a_passing_workbook_yields_its_word_report(client: TestClient) -> None:
    text = _upload(client, EXAMPLES / "haishu-2022.xlsx")
    assert "结论：通过" in text and "下载 Word 年度报告" in text
    token = text.split("/download/")[1].split("/")[0]
    document = client.get(f"/download/{token}/docx")
    assert document.status_code == 200 and document.headers["content-type"].endswith("wordprocessingml.document")


def test_a_published_report_and_bad_files_get_the_clis_messages(client: TestClient) -> None:
    assert "结论：通过" in _upload(client, EXAMPLES / "published" / "haishu-2022.txt")
    broken = client.post("/check", files={"file": ("坏的.xlsx", b"PK\x03\x04 not really")})
    assert broken.status_code == 200 and "结论：无法读取" in broken.text and "Traceback" not in broken.text
    assert client.post("/check", files={}).status_code == 400
    assert client.get("/download/nothing/docx").status_code == 404


def test_one_users_downloads_are_not_anothers(client: TestClient) -> None:
    first = _upload(client, EXAMPLES / "haishu-2022.xlsx")
    second = _upload(client, EXAMPLES / "haishu-2022.xlsx")
    assert first.split("/download/")[1].split("/")[0] != second.split("/download/")[1].split("/")[0]


def _finished(client: TestClient, started: Any, status: int = 200) -> Any:
    """The results page of a batch started on the page: its progress asked for until it is done."""
    import time

    assert started.status_code == 200 and "正在检查" in started.text
    token = started.text.split('fetch("/batch/')[1].split('"')[0]
    for _ in range(600):
        progress = client.get(f"/batch/{token}").json()
        assert progress["done"] <= max(progress["total"], 0) or progress["finished"]
        if progress["finished"]:
            break
        time.sleep(0.05)
    result = client.get(f"/batch/{token}/result")
    assert result.status_code == status, result.text
    return result


def test_the_supervisors_page_checks_several_files_and_offers_every_output(client: TestClient) -> None:
    page = client.get("/batch")
    assert page.status_code == 200 and 'name="files" multiple' in page.text
    files = [
        ("files", ("海曙.xlsx", (EXAMPLES / "haishu-2022.xlsx").read_bytes())),
        ("files", ("错.xlsx", (EXAMPLES / "fails-balance.xlsx").read_bytes())),
        (
            "files",
            (
                "江北.txt",
                (EXAMPLES / "published" / "haishu-2022.txt").read_text("utf-8").replace("海曙区", "江北区").encode(),
            ),
        ),
        ("roster", ("名单.txt", "宁波市江北区人民政府办公室\n某某局\n".encode())),
    ]
    answer = _finished(client, client.post("/batch", files=files))
    assert "不通过" in answer.text and "江北.txt" in answer.text and "某某局" in answer.text  # the missing unit
    link = answer.text.split('href="/download/')[1].split('"')[0]
    archive = client.get(f"/download/{link}")
    assert archive.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert "汇总.xlsx" in names and "合计.xlsx" in names and any(n.startswith("标注/") for n in names)


def test_a_zip_with_paths_outside_is_refused(client: TestClient) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../外面.xlsx", (EXAMPLES / "haishu-2022.xlsx").read_bytes())
    answer = _finished(client, client.post("/batch", files=[("files", ("报送.zip", buffer.getvalue()))]), 400)
    assert "指向文件夹外的路径" in answer.text
    note = client.post("/batch", files=[("files", ("说明.txt", "各单位请按时报送。".encode()))])
    assert "没有找到工作簿或公开的报告" in _finished(client, note, 400).text


def test_table_three_is_drawn_with_the_wrong_cells_marked(client: TestClient) -> None:
    text = _upload(client, EXAMPLES / "fails-balance.xlsx")
    table = text.split('<table class="t3">')[1].split("</table>")[0]
    assert table.count("<tr>") == 26 and "自然人" in table  # header and 25 rows
    assert 'class="at-fault">35 <span class="fix">→34</span>' in table  # (七)总计 natural: 35 should be 34


def test_a_zip_from_chinese_windows_keeps_its_names(client: TestClient) -> None:
    """Windows' 发送到压缩文件夹 writes names in GBK without the UTF-8 flag: read as GBK, not CP437."""

    class GbkInfo(zipfile.ZipInfo):
        def _encodeFilenameFlags(self) -> tuple[bytes, int]:  # as zipfile names it
            return self.filename.encode("gbk"), self.flag_bits

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(GbkInfo("海曙区/海曙区政府办公室.xlsx"), (EXAMPLES / "haishu-2022.xlsx").read_bytes())
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as check:
        assert not check.infolist()[0].flag_bits & 0x800  # no UTF-8 flag: GBK, as Windows writes it
    answer = _finished(client, client.post("/batch", files=[("files", ("报送.zip", buffer.getvalue()))]))
    assert "海曙区政府办公室.xlsx" in answer.text


def test_a_long_name_and_leftover_folders(tmp_path: Path) -> None:
    from report_check import web

    with TestClient(create_app()) as client:  # the lifespan runs: its end removes what a stop cut short
        long_name = "很长的名字" * 30 + ".xlsx"
        answer = client.post("/check", files={"file": (long_name, (EXAMPLES / "haishu-2022.xlsx").read_bytes())})
        assert answer.status_code == 200 and "结论：通过" in answer.text
        left = web._private_folder()
        (left / "收到的文件.xlsx").write_bytes(b"data")
    assert not left.exists() and not web._FOLDERS


def test_the_answer_is_a_page_of_its_own_that_a_refresh_shows_again(client: TestClient) -> None:
    sent = client.post(
        "/check",
        files={"file": ("海曙.xlsx", (EXAMPLES / "haishu-2022.xlsx").read_bytes())},
        follow_redirects=False,
    )
    assert sent.status_code == 303 and sent.headers["location"].startswith("/result/")
    first, again = client.get(sent.headers["location"]), client.get(sent.headers["location"])
    assert first.status_code == again.status_code == 200 and "结论：通过" in again.text
    assert client.get("/result/unknown").status_code == 404
