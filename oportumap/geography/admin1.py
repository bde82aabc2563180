"""Department (province) resolution: the one lookup of every country
(:class:`~oportumap.geography.country.DepartmentLookup`) read as people write departments.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from oportumap.geography.matching import (
    MIN_GUESS_LENGTH,
    as_series,
    clear_winner,
    is_blank,
    spellings,
    wildcard_matches,
)
from oportumap.geography.names import WILDCARD, place_key
from oportumap.geography.registry import department_table
from oportumap.text import normalize_text


def resolve_department(geo, value: object, words: dict[str, str] | None = None
                       ) -> tuple[str | None, str | None, str | None]:
    """Resolve one department (province) value.

    Returns ``(code, correction, message)``: ``correction`` is set when the value was not
    the official name or code (short form, abbreviation, repair, fuzzy), ``message`` when
    it could not be resolved.
    """
    if words is None:
        from oportumap.countries import country_words

        words = {**country_words(geo.code, registered=False), **getattr(geo, "words", {})}
    admin1 = words["admin1"]
    key = place_key(value)
    names = geo.dept_names
    code = geo.dept_official.get(key)
    if code is not None and normalize_text(value) == key:
        return code, None, None

    def interpreted(found: str) -> tuple[str, str, None]:
        return found, f"se interpretó el {admin1} '{value}' como {names[found]}", None

    if code is not None:
        return interpreted(code)
    found: set[str] = set()
    for form in spellings(key):
        if WILDCARD in form:
            found |= wildcard_matches(form, {k: [v] for k, v in geo.dept_lookup.items()})
        elif form in geo.dept_lookup:
            found.add(geo.dept_lookup[form])
    if len(found) == 1:
        return interpreted(found.pop())
    plain = key.replace(WILDCARD, "")
    if not found and len(plain) >= MIN_GUESS_LENGTH:
        # "Huehue", "Sacatep": the start of exactly one department's name.
        starts = {c for k, c in geo.dept_official.items() if k.startswith(plain)}
        if len(starts) == 1:
            return interpreted(starts.pop())
        if not starts:
            winner = clear_winner(plain, {k: [c] for k, c in geo.dept_official.items()})
            if winner is not None:
                return interpreted(winner)
    from rapidfuzz import fuzz, process

    close = process.extract(plain, {c: place_key(n) for c, n in names.items()},
                            scorer=fuzz.WRatio, limit=3, score_cutoff=70) if plain else []
    hint = ("; ¿quiso decir " + " o ".join(f"'{names[c]}'" for _, _, c in close) + "?"
            if close else "")
    return None, None, f"{admin1} '{value}' desconocido{hint}"


def resolve_departments(
    values: pd.Series | list, *, country: str = "GT"
) -> tuple[pd.Series, pd.Series]:
    """Resolve department names, short forms or codes; returns (codes, ok) aligned.

    Blank values resolve to None and count as ok (the department is optional). Works for
    countries with only first-level boundaries (bundled El Salvador, Honduras, Costa Rica).

    Examples
    --------
    >>> codes, ok = resolve_departments(["Huehue", "A.V.", "", "Narnia"])
    >>> codes.tolist(), ok.tolist()
    (['13', '16', None, None], [True, True, True, False])
    """
    table = department_table(country)
    series = as_series(values)
    codes_index, uniques = pd.factorize(series, use_na_sentinel=True)
    found = [None if is_blank(v) else resolve_department(table, v)[0] for v in uniques]
    blank = [is_blank(v) for v in uniques]
    codes = np.array([*found, None], dtype=object)[codes_index]
    ok = np.array([*(f is not None or b for f, b in zip(found, blank, strict=True)), True])
    return (pd.Series(codes, index=series.index, dtype="object"),
            pd.Series(ok[codes_index], index=series.index, dtype=bool))
