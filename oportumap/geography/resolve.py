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

import functools
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from oportumap.errors import DataError, Problem
from oportumap.geography.admin1 import resolve_department, resolve_departments
from oportumap.geography.country import CountryGeography
from oportumap.geography.districts import district_note, parent_message
from oportumap.geography.matching import FUZZY_MARGIN, FUZZY_SCORE, MIN_GUESS_LENGTH
from oportumap.geography.matching import as_series as _as_series
from oportumap.geography.matching import clear_winner as _clear_winner
from oportumap.geography.matching import is_blank as _is_blank
from oportumap.geography.matching import spellings as _spellings
from oportumap.geography.matching import wildcard_matches as _wildcard_matches
from oportumap.geography.names import WILDCARD, place_key, without_articles
from oportumap.geography.registry import get_country
from oportumap.text import normalize_text

__all__ = ["FUZZY_MARGIN", "FUZZY_SCORE", "Resolution", "resolve", "resolve_department",
           "resolve_departments", "resolve_municipalities", "resolve_with"]

_SAINTS = frozenset({"san", "santa", "santo", "santiago"})


@dataclass(frozen=True)
class Resolution:
    """Result of :func:`resolve`, Series aligned with the input names.

    Unpacks as ``codes, messages, corrections``; ``columns`` says which column a message
    is about.

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
    columns : pandas.Series
        ``"departamento"`` where the message is about the department written (unknown, or
        the municipality is not in it), ``"municipio"`` for other messages, None where
        resolved.
    name_corrections, department_corrections : pandas.Series
        The two parts of ``corrections``: how the name was read, how the department was
        read (each None where written exactly), so each is reported on its own column.
    """

    codes: pd.Series
    messages: pd.Series
    corrections: pd.Series
    #: Per distinct (name, department) pair: about-column, name note, department note;
    #: spread to rows only when asked (three fewer million-row Series per call).
    _pairs: tuple[np.ndarray, np.ndarray, np.ndarray] = field(repr=False, compare=False)
    _pair_index: np.ndarray = field(repr=False, compare=False)

    def _spread(self, i: int) -> pd.Series:
        return pd.Series(self._pairs[i][self._pair_index], index=self.codes.index,
                         dtype="object", copy=False)

    @functools.cached_property
    def columns(self) -> pd.Series:
        return self._spread(0)

    @functools.cached_property
    def name_corrections(self) -> pd.Series:
        return self._spread(1)

    @functools.cached_property
    def department_corrections(self) -> pd.Series:
        return self._spread(2)

    def __iter__(self):
        return iter((self.codes, self.messages, self.corrections))

    def __getitem__(self, i: int) -> pd.Series:
        return (self.codes, self.messages, self.corrections)[i]


class _Outcome(NamedTuple):
    code: str | None
    message: str | None
    correction: str | None
    about_department: bool = False
    name_note: str | None = None
    dept_note: str | None = None


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
    return resolve_with(get_country(country), names, departments)


def resolve_with(geo: CountryGeography, names: pd.Series | list | np.ndarray,
                 departments: pd.Series | list | np.ndarray | None = None) -> Resolution:
    """:func:`resolve` against a geography given (a country's districts, for instance:
    :attr:`CountryGeography.district_geography`)."""
    series = _as_series(names)
    index = series.index
    if departments is None:
        dept_series = pd.Series([None] * len(series), dtype="object")
    else:
        dept_series = _as_series(departments)
        if len(dept_series) != len(series):
            raise DataError("names y departments deben tener la misma longitud")
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
    about = np.array([None if o.message is None else
                      "departamento" if o.about_department else "municipio"
                      for o in outcomes] + [None], dtype=object)
    parts = [np.array([o[i] for o in outcomes] + [None], dtype=object) for i in (4, 5)]
    return Resolution(*(pd.Series(col[pair_index], index=index, dtype="object", copy=False)
                        for col in columns), (about, *parts), pair_index)


def _resolve(
    names: pd.Series, departments: pd.Series | None, country: str
) -> tuple[pd.Series, pd.Series]:
    """``(codes, messages)`` of :func:`resolve` with a fresh 0..n-1 index (loaders' form)."""
    names = names.reset_index(drop=True)
    if departments is not None:
        departments = departments.reset_index(drop=True)
    result = resolve(names, departments, country=country)
    return result.codes, result.messages


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
            return _Outcome(None, dept_message, None, True)
        if dept_note:
            notes.append(dept_note)
    exact = geo.official_lookup.get(key)
    if not exact and geo.parent_lookup:  # registered by districts: which one is unknown
        said = parent_message(geo, name, key, dept_code)
        if said:
            return _Outcome(None, said, None)
    found = exact or geo.alias_lookup.get(key)
    if found:
        written_exactly = bool(exact) and plain == key and key in geo.official_names
        return _decide(geo, name, dept, dept_code, found, exact=written_exactly,
                       notes=notes, words=words, key=key)
    starts = _starts(geo, key, dept_code)
    abbreviated = _abbreviated_end(geo, key, dept_code)
    for found in (_repairs(geo, key, dept_code), abbreviated if len(abbreviated) == 1 else [],
                  starts if len(starts) == 1 else [], _fuzzy(geo, key, dept_code)):
        if found:
            return _decide(geo, name, dept, dept_code, found, exact=False, notes=notes,
                           words=words, key=key)
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
            words: dict[str, str], key: str = "") -> _Outcome:
    labels = geo.labels
    if dept_code is not None:
        in_dept = [c for c in candidates if geo.muni_dept[c] == dept_code]
        if not in_dept:
            where = "; ".join(labels[c] for c in candidates)
            return _Outcome(None, f"'{name}' no está en el {words['admin1']} '{dept}' "
                                  f"(existe en: {where})", None, True)
        candidates = in_dept
    if len(candidates) > 1:
        where = "; ".join(labels[c] for c in candidates)
        return _Outcome(None, (
            f"'{name}' coincide con {len(candidates)} {words['admin2_plural']} ({where}); "
            f"agregue la columna {words['admin1']}"
        ), None)
    code = candidates[0]
    dept_note = notes[0] if notes else None  # the only note so far: the department's
    name_note = None if exact else (
        (geo.district_keys and district_note(geo, name, key, code))
        or f"se interpretó '{name}' como {geo.corrected_labels[code]}")
    combined = "; ".join(n for n in (name_note, dept_note) if n) or None
    return _Outcome(code, None, combined, False, name_note, dept_note)


def _in_scope(geo: CountryGeography, codes: list[str] | set[str], dept_code: str | None
              ) -> list[str]:
    if dept_code is None:
        return sorted(codes)
    return sorted(c for c in codes if geo.muni_dept[c] == dept_code)


def _abbreviated_end(geo: CountryGeography, key: str, dept_code: str | None) -> list[str]:
    """Names whose last word is abbreviated ("San Cristóbal V.", "San Sebastián H."):
    every other word equal and the last one starting with the letters written."""
    words = key.split()
    if len(words) < 2 or not 1 <= len(words[-1]) <= 3 or WILDCARD in key:
        return []
    head, tail = " ".join(words[:-1]) + " ", words[-1]
    found: set[str] = set()
    for candidate, codes in _scope_lookup(geo, dept_code).items():
        if candidate.startswith(head):
            last = candidate[len(head):]
            if " " not in last and len(last) > len(tail) and last.startswith(tail):
                found.update(codes)
    return _in_scope(geo, found, dept_code)


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
            trailing = geo.department_code(" ".join(words[-k:]))
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
