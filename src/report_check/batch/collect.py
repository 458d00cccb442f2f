"""What a batch finds under its paths: every file, each either to read or skipped with its reason.

Nothing found is ever silently left out.  Read: anything that may be a unit's workbook
(.xlsx, .xlsm, .xls, .ods, and any other file, which then gets its own "cannot be
read" answer).  Skipped, and listed with the reason: Excel's lock files, system
files, and report-check's own outputs of an earlier round: a folder holding a
summary.json or 汇总.xlsx of ours is skipped here whole; 汇总.xlsx and 合计.xlsx lying
elsewhere are recognised by their sheets where they are read (:func:`own_output`, in
the workers).  An annotated copy outside such a folder is read: units send them back
corrected.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

SUMMARY_JSON = "summary.json"
SUMMARY_SHEETS = ({"汇总", "问题清单"}, {"Summary", "Findings"})  # 汇总.xlsx, in Chinese or English
CONSOLIDATED_SHEETS = ({"合计说明"}, {"Totals: units"})  # 合计.xlsx
SYSTEM_FILES = {"thumbs.db", "desktop.ini", ".ds_store"}

# Why a file found was not read (the reasons of :class:`Skipped`), in Chinese and English.
SKIP_REASONS = {
    "lock_file": ("Excel/WPS 打开文件时生成的临时锁定文件", "a lock file Excel or WPS keeps beside an open workbook"),
    "system": ("系统文件", "a system file"),
    "hidden": ("隐藏文件", "a hidden file"),
    "output_folder": (
        "report-check 以前的输出文件夹（含 summary.json 或 汇总.xlsx）中的文件",
        "in a folder of report-check's earlier outputs (it holds summary.json or 汇总.xlsx)",
    ),
    "summary": ("report-check 以前生成的 汇总.xlsx", "a 汇总.xlsx report-check wrote earlier"),
    "consolidated": ("report-check 以前生成的 合计.xlsx", "a 合计.xlsx report-check wrote earlier"),
    "this_output": ("本次的输出文件夹", "this batch's own output folder"),
    "roster": ("本次使用的单位名单（--roster）", "the roster this batch uses (--roster)"),
    "previous": ("上一年度的报送（--previous），不是本年度的报送", "last year's reports (--previous), not this year's"),
    "not_workbook": ("不是工作簿", "not a workbook"),
    "no_tables": ("没有年度报告的统计表（说明、函件等）", "no table of a report in it (a note, a letter)"),
}


@dataclass(frozen=True)
class Skipped:
    name: str  # as shown: relative to the path given
    reason: str  # a key of SKIP_REASONS

    def text(self, lang: str) -> str:
        chinese, english = SKIP_REASONS[self.reason]
        return english if lang == "en" else chinese


@dataclass
class Found:
    files: list[tuple[Path, str]] = field(default_factory=list)  # to read: (path, name shown)
    skipped: list[Skipped] = field(default_factory=list)


def _sheet_names(path: Path) -> set[str]:
    """The sheet names of an .xlsx, from its workbook.xml alone (empty for anything else)."""
    try:
        with zipfile.ZipFile(path) as archive:
            xml = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, RuntimeError):
        return set()
    return {_unescape(name) for name in re.findall(r'<(?:\w+:)?sheet\b[^>]*\bname="([^"]*)"', xml)}


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


def own_output(path: Path) -> str | None:
    """'summary' or 'consolidated' when ``path`` is a workbook report-check wrote as 汇总.xlsx or 合计.xlsx."""
    if path.suffix.lower() != ".xlsx":
        return None
    return own_sheets(_sheet_names(path))


def own_sheets(sheet_names: Iterable[str]) -> str | None:
    """'summary' or 'consolidated' for the sheets of a 汇总.xlsx or 合计.xlsx of report-check's."""
    names = set(sheet_names)
    if any(sheets <= names for sheets in SUMMARY_SHEETS):
        return "summary"
    if any(sheets <= names for sheets in CONSOLIDATED_SHEETS):
        return "consolidated"
    return None


def _is_summary_json(path: Path) -> bool:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and {"schema_version", "totals", "files"} <= set(data)


def is_output_folder(entries: Iterable[os.DirEntry[str]]) -> bool:
    """A folder of report-check's outputs: it holds our summary.json, or our 汇总.xlsx (by name and content)."""
    for entry in entries:
        if entry.name == SUMMARY_JSON and _is_summary_json(Path(entry.path)):
            return True
        if entry.name in ("汇总.xlsx", "Summary.xlsx") and own_output(Path(entry.path)) == "summary":
            return True
    return False


def collect(paths: Iterable[Path], skip: Path | None = None, others: dict[Path, str] | None = None) -> Found:
    """Every file under the given folders (recursively) and the given files, each to read or skipped.

    ``skip`` is the batch's own output folder: when it lies inside a folder of submissions, its files
    (the last run's outputs) are not submissions.  ``others``: the batch's other inputs (the roster, last
    year's folders) with their reasons (SKIP_REASONS): where they lie inside a folder of submissions, they are
    not submissions either.
    """
    skipped_dir = skip.resolve() if skip is not None else None
    # Compared as absolute paths, by their text (a resolve per file would cost a batch of 10,000 a fifth of a
    # second): the roster given as sub/名单.xlsx is found as sub/名单.xlsx under the folder sub.
    elsewhere = {_spelled(path): reason for path, reason in (others or {}).items()}
    found = Found()
    seen: set[str] = set()
    names: dict[str, int] = {}

    def add(path: Path, name: str) -> None:
        key = _spelled(path)  # a file given twice (a folder and a file in it): by its absolute path, no resolve
        if key in seen:
            return
        seen.add(key)
        count = names.get(name, 0)
        names[name] = count + 1
        found.files.append((path, name if not count else f"{Path(name).stem}（{count + 1}）{Path(name).suffix}"))

    for path in paths:
        if not path.is_dir():
            if elsewhere and _spelled(path) in elsewhere:  # a pattern like *.xlsx took in the roster too
                found.skipped.append(Skipped(path.name, elsewhere[_spelled(path)]))
            else:
                add(path, path.name)
            continue
        stack = [(path, "")]
        while stack:
            folder, prefix = stack.pop()
            try:
                entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
            except OSError:
                continue
            if prefix and is_output_folder(entries):
                found.skipped += _skipped_folder(folder, prefix, "output_folder")
                continue
            subfolders = []
            for entry in entries:
                name = f"{prefix}{entry.name}"
                input_of = elsewhere.get(_spelled(entry.path)) if elsewhere else None
                if input_of is not None:  # the roster, or last year's folder, kept among the submissions
                    if entry.is_dir(follow_symlinks=False):
                        found.skipped += _skipped_folder(Path(entry.path), name + "/", input_of)
                    else:
                        found.skipped.append(Skipped(name, input_of))
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if skipped_dir is not None and Path(entry.path).resolve() == skipped_dir:
                        found.skipped.append(Skipped(name + "/", "this_output"))
                    elif entry.name.startswith("."):
                        found.skipped.append(Skipped(name + "/", "hidden"))
                    else:
                        subfolders.append((Path(entry.path), name + "/"))
                    continue
                if not entry.is_file():
                    continue
                reason = _skip_reason(Path(entry.path))
                if reason is not None:
                    found.skipped.append(Skipped(name, reason))
                else:
                    add(Path(entry.path), name)
            stack += reversed(subfolders)
    found.files.sort(key=lambda file: file[1])
    found.skipped.sort(key=lambda item: item.name)
    return found


def _spelled(path: str | Path) -> str:
    return os.path.normcase(os.path.abspath(path))


def _skip_reason(path: Path) -> str | None:
    name = path.name
    if name.startswith("~$"):
        return "lock_file"
    if name.lower() in SYSTEM_FILES or name.startswith("._"):
        return "system"
    if name.startswith("."):
        return "hidden"
    if name == SUMMARY_JSON and _is_summary_json(path):
        return "summary"
    return None  # 汇总.xlsx and 合计.xlsx outside an output folder are recognised where they are read


def _skipped_folder(folder: Path, prefix: str, reason: str) -> list[Skipped]:
    out = []
    for root, _, files in os.walk(folder):
        relative = Path(root).relative_to(folder).as_posix()
        inner = "" if relative == "." else f"{relative}/"
        out += [Skipped(f"{prefix}{inner}{file}", reason) for file in sorted(files)]
    return out


def modified_time(path: Path) -> float:
    """When a workbook was last saved: its own record (docProps/core.xml, which Excel and WPS write), else the
    file's time (which copying, unzipping or mail may have changed)."""
    try:
        with zipfile.ZipFile(path) as archive:
            core = archive.read("docProps/core.xml").decode("utf-8", "replace")
        found = re.search(r"<dcterms:modified[^>]*>\s*([^<\s]+)\s*<", core)
        if found:
            stamp = dt.datetime.fromisoformat(found.group(1).replace("Z", "+00:00"))
            return (stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)).timestamp()
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, RuntimeError):
        pass
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
