"""Tables that join the humanitarian data ecosystem: P-codes, HXL hashtags, GeoPackage.

- :func:`with_pcodes` adds the COD-AB P-code beside every place code of a table
  (``GT1301`` for Huehuetenango; ``CR``/``HN``/``SV`` + code for registered countries), so
  the table joins OCHA's and HDX's boundary sets; P-codes are accepted as input codes too
  (:meth:`oportumap.geography.CountryGeography.normalize_code`).
- :data:`HXL_TAGS` and :func:`hxl_row` give the HXL hashtag row that ``--hxl`` writes under
  a CSV's header, so profiles and briefs' tables load into HDX tools.
- :func:`write_gpkg` writes a table with each place's polygon as a GeoPackage layer for
  planners who work in QGIS, with its types kept.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from oportumap.errors import DataError
from oportumap.files import atomic_path, refuse_input
from oportumap.schema import OPPORTUNITY_KINDS

#: HXL hashtag (with attributes) of each canonical column that has one.
HXL_TAGS: dict[str, str] = {
    "muni_code": "#adm2+code", "muni_pcode": "#adm2+code+pcode", "muni_name": "#adm2+name",
    "dept_code": "#adm1+code", "dept_pcode": "#adm1+code+pcode", "dept_name": "#adm1+name",
    "returnees": "#affected+returnees", "demand": "#affected+returnees+demand",
    "gap_score": "#indicator+gap", "priority_rank": "#priority+rank",
    "kinds_out_of_reach": "#indicator+kinds_out_of_reach", "capacity": "#capacity",
    "provider": "#org+provider", "kind": "#sector", "title": "#activity+name",
    "opportunity_id": "#activity+code", "lat": "#geo+lat", "lon": "#geo+lon",
    "start_date": "#date+start", "end_date": "#date+end", "issued": "#reached+referred",
    "placed": "#reached+placed", "placement_rate": "#indicator+placement+pct",
}
for _kind in OPPORTUNITY_KINDS:
    HXL_TAGS.update({
        f"{_kind}_count": f"#capacity+{_kind}+count",
        f"{_kind}_capacity": f"#capacity+{_kind}+places",
        f"{_kind}_nearest_km": f"#indicator+{_kind}+distance_km",
        f"{_kind}_nearest_min": f"#indicator+{_kind}+time_min",
        f"{_kind}_2sfca": f"#indicator+{_kind}+access",
        f"{_kind}_e2sfca": f"#indicator+{_kind}+access+e2sfca",
        f"{_kind}_returnees_per_place": f"#indicator+{_kind}+ratio",
        f"{_kind}_unserved": f"#affected+{_kind}+unserved",
    })


def with_pcodes(frame: pd.DataFrame, country: str = "GT") -> pd.DataFrame:
    """``frame`` with ``muni_pcode`` after ``muni_code`` and ``dept_pcode`` after
    ``dept_code`` (a new table; the input is not changed).

    Examples
    --------
    >>> t = pd.DataFrame({"muni_code": ["1301"], "dept_code": ["13"], "returnees": [9]})
    >>> with_pcodes(t).columns.tolist(), with_pcodes(t)["muni_pcode"].tolist()
    (['muni_code', 'muni_pcode', 'dept_code', 'dept_pcode', 'returnees'], ['GT1301'])
    """
    from oportumap.geography import get_country

    geo = get_country(country)
    out = frame.copy()
    for code, pcode in (("muni_code", "muni_pcode"), ("dept_code", "dept_pcode")):
        if code in out and pcode not in out:
            values = out[code].map(geo.pcode)
            out.insert(out.columns.get_loc(code) + 1, pcode, values)
    return out


def hxl_row(columns: list[str]) -> list[str]:
    """The HXL hashtag of each column (``""`` where none applies).

    Examples
    --------
    >>> hxl_row(["muni_pcode", "returnees", "nota"])
    ['#adm2+code+pcode', '#affected+returnees', '']
    """
    return [HXL_TAGS.get(str(c), "") for c in columns]


def write_gpkg(layers: dict[str, pd.DataFrame], path: str | Path, *, boundaries,
               force: bool = False) -> Path:
    """Write tables keyed by ``muni_code`` as GeoPackage layers with each place's polygon.

    Parameters
    ----------
    layers : dict
        Layer name -> table with ``muni_code`` (or, for departments, ``dept_code``) and
        canonical columns; types are kept.
    path : str or Path
        ``.gpkg`` file, written atomically.
    boundaries : geopandas.GeoDataFrame
        The dataset's municipalities (``muni_code``, ``geometry``).
    force : bool
        Replace an existing file.

    Examples
    --------
    >>> import tempfile, pathlib, pyogrio
    >>> from oportumap import load_sample, municipality_profile
    >>> ds = load_sample()
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "perfil.gpkg"
    >>> _ = write_gpkg({"perfil": municipality_profile(ds)}, out, boundaries=ds.boundaries)
    >>> pyogrio.read_info(out, layer="perfil")["features"]
    340
    """
    import geopandas as gpd

    path = Path(path)
    if path.suffix.lower() != ".gpkg":
        raise DataError(f"{path.name}: use la extensión .gpkg para QGIS")
    refuse_input(path)
    if path.exists() and not force:
        raise DataError(f"{path}: ya existe; use --force para reemplazarlo")
    shapes = boundaries[["muni_code", "geometry"]]
    departments = None
    import warnings

    with atomic_path(path) as tmp, warnings.catch_warnings():
        # the temporary name ends in .tmp until it is renamed to .gpkg
        warnings.filterwarnings("ignore", message=".*(filename extension should be|"
                                "non conformant file extension).*")
        tmp.unlink()  # GDAL creates the file itself
        for name, table in layers.items():
            if "muni_code" in table:
                merged = shapes.merge(table, on="muni_code", how="right")
            elif "dept_code" in table:
                if departments is None:
                    departments = boundaries[["dept_code", "geometry"]].assign(
                        geometry=boundaries.geometry.make_valid()).dissolve(
                        "dept_code").reset_index()
                merged = departments.merge(table, on="dept_code", how="right")
            else:
                raise DataError(f"la capa '{name}' no tiene código de municipio ni de "
                                "departamento")
            frame = gpd.GeoDataFrame(merged, geometry="geometry", crs=boundaries.crs)
            for column in frame.columns:  # object columns holding text stay text
                if pd.api.types.is_object_dtype(frame[column]) and column != "geometry":
                    frame[column] = frame[column].astype("string")
            frame.to_file(tmp, layer=name, driver="GPKG", engine="pyogrio")
    return path


def counts_as_numbers(table: pd.DataFrame) -> pd.DataFrame:
    """A protected table for a format with types (GeoPackage): «<5» becomes an empty
    (null) number, so the column stays numeric and nothing small is shown.

    Examples
    --------
    >>> table = pd.DataFrame({"returnees": ["<5", "12"], "muni_name": ["A", "B"]})
    >>> counts_as_numbers(table)["returnees"].tolist()
    [<NA>, 12]
    """
    out = table.copy()
    for column in out.columns:
        if pd.api.types.is_object_dtype(out[column]) or \
                pd.api.types.is_string_dtype(out[column]):
            values = out[column].astype(str)
            if values.str.fullmatch(r"<\d+|\d+|").all() and values.str.startswith("<").any():
                out[column] = pd.to_numeric(out[column], errors="coerce").astype("Int64")
    return out
