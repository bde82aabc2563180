"""A national-scale registry file: a million rows read in bounded memory, errors located."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import oportumap

N_ROWS = 1_000_000
BAD_FILE_ROW = 999_998  # row as the user sees it (header is row 1)

# Peak memory of the reading process itself: /proc's VmHWM belongs to the process's own
# address space, whereas ru_maxrss also counts the forking parent (pytest, which may be
# large after other tests) because Linux carries the high-water mark across exec.
READ_AND_MEASURE = """
import json, resource, sys
from oportumap import read_returnees
accepted, rejected = read_returnees(sys.argv[1], errors="report", progress=True)
try:
    with open("/proc/self/status") as status:
        peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
except OSError:
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"accepted": len(accepted), "rejected": rejected.to_dict("records"),
                  "peak_mb": peak_kb / 1024}))
"""


@pytest.fixture(scope="module")
def million_rows(tmp_path_factory):
    munis = oportumap.municipalities()
    rng = np.random.default_rng(0)
    pick = rng.integers(0, len(munis), N_ROWS)
    frame = pd.DataFrame({
        "id_retornado": np.char.add("R", np.arange(N_ROWS).astype(str)),
        "municipio": munis["muni_name"].to_numpy()[pick],
        "departamento": munis["dept_name"].to_numpy()[pick],
        "edad": rng.integers(18, 60, N_ROWS).astype(str),
        "ocupaciones": "albañil",
        "fecha_retorno": "15/03/2025",
        "consentimiento": "sí",
    })
    frame.loc[BAD_FILE_ROW - 2, "edad"] = "-3"
    path = tmp_path_factory.mktemp("big") / "returnees.csv"
    frame.to_csv(path, index=False, sep=";")
    return path


@pytest.mark.slow
def test_million_row_file_reads_under_1gb_and_locates_row_999998(million_rows):
    proc = subprocess.run([sys.executable, "-c", READ_AND_MEASURE, str(million_rows)],
                          capture_output=True, text=True, check=True)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["accepted"] == N_ROWS - 1
    assert result["rejected"] == [{
        "file": "returnees.csv", "sheet": "", "row": BAD_FILE_ROW, "column": "edad", "value": "-3",
        "reason": "edad no válida; use un número entero entre 0 y 120"}]
    assert result["peak_mb"] < 1024  # the README promises < 1 GB peak
