"""A population table per municipality, for rates: returnees per 10,000 inhabitants.

No installed package ships Guatemala's (or the other countries') census population by
municipality, so the planner brings it: any CSV/Excel with a municipality column (code,
P-code or name, plus the department when names repeat) and a population column. Maps
then colour by a rate, never by a raw count on polygons.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from oportumap.errors import DataError, Problem
from oportumap.files import read_raw
from oportumap.text import normalize_text

#: Headers read as each role (accent- and case-insensitive).
POPULATION_HEADERS = {
    "muni_code": ("codigo", "codigo_municipio", "cod_mun", "muni_code", "code", "pcode",
                  "adm2_pcode", "codigo_ine", "cod_ine"),
    "municipio": ("municipio", "municipality", "nombre", "name", "canton", "distrito",
                  "adm2_es", "adm2_name"),
    "departamento": ("departamento", "department", "provincia", "province", "adm1_es",
                     "adm1_name"),
    "population": ("poblacion", "population", "habitantes", "pob", "pob_total",
                   "poblacion_total", "total"),
}


def read_population(path: str | Path, *, country: str = "GT") -> pd.Series:
    """Population per municipality code from a planner's table.

    Parameters
    ----------
    path : str or Path
        CSV or Excel with a municipality column (code, P-code or name; department
        optional) and a population column (``poblacion``, ``population``, ``habitantes``).
    country : str
        Whose municipalities.

    Returns
    -------
    pandas.Series
        Population (float) by ``muni_code``.

    Raises
    ------
    DataError
        Missing columns, or rows whose place or number cannot be read (all listed).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "poblacion.csv"
    >>> _ = p.write_text("Municipio,Departamento,Población\\nHuehuetenango,,117 000\\n"
    ...                  "GT0101,,1 221 739\\n", encoding="utf-8")
    >>> read_population(p).to_dict()
    {'0101': 1221739.0, '1301': 117000.0}
    """
    from oportumap.geography import resolve

    raw = read_raw(path)
    found: dict[str, str] = {}
    for header in raw.frame.columns:
        key = normalize_text(header).replace(" ", "_")
        for role, names in POPULATION_HEADERS.items():
            if key in names and role not in found:
                found[role] = header
    place = found.get("muni_code") or found.get("municipio")
    if place is None or "population" not in found:
        raise DataError(f"{raw.file}: faltan las columnas de municipio (código o nombre) y "
                        f"población; columnas encontradas: {list(raw.frame.columns)}")
    frame = raw.frame
    depts = frame[found["departamento"]] if "departamento" in found else None
    result = resolve(frame[place], depts, country=country)
    text = frame[found["population"]].astype(str).str.replace(r"[\s\u00a0,']", "", regex=True)
    people = pd.to_numeric(text, errors="coerce")
    problems = []
    rows = np.arange(len(frame)) + raw.first_row
    for i in np.flatnonzero(pd.isna(np.asarray(result.codes, dtype=object))):
        problems.append(Problem(raw.file, int(rows[i]), place, str(frame[place].iloc[i]),
                                str(result.messages[i] or "municipio no reconocido")))
    for i in np.flatnonzero((people.isna() | (people < 0)).to_numpy()):
        problems.append(Problem(raw.file, int(rows[i]), found["population"],
                                str(frame[found["population"]].iloc[i]),
                                "la población debe ser un número entero (p. ej. 117000)"))
    if problems:
        raise DataError(f"{raw.file}: {len(problems)} filas no se pudieron leer; corríjalas",
                        problems)
    series = pd.Series(people.to_numpy(float), index=pd.Index(result.codes, name="muni_code"))
    return series.groupby(level=0).sum()
