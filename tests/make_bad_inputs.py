"""Writes tests/data/: broken and hostile inputs, each with the answer it must get (tests/data/expected.toml).

Run ``python tests/make_bad_inputs.py`` to regenerate.  The .xls and .ods files need LibreOffice
(``soffice``) and the encrypted one the msoffcrypto-tool package; neither is needed to run the tests,
which use the committed files.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from openpyxl import Workbook, load_workbook

from workbooks import build

DATA = Path(__file__).parent / "data"


def _patch(data: bytes, part: str, old: bytes, new: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            content = source.read(name)
            if name == part:
                assert old in content, (part, old)
                content = content.replace(old, new, 1)
            target.writestr(name, content)
    return out.getvalue()


def _soffice(data: bytes, suffix: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.xlsx"
        source.write_bytes(data)
        subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/lo", "--convert-to", suffix,
             "--outdir", tmp, str(source)],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        return (Path(tmp) / f"in.{suffix}").read_bytes()


def _encrypted(data: bytes) -> bytes:
    import msoffcrypto
    from msoffcrypto.format.ooxml import OOXMLFile

    del msoffcrypto
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt("123456", out)
    return out.getvalue()


def _zip_bomb() -> bytes:
    """A few hundred KB that inflate to 210 MB: a worksheet of nothing but spaces."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for name in ("[Content_Types].xml", "xl/workbook.xml"):
            target.writestr(name, "<x/>")
        with target.open("xl/worksheets/sheet1.xml", "w") as stream:
            block = b" " * (1 << 20)
            for _ in range(210):
                stream.write(block)
    return out.getvalue()


def _with_openpyxl(data: bytes, change: object) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    change(wb)  # type: ignore[operator]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _earlier_format() -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["第二十条第（一）项"])
    ws.append(["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"])
    ws.append(["规章", 0, 0, 0])
    ws.append(["规范性文件", 10, 10, 102])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _hide(wb: Workbook) -> None:
    wb["依申请公开"].sheet_state = "hidden"


def _rename_and_reorder(wb: Workbook) -> None:
    wb["依申请公开"].title = "表3 申请"
    wb.move_sheet("表3 申请", offset=-3)


def _no_values(wb: Workbook) -> None:
    ws = wb["依申请公开"]
    for row in range(7, 32):
        ws[f"K{row}"] = f"=SUM(E{row}:J{row})"


def main() -> None:
    sample = build()
    long_text = "（一）主动公开情况。" + "本年度持续推进政务公开工作。" * 2100
    files: dict[str, bytes] = {
        "不是工作簿.xlsx": "这不是表格，是一段文字。\n".encode(),
        "截断 的文件.xlsx": sample[: len(sample) // 2],
        "空文件.xlsx": b"",
        "数据.csv": "机关名称,报告年度\n宁波市海曙区人民政府办公室,2022\n".encode(),
        "数据改名.xlsx": "机关名称,报告年度\n宁波市海曙区人民政府办公室,2022\n".encode("gb18030"),
        "压缩炸弹.xlsx": _zip_bomb(),
        "2019年格式.xlsx": _earlier_format(),
        "一百万行.xlsx": _patch(
            sample,
            "xl/worksheets/sheet5.xml",
            b"</sheetData>",
            b'<row r="1048576"><c r="L1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
        ),
        "WPS维度.xlsx": _patch(
            sample, "xl/worksheets/sheet3.xml", b'<dimension ref="A1:L34"/>', b'<dimension ref="A1:A1"/>'
        ),
        "非数字的值.xlsx": _patch(
            _patch(
                build([{"set": "t3/3.3.4.2/natural", "value": 1}, {"set": "t3/3.3.4.3/natural", "value": 2}]),
                "xl/worksheets/sheet3.xml",
                b'<c r="E20" s="11" t="n"><v>1</v></c>',
                b'<c r="E20" s="11" t="n"><v>NaN</v></c>',
            ),
            "xl/worksheets/sheet3.xml",
            b'<c r="E21" s="11" t="n"><v>2</v></c>',
            b'<c r="E21" s="11" t="n"><v>INF</v></c>',
        ),
        "没有计算结果.xlsx": _with_openpyxl(sample, _no_values),
        "隐藏的工作表.xlsx": _with_openpyxl(sample, _hide),
        "改名和重排的工作表.xlsx": _with_openpyxl(sample, _rename_and_reorder),
        "删除的工作表.xlsx": build([{"delete_sheet": "依申请公开"}]),
        "重复的代码.xlsx": build([{"copy_row": "t3/3.1"}]),
        "删除的代码.xlsx": build([{"row_code": "t3/3.3.2", "to": ""}]),
        "拼错的代码.xlsx": build([{"row_code": "t3/3.3.1", "to": "3.3.l"}]),
        "移动的代码.xlsx": build([{"swap_codes": ["t3/3.3.1", "t3/3.3.2"]}]),
        "移动的行.xlsx": build([{"swap_rows": ["t3/3.3.3.1", "t3/3.3.4.1"]}]),
        "合并的单元格.xlsx": build([{"merge": "依申请公开!E9:F9"}]),
        "错误值.xlsx": build(
            [{"set": "t3/3.3.4.2/natural", "value": "#REF!"}, {"set": "t4/4.2/other", "value": "#DIV/0!"}]
        ),
        "日期布尔和巨大的数.xlsx": build(
            [
                {"set": "t3/3.3.4.2/natural", "value": "2022-01-01"},
                {"set": "t3/3.3.4.3/natural", "value": True},
                {"set": "t3/3.3.5.2/natural", "value": 10**20},
            ]
        ),
        "全角和单位.xlsx": build(
            [{"set": "t3/3.3.4.2/natural", "value": "０"}, {"set": "t3/3.1/natural", "value": "37件"}]
        ),
        "控制字符和长文本.xlsx": build(
            [{"prose": "s5", "value": "一是质量有待提高_x0007_。"}, {"prose": "s1", "value": long_text}]
        ),
    }
    if shutil.which("soffice"):
        xls = _soffice(sample, "xls")
        ods = _soffice(sample, "ods")
        files |= {
            "旧版.xls": xls,
            "旧版改名.xlsx": xls,
            "WPS表格.et": xls,
            "WPS表格改名.xlsx": xls,
            "开放文档.ods": ods,
            "开放文档改名.xlsx": ods,
        }
    try:
        files["加密.xlsx"] = _encrypted(sample)
    except ImportError:
        print("msoffcrypto-tool is not installed: 加密.xlsx kept as it is", file=sys.stderr)
    DATA.mkdir(exist_ok=True)
    for name, content in files.items():
        (DATA / name).write_bytes(content)
    print(f"wrote {len(files)} files to {DATA}")


if __name__ == "__main__":
    main()
