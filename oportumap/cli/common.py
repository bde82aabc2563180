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
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import typer
from rich.console import Console

from oportumap.errors import DataError

console = Console(stderr=False, highlight=False)
err_console = Console(stderr=True, highlight=False)

F = TypeVar("F", bound=Callable)

def user_errors(func: F) -> F:
    """Turn DataError (and a missing optional dependency) into a message and exit 1."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except DataError as exc:
            err_console.print(f"[bold red]Error:[/] {exc}", markup=True, soft_wrap=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            err_console.print("Interrumpido.")
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


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
