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
    # -- column roles (loaders/roles.py, columnas.csv)
    "role.returnee_id": ('Código de la persona', 'Person code'),
    "role.opportunity_id": ('Código de la oportunidad', 'Opportunity code'),
    "role.muni_code": ('Código de municipio', 'Municipality code'),
    "role.municipio": ('Municipio', 'Municipality'),
    "role.departamento": ('Departamento', 'Department'),
    "role.lat": ('Latitud', 'Latitude'),
    "role.lon": ('Longitud', 'Longitude'),
    "role.sex": ('Sexo', 'Sex'),
    "role.age": ('Edad', 'Age'),
    "role.occupations": ('Ocupaciones', 'Occupations'),
    "role.certifications": ('Certificaciones', 'Certifications'),
    "role.experience_abroad": ('Experiencia en el extranjero', 'Experience abroad'),
    "role.has_id_document": ('Tiene documento de identidad', 'Has ID document'),
    "role.id_document_number": ('Número de documento de identidad', 'ID document number'),
    "role.needs_psychosocial": ('Necesita atención psicosocial', 'Needs psychosocial care'),
    "role.interest": ('Interés', 'Interest'),
    "role.return_date": ('Fecha de retorno', 'Return date'),
    "role.consent": ('Consentimiento', 'Consent'),
    "role.kind": ('Tipo de oportunidad', 'Opportunity kind'),
    "role.title": ('Título', 'Title'),
    "role.provider": ('Proveedor', 'Provider'),
    "role.occupation": ('Ocupación', 'Occupation'),
    "role.capacity": ('Plazas / cupos', 'Positions / seats'),
    "role.start_date": ('Fecha de inicio', 'Start date'),
    "role.end_date": ('Fecha de fin', 'End date'),
    "role.requires_certification": ('Requiere certificación', 'Requires certification'),
    "role.contact": ('Contacto', 'Contact'),
    "role.phone": ('Teléfono', 'Phone'),
    "role.address": ('Dirección', 'Address'),
    "role.late_enrolment": ('Inscripción tardía', 'Late enrolment'),
    "role.name": ('Nombre (no se usa)', 'Name (not used)'),
    "roles.file": ("archivo", "file"),
    "roles.sheet": ("hoja", "sheet"),
    "roles.column": ("columna", "column"),
    "roles.role": ("rol", "role"),
    "roles.why": ("por qué", "why"),
    "roles.confidence": ("confianza", "confidence"),
    "roles.used": ("se usa", "used"),
    "roles.question": ("¿Es «{column}» ({file}) {role}? Confírmelo o corríjalo en columnas.csv",
                       "Is '{column}' ({file}) {role}? Confirm or correct it in columnas.csv"),
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
    # -- tables, plans and explorer (h16-tables): column names people read, booleans,
    # solver status, plan messages and explorer labels.
    "yes": ("Sí", "Yes"),
    "no": ("No", "No"),
    "col.returnee_id": ("ID retornado", "Returnee ID"),
    "col.opportunity_id": ("ID oportunidad", "Opportunity ID"),
    "col.muni_code": ("Código municipio", "Municipality code"),
    "col.muni_name": ("Municipio", "Municipality"),
    "col.dept_code": ("Código departamento", "Department code"),
    "col.dept_name": ("Departamento", "Department"),
    "col.lat": ("Latitud", "Latitude"),
    "col.lon": ("Longitud", "Longitude"),
    "col.sex": ("Sexo", "Sex"),
    "col.age": ("Edad", "Age"),
    "col.occupations": ("Ocupaciones", "Occupations"),
    "col.certifications": ("Certificaciones", "Certifications"),
    "col.experience_abroad": ("Experiencia en el extranjero", "Experience abroad"),
    "col.has_id_document": ("Tiene DPI", "Has ID document"),
    "col.needs_psychosocial": ("Necesita atención psicosocial", "Needs psychosocial care"),
    "col.interest": ("Interés", "Interest"),
    "col.return_date": ("Fecha de retorno", "Return date"),
    "col.consent": ("Consentimiento", "Consent"),
    "col.kind": ("Tipo", "Kind"),
    "col.title": ("Título", "Title"),
    "col.provider": ("Proveedor", "Provider"),
    "col.occupation": ("Ocupación", "Occupation"),
    "col.capacity": ("Plazas / cupos", "Places / seats"),
    "col.location_source": ("Origen de la ubicación", "Location source"),
    "col.start_date": ("Fecha de inicio", "Start date"),
    "col.end_date": ("Fecha de fin", "End date"),
    "col.requires_certification": ("Requiere certificación", "Requires certification"),
    "col.contact": ("Contacto", "Contact"),
    "col.returnees": ("Retornados", "Returnees"),
    "col.gap_score": ("Brecha (retornados sin plaza alcanzable, promedio)",
                      "Gap (returnees without a reachable place, average)"),
    "col.priority_rank": ("Prioridad (1 = mayor brecha)", "Priority (1 = largest gap)"),
    "col.kinds_out_of_reach": ("Tipos sin oferta alcanzable", "Kinds out of reach"),
    "col.municipalities": ("Municipios", "Municipalities"),
    "col.municipalities_out_of_reach": ("Municipios sin ninguna oferta alcanzable",
                                        "Municipalities with nothing in reach"),
    "measure.nearest_km": ("más cercana (km)", "nearest (km)"),
    "measure.nearest_min": ("más cercana (min)", "nearest (min)"),
    "measure.count": ("alcanzables", "in reach"),
    "measure.capacity": ("plazas alcanzables", "places in reach"),
    "measure.2sfca": ("2SFCA (plazas por retornado)", "2SFCA (places per returnee)"),
    "measure.e2sfca": ("E2SFCA (plazas por retornado)", "E2SFCA (places per returnee)"),
    "measure.returnees_per_place": ("retornados por plaza", "returnees per place"),
    "measure.unserved": ("retornados sin plaza alcanzable",
                         "returnees without a reachable place"),
    "col.site": ("Sitio (código municipio)", "Site (municipality code)"),
    "col.status": ("Estado", "Status"),
    "col.order": ("Orden", "Order"),
    "col.marginal_gain": ("Retornados que agrega", "Returnees added"),
    "col.assigned": ("Retornados asignados", "Returnees assigned"),
    "col.demand": ("Demanda (retornados)", "Demand (returnees)"),
    "col.covered_before": ("Cubierto antes", "Covered before"),
    "col.covered_after": ("Cubierto después", "Covered after"),
    "col.newly_covered": ("Nuevo cubierto", "Newly covered"),
    "col.unserved": ("Sin cupo / sin cobertura", "Without seat / coverage"),
    "col.coverage_state": ("Cobertura", "Coverage"),
    "col.p_new": ("Sitios nuevos", "New sites"),
    "col.covered": ("Retornados cubiertos", "Returnees covered"),
    "col.added": ("Agrega", "Adds"),
    "col.share": ("Proporción cubierta", "Share covered"),
    "col.origin": ("Municipio de origen", "Origin municipality"),
    "col.seats": ("Cupos actuales", "Current seats"),
    "col.added_seats": ("Cupos a agregar", "Seats to add"),
    "col.served_before": ("Atendidos antes", "Served before"),
    "col.served_after": ("Atendidos después", "Served after"),
    "col.rank": ("Orden", "Rank"),
    "col.distance_km": ("Distancia (km)", "Distance (km)"),
    "col.minutes": ("Tiempo (min)", "Time (min)"),
    "col.score": ("Puntaje", "Score"),
    "sheet.data": ("Datos", "Data"),
    "sheet.notes": ("Notas", "Notes"),
    "sheet.sites": ("Sitios", "Sites"),
    "sheet.curve": ("Curva de cobertura", "Coverage curve"),
    "sheet.municipalities": ("Municipios", "Municipalities"),
    "solver.optimal": ("Óptimo", "Optimal"),
    "solver.time_limit": ("Factible (límite de tiempo)", "Feasible (time limit)"),
    "plan.site_new": ("nueva", "new"),
    "plan.site_existing": ("existente", "existing"),
    "plan.state.newly_covered": ("Nueva cobertura", "Newly covered"),
    "plan.state.covered_before": ("Ya cubierto", "Already covered"),
    "plan.state.not_covered": ("Sin cobertura", "Not covered"),
    "plan.state.no_demand": ("Sin demanda", "No demand"),
    "plan.all_covered": ("con {n} sitios ya se cubre a todos los alcanzables; "
                         "se pidieron {p}",
                         "{n} sites already cover everyone in reach; {p} were requested"),
    "plan.all_covered_one": ("con 1 sitio ya se cubre a todos los alcanzables; "
                             "se pidieron {p}",
                             "1 site already covers everyone in reach; {p} were requested"),
    "plan.all_covered_existing": ("los sitios existentes ya cubren a todos los alcanzables; "
                                  "no hace falta un sitio nuevo",
                                  "the existing sites already cover everyone in reach; "
                                  "no new site is needed"),
    "plan.stopped": ("el sitio {next} no agregaría retornados: se proponen {n}",
                     "site {next} would add no returnees: {n} are proposed"),
    "plan.seats_unused": ("solo {n} de los {extra} cupos pedidos atenderían a más retornados; "
                          "no se proponen los demás",
                          "only {n} of the {extra} seats requested would serve more "
                          "returnees; the rest are not proposed"),
    "plan.note.kind": ("Tipo planificado", "Kind planned"),
    "plan.note.reach": ("Alcance", "Reach"),
    "plan.note.solver": ("Estado del solucionador", "Solver status"),
    "plan.note.result": ("Resultado", "Result"),
    "plan.note.covered": ("Retornados cubiertos: {before} hoy, {after} con {n} sitios nuevos",
                          "Returnees covered: {before} today, {after} with {n} new sites"),
    "plan.note.seats": ("«Cupos» son las plazas que ofrece cada sitio (suma de las ofertas "
                        "existentes; para un sitio nuevo, los cupos supuestos).",
                        "'Seats' are the places each site offers (sum of existing offers; "
                        "for a new site, the seats assumed)."),
    "plan.note.assigned_uncap": ("«Retornados asignados» son las personas con demanda cuyo "
                                 "sitio abierto más cercano es este; sin --capacitated no se "
                                 "limitan por cupos y pueden superarlos.",
                                 "'Returnees assigned' are people in demand whose nearest "
                                 "open site is this one; without --capacitated they are not "
                                 "limited by seats and may exceed them."),
    "plan.note.assigned_cap": ("«Retornados asignados» son las personas que el modelo "
                               "atiende en este sitio sin superar sus cupos; el resto queda "
                               "en «Sin cupo / sin cobertura».",
                               "'Returnees assigned' are the people the model serves at this "
                               "site without exceeding its seats; the rest are 'Without seat "
                               "/ coverage'."),
    "plan.note.suppressed": ("«<5»: menos de 5 personas (dato protegido).",
                             "'<5': fewer than 5 people (protected)."),
    "explorer.reach_km": ("Alcance (km)", "Reach (km)"),
    "explorer.reach_min": ("Alcance (min)", "Reach (min)"),
    "explorer.reach_mode": ("Alcance en", "Reach in"),
    "explorer.km": ("km", "km"),
    "explorer.minutes": ("minutos", "minutes"),
    "explorer.profile": ("Perfil", "Profile"),
    "explorer.value": ("Valor", "Value"),
    "explorer.department": ("Departamento", "Department"),
    "explorer.municipality": ("Municipio", "Municipality"),
    "explorer.all": ("(todos)", "(all)"),
    "explorer.kinds": ("Oportunidades", "Opportunities"),
    "explorer.occupation": ("Ocupación", "Occupation"),
    "explorer.color": ("Colorear por", "Colour by"),
    "explorer.lang": ("Idioma", "Language"),
    "explorer.folder": ("Carpeta", "Folder"),
    "explorer.export_map": ("Exportar mapa (HTML)", "Export map (HTML)"),
    "explorer.export_refs": ("Exportar referencias (XLSX)", "Export referrals (XLSX)"),
    "explorer.referrals": ("Referencias", "Referrals"),
    "explorer.people": ("personas", "people"),
    "explorer.ready": ("Listo.", "Ready."),
    "explorer.saved": ("Guardado", "Saved"),
    "explorer.shown": ("mostrando las primeras", "showing the first"),
    "explorer.reach_title": ("Alcance por tipo de oportunidad",
                             "Reach by kind of opportunity"),
    "col.stage": ("Etapa", "Stage"),
    "col.rows": ("Filas", "Rows"),
    "col.rejected": ("Filas rechazadas", "Rejected rows"),
    "col.file": ("Archivo", "File"),
    "col.row": ("Fila", "Row"),
    "col.column": ("Columna", "Column"),
    "col.value": ("Valor", "Value"),
    "col.reason": ("Motivo", "Reason"),
    "stage.psychosocial": ("Atención psicosocial", "Psychosocial care"),
    "stage.id_document": ("Documento de identidad", "Identity document"),
    "stage.certification": ("Certificación", "Certification"),
    "stage.training": ("Formación", "Training"),
    "stage.employment": ("Empleo", "Employment"),
    "stage.entrepreneurship": ("Emprendimiento", "Entrepreneurship"),
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
    "read.interpreted": ("  valores leídos en {file} (revíselos):",
                         "  values read in {file} (check them):"),
    "read.interpretation": ("    {column}: «{value}» → {meaning} ({rows} filas)",
                            "    {column}: '{value}' → {meaning} ({rows} rows)"),
    "read.question": ("    ¿? {column}: «{value}»: {meaning} ({rows} filas, sin usar)",
                      "    ?? {column}: '{value}': {meaning} ({rows} rows, not used)"),
    "read.more_corrections": ("  ... y {n} interpretaciones más", "  ... and {n} more"),
    "read.full_list": ("Lista completa de filas rechazadas: {path}",
                       "Full list of rejected rows: {path}"),
    "read.all_ok": ("Todas las filas se aceptaron.", "Every row was accepted."),
    "kind.returnees": ("Retornados", "Returnees"),
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
    # -- referral follow-up (tracking, issue 18) --
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
    "tracking.import.already": ("{file}: ya importado antes (mismo contenido); no se agregó nada",
                                "{file}: already imported (same content); nothing added"),
    "tracking.import.line": (
        "{file}: {rows:,} filas leídas, {accepted:,} aceptadas ({added:,} cambios de estado "
        "nuevos, {unchanged:,} sin cambio), {rejected:,} rechazadas",
        "{file}: {rows:,} rows read, {accepted:,} accepted ({added:,} new status changes, "
        "{unchanged:,} unchanged), {rejected:,} rejected"),
    "tracking.import.understood": ("Se interpretó (revise):", "Interpreted (please check):"),
    "tracking.import.skipped_step": ("; {n:,} con etapa saltada (marcadas)",
                                     "; {n:,} skipped a step (flagged)"),
    "tracking.import.conflicts": ("; {n:,} conflictos con otro archivo "
                                  "(ver: oportumap track conflicts)",
                                  "; {n:,} conflicts (see: oportumap track conflicts)"),
    # -- dates (oportumap.dates): one reader for every input
    "dates.problem.impossible": ("fecha imposible ({detail})", "impossible date ({detail})"),
    "dates.problem.future": ("fecha en el futuro (hoy es {detail})",
                             "date in the future (today is {detail})"),
    "dates.problem.unreadable": (
        "fecha no reconocida; escriba dd/mm/aaaa (p. ej. 15/03/2025), aaaa-mm-dd o "
        "«15 dic 2025»",
        "date not recognised; write dd/mm/yyyy (e.g. 15/03/2025), yyyy-mm-dd or "
        "'15 Dec 2025'"),
    "dates.problem.no_year": ("fecha sin año («{value}»); agregue el año",
                              "date without a year ('{value}'); add the year"),
    "dates.problem.no_day": ("fecha sin día («{value}»); escriba el día (dd/mm/aaaa)",
                             "date without a day ('{value}'); write the day (dd/mm/yyyy)"),
    "dates.problem.order": ("fecha que no se puede leer en el orden de la columna ({detail})",
                            "date that cannot be read in the column's order ({detail})"),
    "dates.detail.year": ("año {year}", "year {year}"),
    "dates.detail.month": ("mes {month}", "month {month}"),
    "dates.detail.day": ("día {day}: {month} tiene {last} días",
                         "day {day}: {month} has {last} days"),
    "dates.order.day_first": ("día/mes/año", "day/month/year"),
    "dates.order.month_first": ("mes/día/año", "month/day/year"),
    "dates.why.month_first": ("la columna escribe {order} (lo muestra esta fecha): todas se "
                              "leen así", "the column writes {order} (this date shows it): "
                              "all are read that way"),
    "dates.why.assumed": ("orden {order} supuesto: ninguna fecha de la columna lo decide",
                          "{order} order assumed: no date in the column decides it"),
    "dates.why.mixed": ("la columna mezcla día/mes y mes/día; se leyó {order} (la mayoría) y "
                        "se rechazan las que no se leen así; confirme",
                        "the column mixes day/month and month/day; read {order} (most) and "
                        "the others rejected; please confirm"),
    "dates.kind.dmy": ("texto día/mes/año: {date}", "text day/month/year: {date}"),
    "dates.kind.dmy_mdy": ("texto mes/día/año: {date}", "text month/day/year: {date}"),
    "dates.kind.two_digit_year": ("año de dos cifras (dd-mm-aa): {date}",
                                  "two-digit year (dd-mm-yy): {date}"),
    "dates.kind.two_digit_year_mdy": ("año de dos cifras (mm-dd-aa): {date}",
                                      "two-digit year (mm-dd-yy): {date}"),
    "dates.kind.ymd_text": ("año/mes/día: {date}", "year/month/day: {date}"),
    "dates.kind.month_name": ("fecha con nombre de mes: {date}", "date with a month name: {date}"),
    "dates.kind.month_only": ("solo mes y año: {month} de {year} (día desconocido)",
                              "month and year only: {month} {year} (day unknown)"),
    "dates.kind.year_only": ("solo el año: {year} (día y mes desconocidos)",
                             "year only: {year} (day and month unknown)"),
    "dates.kind.serial": ("número de serie de Excel: {date}", "Excel serial number: {date}"),
    "dates.kind.serial_text": ("número de serie de Excel guardado como texto: {date}",
                               "Excel serial number stored as text: {date}"),
    "dates.kind.compact": ("aaaammdd: {date}", "yyyymmdd: {date}"),
    "dates.kind.unknown": ("fecha desconocida (vacío, no es un error)",
                           "unknown date (blank, not an error)"),
    "dates.and_more": (" (y {n} más)", " (and {n} more)"),
    "dates.month.1": ("enero", "January"), "dates.month.2": ("febrero", "February"),
    "dates.month.3": ("marzo", "March"), "dates.month.4": ("abril", "April"),
    "dates.month.5": ("mayo", "May"), "dates.month.6": ("junio", "June"),
    "dates.month.7": ("julio", "July"), "dates.month.8": ("agosto", "August"),
    "dates.month.9": ("septiembre", "September"), "dates.month.10": ("octubre", "October"),
    "dates.month.11": ("noviembre", "November"), "dates.month.12": ("diciembre", "December"),
    # -- vocabularies (oportumap.vocabulary): one matcher for every controlled list
    "vocab.what.status": ("estado", "status"),
    "vocab.what.interest": ("interés", "interest"),
    "vocab.what.kind": ("tipo de oportunidad", "kind of opportunity"),
    "vocab.what.yes_no": ("sí/no", "yes/no"),
    "vocab.what.department": ("departamento", "department"),
    "vocab.problem.unknown": (
        "{what} desconocido: «{value}» no es ninguno de la lista (no se adivina); use: {valid}",
        "unknown {what}: '{value}' is none of the list (never guessed); use: {valid}"),
    "vocab.problem.doubt": (
        "«{value}» lleva «?» (duda): parece «{detail}» pero no se acepta; confirme y escriba "
        "el {what} sin «?»",
        "'{value}' carries a '?' (doubt): it looks like '{detail}' but is not accepted; "
        "confirm and write the {what} without '?'"),
    "vocab.problem.ambiguous": ("«{value}» dice más de un {what} ({detail}); escriba uno solo",
                                "'{value}' says more than one {what} ({detail}); write one"),
    "vocab.problem.negation_question": (
        "«{value}»: es la negación de «{detail}», que no es un {what} de la lista; escriba el "
        "{what} que corresponde",
        "'{value}': the negation of '{detail}' is not a {what} of the list; write the "
        "{what} that applies"),
    "vocab.hint.yes_no": ("(también valen x, ✓, 1, no, 0)", "(x, ✓, 1, no, 0 work too)"),
    "vocab.how.case": (" (mayúsculas, tildes o espacios)", " (case, accents or spaces)"),
    "vocab.how.synonym": (" (otra forma de escribirlo)", " (another way of writing it)"),
    "vocab.how.feminine": (" (femenino)", " (feminine form)"),
    "vocab.how.symbol": (" (símbolo)", " (symbol)"),
    "vocab.how.phrase": (" (frase con «{detail}»)", " (phrase with '{detail}')"),
    "vocab.how.fuzzy": (" (error de tecleo: parecido a «{detail}»)",
                        " (typo: close to '{detail}')"),
    "vocab.how.negated": (" (negación de «{detail}»)", " (negation of '{detail}')"),
    "vocab.how.unknown_word": ("sin dato (vacío, no es un error)",
                               "no data (blank, not an error)"),
    "interest.employment": ("Empleo", "Employment"),
    "interest.entrepreneurship": ("Emprendimiento", "Entrepreneurship"),
    "interest.training": ("Formación", "Training"),
    # -- values (oportumap.values): numbers with units, yes/no, coded categories
    "values.number.unreadable": ("no es un número; escriba solo la cifra (p. ej. 34)",
                                 "not a number; write the figure only (e.g. 34)"),
    "values.number.two_numbers": ("dos números en una celda; escriba uno solo",
                                  "two numbers in one cell; write one"),
    "values.number.not_integer": ("se espera un número entero", "a whole number is expected"),
    "values.number.how.unit": ("{value} (sin la unidad o la nota)",
                               "{value} (unit or note dropped)"),
    "values.number.how.currency": ("{value} (sin el símbolo de moneda)",
                                   "{value} (currency symbol dropped)"),
    "values.number.how.plus": ("{value} (al menos {value})", "{value} (at least {value})"),
    "values.number.how.multiplier": ("{value} («mil» = × 1000)", "{value} ('mil' = × 1000)"),
    "values.number.how.grouped": ("{value} (separador de miles)", "{value} (thousands separator)"),
    "values.number.how.decimal_comma": ("{value} (coma decimal)", "{value} (decimal comma)"),
    "values.number.how.unknown": ("sin dato (vacío, no es un error)",
                                  "no data (blank, not an error)"),
    "values.number.mixed_marks": (
        "la columna mezcla coma y punto decimal; los números ambiguos se leyeron con «{mark}» "
        "decimal; confirme",
        "the column mixes decimal comma and point; ambiguous numbers were read with '{mark}' "
        "as decimal mark; please confirm"),
    "values.sex.F": ("mujer", "woman"),
    "values.sex.M": ("hombre", "man"),
    "values.sex.m_female": ("mujer (la columna usa H/M: hombre/mujer)",
                            "woman (the column uses H/M: hombre/mujer)"),
    "values.sex.m_male": ("hombre (la columna usa M/F: masculino/femenino)",
                          "man (the column uses M/F: male/female)"),
    "values.sex.m_question": (
        "¿mujer u hombre? La columna no dice si «M» es mujer (H/M) o masculino (M/F); "
        "escriba mujer/hombre (o F/M con H para hombre)",
        "woman or man? The column does not say whether 'M' is mujer (H/M) or male (M/F); "
        "write woman/man (or F/M, or H/M)"),
    "values.sex.unknown": ("sexo no reconocido; use mujer/hombre, F/M o H/M",
                           "sex not recognised; use woman/man, F/M or H/M"),
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


def column_label(column: str, lang: str = "es") -> str:
    """Human name of an output column (``gap_score`` -> "Brecha ..."); unknown names stay.

    Per-kind profile measures read "<kind>: <measure>" (``vacancy_2sfca`` ->
    "Vacantes: 2SFCA (plazas por retornado)").

    Examples
    --------
    >>> column_label("vacancy_2sfca")
    'Vacantes: 2SFCA (plazas por retornado)'
    >>> column_label("certification_nearest_km", "en")
    'Certification: nearest (km)'
    >>> column_label("my_own_column")
    'my_own_column'
    """
    name = str(column)
    if f"col.{name}" in _TEXT:
        return text(f"col.{name}", lang)
    if f"kind.{name}" in _TEXT:
        return text(f"kind.{name}", lang)
    kind, _, measure = name.partition("_")
    if f"kind.{kind}" in _TEXT and f"measure.{measure}" in _TEXT:
        return f"{text(f'kind.{kind}', lang)}: {text(f'measure.{measure}', lang)}"
    text("yes", lang)  # validates lang
    return name


def yes_no(value: object, lang: str = "es") -> str | None:
    """``"Sí"``/``"No"`` (``"Yes"``/``"No"`` in English) for a boolean; None when missing.

    Examples
    --------
    >>> yes_no(True), yes_no(False, "en"), yes_no(None)
    ('Sí', 'No', None)
    """
    import pandas as pd

    if value is None or pd.isna(value):
        return None
    return text("yes" if bool(value) else "no", lang)
