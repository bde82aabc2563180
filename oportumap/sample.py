"""Illustrative sample data: the bundled sample and a scalable synthetic generator.

ILLUSTRATIVE, NOT REAL REGISTRY DATA. The generator is calibrated on public figures
(``FACTS.md``): returns weighted like the municipalities and departments with most returns
in 2024-2025, occupations common among returnees, INTECAP-style training centres in the
cities where they exist, the twelve certification standards offered to returnees, a few
seed-capital programmes, and psychosocial and ID-document services. People, employers,
vacancies and seats are invented.

``generate_sample`` is vectorised (a million returnees in seconds) and deterministic for a
seed; ``write_sample`` writes the same layout planners use (``returnees.csv``,
``vacancies.csv``, ``training.csv``, ``certifications.csv``, ``programmes.csv``,
``services.csv``) with Spanish headers.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd

from oportumap.files import atomic_path

#: Returns in 2025 by municipality of residence (FACTS.md), INE code -> returns.
TOP_MUNICIPALITIES_2025: dict[str, int] = {
    "0101": 1807, "1412": 997, "1206": 882, "1215": 784, "1207": 725, "1209": 722,
    "0805": 638, "1304": 628, "1326": 607, "1318": 605, "0801": 602, "1420": 592,
    "1413": 584, "2101": 563, "1301": 541, "1601": 527, "1319": 521, "0920": 520,
    "1308": 501,
}
#: Returns by department, January-February 2024 (FACTS.md); other departments ~190.
DEPARTMENT_RETURNS: dict[str, int] = {
    "13": 2403, "16": 2005, "01": 1415, "05": 1397, "14": 1372, "12": 1354, "17": 1290,
}
_OTHER_DEPARTMENT_RETURNS = 190
_TOTAL_RETURNS_2025 = 52_338

#: Occupations as returnees state them (Spanish free text), with relative frequency.
RETURNEE_OCCUPATIONS: dict[str, float] = {
    "albañil": 14, "ayudante de construcción": 9, "carpintero": 5, "electricista": 4,
    "soldador": 3, "tablayeso": 3, "instalador de piso cerámico": 2, "pintor": 3,
    "plomero": 2, "agricultor": 12, "cortador de café": 4, "jardinero": 5,
    "cocinero": 6, "ayudante de cocina": 4, "mesero": 3, "panadero": 2,
    "conductor": 4, "operador de maquinaria": 2, "bodeguero": 3, "mecánico": 3,
    "pintor automotriz": 2, "uñas acrílicas": 1, "call center bilingüe": 3,
    "limpieza": 3, "costurera": 1, "vendedor": 2, "empacador": 2,
}
#: How some registry clerks write occupations: typos, ISCO codes, "none".
HAND_TYPED_VARIANTS: dict[str, str] = {
    "albañil": "albanil", "electricista": "electrisista", "carpintero": "carpintro",
    "cocinero": "COCINERO", "agricultor": "agricultora", "soldador": "7212",
    "jardinero": "jardinería", "conductor": "chofer", "bodeguero": "bodega",
    "ayudante de construcción": "ayudante", "limpieza": "ninguno", "mesero": "mesera",
}
#: Vacancy titles by sector, with the employer name pattern and relative frequency.
VACANCY_TITLES: dict[str, tuple[str, float]] = {
    "Albañil": ("Constructora", 10), "Ayudante de construcción": ("Constructora", 8),
    "Carpintero": ("Carpintería", 4), "Electricista": ("Instalaciones Eléctricas", 4),
    "Soldador": ("Metalmecánica", 3), "Instalador de tablayeso": ("Acabados", 3),
    "Instalador de piso cerámico": ("Acabados", 2), "Plomero": ("Servicios Técnicos", 2),
    "Cocinero": ("Restaurante", 6), "Ayudante de cocina": ("Restaurante", 4),
    "Mesero": ("Restaurante", 4), "Panadero": ("Panificadora", 2),
    "Agente de call center bilingüe": ("Contact Center", 8), "Bodeguero": ("Distribuidora", 5),
    "Conductor": ("Transportes", 4), "Operador de maquinaria": ("Agroindustria", 3),
    "Jardinero": ("Servicios Verdes", 3), "Cortador de café": ("Finca", 4),
    "Trabajador agrícola": ("Finca", 5), "Mecánico automotriz": ("Taller", 3),
    "Pintor automotriz": ("Taller de Enderezado", 2), "Operario de producción": ("Maquila", 6),
    "Vendedor": ("Comercial", 5), "Guardia de seguridad": ("Seguridad", 4),
    "Personal de limpieza": ("Servicios Generales", 3),
}
#: The twelve certification standards offered to returnees (FACTS.md).
CERTIFICATION_STANDARDS: tuple[str, ...] = (
    "Instalador de tablayeso", "Carpintero", "Instalador de piso cerámico",
    "Electricista de vivienda popular", "Electricista industrial", "Soldador estructural",
    "Albañil (trabajador de la construcción)", "Jardinero (sembrador paisajista)",
    "Cocinero de cocina cotidiana", "Cocinero gourmet", "Escultor de uñas acrílicas",
    "Enderezado y pintura automotriz",
)
#: Training centres (INE code, centre name) in the cities FACTS.md lists.
TRAINING_CENTRES: tuple[tuple[str, str], ...] = (
    ("0101", "INTECAP Centro Capacitación Guatemala 1"),
    ("0101", "INTECAP Centro Capacitación Guatemala 2"),
    ("0108", "INTECAP Centro Mixco"), ("0115", "INTECAP Centro Villa Nueva"),
    ("0501", "INTECAP Escuintla"), ("0901", "INTECAP Quetzaltenango"),
    ("2101", "INTECAP Jalapa"), ("1401", "INTECAP Quiché"), ("2001", "INTECAP Chiquimula"),
    ("1001", "INTECAP Mazatenango"), ("1801", "INTECAP Santo Tomás de Castilla"),
    ("0801", "INTECAP Totonicapán"), ("0602", "INTECAP Barberena"),
    ("1601", "INTECAP Cobán"), ("1301", "INTECAP Huehuetenango"),
)
TRAINING_COURSES: tuple[str, ...] = (
    "Albañilería básica", "Carpintería", "Electricidad domiciliar", "Soldadura",
    "Cocina básica", "Panadería", "Mecánica automotriz", "Inglés para call center",
    "Computación básica", "Operación de montacargas", "Jardinería", "Costura industrial",
    "Atención al cliente", "Plomería", "Cultora de belleza",
)
#: Where the certification standards are offered: first cohorts in Totonicapán and
#: Quetzaltenango, then the capital and regional centres.
CERTIFICATION_SITES: tuple[str, ...] = ("0801", "0901", "0101", "1301", "1601", "0501")
PROGRAMMES: tuple[tuple[str, str, str, int], ...] = (
    ("0101", "Capital semilla para retornados", "Programa Nacional de Emprendimiento", 40),
    ("0901", "Emprende en tu comunidad", "Cooperativa Regional de Occidente", 25),
    ("1301", "Capital semilla Huehuetenango", "Fondo de Desarrollo Local", 30),
    ("1601", "Incubadora de microempresas Verapaz", "Asociación de Desarrollo", 20),
    ("1401", "Emprendimiento rural Quiché", "Fondo de Desarrollo Local", 20),
    ("1201", "Capital semilla San Marcos", "Cooperativa Fronteriza", 25),
    ("0801", "Formación empresarial y capital semilla", "Red de Emprendimiento", 15),
    ("2101", "Emprende Oriente", "Asociación de Desarrollo", 15),
)
_FIRST_NAMES_EMPLOYERS = (
    "del Valle", "Maya", "Quetzal", "Los Altos", "Occidente", "Oriente", "Verapaz", "Central",
    "Progreso", "San Juan", "Cuchumatanes", "Pacífico", "Norte", "La Esperanza", "El Sol",
)
_ID_PREFIX = "R"


def sample_folder() -> Path:
    """Folder of the bundled illustrative sample (CSV files, Spanish headers).

    Examples
    --------
    >>> (sample_folder() / "returnees.csv").exists()
    True
    """
    from importlib import resources

    return Path(str(resources.files("oportumap.geodata") / "sample"))


@functools.lru_cache(maxsize=1)
def _municipal_weights() -> pd.DataFrame:
    from oportumap.geography import municipalities

    munis = pd.DataFrame(municipalities().drop(columns="geometry"))
    dept_weight = munis["dept_code"].map(DEPARTMENT_RETURNS).fillna(_OTHER_DEPARTMENT_RETURNS)
    per_dept = munis.groupby("dept_code")["muni_code"].transform("size")
    base = dept_weight / per_dept
    named = munis["muni_code"].map(TOP_MUNICIPALITIES_2025)
    remaining = _TOTAL_RETURNS_2025 - sum(TOP_MUNICIPALITIES_2025.values())
    base = base.where(named.isna(), 0)
    munis["returns_weight"] = named.fillna(base / base.sum() * remaining)
    population = munis["seat_population"].astype("float").fillna(
        munis["seat_population"].astype("float").median())
    munis["jobs_weight"] = population
    return munis


def _jitter_points(rng: np.random.Generator, codes: np.ndarray, munis: pd.DataFrame,
                   km: float) -> tuple[np.ndarray, np.ndarray]:
    """Points around each municipal seat (normal, sd ``km``), kept inside the municipality."""
    import shapely

    from oportumap.geography import get_country

    seats = munis.set_index("muni_code")
    lat0 = seats.loc[codes, "lat"].to_numpy()
    lon0 = seats.loc[codes, "lon"].to_numpy()
    lat = (lat0 + rng.normal(0, km / 111.0, len(codes))).round(5)
    lon = (lon0 + rng.normal(0, km / (111.0 * np.cos(np.radians(lat0))), len(codes))).round(5)
    shapes = get_country("GT").municipalities.set_index("muni_code").geometry
    polygons = shapes.loc[codes].to_numpy()
    inside = shapely.contains_xy(polygons, lon, lat)
    return np.where(inside, lat, lat0), np.where(inside, lon, lon0)


def _choice(rng: np.random.Generator, options: dict | list, size: int,
            weights: np.ndarray | None = None) -> np.ndarray:
    keys = np.array(list(options), dtype=object)
    if weights is None and isinstance(options, dict):
        weights = np.array([v if not isinstance(v, tuple) else v[1] for v in options.values()],
                           dtype=float)
    p = None if weights is None else weights / weights.sum()
    return keys[rng.choice(len(keys), size=size, p=p)]


def _returnees(rng: np.random.Generator, n: int, munis: pd.DataFrame) -> pd.DataFrame:
    codes = _choice(rng, list(munis["muni_code"]), n,
                    munis["returns_weight"].to_numpy()).astype(str)
    first = _choice(rng, RETURNEE_OCCUPATIONS, n)
    second = _choice(rng, RETURNEE_OCCUPATIONS, n)
    has_second = rng.random(n) < 0.25
    occupations = np.where(has_second & (first != second),
                           pd.Series(first).str.cat(pd.Series(second), sep="; ").to_numpy(),
                           first)
    no_occupation = rng.random(n) < 0.06
    occupations = np.where(no_occupation, "", occupations)
    # Registries are typed by hand: some entries carry typos, ISCO codes or no trade.
    messy = (rng.random(n) < 0.04) & ~no_occupation
    variants = pd.Series(first[messy]).map(HAND_TYPED_VARIANTS)
    occupations[messy] = variants.fillna(pd.Series(occupations[messy])).to_numpy()
    # About 4% already certified in the standard matching their first trade.
    cert_for = {"tablayeso": 0, "carpintero": 1, "instalador de piso cerámico": 2,
                "electricista": 3, "soldador": 5, "albañil": 6, "jardinero": 7,
                "cocinero": 8, "uñas acrílicas": 10, "pintor automotriz": 11}
    cert_index = pd.Series(first).map(cert_for)
    certified = (rng.random(n) < 0.12) & cert_index.notna().to_numpy() & ~no_occupation
    certifications = np.where(
        certified,
        np.array(CERTIFICATION_STANDARDS, dtype=object)[cert_index.fillna(0).astype(int)],
        "",
    )
    with_point = rng.random(n) < 0.4
    lat = np.full(n, np.nan)
    lon = np.full(n, np.nan)
    if with_point.any():
        lat[with_point], lon[with_point] = _jitter_points(rng, codes[with_point], munis, 2.0)
    sex = np.where(rng.random(n) < 0.86, "M", "F")
    age = np.clip(rng.normal(31, 9, n).round(), 18, 70).astype(int)
    interest = _choice(rng, {"employment": 60, "entrepreneurship": 25, "training": 15}, n)
    start = pd.Timestamp("2024-01-01").value // 86_400_000_000_000
    days = rng.integers(0, 700, n) + start
    width = max(6, len(str(n)))
    return pd.DataFrame({
        "returnee_id": [f"{_ID_PREFIX}-{i:0{width}d}" for i in range(1, n + 1)],
        "muni_code": codes,
        "lat": lat,
        "lon": lon,
        "sex": sex,
        "age": pd.array(age, dtype="Int64"),
        "occupations": occupations,
        "certifications": certifications,
        "experience_abroad": rng.random(n) < 0.7,
        "has_id_document": rng.random(n) < 0.78,
        "needs_psychosocial": rng.random(n) < 0.3,
        "interest": interest,
        "return_date": pd.to_datetime(days, unit="D"),
        "consent": rng.random(n) < 0.95,
    })


def _place(rng: np.random.Generator, codes: np.ndarray, munis: pd.DataFrame,
           share_points: float) -> dict[str, np.ndarray]:
    n = len(codes)
    seats = munis.set_index("muni_code")
    lat = seats.loc[codes, "lat"].to_numpy().astype(float)
    lon = seats.loc[codes, "lon"].to_numpy().astype(float)
    exact = rng.random(n) < share_points
    if exact.any():
        lat[exact], lon[exact] = _jitter_points(rng, codes[exact], munis, 1.0)
    return {"muni_code": codes, "lat": lat, "lon": lon,
            "location_source": np.where(exact, "point", "municipality")}


def _vacancies(rng: np.random.Generator, n: int, munis: pd.DataFrame) -> pd.DataFrame:
    codes = _choice(rng, list(munis["muni_code"]), n,
                    munis["jobs_weight"].to_numpy() ** 0.8).astype(str)
    titles = _choice(rng, VACANCY_TITLES, n)
    kinds = pd.Series(titles).map({k: v[0] for k, v in VACANCY_TITLES.items()}).to_numpy()
    suffix = _choice(rng, list(_FIRST_NAMES_EMPLOYERS), n)
    providers = pd.Series(kinds).str.cat(pd.Series(suffix), sep=" ") + " S.A."
    capacity = np.minimum(rng.geometric(0.45, n), 25)
    trades = pd.Series(titles).isin(["Electricista", "Soldador", "Instalador de tablayeso",
                                     "Cocinero", "Pintor automotriz", "Carpintero"])
    start = pd.Timestamp("2025-06-01") + pd.to_timedelta(rng.integers(0, 180, n), unit="D")
    width = max(5, len(str(n)))
    return pd.DataFrame({
        "opportunity_id": [f"V-{i:0{width}d}" for i in range(1, n + 1)],
        "kind": "vacancy",
        "title": titles,
        "provider": providers.to_numpy(),
        "occupation": titles,
        "capacity": capacity.astype("int64"),
        **_place(rng, codes, munis, 0.5),
        "start_date": start,
        "end_date": start + pd.to_timedelta(60, unit="D"),
        "requires_certification": (trades & (rng.random(n) < 0.35)).to_numpy(),
        "contact": "rrhh@empresa.example",
    })


def _training(rng: np.random.Generator, n_extra: int, munis: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for code, centre in TRAINING_CENTRES:
        for course in rng.choice(TRAINING_COURSES, size=7, replace=False):
            rows.append((code, centre, str(course)))
    codes = np.array([r[0] for r in rows], dtype=object)
    providers = [r[1] for r in rows]
    titles = [r[2] for r in rows]
    if n_extra > 0:  # scaled-up benchmark data: more courses in more towns
        extra_codes, extra_titles = _extra_offers(rng, munis, n_extra, TRAINING_COURSES)
        codes = np.concatenate([codes, extra_codes])
        providers += [f"Centro de formación {c}" for c in extra_codes]
        titles += extra_titles
    n = len(codes)
    # Courses start before and after the data date; every third takes late enrolment.
    start = pd.Timestamp("2025-08-01") + pd.to_timedelta(rng.integers(0, 180, n), unit="D")
    return pd.DataFrame({
        "opportunity_id": [f"F-{i:05d}" for i in range(1, n + 1)],
        "kind": "training",
        "title": titles,
        "provider": providers,
        "occupation": titles,
        "capacity": rng.integers(15, 31, n).astype("int64"),
        **_place(rng, codes.astype(str), munis, 0.0),
        "start_date": start,
        "end_date": start + pd.to_timedelta(rng.integers(30, 120, n), unit="D"),
        "requires_certification": False,
        "contact": "info@centro.example",
        "late_enrolment": np.arange(n) % 3 == 0,
    })


def _extra_offers(rng: np.random.Generator, munis: pd.DataFrame, n: int,
                  titles: tuple[str, ...]) -> tuple[np.ndarray, list[str]]:
    """``n`` more offers in towns weighted by (the square root of) their population."""
    codes = _choice(rng, list(munis["muni_code"]), n,
                    munis["jobs_weight"].to_numpy() ** 0.5).astype(str)
    return codes, list(_choice(rng, list(titles), n))


def _certifications(rng: np.random.Generator, n_extra: int, munis: pd.DataFrame
                    ) -> pd.DataFrame:
    codes, titles = [], []
    for i, code in enumerate(CERTIFICATION_SITES):
        # First cohorts (Totonicapán, Quetzaltenango) offer all twelve standards.
        offered = CERTIFICATION_STANDARDS if i < 2 else rng.choice(
            CERTIFICATION_STANDARDS, size=6, replace=False)
        for standard in offered:
            codes.append(code)
            titles.append(str(standard))
    if n_extra > 0:
        extra_codes, extra_titles = _extra_offers(rng, munis, n_extra, CERTIFICATION_STANDARDS)
        codes += list(extra_codes)
        titles += extra_titles
    n = len(codes)
    start = pd.Timestamp("2025-09-01") + pd.to_timedelta(rng.integers(0, 150, n), unit="D")
    return pd.DataFrame({
        "opportunity_id": [f"C-{i:05d}" for i in range(1, n + 1)],
        "kind": "certification",
        "title": titles,
        "provider": "INTECAP - certificación de competencias",
        "occupation": titles,
        "capacity": rng.integers(10, 26, n).astype("int64"),
        **_place(rng, np.array(codes, dtype=object).astype(str), munis, 0.0),
        "start_date": start,
        "end_date": start + pd.to_timedelta(30, unit="D"),
        "requires_certification": False,
        "contact": "certificacion@intecap.example",
    })


def _programmes_and_services(rng: np.random.Generator, munis: pd.DataFrame
                             ) -> tuple[pd.DataFrame, pd.DataFrame]:
    programmes = pd.DataFrame({
        "opportunity_id": [f"P-{i:03d}" for i in range(1, len(PROGRAMMES) + 1)],
        "kind": "entrepreneurship",
        "title": [p[1] for p in PROGRAMMES],
        "provider": [p[2] for p in PROGRAMMES],
        "occupation": "",
        "capacity": np.array([p[3] for p in PROGRAMMES], dtype="int64"),
        **_place(rng, np.array([p[0] for p in PROGRAMMES], dtype=object).astype(str), munis,
                 0.0),
        "start_date": pd.Timestamp("2025-09-01"),
        "end_date": pd.Timestamp("2026-03-31"),
        "requires_certification": False,
        "contact": "emprende@programa.example",
    })
    capitals = munis.loc[munis["muni_code"].str.endswith("01"), "muni_code"].to_numpy()
    psycho = np.array(["0101", "0101", "0901", "1301", "1601", "1401", "1201", "0801",
                       "2101", "0501"], dtype=object)
    codes = np.concatenate([capitals, psycho]).astype(str)
    is_id = np.arange(len(codes)) < len(capitals)
    services = pd.DataFrame({
        "opportunity_id": [f"S-{i:03d}" for i in range(1, len(codes) + 1)],
        "kind": "service",
        "title": np.where(is_id, "Emisión y reposición de DPI",
                          "Atención psicosocial a personas retornadas"),
        "provider": np.where(is_id, "RENAP - oficina departamental",
                             "Centro de atención psicosocial"),
        "occupation": np.where(is_id, "id_document", "psychosocial"),
        "capacity": np.where(is_id, 60, 30).astype("int64"),
        **_place(rng, codes, munis, 0.0),
        "start_date": pd.NaT,
        "end_date": pd.NaT,
        "requires_certification": False,
        "contact": "atencion@servicio.example",
    })
    return programmes, services


def generate_sample(
    n_returnees: int = 5000,
    n_vacancies: int = 1200,
    *,
    n_training: int = 0,
    seed: int = 2025,
):
    """Generate an illustrative dataset of any size, deterministic for ``seed``.

    Parameters
    ----------
    n_returnees : int
        Returnees to generate, distributed like real returns by municipality.
    n_vacancies : int
        Vacancies, placed in towns in proportion to their population.
    n_training : int
        Extra training and certification offers beyond the fixed centres (for
        national-scale benchmarks; split half and half).
    seed : int
        Random seed; the same seed gives the same data.

    Returns
    -------
    Dataset
        With ``illustrative=True``.

    Examples
    --------
    >>> ds = generate_sample(200, 50, seed=1)
    >>> len(ds.returnees), int((ds.opportunities["kind"] == "vacancy").sum())
    (200, 50)
    """
    from oportumap.dataset import Dataset
    from oportumap.geography import get_country
    from oportumap.validation import REJECTED_COLUMNS

    if n_returnees < 0 or n_vacancies < 0 or n_training < 0:
        from oportumap.errors import DataError

        raise DataError("las cantidades de la muestra no pueden ser negativas")
    rng = np.random.default_rng(seed)
    munis = _municipal_weights()
    returnees = _returnees(rng, n_returnees, munis)
    programmes, services = _programmes_and_services(rng, munis)
    opportunities = pd.concat([
        _vacancies(rng, n_vacancies, munis),
        _training(rng, n_training // 2, munis),
        _certifications(rng, n_training - n_training // 2, munis),
        programmes,
        services,
    ], ignore_index=True)
    return Dataset(
        returnees=returnees,
        opportunities=opportunities,
        boundaries=get_country("GT").municipalities.copy(),
        country="GT",
        rejected=pd.DataFrame(columns=REJECTED_COLUMNS),
        source="Muestra ilustrativa generada por oportumap (datos ficticios)",
        label="Muestra ilustrativa generada por oportumap (datos ficticios)",
        data_date=returnees["return_date"].max().strftime("%Y-%m-%d") if n_returnees else None,
        illustrative=True,
    )


#: Spanish headers the sample files use (any alias in schema.COLUMN_ALIASES works).
_SAMPLE_HEADERS = {
    "returnee_id": "id_retornado", "sex": "sexo", "age": "edad", "occupations": "ocupaciones",
    "certifications": "certificaciones", "experience_abroad": "experiencia_extranjero",
    "has_id_document": "tiene_dpi", "needs_psychosocial": "necesita_psicosocial",
    "interest": "interes", "return_date": "fecha_retorno", "consent": "consentimiento",
    "lat": "latitud", "lon": "longitud",
    "opportunity_id": "id", "kind": "tipo", "title": "titulo", "provider": "proveedor",
    "occupation": "ocupacion", "capacity": "plazas", "start_date": "fecha_inicio",
    "end_date": "fecha_fin", "requires_certification": "requiere_certificacion",
    "contact": "contacto", "late_enrolment": "inscripcion_tardia",
}
_INTEREST_ES = {"employment": "empleo", "entrepreneurship": "emprendimiento",
                "training": "formación"}
_KIND_ES = {"vacancy": "vacante", "training": "formación", "certification": "certificación",
            "entrepreneurship": "emprendimiento", "service": "servicio"}


def _for_file(table: pd.DataFrame, munis: pd.DataFrame) -> pd.DataFrame:
    """Planner-style file: municipality and department names, sí/no, dd/mm/yyyy dates."""
    names = munis.set_index("muni_code")
    out = table.copy()
    out.insert(1, "municipio", out["muni_code"].map(names["muni_name"]))
    out.insert(2, "departamento", out["muni_code"].map(names["dept_name"]))
    out = out.drop(columns=["muni_code"])
    if "location_source" in out:
        exact = out.pop("location_source") == "point"
        out["lat"] = out["lat"].where(exact)
        out["lon"] = out["lon"].where(exact)
    for column in out.columns:
        if out[column].dtype == bool:
            out[column] = np.where(out[column], "sí", "no")
        elif pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%d/%m/%Y").fillna("")
    if "late_enrolment" in out:
        out["late_enrolment"] = np.where(out["late_enrolment"].astype(bool), "sí", "no")
    if "interest" in out:
        out["interest"] = out["interest"].map(_INTEREST_ES)
    if "kind" in out:
        out["kind"] = out["kind"].map(_KIND_ES)
    return out.rename(columns=_SAMPLE_HEADERS)


def write_sample(
    out: str | Path,
    *,
    n_returnees: int = 5000,
    n_vacancies: int = 1200,
    n_training: int = 0,
    seed: int = 2025,
    force: bool = False,
) -> dict[str, int]:
    """Write a generated sample as the CSV files a planner would bring.

    Returns
    -------
    dict
        File name -> rows written.

    Examples
    --------
    >>> import tempfile
    >>> write_sample(tempfile.mkdtemp(), n_returnees=100, n_vacancies=20)["returnees.csv"]
    100
    """
    from oportumap.errors import DataError

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    dataset = generate_sample(n_returnees, n_vacancies, n_training=n_training, seed=seed)
    munis = _municipal_weights()
    opp = dataset.opportunities
    files = {
        "returnees.csv": dataset.returnees,
        "vacancies.csv": opp[opp["kind"] == "vacancy"],
        "training.csv": opp[opp["kind"] == "training"],
        "certifications.csv": opp[opp["kind"] == "certification"],
        "programmes.csv": opp[opp["kind"] == "entrepreneurship"],
        "services.csv": opp[opp["kind"] == "service"],
    }
    existing = [name for name in files if (out / name).exists()]
    if existing and not force:
        raise DataError(f"{out}: ya contiene {existing}; use --force para reemplazarlos")
    written = {}
    for name, table in files.items():
        if "late_enrolment" in table and table["late_enrolment"].isna().all():
            table = table.drop(columns="late_enrolment")  # only courses say it
        target = out / name
        with atomic_path(target) as tmp:
            _for_file(table, munis).to_csv(tmp, index=False, encoding="utf-8")
        written[name] = len(table)
    return written


def load_sample():
    """The bundled illustrative sample as a validated :class:`~oportumap.Dataset`.

    It is read from ``geodata/sample/`` through the same readers as user files, so it also
    demonstrates the accepted formats. ILLUSTRATIVE: not real registry data.

    Examples
    --------
    >>> ds = load_sample()
    >>> ds.illustrative, len(ds.boundaries)
    (True, 340)
    """
    from oportumap.loaders import load_dataset

    dataset = load_dataset(sample_folder())
    dataset.illustrative = True
    dataset.source = "Muestra ilustrativa de oportumap (datos ficticios)"
    dataset.label = dataset.source
    return dataset
