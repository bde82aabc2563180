"""The countries oportumap knows: Guatemala bundled, the others registered by the user.

One place answers "which geography is country X": :func:`get_country` (loaded once per
session, kept in :data:`_REGISTRY`), and one place keeps registered countries between
sessions in the data home (:func:`save_registered`, :func:`load_registered`,
:func:`registered`, :func:`remove_registered`; see :func:`oportumap.countries.data_home`).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path

import geopandas as gpd
import pandas as pd

from oportumap.countries import country_dir, country_words, data_home, read_meta
from oportumap.errors import DataError
from oportumap.geography.country import (
    Admin1Table,
    CountryGeography,
    bundled_admin1,
    load_guatemala,
)

_REGISTRY: dict[str, CountryGeography] = {}


def remember(geo: CountryGeography) -> None:
    """Make ``geo`` the geography of its country for the rest of this session.

    Its own words (``admin2="distrito"``...) then apply to every label made for it, also
    when it was registered only in memory.
    """
    from oportumap.countries import use_words

    _REGISTRY[geo.code] = geo
    use_words(geo.code, geo.words)


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
        bundled_admin1.cache_clear()
    for country in countries:
        _REGISTRY.pop(str(country).strip().upper(), None)
    from oportumap.countries import use_words

    for country in countries or ("*",):
        use_words(country, None)


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
            _REGISTRY["GT"] = load_guatemala()
        else:
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


def department_table(country: str = "GT") -> CountryGeography | Admin1Table:
    """The registered country, else its bundled first-level units; raises if neither."""
    key = str(country).strip().upper()
    if key in _REGISTRY or key == "GT" or is_registered(key):
        return get_country(key)  # a damaged registration says so instead of falling back
    table = bundled_admin1(key)
    return table if table is not None else get_country(key)


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


def save_registered(geo: CountryGeography, report: Mapping[str, object]) -> Path:
    """Store a registered country in the data home; returns its folder."""
    folder = country_dir(geo.code)
    folder.mkdir(parents=True, exist_ok=True)
    boundaries = folder / "municipalities.gpkg"
    tmp = folder / "municipalities.tmp.gpkg"
    tmp.unlink(missing_ok=True)
    geo.municipalities.to_file(tmp, driver="GPKG", layer="municipalities")
    tmp.replace(boundaries)
    meta = {
        "code": geo.code,
        "name": geo.name,
        "source": geo.source,
        "code_width": geo.code_width,
        "numeric_codes": geo.numeric_codes,
        "aliases": geo.extra_aliases,
        "dept_aliases": geo.dept_aliases,
        "words": geo.words,
        "districts": (None if geo.districts is None
                      else geo.districts.to_dict(orient="records")),
        "by_district": geo.by_district,
        "registration": dict(report),
        "registered_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    from oportumap.files import atomic_path

    with atomic_path(folder / "country.json") as tmp:
        tmp.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    return folder


def is_registered(code: str) -> bool:
    """Whether ``code`` was registered in the data home (``oportumap country add``).

    Examples
    --------
    >>> is_registered("GT")
    False
    """
    return (country_dir(str(code).strip().upper()) / "country.json").exists()


def load_registered(code: str) -> CountryGeography | None:
    """The country stored in the data home, or None when it was never registered."""
    meta = read_meta(code)
    if meta is None:
        return None
    path = country_dir(code) / "municipalities.gpkg"
    if not path.exists():
        raise DataError(f"{path}: faltan los límites del país registrado; vuelva a "
                        f"registrarlo con oportumap country add {code} ...")
    munis = gpd.read_file(path, layer="municipalities")
    for column in ("muni_code", "muni_name", "dept_code", "dept_name"):
        munis[column] = munis[column].astype(str)
    if "dept_seat" in munis:
        munis["dept_seat"] = munis["dept_seat"].fillna(False).astype(bool)
    else:  # registered before seats were kept: the bundled capitals or the named unit
        from oportumap.geography.seats import department_seats

        munis["dept_seat"] = department_seats(munis, meta["code"])[0]
    return CountryGeography(
        code=meta["code"],
        name=meta["name"],
        municipalities=munis.sort_values("muni_code").reset_index(drop=True),
        code_width=int(meta["code_width"]),
        source=meta["source"],
        extra_aliases=dict(meta.get("aliases", {})),
        dept_aliases=dict(meta.get("dept_aliases", {})),
        numeric_codes=bool(meta.get("numeric_codes", True)),
        words=dict(meta.get("words", {})),
        districts=(None if not meta.get("districts") else
                   pd.DataFrame(meta["districts"], dtype=str)),
        by_district=bool(meta.get("by_district", False)),
    )


def registered() -> list[dict]:
    """Registered countries: code, name, units, departments, registration date, folder.

    Examples
    --------
    >>> isinstance(registered(), list)
    True
    """
    root = data_home() / "countries"
    if not root.exists():
        return []
    rows = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        meta = read_meta(folder.name)
        if meta is None:
            continue
        report = meta.get("registration", {})
        rows.append({"code": meta["code"], "name": meta["name"],
                     "units": report.get("units"), "departments": report.get("departments"),
                     "registered_at": meta.get("registered_at"), "folder": str(folder),
                     "source": meta.get("source")})
    return rows


def remove_registered(code: str) -> bool:
    """Delete a registered country from the data home; False if it was not registered."""
    key = str(code).strip().upper()
    folder = country_dir(key)
    _REGISTRY.pop(key, None)
    from oportumap.countries import use_words

    use_words(key, None)
    if not folder.exists():
        return False
    shutil.rmtree(folder)
    return True
