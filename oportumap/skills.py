"""Occupations: an ISCO-08 based taxonomy, free-text matching and certification standards.

The taxonomy ships as ``geodata/occupations.csv``: one row per ISCO-08 unit group that
returnees and employers actually mention, with a Spanish and an English label and the
synonyms people write (``albañil``, ``tablayeso``, ``call center bilingüe``, ``cortador de
café``...). The twelve competence-certification standards offered to returnees ship as
``geodata/certification_standards.csv``, each mapped to the ISCO codes it certifies.

Matching rules (one place, so a planner can read why a text got a code)
    1. The text is split on ``;``, each token is normalised (lower case, no accents, no
       punctuation: ``"ALBAÑIL."`` -> ``"albanil"``).
    2. A 4-digit ISCO code (``"7112"``, ``"CIUO 7112"``, ``"ISCO-08 7112"``) is taken as
       given (confidence 1.0, ``status="code"``).
    3. A token equal to a label or synonym matches with confidence 1.0 (``"exact"``).
    4. Otherwise the closest synonym by rapidfuzz ``WRatio`` (tolerates typos, word order
       and extra words) matches with confidence ``score / 100`` (at most 0.99) when the
       score reaches ``cutoff`` (default :data:`DEFAULT_CUTOFF`) (``"fuzzy"``).
    5. When two different occupations score within :data:`AMBIGUITY_MARGIN` points of the
       best fuzzy score the token is ``"ambiguous"`` and left unmatched; below the cutoff it
       is ``"unmatched"``. Unmatched text is kept, never guessed.

Related occupations: :func:`similarity` is 1.0 within the same unit group (4 digits),
:data:`MINOR_GROUP_SIMILARITY` (0.5) within the same minor group (3 digits) and 0 otherwise.
Each distinct token is matched once, so a million returnees cost a few thousand matches.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from oportumap.text import normalize_text

#: Fuzzy-match score (0-100, rapidfuzz WRatio) below which a token stays unmatched.
DEFAULT_CUTOFF = 86.0
#: Fuzzy matches whose runner-up (another occupation) is within this many points are ambiguous.
AMBIGUITY_MARGIN = 1.0
#: Similarity of two occupations in the same ISCO minor group (first 3 digits).
MINOR_GROUP_SIMILARITY = 0.5
#: Highest confidence a fuzzy (non-exact) match can have.
MAX_FUZZY_CONFIDENCE = 0.99

_FUZZY_CHUNK = 2000

MATCH_COLUMNS = ["text", "isco", "label_es", "label_en", "confidence", "status", "matched",
                 "count"]

_CODE = re.compile(r"^(?:(?:isco|ciuo)(?: ?0?8)? )?(\d{4})$")


def _geodata(name: str) -> Path:
    return Path(str(resources.files("oportumap.geodata") / name))


@functools.lru_cache(maxsize=1)
def occupations() -> pd.DataFrame:
    """The bundled occupation taxonomy (ISCO-08 unit groups), one row per occupation.

    Returns
    -------
    pandas.DataFrame
        ``isco`` (4-digit str), ``minor`` (3-digit str), ``label_es``, ``label_en`` and
        ``synonyms`` (list of str as written in the file). Do not modify the returned
        frame (it is cached); copy it first.

    Examples
    --------
    >>> occ = occupations()
    >>> occ.set_index("isco").loc["7112", "label_es"]
    'Albañil'
    """
    table = pd.read_csv(_geodata("occupations.csv"), dtype=str, keep_default_na=False)
    table["synonyms"] = table["synonyms"].str.split("|")
    table.insert(1, "minor", table["isco"].str[:3])
    return table


@functools.lru_cache(maxsize=1)
def certification_standards() -> pd.DataFrame:
    """The competence-certification standards and the ISCO codes each one certifies.

    Returns
    -------
    pandas.DataFrame
        ``standard_id``, ``title_es``, ``title_en``, ``isco`` (first code, str),
        ``isco_codes`` (list of str: every occupation the standard certifies) and
        ``synonyms`` (list of str).

    Examples
    --------
    >>> std = certification_standards()
    >>> len(std), std.set_index("title_es").loc["Instalador de tablayeso", "isco"]
    (12, '7123')
    """
    table = pd.read_csv(_geodata("certification_standards.csv"), dtype=str,
                        keep_default_na=False)
    table["isco_codes"] = table.pop("isco").str.split(";")
    table.insert(3, "isco", table["isco_codes"].str[0])
    table["synonyms"] = table["synonyms"].str.split("|")
    return table


@functools.lru_cache(maxsize=1)
def _vocabulary() -> tuple[dict[str, int], np.ndarray, np.ndarray]:
    """Normalised synonym -> ISCO code, plus the synonym list and its codes for fuzzy search.

    Labels (es/en), synonyms and certification-standard titles all count; a synonym
    listed under two occupations is a data error caught by the tests.
    """
    exact: dict[str, int] = {}
    for row in occupations().itertuples(index=False):
        code = int(row.isco)
        for text in (row.label_es, row.label_en, *row.synonyms):
            key = normalize_text(text)
            if key:
                exact.setdefault(key, code)
    for row in certification_standards().itertuples(index=False):
        code = int(row.isco)
        for text in (row.title_es, row.title_en):
            exact.setdefault(normalize_text(text), code)
    keys = np.array(list(exact), dtype=object)
    codes = np.array([exact[k] for k in keys], dtype=np.int32)
    return exact, keys, codes


@functools.lru_cache(maxsize=1)
def _labels() -> tuple[dict[int, str], dict[int, str]]:
    occ = occupations()
    codes = occ["isco"].astype(int)
    return dict(zip(codes, occ["label_es"], strict=True)), dict(
        zip(codes, occ["label_en"], strict=True))


def label(code: int | str, lang: str = "es") -> str:
    """Label of an ISCO code in Spanish (default) or English; ``"CIUO 1234"`` if unknown.

    Examples
    --------
    >>> label("7115"), label(7115, lang="en")
    ('Carpintero', 'Carpenter and joiner')
    """
    es, en = _labels()
    code = int(code)
    table = en if lang == "en" else es
    return table.get(code, f"{'ISCO' if lang == 'en' else 'CIUO'} {code:04d}")


def _match_normalized(tokens: np.ndarray, cutoff: float
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Match distinct normalised tokens: (isco int32, confidence float, status, matched)."""
    from rapidfuzz import fuzz, process

    exact, keys, key_codes = _vocabulary()
    n = len(tokens)
    isco = np.zeros(n, dtype=np.int32)
    conf = np.zeros(n, dtype=np.float64)
    status = np.full(n, "unmatched", dtype=object)
    matched = np.full(n, "", dtype=object)
    fuzzy_idx = []
    for i, token in enumerate(tokens):  # distinct tokens only (a few thousand at most)
        if not token:
            status[i] = "empty"
            continue
        code = _CODE.match(token)
        if code:
            isco[i], conf[i], status[i], matched[i] = int(code.group(1)), 1.0, "code", token
        elif token in exact:
            isco[i], conf[i], status[i], matched[i] = exact[token], 1.0, "exact", token
        else:
            fuzzy_idx.append(i)
    choices = list(keys)
    for chunk in range(0, len(fuzzy_idx), _FUZZY_CHUNK):  # bounded memory on messy data
        part = fuzzy_idx[chunk:chunk + _FUZZY_CHUNK]
        queries = [tokens[i] for i in part]
        scores = process.cdist(queries, choices, scorer=fuzz.WRatio, dtype=np.float32,
                               workers=1)
        best = scores.argmax(axis=1)
        best_score = scores[np.arange(len(queries)), best]
        best_code = key_codes[best]
        other = np.where(key_codes[None, :] != best_code[:, None], scores, 0).max(axis=1)
        for q, i in enumerate(part):
            if best_score[q] < cutoff:
                continue
            if other[q] >= best_score[q] - AMBIGUITY_MARGIN:
                status[i], matched[i] = "ambiguous", keys[best[q]]
                continue
            isco[i] = best_code[q]
            conf[i] = min(float(best_score[q]) / 100.0, MAX_FUZZY_CONFIDENCE)
            status[i], matched[i] = "fuzzy", keys[best[q]]
    return isco, conf, status, matched


def _split_tokens(values: pd.Series) -> pd.DataFrame:
    """Distinct full strings -> tokens: frame with ``row`` (index into uniques), ``pos``,
    ``raw`` and ``norm``; plus the codes of each input row into the uniques."""
    codes, uniques = pd.factorize(values.astype("object").fillna(""), sort=False)
    parts = pd.Series(np.asarray(uniques, dtype=object)).astype(str).str.split(";")
    exploded = parts.explode()
    tokens = pd.DataFrame({"row": exploded.index.to_numpy(),
                           "raw": exploded.fillna("").str.strip().to_numpy()})
    tokens["pos"] = tokens.groupby("row").cumcount()
    tokens["norm"] = [normalize_text(t) for t in tokens["raw"]]
    return tokens, codes


def match_occupations(texts: pd.Series | list[str], *, cutoff: float = DEFAULT_CUTOFF
                      ) -> pd.DataFrame:
    """Match free-text occupations (``;``-separated) to ISCO-08 codes, once per token.

    Parameters
    ----------
    texts : Series or list of str
        Occupation texts as people wrote them, or ISCO codes; several per cell separated
        by ``;`` (``"albañil; pintor"``).
    cutoff : float
        Lowest fuzzy score (0-100) accepted as a match.

    Returns
    -------
    pandas.DataFrame
        One row per distinct token (as first written, stripped), in order of first
        appearance: ``text``, ``isco`` (4-digit str, NA when unmatched), ``label_es``,
        ``label_en``, ``confidence`` (1.0 exact or code, score/100 fuzzy, 0 unmatched),
        ``status`` (``exact``/``code``/``fuzzy``/``ambiguous``/``unmatched``),
        ``matched`` (the synonym it matched) and ``count`` (cells containing it).
        Empty tokens are left out.

    Examples
    --------
    >>> m = match_occupations(["Albañil", "albanil; ELECTRISISTA", "astronauta", "7115"])
    >>> m["isco"].tolist()
    ['7112', '7112', '7411', <NA>, '7115']
    >>> m["status"].tolist()
    ['exact', 'exact', 'fuzzy', 'unmatched', 'code']
    """
    series = pd.Series(texts) if not isinstance(texts, pd.Series) else texts
    tokens, codes = _split_tokens(series)
    tokens = tokens[tokens["norm"] != ""]
    counts = np.bincount(codes[codes >= 0], minlength=max(int(tokens["row"].max()) + 1, 1)
                         ) if len(tokens) else np.zeros(0, dtype=int)
    tokens = tokens.assign(n=counts[tokens["row"].to_numpy()] if len(tokens) else 0)
    per_text = tokens.groupby("raw", sort=False).agg(norm=("norm", "first"), count=("n", "sum"))
    isco, conf, status, matched = _match_normalized(per_text["norm"].to_numpy(), cutoff)
    es, en = _labels()
    iso = pd.array([f"{c:04d}" if c else pd.NA for c in isco], dtype="string")
    return pd.DataFrame({
        "text": per_text.index.to_numpy(dtype=object),
        "isco": iso,
        "label_es": [label(c) if c else "" for c in isco],
        "label_en": [label(c, "en") if c else "" for c in isco],
        "confidence": conf.round(4),
        "status": status,
        "matched": matched,
        "count": per_text["count"].to_numpy(dtype=np.int64),
    })


def person_codes(values: pd.Series, *, slots: int = 2, cutoff: float = DEFAULT_CUTOFF
                 ) -> tuple[np.ndarray, np.ndarray]:
    """First ``slots`` recognised ISCO codes of each cell and their confidences.

    Vectorised for large inputs: distinct cells are split and matched once.

    Returns
    -------
    codes : ndarray of int32, shape (n, slots)
        ISCO codes as integers, 0 where fewer codes were recognised. A code repeated in
        one cell counts once.
    confidence : ndarray of float, shape (n, slots)

    Examples
    --------
    >>> codes, conf = person_codes(pd.Series(["albañil; carpintero", "astronauta", ""]))
    >>> codes.tolist()
    [[7112, 7115], [0, 0], [0, 0]]
    """
    n_rows = len(values)
    out_codes = np.zeros((n_rows, slots), dtype=np.int32)
    out_conf = np.zeros((n_rows, slots), dtype=np.float64)
    if n_rows == 0:
        return out_codes, out_conf
    tokens, codes = _split_tokens(values)
    n_uniques = int(tokens["row"].max()) + 1
    norms, inverse = np.unique(tokens["norm"].to_numpy(dtype=object).astype(str),
                               return_inverse=True)
    isco, conf, _status, _ = _match_normalized(norms.astype(object), cutoff)
    tokens = tokens.assign(isco=isco[inverse], conf=conf[inverse])
    tokens = tokens[tokens["isco"] > 0].drop_duplicates(["row", "isco"])
    tokens = tokens.assign(slot=tokens.groupby("row").cumcount())
    tokens = tokens[tokens["slot"] < slots]
    uniq_codes = np.zeros((n_uniques, slots), dtype=np.int32)
    uniq_conf = np.zeros((n_uniques, slots), dtype=np.float64)
    rows, slot = tokens["row"].to_numpy(), tokens["slot"].to_numpy()
    uniq_codes[rows, slot] = tokens["isco"].to_numpy()
    uniq_conf[rows, slot] = tokens["conf"].to_numpy()
    return uniq_codes[codes], uniq_conf[codes]


def occupation_codes(values: pd.Series | list[str], *, how: str = "primary",
                     cutoff: float = DEFAULT_CUTOFF) -> pd.Series:
    """ISCO code(s) recognised in each cell of a free-text occupation column.

    Parameters
    ----------
    values : Series or list of str
        Occupation texts or codes, ``;``-separated.
    how : {"primary", "all"}
        ``"primary"``: the first recognised code (str, NA if none). ``"all"``: the list of
        every recognised code in the order written.
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
    >>> occupation_codes(["cocinero; mesero"], how="all").tolist()
    [['5120', '5131']]
    """
    series = pd.Series(values) if not isinstance(values, pd.Series) else values
    if how not in ("primary", "all"):
        from oportumap.errors import DataError

        raise DataError(f"how='{how}' no es válido; use 'primary' o 'all'")
    slots = 1 if how == "primary" else 8
    codes, _ = person_codes(series, slots=slots, cutoff=cutoff)
    if how == "primary":
        text = pd.array([f"{c:04d}" if c else pd.NA for c in codes[:, 0]], dtype="string")
        return pd.Series(text, index=series.index, name="isco")
    lists = [[f"{c:04d}" for c in row if c] for row in codes]
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
    """(ISCO code, standard) pairs: which standard certifies which occupation.

    Returns
    -------
    pandas.DataFrame
        ``isco`` (int), ``standard_id``, ``title_es``; one row per code a standard covers.

    Examples
    --------
    >>> t = certifiable_table()
    >>> sorted(t.loc[t["isco"] == 5120, "standard_id"])
    ['CS-09', 'CS-10']
    """
    std = certification_standards().explode("isco_codes")
    return pd.DataFrame({"isco": std["isco_codes"].astype(int).to_numpy(),
                         "standard_id": std["standard_id"].to_numpy(),
                         "title_es": std["title_es"].to_numpy()})


def standard_of(values: pd.Series, *, cutoff: float = DEFAULT_CUTOFF) -> pd.Series:
    """Certification standard named by each text (a title, synonym or occupation).

    The text is matched like an occupation; the standard is the first one whose codes
    include that occupation (``""`` when none does).

    Examples
    --------
    >>> standard_of(pd.Series(["Instalador de tablayeso", "Soldador estructural", "chef"])
    ...             ).tolist()
    ['CS-01', 'CS-06', 'CS-10']
    """
    codes, _ = person_codes(values, slots=1, cutoff=cutoff)
    first = certifiable_table().drop_duplicates("isco").set_index("isco")["standard_id"]
    # Titles matched as text point at their own standard first (electricista industrial).
    own = {}
    for row in certification_standards().itertuples(index=False):
        for text in (row.title_es, row.title_en, *row.synonyms):
            own.setdefault(normalize_text(text), row.standard_id)
    norm = values.astype("object").fillna("").map(normalize_text)
    by_text = norm.map(own)
    by_code = pd.Series(codes[:, 0], index=values.index).map(first)
    return by_text.fillna(by_code).fillna("").astype(object)


def certified_codes(values: pd.Series, *, cutoff: float = DEFAULT_CUTOFF) -> pd.Series:
    """ISCO codes each person is certified in, from a ``;``-separated certifications column.

    A certification names a standard (or an occupation that has one); the person is
    certified in every occupation that standard covers.

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
