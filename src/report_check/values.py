"""Reading what a cell holds as the value its kind asks for (FORMAT.md 5.1 and 3.1).

Pure functions from a raw cell value to ``Parsed(value, problem)``.  The
problems are the vocabulary of the V rules; the checks decide what each one
means (error or warning) and say it.
"""

from __future__ import annotations

import datetime as dt
import math
import operator
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from .format import Choice, Kind, MetaField
from .format.labels import normalize
from .model import ExcelError, Number, Raw


class Problem(StrEnum):
    BLANK = "blank"
    NOT_A_NUMBER = "not_a_number"
    EXCEL_ERROR = "excel_error"
    LENIENT = "lenient"  # read, but written in a way that should be corrected
    INVALID = "invalid"  # metadata that is not of its kind


@dataclass(frozen=True)
class Parsed:
    value: object
    problem: Problem | None = None


_UNIT_SUFFIX = re.compile(r"^(.*?)\s*[件项个条]$")
# A number as people type it: read without a word.  A sign or an exponent is read too, with a warning.
_NUMBER = re.compile(r"^-?(?:\d+(?:\.\d*)?|\.\d+)$", re.ASCII)
_LOOSE_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$", re.ASCII)
_NOTHING_WORDS = {"无", "没有", "/", "／", "—", "-", "－", "——", "不详", "空", "暂无", "N/A", "n/a", "nil"}


def is_blank(raw: Raw | ExcelError) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def parse_number(raw: Raw | ExcelError) -> Parsed:
    """A number as Excel would have it, or as typed by hand with a unit or in full-width digits.

    Negative and fractional numbers are returned as numbers: whether they are
    allowed is for the checks to say.
    """
    if is_blank(raw):
        return Parsed(None, Problem.BLANK)
    if isinstance(raw, ExcelError):
        return Parsed(None, Problem.EXCEL_ERROR)
    if isinstance(raw, bool):
        return Parsed(None, Problem.NOT_A_NUMBER)
    if isinstance(raw, int | float) or (isinstance(raw, str) and _NUMBER.match(raw)):
        number = _finite(raw)
        return Parsed(None, Problem.NOT_A_NUMBER) if number is None else Parsed(_tidy(number))
    if not isinstance(raw, str):  # a date or time in a number cell
        return Parsed(None, Problem.NOT_A_NUMBER)
    # Surrounding spaces, full-width digits, a unit, thousands separators: read, with a warning (FORMAT 5.1).
    lenient = unicodedata.normalize("NFKC", raw).strip()
    suffix = _UNIT_SUFFIX.match(lenient)
    if suffix:
        lenient = suffix.group(1).strip()
    lenient = lenient.replace(",", "")
    number = _finite(lenient) if _LOOSE_NUMBER.match(lenient) else None
    if number is not None:
        return Parsed(_tidy(number), Problem.LENIENT)
    return Parsed(None, Problem.NOT_A_NUMBER)


def _finite(raw: int | float | str) -> float | None:
    """The number as a float; None where no float holds it (NaN, infinities, 400 digits: Excel stops at 1.8e308)."""
    try:
        number = float(raw)
    except OverflowError:  # an integer too large for a float, as openpyxl reads <v>999…</v>
        return None
    return number if math.isfinite(number) else None


def means_nothing(raw: Raw | ExcelError) -> bool:
    """Text people write for zero (无, /, —, 不详 ...)."""
    return isinstance(raw, str) and raw.strip() in _NOTHING_WORDS


def _tidy(number: float) -> Number:
    if number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number


# Digits past the ninth decimal are float noise (24252.311081999998 is 24252.311082), never data.
NOISE_DECIMALS = 9


def _decimal(number: float) -> Decimal:
    return Decimal(repr(round(number, NOISE_DECIMALS))).normalize()


def decimal_places(number: Number) -> int:
    """Decimal places of a number as written (24252.311082 has 6), without float noise."""
    if isinstance(number, int):
        return 0
    fraction = repr(number).partition(".")[2]
    if fraction and fraction.isdigit() and len(fraction) <= NOISE_DECIMALS:  # no exponent, no noise: as shown
        return 0 if fraction == "0" else len(fraction)
    try:
        exponent = _decimal(number).as_tuple().exponent
        if number and not round(number, NOISE_DECIMALS):  # smaller than the noise (2e-75): its own digits count
            exponent = Decimal(repr(number)).as_tuple().exponent
    except InvalidOperation:
        return 0
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def format_number(number: Number) -> str:
    """A number as people write it: no ``.0``, no float noise, no exponent."""
    if isinstance(number, int):
        return str(number)
    if number and not round(number, NOISE_DECIMALS):  # smaller than the noise (2e-75): not to be shown as 0
        return repr(number)
    return format(_decimal(number), "f")


# --- metadata -------------------------------------------------------------------------

_CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


_CREDIT_VALUES = {character: value for value, character in enumerate(_CREDIT_CHARSET)}


def credit_check_character(first17: str) -> str | None:
    """The GB 32100-2015 check character for the first 17 characters (None if they are not valid)."""
    if len(first17) != 17 or not set(first17) <= _CREDIT_VALUES.keys():
        return None
    total = sum(map(operator.mul, map(_CREDIT_VALUES.__getitem__, first17), _CREDIT_WEIGHTS))  # C loops: every file
    return _CREDIT_CHARSET[(31 - total % 31) % 31]


def as_written(raw: object) -> int | float | str | None:
    """A cell's content as a person wrote it, for messages and JSON: a whole number without ".0", other
    numbers as they are (a number in JSON), anything else as text."""
    if raw is None or isinstance(raw, bool):
        return None if raw is None else str(raw)
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 1e15:  # past 15 digits a float is not exact
        return int(raw)
    if isinstance(raw, int | float):
        return raw
    return str(raw).strip() if isinstance(raw, str) else str(raw)


def _text_of(raw: Raw | ExcelError) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return unicodedata.normalize("NFKC", str(raw)).strip()


def parse_choice(raw: Raw | ExcelError, choices: tuple[Choice, ...]) -> Parsed:
    text = _text_of(raw)
    for choice in choices:
        if text == choice.code or normalize(text) == normalize(choice.label):
            return Parsed(choice.code)
    return Parsed(None, Problem.INVALID)


def parse_date(raw: Raw | ExcelError) -> Parsed:
    if isinstance(raw, dt.datetime):
        return Parsed(raw.date())
    if isinstance(raw, dt.date):
        return Parsed(raw)
    if isinstance(raw, int | float) and not isinstance(raw, bool) and 20000 < raw < 80000:
        return Parsed(_EXCEL_EPOCH + dt.timedelta(days=int(raw)))
    match = _DATE_TEXT.match(_text_of(raw))
    if match:
        try:
            return Parsed(dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3))))
        except ValueError:
            pass
    return Parsed(None, Problem.INVALID)


def parse_meta(field: MetaField, raw: Raw | ExcelError, today: dt.date) -> Parsed:
    """A metadata value as its kind asks for; ``Problem.INVALID`` when it is not one."""
    if is_blank(raw):
        return Parsed(None, Problem.BLANK)
    if isinstance(raw, ExcelError):
        return Parsed(None, Problem.EXCEL_ERROR)
    kind = field.kind
    if kind is Kind.YEAR:
        text = _text_of(raw).removesuffix("年").strip()
        if text.isdigit() and 2021 <= int(text) <= today.year:
            return Parsed(int(text))
        return Parsed(None, Problem.INVALID)
    if kind is Kind.CHOICE:
        return parse_choice(raw, field.choices)
    if kind is Kind.CREDIT_CODE:
        code = _text_of(raw).upper()
        if len(code) == 18 and credit_check_character(code[:17]) == code[17]:
            return Parsed(code)
        return Parsed(None, Problem.INVALID)
    if kind is Kind.REGION_CODE:
        code = _text_of(raw)
        return Parsed(code) if re.fullmatch(r"\d{6}", code) else Parsed(None, Problem.INVALID)
    if kind is Kind.DATE:
        return parse_date(raw)
    return Parsed(str(raw).strip())
