"""Write files safely: atomically, never over an input, private when they hold people.

Every output oportumap writes goes through :func:`atomic_path`: the content is written to a
temporary file beside the target and renamed over it only when complete, so an interrupted
or failed command leaves the previous file (or nothing) in place. A file read as input in
this process is never a target.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from oportumap.errors import DataError, describe_os_error

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

    Every failure of the file system (no permission, read-only folder, full disk, a bad
    name) becomes a :class:`DataError` in Spanish naming the file; the temporary file is
    removed and the previous ``path`` (or its absence) is left as it was.

    Parameters
    ----------
    path : str or Path
        The final file. Missing parent folders are created.
    private : bool
        Create it owner-only (0600, whatever the umask): for files that carry returnee
        IDs, names, phones or exact points. Otherwise it gets the permissions of a normal
        file (umask).

    Raises
    ------
    DataError
        When ``path`` is an input file of this command, or the file cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib, stat
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "salida.txt"
    >>> with atomic_path(target, private=True) as tmp:
    ...     _ = tmp.write_text("hola")
    >>> target.read_text(), oct(stat.S_IMODE(target.stat().st_mode))
    ('hola', '0o600')
    """
    path = Path(path)
    refuse_input(path)
    if path.is_dir():
        raise DataError(f"{path}: es una carpeta; indique un nombre de archivo")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                        dir=path.parent)
        os.close(handle)
    except OSError as exc:
        raise DataError(describe_os_error(exc, path)) from None
    tmp = Path(name)
    try:
        try:
            yield tmp
            if private:
                os.chmod(tmp, 0o600)
            else:
                # mkstemp makes the file private (0600); give it a normal file's permissions.
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o666 & ~umask)
            os.replace(tmp, path)
        except OSError as exc:
            raise DataError(describe_os_error(exc, path)) from None
    finally:
        with contextlib.suppress(OSError):  # the folder vanished meanwhile
            tmp.unlink(missing_ok=True)


@contextmanager
def staging_folder(beside: str | Path) -> Iterator[Path]:
    """A private hidden folder beside the outputs, removed afterwards.

    Files written there are moved into place with :func:`publish` (same file system, so
    each move is an atomic rename).
    """
    import shutil

    beside = Path(beside)
    try:
        beside.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=".oportumap-", dir=beside))
    except OSError as exc:
        raise DataError(describe_os_error(exc, beside)) from None
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class Published:
    """Files moved into place by :func:`publish`, with the earlier versions kept aside
    until :meth:`finish` (or put back by :meth:`undo`)."""

    def __init__(self) -> None:
        self.moves: list[tuple[Path, Path | None]] = []

    def undo(self) -> None:
        """Put every earlier file back (and remove the new ones)."""
        for target, backup in reversed(self.moves):
            try:
                if backup is not None:
                    os.replace(backup, target)
                else:
                    target.unlink(missing_ok=True)
            except OSError:  # pragma: no cover - restoring failed too
                pass
        self.moves.clear()

    def finish(self) -> None:
        """Forget the earlier versions."""
        for _target, backup in self.moves:
            if backup is not None:
                with contextlib.suppress(OSError):
                    backup.unlink(missing_ok=True)
        self.moves.clear()


def publish(pairs: list[tuple[Path, Path]]) -> Published:
    """Rename each ``(new, target)``; on any failure put every earlier target back.

    Returns
    -------
    Published
        Call ``finish()`` once the step is complete, or ``undo()`` to restore.

    Raises
    ------
    DataError
        An input file among the targets, or a rename failed (nothing changed).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("viejo")
    >>> _ = (folder / "nuevo").write_text("nuevo")
    >>> done = publish([(folder / "nuevo", folder / "a.txt")])
    >>> (folder / "a.txt").read_text()
    'nuevo'
    >>> done.undo(); (folder / "a.txt").read_text()
    'viejo'
    """
    for _new, target in pairs:
        refuse_input(target)
    done = Published()
    current = pairs[0][1] if pairs else None
    try:
        for new, target in pairs:
            current = target
            backup = None
            if target.exists():
                backup = target.with_name(f".{target.name}.{os.getpid()}.anterior")
                os.replace(target, backup)
            done.moves.append((target, backup))
            os.replace(new, target)
    except OSError as exc:
        done.undo()
        raise DataError(describe_os_error(exc, current)) from None
    return done
