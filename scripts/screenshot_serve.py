"""The README's pictures of report-check serve: the clerk's page with a failing workbook checked, and the
supervisor's page with three files.  Needs the system's chromium (`apt-get install chromium`) and playwright.

    python scripts/screenshot_serve.py
"""

from __future__ import annotations

import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def main() -> None:
    import uvicorn
    from playwright.sync_api import sync_playwright

    from report_check.web import create_app
    from workbooks import write

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    address = f"http://127.0.0.1:{port}"
    work = Path(tempfile.mkdtemp())
    failing = write(
        work / "某某局.xlsx", [{"set": "t3/3.3.1/natural", "value": 31}, {"meta": "org_name", "value": "某某局"}]
    )
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.goto(address + "/")
        page.set_input_files("input[type=file]", str(failing))
        page.wait_for_selector("text=结论：不通过")
        page.screenshot(path=str(ROOT / "docs" / "serve-page.png"), full_page=True)
        page.goto(address + "/batch")
        files = [
            str(ROOT / "examples" / "haishu-2022.xlsx"),
            str(failing),
            str(ROOT / "examples" / "published" / "haishu-2022.txt"),
        ]
        page.set_input_files("input[name=files]", files)
        page.click("text=开始检查")
        page.wait_for_selector("text=检查结果")
        page.screenshot(path=str(ROOT / "docs" / "serve-batch.png"), full_page=True)
        browser.close()
    server.should_exit = True
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
