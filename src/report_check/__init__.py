"""report-check: templates, checks and Word output for 政府信息公开工作年度报告.

The library API (the command line is a thin layer over it)::

    from report_check import check_workbook
    result = check_workbook("报告.xlsx")
    result.valid, result.findings, result.exit_code()
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["CheckOptions", "Result", "__version__", "check_report", "check_reports", "check_workbook"]

if TYPE_CHECKING:
    from .check import CheckOptions, Result, check_report, check_reports, check_workbook


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import check

        return getattr(check, name)
    raise AttributeError(name)
