"""Benchmark: the shared value readers on a registry-sized column, against plain pandas.

For a column of ``--size`` rows (default 1,000,000) written as offices write them:

1. Dates: ``oportumap.dates.read_dates`` on return dates mixing ``dd/mm/yyyy``, ISO,
   ``15 dic 2025``, ``oct-2025``, Excel serials as text and blanks (about 2,000 distinct
   values). Baseline: ``pandas.to_datetime(format="%d/%m/%Y", errors="coerce")`` on a
   column of the same length written only as ``dd/mm/yyyy`` — the fastest thing pandas
   offers, which reads only one of those forms.
2. Numbers: ``oportumap.values.read_numbers`` on ages as "34 años", "34", "N/D".
   Baseline: ``pandas.to_numeric(errors="coerce")`` on plain "34".
3. States: ``oportumap.vocabulary.match`` on hand-typed states (typos, phrases).
   Baseline: ``Series.map`` of a dict of the exact labels (what the old reader did).

Ratios compare CPU seconds of this process; wall seconds are printed too.

Run: ``.venv/bin/python benchmarks/values.py`` (``--quick`` for 100,000 rows, ``--size``,
``--seed``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

import numpy as np
import pandas as pd


def _timed(func):
    cpu, wall = time.process_time(), time.perf_counter()
    out = func()
    return out, time.process_time() - cpu, time.perf_counter() - wall


def _dates(n: int, rng) -> tuple[pd.Series, pd.Series]:
    days = pd.Timestamp("2019-01-01") + pd.to_timedelta(rng.integers(0, 2_500, n), unit="D")
    form = rng.integers(0, 6, n)
    months = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov",
              "dic"]
    uniq, codes = np.unique(days, return_inverse=True)
    uniq = pd.DatetimeIndex(uniq)
    forms = [uniq.strftime("%d/%m/%Y"), uniq.strftime("%Y-%m-%d"),
             [f"{d.day} {months[d.month - 1]} {d.year}" for d in uniq],
             [f"{months[d.month - 1]}-{d.year}" for d in uniq],
             ((uniq - pd.Timestamp("1899-12-30")).days).astype(str), [""] * len(uniq)]
    table = np.array([list(f) for f in forms], dtype=object)
    written = pd.Series(table[form, codes], dtype="object")
    plain = pd.Series(np.asarray(forms[0], dtype=object)[codes], dtype="object")
    return written, plain


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    n = 100_000 if args.quick else args.size
    rng = np.random.default_rng(args.seed)

    from oportumap.dates import read_dates
    from oportumap.values import read_numbers
    from oportumap.vocabulary import STATUS, match

    rows = []
    written, plain = _dates(n, rng)
    ours, cpu, wall = _timed(lambda: read_dates(written, today=dt.date(2026, 12, 5)))
    _, base_cpu, base_wall = _timed(lambda: pd.to_datetime(plain, format="%d/%m/%Y",
                                                           errors="coerce"))
    assert ours.problems.isna().all()
    rows.append(("dates (6 forms)", written.nunique(), cpu, wall, base_cpu, base_wall))

    ages = rng.integers(18, 70, n)
    words = pd.Series(np.where(rng.random(n) < 0.5, pd.Series(ages).astype(str) + " años",
                               pd.Series(ages).astype(str)), dtype="object")
    words[rng.random(n) < 0.05] = "N/D"
    ours, cpu, wall = _timed(lambda: read_numbers(words, integer=True))
    _, base_cpu, base_wall = _timed(lambda: pd.to_numeric(pd.Series(ages).astype(str),
                                                          errors="coerce"))
    assert ours.problems.isna().all()
    rows.append(("numbers with units", words.nunique(), cpu, wall, base_cpu, base_wall))

    typed = np.array(["Colocado", "colocada", "inscirto", "Contactado", "contactado ",
                      "no se presentó", "caso cerrado", "asistió al curso", "rechazo",
                      "", "pendiente", "contactado?"], dtype=object)
    states = pd.Series(typed[rng.integers(0, len(typed), n)], dtype="object")
    labels = {STATUS.label(c): c for c in STATUS.codes}
    ours, cpu, wall = _timed(lambda: match(states, STATUS))
    _, base_cpu, base_wall = _timed(lambda: states.map(labels))
    rows.append(("states (vocabulary)", states.nunique(), cpu, wall, base_cpu, base_wall))

    print(f"{n:,} rows per column")
    print(f"{'reader':<22}{'distinct':>10}{'ours cpu s':>12}{'wall s':>9}{'pandas cpu s':>14}"
          f"{'wall s':>9}{'ratio':>8}")
    for name, distinct, c, w, bc, bw in rows:
        print(f"{name:<22}{distinct:>10,}{c:>12.3f}{w:>9.3f}{bc:>14.3f}{bw:>9.3f}"
              f"{c / max(bc, 1e-9):>8.2f}")


if __name__ == "__main__":
    main()
