"""Read the files planners have, and write outputs safely.

Readers accept CSV (UTF-8, UTF-8 with BOM, Latin-1/CP1252; ``,`` ``;`` tab or ``|``
separated), Excel (.xlsx, title rows above the header are skipped), GeoJSON and
GeoPackage, with Spanish or English headers. Validation lives in
:mod:`oportumap.validation`; this module turns files into raw string tables and back.

Writing is :mod:`oportumap.files.write`; tables for people are written by
:mod:`oportumap.exports.tables`. Each kind of file has its module: text tables in
:mod:`~oportumap.files.delimited`, workbooks in :mod:`~oportumap.files.workbooks`, map
layers in :mod:`~oportumap.files.vector`, folders in :mod:`~oportumap.files.folders`; the
names used elsewhere stay importable from here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from oportumap.errors import DataError
from oportumap.files.delimited import CSV_CHUNK_ROWS, _read_csv
from oportumap.files.folders import (
    OWN_OUTPUT_PREFIXES,
    OWN_OUTPUTS,
    file_role,
    find_table,
    is_own_output,
    scan_folder,
)
from oportumap.files.table import TABLE_EXTENSIONS, RawTable
from oportumap.files.vector import _read_vector
from oportumap.files.workbooks import _raw_of, _read_excel, _workbook, workbook_problem
from oportumap.files.write import mark_input

__all__ = ["CSV_CHUNK_ROWS", "EXCEL_MAX_ROWS", "OWN_OUTPUTS", "OWN_OUTPUT_PREFIXES",
           "TABLE_EXTENSIONS", "RawTable", "file_role", "find_table", "is_own_output",
           "read_raw", "read_tables", "scan_folder", "workbook_problem"]

#: Excel's hard limit of rows per sheet (header included).
EXCEL_MAX_ROWS = 1_048_576


def _mark_input(path: Path) -> None:
    mark_input(path)


def read_raw(
    path: str | Path,
    *,
    sheet: str | int | None = None,
    header_hint: Callable[[list[str]], int] | None = None,
    progress: bool = False,
) -> RawTable:
    """Read any supported table file as strings.

    Parameters
    ----------
    path : str or Path
        CSV/TXT/TSV, XLSX, GeoJSON or GeoPackage file.
    sheet : str or int, optional
        Excel sheet; by default the first sheet whose header ``header_hint`` recognises.
    header_hint : callable, optional
        Given a row's cells, returns how many are known headers; used to find the header
        row below title rows in Excel and to choose the sheet.
    progress : bool
        Show a progress bar while reading large CSV files.

    Returns
    -------
    RawTable

    Raises
    ------
    DataError
        Missing file, unsupported extension, unreadable content or no header.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "v.csv"
    >>> _ = p.write_bytes("id;municipio\\n1;Cobán\\n".encode("cp1252"))
    >>> read_raw(p).frame["municipio"].tolist()
    ['Cobán']
    """
    path = Path(path)
    name = path.name
    if not path.exists():
        raise DataError(f"{path}: el archivo no existe; revise la ruta")
    if path.is_dir():
        raise DataError(f"{path}: es una carpeta; indique un archivo")
    suffix = path.suffix.lower()
    if suffix in (".xls", ".ods", ".numbers", ".xlsb"):
        raise DataError(f"{name}: formato '{suffix}' (de otra versión o programa); ábralo y "
                        "guárdelo como .xlsx (Libro de Excel) o como CSV UTF-8")
    if suffix not in TABLE_EXTENSIONS:
        raise DataError(
            f"{name}: formato '{suffix}' no soportado; use CSV, XLSX, GeoJSON o GeoPackage"
        )
    _mark_input(path)
    if path.stat().st_size == 0:
        raise DataError(f"{name}: el archivo está vacío; debe tener una fila de encabezados")
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv(path, progress=progress, header_hint=header_hint)
    if suffix in (".xlsx", ".xlsm"):
        return _read_excel(path, sheet=sheet, header_hint=header_hint)
    return _read_vector(path)


def read_tables(path: str | Path, *, header_hint: Callable[[list[str]], int] | None = None,
                progress: bool = False) -> list[RawTable]:
    """Every table of a file: one for a text file, one per distinct table of a workbook.

    Sheets of a workbook holding the same table are stacked into one; the sheets skipped
    (summaries, instructions, lists) are named in the first table's ``skipped``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "v.csv"
    >>> _ = p.write_text("id,municipio\\n1,Cobán\\nTOTAL,1\\n", encoding="utf-8")
    >>> [len(t.frame) for t in read_tables(p, header_hint=lambda c: 2)]
    [1]
    """
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm") and path.exists() and path.stat().st_size:
        _mark_input(path)
        tables, skipped = _workbook(path, header_hint=header_hint)
        if not tables:
            raise DataError(f"{path.name}: el libro no tiene datos en ninguna hoja"
                            + (f" ({'; '.join(skipped)})" if skipped else ""))
        return [_raw_of(t, skipped if i == 0 else None) for i, t in enumerate(tables)]
    return [read_raw(path, header_hint=header_hint, progress=progress)]
