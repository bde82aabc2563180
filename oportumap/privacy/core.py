"""Small-cell suppression, keyed pseudonyms, the formula-injection guard, the key."""

from __future__ import annotations

import hmac

import numpy as np
import pandas as pd

from oportumap.errors import DataError

#: Counts strictly below this are suppressed in shareable outputs.
SUPPRESSION_THRESHOLD = 5

#: First characters that make Excel/LibreOffice treat a text cell as a formula.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def suppress_counts(values: pd.Series | np.ndarray | list, *,
                    threshold: int = SUPPRESSION_THRESHOLD) -> pd.Series:
    """Format counts for sharing: values in ``1..threshold-1`` become ``"<threshold"``.

    Zero stays ``"0"`` (an empty municipality is not a person to protect; it is the gap a
    planner needs to see), missing values become ``""``.

    Examples
    --------
    >>> suppress_counts([0, 3, 5, 1200]).tolist()
    ['0', '<5', '5', '1200']
    """
    series = pd.Series(values)
    numbers = pd.to_numeric(series, errors="coerce")
    text = numbers.map(lambda v: "" if pd.isna(v) else f"{int(round(v))}")
    small = (numbers > 0) & (numbers < threshold)
    return text.where(~small, f"<{threshold}").astype(object)


def suppress_frame(frame: pd.DataFrame, columns: list[str], *,
                   threshold: int = SUPPRESSION_THRESHOLD) -> pd.DataFrame:
    """Return a copy of ``frame`` whose count ``columns`` are suppressed as text.

    Examples
    --------
    >>> suppress_frame(pd.DataFrame({"m": ["a"], "returnees": [2]}), ["returnees"])
       m returnees
    0  a        <5
    """
    out = frame.copy()
    for column in columns:
        out[column] = suppress_counts(out[column], threshold=threshold).to_numpy()
    return out


def pseudonymize_ids(ids: pd.Series, key: str | bytes, *, length: int = 16) -> pd.Series:
    """Replace IDs with keyed pseudonyms (HMAC-SHA256, hex, ``length`` characters).

    The same ID and key always give the same pseudonym, so tables still join; without the
    key nobody can recompute or reverse them. Keep the key apart from the export.

    Parameters
    ----------
    ids : pandas.Series
        Returnee IDs.
    key : str or bytes
        Secret key held by the data controller; at least 16 characters.
    length : int
        Hex characters kept (16 = 64 bits, ample for a million people).

    Examples
    --------
    >>> pseudonymize_ids(pd.Series(["R-1", "R-1", "R-2"]), "una clave larga y secreta").nunique()
    2
    """
    raw = key.encode("utf-8") if isinstance(key, str) else bytes(key)
    if len(raw) < 16:
        raise DataError("la clave de seudonimización debe tener al menos 16 caracteres")
    text = ids.astype(str)
    codes, uniques = pd.factorize(text, use_na_sentinel=False)
    # one C call per distinct ID (hmac.digest), over a plain list: 4x faster than hmac.new
    # objects iterated from an Arrow array, same digests
    digests = [hmac.digest(raw, str(value).encode("utf-8"), "sha256").hex()[:length]
               for value in uniques.tolist()]
    out = np.asarray(digests, dtype=object)[codes] if len(digests) else np.array([], object)
    return pd.Series(out, index=ids.index, dtype=object)


def neutralize_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells starting with ``= + - @`` with an apostrophe (formula injection).

    Numbers are untouched, so a negative number stays a number.

    Examples
    --------
    >>> neutralize_formulas(pd.DataFrame({"a": ["=HYPERLINK(1)", "ok", "-3"]}))["a"].tolist()
    ["'=HYPERLINK(1)", 'ok', "'-3"]
    """
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype("object")  # categories are text cells in Excel too
        elif not (pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)):
            continue
        text = values.astype("object")
        is_str = text.map(lambda v: isinstance(v, str))
        risky = is_str & text.where(is_str, "").str.startswith(_FORMULA_PREFIXES)
        if risky.any():
            out[column] = text.where(~risky, "'" + text.where(risky, "").astype(str))
    return out


#: Environment variable that may hold the pseudonymisation key (never a CLI argument,
#: which would end up in the shell history).
KEY_ENVIRONMENT_VARIABLE = "OPORTUMAP_KEY"


def read_key(key_file: str | None = None) -> str:
    """The pseudonymisation key from a file, or from ``$OPORTUMAP_KEY``.

    Raises
    ------
    DataError
        When neither is available.
    """
    import os
    from pathlib import Path

    if key_file:
        path = Path(key_file)
        if not path.exists():
            raise DataError(f"{path}: el archivo de clave no existe")
        return path.read_text(encoding="utf-8").strip()
    key = os.environ.get(KEY_ENVIRONMENT_VARIABLE, "").strip()
    if not key:
        raise DataError(
            "falta la clave de seudonimización: indique --key-file ARCHIVO o defina la "
            f"variable de entorno {KEY_ENVIRONMENT_VARIABLE} (guárdela aparte de los datos)"
        )
    return key
