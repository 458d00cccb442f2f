"""The report format, declared as data (see FORMAT.md)."""

from .f2021 import FORMAT_2021
from .spec import (
    Axis,
    Choice,
    ColumnSpec,
    Equation,
    Kind,
    MetaField,
    ProseField,
    ReportFormat,
    RowSpec,
    TableSpec,
)

CURRENT = FORMAT_2021
FORMATS = {FORMAT_2021.version: FORMAT_2021}

__all__ = [
    "CURRENT",
    "FORMATS",
    "FORMAT_2021",
    "Axis",
    "Choice",
    "ColumnSpec",
    "Equation",
    "Kind",
    "MetaField",
    "ProseField",
    "ReportFormat",
    "RowSpec",
    "TableSpec",
]
