"""report-check serve in a real browser: headless Chromium from the system's packages, driven by playwright
(never a browser downloaded by pip or playwright: the system's chromium, by its path).  Skipped, with the
reason, where the machine has no chromium."""

from __future__ import annotations

import shutil
import socket
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine: the browser tests are skipped")
EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.fixture(scope="module")
def address() -> Iterator[str]:
    import uvicorn

    from report_check.web import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the page did not start within 10 s"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


def test_a_failing_workbook_shows_its_wrong_cell(address: str, browser: object, tmp_path: Path) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(address + "/")
    page.set_input_files("input[type=file]", str(EXAMPLES / "fails-balance.xlsx"))  # choosing starts the check
    page.wait_for_selector("text=结论：不通过")
    body = page.inner_text("body")
    assert "依申请公开!E30" in body and "最可能是这几处一起填错" in body
    with page.expect_download() as download:
        page.click("text=下载标注副本")
    saved = tmp_path / "copy.xlsx"
    download.value.save_as(saved)
    assert zipfile.is_zipfile(saved)
    page.close()


def test_a_passing_workbook_yields_its_word_report(address: str, browser: object, tmp_path: Path) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(address + "/")
    page.set_input_files("input[type=file]", str(EXAMPLES / "haishu-2022.xlsx"))
    page.wait_for_selector("text=结论：通过")
    with page.expect_download() as download:
        page.click("text=Word")
    saved = tmp_path / "report.docx"
    download.value.save_as(saved)
    assert zipfile.is_zipfile(saved) and "word/document.xml" in zipfile.ZipFile(saved).namelist()
    page.close()


def test_several_files_at_once_list_each_and_offer_a_zip(address: str, browser: object, tmp_path: Path) -> None:
    jiangbei = tmp_path / "江北.txt"
    jiangbei.write_text((EXAMPLES / "published" / "haishu-2022.txt").read_text("utf-8").replace("海曙区", "江北区"))
    from workbooks import write

    failing = write(
        tmp_path / "某某局.xlsx", [{"set": "t3/3.4/natural", "value": 5}, {"meta": "org_name", "value": "某某局"}]
    )
    files = [str(EXAMPLES / "haishu-2022.xlsx"), str(failing), str(jiangbei)]
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(address + "/batch")
    page.set_input_files("input[name=files]", files)
    page.click("text=开始检查")
    page.wait_for_selector("text=检查结果")
    rows = page.inner_text("table")
    assert "某某局.xlsx\t某某局\t不通过" in rows and "江北.txt" in rows and "haishu-2022.xlsx" in rows
    with page.expect_download() as download:
        page.click("text=下载全部结果")
    saved = tmp_path / "results.zip"
    download.value.save_as(saved)
    assert "汇总.xlsx" in zipfile.ZipFile(saved).namelist()
    page.close()
