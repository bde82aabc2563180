"""The SQLite file of a store and the words for a store's failures.

A new file is created owner-only (0600: it holds personal data); an existing one is
checked READ-ONLY before anything opens it for writing (a foreign or damaged database is
never changed); a file others can read is made private. Driver messages (English) become
one Spanish sentence with a remedy.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from oportumap.errors import DataError


def _create_private_file(path: Path) -> None:
    """Create an empty SQLite file readable and writable by its owner only (0600)."""
    from oportumap.errors import describe_os_error

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise DataError(describe_os_error(exc, path, verb="crear la base")) from None
    os.close(fd)
    os.chmod(path, 0o600)  # whatever the umask
    import warnings

    from oportumap.errors import Notice

    warnings.warn(Notice(f"{path}: se creó una base de seguimiento nueva (solo su dueño "
                         "puede leerla)"), stacklevel=2)


#: The first 16 bytes of every SQLite 3 file.
SQLITE_HEADER = b"SQLite format 3\x00"


def _check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not a usable oportumap store, opening it READ-ONLY.

    Nothing is written before this check: a foreign database keeps its header bytes
    (no switch to WAL mode), and a damaged file is not "repaired" into something else.
    """
    import sqlite3

    from oportumap.errors import describe_os_error

    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise DataError(describe_os_error(exc, path, verb="leer la base")) from None
    if not header.startswith(SQLITE_HEADER):
        raise DataError(f"{path}: no es una base de seguimiento de oportumap (no es un "
                        "archivo SQLite, o está dañado); revise el nombre o restaure una copia "
                        "de respaldo")
    if len(header) < 100:
        raise DataError(f"{path}: la base está incompleta (archivo cortado); restaure una "
                        "copia de respaldo")
    companions = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    absent = [p for p in companions if not p.exists()]
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            tables = {row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "alembic_version" in tables:
                conn.execute("SELECT COUNT(*) FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise DataError(describe_store_error(exc, str(path))) from None
    finally:
        for companion in absent:  # reading left no empty WAL files behind
            with contextlib.suppress(OSError):
                if companion.exists() and companion.stat().st_size == 0:
                    companion.unlink()
    ours = {"alembic_version", "runs", "referrals", "status_events", "imports", "run_groups"}
    if tables and "alembic_version" not in tables or tables - ours - {"sqlite_sequence"}:
        raise DataError(f"{path}: la base tiene tablas que no son de oportumap (es de otro "
                        "programa); no se cambió nada. Use otro archivo para el seguimiento")


def _make_private(path: Path) -> None:
    """A store others can read is made owner-only (0600), with a notice; refused if not."""
    import stat
    import warnings

    from oportumap.errors import Notice

    mode = stat.S_IMODE(path.stat().st_mode)
    if not mode & 0o077:
        return
    try:
        os.chmod(path, 0o600)
    except OSError:
        raise DataError(f"{path}: otros usuarios pueden leer la base (permisos "
                        f"{mode:o}) y no se pudo corregir; pida a su dueño que ejecute "
                        f"chmod 600 {path}") from None
    warnings.warn(Notice(f"{path}: otros usuarios podían leer la base (permisos {mode:o}); "
                         "ahora solo su dueño puede (600)"), stacklevel=2)


def _missing_store_message(path: Path) -> str:
    """Refusing a store path that does not exist, naming the closest existing file."""
    hint = ""
    folder = path.parent
    if folder.is_dir():
        from rapidfuzz import process

        candidates = [p.name for p in folder.iterdir()
                      if p.is_file() and p.suffix.lower() in (".db", ".sqlite", ".sqlite3")]
        best = process.extractOne(path.name, candidates, score_cutoff=60)
        if best is not None:
            hint = f" ¿Quiso decir {folder / best[0]}?"
    return (f"{path}: la base de seguimiento no existe; revise el nombre.{hint} (Solo "
            "'oportumap referrals --db' y 'oportumap track import' crean una base nueva.)")


def describe_store_error(exc: BaseException, where: str = "") -> str:
    """A Spanish message for a store failure (driver messages are never shown raw).

    Examples
    --------
    >>> import sqlite3
    >>> print(describe_store_error(sqlite3.DatabaseError("file is not a database"), "s.db"))
    ... # doctest: +ELLIPSIS
    s.db: el archivo no es una base de seguimiento válida o está dañado; restaure una copia...
    """
    raw = " ".join(str(getattr(exc, "orig", None) or exc).split()).lower()
    where = where or "la base de seguimiento"
    for needles, message in (
        (("password authentication failed", "password", "no password supplied"),
         "el usuario o la contraseña de la base no son correctos; revise la dirección "
         "(postgresql+psycopg://usuario:contraseña@servidor/base)"),
        (("does not exist",), "la base no existe en el servidor; pídala al administrador o "
         "revise su nombre"),
        (("connection refused", "could not connect", "connection failed", "timeout",
          "timed out", "failed to resolve", "name or service not known"),
         "no se puede conectar con el servidor de la base; revise que esté encendido, el "
         "nombre del servidor y el puerto"),
        (("database is locked", "database table is locked"),
         "la base está ocupada por otro programa; espere a que termine y vuelva a intentarlo"),
        (("not a database", "malformed", "corrupt", "file is encrypted"),
         "el archivo no es una base de seguimiento válida o está dañado; restaure una copia "
         "de respaldo"),
        (("readonly", "read-only"), "la base es de solo lectura; pida permiso de escritura o "
         "use una copia"),
        (("disk is full", "database or disk is full"),
         "el disco está lleno; libere espacio (no se cambió nada)"),
        (("disk i/o error",), "error de lectura o escritura del disco; copie la base a otro "
         "disco"),
        (("unable to open database", "cannot open"),
         "no se puede abrir el archivo de la base (permisos o carpeta inexistente)"),
        (("permission denied",), "no hay permiso para usar esta base; pídalo al "
         "administrador"),
    ):
        if any(n in raw for n in needles):
            return f"{where}: {message}"
    return (f"{where}: la base de seguimiento no respondió como se esperaba; no se cambió "
            "nada. Ejecute con --debug para ver el detalle")
