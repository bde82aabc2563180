"""Resolving a million municipality names as people write them: ours vs a plain lookup.

Ours (:func:`oportumap.geography.resolve`) runs the whole cascade (codes, exact names,
aliases, abbreviations, repairs, fuzzy) on each distinct (name, department) pair and
reports every non-exact reading. The peer is what a planner would write by hand: a
``pandas`` ``Series.map`` of accent-stripped lower-case names on a dictionary of official
names (exact only, nothing reported). Both run on the same 1,000,000 names in this run.

    python benchmarks/places.py            # 1,000,000 names, best of 3
    python benchmarks/places.py --quick    # 100,000 names, one repeat
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="names (default 1e6)")
    parser.add_argument("--quick", action="store_true", help="100,000 names, one repeat")
    parser.add_argument("--repeats", type=int, default=3, help="best of N (default 3)")
    args = parser.parse_args(argv)
    if args.quick:
        args.size, args.repeats = 100_000, 1
    return args


def names_as_written(size: int, seed: int = 7) -> tuple[pd.Series, pd.Series]:
    """Official names, short forms, abbreviations, typos and codes, with departments."""
    from oportumap.geography import municipalities

    munis = municipalities()
    written = [*munis["muni_name"], *munis["muni_name"].str.upper(), "Xela", "Guate",
               "Sta. Cruz del Quiché", "Quetzaltenago", "Barillas", "Soloma", "Zona 18",
               "Tecún Umán", "San Pedro Sac.", "Malacatan, S.M.", "Guatemala City", "0101",
               "1301", "Huehue", "Carchá", "Nada que ver"]
    depts = [*munis["dept_name"], *munis["dept_name"], "", "", "", "", "", "", "", "",
             "S.M.", "", "", "", "", "", "", "A.V.", ""]
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(written), size)
    return (pd.Series(np.asarray(written, dtype=object)[pick]),
            pd.Series(np.asarray(depts, dtype=object)[pick]))


def peer(names: pd.Series) -> pd.Series:
    from oportumap.geography import municipalities

    munis = municipalities()
    key = munis["muni_name"].str.normalize("NFKD").str.encode("ascii", "ignore") \
        .str.decode("ascii").str.lower()
    table = dict(zip(key, munis["muni_code"], strict=True))
    typed = names.str.normalize("NFKD").str.encode("ascii", "ignore").str.decode("ascii") \
        .str.lower().str.strip()
    return typed.map(table)


def best(fn, repeats: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def main(argv: list[str] | None = None) -> None:
    from oportumap.geography import get_country, resolve

    args = parse_args(argv)
    get_country("GT")  # boundaries loaded once, outside the timing
    names, depts = names_as_written(args.size)
    resolve(names[:1000], depts[:1000])  # lookups built once, outside the timing
    ours_s, ours = best(lambda: resolve(names, depts), args.repeats)
    peer_s, theirs = best(lambda: peer(names), args.repeats)
    print(f"names: {args.size:,}  distinct: {names.nunique()}")
    print(f"oportumap resolve: {ours_s:.3f} s, resolved {ours.codes.notna().mean():.1%}, "
          f"interpretations reported {ours.corrections.notna().sum():,}")
    print(f"pandas map (exact): {peer_s:.3f} s, resolved {theirs.notna().mean():.1%}")
    print(f"ratio ours/peer: {ours_s / peer_s:.2f}")


if __name__ == "__main__":
    main()
