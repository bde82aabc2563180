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


def spread(uniques: list | np.ndarray, codes: np.ndarray, index: pd.Index | None = None
           ) -> pd.Series:
    """``uniques[codes]`` as the Series pandas would build from those values, built fast.

    The dtype is the one pandas infers for the values (Arrow text ``str`` in pandas 3,
    ``object`` for all-missing or mixed values). For Arrow text the rows are taken in
    Arrow: a million rows cost a few milliseconds instead of a million Python strings
    converted one by one (the cost of ``pd.Series(object_array)``).

    Parameters
    ----------
    uniques : list or numpy.ndarray
        The few distinct values (strings, None).
    codes : numpy.ndarray
        Non-negative position in ``uniques`` of each row.
    index : pandas.Index, optional
        Index of the result.

    Examples
    --------
    >>> spread(["sí", None], np.array([0, 1, 0])).tolist()
    ['sí', nan, 'sí']
    """
    values = np.asarray(uniques, dtype=object)
    codes = np.asarray(codes)
    # The dtype pandas infers from the values the rows actually use.
    used = np.bincount(codes, minlength=len(values)).astype(bool) if len(codes) else []
    dtype = pd.Series(values[used]).dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        import pyarrow as pa

        taken = pa.array(values, type=pa.large_string(), from_pandas=True).take(
            pa.array(codes))
        return pd.Series(pd.array(taken, dtype=dtype), index=index, copy=False)
    return pd.Series(values[codes], index=index)


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


def date_text(value: object) -> str:
    """A date as people in the region write it, dd/mm/aaaa (``"—"`` when missing).

    Examples
    --------
    >>> date_text("2025-11-30"), date_text(None)
    ('30/11/2025', '—')
    """
    import pandas as pd

    if value is None or value == "" or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    parsed = pd.to_datetime(value, errors="coerce")
    return str(value) if pd.isna(parsed) else parsed.strftime("%d/%m/%Y")
