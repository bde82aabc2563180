"""What a text column's values are, when neither its header nor a simple value kind says.

:mod:`oportumap.loaders.roles` looks at numbers, dates, sí/no, sex and document numbers
first. A column of free text is then tried against the two vocabularies a registry is
about: **occupations** (the taxonomy of :mod:`oportumap.occupation_phrases`: «Roofing;
Framing», «albañil», «line cook») and **municipalities** of the country (names, short
forms and aliases of :mod:`oportumap.geography.resolve`: «Xela», «zona 18»). The share
of distinct values understood is the evidence; a column needs :data:`CONTENT_SHARE` of
them to take a role from its content. Only distinct values of a sample are read, so a
million rows cost what a hundred do.

A header that names work abroad («US Work Experience», «Experiencia laboral en EEUU»)
over a column of trades is the person's occupations learned abroad
(``occupations_abroad``): they are occupations, and saying one means experience abroad.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from oportumap.text import normalize_text
from oportumap.vocabulary import ABROAD_PLACES

#: Share of a sample's distinct values that must be understood for a content role.
CONTENT_SHARE = 0.7
#: Readings of an occupation that count as understood (a fuzzy one counts half: a short
#: word such as «Male» can look like a trade).
_SURE = ("code", "exact", "translation", "refined", "family")
#: Header words that place work abroad (ABROAD_PLACES' own words, and English ones).
ABROAD_HEADER_WORDS: frozenset[str] = frozenset(
    {normalize_text(w) for w in ABROAD_PLACES["yes"]}
    | {"us", "u s", "usa", "abroad", "overseas", "ee uu", "eua", "eu"})
_LETTERS = re.compile(r"[^\W\d_]", flags=re.UNICODE)


def value_evidence(sample: pd.Series, country: str) -> pd.DataFrame:
    """How much each distinct text value says "occupation" and "municipality" (0, ½, 1).

    An occupation read exactly (or as a code, a translation, a family) weighs 1, one read
    by fuzzy matching ½; a municipality resolved weighs 1. A value exact in one vocabulary
    is never counted for the other by fuzzy matching: «Sija» (a municipality) is no
    near-miss of a trade, «Painter» no near-miss of a place. Values naming no occupation
    («None», «Ninguna», «No») weigh nothing either way (``occupation`` is NaN).

    Examples
    --------
    >>> value_evidence(pd.Series(["Roofing; Framing", "Mixco", "None"]), "GT").values.tolist()
    [[1.0, 0.0], [0.0, 1.0], [nan, 0.0]]
    """
    from oportumap.occupation_phrases import read_cells

    cells = [str(v) for v in sample if _LETTERS.search(str(v))]
    out = pd.DataFrame({"occupation": 0.0, "place": 0.0}, index=pd.Index(cells, dtype=object))
    if not cells:
        return out
    sure_job = np.zeros(len(cells), bool)
    for i, found in enumerate(read_cells(cells)):
        statuses = {r.status for r in found} - {"empty"}
        if not statuses or statuses == {"none"}:
            out.iat[i, 0] = np.nan  # «None», «Ninguna»: says nothing about the column
        elif statuses <= set(_SURE):
            out.iat[i, 0], sure_job[i] = 1.0, True
        elif statuses <= {*_SURE, "fuzzy"}:
            out.iat[i, 0] = 0.5
    resolved, exact_place = _places(cells, country)
    out["place"] = np.where(resolved & ~(sure_job & ~exact_place), 1.0, 0.0)
    fuzzy_job = out["occupation"].to_numpy() == 0.5
    out.loc[fuzzy_job & exact_place, "occupation"] = 0.0
    return out


def _places(cells: list[str], country: str) -> tuple[np.ndarray, np.ndarray]:
    """(a municipality's name, written exactly as a name or alias) per cell."""
    from oportumap.geography import get_country
    from oportumap.geography.names import place_key
    from oportumap.geography.resolve import resolve

    none = np.zeros(len(cells), bool)
    try:
        geo = get_country(country)
        codes = resolve(pd.Series(cells, dtype=object), country=country).codes
    except Exception:  # noqa: BLE001 - a country not registered gives no place evidence
        return none, none
    known = geo.official_lookup.keys() | geo.alias_lookup.keys()
    exact = np.array([place_key(c) in known for c in cells], dtype=bool)
    # A name two departments share («San José») is a municipality's name all the same.
    return codes.notna().to_numpy(dtype=bool) | exact, exact


def occupation_share(sample: pd.Series, country: str = "GT") -> float:
    """Share of a column's distinct text values that are occupations of the taxonomy.

    Examples
    --------
    >>> occupation_share(pd.Series(["Roofing; Framing", "Line cook", "None", "K. Smith"]))
    0.67
    """
    weights = value_evidence(sample, country)["occupation"].dropna()
    return round(float(weights.mean()), 2) if len(weights) else 0.0


def place_share(sample: pd.Series, country: str) -> float:
    """Share of a column's distinct text values that resolve to a municipality.

    Examples
    --------
    >>> place_share(pd.Series(["Xela", "Mixco", "zona 18", "Los Angeles"]), "GT")
    0.75
    """
    weights = value_evidence(sample, country)["place"]
    return round(float(weights.mean()), 2) if len(weights) else 0.0


def text_kind(sample: pd.Series, country: str) -> tuple[str | None, float]:
    """``("occupation" | "place" | None, share)`` of a text column's sample.

    The stronger evidence wins; below :data:`CONTENT_SHARE` the column says nothing.

    Examples
    --------
    >>> text_kind(pd.Series(["Roofing; Framing", "Drywall", "Body shop"]), "GT")
    ('occupation', 1.0)
    >>> text_kind(pd.Series(["Xela", "Ostuncalco", "Sija"]), "GT")
    ('place', 1.0)
    """
    evidence = value_evidence(sample, country)
    if not len(evidence):
        return None, 0.0
    jobs = evidence["occupation"].dropna()
    occupation = round(float(jobs.mean()), 2) if len(jobs) else 0.0
    place = round(float(evidence["place"].mean()), 2)
    kind, share = max((("occupation", occupation), ("place", place)), key=lambda c: c[1])
    return (kind, share) if share >= CONTENT_SHARE else (None, share)


def names_abroad(words: list[str]) -> bool:
    """Whether a header's words place the work abroad («US Work Experience», «EEUU»).

    Examples
    --------
    >>> names_abroad(["us", "work", "experience"]), names_abroad(["oficio"])
    (True, False)
    """
    joined = " " + " ".join(words) + " "
    return any(f" {w} " in joined for w in ABROAD_HEADER_WORDS)
