"""Values inside a formula as Excel treats them: numbers, text, booleans, dates, errors,
and the operators between them (used by :mod:`oportumap.files.formulas`)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

_EPOCH = dt.date(1899, 12, 30)  # Excel's serial 0 (1900 system, after the leap-year bug)


@dataclass(frozen=True)
class ExcelError:
    """An Excel error value (``#DIV/0!``, ``#VALUE!``) that travels through a formula."""

    code: str


Value = float | str | bool | dt.date | ExcelError | None


def _first_error(*values: Value) -> ExcelError | None:
    return next((v for v in values if isinstance(v, ExcelError)), None)


def _serial(day: dt.date) -> float:
    if isinstance(day, dt.datetime):
        return (day - dt.datetime(1899, 12, 30)).total_seconds() / 86400
    return float((day - _EPOCH).days)


def _date(serial: float) -> dt.date:
    return _EPOCH + dt.timedelta(days=int(math.floor(serial)))


def _number(value: Value) -> float | ExcelError:
    if isinstance(value, ExcelError):
        return value
    if value is None or value == "":
        return 0.0
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dt.date):
        return _serial(value)
    try:  # Excel's arithmetic reads numbers written as text
        return float(str(value).strip().replace(",", ""))
    except ValueError:
        return ExcelError("#VALUE!")


def _text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float | int):
        return number_text(float(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def number_text(value: float) -> str:
    """A number as Excel's General format shows it (15 significant digits, no ``.0``).

    Examples
    --------
    >>> number_text(29.0), number_text(0.1 + 0.2), number_text(1 / 3)
    ('29', '0.3', '0.333333333333333')
    """
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{float(f'{value:.15g}'):.15g}"


def _arith(op: str, left: Value, right: Value) -> Value:
    error = _first_error(left, right)
    if error:
        return error
    # A date plus or minus days stays a date; two dates subtracted give days.
    if op in ("+", "-") and isinstance(left, dt.date) and not isinstance(right, dt.date | str):
        days = _number(right)
        if isinstance(days, ExcelError):
            return days
        return _date(_serial(left) + (days if op == "+" else -days))
    if op == "+" and isinstance(right, dt.date) and isinstance(left, float | int | bool):
        return _date(_serial(right) + float(left))
    a, b = _number(left), _number(right)
    if isinstance(a, ExcelError) or isinstance(b, ExcelError):
        return a if isinstance(a, ExcelError) else b
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        return ExcelError("#DIV/0!") if b == 0 else a / b
    try:
        result = a ** b
    except (OverflowError, ZeroDivisionError):
        return ExcelError("#NUM!")
    return ExcelError("#NUM!") if isinstance(result, complex) else float(result)


def _rank(value: Value) -> int:
    return 2 if isinstance(value, bool) else 1 if isinstance(value, str) else 0


def _compare(op: str, left: Value, right: Value) -> Value:
    error = _first_error(left, right)
    if error:
        return error
    left = "" if left is None and isinstance(right, str) else left
    right = "" if right is None and isinstance(left, str) else right
    a: object = _number(left) if _rank(left) == 0 else left
    b: object = _number(right) if _rank(right) == 0 else right
    if _rank(left) != _rank(right):
        a, b = _rank(left), _rank(right)
    elif isinstance(a, str):
        a, b = a.lower(), str(b).lower()
    return {"=": a == b, "<>": a != b, "<": a < b, ">": a > b, "<=": a <= b,
            ">=": a >= b}[op]


def _truth(value: Value) -> bool | ExcelError:
    if isinstance(value, ExcelError):
        return value
    if isinstance(value, str):
        if value.upper() in ("TRUE", "FALSE"):
            return value.upper() == "TRUE"
        return ExcelError("#VALUE!")
    number = _number(value)
    return number if isinstance(number, ExcelError) else number != 0


def _flat(args) -> list[Value]:
    out: list[Value] = []
    for arg in args:
        out.extend(arg if isinstance(arg, list) else [arg])
    return out
