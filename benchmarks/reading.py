"""Benchmark: reading and validating a registry CSV, against plain ``pandas.read_csv``.

Writes a registry of ``--size`` rows (default 1,000,000) the way an office exports it
(``;``, Spanish headers, a question header «¿Tiene DPI?», the ID-document number, sex,
ages with units, dates, consent), then, each in a fresh process so peak memory is its own:

1. ours: :func:`oportumap.read_returnees` (``errors="report"``): header and table found,
   roles decided from headers and sampled content, every value read and validated,
   municipalities located, rejected rows listed;
2. peer: ``pandas.read_csv(path, sep=";", dtype=str)`` of the same file — reading only,
   no validation: the floor any reader pays.

Each is run ``--runs`` times (default 3), alternating, and the medians are printed: wall
seconds, CPU seconds (user + sys of the process, imports included: less sensitive than
wall time to other jobs on a shared machine), peak memory (VmHWM) and the ratios
ours/peer. The issue's target: ≤ 5 s and ≤ 1 GB for a million rows on the 2-core machine.

Run: ``.venv/bin/python benchmarks/reading.py`` (``--quick`` for 100,000 rows, ``--size``,
``--runs``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

MEASURE = """
import json, resource, sys, time
start = time.perf_counter()
if sys.argv[2] == "ours":
    from oportumap import read_returnees
    result = read_returnees(sys.argv[1], errors="report")
    rows = (len(result.data), len(result.rejected))
else:
    import pandas as pd
    frame = pd.read_csv(sys.argv[1], sep=";", dtype=str)
    rows = (len(frame), 0)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
with open("/proc/self/status") as status:
    peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                  "peak_mb": peak_kb / 1024, "rows": rows}))
"""


def write_registry(path: Path, n: int, seed: int = 0) -> None:
    import oportumap

    munis = oportumap.municipalities()
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(munis), n)
    ages = rng.integers(18, 60, n).astype(str)
    ages = np.where(rng.random(n) < 0.2, np.char.add(ages, " años"), ages)
    frame = pd.DataFrame({
        "Código": np.char.add("R", np.arange(n).astype(str)),
        "No. de DPI": np.char.add("0000", rng.integers(10**8, 10**9, n).astype(str)),
        "¿Tiene DPI?": rng.choice(["Sí", "No", ""], n),
        "Municipio de residencia": munis["muni_name"].to_numpy()[pick],
        "Depto.": munis["dept_name"].to_numpy()[pick],
        "Sexo": rng.choice(["H", "M"], n),
        "Edad (años)": ages,
        "Ocupación": rng.choice(["albañil", "cocinero", "agricultor", ""], n),
        "Fecha de retorno": pd.Timestamp("2025-01-01") + pd.to_timedelta(
            rng.integers(0, 300, n), unit="D"),
        "Consentimiento": rng.choice(["sí", "no", ""], n),
    })
    frame["Fecha de retorno"] = frame["Fecha de retorno"].dt.strftime("%d/%m/%Y")
    frame.to_csv(path, index=False, sep=";")


def run(path: Path, which: str) -> dict:
    out = subprocess.run([sys.executable, "-c", MEASURE, str(path), which],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100,000 rows")
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3, help="runs of each (medians)")
    args = parser.parse_args()
    n = 100_000 if args.quick else args.size
    runs: dict[str, list[dict]] = {"peer": [], "ours": []}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "retornados.csv"
        write_registry(path, n)
        size_mb = path.stat().st_size / 1e6
        for _ in range(max(1, args.runs)):  # alternating: both see the same load
            for which in runs:
                runs[which].append(run(path, which))
    med = {which: {key: statistics.median(r[key] for r in results)
                   for key in ("wall", "cpu", "peak_mb")}
           for which, results in runs.items()}
    peer, ours = med["peer"], med["ours"]
    rows = runs["ours"][0]["rows"]
    print(f"Registro de {n:,} filas ({size_mb:.0f} MB, CSV «;»), mediana de {args.runs} "
          "ejecuciones")
    print(f"{'':32}{'segundos':>10}{'CPU s':>8}{'memoria pico MB':>18}   segundos por ejecución")
    for label, which in (("pandas.read_csv (solo leer)", "peer"),
                         ("oportumap.read_returnees", "ours")):
        each = ", ".join(f"{r['wall']:.2f}" for r in runs[which])
        print(f"{label:32}{med[which]['wall']:>10.2f}{med[which]['cpu']:>8.2f}"
              f"{med[which]['peak_mb']:>18.0f}   {each}")
    print(f"razón oportumap / pandas: tiempo {ours['wall'] / peer['wall']:.2f}x, "
          f"CPU {ours['cpu'] / peer['cpu']:.2f}x, "
          f"memoria {ours['peak_mb'] / peer['peak_mb']:.2f}x; aceptadas {rows[0]:,}, "
          f"rechazadas {rows[1]:,}")


if __name__ == "__main__":
    main()
