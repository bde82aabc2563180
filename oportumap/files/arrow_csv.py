"""Text files read by Arrow's CSV reader when it gives exactly pandas' table.

pandas' C parser builds one Python string per cell and (pandas 3) converts them to Arrow
text afterwards: on a million-row registry that is two thirds of the reading time.
Arrow's reader parses straight into Arrow text. It is used only where the two readers
certainly agree -- UTF-8, no quote character anywhere in the file (quoting is where their
rules differ: an unclosed quote, a quote after a space), every row as wide as the header,
headers unique and not blank; spaces after the separator are dropped as pandas'
``skipinitialspace`` does. Anything else returns None and the caller reads the file with
pandas, which also gives the Spanish explanation of a broken file.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pandas as pd

#: Bytes parsed per batch (also how often the progress bar moves).
BLOCK_BYTES = 8 * 2**20


def _arrow_text_dtype() -> pd.StringDtype | None:
    """pandas' text dtype when it is Arrow-backed (pandas 3), else None (then pandas'
    own reader gives object columns, which this reader does not imitate)."""
    dtype = pd.Series(["x"]).dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        return dtype
    return None


def _width(path: Path, encoding: str, sep: str, skip: int) -> int:
    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        reader = csv.reader(handle, delimiter=sep, skipinitialspace=True)
        for _ in range(skip):
            next(reader, None)
        return len(next(reader, []))


class _Quoted(OSError):
    """A quote character was read: pandas' reader takes the file (Arrow stops at once)."""


class _Watched:
    """A binary file that tells how far it has been read (for the progress bar) and
    whether any of its bytes is a quote character."""

    def __init__(self, handle, advance: Callable[[int], None]) -> None:
        self._handle, self._advance, self.read_bytes = handle, advance, 0
        self.quoted = False

    def read(self, size: int = -1) -> bytes:
        chunk = self._handle.read(size)
        self.read_bytes += len(chunk)
        if b'"' in chunk:
            self.quoted = True
            raise _Quoted
        self._advance(self.read_bytes)
        return chunk

    def readable(self) -> bool:
        return True

    @property
    def closed(self) -> bool:
        return self._handle.closed

    def close(self) -> None:  # the caller's ``with`` closes the file
        pass


def read_csv_arrow(path: Path, *, sep: str, encoding: str, skip: int,
                   advance: Callable[[int], None] = lambda _position: None
                   ) -> pd.DataFrame | None:
    """The file as pandas' C parser reads it with the package's options (``dtype=str``,
    ``keep_default_na=False``, ``skipinitialspace=True``, ``skip_blank_lines=False``,
    ``skiprows=skip``), or None where Arrow's reader might read it differently.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "r.csv"
    >>> _ = p.write_text("id; municipio\\nR1; Cobán\\n", encoding="utf-8")
    >>> frame = read_csv_arrow(p, sep=";", encoding="utf-8", skip=0)
    >>> None if frame is None else frame.values.tolist()  # None without Arrow text
    [['R1', 'Cobán']]
    """
    dtype = _arrow_text_dtype()
    if dtype is None or encoding not in ("utf-8", "utf-8-sig") or len(sep) != 1:
        return None
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pv

    width = _width(path, encoding, sep, skip)
    if width == 0:
        return None
    names = [f"f{i}" for i in range(width)]
    options = dict(
        read_options=pv.ReadOptions(skip_rows=skip, column_names=names,
                                    block_size=BLOCK_BYTES),
        parse_options=pv.ParseOptions(delimiter=sep, quote_char='"', double_quote=True,
                                      escape_char=False, newlines_in_values=True,
                                      ignore_empty_lines=False),
        convert_options=pv.ConvertOptions(column_types=dict.fromkeys(names, pa.large_string()),
                                          strings_can_be_null=False,
                                          quoted_strings_can_be_null=False))
    try:
        with open(path, "rb") as handle:
            watched = _Watched(handle, advance)
            table = pv.open_csv(watched, **options).read_all()
    except (pa.ArrowException, ValueError, OSError):  # pandas' reader decides and explains
        return None  # a row wider or narrower than the header, bad UTF-8, ...
    if watched.quoted or table.num_rows < 2 or table.column_names != names or any(
            t != pa.large_string() for t in table.schema.types):
        return None
    header = [str(v) for v in table.slice(0, 1).to_pylist()[0].values()]
    stripped = [h.strip() for h in header]
    if any(not h for h in stripped) or len(set(stripped)) != len(stripped):
        return None  # pandas names blank and repeated headers its own way
    columns = {}
    for name, head in zip(names, header, strict=True):
        values = table.column(name).slice(1)
        if pc.any(pc.starts_with(values, " ")).as_py():
            values = pc.utf8_ltrim(values, characters=" ")  # skipinitialspace
        columns[head] = pd.Series(pd.array(values, dtype=dtype), copy=False)
    frame = pd.DataFrame(columns, copy=False)
    frame.columns = header
    frame.index = pd.RangeIndex(len(frame))
    return frame if len(frame.columns) == width else None

