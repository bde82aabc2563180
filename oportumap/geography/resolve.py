"""Municipality and department resolution: real spellings in, codes (and what was guessed) out.

Resolution runs a cascade on each distinct (name, department) pair and stops at the first
step that gives an answer:

1. **code** written in any form (``101``, ``"0101"``, ``101.0``);
2. **exact**: official name or the MINFIN short name (no correction reported);
3. **known short forms**: name without the saint ("Soloma"), the alias table ("Xela",
   "La Tinta", "Puerto San José");
4. **repairs** that need no guess: abbreviations (``Sta.``, ``Sn.``, ``S.``, ``Cd.``),
   letters lost by another system (``CABA?AS``, ``Santa luc!a``), text read with the wrong
   encoding (``PetÃ©n``), words around the name ("Ciudad Flores", "San Felipe Reu"),
   articles ("San Juan Laguna");
5. **unique start**: the words typed are the start of exactly one name in scope
   ("San Bartolo" in Totonicapán);
6. **fuzzy**: the closest name in scope (the given department, else the country) is accepted
   only when its similarity (``rapidfuzz.fuzz.ratio``, 0-100) is at least
   :data:`FUZZY_SCORE` **and** it is at least :data:`FUZZY_MARGIN` points ahead of the best
   name of any other municipality **and** every other municipality near that score is
   more edits away (Levenshtein): "Cuulco" is one edit from both Cuilco and Cubulco, so it
   is not guessed.

Anything else keeps the error message with up to three suggestions. Steps 3-6 (and
department short forms) are reported back in ``corrections`` so a planner sees every
interpretation: a wrong code is worse than no code.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import numpy as np
import pandas as pd

from oportumap.errors import DataError, Problem
from oportumap.geography.country import CountryGeography
from oportumap.geography.names import (
    LEADING_WORDS,
    WILDCARD,
    expand_abbreviations,
    place_key,
    without_articles,
)
from oportumap.geography.registry import department_table, get_country
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

_SAINTS = frozenset({"san", "santa", "santo", "santiago"})


class Resolution(NamedTuple):
    """Result of :func:`resolve`, three Series aligned with the input names.

    Attributes
    ----------
    codes : pandas.Series
        Municipality code (str) or None where the value could not be resolved.
    messages : pandas.Series
        None where resolved; otherwise why not (Spanish, with candidates or suggestions).
    corrections : pandas.Series
        None where the value was written exactly (official name or code); otherwise what
        was interpreted, e.g. ``"se interpretó 'Quetzaltenago' como Quetzaltenango
        (Quetzaltenango)"``.
    """

    codes: pd.Series
    messages: pd.Series
    corrections: pd.Series


class _Outcome(NamedTuple):
    code: str | None
    message: str | None
    correction: str | None


def _as_series(values: object) -> pd.Series:
    if isinstance(values, pd.Series):
        return values
    return pd.Series(list(values), dtype="object")  # type: ignore[arg-type]


def resolve(
    names: pd.Series | list | np.ndarray,
    departments: pd.Series | list | np.ndarray | None = None,
    *,
    country: str = "GT",
) -> Resolution:
    """Resolve municipality names or codes, reporting failures and interpretations.

    Never raises for bad values: each one gets a message instead. Each distinct
    (name, department) pair is resolved once, so a million rows cost as much as their few
    hundred distinct values.

    Parameters
    ----------
    names : sequence of str or int
        Municipality names or codes as written.
    departments : sequence of str, optional
        Department (province) names, short forms or codes aligned with ``names``; blank
        where unknown.
    country : str
        Registered country code.

    Returns
    -------
    Resolution
        ``(codes, messages, corrections)`` aligned with ``names``' index.

    Examples
    --------
    >>> r = resolve(["Quetzaltenago", "Cobán", "CABA?AS", "Zzz"],
    ...             ["", "", "Zacapa", ""])
    >>> r.codes.tolist()
    ['0901', '1601', '1907', None]
    >>> r.corrections[0]
    "se interpretó 'Quetzaltenago' como Quetzaltenango (Quetzaltenango)"
    >>> r.messages[3]
    "municipio 'Zzz' desconocido"
    """
    series = _as_series(names)
    index = series.index
    if departments is None:
        dept_series = pd.Series([None] * len(series), dtype="object")
    else:
        dept_series = _as_series(departments)
        if len(dept_series) != len(series):
            raise DataError("names y departments deben tener la misma longitud")
    geo = get_country(country)
    name_codes, name_uniques = pd.factorize(series.reset_index(drop=True), use_na_sentinel=True)
    dept_codes, dept_uniques = pd.factorize(dept_series.reset_index(drop=True),
                                            use_na_sentinel=True)
    # One integer per (name, department) pair; -1 (missing) shifted to 0.
    combined = (name_codes + 1).astype(np.int64) * (len(dept_uniques) + 1) + (dept_codes + 1)
    pair_index, pairs = pd.factorize(combined)
    outcomes: list[_Outcome] = []
    words = _words(geo)
    n_depts = len(dept_uniques) + 1
    name_list, dept_list = list(name_uniques), list(dept_uniques)
    # Each distinct name and department is normalised once, however many pairs use it.
    name_forms: dict[int, tuple[str, str]] = {}
    dept_results: dict[int, tuple[str | None, str | None, str | None] | None] = {0: None}
    for pair in pairs:
        n, d = divmod(int(pair), n_depts)
        name = name_list[n - 1] if n else None
        dept = dept_list[d - 1] if d else None
        if n not in name_forms:
            name_forms[n] = (normalize_text(name), place_key(name))
        if d not in dept_results:
            dept_results[d] = (None if _is_blank(dept)
                               else resolve_department(geo, dept, words))
        outcomes.append(_resolve_one(geo, name, dept, words, name_forms[n], dept_results[d]))
    columns = [np.array([o[i] for o in outcomes] + [None], dtype=object) for i in range(3)]
    return Resolution(*(pd.Series(col[pair_index], index=index, dtype="object")
                        for col in columns))


def _resolve(
    names: pd.Series, departments: pd.Series | None, country: str
) -> tuple[pd.Series, pd.Series]:
    """``(codes, messages)`` of :func:`resolve` with a fresh 0..n-1 index (loaders' form)."""
    names = names.reset_index(drop=True)
    if departments is not None:
        departments = departments.reset_index(drop=True)
    result = resolve(names, departments, country=country)
    return result.codes, result.messages


def _is_blank(value: object) -> bool:
    return value is None or normalize_text(value) == ""


def _words(geo: CountryGeography) -> dict[str, str]:
    from oportumap.countries import country_words

    return {**country_words(geo.code, registered=False), **geo.words}


def _resolve_one(geo: CountryGeography, name: object, dept: object,
                 words: dict[str, str], forms: tuple[str, str],
                 dept_result: tuple[str | None, str | None, str | None] | None
                 ) -> _Outcome:
    """Resolve one pair; ``forms`` = (normalize_text, place_key) of the name,
    ``dept_result`` = :func:`resolve_department` of the department (None when blank)."""
    admin2 = words["admin2"]
    plain, key = forms
    if name is None or plain == "" and WILDCARD not in key:
        return _Outcome(None, f"{admin2} vacío: escriba el nombre o el código del {admin2}",
                        None)
    code = geo.normalize_code(name)
    if code is not None and (geo.numeric_codes or code in geo.labels):
        if code in geo.labels:
            return _Outcome(code, None, None)
        example = next(iter(geo.labels))
        width = f" de {geo.code_width} dígitos" if geo.code_width else ""
        return _Outcome(None, (
            f"el código '{name}' no es un {admin2} de {geo.name}; use el "
            f"{words['code_name']}{width} (p. ej. '{example}')"
        ), None)
    notes: list[str] = []
    dept_code = None
    if dept_result is not None:
        dept_code, dept_note, dept_message = dept_result
        if dept_code is None:
            return _Outcome(None, dept_message, None)
        if dept_note:
            notes.append(dept_note)
    exact = geo.official_lookup.get(key)
    found = exact or geo.alias_lookup.get(key)
    if found:
        return _decide(geo, name, dept, dept_code, found, exact=bool(exact) and plain == key,
                       notes=notes, words=words)
    starts = _starts(geo, key, dept_code)
    for found in (_repairs(geo, key, dept_code), starts if len(starts) == 1 else [],
                  _fuzzy(geo, key, dept_code)):
        if found:
            return _decide(geo, name, dept, dept_code, found, exact=False, notes=notes,
                           words=words)
    if len(starts) > 1:
        shown = "; ".join(geo.labels[c] for c in starts[:4])
        more = f" y {len(starts) - 4} más" if len(starts) > 4 else ""
        hint = "escriba el nombre completo" + (
            "" if dept_code else f" o agregue la columna {words['admin1']}")
        return _Outcome(None, f"'{name}' es el comienzo del nombre de {len(starts)} "
                              f"{words['admin2_plural']} ({shown}{more}); {hint}", None)
    return _Outcome(None, f"{admin2} '{name}' desconocido{_suggestions(geo, key, dept_code)}",
                    None)


def _decide(geo: CountryGeography, name: object, dept: object, dept_code: str | None,
            candidates: list[str], *, exact: bool, notes: list[str],
            words: dict[str, str]) -> _Outcome:
    labels = geo.labels
    if dept_code is not None:
        in_dept = [c for c in candidates if geo.muni_dept[c] == dept_code]
        if not in_dept:
            where = "; ".join(labels[c] for c in candidates)
            return _Outcome(None, f"'{name}' no está en el {words['admin1']} '{dept}' "
                                  f"(existe en: {where})", None)
        candidates = in_dept
    if len(candidates) > 1:
        where = "; ".join(labels[c] for c in candidates)
        return _Outcome(None, (
            f"'{name}' coincide con {len(candidates)} {words['admin2_plural']} ({where}); "
            f"agregue la columna {words['admin1']}"
        ), None)
    code = candidates[0]
    if not exact:
        notes = [f"se interpretó '{name}' como {geo.corrected_labels[code]}", *notes]
    return _Outcome(code, None, "; ".join(notes) or None)


def _in_scope(geo: CountryGeography, codes: list[str] | set[str], dept_code: str | None
              ) -> list[str]:
    if dept_code is None:
        return sorted(codes)
    return sorted(c for c in codes if geo.muni_dept[c] == dept_code)


def _wildcard_matches(key: str, lookup: dict[str, list[str]]) -> set[str]:
    pattern = re.compile(
        "".join("[a-z]?" if ch == WILDCARD else re.escape(ch) for ch in key)
    )
    found: set[str] = set()
    for candidate, codes in lookup.items():
        if pattern.fullmatch(candidate):
            found.update(codes)
    return found


def _spellings(key: str) -> list[str]:
    """Readings of a typed key: itself, abbreviations expanded, leading words dropped."""
    forms = [key, *expand_abbreviations(key)]
    for form in list(forms):
        for lead in LEADING_WORDS:
            if form.startswith(lead) and len(form) > len(lead) + 2:
                forms.append(form.removeprefix(lead))
    return list(dict.fromkeys(forms))


def _repairs(geo: CountryGeography, key: str, dept_code: str | None) -> list[str]:
    """Codes reached by exact repairs (no similarity involved), within scope."""
    found: set[str] = set()
    for form in _spellings(key):
        if WILDCARD in form:
            found |= _wildcard_matches(form, geo.name_lookup)
            continue
        found.update(geo.name_lookup.get(form, ()))
        found.update(geo.loose_lookup.get(without_articles(form), ()))
        # "San Felipe Reu", "Flores Petén": the department written after the name.
        words = form.split()
        for k in (1, 2, 3):
            if len(words) <= k:
                break
            trailing = _department_key(geo, " ".join(words[-k:]))
            if trailing is None or (dept_code is not None and trailing != dept_code):
                continue
            head = " ".join(words[:-k])
            found.update(c for c in geo.name_lookup.get(head, ())
                         if geo.muni_dept[c] == trailing)
    if found and dept_code is not None:
        scoped = _in_scope(geo, found, dept_code)
        # Outside the department only: let _decide explain where it exists.
        return scoped or sorted(found)
    return sorted(found)


def _department_key(geo: CountryGeography, key: str) -> str | None:
    """Department code for a key written exactly (name, code or short form)."""
    for form in [key, *expand_abbreviations(key)]:
        if form in geo.dept_lookup:
            return geo.dept_lookup[form]
    return None


def _scope_lookup(geo: CountryGeography, dept_code: str | None) -> dict[str, list[str]]:
    if dept_code is None:
        return geo.name_lookup
    return geo.lookup_by_dept.get(dept_code, {})


def _starts(geo: CountryGeography, key: str, dept_code: str | None) -> list[str]:
    """Municipalities in scope whose name begins with the typed words ("San Bartolo")."""
    found: set[str] = set()
    for form in _spellings(key.replace(WILDCARD, "")):
        if len(form) < MIN_GUESS_LENGTH or form in _SAINTS:
            continue
        for candidate, codes in _scope_lookup(geo, dept_code).items():
            if candidate.startswith(form + " "):
                found.update(codes)
    return _in_scope(geo, found, dept_code)


def _fuzzy(geo: CountryGeography, key: str, dept_code: str | None) -> list[str]:
    """The closest municipality in scope, only when unique and clearly ahead."""
    scope = _scope_lookup(geo, dept_code)
    forms = [f for f in _spellings(key.replace(WILDCARD, "")) if len(f) >= MIN_GUESS_LENGTH]
    winner = _clear_winner(forms, scope)
    return [winner] if winner is not None else []


def _clear_winner(forms: str | list[str], scope: dict[str, list[str]]) -> str | None:
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
    if top < FUZZY_SCORE or top - runner_up < FUZZY_MARGIN:
        return None
    edits = {code: min(Levenshtein.distance(form, k) for k, codes in scope.items()
                       if code in codes) for code in best}
    if any(edits[code] <= edits[top_code] for code in edits if code != top_code):
        return None
    return top_code


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
    for form in _spellings(key):
        if WILDCARD in form:
            found |= _wildcard_matches(form, {k: [v] for k, v in geo.dept_lookup.items()})
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
            winner = _clear_winner(plain, {k: [c] for k, c in geo.dept_official.items()})
            if winner is not None:
                return interpreted(winner)
    from rapidfuzz import fuzz, process

    close = process.extract(plain, {c: place_key(n) for c, n in names.items()},
                            scorer=fuzz.WRatio, limit=3, score_cutoff=70) if plain else []
    hint = ("; ¿quiso decir " + " o ".join(f"'{names[c]}'" for _, _, c in close) + "?"
            if close else "")
    return None, None, f"{admin1} '{value}' desconocido{hint}"


def _suggestions(geo: CountryGeography, key: str, dept_code: str | None) -> str:
    from rapidfuzz import fuzz, process

    choices = _scope_lookup(geo, dept_code)
    found = process.extract(key.replace(WILDCARD, ""), list(choices), scorer=fuzz.WRatio,
                            limit=8, score_cutoff=60)
    labels: list[str] = []
    for match, _score, _ in found:
        for code in choices[match]:
            label = geo.labels[code]
            if label not in labels:
                labels.append(label)
    if not labels:
        return ""
    return "; ¿quiso decir " + " o ".join(f"'{x}'" for x in labels[:3]) + "?"


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
    series = _as_series(values)
    codes_index, uniques = pd.factorize(series, use_na_sentinel=True)
    found = [None if _is_blank(v) else resolve_department(table, v)[0] for v in uniques]
    blank = [_is_blank(v) for v in uniques]
    codes = np.array([*found, None], dtype=object)[codes_index]
    ok = np.array([*(f is not None or b for f, b in zip(found, blank, strict=True)), True])
    return (pd.Series(codes, index=series.index, dtype="object"),
            pd.Series(ok[codes_index], index=series.index, dtype=bool))


def resolve_municipalities(
    names: pd.Series | list | np.ndarray,
    departments: pd.Series | list | np.ndarray | None = None,
    *,
    country: str = "GT",
    return_corrections: bool = False,
) -> pd.Series | tuple[pd.Series, pd.Series]:
    """Resolve municipality names or codes, as planners type them, to municipality codes.

    Accepts any case, with or without accents, extra spaces or punctuation, short forms
    ("Barillas", "Soloma", "Xela", "La Tinta"), abbreviations ("Sta.", "S. Marcos"),
    letters lost by other systems ("CABA?AS") and codes written as ``101``, ``"0101"`` or
    ``101.0``; near-misses are corrected only when one municipality is clearly closest
    (see :mod:`oportumap.geography.resolve`). A name shared by two departments (San José,
    La Libertad, ...) resolves only when the department is given.

    Parameters
    ----------
    names : sequence of str or int
        Municipality names or codes.
    departments : sequence of str, optional
        Department names or codes aligned with ``names`` (blank where unknown).
    country : str
        Registered country code.
    return_corrections : bool
        Also return the Series of corrections (None where the value was exact).

    Returns
    -------
    pandas.Series or (pandas.Series, pandas.Series)
        Municipality codes (str), aligned with ``names``; with ``return_corrections``,
        ``(codes, corrections)``.

    Raises
    ------
    DataError
        Listing every value that could not be resolved, with candidates or up to three
        suggestions.

    Examples
    --------
    >>> resolve_municipalities(["Barillas", "SOLOMA", 101.0, "san jose"],
    ...                        ["", "", "", "Petén"]).tolist()
    ['1326', '1308', '0101', '1702']
    >>> codes, notes = resolve_municipalities(["Sta. Cruz del Quiché"],
    ...                                       return_corrections=True)
    >>> codes[0], notes[0]
    ('1401', "se interpretó 'Sta. Cruz del Quiché' como Santa Cruz del Quiché (Quiché)")
    """
    series = _as_series(names)
    result = resolve(series, departments, country=country)
    bad = result.messages.notna()
    if bad.any():
        problems = [
            Problem("municipios", int(i) + 1, None, str(series.iloc[i]),
                    result.messages.iloc[i])
            for i in np.flatnonzero(bad.to_numpy())
        ]
        raise DataError(
            f"{int(bad.sum())} de {len(series)} municipios no se pudieron identificar",
            problems,
        )
    codes = result.codes.astype(str)
    if return_corrections:
        return codes, result.corrections
    return codes
