"""Data files of a folder: what each holds from its name, and oportumap's own outputs.

Split out of :mod:`oportumap.files.read`; the names stay importable from there.
"""

from __future__ import annotations

from pathlib import Path

from oportumap.errors import DataError
from oportumap.files.table import TABLE_EXTENSIONS


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
