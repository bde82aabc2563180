"""The raw table every reader returns: cells as strings, with row numbers and sheets.

Split out of :mod:`oportumap.files.read`; the names stay importable from there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from oportumap.errors import Interpretation

#: File extensions the readers understand.
TABLE_EXTENSIONS = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".geojson", ".json", ".gpkg")


@dataclass
class RawTable:
    """A file read as text, before validation.

    Attributes
    ----------
    frame : pandas.DataFrame
        All cells as strings (``""`` for blanks), headers as written in the file.
    file : str
        File name for messages.
    first_row : int
        Row number, as the user sees it in the file, of ``frame``'s first data row.
    geometry_points : pandas.DataFrame or None
        ``lat``/``lon`` of point geometries for GeoJSON/GeoPackage input.
    """

    frame: pd.DataFrame
    file: str
    first_row: int
    geometry_points: pd.DataFrame | None = None
    #: Row number in the file of each row of ``frame`` (by default consecutive from
    #: ``first_row``): totals, notes and repeated headers taken out leave gaps.
    row_numbers: np.ndarray | None = None
    #: Sheet of each row (stacked sheets of one workbook); None for text files.
    sheets: np.ndarray | None = None
    #: Headers of hidden columns.
    hidden: list[str] = field(default_factory=list)
    #: Sheets and rows set apart as not data, said in Spanish.
    skipped: list[str] = field(default_factory=list)
    #: Formula cells saved without a result (:class:`~oportumap.files.formula_cells.
    #: FormulaCell`): computed ones are said, the others reject their row for that column.
    formulas: list = field(default_factory=list)
    #: How the file's text was read when not literally (lines of mixed encodings, damaged
    #: text repaired), for the read summary.
    interpretations: list[Interpretation] = field(default_factory=list)

    def numbers(self) -> np.ndarray:
        """Row number in the file of each row."""
        if self.row_numbers is not None:
            return np.asarray(self.row_numbers)
        return np.arange(len(self.frame)) + self.first_row

    def sheet_of_rows(self) -> np.ndarray:
        """Sheet of each row (``""`` when the file has no sheets)."""
        if self.sheets is not None:
            return np.asarray(self.sheets, dtype=object)
        return np.full(len(self.frame), "", dtype=object)

    def subset(self, keep: np.ndarray) -> RawTable:
        """The rows where ``keep`` is True, with their numbers and sheets."""
        keep = np.asarray(keep, dtype=bool)
        points = self.geometry_points
        if points is not None:
            points = points[keep].reset_index(drop=True)
        return RawTable(self.frame[keep].reset_index(drop=True), self.file, self.first_row,
                        points, self.numbers()[keep],
                        None if self.sheets is None else self.sheet_of_rows()[keep],
                        self.hidden, self.skipped, self.formulas, self.interpretations)
