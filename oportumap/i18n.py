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
    # -- read report (h14-data): the summary every data command and validate print
    "read.title": ("Lectura de los datos", "Reading the data"),
    "read.file": ("Archivo", "File"),
    "read.content": ("Contenido", "Content"),
    "read.rows": ("Filas", "Rows"),
    "read.accepted": ("Aceptadas", "Accepted"),
    "read.rejected": ("Rechazadas", "Rejected"),
    "read.blank": ("Vacías omitidas", "Blank, skipped"),
    "read.corrected": ("Interpretadas", "Interpreted"),
    "read.line": ("{file}: {rows} filas leídas, {accepted} aceptadas, {rejected} rechazadas",
                  "{file}: {rows} rows read, {accepted} accepted, {rejected} rejected"),
    "read.blank_line": ("{n} filas vacías omitidas", "{n} blank rows skipped"),
    "read.unused": ("  columnas no usadas en {file}: {columns}",
                    "  columns not used in {file}: {columns}"),
    "read.not_used": ("{file}: no se usó. {problem}", "{file}: not used. {problem}"),
    "read.reasons": ("Primeros motivos de rechazo (qué corregir):",
                     "First reasons for rejection (what to fix):"),
    "read.more_reasons": ("  ... y {n} filas rechazadas más", "  ... and {n} more rejected rows"),
    "read.corrections": ("Valores interpretados (revíselos):", "Values interpreted (check them):"),
    "read.correction": ("  {interpretation} ({file} fila {row})",
                        "  {interpretation} ({file} row {row})"),
    "read.more_corrections": ("  ... y {n} interpretaciones más", "  ... and {n} more"),
    "read.full_list": ("Lista completa de filas rechazadas: {path}",
                       "Full list of rejected rows: {path}"),
    "read.all_ok": ("Todas las filas se aceptaron.", "Every row was accepted."),
    "kind.returnees": ("Retornados", "Returnees"),
    # Countries and their words (oportumap.countries): generic defaults for any country.
    "country.id_document": ("documento de identidad", "ID document"),
    "country.code_name": ("código", "code"),
    "country.admin1": ("departamento", "department"),
    "country.admin1_plural": ("departamentos", "departments"),
    "country.admin2": ("municipio", "municipality"),
    "country.admin2_plural": ("municipios", "municipalities"),
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
