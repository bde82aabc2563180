"""Formulas typed into a text file (CSV, TXT): a CSV keeps no formula results.

A person who types ``=2025-1996`` in a CSV's «edad» cell, or who saves a CSV from a
program that writes formulas as text, leaves a formula where a value goes. Read literally
it is text: an invalid age, an unknown state. Here each such cell is found (one vectorised
test per column, after one byte search says the file may hold any) and computed by the same
allow-listed evaluator as a workbook's (:mod:`oportumap.files.formulas`); Spanish function
names (``SUMA``, ``FECHA``, ``SI``) are read as Excel in Spanish shows them. A reference to
another cell is refused: a CSV has no cells to compute from. Whether a computed value is
used is decided per column by the readers (a number or a date where a number or date goes;
anything else is rejected saying a CSV keeps no formula results): see
:func:`oportumap.loaders.result.formula_problems`.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd

from oportumap.errors import Interpretation
from oportumap.files.formula_cells import FormulaCell
from oportumap.files.formulas import FormulaError, column_letters, evaluate, value_text
from oportumap.i18n import text

#: Bytes read at a time while looking for a cell that starts with ``=``.
CHUNK_BYTES = 8_000_000
#: ``=`` inside cells beyond which a file is looked at cell by cell (cheaper then).
MAX_EQUALS = 10_000
#: A cell that is a formula: ``=`` then something a formula starts with (not ``==>``,
#: not ``= `` followed by nothing).
_FORMULA = re.compile(r"^=\s*[\w(\"'+\-$.]")
#: Functions as Excel in Spanish shows them -> as the evaluator knows them.
SPANISH_FUNCTIONS = {
    "SUMA": "SUM", "PROMEDIO": "AVERAGE", "CONTAR": "COUNT", "CONTARA": "COUNTA",
    "REDONDEAR": "ROUND", "REDONDEAR.MAS": "ROUNDUP", "REDONDEAR.MENOS": "ROUNDDOWN",
    "ENTERO": "INT", "RESIDUO": "MOD", "SI": "IF", "SI.ERROR": "IFERROR", "Y": "AND",
    "O": "OR", "NO": "NOT", "CONCATENAR": "CONCATENATE", "ESPACIOS": "TRIM",
    "MAYUSC": "UPPER", "MINUSC": "LOWER", "NOMPROPIO": "PROPER", "LARGO": "LEN",
    "IZQUIERDA": "LEFT", "DERECHA": "RIGHT", "EXTRAE": "MID", "VALOR": "VALUE",
    "FECHA": "DATE", "AÑO": "YEAR", "ANO": "YEAR", "MES": "MONTH", "DIA": "DAY",
    "DÍA": "DAY", "HOY": "TODAY", "AHORA": "NOW", "ALEATORIO": "RAND",
    "ALEATORIO.ENTRE": "RANDBETWEEN",
}
_SPANISH_CALL = re.compile(r"(?<![\w.])(" + "|".join(
    re.escape(k) for k in sorted(SPANISH_FUNCTIONS, key=len, reverse=True)) + r")(?=\s*\()",
    re.IGNORECASE)
_STRING = re.compile(r'("(?:[^"]|"")*")')


def may_hold_formulas(path: Path, sep: str) -> bool:
    """Whether any cell of a text file may start with ``=`` (a byte search, no parsing).

    ``=`` is searched alone (the fastest search there is) and the byte before each one
    looked at; a file with very many ``=`` inside cells (web addresses) is looked at cell
    by cell instead. UTF-16 files (every other byte 0) are always looked at cell by cell.
    """
    starts = {ord("\n"), ord('"'), ord(sep) if len(sep) == 1 and ord(sep) < 128 else 0}
    seen = 0
    last = ord("\n")  # the byte before the block: the file starts a cell
    with open(path, "rb") as handle:
        head = handle.read(4096)
        if head.count(b"\x00") > len(head) // 4:
            return True
        handle.seek(0)
        while block := handle.read(CHUNK_BYTES):
            at = block.find(b"=")
            while at >= 0:
                before = block[at - 1] if at else last
                if before in starts or before == ord(" "):
                    return True
                seen += 1
                if seen > MAX_EQUALS:
                    return True
                at = block.find(b"=", at + 1)
            last = block[-1]
    return False


def english_functions(formula: str) -> str:
    """Spanish function names written outside quoted text, as Excel stores them.

    Examples
    --------
    >>> english_functions('=SI(SUMA(1;2)>2;"SUMA(";FECHA(2025;3;1))')
    '=IF(SUM(1;2)>2;"SUMA(";DATE(2025;3;1))'
    """
    parts = _STRING.split(formula)
    return "".join(part if i % 2 else _SPANISH_CALL.sub(
        lambda m: SPANISH_FUNCTIONS[m.group(1).upper()], part) for i, part in enumerate(parts))


def _no_cells(row: int, col: int):
    raise FormulaError(text("files.formula_why.text_ref").format(
        cell=f"{column_letters(col)}{row + 1}"))


def _not_a_formula(reason: str) -> bool:
    """A reason that says the text is not a formula at all (not parsed, or a word where
    a name would go), as opposed to a formula this reader does not compute."""
    named = text("files.formula_why.name").split("{")[0]
    return reason == text("files.formula_why.syntax") or reason.startswith(named)


def text_formulas(frame: pd.DataFrame, numbers: np.ndarray) -> list[FormulaCell]:
    """Formula cells of a text table, computed when they can be; the frame is changed in
    place: a computed cell holds its result as text, one that could not be computed is
    blank (its :class:`FormulaCell` says why, and the reader rejects its row).

    Parameters
    ----------
    frame : pandas.DataFrame
        Cells as strings, as the CSV reader took them.
    numbers : numpy.ndarray
        Line number in the file of each row.

    Returns
    -------
    list of FormulaCell
        One per cell, ``sheet`` ``""``, ``row`` the 0-based line, ``in_text`` True.

    Examples
    --------
    >>> frame = pd.DataFrame({"edad": ["=2025-1996", "40"], "estado": ['="Sí"', "=A2"],
    ...                       "nota": ["= igual que arriba", ""]})
    >>> cells = text_formulas(frame, np.array([2, 3]))
    >>> [(c.cell, c.header, c.value, c.computed) for c in cells]
    [('A2', 'edad', '29', True), ('B2', 'estado', 'Sí', True), ('B3', 'estado', '', False)]
    >>> frame["edad"].tolist(), frame["nota"][0]
    (['29', '40'], '= igual que arriba')
    >>> cells[2].why
    'usa la celda A2, y un CSV no guarda las celdas de una hoja'
    """
    found: list[FormulaCell] = []
    for j, column in enumerate(frame.columns):
        values = frame.iloc[:, j]
        if not (pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)):
            continue
        start = values.str.startswith("=", na=False).to_numpy(dtype=bool)
        if not start.any():
            continue
        hits = np.flatnonzero(start)
        written = values.iloc[hits].str.strip()
        formula = written.str.match(_FORMULA).to_numpy()
        hits, written = hits[formula], written[formula]
        results: dict[str, tuple[bool, object, str] | None] = {}
        for f in pd.unique(written):  # distinct formulas: few
            try:
                value = evaluate(english_functions(f), _no_cells)
                if hasattr(value, "code"):
                    raise FormulaError(text("files.formula_why.error").format(error=value.code))
                results[f] = (True, value, "")
            except FormulaError as exc:
                # «= igual que arriba»: words no formula can hold are a person's text
                results[f] = None if _not_a_formula(exc.reason) else (False, None, exc.reason)
            except RecursionError:
                results[f] = None
        kept = np.array([results[f] is not None for f in written], dtype=bool)
        hits, written = hits[kept], written[kept]
        if not len(hits):
            continue
        shown = []
        for i, f in zip(hits, written, strict=True):
            ok, value, why = results[f]
            cell = FormulaCell("", int(numbers[i]) - 1, j, f, None,
                               value_text(value) if ok else "", ok, why, str(column),
                               value, in_text=True)
            found.append(cell)
            shown.append(cell.value)
        frame.iloc[hits, j] = shown
    return found


def judge_text_formula(cell: FormulaCell, kind: str | None, lang: str = "es"
                       ) -> tuple[str | None, Interpretation | None]:
    """Whether a formula typed in a CSV may stand in a column of ``kind``, as a person
    would decide: (reason its row is rejected, or what is said of the value used).

    A computed number where a number goes, a computed number or date where a date goes,
    is used (and said); anything else is refused, saying a CSV keeps no formula results.

    Parameters
    ----------
    cell : FormulaCell
        From :func:`text_formulas`.
    kind : {"number", "date"} or None
        The kind of value the column holds (None: text, codes, yes/no...).

    Examples
    --------
    >>> frame = pd.DataFrame({"edad": ["=2025-1996"], "estado": ['="Colocado"']})
    >>> age, state = text_formulas(frame, np.array([2]))
    >>> print(judge_text_formula(age, "number")[1].meaning)  # doctest: +ELLIPSIS
    fila 2: fórmula escrita en un CSV, que no guarda resultados; ...números se calculó: 29
    >>> print(judge_text_formula(state, None)[0])  # doctest: +ELLIPSIS
    fila 2: «="Colocado"» es una fórmula y un CSV no guarda resultados de fórmulas; en esta...
    """
    at = text("files.text_formula_where", lang).format(row=cell.row + 1)
    if kind not in ("number", "date"):
        return text("files.text_formula_refused", lang).format(
            where=at, formula=cell.formula), None
    if not cell.computed:
        return text("files.text_formula_failed", lang).format(
            where=at, formula=cell.formula, why=cell.why), None
    words = text(f"files.text_formula_kind.{kind}", lang)
    fits = isinstance(cell.result, int | float) and not isinstance(cell.result, bool)
    if kind == "date":
        fits = fits or isinstance(cell.result, dt.date)
    if not fits:
        return text("files.text_formula_not_kind", lang).format(
            where=at, formula=cell.formula, value=cell.value, kind=words), None
    return None, Interpretation(cell.header or None, cell.formula, text(
        "files.text_formula_computed", lang).format(where=at, kind=words, value=cell.value))
