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
  (:func:`district_geography`: typos, abbreviations, departments) and checked against
  «Municipio» (:func:`read_districts`): a district of another municipality rejects the
  row naming both columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd

from oportumap.errors import DataError
from oportumap.geography.names import fix_mojibake, place_key

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


def district_geography(geo: CountryGeography) -> CountryGeography:
    """The districts of ``geo`` as a names-only geography of their own.

    Its "municipalities" are the districts (``muni_code`` = ``district_id``), so a
    «Distrito» column is read by :func:`oportumap.geography.resolve.resolve_with` with every
    repair, alias and department check of municipality names, and its messages say
    «distrito».
    """
    from oportumap.countries import country_words
    from oportumap.geography.country import CountryGeography

    d = geo.districts
    frame = gpd.GeoDataFrame({"muni_code": d["district_id"].to_numpy(),
                              "muni_name": d["district_name"].to_numpy(),
                              "dept_code": d["dept_code"].to_numpy(),
                              "dept_name": d["dept_code"].map(geo.dept_names).to_numpy()},
                             geometry=[None] * len(d), crs="EPSG:4326")
    words = country_words(geo.code)
    own = {**geo.words, "admin2": words["admin3"], "admin2_plural": words["admin3_plural"]}
    return CountryGeography(code=geo.code, name=geo.name, municipalities=frame, code_width=0,
                            source=geo.source, dept_aliases=geo.dept_aliases,
                            numeric_codes=False, words=own)


def parent_word(geo: CountryGeography) -> str:
    """What the level holding the districts is called (El Salvador: «municipio»)."""
    from oportumap.countries import country_words

    return country_words(geo.code, registered=False)["admin2"]


def district_note(geo: CountryGeography, name: object, key: str, code: str) -> str | None:
    """How a district's name written as a municipality was read, or None if it is not one.

    «se interpretó 'Ciudad Barrios' como el distrito Ciudad Barrios del municipio San
    Miguel Norte (San Miguel)».
    """
    if code not in geo.district_keys.get(key, ()):
        return None
    d = geo.districts
    row = d[(d["unit"] == code) & (d["district_name"].map(place_key) == key)]
    if row.empty:
        return None
    from oportumap.countries import country_words

    admin3 = country_words(geo.code)["admin3"]
    return (f"se interpretó '{name}' como el {admin3} {row['district_name'].iat[0]} del "
            f"{parent_word(geo)} {geo.corrected_labels[code]}")


def parent_message(geo: CountryGeography, name: object, key: str, dept_code: str | None
                   ) -> str | None:
    """Registered by districts: why a municipality's name alone is not enough (None if
    ``key`` names no municipality that holds districts)."""
    units = geo.parent_lookup.get(key)
    if not units:
        return None
    if dept_code is not None:
        units = [u for u in units if geo.muni_dept[u] == dept_code] or units
    from oportumap.countries import country_words

    words = country_words(geo.code)
    d = geo.districts.set_index("unit")
    shown = ", ".join(d.loc[u, "district_name"] for u in units[:6])
    more = f" y {len(units) - 6} más" if len(units) > 6 else ""
    return (f"'{name}' es un {parent_word(geo)} con {len(units)} {words['admin3_plural']} "
            f"({shown}{more}) y no se sabe cuál: escriba el {words['admin3']} (no se "
            "supone la cabecera)")


def read_districts(geo: CountryGeography, names: pd.Series, by_name: pd.Series,
                   districts: pd.Series, departments: pd.Series | None) -> pd.DataFrame:
    """Read a «Distrito» column beside «Municipio» (both as written, ``""`` when blank).

    ``by_name`` is what «Municipio» resolved to (unit code or None). Per row:

    - ``unit``: the registered unit the district is in (None: blank or not read);
    - ``message``: why a district written could not be read;
    - ``note``: how it was read when not written exactly;
    - ``clash``: why the district and the municipality disagree («el distrito
      'Jiquilisco' es del municipio Usulután Oeste (Usulután), no de 'Usulután Este'»).

    A district shared by several municipalities («El Rosario») is the one inside the
    municipality written beside it.
    """
    from oportumap.geography.resolve import resolve_with

    index = names.index
    out = pd.DataFrame({"unit": pd.Series(None, index=index, dtype=object),
                        "message": "", "note": "", "clash": ""}, index=index)
    dgeo = geo.district_geography
    given = districts != ""
    if not given.any():
        return out
    ids = pd.Series(None, index=index, dtype=object)
    result = resolve_with(dgeo, districts[given],
                          None if departments is None else departments[given])
    ids[given] = result.codes.to_numpy()
    messages = pd.Series("", index=index, dtype=object)
    messages[given] = result.messages.fillna("").to_numpy()
    notes = pd.Series("", index=index, dtype=object)
    notes[given] = result.name_corrections.fillna("").to_numpy()  # department: said once
    table = geo.districts.set_index("district_id")
    parent_of_unit = dict(zip(geo.districts["unit"], geo.districts["parent_code"],
                              strict=True)) if geo.by_district else {}
    # The municipality written, as the code of a municipality holding districts.
    written_parent = by_name.map(parent_of_unit) if geo.by_district else by_name.copy()
    if geo.by_district:
        parents = {key: geo.districts.loc[geo.districts["unit"] == units[0], "parent_code"]
                   .iat[0] for key, units in geo.parent_lookup.items()}
        from_name = names.map(lambda v: parents.get(place_key(v)) if v else None)
        written_parent = written_parent.where(written_parent.notna(), from_name)
    # A district name shared by several municipalities: the one in the municipality given.
    retry = given & ids.isna() & written_parent.notna()
    if retry.any():
        by_key = dgeo.name_lookup
        for i in np.flatnonzero(retry.to_numpy()):
            candidates = [c for c in by_key.get(place_key(districts.iat[i]), ())
                          if table.at[c, "parent_code"] == written_parent.iat[i]]
            if len(candidates) == 1:
                ids.iat[i], messages.iat[i] = candidates[0], ""
    found = ids.notna()
    out["unit"] = ids.map(table["unit"]).where(found, None)
    out["message"] = messages.where(~found, "")
    out["note"] = notes.where(found, "")
    parent = ids.map(table["parent_code"])
    # Registered by districts, an old name in «Municipio» is a district of its own.
    other_district = (by_name.notna() & found & (by_name != out["unit"])
                      if geo.by_district else pd.Series(False, index=index))
    clash = found & written_parent.notna() & ((parent != written_parent) | other_district)
    if clash.any():
        parent_names = dict(zip(geo.districts["parent_code"], geo.districts["parent_name"],
                                strict=False))
        depts = geo.dept_names
        word, admin3 = parent_word(geo), dgeo.words["admin2"]
        rows = table.loc[ids[clash]]
        written = names[clash].where(names[clash] != "", by_name[clash])
        out.loc[clash, "clash"] = [
            (f"el {admin3} '{d}' no es '{n}', que es otro {admin3} (del {word} "
             f"{parent_names[p]})" if other else
             f"el {admin3} '{d}' es del {word} {parent_names[p]} ({depts[dc]}), no de '{n}'")
            + "; corrija uno de los dos"
            for d, p, dc, n, other in zip(districts[clash], rows["parent_code"],
                                          rows["dept_code"], written,
                                          other_district[clash], strict=True)]
        out.loc[clash, "unit"] = None
    return out
