"""Competence-certification standards: their names and which occupations each recognises.

``geodata/certification_standards.csv`` holds the twelve standards offered to returnees
with their titles and the other names they go by (INTECAP's own titles among them);
``geodata/standard_occupations.csv`` says which occupations each standard recognises and
how well: ``fit`` 1 is the standard of the person's own trade, ``fit`` 2 a related trade it
also accepts (offered only after the own-trade standards). Public through
:mod:`oportumap.skills`.
"""

from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd

from oportumap.occupation_phrases import (
    AMBIGUITY_MARGIN,
    DEFAULT_CUTOFF,
    _geodata,
    cell_table,
)
from oportumap.text import normalize_text


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
    key = normalize_text(text)
    key = re.sub(r"^(?:" + "|".join(_STANDARD_LEAD) + r")(?: (?:por|de|en) competencias?"
                 r"| laboral| de competencias laborales)?(?: (?:de|en|como|para|of|in))? ",
                 "", key)
    return key


def _singular(key: str) -> str:
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
    table, cell_of, _ = cell_table(pd.Series(both, dtype=object), cutoff)
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
