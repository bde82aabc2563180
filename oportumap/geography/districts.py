"""Two levels of place: districts inside municipalities (El Salvador since 2024).

On 1 May 2024 El Salvador's 262 municipalities became **districts** of 44 new
municipalities; registries keep writing the old names in «Municipio», newer forms ask for
both «Municipio» and «Distrito». A country registered with ``district_column``
(:func:`oportumap.geography.register_country`) keeps one row per district
(:func:`district_table`): its name, the municipality it belongs to (``parent_*``) and the
registered unit holding it (``unit``: the municipality when the 44 are registered, the
district itself when the 262 are).

- Registered by municipalities, a district's name names its municipality («Ciudad
  Barrios» -> San Miguel Norte, reported as such by
  :func:`oportumap.geography.resolve.resolve`).
- Registered by districts, a municipality's name alone is refused: it does not say which
  district (the seat is never assumed).
- A «Distrito» column is read with the same cascade as municipality names
  (:attr:`~oportumap.geography.country.CountryGeography.district_geography`: typos,
  abbreviations, departments) and checked against «Municipio»
  (:func:`oportumap.geography.locate.read_districts`): a district of another
  municipality rejects the row naming both columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from oportumap.errors import DataError
from oportumap.geography.names import expand_abbreviations, fix_mojibake, place_key

if TYPE_CHECKING:
    from oportumap.geography.country import CountryGeography

#: Columns of a country's district table.
DISTRICT_COLUMNS = ["district_id", "district_name", "parent_code", "parent_name", "unit",
                    "dept_code"]


def _text(values: pd.Series) -> pd.Series:
    return values.fillna("").astype(str).str.strip().map(fix_mojibake)


def district_table(gdf: pd.DataFrame, district_column: str, district_code_column: str | None,
                   parent_columns: tuple[str, str] | None, label: str) -> pd.DataFrame:
    """One row per district of a boundary file being registered (:data:`DISTRICT_COLUMNS`).

    ``gdf`` already carries the registered units' ``muni_code``/``muni_name``/
    ``dept_code``; ``parent_columns`` (code, name of the municipality) is given when the
    units are the districts themselves.

    Examples
    --------
    >>> frame = pd.DataFrame({"muni_code": ["1", "1"], "muni_name": ["Norte", "Norte"],
    ...                       "dept_code": ["01", "01"], "DIS": ["Alfa", "Beta"]})
    >>> district_table(frame, "DIS", None, None, "x")["district_id"].tolist()
    ['1.1', '1.2']
    """
    names = _text(gdf[district_column])
    blank = names == ""
    if blank.any():
        rows = [int(i) + 1 for i in np.flatnonzero(blank.to_numpy())][:5]
        raise DataError(f"{label}: {int(blank.sum())} polígonos sin nombre de distrito en "
                        f"'{district_column}' (filas {rows}); complételo o quite la opción "
                        "de distritos")
    units = gdf["muni_code"].astype(str)
    if parent_columns is None:
        parent_code, parent_name = units, gdf["muni_name"].astype(str)
        if district_code_column:
            ids = _text(gdf[district_code_column]).str.removesuffix(".0").str.upper()
        else:  # no code: numbered inside its municipality, in the file's order
            ids = units + "." + (units.groupby(units).cumcount() + 1).astype(str)
    else:
        parent_code = _text(gdf[parent_columns[0]]).str.removesuffix(".0")
        parent_name = _text(gdf[parent_columns[1]])
        ids = units
    table = pd.DataFrame({"district_id": ids.to_numpy(), "district_name": names.to_numpy(),
                          "parent_code": parent_code.to_numpy(),
                          "parent_name": parent_name.to_numpy(), "unit": units.to_numpy(),
                          "dept_code": gdf["dept_code"].astype(str).to_numpy()})
    # A district drawn in several pieces is one district.
    return table.drop_duplicates("district_id").reset_index(drop=True)


def parent_word(geo: CountryGeography) -> str:
    """What the level holding the districts is called (El Salvador: «municipio»)."""
    from oportumap.countries import country_words

    return country_words(geo.code, registered=False)["admin2"]


def say(geo: CountryGeography, key: str, **values: object) -> str:
    """A message of ``places.district.*`` with the country's words for both levels."""
    from oportumap.countries import country_words
    from oportumap.i18n import text

    words = country_words(geo.code)
    return text(f"places.district.{key}", "es").format(
        admin2=parent_word(geo), admin3=words["admin3"],
        admin3_plural=words["admin3_plural"], **values)


def say_each(geo: CountryGeography, key: str, **columns: pd.Series) -> pd.Series:
    """:func:`say` for each row of aligned Series, formatted once per distinct row.

    Examples
    --------
    >>> from oportumap.geography import get_country
    >>> said = say_each(get_country("GT"), "located", district=pd.Series(["A", "A"]),
    ...                 label=pd.Series(["X", "X"]))
    >>> said.tolist()
    ["se ubicó por el distrito 'A': X", "se ubicó por el distrito 'A': X"]
    """
    frame = pd.DataFrame(columns)
    names = list(columns)
    distinct = frame.drop_duplicates()
    distinct = distinct.assign(said=[say(geo, key, **dict(zip(names, row, strict=True)))
                                     for row in distinct.itertuples(index=False)])
    return frame.merge(distinct, on=names, how="left")["said"].set_axis(frame.index)


def district_note(geo: CountryGeography, name: object, key: str, code: str) -> str | None:
    """How a district's name written as a municipality was read, or None if it is not one.

    «se interpretó 'Ciudad Barrios' como el distrito Ciudad Barrios del municipio San
    Miguel Norte (San Miguel)».
    """
    district = geo.district_names.get((key, code)) or _closest_district(geo, key, code)
    if district is None:
        return None
    return say(geo, "old_name", name=name, district=district,
               label=geo.corrected_labels[code])


def _closest_district(geo: CountryGeography, key: str, code: str) -> str | None:
    """The district of unit ``code`` a misspelt name was read as («Chirilagu»), when it is
    closer to that district than to the unit's own name; None otherwise."""
    from rapidfuzz import fuzz

    from oportumap.geography.matching import FUZZY_SCORE

    forms = [key, *expand_abbreviations(key)]  # «Cd. Barrios»: Ciudad Barrios
    own = max(fuzz.ratio(f, place_key(geo.labels[code].rsplit(", ", 1)[0])) for f in forms)
    best, score = None, max(own, FUZZY_SCORE - 1)
    for (district_key, unit), name in geo.district_names.items():
        if unit == code and (found := max(fuzz.ratio(f, district_key) for f in forms)) > score:
            best, score = name, found
    return best


def parent_message(geo: CountryGeography, name: object, key: str, dept_code: str | None
                   ) -> str | None:
    """Registered by districts: why a municipality's name alone is not enough (None if
    ``key`` names no municipality that holds districts)."""
    units = geo.parent_lookup.get(key)
    if not units:
        return None
    if dept_code is not None:
        units = [u for u in units if geo.muni_dept[u] == dept_code] or units
    d = geo.districts.set_index("unit")
    shown = ", ".join(d.loc[u, "district_name"] for u in units[:6])
    if len(units) > 6:
        shown += say(geo, "more", n=len(units) - 6)
    return say(geo, "which", name=name, n=len(units), shown=shown)
