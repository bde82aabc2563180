"""Places are data: the other names people give municipalities and departments.

A country's aliases live in tables, never in code: the bundled ``geodata/place_aliases.csv``
(capital cities, well-known short forms, former names and department abbreviations of
Guatemala, El Salvador, Honduras and Costa Rica, each with its source and a note) and the
user's own CSV (``oportumap country add ... --aliases FILE`` or
``register_country(..., aliases=...)``) with the columns ``alias``, ``official`` and,
optionally, ``department`` (and ``level``: ``municipality`` or ``department``).

An alias names the *official* place by name, so the same table serves whatever boundary file
a country is registered from; a row whose official name the file does not have is skipped
(the bundled table) or reported (a user's table). An alias never hides an official name: a
place written exactly as another municipality's name is that municipality.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import pandas as pd

from oportumap.errors import DataError
from oportumap.geography.names import place_key

#: Columns of an alias table (``country``, ``level``, ``source`` and ``notes`` optional).
ALIAS_COLUMNS = ["country", "level", "alias", "official", "department", "source", "notes"]
LEVELS = ("municipality", "department")
_LEVEL_WORDS = {"municipality": "municipality", "municipio": "municipality",
                "canton": "municipality", "cantón": "municipality",
                "distrito": "municipality", "department": "department",
                "departamento": "department", "provincia": "department",
                "province": "department"}


@functools.lru_cache(maxsize=1)
def _bundled_table() -> pd.DataFrame:
    path = Path(str(resources.files("oportumap.geodata") / "place_aliases.csv"))
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def bundled_aliases(country: str) -> pd.DataFrame:
    """The bundled alias rows of one country (``geodata/place_aliases.csv``).

    Examples
    --------
    >>> table = bundled_aliases("HN")
    >>> table.set_index("alias").loc["SPS", "official"]
    'San Pedro Sula'
    """
    table = _bundled_table()
    return table[table["country"] == str(country).strip().upper()].reset_index(drop=True)


def user_alias_path(country: str) -> Path:
    """Where ``oportumap country aliases`` keeps a user's names for one country."""
    from oportumap.countries import data_home

    return data_home() / "aliases" / f"{str(country).strip().upper()}.csv"


def country_aliases(country: str) -> pd.DataFrame:
    """The bundled rows of a country followed by the user's own (which win on a clash).

    Examples
    --------
    >>> "Tecún Umán" in set(country_aliases("GT")["alias"])
    True
    """
    table = bundled_aliases(country)
    path = user_alias_path(country)
    if path.exists():
        own = read_aliases(path)
        table = pd.concat([table, own.assign(country=str(country).strip().upper())],
                          ignore_index=True)
    return table.fillna("")


def add_user_aliases(country: str, source: str | Path | pd.DataFrame | Mapping[str, str]
                     ) -> tuple[Path, int]:
    """Append a user's alias rows for ``country`` to the data home; returns (file, rows).

    Later sessions (and every command) read them with the bundled table, for any country,
    Guatemala included.
    """
    rows = read_aliases(source)
    path = user_alias_path(country)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        rows = pd.concat([read_aliases(path), rows], ignore_index=True)
    rows = rows.drop_duplicates(["level", "alias", "official", "department"], keep="last")
    rows.to_csv(path, index=False)
    return path, len(rows)


def read_aliases(source: str | Path | pd.DataFrame | Mapping[str, str]) -> pd.DataFrame:
    """A user's alias table as rows ``level, alias, official, department`` (checked).

    ``source`` is a CSV path (``alias,official[,department][,level]``; ``,`` or ``;``), a
    DataFrame with those columns or a mapping alias -> official name (or code).

    Raises
    ------
    DataError
        Naming the file, row and column of a blank alias or official name, or the missing
        columns.

    Examples
    --------
    >>> read_aliases({"Tegus": "Distrito Central"})[["alias", "official"]].values.tolist()
    [['Tegus', 'Distrito Central']]
    """
    label = "aliases"
    if isinstance(source, Mapping):
        frame = pd.DataFrame({"alias": [str(k) for k in source],
                              "official": [str(v) for v in source.values()]})
    elif isinstance(source, pd.DataFrame):
        frame = source.astype(str)
    else:
        path = Path(source)
        label = str(path)
        if not path.exists():
            raise DataError(f"{path}: el archivo de nombres (alias) no existe")
        text = path.read_bytes()
        try:
            decoded = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            decoded = text.decode("cp1252")
        first = decoded.splitlines()[0] if decoded else ""
        sep = ";" if first.count(";") > first.count(",") else ","
        from io import StringIO

        frame = pd.read_csv(StringIO(decoded), sep=sep, dtype=str, keep_default_na=False)
    frame.columns = [place_key(c).replace(" ", "_") for c in frame.columns]
    renames = {"nombre": "alias", "escrito": "alias", "oficial": "official",
               "nombre_oficial": "official", "municipio": "official",
               "departamento": "department", "provincia": "department", "nivel": "level"}
    frame = frame.rename(columns={k: v for k, v in renames.items() if v not in frame.columns})
    missing = [c for c in ("alias", "official") if c not in frame.columns]
    if missing:
        raise DataError(f"{label}: faltan las columnas {missing}; el archivo de nombres lleva "
                        "alias,oficial[,departamento] (p. ej. 'Tegus,Distrito Central,"
                        "Francisco Morazán')")
    for column in ("department", "level", "source", "notes"):
        if column not in frame.columns:
            frame[column] = ""
    frame = frame.fillna("")
    frame["level"] = frame["level"].map(
        lambda v: _LEVEL_WORDS.get(place_key(v), "") if v else "municipality")
    for column in ("alias", "official", "level"):
        blank = frame[column].str.strip() == ""
        if blank.any():
            row = int(blank.to_numpy().argmax()) + 2
            what = ("vacía" if column != "level" else
                    "no es municipality/municipio ni department/departamento")
            raise DataError(f"{label}, fila {row}, columna '{column}': {what}; complete o "
                            "quite la fila")
    return frame[["level", "alias", "official", "department", "source", "notes"]]


def match_municipalities(rows: pd.DataFrame, munis: pd.DataFrame,
                         dept_code_of: Mapping[str, str]
                         ) -> tuple[dict[str, list[str]], pd.DataFrame]:
    """Municipality alias rows -> ``{alias key: [codes]}`` and the rows that matched nothing.

    ``official`` is an official name (or a code) of ``munis``; ``department``, when given,
    keeps only that department's municipality of the name (``dept_code_of``: department
    key -> code). The same alias in two rows (``San Pedro Sac.`` in two departments) keeps
    both codes, so only the department decides.
    """
    rows = rows[rows["level"] == "municipality"]
    by_name: dict[str, set[str]] = {}
    columns = [munis["muni_name"]] + ([munis["short_name"]] if "short_name" in munis else [])
    for column in columns:
        for code, name in zip(munis["muni_code"], column, strict=True):
            by_name.setdefault(place_key(name), set()).add(code)
    for code in munis["muni_code"]:
        by_name.setdefault(place_key(code), set()).add(code)
    dept_of = dict(zip(munis["muni_code"], munis["dept_code"], strict=True))
    found: dict[str, set[str]] = {}
    unmatched = []
    for row in rows.itertuples(index=False):
        codes = by_name.get(place_key(row.official), set())
        if row.department:
            dept = dept_code_of.get(place_key(row.department))
            codes = {c for c in codes if dept_of[c] == dept}
        if not codes:
            unmatched.append(row)
            continue
        found.setdefault(place_key(row.alias), set()).update(codes)
    return ({key: sorted(codes) for key, codes in found.items() if key},
            pd.DataFrame(unmatched, columns=rows.columns))


def match_departments(rows: pd.DataFrame, official: Mapping[str, str]
                      ) -> tuple[dict[str, str], pd.DataFrame]:
    """Department alias rows -> ``{alias key: department code}`` and unmatched rows."""
    rows = rows[rows["level"] == "department"]
    found: dict[str, str] = {}
    unmatched = []
    for row in rows.itertuples(index=False):
        code = official.get(place_key(row.official))
        if code is None:
            unmatched.append(row)
        else:
            found[place_key(row.alias)] = code
    return found, pd.DataFrame(unmatched, columns=rows.columns)
