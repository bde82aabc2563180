"""Every table of a workbook or a text file, found the way a person finds it.

A sheet's table is found below its title rows (the row with most known headers), from
whichever column it starts in; a second header row under merged group names is read as the
header; rows that are not data are set apart and said: a ``TOTAL`` row and the notes under a
table, a header repeated in the middle of a sheet (rows pasted from another list, maybe with
its columns in another order, are re-aligned by header), HXL hashtag rows. Sheets with the
same table (one per month, one per semester) are stacked, each row keeping its sheet and row
number; sheets without a table (summaries, instructions, drop-down lists, hidden sheets) are
named and skipped. Workbooks are opened only after their size is checked
(:func:`check_workbook_size`): a zip bomb is refused before it is expanded.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from oportumap.errors import DataError
from oportumap.files.formula_cells import (
    apply_to_grid,
    cells_in_table,
    compute_cells,
    workbook_formulas,
)
from oportumap.text import normalize_text

#: Largest uncompressed size of a workbook's parts accepted, and largest expansion ratio
#: (compressed -> uncompressed) beyond which a big workbook is a zip bomb, not data.
MAX_XLSX_BYTES = 1_500_000_000
MAX_XLSX_RATIO = 200
#: Rows a sheet may declare (Excel's own limit).
MAX_SHEET_ROWS = 1_048_576
#: Rows searched for a header below titles.
HEADER_SEARCH_ROWS = 20

_SUBTOTAL = re.compile(r"^sub ?total(es)?\b")
_TOTAL = re.compile(r"^(gran |suma )?total(es)?\b|^sub ?total\b|^suma\b")
#: Sheet names of what is not data: summaries, instructions, lists, notes, covers.
_NOT_DATA_SHEET = re.compile(r"^(resumen|summary|instrucciones|instructions|como usar|"
                             r"notas|notes|listas|lists|portada|cover|indice|totales|"
                             r"graficos|leeme|readme)\b")
_NOTE = re.compile(r"^(nota|notas|note|notes|fuente|source|obs|observacion|\*)")


@dataclass
class SheetTable:
    """One table found in a file (several sheets stacked when they hold the same table).

    Attributes
    ----------
    frame : pandas.DataFrame
        Cells as strings (``""`` when blank), headers as written.
    file : str
        File name.
    sheets : numpy.ndarray
        Sheet of each row (``""`` for text files).
    row_numbers : numpy.ndarray
        Row number of each row as the file shows it (Excel row, or line of a text file).
    header_row : int
        Row of the header (of the first sheet).
    hidden : list of str
        Headers of hidden columns.
    skipped : list of str
        What was set apart and why, in Spanish («hoja Resumen: no tiene una tabla de
        datos», «fila 30: fila de total»).
    score : int
        Known headers in the header row.
    """

    frame: pd.DataFrame
    file: str
    sheets: np.ndarray
    row_numbers: np.ndarray
    header_row: int
    hidden: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    score: int = 0

    #: Sheet the table was found on (the first, when sheets are stacked).
    sheet_name: str = ""
    #: Column of the sheet (0-based) of each column of ``frame``.
    columns_at: list[int] = field(default_factory=list)
    #: Formula cells of the table saved without a result (computed or not), see
    #: :mod:`oportumap.files.formula_cells`.
    formulas: list = field(default_factory=list)

    @property
    def sheet_names(self) -> list[str]:
        return list(dict.fromkeys(s for s in self.sheets.tolist() if s)) if len(
            self.sheets) else []


def check_workbook_size(path: Path) -> None:
    """Refuse a workbook whose content expands out of proportion, before expanding it.

    The zip directory says how big each part is once expanded; a sheet's ``<dimension>``
    says how many rows it has. Both are read without expanding the sheets.

    Raises
    ------
    DataError
        Not a workbook, or a zip bomb (more than :data:`MAX_XLSX_BYTES` once expanded, or
        more than :data:`MAX_XLSX_RATIO` times its size and over 100 MB), or a sheet with
        more rows than Excel allows.

    Examples
    --------
    >>> import tempfile, pathlib, zipfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "bomba.xlsx"
    >>> with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
    ...     z.writestr("xl/worksheets/sheet1.xml", "<a>" + " " * 150_000_000 + "</a>")
    >>> try:
    ...     check_workbook_size(p)
    ... except DataError as e:
    ...     print(str(e)[:40])
    bomba.xlsx: el libro ocupa 0.1 MB compri
    """
    try:
        with zipfile.ZipFile(path) as book:
            infos = book.infolist()
            packed = max(sum(i.compress_size for i in infos), 1)
            expanded = sum(i.file_size for i in infos)
            if expanded > MAX_XLSX_BYTES or (expanded > 100_000_000
                                             and expanded / packed > MAX_XLSX_RATIO):
                raise DataError(
                    f"{path.name}: el libro ocupa {packed / 1e6:.1f} MB comprimido pero "
                    f"{expanded / 1e6:,.0f} MB al abrirlo ({expanded / packed:,.0f} veces "
                    "más): no es una tabla de datos normal y no se abrió; guarde de nuevo "
                    "solo las hojas con datos, o expórtelas como CSV")
            for info in infos:
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    with book.open(info) as part:
                        head = part.read(4096).decode("utf-8", "replace")
                    found = re.search(r'<dimension ref="[A-Z]+\d+:?[A-Z]*(\d*)"', head)
                    if found and found.group(1) and int(found.group(1)) > MAX_SHEET_ROWS:
                        raise DataError(
                            f"{path.name}: una hoja declara {int(found.group(1)):,} filas, "
                            "más de las que Excel admite; el libro está dañado o no es de "
                            "Excel: expórtelo de nuevo")
    except zipfile.BadZipFile as exc:
        raise DataError(f"{path.name}: no se pudo abrir como Excel: no es un libro .xlsx "
                        "válido; ábralo y guárdelo de nuevo como .xlsx") from exc


def _hidden_columns(path: Path) -> dict[str, set[int]]:
    """Hidden column positions (0-based) of each sheet, from the ``<cols>`` of its XML."""
    out: dict[str, set[int]] = {}
    try:
        with zipfile.ZipFile(path) as book:
            names = sheet_parts(book)
            for sheet, part in names.items():
                with book.open(part) as handle:
                    head = handle.read(200_000).decode("utf-8", "replace")
                head = head.split("<sheetData", 1)[0]
                hidden: set[int] = set()
                for col in re.finditer(r"<col\b[^>]*>", head):
                    tag = col.group(0)
                    if re.search(r'hidden="(1|true)"', tag):
                        lo = int(re.search(r'min="(\d+)"', tag).group(1))
                        hi = int(re.search(r'max="(\d+)"', tag).group(1))
                        hidden.update(range(lo - 1, min(hi, lo + 200)))
                out[sheet] = hidden
    except (zipfile.BadZipFile, KeyError, AttributeError):
        return {}
    return out


def sheet_parts(book: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's name -> its XML part in the workbook's zip (``xl/worksheets/sheet1.xml``)."""
    workbook = book.read("xl/workbook.xml").decode("utf-8", "replace")
    rels = book.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    targets = {m.group(1): m.group(2) for m in re.finditer(
        r'<Relationship\b[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels)}
    targets.update({m.group(2): m.group(1) for m in re.finditer(
        r'<Relationship\b[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)})
    out = {}
    for m in re.finditer(r"<sheet\b[^>]*>", workbook):
        tag = m.group(0)
        name = re.search(r'name="([^"]*)"', tag)
        rid = re.search(r'r:id="([^"]+)"', tag)
        if name and rid and rid.group(1) in targets:
            target = targets[rid.group(1)].lstrip("/")
            out[_unescape(name.group(1))] = (target if target.startswith("xl/")
                                             else "xl/" + target)
    return out


def _unescape(text: str) -> str:
    return (text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
            .replace("&quot;", '"').replace("&apos;", "'"))


def cell_text(value: object) -> str:
    """A cell as the text a person reads (dates ISO, whole numbers without ``.0``)."""
    import datetime

    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def header_key(text: str) -> str:
    """A header compared ignoring case, accents, punctuation and spacing."""
    return normalize_text(text).replace(" ", "_")


def workbook_tables(path: Path, *, header_hint: Callable[[list[str]], int] | None,
                    sheet: str | int | None = None) -> tuple[list[SheetTable], list[str]]:
    """Every table of an XLSX workbook, same tables stacked, and what was skipped.

    Returns
    -------
    tables : list of SheetTable
        Best first (most known headers).
    skipped : list of str
        Sheets that hold no table, with the reason, in Spanish.
    """
    import python_calamine

    check_workbook_size(path)
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for broken files
        raise DataError(f"{path.name}: no se pudo abrir como Excel ({exc})") from exc
    visible = {m.name: str(m.visible).endswith("Visible") for m in book.sheets_metadata}
    names = list(book.sheet_names)
    if sheet is not None:
        if isinstance(sheet, int):
            if not 0 <= sheet < len(names):
                raise DataError(f"{path.name}: el libro no tiene hoja número {sheet + 1}")
            sheet = names[sheet]
        if sheet not in names:
            raise DataError(f"{path.name}: la hoja '{sheet}' no existe; hojas: "
                            f"{', '.join(names)}")
        names = [sheet]
    hidden_cols = _hidden_columns(path)
    formulas = workbook_formulas(path, names, sheet_parts)  # saved without results
    found: list[SheetTable] = []
    skipped: list[str] = []
    grids: dict[str, list[list[str]]] = {}
    for name in names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        grid = grids[name] = [[cell_text(v) for v in row] for row in rows]
        if formulas.get(name):
            compute_cells(formulas[name], rows)
            apply_to_grid(formulas[name], grid)
        if not visible.get(name, True) and sheet is None:
            skipped.append(f"hoja «{name}»: oculta (listas o apoyo), no es una tabla de datos")
            continue
        if sheet is None and _NOT_DATA_SHEET.match(normalize_text(name)) and len(names) > 1:
            skipped.append(f"hoja «{name}»: resumen, instrucciones o notas; no se leyó")
            continue
        table = grid_table(grid, path.name, name, header_hint=header_hint,
                           hidden=hidden_cols.get(name, set()))
        if table is None:
            skipped.append(f"hoja «{name}»: no tiene una tabla de datos (resumen, "
                           "instrucciones o notas); no se leyó")
            continue
        table.formulas = cells_in_table(formulas.get(name, []), table)
        found.append(table)
    if not found:  # no sheet has known headers: the first sheet with anything, as it is
        for name in names:
            table = grid_table(grids[name], path.name, name, header_hint=header_hint,
                               hidden=hidden_cols.get(name, set()), min_score=0)
            if table is not None:
                skipped = [x for x in skipped if f"«{name}»" not in x]
                table.formulas = cells_in_table(formulas.get(name, []), table)
                found.append(table)
                break
    if any(len(t.frame) for t in found):  # header-only sheets beside real tables
        for t in found:
            if not len(t.frame):
                skipped.append(f"hoja «{t.sheet_name}»: solo tiene encabezados, sin filas")
        found = [t for t in found if len(t.frame)]
    return stack_tables(found), skipped


def grid_table(grid: Sequence[Sequence[str]], file: str, sheet: str, *,
               header_hint: Callable[[list[str]], int] | None, first_line: int = 1,
               hidden: set[int] | frozenset[int] = frozenset(),
               min_score: int = 2) -> SheetTable | None:
    """The table of one grid of cells (a sheet, or a text file's lines), or None.

    ``first_line`` is the file row of ``grid[0]``. A sheet has a table when a row among the
    first :data:`HEADER_SEARCH_ROWS` has at least two known headers (or, without a
    ``header_hint``, its first non-empty row) and at least one row below it.
    """
    width = max((len(r) for r in grid), default=0)
    if not width:
        return None
    cells = np.array([list(r) + [""] * (width - len(r)) for r in grid], dtype=object)
    used_cols = np.flatnonzero((cells != "").any(axis=0))
    if not len(used_cols):
        return None
    header_pos, score = -1, 0
    for pos in range(min(len(cells), HEADER_SEARCH_ROWS)):
        row = [str(c) for c in cells[pos, used_cols]]
        if not any(row):
            continue
        hits = header_hint(row) if header_hint else sum(1 for c in row if c)
        if hits > score:
            header_pos, score = pos, hits
        if header_hint is None:
            break
    if header_pos < 0 and min_score == 0:  # no known header at all: the first row
        header_pos = int(np.flatnonzero((cells[:, used_cols] != "").any(axis=1))[0])
    if header_pos < 0 or (header_hint is not None and score < min_score):
        return None
    header = cells[header_pos].copy()
    # Two header rows: a blank name under a merged group takes the group's name.
    if header_pos > 0:
        above = cells[header_pos - 1]
        group = ""
        for i in range(width):
            group = above[i] or group
            if not header[i] and group and (cells[header_pos + 1:, i] != "").any():
                header[i] = group
    keep = [i for i in used_cols if header[i] or (cells[header_pos + 1:, i] != "").any()]
    names = _unique_headers([header[i] or f"columna_{i + 1}" for i in keep])
    body = pd.DataFrame(cells[header_pos + 1:][:, keep], columns=names, dtype="str")
    numbers = np.arange(header_pos + 1, len(cells)) + first_line
    skipped: list[str] = []
    frame, numbers = drop_non_data(body, numbers, sheet, skipped)
    nonblank = (frame != "").any(axis=1).to_numpy()
    last = int(np.flatnonzero(nonblank).max()) + 1 if nonblank.any() else 0
    # (blank rows at the end are formatting; a header without rows is an empty table)
    frame, numbers = frame.iloc[:last], numbers[:last]
    return SheetTable(frame, file, np.full(len(frame), sheet, dtype=object), numbers,
                      header_row=header_pos + first_line,
                      hidden=[names[j] for j, i in enumerate(keep) if i in hidden],
                      skipped=skipped, score=score, sheet_name=sheet,
                      columns_at=[int(i) for i in keep])


def _unique_headers(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        name = str(name).strip()
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        out.append(name)
    return out


def drop_non_data(frame: pd.DataFrame, numbers: np.ndarray, sheet: str,
                  skipped: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """Cut totals and notes under the table, HXL rows and repeated headers (re-aligned).

    Vectorised: only rows that look like a total or a header in their first columns are
    looked at one by one, so a million-row file costs a few column scans.
    """
    where = f"hoja «{sheet}», " if sheet else ""
    header = [str(c) for c in frame.columns]
    if not len(frame) or not header:
        return frame, numbers
    firsts = [frame.iloc[:, j].astype(str) for j in range(min(3, frame.shape[1]))]
    # The table ends at its first total row; what follows are notes.
    looks_total = np.zeros(len(frame), dtype=bool)
    for col in firsts[:2]:
        looks_total |= _starts_with_total(col)
    end = len(frame)
    subtotals: list[int] = []
    for i in np.flatnonzero(looks_total):
        row = [c for c in frame.iloc[i].tolist() if c]
        if row and _SUBTOTAL.match(normalize_text(row[0])):
            subtotals.append(int(i))  # a subtotal (per department) has rows below it
            continue
        if row and _TOTAL.match(normalize_text(row[0])):
            end = int(i)
            skipped.append(f"{where}fila {numbers[end]}: fila de total (no es una persona "
                           "ni una oportunidad); lo que sigue debajo son notas")
            break
    # Trailing rows with one long cell (notes, a signature) and blank rows are not data
    # (only the last rows are looked at: a million-row table costs nothing more).
    tail_start = max(0, end - 200)
    count = np.zeros(len(frame), dtype=np.int64)
    count[tail_start:end] = (frame.iloc[tail_start:end] != "").to_numpy().sum(axis=1)
    while end > tail_start and count[end - 1] <= 1:
        if count[end - 1]:
            text = normalize_text(next(c for c in frame.iloc[end - 1].tolist() if c))
            if not (_NOTE.match(text) or len(text) >= 25):
                break  # a row with one short value may be data (an ID alone): kept
            skipped.append(f"{where}fila {numbers[end - 1]}: nota al pie de la tabla")
        end -= 1
    if end < len(frame):
        frame, numbers = frame.iloc[:end], numbers[:end]
    keys = [header_key(h) for h in header]
    keep = np.ones(len(frame), dtype=bool)
    for i in (i for i in subtotals if i < end):
        keep[i] = False
        skipped.append(f"{where}fila {numbers[i]}: fila de subtotal (no es un dato)")
    # HXL hashtags: the row right under the header.
    for i in range(min(2, len(frame))):
        cells = [c for c in frame.iloc[i].tolist() if c]
        if cells and sum(str(c).startswith("#") for c in cells) >= max(2, 0.6 * len(cells)):
            keep[i] = False
            skipped.append(f"{where}fila {numbers[i]}: etiquetas HXL (no son datos)")
    # A header repeated mid-sheet (rows pasted from another list, maybe in another order).
    lowered = {h.strip().lower() for h in header if h.strip()}
    candidates = np.zeros(len(frame), dtype=bool)
    for col in firsts:
        candidates |= col.iloc[:end].str.strip().str.lower().isin(lowered).to_numpy()
    values = None
    order: list[int] | None = None
    starts = [int(i) for i in np.flatnonzero(candidates)]
    for n, i in enumerate(starts):
        row_keys = [header_key(c) for c in frame.iloc[i].tolist()]
        cells = [k for k in row_keys if k]
        same = sum(1 for k in cells if k in keys)
        if not cells or same < max(2, 0.6 * len(cells)):
            continue
        keep[i] = False
        skipped.append(f"{where}fila {numbers[i]}: encabezado repetido; las filas de debajo "
                       "se leen con sus propias columnas")
        order = [row_keys.index(k) if k in row_keys else -1 for k in keys]
        if order != list(range(len(keys))):
            if values is None:
                values = frame.to_numpy(dtype=object).copy()
            stop = next((s for s in starts[n + 1:]), len(frame))
            block = values[i + 1:stop]
            values[i + 1:stop] = np.array(
                [[row[j] if j >= 0 else "" for j in order] for row in block], dtype=object
            ).reshape(block.shape)
    if values is not None:
        frame = pd.DataFrame(values, columns=frame.columns)
    if not keep.all():
        frame, numbers = frame[keep], numbers[keep]
    return frame.reset_index(drop=True), numbers


def _starts_with_total(col: pd.Series) -> np.ndarray:
    """Cells that begin with «total» (any case), in C on Arrow strings."""
    pattern = r"^\s*(gran |suma |sub ?)?total"
    try:
        import pyarrow as pa
        import pyarrow.compute as pc

        arr = getattr(col.array, "_pa_array", None)
        if arr is None:
            arr = pa.array(col.to_numpy(dtype=object), type=pa.string())
        found = pc.match_substring_regex(arr, pattern, ignore_case=True)
        return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)
    except Exception:  # noqa: BLE001 - without pyarrow strings: pandas' regex
        return col.str.contains(pattern, case=False, regex=True, na=False).to_numpy()


def stack_tables(tables: list[SheetTable]) -> list[SheetTable]:
    """Stack tables of one file whose headers are the same (ignoring case, accents and
    order); the best table first."""
    groups: list[list[SheetTable]] = []
    for table in tables:
        keys = {header_key(c) for c in table.frame.columns}
        for group in groups:
            other = {header_key(c) for c in group[0].frame.columns}
            if len(keys & other) >= 0.8 * max(len(keys), len(other)):
                group.append(table)
                break
        else:
            groups.append([table])
    out = []
    for group in groups:
        first = group[0]
        if len(group) == 1:
            out.append(first)
            continue
        by_key = {header_key(c): c for c in first.frame.columns}
        frames = []
        for table in group:
            renamed = table.frame.rename(
                columns={c: by_key.get(header_key(c), c) for c in table.frame.columns})
            for cell in table.formulas:
                cell.header = by_key.get(header_key(cell.header), cell.header)
            frames.append(renamed)
        frame = pd.concat(frames, ignore_index=True).fillna("")
        out.append(SheetTable(
            frame, first.file, np.concatenate([t.sheets for t in group]),
            np.concatenate([t.row_numbers for t in group]), first.header_row,
            list(dict.fromkeys(h for t in group for h in t.hidden)),
            [s for t in group for s in t.skipped], max(t.score for t in group),
            first.sheet_name, formulas=[c for t in group for c in t.formulas]))
    return sorted(out, key=lambda t: -t.score)
