"""Formula cells saved without their result: found in the sheet's XML, computed when simple,
reported cell by cell when not — never read as blank in silence.

The readers take the results a workbook saved with its formulas (what Excel shows). A
workbook written by a script keeps the formula and no result, and a workbook that asks to be
recalculated when opened (``fullCalcOnLoad``, written by openpyxl and XlsxWriter) may keep a
placeholder (XlsxWriter saves 0). Each sheet's XML is scanned once for formulas (a byte
search: a sheet without formulas costs one pass over its bytes); the cells without a result
(or whose result may be a placeholder) are computed by :mod:`oportumap.files.formulas` from
the other cells of the same sheet.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from oportumap.errors import Interpretation
from oportumap.files.formulas import (
    FormulaError,
    Value,
    column_index,
    column_letters,
    evaluate,
    shift_formula,
    value_text,
)
from oportumap.i18n import text

#: Bytes of a sheet read at a time while looking for formulas.
CHUNK_BYTES = 8_000_000
#: Cells reported one by one per column; more are summed up in one line.
CELLS_SAID = 20

_F_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_C_OPEN = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>]")
_C_CLOSE = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?c>|<(?:[A-Za-z_][\w.-]*:)?c\b[^>]*/>")
_REF = re.compile(rb'\br="\$?([A-Za-z]{1,3})\$?(\d+)"')
_TYPE = re.compile(rb'\bt="(\w+)"')
_F = re.compile(rb"<(?:[\w.-]+:)?f\b([^>]*?)(?:/>|>(.*?)</(?:[\w.-]+:)?f>)", re.S)
_V = re.compile(rb"<(?:[\w.-]+:)?v\b[^>]*?(?:/>|>(.*?)</(?:[\w.-]+:)?v>)", re.S)
_SI = re.compile(rb'\bsi="(\d+)"')
_FT = re.compile(rb'\bt="(\w+)"')


def _xml_text(raw: bytes) -> str:
    return (raw.decode("utf-8", "replace").replace("&lt;", "<").replace("&gt;", ">")
            .replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&"))


@dataclass
class FormulaCell:
    """One formula cell whose saved result is missing (or to be checked).

    Attributes
    ----------
    sheet : str
        Sheet name.
    row, col : int
        0-based position in the sheet.
    formula : str
        As a person reads it (``=2025-1996``).
    cached : str or None
        The saved result as text; None when the workbook saved none.
    value : str
        The computed result as cell text (``""`` when not computed).
    computed : bool
        True when computed.
    why : str
        Why it could not be computed (Spanish), when it was not.
    header : str
        Header of the column in the table the cell belongs to (filled when the table is
        found; ``""`` outside any table).
    """

    sheet: str
    row: int
    col: int
    formula: str
    cached: str | None = None
    value: str = ""
    computed: bool = False
    why: str = ""
    header: str = ""
    #: The computed value itself (number, text, boolean, date), to compare with ``cached``.
    result: Value = None
    #: Typed in a text file (CSV): no result was ever saved, and the readers decide per
    #: column whether a computed one may stand (:mod:`oportumap.files.text_formulas`).
    in_text: bool = False

    @property
    def cell(self) -> str:
        """The cell as Excel names it (``F7``)."""
        return f"{column_letters(self.col)}{self.row + 1}"

    @property
    def stale(self) -> bool:
        """A saved result replaced by a different computed one."""
        return self.cached is not None and self.computed and not _same(self.cached,
                                                                        self.result)


def _same(cached: str, result: Value) -> bool:
    """Whether a saved result (as the XML holds it) is the computed one: booleans saved as
    1/0, dates as serial numbers, numbers to Excel's 15 digits."""
    if isinstance(result, bool):
        return cached.strip().upper() in (("1", "TRUE") if result else ("0", "FALSE"))
    if isinstance(result, float | int | dt.date):
        try:
            saved = float(cached)
        except ValueError:
            return False
        if isinstance(result, dt.date):
            return math.floor(saved) == (result - dt.date(1899, 12, 30)).days
        return math.isclose(saved, float(result), rel_tol=1e-12, abs_tol=1e-12)
    return cached == value_text(result)


def recalculates_on_load(book: zipfile.ZipFile) -> bool:
    """True when the workbook asks to be recalculated when opened (its saved results were
    not computed by a spreadsheet program and may be placeholders)."""
    try:
        workbook = book.read("xl/workbook.xml")
    except KeyError:
        return False
    return re.search(rb'fullCalcOnLoad="(1|true)"', workbook) is not None


def scan_formulas(book: zipfile.ZipFile, part: str, sheet: str, *,
                  every: bool = False) -> list[FormulaCell]:
    """Formula cells of one sheet saved without a result (all of them with ``every``).

    Shared formulas (one formula filled down a column) are spelled out for each cell.
    """
    found: list[FormulaCell] = []
    masters: dict[bytes, tuple[int, int, str]] = {}
    carry = b""
    with book.open(part) as handle:
        while True:
            block = handle.read(CHUNK_BYTES)
            data = carry + block
            cut = len(data) if not block else _last_row_end(data)
            piece, carry = data[:cut], data[cut:]
            if b"f" in piece and (b"<f" in piece or b":f" in piece):
                _scan_piece(piece, sheet, masters, found, every)
            if not block:
                break
    return found


def _last_row_end(data: bytes) -> int:
    """Where the last complete row of a piece of sheet XML ends (0: none yet)."""
    at = len(data)
    while True:
        at = data.rfind(b"row>", 0, at)
        if at < 0:
            return 0
        before = data[max(0, at - 40):at]
        if before.endswith(b"</") or re.search(rb"</[\w.-]+:$", before):
            return at + 4


def _scan_piece(piece: bytes, sheet: str, masters: dict, found: list[FormulaCell],
                every: bool) -> None:
    for m in _F_TAG.finditer(piece):
        opens = [o for o in _C_OPEN.finditer(piece, max(0, m.start() - 400), m.start())]
        if not opens:
            continue
        start = opens[-1].start()
        close = _C_CLOSE.search(piece, m.start())
        if close is None:
            continue
        cell = piece[start:close.end()]
        tag_end = cell.find(b">")
        attrs = cell[:tag_end]
        ref = _REF.search(attrs)
        formula = _F.search(cell)
        if ref is None or formula is None:
            continue
        row, col = int(ref.group(2)) - 1, column_index(ref.group(1).decode())
        f_attrs, body = formula.group(1), formula.group(2)
        written = _xml_text(body) if body else ""
        kind = _FT.search(f_attrs)
        if kind and kind.group(1) == b"shared":
            si = _SI.search(f_attrs)
            key = si.group(1) if si else b""
            if written:
                masters[key] = (row, col, written)
            elif key in masters:
                r0, c0, first = masters[key]
                written = shift_formula(first, row - r0, col - c0)
        if not written:
            continue
        value = _V.search(cell, formula.end())
        cell_type = _TYPE.search(attrs)
        saved: str | None = None
        if value is not None and value.group(1) is not None:
            saved = _xml_text(value.group(1))
        elif value is not None and cell_type and cell_type.group(1) == b"str":
            saved = ""  # a formula whose result is the empty text (="")
        if saved is not None and saved != "" and not every:
            continue
        if saved == "" and cell_type is None:
            saved = None  # <v/> with no type: nothing was saved
        found.append(FormulaCell(sheet, row, col, "=" + written, saved))


def workbook_formulas(path, names: Sequence[str], sheet_parts
                      ) -> dict[str, list[FormulaCell]]:
    """Formula cells to compute in each sheet of ``names`` (sheets without any left out).

    ``sheet_parts(book)`` maps sheet names to their XML parts. A workbook that cannot be
    opened as a zip has none (the reader says what is wrong with it).
    """
    out: dict[str, list[FormulaCell]] = {}
    try:
        with zipfile.ZipFile(path) as book:
            every = recalculates_on_load(book)
            parts = sheet_parts(book)
            for name in names:
                if name in parts:
                    cells = scan_formulas(book, parts[name], name, every=every)
                    if cells:
                        out[name] = cells
    except (zipfile.BadZipFile, KeyError, OSError):
        return {}
    return out


def cells_in_table(cells: list[FormulaCell], table) -> list[FormulaCell]:
    """The cells inside a table's data rows and columns, each with its column's header."""
    if not cells:
        return []
    rows = {int(n) for n in table.row_numbers}
    where = {c: name for c, name in zip(table.columns_at, table.frame.columns, strict=False)}
    out = []
    for c in cells:
        if c.row + 1 in rows and c.col in where:
            c.header = str(where[c.col])
            out.append(c)
    return out


def compute_cells(cells: list[FormulaCell], rows: Sequence[Sequence[object]]) -> None:
    """Compute each cell from the sheet's other cells (``rows``: the values a reader took,
    0-based), in place. A reference to another uncomputable cell says so."""
    pending = {(c.row, c.col): c for c in cells}
    done: dict[tuple[int, int], Value] = {}
    busy: set[tuple[int, int]] = set()

    def value_at(r: int, c: int) -> Value:
        key = (r, c)
        if key in pending and pending[key].cached is None:
            if key not in done:
                run(pending[key])
            target = pending[key]
            if not target.computed:
                raise FormulaError(text("files.formula_why.ref_failed").format(
                    cell=target.cell))
            return done[key]
        if r < len(rows) and c < len(rows[r]):
            v = rows[r][c]
            return None if v == "" else v
        return None

    def run(target: FormulaCell) -> None:
        key = (target.row, target.col)
        if key in busy:
            raise FormulaError(text("files.formula_why.cycle"))
        busy.add(key)
        try:
            result = evaluate(target.formula, value_at)
            if hasattr(result, "code"):
                raise FormulaError(text("files.formula_why.error").format(error=result.code))
            done[key] = target.result = result
            target.value, target.computed, target.why = value_text(result), True, ""
        except FormulaError as exc:
            done[key] = None
            target.value, target.computed, target.why = "", False, exc.reason
        except RecursionError:
            done[key] = None
            target.computed, target.why = False, text("files.formula_why.syntax")
        finally:
            busy.discard(key)

    for target in cells:
        if (target.row, target.col) not in done:
            run(target)


def apply_to_grid(cells: list[FormulaCell], grid: list[list[str]]) -> None:
    """Put computed results in the grid of cell texts (growing it where a column or row of
    formulas lay outside what the reader saw)."""
    for c in cells:
        if not c.computed or (c.cached is not None and not c.stale):
            continue
        while len(grid) <= c.row:
            grid.append([])
        line = grid[c.row]
        if len(line) <= c.col:
            line.extend([""] * (c.col + 1 - len(line)))
        line[c.col] = c.value
    width = max((len(r) for r in grid), default=0)
    for line in grid:
        if len(line) < width:
            line.extend([""] * (width - len(line)))


def formula_notes(cells: list[FormulaCell], file: str, used: set[str],
                  lang: str = "es") -> tuple[list[FormulaCell], list[Interpretation]]:
    """What a person reads about a table's formula cells.

    Returns
    -------
    refused : list of FormulaCell
        Cells that could not be computed in a column that is used: their rows are rejected
        for that column (never read as blank).
    said : list of Interpretation
        Cells computed (``hoja X, celda F7: ... calculada: 29``), saved results replaced,
        and cells not computed in columns nobody uses.
    """
    refused: list[FormulaCell] = []
    said: list[Interpretation] = []
    per_column: dict[str, int] = {}
    for c in cells:
        if not c.computed and c.cached is None and c.header in used:
            refused.append(c)
            continue
        if c.computed and c.cached is not None and not c.stale:
            continue  # the saved result was right
        where = text("files.formula_where", lang).format(sheet=c.sheet, cell=c.cell)
        if c.computed and c.cached is None:
            meaning = text("files.formula_computed", lang).format(where=where, value=c.value)
        elif c.stale:
            meaning = text("files.formula_stale", lang).format(
                where=where, value=c.value, cached=c.cached)
        elif c.cached is not None:
            meaning = text("files.formula_unchecked", lang).format(
                where=where, cached=c.cached, why=c.why)
        else:
            meaning = text("files.formula_unused", lang).format(where=where, why=c.why)
        n = per_column[c.header] = per_column.get(c.header, 0) + 1
        if n <= CELLS_SAID:
            said.append(Interpretation(c.header or None, c.formula, meaning, 1))
    for header, n in per_column.items():
        if n > CELLS_SAID:
            said.append(Interpretation(header or None, "=…", text(
                "files.formula_more", lang).format(n=f"{n - CELLS_SAID:,}"), n - CELLS_SAID))
    return refused, said


def formula_reason(c: FormulaCell, lang: str = "es") -> str:
    """Why a row was rejected for a formula cell (Spanish: where, why, what to do).

    Examples
    --------
    >>> c = FormulaCell("Octubre", 6, 5, "=TODAY()-E7", why="usa TODAY (HOY), que cambia")
    >>> print(formula_reason(c))  # doctest: +ELLIPSIS
    hoja Octubre, celda F7: la fórmula =TODAY()-E7 se guardó sin su resultado y no se pudo...
    """
    where = text("files.formula_where", lang).format(sheet=c.sheet, cell=c.cell)
    return text("files.formula_failed", lang).format(where=where, formula=c.formula, why=c.why)


def blank_row_note(c: FormulaCell, lang: str = "es") -> Interpretation:
    """What is said of a formula that could not be computed in a row otherwise blank."""
    if c.in_text:  # typed in a CSV: no sheet, and nothing was ever saved
        where = text("files.text_formula_where", lang).format(row=c.row + 1)
        return Interpretation(c.header or None, c.formula, text(
            "files.text_formula_blank_row", lang).format(where=where, why=c.why), 1)
    where = text("files.formula_where", lang).format(sheet=c.sheet, cell=c.cell)
    return Interpretation(c.header or None, c.formula, text(
        "files.formula_blank_row", lang).format(where=where, why=c.why), 1)
