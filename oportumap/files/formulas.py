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

import re
from collections.abc import Callable

from oportumap.files.formula_functions import _FUNCTIONS, FUNCTIONS
from oportumap.files.formula_values import (
    ExcelError,
    Value,
    _arith,
    _compare,
    _first_error,
    _text,
    number_text,
)
from oportumap.i18n import text

__all__ = ["FUNCTIONS", "ExcelError", "FormulaError", "Value", "column_index",
           "column_letters", "evaluate", "number_text", "shift_formula", "value_text"]

#: Functions whose result depends on the day, chance or other cells by name: refused.
VOLATILE = frozenset({"TODAY", "NOW", "RAND", "RANDBETWEEN", "RANDARRAY", "OFFSET",
                      "INDIRECT", "CELL", "INFO"})
#: How Excel in Spanish shows the functions people meet in messages.
SPANISH_NAMES = {"TODAY": "HOY", "NOW": "AHORA", "RAND": "ALEATORIO",
                 "RANDBETWEEN": "ALEATORIO.ENTRE", "OFFSET": "DESREF", "INDIRECT": "INDIRECTO"}


class FormulaError(Exception):
    """A formula that cannot be computed here; ``reason`` says why, in Spanish."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


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
