"""Data protection: small-cell suppression, keyed pseudonyms, formula-injection guard.

Returnees are a vulnerable population. Everything meant for wide sharing (HTML maps,
profiles, plans) carries aggregates only, and counts below :data:`SUPPRESSION_THRESHOLD`
are shown as ``"<5"``. Referral lists carry the returnee ID the coordinator already holds;
research exports can replace it with a keyed pseudonym (HMAC-SHA256 with a key the user
keeps), which cannot be reversed or recomputed without the key.
"""

from __future__ import annotations

import hashlib
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
    uniques = pd.unique(ids.astype(str))
    mapping = {
        value: hmac.new(raw, value.encode("utf-8"), hashlib.sha256).hexdigest()[:length]
        for value in uniques
    }
    return ids.astype(str).map(mapping)


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


def research_extract(returnees: pd.DataFrame, key: str | bytes) -> pd.DataFrame:
    """Returnee table safe to hand to researchers: keyed pseudonyms, no home points.

    Keeps what analyses need (municipality, sex, 5-year age band, occupations,
    certifications, pathway flags, interest, month of return) and drops what identifies a
    person (the registry ID, exact home coordinates, exact age and date).

    Parameters
    ----------
    returnees : pandas.DataFrame
        Canonical returnee table (``Dataset.returnees``).
    key : str or bytes
        The data controller's secret key (see :func:`pseudonymize_ids`).

    Examples
    --------
    >>> from oportumap import load_sample
    >>> extract = research_extract(load_sample().returnees, "clave de investigación 2025")
    >>> {"returnee_id", "lat", "lon", "age"} & set(extract.columns)
    set()
    """
    ages = pd.to_numeric(returnees["age"], errors="coerce")
    low = (ages // 5 * 5).astype("Int64")
    band = low.astype(str) + "-" + (low + 4).astype(str)
    return_month = pd.to_datetime(returnees["return_date"]).dt.strftime("%Y-%m")
    columns = ["muni_code", "sex", "occupations", "certifications", "experience_abroad",
               "has_id_document", "needs_psychosocial", "interest", "consent"]
    out = returnees[[c for c in columns if c in returnees]].copy()
    out.insert(0, "pseudonym", pseudonymize_ids(returnees["returnee_id"], key).to_numpy())
    out.insert(3, "age_band", band.where(low.notna(), None).to_numpy())
    out["return_month"] = return_month.to_numpy()
    return out.reset_index(drop=True)


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


def shareable_profile(profile: pd.DataFrame, *,
                      threshold: int = SUPPRESSION_THRESHOLD) -> pd.DataFrame:
    """A municipality/department profile safe to share: small counts suppressed.

    Where a unit has between 1 and ``threshold - 1`` returnees, ``returnees`` becomes
    ``"<5"`` and every column derived from that count (``*_unserved``,
    ``*_returnees_per_place``, ``gap_score``) is blanked, since it would reveal it.
    Access ratios and ranks stay.

    Examples
    --------
    >>> p = pd.DataFrame({"returnees": [2, 40], "gap_score": [1.5, 30.0]})
    >>> shareable_profile(p).values.tolist()
    [['<5', nan], ['40', 30.0]]
    """
    out = profile.copy()
    small = (out["returnees"] > 0) & (out["returnees"] < threshold)
    derived = [c for c in out.columns
               if c.endswith(("_unserved", "_returnees_per_place")) or c == "gap_score"]
    for column in derived:
        out[column] = out[column].astype(float).where(~small)
    out["returnees"] = suppress_counts(out["returnees"], threshold=threshold).to_numpy()
    return out
