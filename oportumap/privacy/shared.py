"""The one rule for shared tables: which columns count people, and how they are shown."""

from __future__ import annotations

import pandas as pd

from oportumap.privacy.core import SUPPRESSION_THRESHOLD, suppress_counts

#: Exact counts of people in shared tables (profiles, plans): values 1..k-1 show as "<k".
PEOPLE_COUNT_COLUMNS = ("returnees", "demand", "served_before", "served_after",
                        "covered", "added", "unserved", "marginal_gain", "assigned", "people",
                        "unmet", "issued")
#: Columns computed from counts of people (x or / by a count): ``gap_score`` and
#: ``*_unserved`` (people without a reachable place), ``*_returnees_per_place``
#: (value x places gives the count back) and the 2SFCA measures (places / demand in the
#: catchment: with an isolated municipality, places / value gives its count back).
_DERIVED_NAMES = ("gap_score",)
_DERIVED_SUFFIXES = ("_unserved", "_returnees_per_place", "_returnees", "_2sfca", "_e2sfca",
                     "_per_returnee", "_per_10k")
#: Of those, the ones that are themselves (estimated) numbers of people.
_PEOPLE_SUFFIXES = ("_unserved", "_returnees")


def people_count_columns(columns) -> list[str]:
    """The ``columns`` that count people (shown as ``"<5"`` from 1 to 4).

    Examples
    --------
    >>> people_count_columns(["muni_name", "returnees", "gap_score", "vacancy_unserved",
    ...                       "vacancy_returnees_per_place"])
    ['returnees', 'gap_score', 'vacancy_unserved']
    """
    return [c for c in columns if c in PEOPLE_COUNT_COLUMNS or c in _DERIVED_NAMES
            or str(c).endswith(_PEOPLE_SUFFIXES)]


def people_derived_columns(columns) -> list[str]:
    """The ``columns`` that are counts of people or computed from them.

    The one list every shared output (maps, profiles, plans, the explorer) asks: these
    columns are suppressed or blanked where a count of people is below the threshold.

    Examples
    --------
    >>> people_derived_columns(["muni_name", "returnees", "vacancy_capacity",
    ...                         "vacancy_returnees_per_place", "vacancy_2sfca", "gap_score"])
    ['returnees', 'vacancy_returnees_per_place', 'vacancy_2sfca', 'gap_score']
    """
    return [c for c in columns if c in PEOPLE_COUNT_COLUMNS or c in _DERIVED_NAMES
            or str(c).endswith(_DERIVED_SUFFIXES)]


def suppress_shared(frame: pd.DataFrame, *, threshold: int = SUPPRESSION_THRESHOLD,
                    count: str | None = None, as_text: bool = True) -> pd.DataFrame:
    """The one rule for every shared table: protect rows whose count of people is 1..k-1.

    On those rows every other people-derived column (:func:`people_derived_columns`) is
    blanked (NaN), since a ratio or a gap would give the count back; the exact count
    columns (:data:`PEOPLE_COUNT_COLUMNS`) become ``"<5"`` text. With ``as_text=False``
    counts stay numeric (for maps, which classify and format them; the blanking is the
    same).

    Parameters
    ----------
    frame : pandas.DataFrame
        A table of places (profile, plan municipalities, ...).
    threshold : int
        Smallest count shown as a number.
    count : str, optional
        The count deciding which rows are protected; default the first exact count
        column found (``returnees``, then ``demand``, ...).
    as_text : bool
        Turn the exact count columns into text with ``"<5"`` (files); False for maps.

    Examples
    --------
    >>> p = pd.DataFrame({"returnees": [2, 40], "vacancy_capacity": [10, 10],
    ...                   "vacancy_returnees_per_place": [0.2, 4.0]})
    >>> suppress_shared(p).values.tolist()
    [['<5', 10, nan], ['40', 10, 4.0]]
    """
    out = frame.copy()
    counts = [c for c in PEOPLE_COUNT_COLUMNS if c in out]
    base = count or (counts[0] if counts else None)
    if base is None:
        return out
    numbers = pd.to_numeric(out[base], errors="coerce")
    small = ((numbers > 0) & (numbers < threshold)).to_numpy()
    for column in people_derived_columns(out.columns):
        if column in PEOPLE_COUNT_COLUMNS or column == base:
            continue
        out[column] = pd.to_numeric(out[column], errors="coerce").astype(float).where(~small)
    if as_text:
        for column in counts:
            out[column] = suppress_counts(out[column], threshold=threshold).to_numpy()
    return out


def shareable_profile(profile: pd.DataFrame, *,
                      threshold: int = SUPPRESSION_THRESHOLD) -> pd.DataFrame:
    """A municipality/department profile safe to share (:func:`suppress_shared`).

    Where a unit has between 1 and ``threshold - 1`` returnees, ``returnees`` becomes
    ``"<5"`` and every column derived from that count (:func:`people_derived_columns`:
    ``gap_score``, ``*_unserved``, ``*_returnees_per_place``, 2SFCA) is blanked. Capacities,
    distances and ranks stay.

    Examples
    --------
    >>> p = pd.DataFrame({"returnees": [2, 40], "gap_score": [1.5, 30.0]})
    >>> shareable_profile(p).values.tolist()
    [['<5', nan], ['40', 30.0]]
    """
    return suppress_shared(profile, threshold=threshold, count="returnees")
