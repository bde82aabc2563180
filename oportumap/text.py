"""Text normalisation shared by header matching, place names and occupations."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import numpy as np
import pandas as pd

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def normalize_text(value: object) -> str:
    """Lower-case, strip accents and collapse punctuation/spaces to single spaces.

    Parameters
    ----------
    value : object
        Any value; ``None``/NaN become ``""``.

    Returns
    -------
    str
        The comparable form of the text.

    Examples
    --------
    >>> normalize_text("  San José  Pinula. ")
    'san jose pinula'
    >>> normalize_text("SANTA MARÍA NEBAJ")
    'santa maria nebaj'
    """
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    text = unicodedata.normalize("NFKD", str(value).lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", text).strip()


def map_unique(values: pd.Series, func: Callable[[pd.Series], pd.Series | np.ndarray]
               ) -> pd.Series:
    """Apply a vectorised ``func`` to the distinct values only, then broadcast back.

    Registry columns (municipality, date, occupation) hold a few hundred distinct values
    in a million rows; computing each once is what keeps readers fast.

    Examples
    --------
    >>> map_unique(pd.Series(["a", "b", "a"]), lambda u: u.str.upper()).tolist()
    ['A', 'B', 'A']
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    mapped = func(pd.Series(uniques, dtype=values.dtype if len(uniques) else "object"))
    mapped = pd.Series(mapped).reset_index(drop=True)
    return pd.Series(mapped.take(codes).to_numpy(), index=values.index)


def normalize_series(values: pd.Series) -> pd.Series:
    """Vectorised :func:`normalize_text` that normalises each distinct value once.

    Examples
    --------
    >>> normalize_series(pd.Series(["Cobán", "COBAN", None])).tolist()
    ['coban', 'coban', '']
    """
    return map_unique(values, lambda u: pd.Series([normalize_text(v) for v in u],
                                                  dtype="object"))


def distinct(values: pd.Series) -> tuple[np.ndarray, list, np.ndarray]:
    """``(codes, uniques, counts)`` of a column's distinct non-missing values.

    ``codes`` is -1 where missing. Factorises the column as it comes (string, object,
    datetime or numeric dtype) without copying it to objects first: on a million rows that
    is what keeps the shared readers (dates, values, vocabularies) cheap.

    Examples
    --------
    >>> codes, uniques, counts = distinct(pd.Series(["a", None, "b", "a"]))
    >>> codes.tolist(), uniques, counts.tolist()
    ([0, -1, 1, 0], ['a', 'b'], [2, 1])
    """
    series = values if isinstance(values, pd.Series) else pd.Series(values, dtype="object")
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    return codes, list(uniques), counts
