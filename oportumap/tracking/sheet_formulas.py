"""Formulas in coordinators' returned files: computed, said, or their row rejected.

A workbook saved by a script keeps its formulas without their results (a «Fecha estado»
``=C2+7``, an «Estado» ``=IF(...)``): they are computed by the files layer
(:mod:`oportumap.files.formula_cells`) and said. A formula that cannot be computed, or one
typed in a CSV (which keeps no results) where a date cannot stand, is carried in the grid as
:class:`Uncomputed` with the reason, and :func:`take_uncomputed` moves it to the row's
``formula`` column so the importer rejects that row naming sheet and cell — never blank.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from oportumap.errors import Interpretation
from oportumap.files.formula_cells import (
    FormulaCell,
    compute_cells,
    formula_notes,
    formula_reason,
)


class Uncomputed:
    """A formula cell saved without its result that could not be computed (or typed in a
    CSV where a formula's result cannot stand), with the reason its row is rejected.

    It stands in the grid where the value would be: it reads as ``""`` to the header
    search, and :func:`read_status_rows` takes it out into the row's ``formula`` column.
    """

    __slots__ = ("cell", "reason")

    def __init__(self, cell: FormulaCell, reason: str | None = None) -> None:
        self.cell = cell
        self.reason = reason or formula_reason(cell)

    def __str__(self) -> str:
        return ""


def take_uncomputed(frame: pd.DataFrame, failed: list[FormulaCell],
                     fields: Sequence[str]) -> bool:
    """Move :class:`Uncomputed` cells out of the fields into ``formula``/``formula_field``.

    Only the rows that hold one are looked at (few: a sheet's formulas that failed). The
    first field in ``fields`` order (as :data:`oportumap.tracking.sheets.HEADER_ALIASES`)
    names the row's problem.
    """
    places = {(c.sheet, c.row + 1) for c in failed}
    if not places:
        return False
    frame["formula"] = None
    frame["formula_field"] = None
    keys = pd.MultiIndex.from_frame(frame[["sheet", "row"]].astype({"row": "int64"}))
    for i in np.flatnonzero(keys.isin(list(places))):
        for name in fields:
            value = frame.at[i, name]
            if isinstance(value, Uncomputed):
                if frame.at[i, "formula"] is None:
                    frame.at[i, "formula"] = value
                    frame.at[i, "formula_field"] = name
                frame.at[i, name] = None
    return True


def csv_formulas(cells: list[FormulaCell], grid: pd.DataFrame, numbers: np.ndarray,
                  columns: dict[str, int]) -> tuple[list[Interpretation], list[FormulaCell]]:
    """Formulas typed in a CSV (a CSV keeps no results): a date computed in «Fecha estado»
    is used and said; anywhere else the cell becomes :class:`Uncomputed` with the reason
    (an ID, a state or a note is written, not computed)."""
    from oportumap.files.text_formulas import judge_text_formula

    fields = {j: name for name, j in columns.items()}
    said, failed = [], []
    at = pd.Index(numbers)
    for c in cells:  # one per formula typed by hand: few
        name = fields.get(c.col)
        if name is None:
            continue  # a column nobody reads
        reason, note = judge_text_formula(c, "date" if name == "status_date" else None)
        if note is not None:
            said.append(note)
            continue
        i = at.get_indexer([c.row + 1])[0]
        if i >= 0:
            if not pd.api.types.is_object_dtype(grid.dtypes.iloc[c.col]):  # only strings
                grid[grid.columns[c.col]] = grid.iloc[:, c.col].astype(object)
            grid.iat[i, c.col] = Uncomputed(c, reason)
            failed.append(c)
    return said, failed


def workbook_formula_cells(cells: list[FormulaCell], rows: list[list], header_row: int,
                   columns: dict[str, int], file: str
                   ) -> tuple[list[Interpretation], list[FormulaCell]]:
    """Compute a sheet's formulas saved without results and put them where they stand.

    ``rows`` (0-based, as the sheet's rows) is changed in place: a computed result replaces
    the blank (or the placeholder of a workbook to recalculate); a formula that could not
    be computed becomes :class:`Uncomputed`. Only cells under the header in a column read
    are said or refused (a total beside the table is not read at all).
    """
    compute_cells(cells, rows)  # every formula of the sheet: one may use another
    heads = {j: str(rows[header_row][j]).strip() for j in columns.values()
             if j < len(rows[header_row])}
    read = [c for c in cells if c.row > header_row and c.col in heads]
    failed = []
    for c in read:
        c.header = heads[c.col]
        line = rows[c.row]
        if len(line) <= c.col:
            line.extend([None] * (c.col + 1 - len(line)))
        if c.computed and (c.cached is None or c.stale):
            line[c.col] = c.result
        elif not c.computed and c.cached is None:
            line[c.col] = Uncomputed(c)
            failed.append(c)
    _refused, said = formula_notes(read, file, set(heads.values()))
    return said, failed
