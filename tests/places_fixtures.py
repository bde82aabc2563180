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


#: El Salvador since 1 May 2024: department -> 2024 municipality -> its districts (the 262
#: municipalities before). Every municipality the oriente corpus names, with all its real
#: districts, and decoys elsewhere that share words or names ("San Francisco Chinameca"
#: in La Paz, "El Rosario" in three departments, "San Rafael" ones, "San Isidro",
#: "El Carmen", "Meanguera" beside "Meanguera del Golfo").
SV_2024 = {
    "San Miguel": {
        "San Miguel Norte": ["Ciudad Barrios", "Sesori", "Nuevo Edén de San Juan",
                             "San Gerardo", "San Luis de la Reina", "Carolina",
                             "San Antonio del Mosco", "Chapeltique"],
        "San Miguel Centro": ["San Miguel", "Comacarán", "Uluazapa", "Moncagua", "Quelepa",
                              "Chirilagua"],
        "San Miguel Oeste": ["Chinameca", "Nueva Guadalupe", "Lolotique", "San Jorge",
                             "San Rafael Oriente", "El Tránsito"],
    },
    "Usulután": {
        "Usulután Norte": ["Santiago de María", "Alegría", "Berlín", "Mercedes Umaña",
                           "Jucuapa", "El Triunfo", "Estanzuelas", "San Buenaventura",
                           "Nueva Granada"],
        "Usulután Este": ["Usulután", "Jucuarán", "San Dionisio", "Concepción Batres",
                          "Santa María", "Ozatlán", "Tecapán", "Santa Elena", "California",
                          "Ereguayquín"],
        "Usulután Oeste": ["Jiquilisco", "Puerto El Triunfo", "San Agustín",
                           "San Francisco Javier"],
    },
    "La Unión": {
        "La Unión Norte": ["Anamorós", "Bolívar", "Concepción de Oriente", "El Sauce",
                           "Lislique", "Nueva Esparta", "Pasaquina", "Polorós", "San José",
                           "Santa Rosa de Lima"],
        "La Unión Sur": ["La Unión", "San Alejo", "Yucuaiquín", "Conchagua", "Intipucá",
                         "El Carmen", "Meanguera del Golfo"],
    },
    "Morazán": {
        "Morazán Norte": ["Arambala", "Cacaopera", "Corinto", "El Rosario", "Joateca",
                          "Jocoaitique", "Meanguera", "Perquín", "San Fernando", "San Isidro",
                          "Torola"],
        "Morazán Sur": ["Chilanga", "Delicias de Concepción", "El Divisadero", "Gualococti",
                        "Guatajiagua", "Jocoro", "Lolotiquillo", "Osicala", "San Carlos",
                        "San Francisco Gotera", "San Simón", "Sensembra", "Sociedad",
                        "Yamabal", "Yoloaiquín"],
    },
    "San Salvador": {
        "San Salvador Centro": ["San Salvador", "Mejicanos", "Ayutuxtepeque",
                                "Cuscatancingo", "Ciudad Delgado"],
        "San Salvador Este": ["Ilopango", "Soyapango", "San Martín", "Tonacatepeque"],
        "San Salvador Norte": ["Aguilares", "El Paisnal", "Guazapa"],
    },
    "La Paz": {
        "La Paz Este": ["Zacatecoluca", "San Rafael Obrajuelo", "San Juan Nonualco",
                        "Santiago Nonualco", "El Rosario"],
        "La Paz Centro": ["San Pedro Nonualco", "San Francisco Chinameca",
                          "San Miguel Tepezontes"],
    },
    "Cuscatlán": {
        "Cuscatlán Norte": ["Suchitoto", "Oratorio de Concepción", "San José Guayabal",
                            "El Rosario"],
        "Cuscatlán Sur": ["Cojutepeque", "San Rafael Cedros", "El Carmen",
                          "San Cristóbal"],
    },
    "Cabañas": {"Cabañas Este": ["Sensuntepeque", "Victoria", "San Isidro", "Guacotecti"]},
}

DISTRICT_SIDE = 0.012  # degrees: up to 30 districts drawn inside one department


def el_salvador_districts() -> gpd.GeoDataFrame:
    """A COD-AB-style district file of El Salvador: ``ADM3_PCODE``/``ADM3_ES`` (district),
    ``ADM2_PCODE``/``ADM2_ES`` (2024 municipality), ``ADM1_PCODE``/``ADM1_ES``
    (department); each district a small square inside its real department, the districts
    of one municipality side by side."""
    admin1 = bundled_admin1("SV").departments.set_index("dept_name")
    rows, geoms = [], []
    for d, (dept, munis) in enumerate(SV_2024.items(), start=1):
        point = admin1.loc[dept, "geometry"].representative_point()
        i = 0
        for m, (muni, districts) in enumerate(munis.items(), start=1):
            for k, district in enumerate(districts, start=1):
                x = point.x + (i % 6 - 3) * DISTRICT_SIDE
                y = point.y + (i // 6 - 2) * DISTRICT_SIDE
                geoms.append(box(x, y, x + DISTRICT_SIDE * 0.9, y + DISTRICT_SIDE * 0.9))
                rows.append({"ADM3_PCODE": f"SV{d:02d}{m:02d}{k:03d}", "ADM3_ES": district,
                             "ADM2_PCODE": f"SV{d:02d}{m:02d}", "ADM2_ES": muni,
                             "ADM1_PCODE": f"SV{d:02d}", "ADM1_ES": dept})
                i += 1
    return gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")


def register_for_corpus(country: str, *, by_district: bool = False):
    """Register a country as the corpus READMEs ask a user to, before reading a folder:
    Honduras from its municipalities; El Salvador's 44 municipalities from the district
    file, keeping the districts (``by_district=True``: the 262 districts instead)."""
    from oportumap import register_country

    if country == "HN":
        return register_country("HN", honduras(), code_column="COD", name_column="NOMBRE",
                                dept_column="DEPTO", country_name="Honduras")
    if country == "SV":
        return register_country("SV", el_salvador_districts(), code_column="ADM2_PCODE",
                                name_column="ADM2_ES", dept_column="ADM1_ES",
                                dept_code_column="ADM1_PCODE", district_column="ADM3_ES",
                                district_code_column="ADM3_PCODE", by_district=by_district,
                                country_name="El Salvador")
    raise ValueError(country)
