"""Regenerates docs/example-page-*.png: the example report as a reader sees it.

Needs LibreOffice (soffice) and poppler (pdftoppm), e.g. on Debian:
``apt-get install libreoffice-writer-nogui poppler-utils fonts-noto-cjk``. LibreOffice ignores character-unit
indents (``firstLineChars``…), so a picture shows nothing of what Word does with them: it is for looking only.
Run: ``python scripts/render_example.py``.  Official fonts (仿宋_GB2312, 方正小标宋简体 …) are used when
installed; otherwise LibreOffice substitutes a CJK font, which the picture then shows.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from report_check.check import check_workbook
from report_check.word.document import render_docx

ROOT = Path(__file__).resolve().parent.parent
WORKBOOK = ROOT / "examples" / "haishu-2022.xlsx"
OUT = ROOT / "docs"
PAGES = (1, 4)  # the title page and the page with table 三 (LibreOffice with Noto CJK fonts)
RESOLUTION = 80


def main() -> int:
    for tool in ("soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            print(f"{tool} is not installed; see this script's docstring", file=sys.stderr)
            return 1
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        docx = work / "haishu-2022.docx"
        docx.write_bytes(render_docx(check_workbook(WORKBOOK)))
        subprocess.run(
            [
                "soffice",
                "--headless",
                f"-env:UserInstallation=file://{work}/lo",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work),
                str(docx),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        OUT.mkdir(exist_ok=True)
        for page in PAGES:
            target = OUT / f"example-page-{page}"
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    str(RESOLUTION),
                    "-f",
                    str(page),
                    "-l",
                    str(page),
                    "-singlefile",
                    str(work / "haishu-2022.pdf"),
                    str(target),
                ],
                check=True,
            )
            print(f"wrote {target}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
