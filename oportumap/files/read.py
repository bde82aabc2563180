"""Read the files planners have, and write outputs safely.

Readers accept CSV (UTF-8, UTF-8 with BOM, Latin-1/CP1252; ``,`` ``;`` tab or ``|``
separated), Excel (.xlsx, title rows above the header are skipped), GeoJSON and
GeoPackage, with Spanish or English headers. Validation lives in
:mod:`oportumap.validation`; this module turns files into raw string tables and back.

Writing is :mod:`oportumap.files.write`; tables for people are written by
:mod:`oportumap.exports.tables`.
"""

from __future__ import annotations

import csv
import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from oportumap.errors import DataError
from oportumap.files.arrow_csv import read_csv_arrow
from oportumap.files.sheets import SheetTable, drop_non_data, workbook_tables
from oportumap.files.write import mark_input

#: File extensions the readers understand.
TABLE_EXTENSIONS = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".geojson", ".json", ".gpkg")

#: Excel's hard limit of rows per sheet (header included).
EXCEL_MAX_ROWS = 1_048_576

#: Rows read per chunk from large CSV files (bounds memory and drives the progress bar).
CSV_CHUNK_ROWS = 250_000


@dataclass
class RawTable:
    """A file read as text, before validation.

    Attributes
    ----------
    frame : pandas.DataFrame
        All cells as strings (``""`` for blanks), headers as written in the file.
    file : str
        File name for messages.
    first_row : int
        Row number, as the user sees it in the file, of ``frame``'s first data row.
    geometry_points : pandas.DataFrame or None
        ``lat``/``lon`` of point geometries for GeoJSON/GeoPackage input.
    """

    frame: pd.DataFrame
    file: str
    first_row: int
    geometry_points: pd.DataFrame | None = None
    #: Row number in the file of each row of ``frame`` (by default consecutive from
    #: ``first_row``): totals, notes and repeated headers taken out leave gaps.
    row_numbers: np.ndarray | None = None
    #: Sheet of each row (stacked sheets of one workbook); None for text files.
    sheets: np.ndarray | None = None
    #: Headers of hidden columns.
    hidden: list[str] = field(default_factory=list)
    #: Sheets and rows set apart as not data, said in Spanish.
    skipped: list[str] = field(default_factory=list)

    def numbers(self) -> np.ndarray:
        """Row number in the file of each row."""
        if self.row_numbers is not None:
            return np.asarray(self.row_numbers)
        return np.arange(len(self.frame)) + self.first_row

    def sheet_of_rows(self) -> np.ndarray:
        """Sheet of each row (``""`` when the file has no sheets)."""
        if self.sheets is not None:
            return np.asarray(self.sheets, dtype=object)
        return np.full(len(self.frame), "", dtype=object)

    def subset(self, keep: np.ndarray) -> RawTable:
        """The rows where ``keep`` is True, with their numbers and sheets."""
        keep = np.asarray(keep, dtype=bool)
        points = self.geometry_points
        if points is not None:
            points = points[keep].reset_index(drop=True)
        return RawTable(self.frame[keep].reset_index(drop=True), self.file, self.first_row,
                        points, self.numbers()[keep],
                        None if self.sheets is None else self.sheet_of_rows()[keep],
                        self.hidden, self.skipped)


# A registry cell may hold a whole pasted document: the csv module's 128 KB default limit
# ("field larger than field limit") must not stop a read; outputs cut long cells.
csv.field_size_limit(2**31 - 1)


def _detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the bytes decode as such, else CP1252/Latin-1."""
    with open(path, "rb") as handle:
        head = handle.read(4_000_000)
        truncated = bool(handle.read(1))
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    # UTF-16 without BOM (some Windows exports): every other byte of ASCII text is NUL.
    sample = head[:20_000]
    if len(sample) >= 4 and sample.count(b"\x00") > len(sample) // 4:
        if sample[1::2].count(0) > len(sample) // 3:
            return "utf-16-le"
        if sample[0::2].count(0) > len(sample) // 3:
            return "utf-16-be"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still UTF-8.
        if truncated and exc.start >= len(head) - 3:
            return "utf-8"
    # Registry extracts that are not UTF-8 come from Windows Excel: CP1252. Bytes CP1252
    # leaves undefined (0x81, 0x8D, ...) mean something else; ask charset_normalizer.
    try:
        head.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(head[:200_000]).best()
    if best is not None:
        try:
            head.decode(best.encoding)
            return best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    return "latin-1"  # decodes any byte; the validation then shows what is wrong


def _detect_separator(path: Path, encoding: str) -> str:
    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        sample = "".join(handle.readline() for _ in range(20))
    # The first line with a separator: a title row above the header may have none.
    lines = sample.splitlines()
    first = next((line for line in lines if any(sep in line for sep in ";,\t|")),
                 lines[0] if lines else "")
    counts = {sep: first.count(sep) for sep in (";", ",", "\t", "|")}
    best = max(counts, key=counts.get)
    if counts[best] == 0:
        try:
            return csv.Sniffer().sniff(sample, delimiters=";,\t|").delimiter
        except csv.Error:
            return ","
    return best


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


def _csv_header_line(path: Path, encoding: str, sep: str,
                     header_hint: Callable[[list[str]], int] | None) -> int:
    """Index of the header line: the first of the top 15 lines with most known headers.

    Spreadsheets saved as CSV keep their title rows ("Registro de retornados;;;").
    """
    if header_hint is None:
        return 0
    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        reader = csv.reader(handle, delimiter=sep, skipinitialspace=True)
        best, score = 0, -1
        for i, cells in enumerate(reader):
            if i >= 15:
                break
            hits = header_hint([c.strip() for c in cells])
            if hits > score:
                best, score = i, hits
    return best


def _read_csv(path: Path, *, progress: bool,
              header_hint: Callable[[list[str]], int] | None = None) -> RawTable:
    encoding = _detect_encoding(path)
    sep = "\t" if path.suffix.lower() == ".tsv" else _detect_separator(path, encoding)
    header_line = _csv_header_line(path, encoding, sep, header_hint)
    # index_col=False: a row with one field too many must not turn column 1 into an index.
    options = dict(sep=sep, dtype=str, keep_default_na=False, encoding=encoding,
                   skiprows=header_line,
                   skipinitialspace=True, on_bad_lines="error", index_col=False,
                   # Blank lines stay as rows so row numbers match the file; readers
                   # count them as "filas vacías" instead of losing them silently.
                   skip_blank_lines=False)
    size = path.stat().st_size
    # Arrow's reader where it certainly reads as pandas does (3x less CPU, no Python
    # string per cell); None sends the file to pandas' reader and its explanations.
    with _progress(f"Leyendo {path.name}", size, progress and size >= 20_000_000) as advance:
        frame = read_csv_arrow(path, sep=sep, encoding=encoding, skip=header_line,
                               advance=advance)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            if frame is None and size < 20_000_000:
                frame = pd.read_csv(path, **options)
            elif frame is None:
                frame = pd.concat(_read_csv_chunks(path, size, progress, options),
                                  ignore_index=True)
        if any(issubclass(w.category, pd.errors.ParserWarning) for w in caught):
            _check_extra_fields(path, encoding, sep, header_line)
    except UnicodeDecodeError as exc:
        raise DataError(
            f"{path.name}: el texto tiene bytes que no son de la codificación {encoding} "
            f"(posición {exc.start:,}); guarde el archivo como «CSV UTF-8» desde Excel"
        ) from exc
    except pd.errors.EmptyDataError as exc:
        raise DataError(f"{path.name}: el archivo no tiene encabezados ni datos") from exc
    except pd.errors.ParserError as exc:
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if found:
            width, line, seen = found.groups()
            raise DataError(
                f"{path.name} fila {line}: tiene {seen} valores y el encabezado {width} "
                f"columnas; revise separadores '{sep}' sobrantes o comillas sin cerrar"
            ) from exc
        raise DataError(
            f"{path.name}: no se pudo leer como CSV separado por '{sep}'; revise que todas "
            "las filas tengan el mismo número de columnas y que las comillas cierren"
        ) from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.fillna("")
    numbers = np.arange(len(frame)) + header_line + 2
    skipped: list[str] = []
    # Totals, notes, HXL tags and repeated headers are not data (said in ``skipped``).
    frame, numbers = drop_non_data(frame, numbers, "", skipped)
    # Blank rows at the end are not rows (editors and Excel add them, as in a workbook);
    # blank rows inside the table stay, and the readers count them as blank.
    nonblank = (frame != "").any(axis=1).to_numpy()
    last = int(nonblank.nonzero()[0].max()) + 1 if nonblank.any() else 0
    if last < len(frame):
        frame, numbers = frame.iloc[:last], numbers[:last]
    contiguous = not len(numbers) or numbers[-1] - numbers[0] == len(numbers) - 1
    return RawTable(frame, path.name,
                    first_row=int(numbers[0]) if len(numbers) else header_line + 2,
                    row_numbers=None if contiguous else numbers, skipped=skipped)


def _check_extra_fields(path: Path, encoding: str, sep: str, header_line: int = 0) -> None:
    """Rows with more fields than the header lose data: name the first such row.

    Empty extra fields (trailing separators that Excel writes) lose nothing and pass.
    """
    with open(path, encoding=encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=sep, skipinitialspace=True)
        for _ in range(header_line):
            next(reader, None)
        width = len(next(reader, []))
        for row in reader:
            if len(row) > width and any(cell.strip() for cell in row[width:]):
                raise DataError(
                    f"{path.name} fila {reader.line_num}: tiene {len(row)} valores y el "
                    f"encabezado {width} columnas; revise separadores '{sep}' sobrantes o "
                    "comillas sin cerrar"
                )


def _read_csv_chunks(path: Path, size: int, progress: bool, options: dict
                     ) -> Iterator[pd.DataFrame]:
    with open(path, "rb") as raw, _progress(f"Leyendo {path.name}", size, progress) as advance:
        reader = pd.read_csv(raw, chunksize=CSV_CHUNK_ROWS, **options)
        for chunk in reader:
            advance(raw.tell())
            yield chunk


@contextmanager
def _progress(label: str, total: int, enabled: bool) -> Iterator[Callable[[int], None]]:
    """Rich progress bar (to stderr) advanced to an absolute position; silent when disabled."""
    if not enabled:
        yield lambda _position: None
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    with Progress(
        "[progress.description]{task.description}", BarColumn(), DownloadColumn(),
        TimeRemainingColumn(), transient=True,
    ) as bar:
        task = bar.add_task(label, total=total)
        yield lambda position: bar.update(task, completed=position)


def _read_excel(path: Path, *, sheet: str | int | None,
                header_hint: Callable[[list[str]], int] | None) -> RawTable:
    tables, skipped = _workbook(path, header_hint=header_hint, sheet=sheet)
    if not tables:
        raise DataError(f"{path.name}: el libro no tiene datos en ninguna hoja"
                        + (f" ({'; '.join(skipped)})" if skipped else ""))
    return _raw_of(tables[0], skipped)


def _workbook(path: Path, **options):
    """The tables of a workbook; a workbook that cannot be opened gets its own Spanish
    explanation (truncated, password-protected, old .xls, text named .xlsx)."""
    try:
        return workbook_tables(path, **options)
    except Exception as exc:  # openpyxl raises many types for a corrupt workbook
        if isinstance(exc, DataError) and "no se pudo abrir como Excel" not in str(exc):
            raise  # the reader's own explanation (a workbook out of proportion, ...)
        problem = workbook_problem(path)
        if problem is not None:
            raise DataError(problem) from None
        if isinstance(exc, DataError):
            raise
        if isinstance(exc, (ValueError, KeyError)) and options.get("sheet") is not None:
            raise DataError(f"{path.name}: la hoja '{options['sheet']}' no existe; revise su "
                            "nombre") from None
        raise DataError(f"{path.name}: no se pudo abrir como libro de Excel; ábralo en Excel "
                        "y guárdelo de nuevo como .xlsx (Libro de Excel)") from None


def _raw_of(table: SheetTable, skipped: list[str] | None = None) -> RawTable:
    return RawTable(table.frame, table.file, int(table.row_numbers[0]) if len(
        table.row_numbers) else table.header_row + 1, None, table.row_numbers,
        table.sheets, table.hidden, [*(skipped or []), *table.skipped])


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


def _excel_text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp | __import__("datetime").datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


#: First bytes of an OLE2 compound file: old .xls workbooks and encrypted .xlsx.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def workbook_problem(path: str | Path) -> str | None:
    """Why a file named .xlsx cannot be read as one, in Spanish with the remedy (None when
    it looks like a sound workbook).

    Tells apart a truncated copy, a password-protected workbook, an old ``.xls``, a CSV
    (or other text) named ``.xlsx`` and a UTF-16 text export.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "retornados.xlsx"
    >>> _ = p.write_text("id,municipio\\n1,Cobán\\n")
    >>> print(workbook_problem(p))  # doctest: +ELLIPSIS
    retornados.xlsx: no es un libro de Excel sino texto (¿un CSV con extensión .xlsx?); ...
    """
    import zipfile

    path = Path(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
            handle.seek(0)
            content = handle.read(2_000_000)
    except OSError:
        return None
    name = path.name
    if head.startswith(b"PK"):
        if not zipfile.is_zipfile(path):
            return (f"{name}: el libro está incompleto o dañado (¿se cortó al copiarlo o "
                    "descargarlo?); pida otra copia, o ábralo en Excel y guárdelo de nuevo")
        try:
            with zipfile.ZipFile(path) as book:
                if book.testzip() is not None or "xl/workbook.xml" not in book.namelist():
                    return (f"{name}: el libro está dañado o no es de Excel (¿un .docx o un "
                            ".ods renombrado?); ábralo y guárdelo como .xlsx (Libro de Excel)")
        except (zipfile.BadZipFile, OSError, EOFError):
            return (f"{name}: el libro está incompleto o dañado; pida otra copia, o ábralo "
                    "en Excel y guárdelo de nuevo")
        return None
    if head.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in content:
            return (f"{name}: el libro está protegido con contraseña y oportumap no puede "
                    "abrirlo; ábralo en Excel y guárdelo sin contraseña (Archivo > "
                    "Información > Proteger libro > Cifrar con contraseña: dejar vacía)")
        return (f"{name}: es un libro de Excel antiguo (.xls, Excel 97-2003); ábralo y "
                "guárdelo como .xlsx (Libro de Excel)")
    if content[:2] in (b"\xff\xfe", b"\xfe\xff") or content.count(b"\x00") > len(content) // 4:
        return (f"{name}: es un archivo de texto Unicode (UTF-16), no un libro de Excel; "
                "cambie su extensión a .csv o ábralo y guárdelo como .xlsx")
    sample = content[:4000]
    if sample and all(b >= 9 for b in sample[:200]) and \
            any(sep in sample for sep in (b",", b";", b"\t")):
        return (f"{name}: no es un libro de Excel sino texto (¿un CSV con extensión .xlsx?); "
                "cambie su extensión a .csv, o ábralo y guárdelo como .xlsx")
    return (f"{name}: no es un libro de Excel; ábralo en su programa y guárdelo como .xlsx "
            "(Libro de Excel)")


def _read_vector(path: Path) -> RawTable:
    import pyogrio

    try:
        frame = pyogrio.read_dataframe(path)
    except Exception:  # pyogrio wraps GDAL errors in several types (English)
        raise DataError(f"{path.name}: no se pudo leer como GeoJSON/GeoPackage (archivo "
                        "dañado o de otro formato); expórtelo de nuevo desde su programa de "
                        "mapas (QGIS: Exportar > Guardar objetos como... GeoJSON)") from None
    points = None
    if "geometry" in frame and frame.geometry.notna().any():
        geometry = frame.geometry
        if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
            geometry = geometry.to_crs("EPSG:4326")
        is_point = (geometry.geom_type == "Point").to_numpy()
        points = pd.DataFrame({"lat": float("nan"), "lon": float("nan")},
                              index=frame.index)
        # .x/.y exist only for points: taken on the points alone (a polygon file given
        # where points are expected must not fail with a geometry library's English).
        points.loc[is_point, "lat"] = geometry[is_point].y.to_numpy()
        points.loc[is_point, "lon"] = geometry[is_point].x.to_numpy()
        # Non-point geometries (polygons, lines) give a point inside them, and say so.
        other = ~is_point & geometry.notna().to_numpy()
        if other.any():
            reps = geometry[other].representative_point()
            points.loc[other, "lat"] = reps.y.to_numpy()
            points.loc[other, "lon"] = reps.x.to_numpy()
            import warnings

            from oportumap.errors import Notice

            kinds = ", ".join(sorted(set(geometry[other].geom_type.dropna())))
            warnings.warn(Notice(
                f"{path.name}: {int(other.sum()):,} de {len(frame):,} geometrías no son "
                f"puntos ({kinds}); se usó un punto dentro de cada una. Si esperaba "
                "ubicaciones exactas, use un archivo de puntos o columnas lat/lon"),
                stacklevel=2)
    frame = pd.DataFrame(frame.drop(columns="geometry", errors="ignore"))
    frame = frame.map(_excel_text)
    return RawTable(frame, path.name, first_row=1, geometry_points=points)


def find_table(folder: Path, stem: str) -> Path | None:
    """The file named ``stem`` with a supported extension in ``folder`` (None if absent).

    Raises
    ------
    DataError
        If two files share the stem (``vacancies.csv`` and ``vacancies.xlsx``).
    """
    found = [p for p in sorted(folder.glob(f"{stem}.*")) if p.suffix.lower() in TABLE_EXTENSIONS]
    if len(found) > 1:
        names = ", ".join(p.name for p in found)
        raise DataError(f"{folder}: hay varios archivos '{stem}' ({names}); deje solo uno")
    return found[0] if found else None


def file_role(path: str | Path) -> str | None:
    """What a data file holds, from its name: ``"returnees"``, a kind, or None.

    Examples
    --------
    >>> file_role("Centros de Formación.xlsx"), file_role("retornados.csv")
    ('training', 'returnees')
    >>> file_role("notas.docx") is None
    True
    """
    from oportumap.schema import FILE_ROLES
    from oportumap.text import normalize_text

    path = Path(path)
    if path.suffix.lower() not in TABLE_EXTENSIONS:
        return None
    key = normalize_text(path.stem).replace(" ", "_")
    for role, stems in FILE_ROLES.items():
        if key in stems:
            return role
    return None


def scan_folder(folder: Path) -> tuple[dict[str, Path], list[str]]:
    """Data files of a folder by role, and the names of the files it does not recognise.

    Hidden files and Excel lock files (``~$...``) are not data and are left out.

    Raises
    ------
    DataError
        If two files hold the same thing (``vacancies.csv`` and ``vacantes.xlsx``).
    """
    found: dict[str, list[Path]] = {}
    unrecognised: list[str] = []
    for path in sorted(folder.iterdir()):
        if (path.name.startswith((".", "~$")) or path.is_dir()
                or is_own_output(path.name)):
            continue
        role = file_role(path)
        if role is None:
            unrecognised.append(path.name)
        else:
            found.setdefault(role, []).append(path)
    for role, paths in found.items():
        if len(paths) > 1:
            names = ", ".join(p.name for p in paths)
            from oportumap.i18n import text

            what = text(f"kind.{role}").lower()
            raise DataError(f"{folder}: hay varios archivos de {what} ({names}); "
                            "deje solo uno")
    return {role: paths[0] for role, paths in found.items()}, unrecognised


#: Files oportumap itself writes beside the data (validation report, rejected rows): not
#: data, and not "unrecognised" either.
OWN_OUTPUTS = {"filas_rechazadas.csv", "reporte_validacion.txt"}
#: Name prefixes of the per-run files oportumap writes (``seguimiento_rechazadas_<archivo>_
#: <fecha-hora>.csv``): not data either.
OWN_OUTPUT_PREFIXES = ("filas_rechazadas", "seguimiento_rechazadas")


def is_own_output(name: str) -> bool:
    """True for a file oportumap writes beside the data (not data to read).

    Examples
    --------
    >>> is_own_output("seguimiento_rechazadas_libro_20250301-101500.csv"), is_own_output("x.csv")
    (True, False)
    """
    low = name.lower()
    return low in OWN_OUTPUTS or (low.startswith(OWN_OUTPUT_PREFIXES) and low.endswith(".csv"))
