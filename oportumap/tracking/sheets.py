"""Reading coordinators' filled workbooks and CSV: the status rows as typed.

Every sheet of an ``.xlsx`` whose header row (within its first 10 rows) has «ID
referencia» (or ``Referral ID``), «Estado», «Fecha estado» and, optionally, «Nota»; or a
CSV with those headers. Nothing is checked here: :mod:`oportumap.tracking.importer`
decides what each row means.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from oportumap.errors import DataError
from oportumap.text import normalize_text

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


def _missing_columns(name: str, sheet: str, found: dict[str, int]) -> None:
    missing = [c for c in ("status", "status_date") if c not in found]
    if missing:
        words = {"status": "«Estado»", "status_date": "«Fecha estado»"}
        where = f"{name}, hoja '{sheet}'" if sheet else name
        raise DataError(f"{where}: tiene «ID referencia» pero le falta "
                        f"{' y '.join(words[m] for m in missing)}; agregue la columna con "
                        "ese encabezado")


def read_status_file(path: str | Path) -> tuple[pd.DataFrame, list[str]]:
    """The status rows of a filled workbook or CSV, as typed (nothing checked yet).

    Returns
    -------
    (pandas.DataFrame, list of str)
        Columns ``sheet``, ``row`` (as the user sees it), ``referral_id``, ``status``,
        ``status_date`` (cell values), ``note``; and the names of the sheets skipped.
        Fully blank rows are left out.

    Raises
    ------
    DataError
        Unreadable file, or no sheet with «ID referencia».
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: el archivo no existe; revise la ruta")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        frame, skipped = _read_workbook(path)
    elif suffix in (".csv", ".txt", ".tsv"):
        frame, skipped = _read_csv(path), []
    elif suffix in (".xls", ".ods", ".numbers", ".xlsb"):
        raise DataError(f"{path.name}: formato '{suffix}' (de otra versión o programa); "
                        "ábralo y guárdelo como .xlsx (Libro de Excel)")
    else:
        raise DataError(f"{path.name}: formato '{suffix}' no soportado; use .xlsx o .csv")
    blank = np.ones(len(frame), dtype=bool)
    for column in ("referral_id", "status", "status_date", "note"):
        values = frame[column]
        blank &= values.isna().to_numpy() | (values.astype(str).str.strip() == "").to_numpy()
    return frame[~blank].reset_index(drop=True), skipped


def _read_csv(path: Path) -> pd.DataFrame:
    from oportumap.files import read_raw

    raw = read_raw(path)
    found = _header([tuple(raw.frame.columns)])
    if found is None:
        raise DataError(f"{path.name}: no tiene la columna «ID referencia»; importe el "
                        "libro de referencias que entregó oportumap (o una copia)")
    _missing_columns(path.name, "", found[1])
    columns = list(raw.frame.columns)
    out = pd.DataFrame({
        "sheet": "",
        "row": np.arange(len(raw.frame), dtype=np.int64) + raw.first_row,
    })
    for name in _FIELDS:
        j = found[1].get(name)
        out[name] = raw.frame[columns[j]].to_numpy(dtype=object) if j is not None else None
    return out


def _sheet_part(sheet: str, rows: list, header_row: int, columns: dict[str, int]
                ) -> pd.DataFrame:
    """The status columns of one sheet's data rows (``rows`` start at the header)."""
    low, high = min(columns.values()), max(columns.values())
    width = high - low + 1
    data = [tuple(r[low:high + 1]) + (None,) * (width - len(r[low:high + 1]))
            for r in rows]  # cell tuples from the reader; no per-cell work here
    data = pd.DataFrame.from_records(data, columns=range(width)) if data else \
        pd.DataFrame(columns=range(width))
    part = pd.DataFrame({"sheet": sheet,
                         "row": np.arange(len(data), dtype=np.int64) + header_row + 2})
    for name in _FIELDS:
        j = columns.get(name)
        part[name] = data[j - low].to_numpy(dtype=object) if j is not None else None
    return part


def _read_workbook(path: Path) -> tuple[pd.DataFrame, list[str]]:
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
    frames, skipped = [], []
    try:
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
            frames.append(_sheet_part(name, rows[header_row + 1:], header_row, columns))
    finally:
        book.close()
    if not frames:
        raise DataError(f"{path.name}: ninguna hoja tiene la columna «ID referencia»; "
                        "importe el libro de referencias que entregó oportumap (o una copia)")
    return pd.concat(frames, ignore_index=True), skipped


def _read_workbook_openpyxl(path: Path) -> tuple[pd.DataFrame, list[str]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        from oportumap.files.read import workbook_problem

        raise DataError(workbook_problem(path) or f"{path.name}: no se puede leer como "
                        "Excel; ábralo y guárdelo de nuevo como .xlsx") from None
    frames, skipped = [], []
    try:
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
            low, high = min(columns.values()), max(columns.values())
            # Only the columns we need: much faster on wide sheets.
            rows = list(sheet.iter_rows(min_row=header_row + 2, min_col=low + 1,
                                        max_col=high + 1, values_only=True))
            first = header_row + 2
            width = high - low + 1
            data = pd.DataFrame.from_records(
                [r + (None,) * (width - len(r)) if len(r) < width else r for r in rows],
                columns=range(width)) if rows else pd.DataFrame(columns=range(width))
            part = pd.DataFrame({"sheet": sheet.title,
                                 "row": np.arange(len(data), dtype=np.int64) + first})
            for name in ("referral_id", "status", "status_date", "note"):
                j = columns.get(name)
                part[name] = data[j - low].to_numpy(dtype=object) if j is not None else None
            frames.append(part)
    finally:
        book.close()
    if not frames:
        raise DataError(f"{path.name}: ninguna hoja tiene la columna «ID referencia»; "
                        "importe el libro de referencias que entregó oportumap (o una copia)")
    return pd.concat(frames, ignore_index=True), skipped
