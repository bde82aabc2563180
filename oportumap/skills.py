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

import numpy as np
import pandas as pd

from oportumap.occupation_phrases import (
    AMBIGUITY_MARGIN,
    DEFAULT_CUTOFF,
    MAX_FUZZY_CONFIDENCE,
    _geodata,
    _is_family,
    read_cells,
    taxonomy,
)
from oportumap.text import normalize_text

__all__ = ["AMBIGUITY_MARGIN", "DEFAULT_CUTOFF", "MAX_FUZZY_CONFIDENCE",
           "MINOR_GROUP_SIMILARITY", "certifiable_table", "certification_standards",
           "certified_codes", "families", "label", "match_occupations", "occupation_codes",
           "occupation_readings", "occupations", "person_codes", "similarity",
           "standard_of", "unrecognised_occupations"]

#: Similarity of two occupations in the same ISCO minor group (first 3 digits).
MINOR_GROUP_SIMILARITY = 0.5

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
def certification_standards() -> pd.DataFrame:
    """The competence-certification standards and the occupations each one recognises.

    Returns
    -------
    pandas.DataFrame
        ``standard_id``, ``title_es``, ``title_en``, ``isco`` (first own-trade code,
        str), ``isco_codes`` (list of str: the unit groups it certifies as the person's
        own trade, fit 1) and ``synonyms`` (list of str: other names, INTECAP's titles
        among them).

    Examples
    --------
    >>> std = certification_standards()
    >>> len(std), std.set_index("title_es").loc["Instalador de tablayeso", "isco"]
    (12, '7123')
    """
    table = pd.read_csv(_geodata("certification_standards.csv"), dtype=str,
                        keep_default_na=False)
    fits = _standard_occupations()
    own = fits[(fits["fit"] == 1) & fits["isco"].str.fullmatch(r"\d{4}")]
    codes = own.groupby("standard_id", sort=False)["isco"].agg(list)
    table.insert(3, "isco_codes", table["standard_id"].map(codes))
    table.insert(3, "isco", table["isco_codes"].str[0])
    table["synonyms"] = table["synonyms"].str.split("|")
    return table


@functools.lru_cache(maxsize=1)
def _standard_occupations() -> pd.DataFrame:
    table = pd.read_csv(_geodata("standard_occupations.csv"), dtype=str,
                        keep_default_na=False)
    table["fit"] = table["fit"].astype(int)
    return table


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


def _cell_table(values: pd.Series, cutoff: float) -> tuple[pd.DataFrame, np.ndarray, int]:
    """Read each distinct cell once: one row per occupation found (``cell`` indexes the
    distinct cells), plus each input row's distinct-cell code and how many cells."""
    codes, uniques = pd.factorize(values.astype("object").fillna(""), sort=False)
    cells = [str(u) for u in uniques]
    readings = read_cells(cells, cutoff=cutoff)
    rows = [(i, pos, r.text, r.code, r.conf, r.status, r.matched, r.detail)
            for i, cell in enumerate(readings) for pos, r in enumerate(cell)]
    table = pd.DataFrame(rows, columns=["cell", "pos", "text", "code", "conf", "status",
                                        "matched", "detail"])
    table = table.astype({"cell": np.int64, "pos": np.int64, "code": np.int64,
                          "conf": float})
    return table, codes, len(cells)


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
    ...                        "ordeño (dairy)"])
    >>> m["isco"].tolist()
    ['7112', '7112', '7411', <NA>, '7115', '6121']
    >>> m["status"].tolist()
    ['exact', 'exact', 'fuzzy', 'unmatched', 'code', 'translation']
    """
    series = pd.Series(texts) if not isinstance(texts, pd.Series) else texts
    table, codes, n_cells = _cell_table(series, cutoff)
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


def person_codes(values: pd.Series, *, slots: int = 2, cutoff: float = DEFAULT_CUTOFF
                 ) -> tuple[np.ndarray, np.ndarray]:
    """First ``slots`` recognised occupation codes of each cell and their confidences.

    Vectorised for large inputs: distinct cells are read once.

    Returns
    -------
    codes : ndarray of int32, shape (n, slots)
        ISCO codes as integers (a family as its minor group x 10), 0 where fewer
        occupations were recognised. A code repeated in one cell counts once.
    confidence : ndarray of float, shape (n, slots)

    Examples
    --------
    >>> codes, conf = person_codes(pd.Series(["albañil; carpintero", "astronauta", "",
    ...                                       "roofing, framing"]))
    >>> codes.tolist()
    [[7112, 7115], [0, 0], [0, 0], [7121, 7115]]
    """
    n_rows = len(values)
    out_codes = np.zeros((n_rows, slots), dtype=np.int32)
    out_conf = np.zeros((n_rows, slots), dtype=np.float64)
    if n_rows == 0:
        return out_codes, out_conf
    table, codes, n_cells = _cell_table(values, cutoff)
    table = table[table["code"] > 0].drop_duplicates(["cell", "code"])
    table = table.assign(slot=table.groupby("cell").cumcount())
    table = table[table["slot"] < slots]
    uniq_codes = np.zeros((n_cells, slots), dtype=np.int32)
    uniq_conf = np.zeros((n_cells, slots), dtype=np.float64)
    cell, slot = table["cell"].to_numpy(), table["slot"].to_numpy()
    uniq_codes[cell, slot] = table["code"].to_numpy()
    uniq_conf[cell, slot] = table["conf"].to_numpy()
    return uniq_codes[codes], uniq_conf[codes]


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

    codes, uniques = pd.factorize(values.astype("object").fillna(""), sort=False)
    cells = [str(u) for u in uniques]
    readings = read_cells(cells, cutoff=cutoff)
    words = {k: text(f"occupation.reading.{k}", lang) for k in (
        "several", "translation", "refined", "family", "fuzzy", "ambiguous", "unmatched",
        "none", "context")}
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
        "occupations": np.array(occupations_out, dtype=object)[pick],
        "interpretation": np.array(notes, dtype=object)[pick],
        "unrecognised": np.array(missing, dtype=object)[pick],
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


@functools.lru_cache(maxsize=1)
def certifiable_table() -> pd.DataFrame:
    """(occupation, standard) pairs: which standard recognises which occupation, how well.

    Returns
    -------
    pandas.DataFrame
        ``isco`` (int; a family as its minor group x 10), ``standard_id``, ``title_es``
        and ``fit`` (1: the standard of the person's own trade; 2: a related trade it
        also accepts, offered only when no own-trade standard is within reach).

    Examples
    --------
    >>> t = certifiable_table()
    >>> t.loc[t["isco"] == 5120, ["standard_id", "fit"]].values.tolist()
    [['CS-09', 1], ['CS-10', 2]]
    >>> bool((t["isco"] == 9412).any())  # a dishwasher fits no cook's standard
    False
    """
    fits = _standard_occupations()
    code = fits["isco"].astype(int).where(fits["isco"].str.len() == 4,
                                          fits["isco"].astype(int) * 10)
    titles = certification_standards().set_index("standard_id")["title_es"]
    table = pd.DataFrame({"isco": code.to_numpy(np.int64),
                          "standard_id": fits["standard_id"].to_numpy(),
                          "title_es": fits["standard_id"].map(titles).to_numpy(),
                          "fit": fits["fit"].to_numpy(np.int64)})
    return table.sort_values(["isco", "fit", "standard_id"], kind="stable").reset_index(
        drop=True)


_STANDARD_LEAD = ("certificacion", "certificado", "certification", "norma", "estandar",
                  "standard", "evaluacion")


@functools.lru_cache(maxsize=1)
def _standard_phrases() -> dict[str, str]:
    own: dict[str, str] = {}
    for row in certification_standards().itertuples(index=False):
        for text in (row.title_es, row.title_en, *row.synonyms):
            own.setdefault(normalize_text(text), row.standard_id)
    return own


def _standard_key(text: str) -> str:
    """A certification's name without "Certificación (por competencias) de ..." and
    plurals ("carpinteros" -> "carpintero")."""
    import re

    key = normalize_text(text)
    key = re.sub(r"^(?:" + "|".join(_STANDARD_LEAD) + r")(?: (?:por|de|en) competencias?"
                 r"| laboral| de competencias laborales)?(?: (?:de|en|como|para|of|in))? ",
                 "", key)
    return key


def _singular(key: str) -> str:
    import re

    return " ".join(re.sub(r"(?<=[aeiou][rn])es$|(?<=[aeo])s$", "", w) for w in key.split())


def standard_of(values: pd.Series, *, cutoff: float = DEFAULT_CUTOFF) -> pd.Series:
    """Certification standard named by each text (a title, synonym or occupation).

    Rules, in order: the standard's own title or another of its names, as INTECAP and
    others write it ("Soldador de Estructuras Metálicas", "Enderezado y Pintura de
    Vehículos"), also after "Certificación (de competencias):" and in plural
    ("Certificación de carpinteros"); else the occupation the text names, when exactly
    one standard is that occupation's own trade ("Certificación: electricista" ->
    popular-housing electrician); else the closest name by fuzzy matching when no other
    standard is as close. ``""`` when none applies.

    Examples
    --------
    >>> standard_of(pd.Series(["Instalador de tablayeso", "Soldador de Estructuras "
    ...                        "Metálicas", "chef", "Certificación de cocineros"])).tolist()
    ['CS-01', 'CS-06', 'CS-10', 'CS-09']
    """
    from rapidfuzz import fuzz, process

    codes, uniques = pd.factorize(values.astype("object").fillna(""), sort=False)
    texts = [str(u) for u in uniques]
    own = _standard_phrases()
    table = certifiable_table()
    sole = table[table["fit"] == 1].groupby("isco")["standard_id"].agg(
        lambda s: s.iloc[0] if len(s) == 1 else "")
    keys = [_standard_key(t) for t in texts]
    # Only an occupation read as written (not a fuzzy guess) names a standard: "OSHA 30
    # construcción" is a safety course, not the construction worker's certification.
    both = keys + [_singular(k) for k in keys]  # "cocineros" is read as "cocinero"
    table, cell_of, _ = _cell_table(pd.Series(both, dtype=object), cutoff)
    sure = table[table["status"].isin(["exact", "code", "translation", "refined"])]
    sure = sure.drop_duplicates("cell")
    code_of = dict(zip(sure["cell"], sure["code"], strict=True))
    n = len(keys)
    occ = [code_of.get(int(cell_of[i]), 0) or code_of.get(int(cell_of[n + i]), 0)
           for i in range(n)]
    names = list(own)
    out = []
    for key, code in zip(keys, occ, strict=True):  # distinct texts only
        found = own.get(key) or own.get(_singular(key)) or ""
        if not found and code:
            found = sole.get(int(code), "")
        if not found and key:
            scores = process.extract(key, names, scorer=fuzz.WRatio, limit=None)
            best = [s for s in scores if s[1] >= cutoff]
            if best and not any(own[s[0]] != own[best[0][0]] and
                                s[1] >= best[0][1] - AMBIGUITY_MARGIN for s in best[1:]):
                found = own[best[0][0]]
        out.append(found)
    return pd.Series(np.array(out, dtype=object)[codes] if len(codes) else [],
                     index=values.index, dtype=object)


def certified_codes(values: pd.Series, *, cutoff: float = DEFAULT_CUTOFF) -> pd.Series:
    """ISCO codes each person is certified in, from a ``;``-separated certifications column.

    A certification names a standard (or an occupation that has one); the person is
    certified in every occupation that is that standard's own trade.

    Examples
    --------
    >>> certified_codes(pd.Series(["Carpintero", "", "Soldador estructural"])).tolist()
    [[7115], [], [7212, 7214]]
    """
    codes, uniques = pd.factorize(values.astype("object").fillna(""), sort=False)
    parts = pd.Series(np.asarray(uniques, dtype=object)).astype(str).str.split(";").explode()
    parts = parts.str.strip()
    std = standard_of(parts.reset_index(drop=True), cutoff=cutoff)
    std.index = parts.index
    covers = certification_standards().set_index("standard_id")["isco_codes"]
    per_unique = [[] for _ in range(len(uniques))]
    for row, standard in std[std != ""].items():  # distinct certification texts only
        for code in covers[standard]:
            if int(code) not in per_unique[row]:
                per_unique[row].append(int(code))
    table = pd.Series(per_unique, dtype=object)
    return pd.Series(table.to_numpy()[codes], index=values.index, dtype=object)
