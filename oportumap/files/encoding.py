"""Text as people's files hold it: mixed encodings and text already damaged by one.

Two things go wrong with the encoding of a registry extract, and both are repaired and said:

* **Mixed lines.** Rows appended to a UTF-8 file by a program that writes Windows-1252
  (or the other way round): the file is decoded as UTF-8 and every byte sequence that is not
  UTF-8 is read as Windows-1252 (the :data:`FALLBACK` error handler), so each line is read
  with its own encoding. :func:`line_encodings` counts the lines of each for the report.
* **Mojibake already in the text** («CobÃ¡n»): UTF-8 text that another system read as
  Windows-1252 and saved again. :func:`repair_mojibake` undoes it where the round trip is
  exact, and :func:`repair_frame` does it for the cells of a table, one distinct value at
  a time, saying each.

ftfy does this in general, with heuristics for every language and script; a registry of
Spanish names needs only the Windows-1252/UTF-8 round trip, which is exact and can be said
in one sentence, so no dependency is added for it.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import numpy as np
import pandas as pd

from oportumap.errors import Interpretation
from oportumap.i18n import text

#: Name of the codec error handler that reads bytes that are not UTF-8 as Windows-1252.
FALLBACK = "oportumap-cp1252"

#: Bytes Windows-1252 leaves undefined: read as Latin-1 (the same code point).
_UNDEFINED_1252 = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})


def _byte_1252(byte: int) -> str:
    return chr(byte) if byte in _UNDEFINED_1252 else bytes([byte]).decode("cp1252")


#: Times the fallback read bytes as Windows-1252 (compared before and after a read).
_USES = [0]


def fallback_count() -> int:
    """How many times so far bytes of a UTF-8 file were read as Windows-1252."""
    return _USES[0]


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: the bytes UTF-8 could not decode, read as Windows-1252."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _USES[0] += 1
    bad = exc.object[exc.start:exc.end]
    return "".join(_byte_1252(b) for b in bad), exc.end


codecs.register_error(FALLBACK, _cp1252_fallback)


def decode_errors(encoding: str) -> str:
    """The ``errors=`` to read a file with: the Windows-1252 fallback for UTF-8 files.

    Examples
    --------
    >>> "sí;".encode("cp1252").decode("utf-8", errors=decode_errors("utf-8"))
    'sí;'
    >>> decode_errors("utf-16")
    'strict'
    """
    return FALLBACK if encoding.replace("_", "-").lower().startswith("utf-8") else "strict"


# A UTF-8 sequence whose character is one Spanish (or Windows-1252 punctuation) uses: two
# bytes up to U+017F, or the three bytes of – — ‘ ’ “ ” … € ™. In a Windows-1252 file these
# bytes read as «Ã¡», «Â¿»..., which Spanish text never holds: they are UTF-8.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xc5][\x80-\xbf]|\xe2\x80[\x93-\xa6]|\xe2\x82\xac|"
                            rb"\xe2\x84\xa2")


def has_utf8_text(data: bytes) -> bool:
    """True when bytes that are not valid UTF-8 as a whole still hold UTF-8 characters.

    Examples
    --------
    >>> has_utf8_text("sí\\n".encode("utf-8") + "sí\\n".encode("cp1252"))
    True
    >>> has_utf8_text("AÑO;Sí\\n".encode("cp1252"))
    False
    """
    return _UTF8_SEQUENCE.search(data) is not None


#: UTF-8 bytes of «Â», «Ã», «Ä», «Å» and «â€»: what damaged text looks like in a UTF-8 file.
_MARKS_UTF8 = re.compile(rb"\xc3[\x82-\x85]|\xc3\xa2\xe2\x82\xac")
#: Their second bytes, rare in Spanish UTF-8 text (found by memchr: a clean file costs
#: four fast passes, not a regex over every accented letter).
_SECOND_BYTES = (b"\x82", b"\x83", b"\x84", b"\x85")


def may_hold_mojibake(path: str | Path, encoding: str) -> bool:
    """Whether a text file may hold damaged text, from its bytes (one fast search, so that
    the cells of a big clean file are never looked at one by one).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "r.csv"
    >>> _ = p.write_text("municipio\\nCobÃ¡n\\n", encoding="utf-8")
    >>> may_hold_mojibake(p, "utf-8"), may_hold_mojibake(p.with_name("x"), "utf-8")
    (True, False)
    """
    import mmap

    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError:
        return False
    if not size:
        return False
    name = encoding.replace("_", "-").lower()
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0,
                                               access=mmap.ACCESS_READ) as data:
        if name.startswith("utf-8"):
            if not any(data.find(byte) >= 0 for byte in _SECOND_BYTES):
                return False
            return _MARKS_UTF8.search(data) is not None
        if name in ("cp1252", "windows-1252", "latin-1", "iso-8859-1", "latin1"):
            if not any(data.find(byte) >= 0 for byte in (b"\xc2", b"\xc3", b"\xc4", b"\xc5")):
                return False  # no «Â», «Ã», «Ä», «Å» at all (memchr passes)
            return _UTF8_SEQUENCE.search(data) is not None
    return size < 50_000_000  # other encodings (UTF-16): look at the cells themselves


def line_encodings(path: str | Path, *, skip: int = 0) -> tuple[int, int, list[int]]:
    """Lines of a UTF-8 file with other characters: how many are UTF-8, how many are not.

    Only lines with a character outside ASCII count (an ASCII line is both). Vectorised
    over the file's bytes: a line is Windows-1252 when it holds a byte UTF-8 cannot decode.

    Parameters
    ----------
    path : str or Path
        The file.
    skip : int
        Bytes at the start not to look at (a byte-order mark).

    Returns
    -------
    utf8, cp1252 : int
        Lines in each encoding.
    first : list of int
        The first (up to 5) line numbers read as Windows-1252, counted from 1.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "m.csv"
    >>> _ = p.write_bytes("a;sí\\n".encode() + "b;sí\\n".encode("cp1252") + b"c;no\\n")
    >>> line_encodings(p)
    (1, 1, [2])
    """
    data = Path(path).read_bytes()[skip:]
    bad: list[int] = []

    def record(exc: UnicodeError) -> tuple[str, int]:
        bad.append(exc.start)
        return "", exc.end

    codecs.register_error("oportumap-record", record)
    data.decode("utf-8", errors="oportumap-record")
    array = np.frombuffer(data, dtype=np.uint8)
    breaks = np.flatnonzero(array == 0x0A)
    line_of = np.searchsorted(breaks, np.flatnonzero(array >= 0x80))
    foreign = np.unique(np.searchsorted(breaks, np.asarray(bad, dtype=np.int64)))
    other = np.setdiff1d(np.unique(line_of), foreign)
    return int(len(other)), int(len(foreign)), [int(i) + 1 for i in foreign[:5]]


def encoding_note(file: str, utf8: int, cp1252: int, first: list[int],
                  lang: str = "es") -> Interpretation:
    """The sentence that says a file's lines were read each with its own encoding.

    Examples
    --------
    >>> print(encoding_note("r.csv", 12, 5, [3, 9]).meaning)  # doctest: +ELLIPSIS
    archivo r.csv: 12 líneas en UTF-8 y 5 en Windows-1252 (líneas 3, 9...); se leyó...
    """
    word = text("files.line" if cp1252 == 1 else "files.lines", lang)
    lines = f"{word} " + ", ".join(str(n) for n in first) + (
        "..." if cp1252 > len(first) else "")
    many = text("files.line" if utf8 == 1 else "files.lines", lang)
    return Interpretation(None, "", text("files.mixed_encoding", lang).format(
        file=file, utf8=f"{utf8:,} {many}", cp1252=f"{cp1252:,}", lines=lines), cp1252)


# Windows-1252 renderings of a UTF-8 sequence: a lead byte read as Â Ã Ä Å (2 bytes) or
# â€ / â‚ / â„ (3 bytes), followed by what the continuation bytes read as.
_C1 = "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc" \
      "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122\u0081" \
      "\u008d\u008f\u0090\u009d"
_MOJIBAKE = re.compile(f"[\u00c2-\u00c5][{_C1}]|\u00e2[\u20ac\u201a\u201e][{_C1}]")
#: What a column holding mojibake shows (checked before looking value by value).
MOJIBAKE_MARKERS = ("Ã", "Â", "â€")


def _undo(match: re.Match) -> str:
    piece = match.group(0)
    try:
        raw = bytes(b for ch in piece for b in (
            [ord(ch)] if ord(ch) in _UNDEFINED_1252 else ch.encode("cp1252")))
        return raw.decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return piece


def repair_mojibake(value: str) -> str:
    """Undo UTF-8 text read as Windows-1252 and saved again («CobÃ¡n» -> «Cobán»).

    Only sequences whose round trip is exact are changed; the rest of the text stays, so a
    value that mixes good and damaged letters is repaired too.

    Examples
    --------
    >>> repair_mojibake("CobÃ¡n"), repair_mojibake("San Pedro CarchÃ¡ y Cobán")
    ('Cobán', 'San Pedro Carchá y Cobán')
    >>> repair_mojibake("â€œsÃ­â€\\x9d"), repair_mojibake("AÑO")
    ('“sí”', 'AÑO')
    """
    if not any(m in value for m in MOJIBAKE_MARKERS) and "Ä" not in value \
            and "Å" not in value:
        return value
    return _MOJIBAKE.sub(_undo, value)


def repair_frame(frame: pd.DataFrame, file: str, lang: str = "es"
                 ) -> tuple[pd.DataFrame, list[Interpretation]]:
    """Repair mojibake in a table of strings; one interpretation per column and value.

    Columns are looked at only when they hold a marker (``Ã``, ``Â``, ``â€``), and then one
    distinct value at a time.

    Examples
    --------
    >>> frame = pd.DataFrame({"municipio": ["CobÃ¡n", "CobÃ¡n", "Tactic"]})
    >>> fixed, said = repair_frame(frame, "r.csv")
    >>> fixed["municipio"].tolist(), said[0].rows
    (['Cobán', 'Cobán', 'Tactic'], 2)
    >>> print(said[0])
    columna 'municipio': «CobÃ¡n» → texto dañado (UTF-8 leído como Windows-1252) reparado: «Cobán» (2 filas)
    """  # noqa: E501
    said: list[Interpretation] = []
    out = frame
    for column in frame.columns:
        values = frame[column]
        if values.dtype != object and not pd.api.types.is_string_dtype(values):
            continue
        values = values.astype(str)
        marked = np.zeros(len(values), dtype=bool)
        for marker in (*MOJIBAKE_MARKERS, "Ä", "Å"):
            marked |= values.str.contains(marker, regex=False).to_numpy()
        if not marked.any():
            continue
        counts = values[marked].value_counts()
        fixes = {v: repair_mojibake(v) for v in counts.index}
        fixes = {v: f for v, f in fixes.items() if f != v}
        if not fixes:
            continue
        if out is frame:
            out = frame.copy()
        out[column] = values.where(~values.isin(list(fixes)), values.map(fixes))
        for value, fixed in fixes.items():
            said.append(Interpretation(str(column), value, text(
                "files.mojibake", lang).format(fixed=fixed), int(counts[value])))
    return out, said
