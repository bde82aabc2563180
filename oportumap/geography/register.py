"""Registering another country from its boundary file as published."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from oportumap.errors import DataError
from oportumap.geography.aliases import match_departments, match_municipalities, read_aliases
from oportumap.geography.checks import (
    bundled_department_names,
    check_extent,
    repair,
    water_mask,
)
from oportumap.geography.country import (
    CountryGeography,
    _dept_official,
    bundled_admin1,
    normalize_code,
)
from oportumap.geography.names import place_key
from oportumap.geography.registry import remember, save_registered
from oportumap.geography.seats import department_seats

#: What people may pass as ``aliases``: a CSV path, a table or alias -> official name.
Aliases = str | Path | pd.DataFrame | dict[str, str]


class RegistrationReport(dict):
    """What :func:`register_country` did with the file.

    Keys: ``features``, ``units``, ``departments``, ``merged`` (code -> features), ``crs``,
    ``repairs`` (one line per repaired feature), ``water`` (features set aside as water
    bodies), ``water_like_units`` (units kept although named like water), ``swapped``
    (notes when ``swap_xy`` was applied), ``department_names`` (bundled names kept as
    aliases of the file's spellings), ``aliases`` (how many of the user's names were
    kept), ``aliases_unmatched`` (the user's rows naming no place of the file),
    ``districts`` (districts known inside the units) and ``by_district``.
    """


@functools.lru_cache(maxsize=8)
def country_extent(country: str):
    """The land of a country oportumap knows (a shapely geometry in degrees), else None."""
    if country == "GT":
        from oportumap.geography.registry import get_country

        return get_country("GT").departments.geometry.union_all()
    table = bundled_admin1(country)
    return None if table is None else table.departments.geometry.make_valid().union_all()


@dataclass(frozen=True)
class RegisteredCountry:
    """A country registered by :func:`register_country`.

    Attributes
    ----------
    municipalities : geopandas.GeoDataFrame
        The registered units, as :func:`oportumap.municipalities` returns them.
    report : RegistrationReport
        What was read and done: features read, units, departments, units merged from
        several features, the file's CRS.
    """

    municipalities: gpd.GeoDataFrame
    report: RegistrationReport

    def __len__(self) -> int:
        return len(self.municipalities)


def _code_text(values: pd.Series) -> pd.Series:
    def one(value: object) -> str:
        if value is None or (isinstance(value, float) and value != value):
            return ""
        text = str(value).strip()
        return text[:-2] if text.endswith(".0") and text[:-2].isdigit() else text

    return values.map(one)


def build_country(
    country: str,
    boundaries: str | Path | gpd.GeoDataFrame,
    *,
    code_column: str,
    name_column: str,
    dept_column: str,
    dept_code_column: str | None = None,
    country_name: str | None = None,
    source: str | None = None,
    aliases: Aliases | None = None,
    words: dict[str, str] | None = None,
    layer: str | None = None,
    swap_xy: bool = False,
    capitals_column: str | None = None,
    district_column: str | None = None,
    district_code_column: str | None = None,
    by_district: bool = False,
) -> tuple[CountryGeography, RegistrationReport]:
    """Read a boundary file as published and build a country's geography (not stored).

    Reprojects any CRS to EPSG:4326, repairs geometries, dissolves several features that
    share a code (island units drawn in pieces) and normalises codes once for the country:
    text codes with leading zeros keep their fixed width (``"0101"``), integer or
    mixed-width codes are stored without padding (``101``, ``"101"``, ``101.0`` ->
    ``"101"``). See :func:`register_country` for the parameters.
    """
    from oportumap.geography.names import fix_mojibake

    label = "boundaries" if isinstance(boundaries, gpd.GeoDataFrame) else str(boundaries)
    if isinstance(boundaries, gpd.GeoDataFrame):
        gdf = boundaries.copy()
    else:
        path = Path(boundaries)
        if not path.exists():
            raise DataError(f"{path}: el archivo de límites no existe")
        try:
            import pyogrio

            layers = [row[0] for row in pyogrio.list_layers(path)]
            if layer is None and len(layers) > 1:
                raise DataError(f"{path}: el archivo tiene varias capas ({', '.join(layers)}); "
                                "indique cuál con --layer (layer=...)")
            if layer is not None and layer not in layers:
                raise DataError(f"{path}: no hay capa '{layer}'; capas: {', '.join(layers)}")
            gdf = gpd.read_file(path, layer=layer)
        except DataError:
            raise
        except Exception as exc:  # pyogrio raises several types for unreadable files
            raise DataError(f"{path}: no se pudo leer como archivo de límites (GeoJSON, "
                            f"GeoPackage, shapefile): {exc}") from exc
    parent_columns = None
    if by_district:
        # The districts become the units; the columns named for the municipality say
        # which municipality each district belongs to.
        if not (district_column and district_code_column):
            raise DataError(f"{label}: registrar por distritos necesita la columna del nombre "
                            "del distrito (--district-column) y la de su código "
                            "(--district-code-column)")
        parent_columns = (code_column, name_column)
        code_column, name_column = district_code_column, district_column
    missing = [c for c in (code_column, name_column, dept_column, dept_code_column,
                           capitals_column, district_column, district_code_column)
               if c and c not in gdf.columns]
    if missing:
        raise DataError(
            f"{label}: faltan las columnas {missing}; columnas disponibles: "
            f"{[c for c in gdf.columns if c != gdf.geometry.name]}"
        )
    gdf = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty].copy()
    if gdf.empty:
        raise DataError(f"{label}: el archivo no tiene polígonos")
    source_crs = gdf.crs
    if source_crs is None:
        minx, miny, maxx, maxy = gdf.total_bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            raise DataError(f"{label}: el archivo no indica su sistema de coordenadas (CRS) y "
                            "no está en grados; guárdelo con su CRS (p. ej. GeoPackage)")
        gdf = gdf.set_crs("EPSG:4326")
    gdf = gdf.to_crs("EPSG:4326")
    key = str(country).strip().upper()
    codes = _code_text(gdf[code_column])
    names = gdf[name_column].astype(str).str.strip().map(fix_mojibake)
    # Lakes and reservoirs drawn in the file are not units people live in.
    water, water_like = water_mask(gdf, names, codes,
                                   gdf[dept_column].astype(str).str.strip())
    water_found = [n for n in names[water]]
    gdf, codes, names = gdf[~water].copy(), codes[~water], names[~water]
    if gdf.empty:
        raise DataError(f"{label}: el archivo solo tiene cuerpos de agua")
    empty = codes == ""
    if empty.any():
        rows = [int(i) + 1 for i in np.flatnonzero(empty.to_numpy())][:5]
        raise DataError(f"{label}: {int(empty.sum())} polígonos sin código en '{code_column}' "
                        f"(filas {rows}); complete el código o quítelos del archivo")
    geoms, swapped = check_extent(gdf.geometry, country_extent(key), names, codes,
                                  label=label, country_name=country_name or key, swap=swap_xy)
    gdf["geometry"] = geoms
    gdf["geometry"], repairs = repair(gdf, names, codes, label)
    numeric = bool(codes.str.fullmatch(r"\d+").all())
    widths = codes.str.len()
    padded = numeric and widths.nunique() == 1 and codes.str.startswith("0").any()
    width = int(widths.iloc[0]) if padded else 0
    gdf["muni_code"] = [normalize_code(c, width, numeric) for c in codes]
    gdf["muni_name"] = names
    gdf["dept_name"] = gdf[dept_column].astype(str).str.strip().map(fix_mojibake)
    if dept_code_column:
        gdf["dept_code"] = _code_text(gdf[dept_code_column])
    else:
        order = sorted(gdf["dept_name"].unique(), key=place_key)
        dept_width = len(str(len(order)))
        gdf["dept_code"] = gdf["dept_name"].map(
            {name: f"{i + 1:0{dept_width}d}" for i, name in enumerate(order)})
    # A code drawn in several features (islands, exclaves) is one unit: dissolve it, but a
    # code carrying two different names is an error in the file, not something to guess.
    names_per_code = gdf.groupby("muni_code")["muni_name"].agg(
        lambda s: sorted(set(s.map(place_key))))
    clash = names_per_code[names_per_code.map(len) > 1]
    if len(clash):
        shown = "; ".join(f"{code}: {', '.join(names)}" for code, names in
                          clash.head(5).items())
        raise DataError(f"{label}: el mismo código tiene nombres distintos en '{name_column}' "
                        f"({shown}); corrija el archivo")
    districts = None
    if district_column:
        from oportumap.geography.districts import district_table

        districts = district_table(gdf, district_column, district_code_column,
                                   parent_columns, label)
    pieces = gdf.groupby("muni_code").size()
    merged = {code: int(n) for code, n in pieces[pieces > 1].items()}
    if capitals_column:
        gdf["om_capital"] = gdf[capitals_column]
    units = gdf[["muni_code", "muni_name", "dept_code", "dept_name", "geometry"]
                + (["om_capital"] if capitals_column else [])].dissolve(
        by="muni_code", aggfunc="first", as_index=False)
    # Seats: a point inside each polygon, computed in a metric CRS (exact on islands).
    metric = units.estimate_utm_crs()
    points = units.to_crs(metric).geometry.representative_point().to_crs("EPSG:4326")
    munis = gpd.GeoDataFrame(
        {
            "muni_code": units["muni_code"].values,
            "muni_name": units["muni_name"].values,
            "dept_code": units["dept_code"].values,
            "dept_name": units["dept_name"].values,
            "lat": points.y.values,
            "lon": points.x.values,
        },
        geometry=units.geometry.values,
        crs="EPSG:4326",
    )
    munis = munis.sort_values("muni_code").reset_index(drop=True)
    # The bundled (Natural Earth) department names stay valid whatever the file writes.
    admin1 = bundled_admin1(key)
    dept_aliases, dept_notes = bundled_department_names(
        munis, None if admin1 is None else admin1.departments)
    own_rows = read_aliases(aliases) if aliases is not None else None
    own_munis: dict[str, list[str]] = {}
    unmatched: list[str] = []
    if own_rows is not None:
        dept_keys = {**dept_aliases, **_dept_official(
            dict(zip(munis["dept_code"], munis["dept_name"], strict=True)))}
        own_munis, missed = match_municipalities(own_rows, munis, dept_keys)
        own_depts, missed_depts = match_departments(own_rows, dept_keys)
        dept_aliases = {**dept_aliases, **own_depts}
        unmatched = [f"{r.alias} -> {r.official}" + (f" ({r.department})" if r.department
                                                     else "")
                     for r in pd.concat([missed, missed_depts]).itertuples(index=False)]
    # The department seats labelled on maps: the file's column, the bundled capitals, or
    # the unit named like its department; never the first code.
    seat, seats = department_seats(
        munis, key, capitals=units["om_capital"] if capitals_column else None,
        label=capitals_column or "")
    munis["dept_seat"] = seat.to_numpy()
    words = dict(words or {})
    if by_district and "admin2" not in words:  # the units are districts: say so
        from oportumap.countries import complete_words, country_words

        words = complete_words({**words, "admin2": country_words(key)["admin3"]})
    geo = CountryGeography(
        code=key,
        name=country_name or key,
        municipalities=munis,
        code_width=width,
        source=source or f"Límites: {Path(label).name}",
        extra_aliases=own_munis,
        dept_aliases=dept_aliases,
        numeric_codes=numeric,
        words=words,
        districts=districts,
        by_district=by_district,
    )
    report = RegistrationReport(
        features=int(len(gdf)), units=int(len(munis)), merged=merged,
        crs=source_crs.to_string() if source_crs is not None else "EPSG:4326 (supuesto)",
        departments=int(munis["dept_code"].nunique()), repairs=repairs, water=water_found,
        water_like_units=water_like,
        swapped=swapped, department_names=dept_notes,
        aliases=len(own_munis) + len(dept_aliases) - len(dept_notes),
        aliases_unmatched=unmatched,
        districts=0 if districts is None else int(len(districts)),
        by_district=by_district,
        seats={"column": seats.by_column, "table": seats.by_table, "name": seats.by_name,
               "missing": seats.missing, "reading": seats.column_reading},
    )
    return geo, report


def register_country(
    country: str,
    boundaries: str | Path | gpd.GeoDataFrame,
    *,
    code_column: str,
    name_column: str,
    dept_column: str,
    dept_code_column: str | None = None,
    country_name: str | None = None,
    source: str | None = None,
    aliases: Aliases | None = None,
    words: dict[str, str] | None = None,
    persist: bool = False,
    layer: str | None = None,
    swap_xy: bool = False,
    capitals_column: str | None = None,
    district_column: str | None = None,
    district_code_column: str | None = None,
    by_district: bool = False,
) -> RegisteredCountry:
    """Register a country's municipal boundaries from a file as published.

    Parameters
    ----------
    country : str
        ISO alpha-2 code used as ``country=`` afterwards (``"SV"``, ``"HN"``, ``"CR"``).
    boundaries : path or GeoDataFrame
        GeoJSON, GeoPackage or shapefile with the municipalities (districts, cantons) in any
        CRS; several features with the same code are merged into one unit.
    code_column, name_column, dept_column : str
        Columns with the municipality code, municipality name and department (province)
        name.
    dept_code_column : str, optional
        Column with the department code; by default departments are numbered in
        alphabetical order.
    country_name, source : str, optional
        Shown on maps and in messages.
    aliases : path, DataFrame or dict, optional
        More names people write: a CSV ``alias,official[,department][,level]`` (see
        :func:`oportumap.geography.aliases.read_aliases`), the same as a table, or a dict
        alias -> official name (or code). They extend the bundled
        ``geodata/place_aliases.csv``; rows naming no place of the file are reported in
        ``report["aliases_unmatched"]``.
    words : dict, optional
        Overrides of :func:`oportumap.countries.country_words` (``id_document``,
        ``admin1``, ``admin2``, ...).
    layer : str, optional
        Layer to read from a file with several (GeoPackage); required then.
    swap_xy : bool
        Exchange x and y of the features written as (latitude, longitude); without it such
        a file is refused with a message that says so.
    capitals_column : str, optional
        Column saying which unit holds its department's seat (a yes/no flag on that row,
        or the capital's name on every row); by default the bundled capitals of El
        Salvador, Honduras and Costa Rica, else the unit named like its department
        (:func:`oportumap.geography.seats.department_seats`).
    district_column, district_code_column : str, optional
        Columns with the name (and code) of the level inside each municipality: El
        Salvador's 262 districts (the municipalities before 2024, ``ADM3_ES`` /
        ``ADM3_PCODE`` in a COD-AB file) inside its 44 municipalities. Registering the
        municipalities with ``district_column`` keeps each district's name as a place
        name of its municipality ("Ciudad Barrios" -> San Miguel Norte) and lets a
        «Distrito» column be read and checked against «Municipio»
        (:mod:`oportumap.geography.districts`).
    by_district : bool
        Register the districts themselves as the units (needs both district columns;
        ``code_column``/``name_column`` then say which municipality each belongs to):
        a row naming only a municipality is then rejected, since it does not say which
        of its districts.
    persist : bool
        Also store the country in the user's data folder so later sessions find it
        (what ``oportumap country add`` does).

    Returns
    -------
    RegisteredCountry
        The registered municipalities, as :func:`municipalities` will return them, and
        the report of how many features were read and merged.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> shapes = gpd.GeoDataFrame({"COD": [101, 102, 102], "NOM": ["Alfa", "Beta", "Beta"],
    ...     "DEP": ["Uno", "Uno", "Uno"]},
    ...     geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 0, 3, 1)], crs=4326)
    >>> registered = register_country("XX", shapes, code_column="COD", name_column="NOM",
    ...                               dept_column="DEP")
    >>> registered.municipalities["muni_code"].tolist(), registered.report["merged"]
    (['101', '102'], {'102': 2})
    """
    geo, report = build_country(
        country, boundaries, code_column=code_column, name_column=name_column,
        dept_column=dept_column, dept_code_column=dept_code_column,
        country_name=country_name, source=source, aliases=aliases, words=words, layer=layer,
        swap_xy=swap_xy, capitals_column=capitals_column, district_column=district_column,
        district_code_column=district_code_column, by_district=by_district)
    if geo.code == "GT":
        raise DataError("Guatemala ya viene incluida; registre otro código de país")
    if persist:
        save_registered(geo, report)
    remember(geo)
    return RegisteredCountry(geo.municipalities.copy(), report)
