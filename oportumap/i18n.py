"""People-facing words in Spanish (default) and English, in one table.

Examples
--------
>>> text("returnees", "en")
'Returnees'
>>> text("kind.training")
'Formación'
"""

from __future__ import annotations

from oportumap.errors import DataError

LANGUAGES = ("es", "en")

_TEXT: dict[str, tuple[str, str]] = {
    # key: (Spanish, English)
    "returnees": ("Retornados", "Returnees"),
    "municipality": ("Municipio", "Municipality"),
    "department": ("Departamento", "Department"),
    "municipalities": ("Municipios", "Municipalities"),
    "departments": ("Departamentos", "Departments"),
    "kind.vacancy": ("Vacantes", "Vacancies"),
    "kind.training": ("Formación", "Training"),
    "kind.certification": ("Certificación", "Certification"),
    "kind.entrepreneurship": ("Emprendimiento", "Entrepreneurship"),
    "kind.service": ("Servicios", "Services"),
    "capacity": ("Plazas / cupos", "Positions / seats"),
    "gap_score": ("Brecha (retornados sin plaza alcanzable)",
                  "Gap (returnees without a reachable place)"),
    "priority_rank": ("Prioridad (1 = mayor brecha)", "Priority (1 = largest gap)"),
    "kinds_out_of_reach": ("Tipos de oferta fuera de alcance", "Kinds out of reach"),
    "map.title": ("Retornados y oportunidades", "Returnees and opportunities"),
    "map.data_date": ("Datos al", "Data as of"),
    "map.source": ("Fuente", "Source"),
    "map.illustrative": ("Datos ilustrativos (ficticios), no del registro real",
                         "Illustrative (synthetic) data, not real registry data"),
    "map.search": ("Buscar municipio…", "Search municipality…"),
    "map.fullscreen": ("Pantalla completa", "Fullscreen"),
    "map.suppressed": ("«<5»: menos de 5 personas (dato protegido)",
                       "'<5': fewer than 5 people (protected)"),
    "map.no_data": ("Sin dato", "No data"),
    "map.place": ("Lugar", "Place"),
    "map.points": ("Puntos: oportunidades (clic para detalles)",
                   "Dots: opportunities (click for details)"),
    "map.units.people": ("personas", "people"),
    "map.units.places_per_person": ("plazas por retornado", "places per returnee"),
    # Countries and their words (oportumap.countries): generic defaults for any country.
    "country.id_document": ("documento de identidad", "ID document"),
    "country.code_name": ("código", "code"),
    "country.admin1": ("departamento", "department"),
    "country.admin1_plural": ("departamentos", "departments"),
    "country.admin2": ("municipio", "municipality"),
    "country.admin2_plural": ("municipios", "municipalities"),
    # -- privacy (h17): research-export report, data label on shared outputs --
    "privacy.report.title": ("Extracto para investigación: k-anonimato con k = {k}",
                             "Research extract: k-anonymity with k = {k}"),
    "privacy.report.rows_in": ("Retornados en los datos", "Returnees in the data"),
    "privacy.report.without_consent": (
        "Excluidos por no tener consentimiento registrado (vacío = no)",
        "Excluded: consent not recorded (blank = no)"),
    "privacy.report.columns": ("Columnas conservadas (todas cuentan en la combinación)",
                               "Columns kept (all count in the combination)"),
    "privacy.report.generalised": ("Generalizaciones aplicadas, en orden",
                                   "Generalisation steps, in order"),
    "privacy.report.small_after": ("filas en grupos menores que k después",
                                   "rows in groups smaller than k after"),
    "privacy.report.not_generalised": ("Sin generalizaciones: no hicieron falta",
                                       "No generalisation was needed"),
    "privacy.report.suppressed": ("Filas suprimidas (su combinación seguía siendo rara)",
                                  "Rows suppressed (combination still rarer than k)"),
    "privacy.report.released": ("Filas en el extracto", "Rows in the extract"),
    "privacy.report.min_group": ("Tamaño del grupo más pequeño de filas iguales",
                                 "Smallest group of identical rows"),
    "privacy.report.method": (
        "Método: solo personas con consentimiento; seudónimo con clave en lugar del ID; sin "
        "coordenadas, edad ni fecha exactas; generalización global (municipio -> departamento, "
        "mes -> trimestre -> año, bandas de 5 -> 10 años) y, al final, supresión de filas.",
        "Method: consenting people only; keyed pseudonym instead of the ID; no coordinates, "
        "exact age or date; global generalisation (municipality -> department, month -> "
        "quarter -> year, 5 -> 10-year bands) and, last, suppression of rows."),
    "privacy.data_from": ("Datos de", "Data from"),
    "privacy.report.homogeneous": (
        "Aviso: {rows} filas están en grupos (por las demás columnas) donde todos comparten "
        "el mismo valor de {column}; quien sepa esas columnas de una persona lo deduce. "
        "Quite {column} si no es aceptable.",
        "Warning: {rows} rows are in groups (by the other columns) where everyone shares one "
        "value of {column}; whoever knows those columns about a person learns it. Drop "
        "{column} if that is not acceptable."),
}


def text(key: str, lang: str = "es") -> str:
    """The word for ``key`` in ``lang`` (``"es"`` or ``"en"``).

    Raises
    ------
    DataError
        For an unknown language.
    """
    if lang not in LANGUAGES:
        raise DataError(f"idioma '{lang}' no disponible; use 'es' o 'en'")
    spanish, english = _TEXT[key]
    return spanish if lang == "es" else english
