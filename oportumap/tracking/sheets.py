"""Reading coordinators' filled workbooks and CSV: the status rows as typed.

Every sheet of an ``.xlsx`` whose header row (within its first 10 rows) has «ID
referencia» (or ``Referral ID``), «Estado», «Fecha estado» and, optionally, «Nota»; or a
CSV with those headers. Nothing is checked here: :mod:`oportumap.tracking.importer`
decides what each row means.

A workbook saved by a script keeps its formulas without their results (a «Fecha estado»
``=C2+7``, an «Estado» ``=IF(...)``): those are computed here by the files layer
(:mod:`oportumap.files.formula_cells`) and said; one that cannot be computed is carried as
:class:`~oportumap.tracking.sheet_formulas.Uncomputed` so its row is rejected naming sheet
and cell — never read as blank (:mod:`oportumap.tracking.sheet_formulas`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from oportumap.errors import DataError, Interpretation
from oportumap.files.formula_cells import FormulaCell, blank_row_note, workbook_formulas
from oportumap.files.sheets import sheet_parts
from oportumap.text import normalize_text
from oportumap.tracking.sheet_formulas import (
    csv_formulas,
    take_uncomputed,
    workbook_formula_cells,
)

#: Header words (normalised) recognised for each field.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "referral_id": ("id referencia", "referral id", "id de referencia", "referral_id"),
    "status": ("estado", "status"),
    "status_date": ("fecha estado", "status date", "fecha de estado", "fecha del estado",
                    "status_date"),
    "note": ("nota", "note", "notas", "notes", "observaciones"),
    # What a delivered list also carries: enough to recognise a referral made without a
    # store (its ID is the hash of these, see oportumap.tracking.record) and adopt it.
    "returnee_id": ("id retornado", "returnee id"),
    "opportunity_id": ("id oportunidad", "opportunity id"),
    "stage": ("etapa", "stage"),
    "kind": ("tipo", "kind"),
    "rank": ("orden", "rank"),
    "score": ("puntaje", "score"),
    "provider": ("proveedor", "provider"),
    "home_muni_code": ("codigo municipio residencia", "home municipality code"),
    "muni_code": ("codigo municipio oportunidad", "opportunity municipality code"),
    "as_of": ("datos al", "data as of"),
}
#: Fields read from a status sheet (the first four are the follow-up itself).
_FIELDS = tuple(HEADER_ALIASES)
#: The guide sheet of delivered workbooks, in either language (never a status sheet).
_GUIDE_SHEETS = ("Cómo usar esta lista", "How to use this list")


def _field_of(cell: object) -> str | None:
    key = normalize_text(cell).replace("_", " ")
    for name, aliases in HEADER_ALIASES.items():
        if key in {normalize_text(a).replace("_", " ") for a in aliases}:
            return name
    return None


def _header(rows: list[tuple]) -> tuple[int, dict[str, int]] | None:
    for i, row in enumerate(rows):
        found: dict[str, int] = {}
        for j, cell in enumerate(row):
            name = _field_of(cell)
            if name and name not in found:
                found[name] = j
        if "referral_id" in found:
            return i, found
    return None


def _missing_columns(name: str, sheet: str, found: dict[str, int],
                     row: int | None = None) -> None:
    missing = [c for c in ("status", "status_date") if c not in found]
    if missing:
        words = {"status": "«Estado»", "status_date": "«Fecha estado»"}
        where = f"{name}, hoja '{sheet}'" if sheet else name
        if row is not None:  # a header repeated below the first
            where += f", fila {row} (encabezado repetido)"
        hint = ""
        if len(missing) == 2:  # IDs and nothing to follow: likely the list as issued
            hint = ("; si es una lista emitida por otro programa, cárguela antes con: "
                    "oportumap track issued ARCHIVO")
        raise DataError(f"{where}: tiene «ID referencia» pero le falta "
                        f"{' y '.join(words[m] for m in missing)}; agregue la columna con "
                        f"ese encabezado{hint}")


@dataclass
class StatusRows:
    """What a filled workbook or CSV holds, before any check.

    Attributes
    ----------
    rows : pandas.DataFrame
        ``sheet``, ``row`` (as the user sees it), ``referral_id``, ``status``,
        ``status_date`` (cell values), ``note`` and the other fields of
        :data:`HEADER_ALIASES`; fully blank rows left out.
    sheets_skipped : list of str
        Sheets without «ID referencia».
    blank : pandas.DataFrame
        ``sheet`` and ``row`` of the fully blank rows inside the data (counted, not read).
    notes : list of str
        Rows set apart as not data, in Spanish: a header repeated below the first one (a
        pasted list) is not data, and the rows under it are read by its own columns.
    interpretations : list of Interpretation
        Formula cells saved without their result: computed (and the value used), or not
        computable in a row otherwise blank. A row whose formula could not be computed
        carries it in ``formula`` (an :class:`~oportumap.tracking.sheet_formulas.Uncomputed`:
        the cell and the reason) and
        ``formula_field`` (the field it stands in), both ``None`` elsewhere; those
        columns exist only when such a row was read.
    """

    rows: pd.DataFrame
    sheets_skipped: list[str] = field(default_factory=list)
    blank: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["sheet", "row"]))
    notes: list[str] = field(default_factory=list)
    interpretations: list[Interpretation] = field(default_factory=list)


def read_status_file(path: str | Path) -> tuple[pd.DataFrame, list[str]]:
    """The status rows of a filled workbook or CSV, as typed (nothing checked yet).

    Returns
    -------
    (pandas.DataFrame, list of str)
        :attr:`StatusRows.rows` and the names of the sheets skipped (see
        :func:`read_status_rows` for the blank and repeated-header rows too).

    Raises
    ------
    DataError
        Unreadable file, or no sheet with «ID referencia».
    """
    read = read_status_rows(path)
    return read.rows, read.sheets_skipped


def read_status_rows(path: str | Path) -> StatusRows:
    """Everything :func:`read_status_file` reads, with the rows that are not data.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "f.csv"
    >>> _ = p.write_text("ID referencia,Estado,Fecha estado\\nAAA,Colocado,03/10/2026\\n"
    ...                  ",,\\nFecha estado,ID referencia,Estado\\n04/10/2026,BBB,Cerrado\\n")
    >>> read = read_status_rows(p)
    >>> read.rows[["row", "referral_id", "status"]].values.tolist()
    [[2, 'AAA', 'Colocado'], [5, 'BBB', 'Cerrado']]
    >>> read.blank["row"].tolist(), read.notes
    ([3], ['fila 4: encabezado repetido; las filas de debajo se leen con sus propias columnas'])
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: el archivo no existe; revise la ruta")
    suffix = path.suffix.lower()
    notes: list[str] = []
    said: list[Interpretation] = []
    failed: list[FormulaCell] = []
    if suffix in (".xlsx", ".xlsm"):
        parts, skipped, said, failed = _read_workbook(path)
    elif suffix in (".csv", ".txt", ".tsv"):
        part, notes, said, failed = _read_csv(path)
        parts, skipped = [part], []
    elif suffix in (".xls", ".ods", ".numbers", ".xlsb"):
        raise DataError(f"{path.name}: formato '{suffix}' (de otra versión o programa); "
                        "ábralo y guárdelo como .xlsx (Libro de Excel)")
    else:
        raise DataError(f"{path.name}: formato '{suffix}' no soportado; use .xlsx o .csv")
    frames = []
    for sheet, grid, numbers, header in parts:
        frame, again = _split_at_headers(path.name, sheet, grid, numbers, header)
        frames.append(frame)
        notes += [f"hoja '{sheet}', fila {row}: {REPEATED_HEADER}" for row in again]
    frame = pd.concat(frames, ignore_index=True)
    failed = take_uncomputed(frame, failed, _FIELDS)
    blank = np.ones(len(frame), dtype=bool)
    for column in ("referral_id", "status", "status_date", "note"):
        values = frame[column]
        blank &= values.isna().to_numpy() | (values.astype(str).str.strip() == "").to_numpy()
    # A blank line of a CSV is a row someone left; in a sheet, only blanks above the last
    # filled row are (below it Excel just keeps formatted, empty cells).
    last = frame[~blank].groupby("sheet", sort=False)["row"].max()
    inside = blank & ((frame["row"] <= frame["sheet"].map(last)) | (frame["sheet"] == "")
                      ).to_numpy()
    if failed:  # a formula not computed in a row with nothing else: blank, but said
        said += [blank_row_note(u.cell) for u in frame.loc[blank, "formula"].dropna()]
        frame.loc[blank, ["formula", "formula_field"]] = None
    return StatusRows(frame[~blank].reset_index(drop=True), skipped,
                      frame.loc[inside, ["sheet", "row"]].reset_index(drop=True), notes, said)


def _id_header_rows(grid: pd.DataFrame) -> np.ndarray:
    """Rows holding an «ID referencia» header word in some cell (candidates to check).

    Each column's distinct text values are compared once (lower case, spaces, ``_``), so
    a long sheet of statuses and dates costs little.
    """
    hits = np.zeros(len(grid), dtype=bool)
    for j in grid.columns:
        column = grid[j]
        distinct = pd.Series(column.dropna().unique())
        distinct = distinct[distinct.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)]
        if distinct.empty:
            continue
        words = (distinct.str.strip().str.lower().str.replace("_", " ", regex=False)
                 .str.replace(r"\s+", " ", regex=True))
        found = distinct[words.isin(_ID_WORDS).to_numpy()]
        if len(found):
            hits |= column.isin(found.tolist()).to_numpy()
    return np.flatnonzero(hits)


#: What a repeated header row is (the CSV reader says it in the same words).
REPEATED_HEADER = "encabezado repetido; las filas de debajo se leen con sus propias columnas"
#: Header words of «ID referencia», as :func:`_id_header_rows` compares them.
_ID_WORDS = {" ".join(a.lower().replace("_", " ").split())
             for a in HEADER_ALIASES["referral_id"]}


def _split_at_headers(name: str, sheet: str, grid: pd.DataFrame, numbers: np.ndarray,
                      header: dict[str, int]) -> tuple[pd.DataFrame, list[int]]:
    """The fields of every data row of one sheet (``grid``: rows under the header).

    A row holding «ID referencia» and the other headers again (a list pasted under
    another, perhaps with its columns in another order) is a header, not data: the rows
    below it are read by its columns.
    """
    candidates = _id_header_rows(grid) if len(grid) else np.array([], dtype=np.int64)
    starts, headers, again = [0], [header], []
    for i in candidates:  # a few rows at most: each checked as a header row
        found = _header([tuple(grid.iloc[i])])
        if found is None or len(found[1]) < 2:
            continue
        _missing_columns(name, sheet, found[1], int(numbers[i]))
        starts.append(int(i) + 1)
        headers.append(found[1])
        again.append(int(i))
    ends = [*(a for a in again), len(grid)]
    parts = []
    for start, end, columns in zip(starts, ends, headers, strict=True):
        part = pd.DataFrame({"sheet": sheet, "row": numbers[start:end]})
        for field_name in _FIELDS:
            j = columns.get(field_name)
            part[field_name] = (grid.iloc[start:end, j].to_numpy(dtype=object)
                                if j is not None and j < grid.shape[1] else None)
        parts.append(part)
    return pd.concat(parts, ignore_index=True), [int(numbers[i]) for i in again]


Part = tuple[str, pd.DataFrame, np.ndarray, dict[str, int]]


def _read_csv(path: Path) -> tuple[Part, list[str], list[Interpretation], list[FormulaCell]]:
    from oportumap.files import read_raw

    raw = read_raw(path)
    found = _header([tuple(raw.frame.columns)])
    if found is None:
        raise DataError(f"{path.name}: no tiene la columna «ID referencia»; importe el "
                        "libro de referencias que entregó oportumap (o una copia)")
    _missing_columns(path.name, "", found[1])
    grid = pd.DataFrame(raw.frame.to_numpy(dtype=object))
    numbers = raw.numbers().astype(np.int64)
    # Excel saves the empty rows of its used range as lines of separators (";;;;;"): the
    # CSV reader drops them at the end, but they are rows a person left, counted as blank.
    extra = _trailing_separator_lines(path)
    if extra:
        last = int(numbers[-1]) if len(numbers) else raw.first_row - 1
        grid = pd.concat([grid, pd.DataFrame("", index=range(extra), columns=grid.columns)],
                         ignore_index=True)
        numbers = np.concatenate([numbers, np.arange(last + 1, last + 1 + extra)])
    said, failed = csv_formulas(raw.formulas, grid, numbers, found[1])
    # The CSV reader already set repeated headers apart (and read below them by theirs).
    return ("", grid, numbers, found[1]), list(raw.skipped), said, failed


def _trailing_separator_lines(path: Path, tail: int = 65_536) -> int:
    """How many lines at the end of a CSV hold only separators (``;;;;``, ``,,,``)."""
    with open(path, "rb") as handle:
        handle.seek(max(0, path.stat().st_size - tail))
        lines = handle.read().split(b"\n")
    if lines and not lines[-1].strip():
        lines = lines[:-1]  # the newline ending the last line
    count = 0
    for line in reversed(lines):  # the last few lines only
        cells = line.strip(b"\r\t ")
        if cells and not cells.strip(b";,\t "):
            count += 1
        else:
            break
    return count


def _grid(rows: list) -> pd.DataFrame:
    """Cell tuples from a reader as a frame (short rows padded with None)."""
    if not rows:
        return pd.DataFrame()
    return pd.DataFrame.from_records(rows)


#: What a workbook reader gives: the status parts, sheets skipped, what was said of formula
#: cells and the formula cells that could not be computed.
Read = tuple[list[Part], list[str], list[Interpretation], list[FormulaCell]]


def _read_workbook(path: Path) -> Read:
    try:
        import python_calamine
    except ImportError:  # pragma: no cover - declared dependency; openpyxl still works
        return _read_workbook_openpyxl(path)
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception:  # calamine raises its own error types (English) for broken files
        from oportumap.files.read import workbook_problem

        raise DataError(workbook_problem(path) or f"{path.name}: no se puede leer como "
                        "Excel; ábralo y guárdelo de nuevo como .xlsx") from None
    parts, skipped, said, failed = [], [], [], []
    try:
        names = [n for n in book.sheet_names if n not in _GUIDE_SHEETS]
        formulas = workbook_formulas(path, names, sheet_parts)  # saved without results
        for name in book.sheet_names:
            if name in _GUIDE_SHEETS:  # «Cómo usar esta lista» names the columns: skip it
                skipped.append(name)
                continue
            sheet = book.get_sheet_by_name(name)
            # skip_empty_area=False: list index i is Excel row i + 1
            rows = sheet.to_python(skip_empty_area=False)
            found = _header(rows[:10])
            if found is None:
                skipped.append(name)
                continue
            header_row, columns = found
            _missing_columns(path.name, name, columns)
            if formulas.get(name):
                rows = [list(r) for r in rows]
                more, bad = workbook_formula_cells(formulas[name], rows, header_row, columns,
                                           path.name)
                said += more
                failed += bad
            data = rows[header_row + 1:]
            parts.append((name, _grid(data),
                          np.arange(len(data), dtype=np.int64) + header_row + 2, columns))
    finally:
        book.close()
    if not parts:
        raise DataError(f"{path.name}: ninguna hoja tiene la columna «ID referencia»; "
                        "importe el libro de referencias que entregó oportumap (o una copia)")
    return parts, skipped, said, failed


def _read_workbook_openpyxl(path: Path) -> Read:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        from oportumap.files.read import workbook_problem

        raise DataError(workbook_problem(path) or f"{path.name}: no se puede leer como "
                        "Excel; ábralo y guárdelo de nuevo como .xlsx") from None
    parts, skipped, said, failed = [], [], [], []
    try:
        formulas = workbook_formulas(path, [s.title for s in book.worksheets], sheet_parts)
        for sheet in book.worksheets:
            if sheet.title in _GUIDE_SHEETS:
                skipped.append(sheet.title)
                continue
            head = list(sheet.iter_rows(min_row=1, max_row=10, values_only=True))
            found = _header(head)
            if found is None:
                skipped.append(sheet.title)
                continue
            header_row, columns = found
            _missing_columns(path.name, sheet.title, columns)
            rows = [list(r) for r in sheet.iter_rows(min_row=1, values_only=True)]
            if formulas.get(sheet.title):
                more, bad = workbook_formula_cells(formulas[sheet.title], rows, header_row, columns,
                                           path.name)
                said += more
                failed += bad
            rows = rows[header_row + 1:]
            parts.append((sheet.title, _grid(rows),
                          np.arange(len(rows), dtype=np.int64) + header_row + 2, columns))
    finally:
        book.close()
    if not parts:
        raise DataError(f"{path.name}: ninguna hoja tiene la columna «ID referencia»; "
                        "importe el libro de referencias que entregó oportumap (o una copia)")
    return parts, skipped, said, failed
