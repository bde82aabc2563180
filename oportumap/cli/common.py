"""What every command shares: the consoles, the error boundary and the exit codes.

Exit status:

* 0: the output was written (even if some rows were rejected);
* 1: a user error (missing folder, unreadable file, output exists without --force, ...),
  with a clear Spanish message and never a traceback;
* 2: the command line itself is wrong (unknown option, bad value);
* 3: the data left nothing to work with (every returnee row rejected, or ``--strict``
  with rejected rows or unusable files), so no output was written.
"""

from __future__ import annotations

import functools
import os
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import typer
from rich.console import Console

from oportumap.errors import DataError, describe_os_error


class _Stream:
    """The current stdout/stderr, tolerant of a reader that went away.

    ``oportumap ... | head -1`` closes the pipe after one line; the command must still
    finish its work (write its files, record in the store) rather than die half-way, so
    output after a broken pipe is dropped instead of raising.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.broken = False

    @property
    def _target(self):
        return getattr(sys, self.name)

    def write(self, data: str) -> int:
        if self.broken:
            return len(data)
        try:
            return self._target.write(data)
        except BrokenPipeError:
            self._broke()
            return len(data)

    def flush(self) -> None:
        if self.broken:
            return
        try:
            self._target.flush()
        except BrokenPipeError:
            self._broke()

    def _broke(self) -> None:
        self.broken = True
        try:  # later writes by Python itself (at exit) go nowhere, silently
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._target.fileno())
        except (OSError, ValueError, AttributeError):
            pass

    def isatty(self) -> bool:
        try:
            return self._target.isatty()
        except (AttributeError, ValueError):
            return False

    def fileno(self) -> int:
        return self._target.fileno()

    @property
    def encoding(self) -> str:
        return getattr(self._target, "encoding", "utf-8")


console = Console(file=_Stream("stdout"), highlight=False)  # type: ignore[arg-type]
err_console = Console(file=_Stream("stderr"), highlight=False)  # type: ignore[arg-type]

F = TypeVar("F", bound=Callable)

#: Set by the global ``--debug`` option (or ``OPORTUMAP_DEBUG=1``): show tracebacks.
_DEBUG = {"on": False}


def set_debug(on: bool) -> None:
    """Show full tracebacks (``--debug``) instead of the Spanish message alone."""
    _DEBUG["on"] = bool(on)


def debugging() -> bool:
    """True with ``--debug`` or ``OPORTUMAP_DEBUG=1``."""
    return _DEBUG["on"] or os.environ.get("OPORTUMAP_DEBUG", "") not in ("", "0")


def error_message(exc: BaseException) -> str | None:
    """The Spanish message for an expected failure, or None for a bug.

    Examples
    --------
    >>> import errno
    >>> print(error_message(OSError(errno.EROFS, "Read-only file system", "/usb/r.xlsx")))
    ... # doctest: +ELLIPSIS
    /usb/r.xlsx: la carpeta es de solo lectura (...); elija otra carpeta
    """
    if isinstance(exc, DataError):
        return str(exc)
    if isinstance(exc, OSError):
        return describe_os_error(exc)
    if isinstance(exc, MemoryError):
        return ("no hay memoria suficiente para estos datos; cierre otros programas o "
                "divida los datos (por ejemplo, por departamento)")
    module = type(exc).__module__ or ""
    if module.startswith(("sqlalchemy", "psycopg", "sqlite3", "alembic")):
        from oportumap.tracking.store import describe_store_error

        return describe_store_error(exc)
    if module.startswith("_csv") or type(exc).__name__ == "Error" and module == "csv":
        return ("un archivo CSV no se pudo leer (una celda demasiado larga o comillas sin "
                "cerrar); ábralo en Excel y guárdelo de nuevo como CSV")
    return None


def user_errors(func: F) -> F:
    """The one error boundary of every command.

    Expected failures (bad data, file system, store, parsing) become one Spanish message
    and exit 1; Ctrl-C exits 130; a bug shows a short message asking for ``--debug``.
    Library warnings are kept out of the user's screen. With ``--debug`` the traceback is
    shown.
    """
    if getattr(func, "_oportumap_boundary", False):
        return func

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    return func(*args, **kwargs)
                finally:
                    _show_notices(caught)
        except Exception as exc:
            if (type(exc).__module__ or "").startswith(("typer", "click")):
                raise  # typer.Exit, usage errors: already said
            return _fail(exc)
        except KeyboardInterrupt:
            if debugging():
                raise
            err_console.print("Interrumpido: no se cambió nada que no estuviera ya terminado.")
            raise typer.Exit(130) from None

    wrapper._oportumap_boundary = True  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def _fail(exc: Exception):
    """Say what went wrong, in Spanish, and exit 1 (the traceback only with --debug)."""
    if debugging():
        raise exc
    message = error_message(exc)
    if message is None:
        message = ("error inesperado de oportumap; no se cambió nada. Ejecute de nuevo "
                   "con --debug (oportumap --debug ...) y envíe el detalle al equipo "
                   "de oportumap")
    err_console.print(f"[bold red]Error:[/] {_escape(message)}", markup=True, soft_wrap=True)
    raise typer.Exit(1) from None


def _show_notices(caught: list) -> None:
    """oportumap's own notices as «Aviso» lines; library warnings (mapclassify, pandas,
    openpyxl: English, with site-packages paths) only with --debug."""
    from oportumap.errors import Notice

    seen: set[str] = set()
    for item in caught:
        text = str(item.message)
        if text in seen:
            continue
        seen.add(text)
        if issubclass(item.category, Notice):
            err_console.print(f"Aviso: {text}", markup=False, soft_wrap=True)
        elif debugging():
            err_console.print(f"(aviso de una biblioteca: {item.category.__name__}: {text})",
                              markup=False, soft_wrap=True)


def _escape(message: str) -> str:
    from rich.markup import escape

    return escape(message)


#: Exit status when the data left nothing to work with (see the module docstring).
EXIT_NO_OUTPUT = 3

#: Name of the rejected-rows file written beside a command's output.
REJECTED_FILE = "filas_rechazadas.csv"

def check_output(out: Path, force: bool) -> None:
    """Refuse an existing output before reading anything (the --force rule)."""
    if out.exists() and not force:
        raise DataError(f"{out}: ya existe; use --force para reemplazarlo")


def pd_isna(value: object) -> bool:
    """True for None/NaN (without importing pandas at CLI start-up)."""
    return value is None or value != value
