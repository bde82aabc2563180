"""Text normalisation shared by header matching, place names and occupations."""

from __future__ import annotations

import re
import unicodedata

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


def normalize_series(values: pd.Series) -> pd.Series:
    """Vectorised :func:`normalize_text` that normalises each distinct value once.

    Examples
    --------
    >>> normalize_series(pd.Series(["Cobán", "COBAN", None])).tolist()
    ['coban', 'coban', '']
    """
    uniques = pd.unique(values.astype("object"))
    mapping = {u: normalize_text(u) for u in uniques}
    return values.astype("object").map(mapping).astype("object")
