"""The allow-list of functions :mod:`oportumap.files.formulas` computes: none has a hidden
input (the day, chance, other sheets), so a result is the same wherever it is computed."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

from oportumap.files.formula_values import (
    ExcelError,
    Value,
    _arith,
    _date,
    _first_error,
    _flat,
    _number,
    _text,
    _truth,
)


def _numbers(args) -> list[float] | ExcelError:
    """Numbers of a list of arguments as SUM reads them: text and blanks in ranges are left
    out, typed arguments must be numbers."""
    out: list[float] = []
    for arg in args:
        values = arg if isinstance(arg, list) else [arg]
        for v in values:
            if isinstance(v, ExcelError):
                return v
            if isinstance(arg, list) and (v is None or isinstance(v, str | bool)):
                continue
            n = _number(v)
            if isinstance(n, ExcelError):
                return n
            out.append(n)
    return out


def _aggregate(how: Callable[[list[float]], Value]) -> Callable[..., Value]:
    def run(*args):
        numbers = _numbers(args)
        return numbers if isinstance(numbers, ExcelError) else how(numbers)
    return run


def _round(mode: str) -> Callable[..., Value]:
    def run(value=None, digits=0.0):
        x, d = _number(value), _number(digits)
        if isinstance(x, ExcelError) or isinstance(d, ExcelError):
            return x if isinstance(x, ExcelError) else d
        factor = 10.0 ** int(d)
        scaled = abs(x) * factor
        if mode == "half":  # Excel rounds halves away from zero
            scaled = math.floor(scaled + 0.5 + 1e-9)
        elif mode == "up":
            scaled = math.ceil(scaled - 1e-9)
        else:
            scaled = math.floor(scaled + 1e-9)
        return math.copysign(scaled / factor, x) if scaled else 0.0
    return run


def _if(condition=None, yes: Value = True, no: Value = False) -> Value:
    truth = _truth(condition)
    if isinstance(truth, ExcelError):
        return truth
    return (0.0 if yes is None else yes) if truth else (0.0 if no is None else no)


def _iferror(value: Value = None, fallback: Value = "") -> Value:
    return fallback if isinstance(value, ExcelError) else value


def _logic(how: Callable[[list[bool]], bool]) -> Callable[..., Value]:
    def run(*args):
        values = []
        for v in _flat(args):
            if v is None:
                continue
            t = _truth(v)
            if isinstance(t, ExcelError):
                return t
            values.append(t)
        return how(values)
    return run


def _texts(how: Callable[..., str], *kinds: str) -> Callable[..., Value]:
    def run(*args):
        error = _first_error(*_flat(args))
        if error:
            return error
        converted = []
        for arg, kind in zip(args, kinds, strict=False):
            if kind == "n":
                n = _number(arg)
                if isinstance(n, ExcelError):
                    return n
                converted.append(int(n))
            else:
                converted.append(_text(arg))
        return how(*converted)
    return run


def _value(arg: Value = None) -> Value:
    return _number(arg)


def _make_date(year=None, month=None, day=None) -> Value:
    parts = [_number(v) for v in (year, month, day)]
    error = _first_error(*parts)
    if error:
        return error
    y, m, d = (int(p) for p in parts)
    y += 1900 if y < 1900 else 0
    y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
    try:
        return dt.date(y, m, 1) + dt.timedelta(days=d - 1)
    except (ValueError, OverflowError):
        return ExcelError("#NUM!")


def _date_part(part: str) -> Callable[..., Value]:
    def run(value=None):
        if isinstance(value, ExcelError):
            return value
        day = value if isinstance(value, dt.date) else None
        if day is None:
            n = _number(value)
            if isinstance(n, ExcelError):
                return n
            day = _date(n)
        return float(getattr(day, part))
    return run


_FUNCTIONS: dict[str, Callable[..., Value]] = {
    "SUM": _aggregate(lambda v: float(sum(v))),
    "AVERAGE": _aggregate(lambda v: sum(v) / len(v) if v else ExcelError("#DIV/0!")),
    "MIN": _aggregate(lambda v: float(min(v)) if v else 0.0),
    "MAX": _aggregate(lambda v: float(max(v)) if v else 0.0),
    "COUNT": lambda *a: float(sum(1 for v in _flat(a) if isinstance(v, float | int)
                                  and not isinstance(v, bool))),
    "COUNTA": lambda *a: float(sum(1 for v in _flat(a) if v not in (None, ""))),
    "ROUND": _round("half"),
    "ROUNDUP": _round("up"),
    "ROUNDDOWN": _round("down"),
    "INT": lambda v=None: (lambda n: n if isinstance(n, ExcelError) else float(math.floor(n)))(
        _number(v)),
    "ABS": lambda v=None: (lambda n: n if isinstance(n, ExcelError) else abs(n))(_number(v)),
    "MOD": lambda a=None, b=None: _arith("-", a, _arith(
        "*", b, _FUNCTIONS["INT"](_arith("/", a, b)))),
    "IF": _if,
    "IFERROR": _iferror,
    "AND": _logic(all),
    "OR": _logic(any),
    "NOT": lambda v=None: (lambda t: t if isinstance(t, ExcelError) else not t)(_truth(v)),
    "CONCATENATE": lambda *a: _first_error(*_flat(a)) or "".join(_text(v) for v in _flat(a)),
    "CONCAT": lambda *a: _first_error(*_flat(a)) or "".join(_text(v) for v in _flat(a)),
    "TRIM": _texts(lambda s: " ".join(s.split()), "s"),
    "UPPER": _texts(str.upper, "s"),
    "LOWER": _texts(str.lower, "s"),
    "PROPER": _texts(str.title, "s"),
    "LEN": lambda v=None: _first_error(v) or float(len(_text(v))),
    "LEFT": _texts(lambda s, n=1: s[:n], "s", "n"),
    "RIGHT": _texts(lambda s, n=1: s[-n:] if n else "", "s", "n"),
    "MID": _texts(lambda s, start, n: s[start - 1:start - 1 + n], "s", "n", "n"),
    "VALUE": _value,
    "DATE": _make_date,
    "YEAR": _date_part("year"),
    "MONTH": _date_part("month"),
    "DAY": _date_part("day"),
}

#: Functions computed (for documentation and messages).
FUNCTIONS = frozenset(_FUNCTIONS)
