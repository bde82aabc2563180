"""Compute the simple formulas a workbook was saved with but without their results.

A workbook written by a script (openpyxl, some exporters) keeps ``=2025-1996`` in a cell
and no result; every reader that takes the saved results sees a blank. This module computes
what a person would compute by hand: arithmetic on numbers, text joined with ``&``,
comparisons, references to other cells of the same sheet, and an allow-list of functions
without hidden inputs (SUM, ROUND, IF, CONCATENATE, DATE, YEAR...). Anything else (TODAY,
other sheets or books, names, functions not listed) is refused with the reason, never
guessed.

No library is used: ``formulas`` and ``pycel`` evaluate whole workbooks with many
dependencies; a small parser over an allow-list is enough here and cannot run anything
but arithmetic.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from oportumap.i18n import text

#: Functions whose result depends on the day, chance or other cells by name: refused.
VOLATILE = frozenset({"TODAY", "NOW", "RAND", "RANDBETWEEN", "RANDARRAY", "OFFSET",
                      "INDIRECT", "CELL", "INFO"})
#: How Excel in Spanish shows the functions people meet in messages.
SPANISH_NAMES = {"TODAY": "HOY", "NOW": "AHORA", "RAND": "ALEATORIO",
                 "RANDBETWEEN": "ALEATORIO.ENTRE", "OFFSET": "DESREF", "INDIRECT": "INDIRECTO"}

_EPOCH = dt.date(1899, 12, 30)  # Excel's serial 0 (1900 system, after the leap-year bug)


class FormulaError(Exception):
    """A formula that cannot be computed here; ``reason`` says why, in Spanish."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ExcelError:
    """An Excel error value (``#DIV/0!``, ``#VALUE!``) that travels through a formula."""

    code: str


Value = float | str | bool | dt.date | ExcelError | None

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<string>"(?:[^"]|"")*")
  | (?P<error>\#(?:DIV/0!|N/A|VALUE!|REF!|NAME\?|NUM!|NULL!))
  | (?P<sheetref>(?:'(?:[^']|'')+'|\[?[A-Za-z0-9_.\[\]]+)!\$?[A-Za-z]{1,3}\$?\d+
                 (?::\$?[A-Za-z]{1,3}\$?\d+)?)
  | (?P<range>\$?[A-Za-z]{1,3}\$?\d+:\$?[A-Za-z]{1,3}\$?\d+)
  | (?P<func>(?:_xlfn\.|_xlws\.)?[A-Za-z][A-Za-z0-9_.]*(?=\s*\())
  | (?P<bool>(?:TRUE|FALSE)(?![A-Za-z0-9_(]))
  | (?P<ref>\$?[A-Za-z]{1,3}\$?\d+(?![A-Za-z0-9_]))
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<op><>|<=|>=|[-+*/^&=<>%(),:;])
  | (?P<name>[A-Za-z_][A-Za-z0-9_.]*)
""", re.VERBOSE)

_CELL = re.compile(r"(\$?)([A-Za-z]{1,3})(\$?)(\d+)")


def column_index(letters: str) -> int:
    """0-based column of ``"A"``, ``"AB"``...

    Examples
    --------
    >>> column_index("A"), column_index("AB")
    (0, 27)
    """
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def column_letters(index: int) -> str:
    """Letters of a 0-based column (``27`` -> ``"AB"``)."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _tokens(formula: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(formula):
        m = _TOKEN.match(formula, pos)
        if m is None:
            raise FormulaError(text("files.formula_why.syntax"))
        pos = m.end()
        if m.lastgroup != "space":
            out.append((m.lastgroup, m.group()))
    return out


def shift_formula(formula: str, rows: int, cols: int) -> str:
    """A shared formula as it reads in a cell ``rows`` down and ``cols`` right of its
    first cell (references without ``$`` move, as when Excel fills a column).

    Examples
    --------
    >>> shift_formula("2025-E2+$E$2", 3, 0)
    '2025-E5+$E$2'
    """
    def move(m: re.Match) -> str:
        col, row = m.group(2), int(m.group(4))
        if not m.group(1):
            col = column_letters(column_index(col) + cols)
        if not m.group(3):
            row += rows
        return f"{m.group(1)}{col}{m.group(3)}{row}"

    out, pos = [], 0
    for m in _TOKEN.finditer(formula):
        if m.start() != pos:  # untokenisable text: leave the rest as it is
            break
        piece = m.group()
        if m.lastgroup in ("ref", "range"):
            piece = _CELL.sub(move, piece)
        out.append(piece)
        pos = m.end()
    return "".join(out) + formula[pos:]


class _Parser:
    """Recursive descent over Excel's operator precedence, evaluating as it goes."""

    def __init__(self, tokens: list[tuple[str, str]], cell: Callable[[int, int], Value]):
        self.tokens = tokens
        self.pos = 0
        self.cell = cell

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else ("end", "")

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if value is not None and token[1] != value:
            raise FormulaError(text("files.formula_why.syntax"))
        self.pos += 1
        return token

    # expression levels, loosest first
    def comparison(self) -> Value:
        left = self.concat()
        while self.peek()[1] in ("=", "<>", "<", ">", "<=", ">="):
            op = self.take()[1]
            left = _compare(op, left, self.concat())
        return left

    def concat(self) -> Value:
        left = self.additive()
        while self.peek()[1] == "&":
            self.take()
            right = self.additive()
            left = _first_error(left, right) or _text(left) + _text(right)
        return left

    def additive(self) -> Value:
        left = self.term()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            left = _arith(op, left, self.term())
        return left

    def term(self) -> Value:
        left = self.power()
        while self.peek()[1] in ("*", "/"):
            op = self.take()[1]
            left = _arith(op, left, self.power())
        return left

    def power(self) -> Value:
        left = self.unary()
        while self.peek()[1] == "^":
            self.take()
            left = _arith("^", left, self.unary())
        return left

    def unary(self) -> Value:
        if self.peek()[1] in ("-", "+"):
            op = self.take()[1]
            value = self.unary()
            return _arith("*", -1.0, value) if op == "-" else value
        value = self.primary()
        while self.peek()[1] == "%":
            self.take()
            value = _arith("/", value, 100.0)
        return value

    def primary(self) -> Value:
        kind, token = self.take()
        if kind == "number":
            return float(token)
        if kind == "string":
            return token[1:-1].replace('""', '"')
        if kind == "bool":
            return token == "TRUE"
        if kind == "error":
            return ExcelError(token)
        if kind == "ref":
            return self.reference(token)
        if kind == "func":
            return self.function(token)
        if token == "(":
            value = self.comparison()
            self.take(")")
            return value
        if kind == "sheetref":
            raise FormulaError(text("files.formula_why.sheet"))
        if kind == "name":
            raise FormulaError(text("files.formula_why.name").format(name=token))
        if kind == "range":
            raise FormulaError(text("files.formula_why.range"))
        raise FormulaError(text("files.formula_why.syntax"))

    def reference(self, token: str) -> Value:
        m = _CELL.fullmatch(token)
        return self.cell(int(m.group(4)) - 1, column_index(m.group(2)))

    def cells(self, token: str) -> list[Value]:
        first, last = token.split(":")
        a, b = _CELL.fullmatch(first), _CELL.fullmatch(last)
        r0, r1 = sorted((int(a.group(4)) - 1, int(b.group(4)) - 1))
        c0, c1 = sorted((column_index(a.group(2)), column_index(b.group(2))))
        if (r1 - r0 + 1) * (c1 - c0 + 1) > 10_000:
            raise FormulaError(text("files.formula_why.range"))
        return [self.cell(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)]

    def function(self, token: str) -> Value:
        name = token.upper().removeprefix("_XLFN.").removeprefix("_XLWS.")
        if name in VOLATILE:
            shown = f"{name} ({SPANISH_NAMES[name]})" if name in SPANISH_NAMES else name
            raise FormulaError(text("files.formula_why.volatile").format(name=shown))
        if name not in _FUNCTIONS:
            raise FormulaError(text("files.formula_why.function").format(name=name))
        self.take("(")
        args: list[Value | list[Value]] = []
        if self.peek()[1] != ")":
            while True:
                kind, token = self.peek()
                after = self.tokens[self.pos + 1][1] if self.pos + 1 < len(self.tokens) else ""
                if kind == "range" and after in (",", ";", ")"):
                    self.take()
                    args.append(self.cells(token))
                elif self.peek()[1] in (",", ";", ")"):
                    args.append(None)  # an empty argument
                else:
                    args.append(self.comparison())
                if self.peek()[1] in (",", ";"):
                    self.take()
                    continue
                break
        self.take(")")
        return _FUNCTIONS[name](*args)


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


def evaluate(formula: str, cell: Callable[[int, int], Value] | None = None) -> Value:
    """The value of a formula, or :class:`FormulaError` saying why it cannot be computed.

    Parameters
    ----------
    formula : str
        As written in the cell (a leading ``=`` is optional).
    cell : callable, optional
        ``cell(row, column)`` (0-based) gives another cell's value of the same sheet.

    Returns
    -------
    float, str, bool, datetime.date or ExcelError

    Examples
    --------
    >>> evaluate("=2025-1996"), evaluate('="S"&"í"'), evaluate("=ROUND(2.5,0)")
    (29.0, 'Sí', 3.0)
    >>> evaluate("=IF(A1>=18,\\"adulto\\",\\"menor\\")", lambda r, c: 34.0)
    'adulto'
    >>> try:
    ...     evaluate("=TODAY()-A1")
    ... except FormulaError as e:
    ...     print(e.reason)
    usa TODAY (HOY), que cambia según el día en que se abre
    """
    tokens = _tokens(formula.strip().removeprefix("="))
    if not tokens:
        raise FormulaError(text("files.formula_why.syntax"))
    if any(kind == "sheetref" for kind, _ in tokens):
        raise FormulaError(text("files.formula_why.sheet"))
    parser = _Parser(tokens, cell or (lambda r, c: None))
    value = parser.comparison()
    if parser.pos != len(tokens):
        raise FormulaError(text("files.formula_why.syntax"))
    if isinstance(value, list):
        raise FormulaError(text("files.formula_why.range"))
    return value


def value_text(value: Value) -> str:
    """A computed value as the cell text readers take (numbers as Excel shows them, dates
    ISO, TRUE/FALSE).

    Examples
    --------
    >>> value_text(29.0), value_text(True), value_text(__import__("datetime").date(2025, 3, 1))
    ('29', 'TRUE', '2025-03-01')
    """
    return _text(value)
