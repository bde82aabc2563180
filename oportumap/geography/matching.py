"""Matching machinery shared by municipality and department resolution: the readings of
a typed key, lost-letter wildcards and the fuzzy rule (unique, clearly ahead, fewer edits).
"""

from __future__ import annotations

import re

import pandas as pd

from oportumap.geography.names import LEADING_WORDS, WILDCARD, expand_abbreviations
from oportumap.text import normalize_text

#: Minimum similarity (``rapidfuzz.fuzz.ratio`` on normalised names, 0-100) for a fuzzy
#: match to be accepted. One typo in a 10-letter name scores about 90-95; two unrelated
#: saints' names ("San Pedro" / "San Pablo") score below 70.
FUZZY_SCORE = 85.0
#: How many points the best municipality must lead the runner-up (a different
#: municipality) by; a tie between two plausible names is never broken by a guess.
FUZZY_MARGIN = 8.0
#: Shortest typed key (characters) that fuzzy matching or unique-start matching will try.
MIN_GUESS_LENGTH = 4


def as_series(values: object) -> pd.Series:
    if isinstance(values, pd.Series):
        return values
    return pd.Series(list(values), dtype="object")  # type: ignore[arg-type]


def is_blank(value: object) -> bool:
    return value is None or normalize_text(value) == ""


def wildcard_matches(key: str, lookup: dict[str, list[str]]) -> set[str]:
    pattern = re.compile(
        "".join("[a-z]?" if ch == WILDCARD else re.escape(ch) for ch in key)
    )
    found: set[str] = set()
    for candidate, codes in lookup.items():
        if pattern.fullmatch(candidate):
            found.update(codes)
    return found


_ZONE = re.compile(r"\bzona \d{1,2}\b")


def spellings(key: str) -> list[str]:
    """Readings of a typed key: itself, abbreviations expanded, leading words dropped, a
    city zone dropped ("Zona 10, Guatemala City", "Xela zona 3")."""
    forms = [key, *expand_abbreviations(key)]
    for form in list(forms):
        for lead in LEADING_WORDS:
            if form.startswith(lead) and len(form) > len(lead) + 2:
                forms.append(form.removeprefix(lead))
        if "zona" in form:
            rest = " ".join(_ZONE.sub(" ", form).split())
            if rest and rest != form:
                forms.append(rest)
    return list(dict.fromkeys(forms))


def clear_winner(forms: str | list[str], scope: dict[str, list[str]]) -> str | None:
    """The code whose spelling is closest to any of ``forms``, when it is clearly ahead.

    Three conditions (see the module docstring): similarity >= :data:`FUZZY_SCORE`, at least
    :data:`FUZZY_MARGIN` points ahead of every other code, and strictly fewer Levenshtein
    edits than every other code that came near (a substitution counts once there, twice in
    the ratio, which is what separates "Cuulco" from both Cuilco and Cubulco).
    """
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import Levenshtein

    if isinstance(forms, str):
        forms = [forms]
    choices = list(scope)
    best: dict[str, tuple[float, str]] = {}  # code -> (score, form)
    for form in forms:
        for match, score, _ in process.extract(form, choices, scorer=fuzz.ratio, limit=12,
                                               score_cutoff=FUZZY_SCORE - FUZZY_MARGIN):
            for code in scope[match]:
                if score > best.get(code, (0.0, ""))[0]:
                    best[code] = (score, form)
    if not best:
        return None
    ranked = sorted(best.items(), key=lambda item: -item[1][0])
    top_code, (top, form) = ranked[0]
    runner_up = ranked[1][1][0] if len(ranked) > 1 else 0.0
    edits = {code: min(Levenshtein.distance(form, k) for k, codes in scope.items()
                       if code in codes) for code in best}
    if any(edits[code] <= edits[top_code] for code in edits if code != top_code):
        return None
    # One letter off in a name of 5+ letters, with no other name within three edits
    # ("Cuulco" among Huehuetenango's municipalities), is as safe as a high ratio.
    one_typo = (edits[top_code] == 1 and len(form) >= 5 and all(
        edits[code] > 3 for code in edits if code != top_code))
    if not one_typo and (top < FUZZY_SCORE or top - runner_up < FUZZY_MARGIN):
        return None
    return top_code
