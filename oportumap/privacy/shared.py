"""The one rule for shared tables: which columns count people, and how they are protected.

Small-cell protection as statistical offices do it:

primary
    a count of people from 1 to ``threshold - 1`` is not shown («<5»);
secondary (complementary)
    wherever a sum of cells is published elsewhere (a department's returnees in
    ``profile --by departamento`` = the sum of its municipalities; an outcome table's Total
    row = the sum of its groups), a sum with exactly one protected cell would give that
    cell back by subtraction, so the smallest other non-zero cell of the same sum is
    protected too (shown as «(protegido)»), until every such sum has none or at least two;
derived values
    every rate, ratio or gap computed from a protected count is blanked, so a rate times
    its base never gives the count back.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from oportumap.i18n import text
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
                    count: str | None = None, as_text: bool = True,
                    groups: str | list[str] | None = None, lang: str = "es",
                    totals: bool = True, candidates=None) -> pd.DataFrame:
    """The one rule for every shared table: protect rows whose count of people is small.

    Rows whose count of people (``count``) is 1..k-1 are protected (primary); then, for
    every sum someone can see — all the rows (a national total), and the rows of each
    value of ``groups`` (a department's total in the department table) — a sum with
    exactly one protected row gets its smallest other non-zero row protected too
    (secondary). On protected rows every other people-derived column
    (:func:`people_derived_columns`) is blanked (NaN), since a ratio or a gap would give
    the count back; the exact count columns (:data:`PEOPLE_COUNT_COLUMNS`) become
    ``"<5"`` (primary) or «(protegido)» (secondary) text. With ``as_text=False`` counts
    of primary rows stay numeric (for maps, which classify and show them as «<5») and
    complements become NaN.

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
        Turn the exact count columns into text (files); False for maps.
    groups : str or list of str, optional
        Column(s) whose groups have published sums (default ``dept_code`` when the table
        has ``muni_code`` and ``dept_code``).
    lang : {"es", "en"}
        Language of «(protegido)».
    totals : bool
        Whether the sum of all rows is published (True: protect against it too).
    candidates : array-like of bool, optional
        Rows preferred as complements (see :func:`complementary`).

    Examples
    --------
    >>> p = pd.DataFrame({"returnees": [2, 40, 9], "vacancy_capacity": [10, 10, 10],
    ...                   "vacancy_returnees_per_place": [0.2, 4.0, 0.9]})
    >>> suppress_shared(p).values.tolist()
    [['<5', 10, nan], ['40', 10, 4.0], ['(protegido)', 10, nan]]
    """
    out = frame.copy()
    counts = [c for c in PEOPLE_COUNT_COLUMNS if c in out]
    base = count or (counts[0] if counts else None)
    if base is None:
        return out
    numbers = pd.to_numeric(out[base], errors="coerce")
    small = ((numbers > 0) & (numbers < threshold)).to_numpy()
    if groups is None and "muni_code" in out and "dept_code" in out:
        groups = "dept_code"
    relations = [np.ones(len(out), dtype=bool)] if totals else []
    for column in ([groups] if isinstance(groups, str) else (groups or [])):
        keys = out[column].astype(object).to_numpy()
        relations.extend(keys == key for key in pd.unique(keys))
    protected = complementary(numbers.to_numpy(dtype=float, na_value=np.nan), small,
                              relations, candidates=candidates)
    for column in people_derived_columns(out.columns):
        if column in PEOPLE_COUNT_COLUMNS or column == base:
            continue
        out[column] = pd.to_numeric(out[column], errors="coerce").astype(float).where(
            ~protected)
    if as_text:
        for column in counts:
            values = pd.to_numeric(out[column], errors="coerce")
            own = ((values > 0) & (values < threshold)).to_numpy()
            out[column] = mark_protected(out[column], own | (small & (column == base)),
                                         own | protected, threshold=threshold,
                                         lang=lang).to_numpy()
    else:
        for column in counts:
            values = pd.to_numeric(out[column], errors="coerce").astype(float)
            out[column] = values.where(~(protected & ~small))
    return out


def shareable_profile(profile: pd.DataFrame, *,
                      threshold: int = SUPPRESSION_THRESHOLD,
                      municipalities: pd.DataFrame | None = None,
                      lang: str = "es") -> pd.DataFrame:
    """A municipality/department profile safe to share (:func:`suppress_shared`).

    Where a unit has between 1 and ``threshold - 1`` returnees, ``returnees`` becomes
    ``"<5"`` and every column derived from that count (:func:`people_derived_columns`:
    ``gap_score``, ``*_unserved``, ``*_returnees_per_place``, 2SFCA) is blanked; a
    municipality profile also protects a second municipality of any department with
    exactly one protected (the department profile publishes its sum), and a department
    profile a second department when one is protected (the national total is published).
    Capacities, distances and ranks stay.

    Parameters
    ----------
    municipalities : pandas.DataFrame, optional
        For a department profile: the municipality profile it was summed from, so the
        complement chosen is a department whose sum the municipality profile does not
        give back either.

    Examples
    --------
    >>> p = pd.DataFrame({"returnees": [2, 40], "gap_score": [1.5, 30.0]})
    >>> shareable_profile(p).values.tolist()
    [['<5', nan], ['(protegido)', nan]]
    """
    if municipalities is not None and "muni_code" not in profile and "dept_code" in profile:
        shown = suppress_shared(municipalities, threshold=threshold, count="returnees",
                                as_text=False)
        hidden = shown["returnees"].isna() | pd.to_numeric(
            municipalities["returnees"], errors="coerce").between(1, threshold - 1)
        open_depts = set(municipalities.loc[hidden.to_numpy(), "dept_code"])
        return suppress_shared(profile, threshold=threshold, count="returnees", lang=lang,
                               candidates=profile["dept_code"].isin(open_depts).to_numpy())
    return suppress_shared(profile, threshold=threshold, count="returnees", lang=lang)


def complementary(values, primary, relations, *, candidates=None) -> np.ndarray:
    """Secondary suppression: protect more cells until no published sum has exactly one.

    Parameters
    ----------
    values : array-like of float
        The counts (one column).
    primary : array-like of bool
        Cells already protected.
    relations : list of array-like of bool
        Each a set of cells whose sum someone can see (a department, a Total row).
    candidates : array-like of bool, optional
        Cells that may be chosen as complements (default: every non-zero cell); the
        smallest is chosen first, so as little as possible is hidden.

    Returns
    -------
    numpy.ndarray of bool
        Protected cells (primary and secondary).

    Examples
    --------
    >>> complementary([3, 40, 12, 7], [True, False, False, False],
    ...               [np.array([True, True, True, False])]).tolist()
    [True, False, True, False]
    """
    numbers = np.nan_to_num(np.asarray(values, dtype=float))
    protected = np.asarray(primary, dtype=bool).copy()
    allowed = numbers > 0 if candidates is None else (np.asarray(candidates, bool)
                                                     & (numbers > 0))
    # The finest sums first (a department before the nation): a complement chosen inside
    # a department also covers the national sum, and hides less.
    relations = sorted((np.asarray(r, dtype=bool) for r in relations), key=np.sum)
    changed = True
    while changed:  # a complement may leave another sum with exactly one: repeat
        changed = False
        for members in relations:
            members = np.asarray(members, dtype=bool)
            if (protected & members).sum() != 1:
                continue
            pool = np.flatnonzero(members & ~protected & allowed)
            if not len(pool):
                pool = np.flatnonzero(members & ~protected & (numbers > 0))
            if len(pool):
                protected[pool[np.argmin(numbers[pool])]] = True
                changed = True
    return protected


def mark_protected(values: pd.Series, primary, protected, *,
                   threshold: int = SUPPRESSION_THRESHOLD, lang: str = "es") -> pd.Series:
    """Counts for a shared file: «<5» for primary cells, «(protegido)» for complements.

    Examples
    --------
    >>> mark_protected(pd.Series([3, 12, 40]), [True, False, False],
    ...                [True, True, False]).tolist()
    ['<5', '(protegido)', '40']
    """
    shown = suppress_counts(values, threshold=threshold).astype(object)
    primary = np.asarray(primary, dtype=bool)
    secondary = np.asarray(protected, dtype=bool) & ~primary
    shown[secondary] = text("privacy.protected", lang)
    return shown
