"""Benchmark: reading a million returnees' occupations, against plain rapidfuzz.

Ours: ``oportumap.skills.person_codes`` (cells split into occupations, translations,
general words made precise, families, fuzzy look-up with the ambiguity margin, each
distinct cell once) and ``occupation_readings`` (the same plus every interpretation in
words), on ``--size`` rows (default 1,000,000) drawn from the occupations the shared
corpus' offices write plus ``--typos`` distinct misspelt phrases (default 3,000) -- a
messy registry.

Peer, on the same rows in the same run: the least any fuzzy matcher must do -- factorise
the column, normalise the distinct cells, ``rapidfuzz.process.cdist`` (WRatio) against the
same phrase list, take the best score above the cutoff and map back to the rows. It does
not split cells, read translations, keep families or say anything: it flatters the peer.

Run: ``.venv/bin/python benchmarks/occupations.py`` (``--quick``: 100,000 rows, 500 typos).
"""

from __future__ import annotations

import argparse
import random
import time

import numpy as np
import pandas as pd

WRITTEN = [
    "albañil", "roofing, framing", "jardinería/landscaping", "trabajé en construcción (techos)",
    "body shop / enderezado y pintura", "auto body / hojalatería y pintura",
    "line cook, dishwasher", "ordeño (dairy)", "limpieza de casas (housekeeping)",
    "empacadora en fábrica", "FRAMING Y CONCRETO", "OPERADOR DE MONTACARGAS Y GRUA",
    "COCINERO/LINE COOK", "cortador de café", "ninguno", "", "albañil\ncarpintero",
    "soldador", "motorista", "construcción general", "prep cook", "residential electrician",
]


def rows(size: int, typos: int, seed: int) -> pd.Series:
    from oportumap.occupation_phrases import phrase_table

    rng = random.Random(seed)
    phrases = phrase_table()["phrase"].tolist()
    misspelt = []
    for _ in range(typos):
        p = rng.choice(phrases)
        i = rng.randrange(len(p)) if len(p) > 3 else 0
        misspelt.append(p[:i] + p[i + 1:])
    distinct = np.array(WRITTEN + misspelt, dtype=object)
    return pd.Series(np.random.default_rng(seed).choice(distinct, size))


def peer(values: pd.Series, cutoff: float) -> np.ndarray:
    from rapidfuzz import fuzz, process

    from oportumap.occupation_phrases import vocabulary
    from oportumap.text import normalize_text

    voc = vocabulary()
    codes, uniques = pd.factorize(values.fillna(""), sort=False)
    keys = [normalize_text(u) for u in uniques]
    scores = process.cdist(keys, list(voc.keys), scorer=fuzz.WRatio, dtype=np.float32,
                           workers=1)
    best = scores.argmax(axis=1)
    found = np.where(scores[np.arange(len(keys)), best] >= cutoff, voc.codes[best], 0)
    return found[codes]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--typos", type=int, default=3_000)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    if args.quick:
        args.size, args.typos = 100_000, 500
    from oportumap import occupation_phrases, skills

    values = rows(args.size, args.typos, args.seed)
    distinct = values.nunique()
    occupation_phrases._MEMO.clear()
    start = time.perf_counter()
    skills.person_codes(values)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    skills.occupation_readings(values)  # the readers' call, after the referral run's
    said = time.perf_counter() - start
    occupation_phrases._MEMO.clear()
    start = time.perf_counter()
    peer(values, skills.DEFAULT_CUTOFF)
    theirs = time.perf_counter() - start
    print(f"{args.size:,} rows, {distinct:,} distinct cells, "
          f"{len(occupation_phrases.vocabulary().keys):,} phrases")
    print(f"{'what':<52}{'seconds':>9}")
    print(f"{'ours: person_codes (split, read, fuzzy, families)':<52}{ours:>9.2f}")
    print(f"{'ours: occupation_readings after it (words)':<52}{said:>9.2f}")
    print(f"{'peer: factorise + rapidfuzz cdist + map back':<52}{theirs:>9.2f}")
    print(f"ratio ours / peer: {ours / theirs:.2f}")


if __name__ == "__main__":
    main()
