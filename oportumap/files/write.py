"""Write files safely: atomically, never over an input, private when they hold people.

Every output oportumap writes goes through :func:`atomic_path`: the content is written to a
temporary file beside the target and renamed over it only when complete, so an interrupted
or failed command leaves the previous file (or nothing) in place. A file read as input in
this process is never a target.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from oportumap.errors import DataError

# Files opened for reading in this process: writers refuse to overwrite them.
_INPUT_FILES: set[Path] = set()


def mark_input(path: str | Path) -> None:
    """Remember ``path`` as an input of this process: no output may replace it."""
    _INPUT_FILES.add(Path(path).resolve())


def is_input(path: str | Path) -> bool:
    """True when ``path`` was read as an input in this process.

    Examples
    --------
    >>> is_input("/no/such/file.csv")
    False
    """
    return Path(path).resolve() in _INPUT_FILES


def refuse_input(path: str | Path) -> None:
    """Raise :class:`DataError` when ``path`` is an input file of this command."""
    if is_input(path):
        raise DataError(f"{path}: es un archivo de entrada; elija otro nombre para la salida")


@contextmanager
def atomic_path(path: str | Path, *, private: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it over ``path`` only on success.

    Parameters
    ----------
    path : str or Path
        The final file.
    private : bool
        Create it owner-only (0600): for files that carry returnee IDs, names, phones or
        exact points. Otherwise it gets the permissions of a normal file (umask).

    Raises
    ------
    DataError
        When ``path`` is an input file of this command.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "salida.txt"
    >>> with atomic_path(target) as tmp:
    ...     _ = tmp.write_text("hola")
    >>> target.read_text()
    'hola'
    """
    path = Path(path)
    refuse_input(path)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    tmp = Path(name)
    try:
        yield tmp
        if private:
            os.chmod(tmp, 0o600)
        else:
            # mkstemp makes the file private (0600); give it the permissions of a normal file.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
