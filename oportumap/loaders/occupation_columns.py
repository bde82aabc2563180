"""The occupations written in a returnee file, and whether they worked abroad.

Home and abroad columns are joined into one ``;``-separated list; the phrase rules are
:mod:`oportumap.occupation_phrases`' and every reading is reported per row and column.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from oportumap.loaders.choices import with_other
from oportumap.loaders.result import Corrections
from oportumap.validation import Collector, column_text, parse_bool


def _occupations(frame: pd.DataFrame, headers: dict, col: Collector, fixes: Corrections,
                 others: Mapping[str, str]) -> tuple[pd.Series, pd.Series]:
    """The person's occupations (home and abroad columns joined) and experience abroad.

    A column of trades learned abroad («US Work Experience», «Experiencia laboral en
    EEUU») adds its occupations; where the file has no yes/no column for work abroad, a
    trade written there means yes, «None»/«Ninguna»/«No» means no, blank unknown.
    ``others`` names the text column of Kobo's «otro» option (:func:`.choices.with_other`).
    """
    from oportumap.i18n import text as words

    written = column_text(frame, headers, "occupations")
    if "occupations" in others:  # Kobo's «otro» says which in a text question
        other = others["occupations"]
        replaced, rows = with_other(written, frame[other])
        said = words("options.other", "es")
        fixes.add(rows, "occupations", written, lambda m: pd.Series(
            [said.format(question=headers["occupations"], other=other, text=t)
             for t in frame[other][m].astype(str).str.strip()]))
        written = replaced
    home = _split_occupations(written, fixes, "occupations")
    abroad = parse_bool(column_text(frame, headers, "experience_abroad"), col,
                        "experience_abroad", abroad=True)
    if "occupations_abroad" not in headers:
        return home, abroad
    written = column_text(frame, headers, "occupations_abroad")
    there = _split_occupations(written, fixes, "occupations_abroad")
    none = _none_cells(written)  # «None», «No», «Ninguna»: no occupation at all
    there = there.where(~none, "")
    occupations = (home + "; " + there).where(there != "", home).where(home != "", there)
    if "experience_abroad" not in headers:
        abroad = pd.array(np.where(written == "", pd.NA, ~none), dtype="boolean")
        abroad = pd.Series(abroad, index=frame.index)
    return occupations, abroad


def _none_cells(written: pd.Series) -> pd.Series:
    """Cells that name no occupation («None», «Ninguna», «No»), read once per value."""
    from oportumap.occupation_phrases import NONE_CODE, read_cells

    codes, uniques = pd.factorize(written, sort=False)
    readings = read_cells([str(u) for u in uniques])
    flags = np.array([bool(r) and all(x.code == NONE_CODE for x in r) for r in readings]
                     + [False])
    return pd.Series(flags[codes], index=written.index)


def _split_occupations(text: pd.Series, fixes: Corrections, column: str) -> pd.Series:
    """Occupations as written -> ``;``-separated occupations, every reading reported.

    The rules are :mod:`oportumap.occupation_phrases`' (one trade in two languages is one
    occupation, a list is several, "trabajé en ..." is context...). Each distinct cell is
    read once. Every interpretation -- and every occupation not understood, which is kept
    as written, never replaced -- goes to ``fixes`` with the file's row and column.
    """
    from oportumap.skills import occupation_readings

    readings = occupation_readings(text)
    said = readings["interpretation"] != ""
    fixes.add(said.to_numpy(), column, text, lambda m: readings["interpretation"][m])
    stripped = text.str.strip()
    changed = (readings["occupations"] != stripped) & (stripped != "")
    return text.mask(changed.to_numpy(), readings["occupations"])  # (cheap when none changed)
