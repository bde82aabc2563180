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
    # -- referral follow-up (tracking, issue 18) --
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
    "placement_rate": ("Tasa de colocación (colocados / referidos)",
                       "Placement rate (placed / referred)"),
    "tracking.referral_id": ("ID referencia", "Referral ID"),
    "tracking.status": ("Estado", "Status"),
    "tracking.status_date": ("Fecha estado", "Status date"),
    "tracking.note": ("Nota", "Note"),
    "tracking.remaining": ("restantes", "left"),
    "tracking.remaining_one": ("restante", "left"),
    "outcome.group": ("Grupo", "Group"),
    "outcome.issued": ("Referidos", "Referred"),
    "outcome.contacted": ("Contactados", "Contacted"),
    "outcome.enrolled": ("Inscritos", "Enrolled"),
    "outcome.certified": ("Certificados", "Certified"),
    "outcome.placed": ("Colocados o emprendimiento iniciado", "Placed or business started"),
    "outcome.no_show": ("No se presentaron", "No-shows"),
    "outcome.rejected": ("Rechazados", "Rejected"),
    "outcome.contact_rate": ("Tasa de contacto (contactados / referidos)",
                             "Contact rate (contacted / referred)"),
    "outcome.enrolment_rate": ("Tasa de inscripción (inscritos / contactados)",
                               "Enrolment rate (enrolled / contacted)"),
    "outcome.certification_rate": ("Tasa de certificación (certificados / inscritos)",
                                    "Certification rate (certified / enrolled)"),
    "outcome.placement_rate": ("Tasa de colocación (colocados / referidos)",
                               "Placement rate (placed / referred)"),
    "outcome.median_days_to_placement": ("Mediana de días hasta la colocación",
                                         "Median days to placement"),
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
