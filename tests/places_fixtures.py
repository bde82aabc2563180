"""Hand-made municipal boundary files of Honduras and El Salvador, as published.

Real municipality (district) names, each drawn as a small square inside its real
department (the bundled Natural Earth first-level units), so that names, departments and
extents behave as with the published files, without shipping those files.
"""

from __future__ import annotations

import geopandas as gpd
from shapely.geometry import box

from oportumap.geography.country import bundled_admin1

#: Honduras: department as the file writes it -> municipalities. The file spells two
#: departments its own way ("PARAISO", "FRANCISCO MORAZAN") as published files do.
HN_UNITS = {
    "Cortés": ["San Pedro Sula", "Choloma", "Puerto Cortés", "La Lima", "Villanueva", "Omoa",
               "Potrerillos", "Pimienta", "San Manuel"],
    "FRANCISCO MORAZAN": ["Distrito Central", "El Porvenir"],
    "Atlántida": ["La Ceiba", "Tela", "Jutiapa", "Arizona", "Esparta", "El Porvenir",
                  "San Francisco", "La Masica"],
    "Yoro": ["El Progreso", "Olanchito"],
    "Colón": ["Tocoa", "Trujillo"],
    "Comayagua": ["Comayagua", "Siguatepeque"],
    "Copán": ["Santa Rosa de Copán", "San Pedro de Copán"],
    "Choluteca": ["Choluteca"],
    "PARAISO": ["Danlí"],
    "Olancho": ["Juticalpa"],
    "Lempira": ["San Francisco"],
    "Santa Bárbara": ["San Pedro Zacapa"],
    "La Paz": ["San Pedro de Tutule"],
}
#: Natural Earth's name of each department the file spells differently.
HN_BUNDLED = {"FRANCISCO MORAZAN": "Francisco Morazán", "PARAISO": "El Paraíso"}

#: El Salvador by districts (the 262 municipalities before 2024).
SV_UNITS = {
    "San Miguel": ["San Miguel", "Chirilagua", "Ciudad Barrios", "Chinameca", "Moncagua"],
    "Usulután": ["Usulután", "Jiquilisco", "Santiago de María", "Puerto El Triunfo"],
    "La Unión": ["La Unión", "Pasaquina", "Santa Rosa de Lima", "Conchagua"],
    "Morazán": ["San Francisco Gotera", "Perquín"],
    "San Salvador": ["San Salvador", "Soyapango", "Mejicanos"],
    "La Libertad": ["Nueva San Salvador", "La Libertad"],
}
SV_LAKES = ["Lago de Ilopango", "Lago de Coatepeque", "Embalse Cerrón Grande",
            "Laguna de Olomega"]

SIDE = 0.02  # degrees (about 2 km)


def units_frame(country: str, units: dict[str, list[str]], *, start: int = 1
                ) -> gpd.GeoDataFrame:
    """One square per municipality inside its department; codes numbered from ``start``."""
    admin1 = bundled_admin1(country).departments.set_index("dept_name")
    rows, geoms = [], []
    code = start
    for dept, names in units.items():
        real = HN_BUNDLED.get(dept, dept) if country == "HN" else dept
        point = admin1.loc[real, "geometry"].representative_point()
        for i, name in enumerate(names):
            x, y = point.x + (i % 3 - 1) * SIDE, point.y + (i // 3 - 1) * SIDE
            geoms.append(box(x, y, x + SIDE * 0.9, y + SIDE * 0.9))
            rows.append({"COD": f"{code:04d}", "NOMBRE": name, "DEPTO": dept})
            code += 1
    return gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")


def honduras() -> gpd.GeoDataFrame:
    return units_frame("HN", HN_UNITS)


def el_salvador(*, lakes: bool = True) -> gpd.GeoDataFrame:
    frame = units_frame("SV", SV_UNITS)
    if lakes:
        water = units_frame("SV", {"San Salvador": SV_LAKES}, start=9901)
        water["geometry"] = water.geometry.translate(0.0, -0.08)
        frame = gpd.GeoDataFrame(
            [*frame.to_dict("records"), *water.to_dict("records")], crs="EPSG:4326")
    return frame
