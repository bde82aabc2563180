"""Turn the user's files into validated canonical tables and one :class:`Dataset`.

Every rule checks whole columns at once (a million rows validate in seconds) and collects
*every* problem before deciding: with ``errors="raise"`` one :class:`DataError` lists up
to 20 of them (file, row as seen in the file, column, value, what to do); with
``errors="report"`` the valid rows come back with a table of rejected rows and the reason
for each. Accepted + rejected rows always equal the input rows.
"""

from oportumap.loaders.counts import COUNT_COLUMNS, read_returnee_counts, shown_counts
from oportumap.loaders.folder import (
    READ_SUMMARY_COLUMNS,
    UNRECOGNISED_FILE,
    fill_points_from_seats,
    load_dataset,
    read_summary_row,
)
from oportumap.loaders.readers import read_opportunities, read_returnees
from oportumap.loaders.result import CORRECTION_COLUMNS, Errors, ReadResult

__all__ = ["CORRECTION_COLUMNS", "COUNT_COLUMNS", "READ_SUMMARY_COLUMNS", "UNRECOGNISED_FILE",
           "Errors", "ReadResult", "fill_points_from_seats", "load_dataset",
           "read_opportunities", "read_returnee_counts", "read_returnees", "read_summary_row",
           "shown_counts"]
