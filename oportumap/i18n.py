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
    "map.fullscreen": ("Pantalla completa", "Fullscreen"),
    "map.suppressed": ("«<5»: menos de 5 personas (dato protegido)",
                       "'<5': fewer than 5 people (protected)"),
    "map.no_data": ("Sin dato", "No data"),
    "map.place": ("Lugar", "Place"),
    "map.points": ("Puntos: oportunidades (clic para detalles)",
                   "Dots: opportunities (click for details)"),
    "map.units.people": ("personas", "people"),
    "map.units.places_per_person": ("plazas por retornado", "places per returnee"),
    # --- referrals (h15): stages, kinds, reasons, unmet demand, coordinators' workbook ---
    "referrals.stage.psychosocial": ("Atención psicosocial", "Psychosocial care"),
    "referrals.stage.id_document": ("Documento de identidad", "Identity document"),
    "referrals.stage.certification": ("Certificación", "Certification"),
    "referrals.stage.training": ("Formación", "Training"),
    "referrals.stage.employment": ("Empleo", "Employment"),
    "referrals.stage.entrepreneurship": ("Emprendimiento", "Entrepreneurship"),
    "referrals.kind.vacancy": ("Vacante", "Vacancy"),
    "referrals.kind.training": ("Curso", "Course"),
    "referrals.kind.certification": ("Certificación", "Certification"),
    "referrals.kind.entrepreneurship": ("Programa de emprendimiento",
                                        "Entrepreneurship programme"),
    "referrals.kind.service": ("Servicio", "Service"),
    "referrals.id_document.default": ("documento de identidad", "identity document"),
    "referrals.reason.same": ("Coincide ocupación: {label}", "Occupation matches: {label}"),
    "referrals.reason.related": ("Ocupación afín: {label}", "Related occupation: {label}"),
    "referrals.reason.entry": ("Puesto de entrada, sin experiencia requerida",
                               "Entry-level job, no experience required"),
    "referrals.reason.cert": ("Certifica su experiencia: {label}",
                              "Certifies your experience: {label}"),
    "referrals.reason.course_same": ("Curso de su oficio: {label}",
                                     "Course in your trade: {label}"),
    "referrals.reason.course_related": ("Curso afín: {label}", "Related course: {label}"),
    "referrals.reason.course": ("Curso: {label}", "Course: {label}"),
    "referrals.reason.programme": ("Emprendimiento y capital semilla",
                                   "Entrepreneurship and seed capital"),
    "referrals.reason.psychosocial": ("Atención psicosocial", "Psychosocial care"),
    "referrals.reason.id_document": ("Trámite de {id_document}",
                                     "Identity document ({id_document})"),
    "referrals.reason.places": ("{n} plaza", "{n} opening"),
    "referrals.reason.places_n": ("{n} plazas", "{n} openings"),
    "referrals.reason.seats": ("{n} cupo", "{n} place"),
    "referrals.reason.seats_n": ("{n} cupos", "{n} places"),
    "referrals.reason.needs_cert": ("requiere certificación", "requires certification"),
    "referrals.reason.has_cert": ("requiere certificación (la tiene)",
                                  "requires certification (held)"),
    "referrals.reason.starts": ("inicia {date}", "starts {date}"),
    "referrals.unmet.no_open": ("nada abierto a menos de {reach}",
                                "nothing open within {reach}"),
    "referrals.unmet.full": ("todas las plazas asignadas", "all places assigned"),
    "referrals.unmet.deferred": ("lista completa con etapas anteriores",
                                 "list already full with earlier stages"),
    "referrals.note.minutes_estimated": (
        "Sin tabla de tiempos de viaje: --max-minutes se aplicó con la estimación por "
        "distancia ({speed} km/h, rodeo x{circuity}; p. ej. vacantes {minutes} min = {km} km); "
        "la columna «Tiempo (min)» es estimada.",
        "No travel-time table: --max-minutes was applied through the distance estimate "
        "({speed} km/h, detour x{circuity}; e.g. vacancies {minutes} min = {km} km); the "
        "«minutes» column is estimated."),
    "referrals.note.closed": (
        "{n} oportunidades cerradas al {date} (fin anterior, o curso ya iniciado sin "
        "inscripción tardía) no se refieren.",
        "{n} opportunities closed on {date} (ended, or course started without late "
        "enrolment) are not referred."),
    "referrals.note.no_consent": ("{n} retornados sin consentimiento quedaron fuera.",
                                  "{n} returnees without consent were left out."),
    "referrals.note.no_location": ("{n} retornados sin municipio ni coordenadas quedaron "
                                   "fuera.", "{n} returnees without a location were left out."),
    "referrals.sheet.summary": ("Resumen", "Summary"),
    "referrals.sheet.unmet": ("Demanda no cubierta", "Unmet demand"),
    "referrals.sheet.no_department": ("Sin departamento", "No department"),
    "referrals.summary.title": ("Listas de referencia", "Referral lists"),
    "referrals.summary.as_of": ("Fecha de corte", "As of"),
    "referrals.summary.people": ("Personas referidas", "People referred"),
    "referrals.summary.referrals": ("Referencias", "Referrals"),
    "referrals.summary.offers_used": ("Oportunidades usadas", "Offers used"),
    "referrals.summary.seats": ("Plazas / cupos", "Places / seats"),
    "referrals.summary.seats_left": ("Plazas sin referir", "Places not referred"),
    "referrals.summary.by_stage": ("Personas referidas por etapa y departamento",
                                   "People referred by stage and department"),
    "referrals.summary.offers": ("Oportunidades usadas por tipo", "Offers used by kind"),
    "referrals.summary.total": ("Total", "Total"),
    "referrals.col.referral_id": ("ID referencia", "Referral ID"),
    "referrals.col.returnee_id": ("ID retornado", "Returnee ID"),
    "referrals.col.phone": ("Teléfono retornado", "Returnee phone"),
    "referrals.col.home_muni_name": ("Municipio de residencia", "Home municipality"),
    "referrals.col.dept_name": ("Departamento", "Department"),
    "referrals.col.rank": ("Orden", "Rank"),
    "referrals.col.stage": ("Etapa", "Stage"),
    "referrals.col.kind": ("Tipo", "Kind"),
    "referrals.col.title": ("Oportunidad", "Opportunity"),
    "referrals.col.reason": ("Motivo", "Reason"),
    "referrals.col.start_date": ("Fecha de inicio", "Start date"),
    "referrals.col.end_date": ("Fecha de cierre", "End date"),
    "referrals.col.capacity": ("Plazas / cupos", "Places / seats"),
    "referrals.col.muni_name": ("Municipio oportunidad", "Opportunity municipality"),
    "referrals.col.address": ("Dirección", "Address"),
    "referrals.col.distance_km": ("Distancia (km)", "Distance (km)"),
    "referrals.col.minutes": ("Tiempo (min)", "Time (min)"),
    "referrals.col.provider": ("Proveedor", "Provider"),
    "referrals.col.contact": ("Contacto", "Contact"),
    "referrals.col.status": ("Estado", "Status"),
    "referrals.col.status_date": ("Fecha estado", "Status date"),
    "referrals.col.note": ("Nota", "Note"),
    "referrals.col.opportunity_id": ("ID oportunidad", "Opportunity ID"),
    "referrals.col.score": ("Puntaje", "Score"),
    "referrals.col.muni_code": ("Código municipio oportunidad", "Opportunity municipality code"),
    "referrals.col.home_muni_code": ("Código municipio residencia", "Home municipality code"),
    "referrals.col.muni": ("Municipio", "Municipality"),
    "referrals.col.isco": ("Código CIUO-08", "ISCO-08 code"),
    "referrals.col.occupation": ("Ocupación", "Occupation"),
    "referrals.col.returnees": ("Retornados en la etapa", "Returnees in the stage"),
    "referrals.col.referred": ("Con referencia", "Referred"),
    "referrals.col.unmet": ("Sin referencia", "Unmet"),
    "referrals.col.no_option": ("Nada abierto al alcance", "Nothing open within reach"),
    "referrals.col.capacity_full": ("Plazas agotadas", "Places all assigned"),
    "referrals.col.deferred": ("Sin espacio en la lista", "No room left in the list"),
    "referrals.col.unmet_reason": ("Por qué", "Why"),
    "referrals.col.nearest_id": ("Oferta abierta más cercana (ID)", "Nearest open offer (ID)"),
    "referrals.col.nearest_title": ("Oferta abierta más cercana", "Nearest open offer"),
    "referrals.col.nearest_provider": ("Proveedor de esa oferta", "Its provider"),
    "referrals.col.nearest_muni_name": ("Municipio de esa oferta", "Its municipality"),
    "referrals.col.nearest_km": ("Distancia a esa oferta (km)", "Distance to it (km)"),
    "status.referred": ("Referido", "Referred"),
    "status.contacted": ("Contactado", "Contacted"),
    "status.enrolled": ("Inscrito", "Enrolled"),
    "status.attended": ("Asistió", "Attended"),
    "status.certified": ("Certificado", "Certified"),
    "status.placed": ("Colocado", "Placed"),
    "status.business_started": ("Emprendimiento iniciado", "Business started"),
    "status.no_show": ("No se presentó", "No-show"),
    "status.rejected": ("Rechazado", "Rejected"),
    "status.closed": ("Cerrado", "Closed"),
    # Countries and their words (oportumap.countries): generic defaults for any country.
    "country.id_document": ("documento de identidad", "ID document"),
    "country.code_name": ("código", "code"),
    "country.admin1": ("departamento", "department"),
    "country.admin1_plural": ("departamentos", "departments"),
    "country.admin2": ("municipio", "municipality"),
    "country.admin2_plural": ("municipios", "municipalities"),
    # maps: controls, search, popups (h16-maps)
    "map.zoom_in": ("Acercar", "Zoom in"),
    "map.zoom_out": ("Alejar", "Zoom out"),
    "map.layers": ("Capas", "Layers"),
    "map.legend": ("Leyenda", "Legend"),
    "map.about": ("Fecha y fuente de los datos", "Data date and source"),
    "map.leaflet": ("Biblioteca JavaScript de mapas interactivos",
                    "A JavaScript library for interactive maps"),
    "map.close": ("Cerrar", "Close"),
    "map.search_place": ("Buscar municipio o departamento…",
                         "Search municipality or department…"),
    "map.several": ("Varios lugares con ese nombre: elija uno",
                    "Several places with that name: choose one"),
    "map.not_found": ("«{q}»: no encontrado", "'{q}': not found"),
    "map.offers_here": ("{n} ofertas en este lugar", "{n} offers at this spot"),
    "map.dept_munis": ("Departamento: {n} municipios", "Department: {n} municipalities"),
    "map.places_in_reach": ("Plazas al alcance", "Places in reach"),
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
