"""Column rules shared by the readers: header aliases, value parsers, problem collection.

Every rule works on whole columns and records the failing rows in a :class:`Collector`,
so a reader can report every problem of a file at once, with the row number the user sees.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from oportumap.dates import read_dates
from oportumap.errors import DataError, Interpretation
from oportumap.files import RawTable
from oportumap.schema import COLUMN_ALIASES, FALLBACK_ALIASES
from oportumap.text import normalize_text
from oportumap.values import read_numbers, read_sex, read_yes_no
from oportumap.vocabulary import Vocabulary, match

REJECTED_COLUMNS = ["file", "sheet", "row", "column", "value", "reason"]


#: Canonical columns that several headers may feed at once (``Teléfono`` and ``Correo``
#: both go to ``contact``); their values are joined with " / ".
MULTI_COLUMNS = ("contact", "phone")
@dataclass
class Collector:
    """Accumulates row-level problems for one file, vectorised."""

    file: str
    first_row: int
    n_rows: int
    headers: dict[str, str | tuple[str, ...]]
    frames: list[pd.DataFrame] = field(default_factory=list)
    #: Row number in the file of each data row (blank rows skipped leave gaps); by default
    #: consecutive from ``first_row``.
    row_numbers: np.ndarray | None = None
    #: How values were read, per column (units dropped, codes decided, typos, questions).
    interpretations: list[Interpretation] = field(default_factory=list)
    #: Sheet of each data row (stacked sheets of a workbook); None: no sheets.
    sheets: np.ndarray | None = None

    def sheet_of(self, positions: np.ndarray) -> np.ndarray | str:
        return "" if self.sheets is None else self.sheets[positions]

    def rows(self) -> np.ndarray:
        if self.row_numbers is None:
            return np.arange(self.n_rows) + self.first_row
        return self.row_numbers

    def header(self, column: str | tuple[str, ...] | None) -> str:
        """The column's header as written in the file (several joined with ' + ').

        A tuple of roles (``("municipio", "distrito")``) or ``"municipio+lat+lon"`` names
        the columns of a conflict together (those the file has): a problem between two
        columns is about both.
        """
        if not column:
            return ""
        if isinstance(column, str) and "+" in column:
            column = tuple(column.split("+"))
        if isinstance(column, tuple):
            parts = [self.header(c) for c in column if c in self.headers]
            parts = list(dict.fromkeys(parts))  # lat and lon of one point column: once
            return " + ".join(parts) if parts else self.header(column[0])
        written = self.headers.get(column, column)
        return " + ".join(written) if isinstance(written, tuple) else written

    def add(self, mask: pd.Series | np.ndarray, column: str | None,
            values: pd.Series | Callable[[np.ndarray], pd.Series] | None,
            reason: str | pd.Series | Callable[[np.ndarray], pd.Series]) -> None:
        """Record ``reason`` for every row where ``mask`` is True.

        ``values`` and ``reason`` may be functions of the mask returning the values of the
        masked rows, so that display strings are only built for rows that fail.
        """
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        positions = np.flatnonzero(mask)
        if callable(reason):
            reason = reason(mask)
            reasons = reason.to_numpy() if isinstance(reason, pd.Series) else reason
        else:
            reasons = reason[mask].to_numpy() if isinstance(reason, pd.Series) else reason
        if callable(values):  # built only for the failing rows (cheap on a million rows)
            values = values(mask)
        shown = values[mask] if values is not None and len(values) == len(mask) else values
        self.frames.append(pd.DataFrame({
            "position": positions,
            "file": self.file,
            "sheet": self.sheet_of(positions),
            "row": self.rows()[positions],
            "column": self.header(column),
            "value": shown.astype(str).to_numpy() if shown is not None else "",
            "reason": reasons,
        }))

    def flagged(self, column: str) -> np.ndarray:
        """Rows that already have a problem in ``column`` (so a rule does not repeat it)."""
        mask = np.zeros(self.n_rows, dtype=bool)
        header = self.header(column)
        for frame in self.frames:
            if len(frame) and frame["column"].iat[0] == header:
                mask[frame["position"].to_numpy()] = True
        return mask

    def note(self, interpretations) -> None:
        """Keep interpretations made elsewhere (already named by the file's headers)."""
        self.interpretations.extend(interpretations)

    def take(self, reading, column: str, values: pd.Series) -> None:
        """Record a shared reader's per-row problems and its interpretations."""
        self.add(reading.problems.notna().to_numpy(), column, values,
                 lambda mask: reading.problems[mask])
        header = self.header(column)
        self.interpretations.extend(replace(i, column=header)
                                    for i in reading.interpretations)

    def problems(self) -> pd.DataFrame:
        if not self.frames:
            return pd.DataFrame(columns=["position", *REJECTED_COLUMNS])
        # Stable: within a row, problems stay in the order the rules ran (file order).
        return pd.concat(self.frames, ignore_index=True).sort_values("position", kind="stable")


# --------------------------------------------------------------------------- headers


def alias_lookup(columns: Sequence[str]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for canonical in columns:
        for alias in COLUMN_ALIASES.get(canonical, (canonical,)):
            lookup.setdefault(normalize_text(alias).replace(" ", "_"), canonical)
    return lookup


def header_key(header: str) -> str:
    return normalize_text(header).replace(" ", "_")


def canonical_headers(raw: RawTable, columns: Sequence[str]) -> dict[str, str | tuple[str, ...]]:
    """Map canonical column -> header as written; raises on duplicated meanings.

    Columns in :data:`MULTI_COLUMNS` (contacts, phones) may come from several headers and
    map to a tuple of them.
    """
    lookup = alias_lookup(columns)
    found: dict[str, str | tuple[str, ...]] = {}
    for header in raw.frame.columns:
        canonical = lookup.get(header_key(header))
        if canonical is None:
            continue
        if canonical in found:
            if canonical in MULTI_COLUMNS:
                previous = found[canonical]
                found[canonical] = (*(previous if isinstance(previous, tuple) else
                                      (previous,)), header)
                continue
            raise DataError(
                f"{raw.file}: las columnas '{found[canonical]}' y '{header}' significan lo "
                f"mismo ({canonical}); deje solo una"
            )
        found[canonical] = header
    for canonical, aliases in FALLBACK_ALIASES.items():
        if canonical in columns and canonical not in found:
            keys = {header_key(h): h for h in raw.frame.columns
                    if header_key(h) not in lookup}
            match = next((keys[a] for a in aliases if a in keys), None)
            if match is not None:
                found[canonical] = match
    return found


def unused_columns(raw: RawTable, headers: dict[str, str | tuple[str, ...]]) -> list[str]:
    """Headers of the file that no canonical column uses, in file order.

    Examples
    --------
    >>> frame = pd.DataFrame({"id": ["A"], "Nombre": ["Ana"], "municipio": ["Mixco"]})
    >>> unused_columns(RawTable(frame, "r.csv", 2), {"returnee_id": "id",
    ...                                               "municipio": "municipio"})
    ['Nombre']
    """
    used: set[str] = set()
    for written in headers.values():
        used.update(written if isinstance(written, tuple) else (written,))
    return [str(c) for c in raw.frame.columns if c not in used]


def header_hint(columns: Sequence[str]):
    lookup = alias_lookup(columns)
    return lambda cells: sum(1 for c in cells if header_key(c) in lookup)


# --------------------------------------------------------------------------- value rules


def column_text(frame: pd.DataFrame, headers: dict[str, str | tuple[str, ...]], column: str
                ) -> pd.Series:
    """The column's cells as stripped text ("" when blank or when the file lacks it)."""
    if column not in headers:
        return pd.Series("", index=frame.index, dtype="str")
    written = headers[column]
    parts = []
    for header in written if isinstance(written, tuple) else (written,):
        values = frame[header]
        if not pd.api.types.is_string_dtype(values):
            values = values.astype(str)
        parts.append(values.fillna("").str.strip())
    out = parts[0]
    for more in parts[1:]:  # several contact columns: "5555-1234 / ana@correo.gt"
        joined = (out + " / " + more).where(more != "", out)
        out = joined.where(out != "", more)
    return out


def parse_number(values: pd.Series, col: Collector | None = None, column: str | None = None,
                 *, integer: bool = False, message: str | None = None) -> pd.Series:
    """Numbers as people write them ("34 años", "Q 1,500", "15,32145"), through
    :func:`oportumap.values.read_numbers` (decimal mark decided per column); problems and
    interpretations go to ``col`` when given, with the column's own ``message`` (what to
    write there) instead of the reader's general one."""
    reading = read_numbers(values, column=column, integer=integer)
    if message is not None:
        reading = replace(reading, problems=reading.problems.where(reading.problems.isna(),
                                                                   message))
    if col is not None and column is not None:
        col.take(reading, column, values)
    return reading.values


def parse_bool(values: pd.Series, col: Collector, column: str, *, document: bool = False,
               abroad: bool = False) -> pd.Series:
    """Yes/no cells through :func:`oportumap.values.read_yes_no`.

    Blank is unknown (NA); anything else is a problem recorded in ``col`` (never a silent
    unknown).

    Examples
    --------
    >>> c = Collector("r.csv", 2, 4, {})
    >>> parse_bool(pd.Series(["✓", "Sí", "✗", "quizás"]), c, "consent").tolist()
    [True, True, False, <NA>]
    >>> c.problems()["value"].tolist()
    ['quizás']
    """
    reading = read_yes_no(values, column=column, document=document, abroad=abroad)
    col.take(reading, column, values)
    return reading.values


def parse_dates(values: pd.Series, col: Collector, column: str, *, allow_future: bool = False,
                period_end: bool = False) -> pd.Series:
    """Dates through the one reader :func:`oportumap.dates.read_dates` (day/month order
    decided by the column, Spanish month names, month precision, Excel serials)."""
    reading = read_dates(values, column=column, allow_future=allow_future,
                         period_end=period_end)
    col.take(reading, column, values)
    return reading.values


def parse_sex(values: pd.Series, col: Collector, column: str) -> pd.Series:
    """``F``/``M`` through :func:`oportumap.values.read_sex` (H/M vs M/F per column)."""
    reading = read_sex(values, column=column)
    col.take(reading, column, values)
    return reading.values


def parse_choice(values: pd.Series, col: Collector, column: str, vocabulary: Vocabulary,
                 *, several: bool = False) -> pd.Series:
    """Codes of a controlled vocabulary (interest, kind) through the one matcher; with
    ``several``, a cell naming several codes gives them ``;``-joined in written order."""
    reading = match(values, vocabulary, column=column, several=several)
    col.take(reading, column, values)
    return reading.values.where(reading.values != "", None)


def check_ids(ids: pd.Series, col: Collector, column: str) -> None:
    empty = ids == ""
    col.add(empty, column, ids, "falta el identificador; cada fila necesita un ID único")
    # One hash pass: a column with as many distinct values as rows has no repeated ID;
    # otherwise the repeats are found on the integer codes (cheaper than on the text).
    codes, uniques = pd.factorize(ids)
    if len(uniques) == len(ids):
        return
    dup = pd.Series(pd.Series(codes).duplicated(keep="first").to_numpy(),
                    index=ids.index) & ~empty
    if dup.any():
        first_row = pd.Series(col.rows(), index=ids.index)
        first_seen = first_row.groupby(ids).transform("min")
        reason = "ID repetido (aparece antes en la fila " + first_seen.astype(str) + \
            "); cada fila necesita un ID único"
        col.add(dup, column, ids, reason)
