"""Sources: a file turned into grids (and, for a published report, paragraphs) by its kind.

- :mod:`.workbook`: .xlsx, .xlsm, .xls, .ods (python-calamine; openpyxl for what it cannot tell);
- :mod:`.text`, :mod:`.html`, :mod:`.word`, :mod:`.pdf`: a report as organs publish it.
"""

from __future__ import annotations

from pathlib import Path

from ...format import ReportFormat
from .base import Source
from .html import html_source
from .pdf import pdf_source
from .text import text_source
from .word import docx_source, old_word_source
from .workbook import SPREADSHEET_SUFFIXES

__all__ = ["PUBLISHED_SUFFIXES", "SPREADSHEET_SUFFIXES", "Source", "load_published"]

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm", ".shtml")
WORD_SUFFIXES = (".docx",)
OLD_WORD_SUFFIXES = (".doc", ".wps")  # read through LibreOffice, where it is installed
PDF_SUFFIXES = (".pdf",)
PUBLISHED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + WORD_SUFFIXES + OLD_WORD_SUFFIXES + PDF_SUFFIXES


def load_published(path: Path, fmt: ReportFormat) -> Source:
    """A published report's tables and paragraphs, by the kind its name says."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return text_source(path)
    if suffix in HTML_SUFFIXES:
        return html_source(path, fmt)
    if suffix in PDF_SUFFIXES:
        return pdf_source(path)
    if suffix in OLD_WORD_SUFFIXES:
        return old_word_source(path)
    return docx_source(path)
