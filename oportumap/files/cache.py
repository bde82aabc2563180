"""Results kept on disk, keyed by what they were computed from.

A key is a digest of its parts (file contents by their hash, tables by their values,
options by their text); an entry is a folder of Parquet tables plus a JSON of plain
values, written to a temporary folder and renamed into place, so a run interrupted half
way never leaves an entry that looks complete. Entries are created owner-only: they may
hold the places a planner gave.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

#: Bump when the layout of entries changes.
CACHE_VERSION = "1"
#: Entries kept per cache folder; older ones (by last use) are removed when a new one is
#: stored, so the folder does not grow without end.
KEEP_ENTRIES = 20


def file_digest(path: str | Path, *, block: int = 4 * 2**20) -> str:
    """SHA-256 of a file's bytes (streamed; hundreds of MB a second).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_bytes(b"abc")
    >>> file_digest(p)[:12]
    'ba7816bf8f01'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(block):
            digest.update(chunk)
    return digest.hexdigest()


def frame_digest(frame: pd.DataFrame) -> str:
    """Digest of a table's columns and values (row order matters).

    Examples
    --------
    >>> a = pd.DataFrame({"id": ["x"], "lat": [14.0]})
    >>> frame_digest(a) == frame_digest(a.copy()), frame_digest(a) == frame_digest(
    ...     a.assign(lat=14.1))
    (True, False)
    """
    digest = hashlib.sha256("|".join(map(str, frame.columns)).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def key_digest(parts: dict[str, object]) -> str:
    """Digest of a key's parts (strings, numbers, None; already-digested files/tables).

    Examples
    --------
    >>> key_digest({"a": 1}) == key_digest({"a": 1}), key_digest({"a": 1}) == key_digest(
    ...     {"a": 2})
    (True, False)
    """
    text = json.dumps({"version": CACHE_VERSION, **parts}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Entry:
    """What a cache entry holds: named tables and plain values."""

    tables: dict[str, pd.DataFrame]
    values: dict[str, object]


def load(folder: str | Path, key: str) -> Entry | None:
    """The entry stored under ``key``, or None (also when damaged: it is then recomputed)."""
    path = Path(folder) / key
    meta = path / "values.json"
    if not meta.is_file():
        return None
    try:
        values = json.loads(meta.read_text(encoding="utf-8"))
        os.utime(meta)  # last use: the most recently used entries are the ones kept
        tables = {name: pd.read_parquet(path / f"{name}.parquet")
                  for name in values.pop("_tables")}
    except (OSError, ValueError, KeyError):
        return None
    return Entry(tables, values)


def store(folder: str | Path, key: str, entry: Entry, *, keep: int = KEEP_ENTRIES) -> Path:
    """Write ``entry`` under ``key`` atomically (owner-only); returns its folder.

    Only the ``keep`` most recently used entries of ``folder`` stay.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / key
    tmp = Path(tempfile.mkdtemp(prefix=f".{key[:16]}.", dir=folder))  # 0700
    try:
        for name, table in entry.tables.items():
            table.to_parquet(tmp / f"{name}.parquet", index=False)
            os.chmod(tmp / f"{name}.parquet", 0o600)
        values = {**entry.values, "_tables": list(entry.tables)}
        (tmp / "values.json").write_text(json.dumps(values, default=str), encoding="utf-8")
        os.chmod(tmp / "values.json", 0o600)
        if target.exists():
            shutil.rmtree(target)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    entries = [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")
               and (p / "values.json").is_file()]
    entries.sort(key=lambda p: (p / "values.json").stat().st_mtime, reverse=True)
    for old in entries[keep:]:
        if old != target:
            shutil.rmtree(old, ignore_errors=True)
    return target


def cached(folder: str | Path | None, key: str, compute: Callable[[], Entry]
           ) -> tuple[Entry, bool]:
    """The entry for ``key``: from ``folder`` when there, else computed and stored.

    ``folder=None`` computes without caching. Returns ``(entry, from_cache)``.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> make = lambda: Entry({"t": pd.DataFrame({"x": [1]})}, {"n": 1})
    >>> cached(folder, "k", make)[1], cached(folder, "k", make)[1]
    (False, True)
    >>> for i in range(3):
    ...     _ = store(folder, f"other{i}", make(), keep=2)
    >>> sorted(p.name for p in Path(folder).iterdir())
    ['other1', 'other2']
    """
    if folder is not None:
        found = load(folder, key)
        if found is not None:
            return found, True
    entry = compute()
    if folder is not None:
        store(folder, key, entry)
    return entry, False
