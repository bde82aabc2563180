"""Occupations: an ISCO-08 based taxonomy, free-text matching and certification standards.

The taxonomy ships as ``geodata/occupations.csv`` (one row per ISCO-08 unit group that
returnees and employers mention, Spanish and English labels) and its families (ISCO minor
groups) as ``geodata/occupation_families.csv``. What people write -- Spanish, English and
Spanglish trade names of work done at home, in the United States or Mexico ("roofing",
"tablayeso", "body shop / enderezado y pintura", "ordeño (dairy)") -- is data too:
``geodata/occupation_phrases.csv`` (phrase, language, ISCO-08 code, family, note), read
by :mod:`oportumap.occupation_phrases` (its module documentation gives the rules).

The twelve competence-certification standards offered to returnees ship as
``geodata/certification_standards.csv`` (titles as INTECAP writes them and other names)
and ``geodata/standard_occupations.csv``: which occupations each standard recognises and
how well (``fit`` 1: the person's own trade; 2: a related trade the standard also accepts,
offered only after the own-trade standards). A residential electrician fits the
popular-housing electrician standard first, a prep cook everyday cooking, a chef gourmet
cooking; a dishwasher (kitchen helper) fits no cook's standard.

Related occupations: :func:`similarity` is 1.0 within the same unit group (4 digits),
:data:`MINOR_GROUP_SIMILARITY` (0.5) within the same minor group (3 digits) and 0 otherwise.
A family (an occupation read only to its minor group, coded as the minor group times ten,
e.g. ``8340``) is 1.0 with itself and 0.5 with each of its units. Each distinct cell is
read once, so a million returnees cost a few thousand matches.
"""

from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd

from oportumap.certification import (
    certifiable_table,
    certification_standards,
    certified_codes,
    standard_of,
)
from oportumap.occupation_phrases import (
    AMBIGUITY_MARGIN,
    DEFAULT_CUTOFF,
    MAX_FUZZY_CONFIDENCE,
    _geodata,
    _is_family,
    cell_table,
    person_codes,
    read_cells,
    taxonomy,
)
from oportumap.text import spread

__all__ = ["AMBIGUITY_MARGIN", "DEFAULT_CUTOFF", "MAX_FUZZY_CONFIDENCE",
           "MINOR_GROUP_SIMILARITY", "certifiable_table", "certification_standards",
           "certified_codes", "families", "label", "match_occupations", "occupation_codes",
           "occupation_readings", "occupations", "person_codes", "similarity",
           "standard_of", "unrecognised_occupations", "choice_names"]

#: Similarity of two occupations in the same ISCO minor group (first 3 digits).
MINOR_GROUP_SIMILARITY = 0.5

#: A KoboToolbox choice name: lower-case ascii, words joined by «_» («operador_montacargas»).
_CHOICE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
#: Kobo's «other» option: a choice name that is no occupation but refers to a text question.
_OTHER_CHOICES = frozenset({"otro", "otra", "other", "otros", "otras"})

MATCH_COLUMNS = ["text", "isco", "family", "label_es", "label_en", "confidence", "status",
                 "matched", "count"]


@functools.lru_cache(maxsize=1)
def occupations() -> pd.DataFrame:
    """The bundled occupation taxonomy (ISCO-08 unit groups), one row per occupation.

    Returns
    -------
    pandas.DataFrame
        ``isco`` (4-digit str), ``minor`` (3-digit str), ``label_es``, ``label_en`` and
        ``synonyms`` (list of str: the phrases of ``occupation_phrases.csv`` with that
        code). Do not modify the returned frame (it is cached); copy it first.

    Examples
    --------
    >>> occ = occupations()
    >>> occ.set_index("isco").loc["7112", "label_es"]
    'Albañil'
    """
    table = taxonomy().copy()
    table.insert(1, "minor", table["isco"].str[:3])
    phrases = pd.read_csv(_geodata("occupation_phrases.csv"), dtype=str,
                          keep_default_na=False)
    grouped = phrases[phrases["isco"] != ""].groupby("isco")["phrase"].agg(list)
    table["synonyms"] = table["isco"].map(grouped).map(
        lambda v: v if isinstance(v, list) else [])
    return table


@functools.lru_cache(maxsize=1)
def families() -> pd.DataFrame:
    """ISCO-08 minor groups (families) with Spanish and English labels.

    Examples
    --------
    >>> families().set_index("family").loc["834", "label_es"]
    'Operadores de maquinaria móvil'
    """
    return pd.read_csv(_geodata("occupation_families.csv"), dtype=str, keep_default_na=False)


@functools.lru_cache(maxsize=1)
def _labels() -> tuple[dict[int, str], dict[int, str]]:
    occ = occupations()
    codes = occ["isco"].astype(int)
    es = dict(zip(codes, occ["label_es"], strict=True))
    en = dict(zip(codes, occ["label_en"], strict=True))
    fam = families()
    for family, label_es, label_en in zip(fam["family"], fam["label_es"], fam["label_en"],
                                          strict=True):
        code = int(family) * 10
        if code not in es:  # a family code never hides a unit's own label
            es[code], en[code] = _family_label(label_es, "es"), _family_label(label_en, "en")
    return es, en


def _family_label(name: str, lang: str) -> str:
    from oportumap.i18n import text

    return text("occupation.family", lang).format(label=name)


def label(code: int | str, lang: str = "es") -> str:
    """Label of an ISCO code (or family) in Spanish (default) or English.

    ``"CIUO 1234"`` if unknown; a family (3-digit group, or its code times ten) reads as
    the group's name, said to be unspecified.

    Examples
    --------
    >>> label("7115"), label(7115, lang="en")
    ('Carpintero', 'Carpenter and joiner')
    >>> label("834")
    'Operadores de maquinaria móvil (oficio sin precisar)'
    """
    es, en = _labels()
    text = str(code).strip()
    code = int(text) * 10 if len(text) == 3 and text.isdigit() else int(code)
    table = en if lang == "en" else es
    return table.get(code, f"{'ISCO' if lang == 'en' else 'CIUO'} {code:04d}")


def _code_text(code: int) -> str | None:
    """Public form of an internal code: 4-digit unit, 3-digit family, None if none."""
    if code <= 0:
        return None
    return f"{code // 10:03d}" if _is_family(code) else f"{code:04d}"


def match_occupations(texts: pd.Series | list[str], *, cutoff: float = DEFAULT_CUTOFF
                      ) -> pd.DataFrame:
    """Match free-text occupations to ISCO-08 codes: one row per occupation as written.

    A cell may hold several occupations (``;``, line breaks, commas, "y"); one trade
    written in two languages ("jardinería/landscaping", "ordeño (dairy)") is one. See
    :mod:`oportumap.occupation_phrases` for every rule.

    Parameters
    ----------
    texts : Series or list of str
        Occupation texts as people wrote them, or ISCO codes.
    cutoff : float
        Lowest fuzzy score (0-100) accepted as a match.

    Returns
    -------
    pandas.DataFrame
        One row per distinct occupation text (stripped), in order of first appearance:
        ``text``, ``isco`` (4-digit str; NA when unmatched or only the family is known),
        ``family`` (3-digit ISCO minor group, NA when unmatched), ``label_es``,
        ``label_en``, ``confidence`` (1.0 exact, code or translation; 0.9 family;
        score/100 fuzzy; 0 unmatched), ``status`` (``exact``, ``code``, ``translation``
        -- the same trade written twice --, ``refined`` -- a general word made precise --,
        ``family``, ``fuzzy``, ``ambiguous``, ``unmatched`` or ``none`` -- not an
        occupation, like "ninguno"), ``matched`` (the phrase(s) it matched) and ``count``
        (cells containing it). Empty cells are left out.

    Examples
    --------
    >>> m = match_occupations(["Albañil", "albanil; ELECTRISISTA", "astronauta", "7115",
    ...                        "COCINERO/LINE COOK"])
    >>> m["isco"].tolist()
    ['7112', '7112', '7411', <NA>, '7115', '5120']
    >>> m["status"].tolist()
    ['exact', 'exact', 'fuzzy', 'unmatched', 'code', 'translation']
    """
    series = pd.Series(texts) if not isinstance(texts, pd.Series) else texts
    table, codes, n_cells = cell_table(series, cutoff)
    counts = np.bincount(codes[codes >= 0], minlength=n_cells)
    table = table.assign(n=counts[table["cell"].to_numpy()] if len(table) else 0,
                         text=table["text"].str.strip())
    first = table.drop_duplicates(["cell", "text"]).groupby("text", sort=False)
    per_text = first.agg(code=("code", "first"), conf=("conf", "first"),
                         status=("status", "first"), matched=("matched", "first"),
                         count=("n", "sum"))
    code = per_text["code"].to_numpy(np.int64)
    unit = np.array([c > 0 and not _is_family(c) for c in code], bool)
    return pd.DataFrame({
        "text": per_text.index.to_numpy(dtype=object),
        "isco": pd.array([f"{c:04d}" if u else pd.NA for c, u in zip(code, unit,
                                                                      strict=True)],
                         dtype="string"),
        "family": pd.array([f"{c // 10:03d}" if c > 0 else pd.NA for c in code],
                           dtype="string"),
        "label_es": [label(c) if c > 0 else "" for c in code],
        "label_en": [label(c, "en") if c > 0 else "" for c in code],
        "confidence": np.where(code > 0, per_text["conf"].to_numpy(float), 0.0).round(4),
        "status": per_text["status"].to_numpy(dtype=object),
        "matched": per_text["matched"].to_numpy(dtype=object),
        "count": per_text["count"].to_numpy(dtype=np.int64),
    })


def choice_names(cells: list[str]) -> list[list[str] | None]:
    """Cells written as KoboToolbox choice names, split into occupations.

    A ``select_multiple`` question is exported as the choice names separated by spaces
    («operador_montacargas empacador albanil»). A cell is read so only when every token
    is lower-case ascii and either some token joins words with «_» or every token alone
    is an occupation read exactly («albanil carpintero») while the whole is not; an
    ordinary phrase («operador de montacargas», «Operador montacargas») is never split.

    Parameters
    ----------
    cells : list of str
        Distinct cells as written.

    Returns
    -------
    list
        Per cell, its occupations with «_» read as a space, or None when the cell is not
        choice names (then it is read as written).

    Examples
    --------
    >>> choice_names(["operador_montacargas empacador", "albanil carpintero",
    ...               "operador de montacargas", "Albañil"])
    [['operador montacargas', 'empacador'], ['albanil', 'carpintero'], None, None]
    """
    tokens = [c.split() for c in cells]
    plain = [bool(t) and all(_CHOICE_NAME.match(w) for w in t) for t in tokens]
    # Tokens without «_» must each be a known occupation (or Kobo's «otro»): read once.
    loose = sorted({w for t, ok in zip(tokens, plain, strict=True) if ok and len(t) > 1
                    and not any("_" in w for w in t) for w in [*t, " ".join(t)]})
    exact = {w: bool(r) and len(r) == 1 and r[0].status in ("exact", "code", "translation")
             for w, r in zip(loose, read_cells(loose), strict=True)}
    out: list[list[str] | None] = []
    for t, ok in zip(tokens, plain, strict=True):
        if ok and any("_" in w for w in t):
            out.append([w.replace("_", " ").strip() for w in t])
        elif (ok and len(t) > 1 and not exact[" ".join(t)]
              and all(exact[w] or w in _OTHER_CHOICES for w in t)):
            out.append(list(t))
        else:
            out.append(None)
    return out


def occupation_readings(values: pd.Series, *, lang: str = "es",
                        cutoff: float = DEFAULT_CUTOFF) -> pd.DataFrame:
    """How each cell's occupations were read, in words, and what was not understood.

    Parameters
    ----------
    values : Series
        Occupation cells as written.
    lang : {"es", "en"}
        Language of ``interpretation``.

    Returns
    -------
    pandas.DataFrame
        Same index as ``values``: ``occupations`` (the cell rewritten as ``;``-separated
        occupations), ``interpretation`` (what a person should be told, "" when every
        occupation was read exactly as written), ``unrecognised`` (the parts not
        understood, ``;``-separated, "" if none) and ``n_unrecognised``.

    Examples
    --------
    >>> r = occupation_readings(pd.Series(["albañil", "roofing, framing", "astronauta"]))
    >>> r["occupations"].tolist()
    ['albañil', 'roofing; framing', 'astronauta']
    >>> r["unrecognised"].tolist()
    ['', '', 'astronauta']
    """
    from oportumap.i18n import text

    # Factorised as it comes (Arrow text is not copied to a million Python objects).
    cells_in = values.fillna("") if pd.api.types.is_string_dtype(values) else (
        values.astype("object").fillna(""))
    codes, uniques = pd.factorize(cells_in, sort=False)
    cells = [str(u) for u in uniques]
    # Kobo's choice names («operador_montacargas empacador») are read name by name; the
    # cell as written is what the interpretation names.
    named = choice_names([c.strip() for c in cells])
    readings = read_cells([c if n is None else "; ".join(n) for c, n in zip(
        cells, named, strict=True)], cutoff=cutoff)
    words = {k: text(f"occupation.reading.{k}", lang) for k in (
        "several", "translation", "refined", "family", "fuzzy", "ambiguous", "unmatched",
        "none", "context", "choice_name")}
    n_cells = len(cells)
    occupations_out = [""] * n_cells
    notes = [""] * n_cells
    missing = [""] * n_cells
    n_missing = np.zeros(n_cells, np.int64)
    for cell, found in enumerate(readings):  # distinct cells only
        parts = [r.text.strip() for r in found]
        occupations_out[cell] = "; ".join(parts)
        said = []
        if len(parts) > 1:
            said.append(words["several"].format(cell=cells[cell].strip(),
                                                parts=" | ".join(parts)))
        elif named[cell] is not None and parts and parts[0] != cells[cell].strip():
            said.append(words["choice_name"].format(cell=cells[cell].strip(),
                                                    text=parts[0]))
        for r in found:
            name = label(r.code, lang) if r.code > 0 else ""
            if r.status in ("translation", "refined", "family", "fuzzy"):
                said.append(words[r.status].format(text=r.text, label=name,
                                                   matched=r.matched))
            elif r.status in ("ambiguous", "unmatched", "none"):
                said.append(words[r.status].format(text=r.text, matched=r.matched))
            elif r.detail == "context":
                said.append(words["context"].format(text=r.text, label=name))
        bad = [r.text.strip() for r in found if r.status in ("ambiguous", "unmatched")]
        missing[cell] = "; ".join(bad)
        n_missing[cell] = len(bad)
        notes[cell] = "; ".join(said)
    pick = np.asarray(codes)
    return pd.DataFrame({
        "occupations": spread(occupations_out, pick, values.index),
        "interpretation": spread(notes, pick, values.index),
        "unrecognised": spread(missing, pick, values.index),
        "n_unrecognised": n_missing[pick],
    }, index=values.index)


def unrecognised_occupations(values: pd.Series, *, cutoff: float = DEFAULT_CUTOFF
                             ) -> pd.Series:
    """The occupations of each cell that were not understood (``;``-separated, "" if none).

    Examples
    --------
    >>> unrecognised_occupations(pd.Series(["albañil, astronauta", "roofing"])).tolist()
    ['astronauta', '']
    """
    return occupation_readings(values, cutoff=cutoff)["unrecognised"].rename(
        "unrecognised_occupation")


def occupation_codes(values: pd.Series | list[str], *, how: str = "primary",
                     cutoff: float = DEFAULT_CUTOFF) -> pd.Series:
    """ISCO code(s) recognised in each cell of a free-text occupation column.

    Parameters
    ----------
    values : Series or list of str
        Occupation texts or codes.
    how : {"primary", "all"}
        ``"primary"``: the first recognised code (str, NA if none). ``"all"``: the list of
        every recognised code in the order written. A family is its 3-digit group.
    cutoff : float
        Lowest fuzzy score accepted (see :func:`match_occupations`).

    Returns
    -------
    pandas.Series
        Same index as ``values``.

    Examples
    --------
    >>> occupation_codes(["cocinero; mesero", "??"]).tolist()
    ['5120', <NA>]
    >>> occupation_codes(["cocinero; mesero", "operador de montacargas y grúa"],
    ...                  how="all").tolist()
    [['5120', '5131'], ['834']]
    """
    series = pd.Series(values) if not isinstance(values, pd.Series) else values
    if how not in ("primary", "all"):
        from oportumap.errors import DataError

        raise DataError(f"how='{how}' no es válido; use 'primary' o 'all'")
    slots = 1 if how == "primary" else 8
    codes, _ = person_codes(series, slots=slots, cutoff=cutoff)
    if how == "primary":
        text = pd.array([_code_text(int(c)) or pd.NA for c in codes[:, 0]], dtype="string")
        return pd.Series(text, index=series.index, name="isco")
    lists = [[_code_text(int(c)) for c in row if c] for row in codes]
    return pd.Series(lists, index=series.index, name="isco", dtype=object)


def similarity(isco_a, isco_b):
    """Similarity of occupations: 1.0 same unit group, 0.5 same minor group, 0 otherwise.

    Parameters
    ----------
    isco_a, isco_b : str, int or array-like
        ISCO-08 codes (``"7115"`` or ``7115``); 0, ``""`` or NA mean "no occupation" and
        give 0. Arrays broadcast.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> similarity("7115", "7115"), similarity("7112", "7115"), similarity("7112", "5120")
    (1.0, 0.5, 0.0)
    """
    scalar = np.ndim(isco_a) == 0 and np.ndim(isco_b) == 0
    a, b = _as_codes(isco_a), _as_codes(isco_b)
    same = (a == b) & (a > 0)
    minor = (a // 10 == b // 10) & (a > 0) & (b > 0)
    result = np.where(same, 1.0, np.where(minor, MINOR_GROUP_SIMILARITY, 0.0))
    return float(result) if scalar else result


def _as_codes(values) -> np.ndarray:
    array = np.asarray(values)
    if np.issubdtype(array.dtype, np.integer):
        return array.astype(np.int64)
    flat = np.array([_to_int(v) for v in array.astype(object).ravel()], dtype=np.int64)
    return flat.reshape(array.shape)


def _to_int(value: object) -> int:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return 0
    text = str(value).strip()
    return int(text) if text.isdigit() else 0
