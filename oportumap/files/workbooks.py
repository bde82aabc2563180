"""Excel workbooks: the tables of their sheets, and why a file named .xlsx cannot be read.

Split out of :mod:`oportumap.files.read`; the names stay importable from there.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from oportumap.errors import DataError
from oportumap.files.sheets import SheetTable, workbook_tables
from oportumap.files.table import RawTable


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
        table.sheets, table.hidden, [*(skipped or []), *table.skipped],
        list(table.formulas))



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
