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


def occupation_share(sample: pd.Series) -> float:
    """Share of a column's distinct text values that are occupations of the taxonomy.

    Values that say "no occupation" («None», «Ninguna», «No») are neither for nor
    against; a value counts when every part of it is understood.

    Examples
    --------
    >>> occupation_share(pd.Series(["Roofing; Framing", "Line cook", "None", "K. Smith"]))
    0.67
    """
    from oportumap.occupation_phrases import read_cells

    cells = [str(v) for v in sample if _LETTERS.search(str(v))]
    if not cells:
        return 0.0
    weight, counted = 0.0, 0
    for found in read_cells(cells):
        statuses = {r.status for r in found} - {"empty"}
        if not statuses or statuses == {"none"}:
            continue  # «None», «Ninguna»: says nothing about the column
        counted += 1
        if statuses <= set(_SURE):
            weight += 1.0
        elif statuses <= {*_SURE, "fuzzy"}:
            weight += 0.5
    return round(weight / counted, 2) if counted else 0.0


def place_share(sample: pd.Series, country: str) -> float:
    """Share of a column's distinct text values that resolve to a municipality.

    Examples
    --------
    >>> place_share(pd.Series(["Xela", "Mixco", "zona 18", "Los Angeles"]), "GT")
    0.75
    """
    from oportumap.geography.resolve import resolve

    cells = [str(v) for v in sample if _LETTERS.search(str(v))]
    if not cells:
        return 0.0
    try:
        codes = resolve(pd.Series(cells, dtype=object), country=country).codes
    except Exception:  # noqa: BLE001 - a country not registered gives no place evidence
        return 0.0
    return round(float(codes.notna().mean()), 2)


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
    sample = sample[sample.astype(str).str.strip() != ""]
    if not len(sample):
        return None, 0.0
    occupation = occupation_share(sample)
    place = place_share(sample, country) if occupation < 1.0 else 0.0
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
