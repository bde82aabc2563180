"""Text tables (CSV, TXT, TSV): encoding, separator, title rows, chunked reading.

Split out of :mod:`oportumap.files.read`; :func:`oportumap.files.read.read_raw` is the
entry point.
"""

from __future__ import annotations

import csv
import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from oportumap.errors import DataError, Interpretation
from oportumap.files.arrow_csv import read_csv_arrow
from oportumap.files.encoding import (
    decode_errors,
    encoding_note,
    fallback_count,
    has_utf8_text,
    line_encodings,
    may_hold_mojibake,
    repair_frame,
    repair_mojibake,
)
from oportumap.files.sheets import drop_non_data
from oportumap.files.table import RawTable
from oportumap.files.text_formulas import may_hold_formulas, text_formulas

#: Rows read per chunk from large CSV files (bounds memory and drives the progress bar).
CSV_CHUNK_ROWS = 250_000


# A registry cell may hold a whole pasted document: the csv module's 128 KB default limit
# ("field larger than field limit") must not stop a read; outputs cut long cells.
csv.field_size_limit(2**31 - 1)


def _detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the bytes decode as such, else CP1252/Latin-1."""
    with open(path, "rb") as handle:
        head = handle.read(4_000_000)
        truncated = bool(handle.read(1))
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    # UTF-16 without BOM (some Windows exports): every other byte of ASCII text is NUL.
    sample = head[:20_000]
    if len(sample) >= 4 and sample.count(b"\x00") > len(sample) // 4:
        if sample[1::2].count(0) > len(sample) // 3:
            return "utf-16-le"
        if sample[0::2].count(0) > len(sample) // 3:
            return "utf-16-be"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still UTF-8.
        if truncated and exc.start >= len(head) - 3:
            return "utf-8"
    # UTF-8 lines mixed with Windows-1252 ones (rows appended by another program): read as
    # UTF-8, each byte sequence that is not UTF-8 as Windows-1252 (said in the summary).
    if has_utf8_text(head):
        return "utf-8-sig" if head.startswith(b"\xef\xbb\xbf") else "utf-8"
    # Registry extracts that are not UTF-8 come from Windows Excel: CP1252. Bytes CP1252
    # leaves undefined (0x81, 0x8D, ...) mean something else; ask charset_normalizer.
    try:
        head.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(head[:200_000]).best()
    if best is not None:
        try:
            head.decode(best.encoding)
            return best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    return "latin-1"  # decodes any byte; the validation then shows what is wrong


def _lenient(encoding: str) -> str:
    """Errors while sniffing: UTF-8's Windows-1252 fallback, else replaced."""
    errors = decode_errors(encoding)
    return "replace" if errors == "strict" else errors


def _encoding_said(path: Path, encoding: str, mixed: bool) -> list[Interpretation]:
    """A file with lines of two encodings says how many of each (and which)."""
    if not mixed:
        return []
    bom = 3 if encoding.replace("_", "-").lower() == "utf-8-sig" else 0
    utf8, cp1252, first = line_encodings(path, skip=bom)
    # line numbers count from the file's first line (the byte-order mark is no line)
    return [encoding_note(path.name, utf8, cp1252, first)]


def _detect_separator(path: Path, encoding: str) -> str:
    with open(path, encoding=encoding, errors=_lenient(encoding), newline="") as handle:
        sample = "".join(handle.readline() for _ in range(20))
    # The first line with a separator: a title row above the header may have none.
    lines = sample.splitlines()
    first = next((line for line in lines if any(sep in line for sep in ";,\t|")),
                 lines[0] if lines else "")
    counts = {sep: first.count(sep) for sep in (";", ",", "\t", "|")}
    best = max(counts, key=counts.get)
    if counts[best] == 0:
        try:
            return csv.Sniffer().sniff(sample, delimiters=";,\t|").delimiter
        except csv.Error:
            return ","
    return best



def _csv_header_line(path: Path, encoding: str, sep: str,
                     header_hint: Callable[[list[str]], int] | None) -> int:
    """Index of the header line: the first of the top 15 lines with most known headers.

    Spreadsheets saved as CSV keep their title rows ("Registro de retornados;;;").
    """
    if header_hint is None:
        return 0
    with open(path, encoding=encoding, errors=_lenient(encoding), newline="") as handle:
        reader = csv.reader(handle, delimiter=sep, skipinitialspace=True)
        best, score = 0, -1
        for i, cells in enumerate(reader):
            if i >= 15:
                break
            hits = header_hint([c.strip() for c in cells])
            if hits > score:
                best, score = i, hits
    return best


def _read_csv(path: Path, *, progress: bool,
              header_hint: Callable[[list[str]], int] | None = None) -> RawTable:
    encoding = _detect_encoding(path)
    sep = "\t" if path.suffix.lower() == ".tsv" else _detect_separator(path, encoding)
    header_line = _csv_header_line(path, encoding, sep, header_hint)
    # index_col=False: a row with one field too many must not turn column 1 into an index.
    options = dict(sep=sep, dtype=str, keep_default_na=False, encoding=encoding,
                   encoding_errors=decode_errors(encoding),
                   skiprows=header_line,
                   skipinitialspace=True, on_bad_lines="error", index_col=False,
                   # Blank lines stay as rows so row numbers match the file; readers
                   # count them as "filas vacías" instead of losing them silently.
                   skip_blank_lines=False)
    fallbacks = fallback_count()
    size = path.stat().st_size
    # Arrow's reader where it certainly reads as pandas does (3x less CPU, no Python
    # string per cell); None sends the file to pandas' reader and its explanations
    # (also any byte that is not UTF-8: pandas' reader then reads that line as cp1252).
    with _progress(f"Leyendo {path.name}", size, progress and size >= 20_000_000) as advance:
        frame = read_csv_arrow(path, sep=sep, encoding=encoding, skip=header_line,
                               advance=advance)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            if frame is None and size < 20_000_000:
                frame = pd.read_csv(path, **options)
            elif frame is None:
                frame = pd.concat(_read_csv_chunks(path, size, progress, options),
                                  ignore_index=True)
        if any(issubclass(w.category, pd.errors.ParserWarning) for w in caught):
            _check_extra_fields(path, encoding, sep, header_line)
    except UnicodeDecodeError as exc:
        raise DataError(
            f"{path.name}: el texto tiene bytes que no son de la codificación {encoding} "
            f"(posición {exc.start:,}); guarde el archivo como «CSV UTF-8» desde Excel"
        ) from exc
    except pd.errors.EmptyDataError as exc:
        raise DataError(f"{path.name}: el archivo no tiene encabezados ni datos") from exc
    except pd.errors.ParserError as exc:
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if found:
            width, line, seen = found.groups()
            raise DataError(
                f"{path.name} fila {line}: tiene {seen} valores y el encabezado {width} "
                f"columnas; revise separadores '{sep}' sobrantes o comillas sin cerrar"
            ) from exc
        raise DataError(
            f"{path.name}: no se pudo leer como CSV separado por '{sep}'; revise que todas "
            "las filas tengan el mismo número de columnas y que las comillas cierren"
        ) from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.fillna("")
    said = _encoding_said(path, encoding, fallback_count() > fallbacks)
    if may_hold_mojibake(path, encoding):
        frame.columns = [repair_mojibake(c) for c in frame.columns]
        frame, repaired = repair_frame(frame, path.name)
        said.extend(repaired)
    numbers = np.arange(len(frame)) + header_line + 2
    skipped: list[str] = []
    # Totals, notes, HXL tags and repeated headers are not data (said in ``skipped``).
    frame, numbers = drop_non_data(frame, numbers, "", skipped)
    # Blank rows at the end are not rows (editors and Excel add them, as in a workbook);
    # blank rows inside the table stay, and the readers count them as blank.
    nonblank = (frame != "").any(axis=1).to_numpy()
    last = int(nonblank.nonzero()[0].max()) + 1 if nonblank.any() else 0
    if last < len(frame):
        frame, numbers = frame.iloc[:last], numbers[:last]
    contiguous = not len(numbers) or numbers[-1] - numbers[0] == len(numbers) - 1
    formulas = []
    if may_hold_formulas(path, sep):  # «=2025-1996» typed in a cell: a CSV keeps no result
        frame = frame.copy()
        formulas = text_formulas(frame, numbers)
    return RawTable(frame, path.name,
                    first_row=int(numbers[0]) if len(numbers) else header_line + 2,
                    row_numbers=None if contiguous else numbers, skipped=skipped,
                    formulas=formulas, interpretations=said)


def _check_extra_fields(path: Path, encoding: str, sep: str, header_line: int = 0) -> None:
    """Rows with more fields than the header lose data: name the first such row.

    Empty extra fields (trailing separators that Excel writes) lose nothing and pass.
    """
    with open(path, encoding=encoding, errors=decode_errors(encoding), newline="") as handle:
        reader = csv.reader(handle, delimiter=sep, skipinitialspace=True)
        for _ in range(header_line):
            next(reader, None)
        width = len(next(reader, []))
        for row in reader:
            if len(row) > width and any(cell.strip() for cell in row[width:]):
                raise DataError(
                    f"{path.name} fila {reader.line_num}: tiene {len(row)} valores y el "
                    f"encabezado {width} columnas; revise separadores '{sep}' sobrantes o "
                    "comillas sin cerrar"
                )


def _read_csv_chunks(path: Path, size: int, progress: bool, options: dict
                     ) -> Iterator[pd.DataFrame]:
    with open(path, "rb") as raw, _progress(f"Leyendo {path.name}", size, progress) as advance:
        reader = pd.read_csv(raw, chunksize=CSV_CHUNK_ROWS, **options)
        for chunk in reader:
            advance(raw.tell())
            yield chunk


@contextmanager
def _progress(label: str, total: int, enabled: bool) -> Iterator[Callable[[int], None]]:
    """Rich progress bar (to stderr) advanced to an absolute position; silent when disabled."""
    if not enabled:
        yield lambda _position: None
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    with Progress(
        "[progress.description]{task.description}", BarColumn(), DownloadColumn(),
        TimeRemainingColumn(), transient=True,
    ) as bar:
        task = bar.add_task(label, total=total)
        yield lambda position: bar.update(task, completed=position)
