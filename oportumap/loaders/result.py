"""What one read of a file gives back, and the bookkeeping that keeps its promise:
accepted + rejected + blank rows = rows read, every interpretation listed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from oportumap.errors import DataError, Interpretation, Problem
from oportumap.files import RawTable
from oportumap.validation import (
    REJECTED_COLUMNS,
    Collector,
)

Errors = Literal["raise", "report"]

#: Columns of the table of non-exact interpretations (``ReadResult.corrections``,
#: ``Dataset.corrections``): file, row as seen in the file, column, value as written and
#: how it was read (Spanish).
CORRECTION_COLUMNS = ["file", "sheet", "row", "column", "value", "interpretation"]


@dataclass
class ReadResult:
    """Everything one read found (``errors="report"``).

    Unpacks as ``accepted, rejected = result`` for the two tables used most.

    Attributes
    ----------
    data : pandas.DataFrame
        The accepted rows, canonical columns (also ``accepted``).
    rejected : pandas.DataFrame
        One row per rejected row: ``file``, ``row``, ``column``, ``value``, ``reason``.
    corrections : pandas.DataFrame
        Accepted rows whose value was read non-literally (a name interpreted, an
        occupation list split, a code set aside for the name): :data:`CORRECTION_COLUMNS`;
        ``interpretation`` is a Spanish sentence ("se interpretó 'Quetzaltenago' como
        Quetzaltenango (Quetzaltenango)").
    unused_columns : list of str
        Headers of the file that no column of the data contract uses.
    blank_rows : int
        Blank rows inside the table, skipped (not rejected).
    interpretations : tuple of Interpretation
        Per column, every way of writing a value that was not taken literally, with how
        many rows, and the questions left (an undecided «M»).
    file : str
        File name.
    row_numbers : numpy.ndarray
        Row number in the file of each accepted row.
    """

    data: pd.DataFrame
    rejected: pd.DataFrame
    corrections: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=CORRECTION_COLUMNS))
    unused_columns: list[str] = field(default_factory=list)
    blank_rows: int = 0
    file: str = ""
    #: File row number of each accepted row (blank and rejected rows leave gaps), for
    #: notes that point back to the file.
    row_numbers: np.ndarray | None = None
    #: How values were read, per column and distinct value ("34 años" -> 34, "M" -> mujer
    #: in an H/M column, "oct-2025" month only) and the questions left to a person.
    interpretations: tuple[Interpretation, ...] = ()
    #: Sheet of each accepted row (``""`` for text files).
    sheets: np.ndarray | None = None
    #: Sheets and rows set apart as not data (summaries, totals, notes), in Spanish.
    skipped: list[str] = field(default_factory=list)
    #: How each column of the file was understood (:data:`ROLE_COLUMNS`).
    roles: pd.DataFrame | None = None

    def __iter__(self) -> Iterator[pd.DataFrame]:
        yield self.data
        yield self.rejected

    def __getitem__(self, i: int) -> pd.DataFrame:  # result[0], result[1] as before
        return (self.data, self.rejected)[i]

    def __len__(self) -> int:
        return 2

    @property
    def accepted(self) -> pd.DataFrame:
        return self.data

    @property
    def rows_read(self) -> int:
        """Rows of the table: accepted + rejected + blank."""
        return len(self.data) + len(self.rejected) + self.blank_rows


class Corrections:
    """Collects non-exact interpretations of accepted values, vectorised like Collector."""

    def __init__(self, col: Collector):
        self.col = col
        self.frames: list[pd.DataFrame] = []

    def add(self, mask: pd.Series, column: str, values: pd.Series,
            interpretation: pd.Series | str | Callable[[np.ndarray], pd.Series]) -> None:
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        positions = np.flatnonzero(mask)
        if callable(interpretation):  # built only for the rows concerned
            text = np.asarray(interpretation(mask), dtype=object)
        elif isinstance(interpretation, pd.Series):
            text = interpretation[mask].to_numpy()
        else:
            text = interpretation
        self.frames.append(pd.DataFrame({
            "position": positions, "file": self.col.file,
            "sheet": self.col.sheet_of(positions), "row": self.col.rows()[positions],
            "column": self.col.header(column), "value": values[mask].astype(str).to_numpy(),
            "interpretation": text}))

    def table(self, keep: np.ndarray) -> pd.DataFrame:
        if not self.frames:
            return pd.DataFrame(columns=CORRECTION_COLUMNS)
        table = pd.concat(self.frames, ignore_index=True)
        table = table[keep[table["position"].to_numpy()]]  # only rows that were accepted
        table = table.sort_values(["position"], kind="stable")
        return table[CORRECTION_COLUMNS].reset_index(drop=True)


def skip_blank(raw: RawTable) -> tuple[RawTable, np.ndarray, int]:
    """Drop rows with nothing in them; returns the table, each row's number, blank count."""
    frame = raw.frame
    numbers = raw.numbers()
    if not len(frame.columns):
        return raw, numbers, 0
    blank = ~(frame != "").any(axis=1).to_numpy()
    if raw.geometry_points is not None:
        blank &= raw.geometry_points["lat"].isna().to_numpy()
    if not blank.any():
        return raw, numbers, 0
    kept = raw.subset(~blank)
    return kept, kept.numbers(), int(blank.sum())


def finish(data: pd.DataFrame, col: Collector, raw: RawTable, errors: Errors,
            what: str, fixes: Corrections | None = None, unused: list[str] | None = None,
            blank_rows: int = 0) -> pd.DataFrame | ReadResult:
    file_said = [*raw.interpretations, *formula_problems(raw, col)]
    problems = col.problems()
    bad_positions = problems["position"].unique().astype(np.int64)
    keep = np.ones(len(data), dtype=bool)
    keep[bad_positions] = False
    if errors == "raise" and len(problems):
        listed = [Problem(where(r.file, r.sheet), int(r.row), r.column or None,
                             r.value, r.reason)
                  for r in problems.itertuples(index=False)]
        raise DataError(
            f"{raw.file}: {len(bad_positions)} de {len(data)} filas de {what} tienen "
            "problemas; corríjalas, o sepárelas con oportumap validate (escribe "
            "filas_rechazadas.csv)", listed)
    rejected = _rejected_rows(problems) if len(problems) else pd.DataFrame(
        columns=REJECTED_COLUMNS)
    accepted = data[keep].reset_index(drop=True)
    if len(accepted) + len(rejected) != len(data):  # the promise every reader keeps
        raise AssertionError("accepted + rejected rows do not add up to the input rows")
    if errors == "raise":
        return accepted
    corrections = fixes.table(keep) if fixes is not None else pd.DataFrame(
        columns=CORRECTION_COLUMNS)
    sheets = raw.sheet_of_rows() if len(raw.sheet_of_rows()) == len(keep) else np.full(
        len(keep), "", dtype=object)
    return ReadResult(accepted, rejected, corrections, list(unused or []), blank_rows,
                      raw.file, col.rows()[keep], (*file_said, *col.interpretations),
                      sheets[keep],
                      list(raw.skipped))


def formula_problems(raw: RawTable, col: Collector) -> list[Interpretation]:
    """Formula cells saved without a result: a row whose cell in a used column could not be
    computed is rejected for that column (never read as blank); the rest is said.

    Formulas typed in a CSV (which keeps no results) are judged per column as a person
    would: in a column of numbers or dates a computed number or date is used and said;
    anywhere else the row is rejected saying a CSV keeps no formula results.
    """
    if not raw.formulas:
        return []
    from oportumap.files.formula_cells import (
        blank_row_note,
        formula_notes,
        formula_reason,
    )

    used = {h for written in col.headers.values()
            for h in (written if isinstance(written, tuple) else (written,))}
    canonical = {h: key for key, written in col.headers.items()
                 for h in (written if isinstance(written, tuple) else (written,))}
    refused, said = formula_notes([c for c in raw.formulas if not c.in_text], raw.file, used)
    refused = [(c, formula_reason(c)) for c in refused]
    more, said_text = _text_formulas([c for c in raw.formulas if c.in_text], canonical)
    refused += more
    said += said_text
    if refused:
        rows = pd.DataFrame({"row": col.rows(), "sheet": col.sheet_of(
            np.arange(col.n_rows)) if col.sheets is not None else ""})
        rows["position"] = np.arange(len(rows))
        cells = pd.DataFrame({"row": [c.row + 1 for c, _ in refused],
                              "sheet": [c.sheet if col.sheets is not None else ""
                                        for c, _ in refused],
                              "header": [c.header for c, _ in refused],
                              "value": [c.formula for c, _ in refused],
                              "reason": [reason for _, reason in refused]})
        hits = cells.merge(rows, on=["row", "sheet"])
        # A row with nothing else in it was skipped as blank: its formula is still said.
        found = set(zip(hits["row"], hits["sheet"], hits["header"], strict=True))
        said.extend(blank_row_note(c) for (c, _), (r, s, h) in zip(
            refused, zip(cells["row"], cells["sheet"], cells["header"], strict=True),
            strict=True) if (r, s, h) not in found)
        for header, group in hits.groupby("header", sort=False):
            group = group.sort_values("position")
            mask = np.zeros(col.n_rows, dtype=bool)
            mask[group["position"].to_numpy()] = True
            # The formula is what is wrong there: a blank or computed text the value
            # reader also refused says nothing more.
            written = col.header(canonical[header])
            col.frames = [f[~((f["column"] == written).to_numpy()
                              & mask[f["position"].to_numpy()])] for f in col.frames]
            col.add(mask, canonical[header],
                    lambda _m, g=group: pd.Series(g["value"].to_numpy()),
                    lambda _m, g=group: pd.Series(g["reason"].to_numpy()))
    return said


def _rejected_rows(problems: pd.DataFrame) -> pd.DataFrame:
    """One row per rejected row: its file, sheet and row number, and its columns and
    values (distinct, blanks left out) and reasons (distinct) joined with «; » in the
    order the rules ran.

    ``problems`` comes sorted by position (stably). Only rows with several problems are
    joined one by one: a million rejected rows with one problem each cost a few array
    operations, not three Python calls per row in a group-by.
    """
    position = problems["position"].to_numpy()
    starts = np.flatnonzero(np.r_[True, position[1:] != position[:-1]])
    ends = np.r_[starts[1:], len(position)]
    several = np.flatnonzero(ends - starts > 1).tolist()
    starts_at, ends_at = starts.tolist(), ends.tolist()  # Python ints: cheap list slices
    table = {name: problems[name].iloc[starts].reset_index(drop=True)
             for name in ("file", "sheet", "row")}
    for name in ("column", "value", "reason"):
        values = problems[name].tolist()
        if name == "reason":
            joined = [values[i] for i in starts_at]
            for g in several:
                joined[g] = "; ".join(dict.fromkeys(values[starts_at[g]:ends_at[g]]))
        else:  # a blank column or value is left out (a row-level problem has none)
            joined = [values[i] or "" for i in starts_at]
            for g in several:
                joined[g] = "; ".join(dict.fromkeys(
                    [x for x in values[starts_at[g]:ends_at[g]] if x]))
        table[name] = pd.Series(np.array(joined, dtype=object))
    return pd.DataFrame(table)[REJECTED_COLUMNS]


def _text_formulas(cells: list, canonical: dict[str, str]
                   ) -> tuple[list[tuple[object, str]], list[Interpretation]]:
    """Formulas typed in a CSV: (cells refused with their reason, cells used and said).

    Only columns a reader uses are judged (the others are not read); the kind of value
    the column's role holds decides (:func:`oportumap.files.text_formulas.judge_text_formula`).
    """
    from oportumap.files.text_formulas import judge_text_formula
    from oportumap.loaders.roles import VALUE_KIND

    refused, said = [], []
    for c in cells:  # one per formula cell typed by hand: few
        if c.header not in canonical:
            continue
        reason, note = judge_text_formula(c, VALUE_KIND.get(canonical[c.header]))
        if reason is not None:
            refused.append((c, reason))
        else:
            said.append(note)
    return refused, said


def where(file: str, sheet: str | None) -> str:
    """A row's place for messages: «retornados.xlsx, hoja Noviembre,» (then «fila 7»)."""
    return f"{file}, hoja {sheet}," if sheet else file


def check_errors_arg(errors: str) -> None:
    if errors not in ("raise", "report"):
        raise DataError("errors debe ser 'raise' o 'report'")
