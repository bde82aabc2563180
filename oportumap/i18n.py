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
    "role.total": ("Total (conteo)", "Total (count)"),
    "role.women": ("Mujeres (conteo)", "Women (count)"),
    "role.men": ("Hombres (conteo)", "Men (count)"),
    "role.minors": ("Menores, NNA (conteo)", "Minors (count)"),
    "role.period": ("Periodo", "Period"),
    "role.muni_code": ('Código de municipio', 'Municipality code'),
    "role.municipio": ('Municipio', 'Municipality'),
    "role.departamento": ('Departamento', 'Department'),
    "role.distrito": ('Distrito', 'District'),
    "role.lat": ('Latitud', 'Latitude'),
    "role.lon": ('Longitud', 'Longitude'),
    "role.sex": ('Sexo', 'Sex'),
    "role.age": ('Edad', 'Age'),
    "role.occupations": ('Ocupaciones', 'Occupations'),
    "role.point": ('Punto GPS (latitud y longitud)', 'GPS point (latitude and longitude)'),
    "role.occupations_abroad": ('Ocupaciones en el extranjero', 'Occupations abroad'),
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
    "roles.unknown": ("{where} (valor '{value}'): no es un rol conocido; escriba uno de estos roles: {roles}, o «no» para no usar la columna",
                      "{where} (value '{value}'): not a known role; write one of these roles: {roles}, or «no» to leave the column unused"),
    "roles.unknown_content": ("{where} (valor '{value}'): no es un contenido conocido; escriba uno de estos: {roles}, o «no»",
                              "{where} (value '{value}'): not a known content; write one of these: {roles}, or «no»"),
    "roles.unknown_in_file": ("{file} fila {row}, columna 'rol'", "{file} row {row}, column 'rol'"),
    "roles.unknown_in_mapping": ("columns=, columna «{column}»", "columns=, column '{column}'"),
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
    "col.interests": ("Intereses", "Interests"),
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
    "explorer.export_profile": ("Exportar perfil (XLSX)", "Export profile (XLSX)"),
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
    "read.unknown_content": (
        "no se sabe qué contiene: ni su nombre ni sus columnas lo dicen; escriba su contenido "
        "en columnas.csv (fila «(contenido)»: retornados, vacantes, formación, "
        "certificación, emprendimiento, servicios) o renombre el archivo",
        "what it holds is unknown: neither its name nor its columns say; write its content "
        "in columnas.csv (row «(contenido)»: returnees, vacancy, training, certification, "
        "entrepreneurship, service) or rename the file"),
    "read.not_a_table": (
        "no es una tabla (CSV, TXT o Excel .xlsx); se omite. Si tiene datos, guárdelo como "
        "Excel o CSV",
        "not a table (CSV, TXT or Excel .xlsx); skipped. If it holds data, save it as Excel "
        "or CSV"),
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
    "read.file_note": ("    {meaning}", "    {meaning}"),
    # -- files: encodings and formulas saved without results (files/encoding.py, formulas)
    "files.mixed_encoding": (
        "archivo {file}: {utf8} en UTF-8 y {cp1252} en Windows-1252 ({lines}); "
        "se leyó cada línea con la suya. Guárdelo como «CSV UTF-8» para que no se mezclen",
        "file {file}: {utf8} in UTF-8 and {cp1252} in Windows-1252 ({lines}); "
        "each line was read with its own. Save it as «CSV UTF-8» so they do not mix"),
    "sex.M": ("Hombre", "Man"),
    "sex.F": ("Mujer", "Woman"),
    "files.line": ("línea", "line"),
    "files.lines": ("líneas", "lines"),
    "files.mojibake": ("texto dañado (UTF-8 leído como Windows-1252) reparado: «{fixed}»",
                       "damaged text (UTF-8 read as Windows-1252) repaired: «{fixed}»"),
    "files.formula_where": ("hoja {sheet}, celda {cell}", "sheet {sheet}, cell {cell}"),
    "files.formula_computed": (
        "{where}: fórmula guardada sin su resultado, calculada: {value}",
        "{where}: formula saved without its result, computed: {value}"),
    "files.formula_stale": (
        "{where}: el libro pide recalcular al abrirlo; su resultado guardado «{cached}» se "
        "reemplazó por el calculado: {value}",
        "{where}: the workbook asks to be recalculated when opened; its saved result "
        "«{cached}» was replaced by the computed one: {value}"),
    "files.formula_unchecked": (
        "{where}: el libro pide recalcular al abrirlo y la fórmula no se pudo calcular "
        "({why}); se usó su resultado guardado «{cached}» sin comprobarlo: ábralo y guárdelo "
        "en Excel para confirmarlo",
        "{where}: the workbook asks to be recalculated when opened and the formula could not "
        "be computed ({why}); its saved result «{cached}» was used unchecked: open and save "
        "it in Excel to confirm it"),
    "files.formula_unused": (
        "{where}: fórmula guardada sin su resultado que no se pudo calcular ({why}); la "
        "columna no se usa",
        "{where}: formula saved without its result that could not be computed ({why}); the "
        "column is not used"),
    "files.formula_blank_row": (
        "{where}: fórmula guardada sin su resultado que no se pudo calcular ({why}); la fila "
        "no tiene otros datos y se omitió como vacía",
        "{where}: formula saved without its result that could not be computed ({why}); the "
        "row has no other data and was skipped as blank"),
    "files.formula_more": ("y {n} celdas más con fórmulas guardadas sin resultado",
                           "and {n} more cells with formulas saved without results"),
    "files.formula_failed": (
        "{where}: la fórmula {formula} se guardó sin su resultado y no se pudo calcular "
        "({why}); ábrala y guárdela en Excel o escriba el valor",
        "{where}: the formula {formula} was saved without its result and could not be "
        "computed ({why}); open and save it in Excel or type the value"),
    "files.formula_why.syntax": ("no se entendió la fórmula", "the formula was not understood"),
    "files.formula_why.sheet": ("usa celdas de otra hoja u otro libro",
                                "it uses cells of another sheet or workbook"),
    "files.formula_why.name": ("usa el nombre definido «{name}»", "it uses the defined name «{name}»"),
    "files.formula_why.range": ("usa un rango donde se espera un valor",
                                "it uses a range where a value is expected"),
    "files.formula_why.volatile": ("usa {name}, que cambia según el día en que se abre",
                                   "it uses {name}, which changes with the day it is opened"),
    "files.formula_why.function": ("la función {name} no se calcula fuera de Excel",
                                   "the function {name} is not computed outside Excel"),
    "files.formula_why.error": ("da el error {error}", "it gives the error {error}"),
    "files.formula_why.cycle": ("referencia circular", "circular reference"),
    "files.formula_why.text_ref": ("usa la celda {cell}, y un CSV no guarda las celdas de una hoja",
                                   "it uses cell {cell}, and a CSV keeps no sheet's cells"),
    "files.text_formula_where": ("fila {row}", "row {row}"),
    "files.text_formula_computed": (
        "{where}: fórmula escrita en un CSV, que no guarda resultados; en esta columna de "
        "{kind} se calculó: {value}",
        "{where}: formula written in a CSV, which keeps no results; in this {kind} column "
        "it was computed: {value}"),
    "files.text_formula_blank_row": (
        "{where}: fórmula escrita en un CSV, que no guarda resultados, y no se pudo calcular "
        "({why}); la fila no tiene otros datos y se omitió como vacía",
        "{where}: formula written in a CSV, which keeps no results, that could not be "
        "computed ({why}); the row has no other data and was skipped as blank"),
    "files.text_formula_kind.number": ("números", "numbers"),
    "files.text_formula_kind.date": ("fechas", "dates"),
    "files.text_formula_refused": (
        "{where}: «{formula}» es una fórmula y un CSV no guarda resultados de fórmulas; "
        "en esta columna se espera el valor escrito: escríbalo, o lea el libro .xlsx del "
        "que salió el CSV",
        "{where}: «{formula}» is a formula and a CSV keeps no formula results; this column "
        "expects the value itself: type it, or read the .xlsx workbook the CSV came from"),
    "files.text_formula_failed": (
        "{where}: «{formula}» es una fórmula y un CSV no guarda resultados de fórmulas; no "
        "se pudo calcular ({why}): escriba el valor, o lea el libro .xlsx del que salió el CSV",
        "{where}: «{formula}» is a formula and a CSV keeps no formula results; it could not "
        "be computed ({why}): type the value, or read the .xlsx workbook the CSV came from"),
    "files.text_formula_not_kind": (
        "{where}: «{formula}» da «{value}», que no es un valor de {kind}; un CSV no guarda "
        "resultados de fórmulas: escriba el valor",
        "{where}: «{formula}» gives «{value}», which is not a {kind} value; a CSV keeps no "
        "formula results: type the value"),
    "files.formula_why.ref_failed": ("usa la celda {cell}, que tampoco se pudo calcular",
                                     "it uses cell {cell}, which could not be computed either"),
    "kind.returnees": ("Retornados", "Returnees"),
    "kind.aggregate": ("Conteos por municipio", "Counts by municipality"),
    # --- count tables: returnees counted by municipality (loaders/counts.py) ---
    "counts.no_count_column": (
        "{file}: no hay columnas de conteos; agregue «Total» (o «Personas retornadas»), "
        "«Mujeres», «Hombres» o «NNA». Columnas encontradas: {found}",
        "{file}: no count columns; add «Total» (or «Returnees»), «Women», «Men» or "
        "«Minors». Columns found: {found}"),
    "counts.protected": ("conteo protegido: entre 1 y {high} personas (no es 0 ni vacío)",
                         "protected count: between 1 and {high} people (not 0, not blank)"),
    "counts.at_least": ("al menos {low} (suma de conteos conocidos y protegidos): no es un "
                        "número exacto",
                        "at least {low} (known and protected counts added): not an exact "
                        "number"),
    "counts.not_a_count": (
        "no es un conteo de personas; escriba un número entero (0 o más), o «<5» si la "
        "cifra está protegida",
        "not a count of people; write a whole number (0 or more), or «<5» for a protected "
        "figure"),
    "counts.no_count": ("la fila no trae ningún conteo; escriba al menos el total, o borre "
                        "la fila",
                        "the row has no count; write at least the total, or delete the row"),
    "counts.more_than_total": ("{parts} suman más que {total}; corrija uno de los conteos",
                               "{parts} add up to more than {total}; correct one of the "
                               "counts"),
    "counts.period_order": ("el periodo termina antes de empezar; escríbalo como "
                            "«2026-01/2026-10» (inicio/fin)",
                            "the period ends before it starts; write it as "
                            "«2026-01/2026-10» (start/end)"),
    "counts.pcode": ("P-code de OCHA: «{prefix}» + código nacional (aquí {code}); igual en "
                     "las demás filas",
                     "OCHA P-code: «{prefix}» + national code (here {code}); likewise in the "
                     "other rows"),
    "read.counts_line": ("  Conteos por municipio (no son personas); municipios con sus "
                         "conteos: {n} (en Dataset.returnee_counts)",
                         "  Counts by municipality (not people); municipalities with their "
                         "counts: {n} (in Dataset.returnee_counts)"),
    "counts.interval": ("intervalo: del {start} al {end}", "interval: {start} to {end}"),
    "kind.mixed": ("Oportunidades de varios tipos (columna de tipo)", "Opportunities of several kinds (kind column)"),
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
    "referrals.reason.cert_related": ("Certificación afín a su experiencia: {label}",
                                      "Certification related to your experience: {label}"),
    "occupation.family": ("{label} (oficio sin precisar)", "{label} (trade not specified)"),
    "occupation.reading.several": ("se interpretó '{cell}' como varias ocupaciones: {parts}",
                                   "'{cell}' was read as several occupations: {parts}"),
    "roles.option_column": (
        "columna 0/1 de una opción de «{question}» (selección múltiple de KoboToolbox): "
        "las opciones marcadas con 1 forman «{role}»",
        "0/1 column of one option of «{question}» (KoboToolbox multiple choice): the "
        "options marked 1 make «{role}»"),
    "roles.other_column": (
        "texto de la opción «otro» de «{question}»: reemplaza a «otro» en esa columna",
        "text of the «other» option of «{question}»: replaces «other» in that column"),
    "options.other": (
        "«otro» en «{question}»: la ocupación está en «{other}»: «{text}»",
        "«other» in «{question}»: the occupation is in «{other}»: «{text}»"),
    "options.disagree": (
        "«{question}» dice «{cell}» pero sus columnas 0/1 marcan «{marked}»: se usan "
        "las dos (revise el envío)",
        "«{question}» says «{cell}» but its 0/1 columns mark «{marked}»: both are used "
        "(check the submission)"),
    "occupation.reading.choice_name": (
        "se interpretó '{cell}' como la ocupación «{text}» (nombre de opción de "
        "KoboToolbox, «_» en lugar de espacios)",
        "'{cell}' was read as the occupation «{text}» (a KoboToolbox choice name, «_» "
        "instead of spaces)"),
    "occupation.reading.translation": ("«{text}» es una sola ocupación: {label}",
                                       "«{text}» is one occupation: {label}"),
    "occupation.reading.refined": ("«{text}»: se tomó el oficio preciso, {label}",
                                   "«{text}»: the precise trade was taken, {label}"),
    "occupation.reading.family": ("«{text}»: se conserva la familia, {label}",
                                  "«{text}»: the family is kept, {label}"),
    "occupation.reading.fuzzy": ("«{text}» se leyó como {label} (parecido a «{matched}»)",
                                 "«{text}» was read as {label} (close to «{matched}»)"),
    "occupation.reading.context": ("«{text}»: {label}", "«{text}»: {label}"),
    "occupation.reading.ambiguous": (
        "ocupación no reconocida: «{text}» puede ser varias ({matched}); escriba el oficio "
        "preciso o su código CIUO de 4 dígitos",
        "occupation not recognised: «{text}» may be several ({matched}); write the precise "
        "trade or its 4-digit ISCO code"),
    "occupation.reading.unmatched": (
        "ocupación no reconocida: «{text}»; no se usa para sus referencias: escriba el "
        "oficio como en la lista de ocupaciones o su código CIUO de 4 dígitos",
        "occupation not recognised: «{text}»; not used for the referrals: write the trade "
        "as in the occupation list or its 4-digit ISCO code"),
    "occupation.unrecognised": ("ocupación no reconocida", "occupation not recognised"),
    "occupation.standard_unknown": (
        "certificación «{text}»: no corresponde a ninguno de los estándares de "
        "certificación conocidos, así que no se ofrece a nadie; escriba el título del "
        "estándar (p. ej. «Soldador de Estructuras Metálicas») o la ocupación que certifica",
        "certification «{text}»: matches none of the known certification standards, so it "
        "is offered to nobody; write the standard's title (e.g. «Structural welder») or the "
        "occupation it certifies"),
    "read.where_column": ("{file} fila {row}, columna '{column}'",
                          "{file} row {row}, column '{column}'"),
    "read.unrecognised_occupations": (
        "Ocupaciones no reconocidas: {n} (se conservan tal como se escribieron y se "
        "muestran en la columna «Ocupación no reconocida» de las referencias): {examples}",
        "Occupations not recognised: {n} (kept as written and shown in the «Occupation not "
        "recognised» column of the referrals): {examples}"),
    "occupation.reading.none": ("«{text}»: sin ocupación", "«{text}»: no occupation"),
    "referrals.reason.course_same": ("Curso de su oficio: {label}",
                                     "Course in your trade: {label}"),
    "referrals.reason.course_related": ("Curso afín: {label}", "Related course: {label}"),
    "referrals.reason.course": ("Curso: {label}", "Course: {label}"),
    "referrals.reason.programme": ("Emprendimiento y capital semilla",
                                   "Entrepreneurship and seed capital"),
    "referrals.reason.psychosocial": ("Atención psicosocial", "Psychosocial care"),
    "referrals.reason.id_document": ("Trámite de {id_document}",
                                     "Identity document ({id_document})"),
    "referrals.reason.road_minutes": ("{minutes} min por carretera", "{minutes} min by road"),
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
    "referrals.col.unrecognised_occupation": ("Ocupación no reconocida",
                                              "Occupation not recognised"),
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
    "country.admin3": ("distrito", "district"),
    "country.admin3_plural": ("distritos", "districts"),
    # Two levels of place (oportumap.geography.districts): El Salvador's districts.
    "places.district.old_name": (
        "se interpretó '{name}' como el {admin3} {district} del {admin2} {label}",
        "'{name}' was read as the {admin3} {district} of the {admin2} {label}"),
    "places.district.which": (
        "'{name}' es un {admin2} con {n} {admin3_plural} ({shown}) y no se sabe cuál: "
        "escriba el {admin3} (no se supone la cabecera)",
        "'{name}' is a {admin2} with {n} {admin3_plural} ({shown}) and which one is "
        "unknown: write the {admin3} (its seat is never assumed)"),
    "places.district.more": (" y {n} más", " and {n} more"),
    "places.district.elsewhere": (
        "el {admin3} '{district}' es del {admin2} {parent} ({dept}), no de '{written}'; "
        "corrija uno de los dos",
        "the {admin3} '{district}' belongs to the {admin2} {parent} ({dept}), not to "
        "'{written}'; correct one of the two"),
    "places.district.other": (
        "el {admin3} '{district}' no es '{written}', que es otro {admin3} (del {admin2} "
        "{parent}); corrija uno de los dos",
        "the {admin3} '{district}' is not '{written}', another {admin3} (of the {admin2} "
        "{parent}); correct one of the two"),
    "places.district.located": ("se ubicó por el {admin3} '{district}': {label}",
                                "placed by the {admin3} '{district}': {label}"),
    "places.district.unread": ("se usó el {admin2} {label}; {why}",
                               "the {admin2} {label} was used; {why}"),
    "places.district.missing": (
        "faltan el {admin2} y el {admin3}; escriba al menos el {least} o las coordenadas",
        "the {admin2} and the {admin3} are missing; write at least the {least} or the "
        "coordinates"),
    "places.district.registered": (
        "Se guardaron {n} {admin3_plural} de estos {units} {admin2_plural}: sus nombres "
        "siguen valiendo y la columna «{Admin3}» de los registros se lee con el {admin2}.",
        "{n} {admin3_plural} of these {units} {admin2_plural} were kept: their names still "
        "resolve and a registry's «{Admin3}» column is read with the {admin2}."),
    "places.district.registered_by": (
        "Registrados por {admin3_plural}: {n} {admin3_plural} de {units} {admin2_plural}; "
        "un {admin2} escrito sin {admin3} se rechaza diciendo que no se sabe cuál.",
        "Registered by {admin3_plural}: {n} {admin3_plural} of {units} {admin2_plural}; a "
        "{admin2} written without its {admin3} is rejected saying which one is unknown."),
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
    # -- what each row of a coordinator's file meant (tracking.checks)
    "tracking.row.referred_no_date": ("sigue en «Referido» (estado inicial, sin fecha)",
                                      "still «Referred» (the initial state, no date)"),
    "tracking.row.referred": ("«Referido» con fecha: es el estado inicial, no cambia nada",
                              "«Referred» with a date: it is the initial state, nothing "
                              "changes"),
    "tracking.row.empty": ("sin estado ni fecha: no hay nada que registrar",
                           "no status and no date: nothing to record"),
    "tracking.row.known": ("ya registrado igual en «{file}»{where}: reimportar no agrega nada",
                           "already recorded the same in «{file}»{where}: importing it "
                           "again adds nothing"),
    "tracking.row.no_id": ("falta «ID referencia»: copie la fila desde el libro entregado, sin "
                           "borrar el ID", "«Referral ID» is missing: copy the row from the "
                           "delivered workbook, keeping the ID"),
    "tracking.row.note": ("no es un estado (es una nota): escríbalo en «Nota» y deje en "
                          "«Estado» uno de la lista (o vacío)",
                          "not a status (it is a note): write it in «Note» and leave a "
                          "status of the list (or nothing) in «Status»"),
    "tracking.row.no_date": ("hay estado pero falta la fecha: escriba «Fecha estado» "
                             "(dd/mm/aaaa)", "a status without its date: write «Status "
                             "date» (dd/mm/yyyy)"),
    "tracking.row.no_status": ("hay «Fecha estado» pero falta «Estado»",
                               "«Status date» without «Status»"),
    "tracking.row.early": ("la fecha ({date}) es anterior a la emisión de la referencia "
                           "({issued}); revise el día y el mes",
                           "the date ({date}) is before the referral was issued ({issued}); "
                           "check day and month"),
    "tracking.row.unknown_id": (
        "ID desconocido: «{id}» no está en ninguna lista emitida de esta base; revise que no "
        "se haya modificado (una lista de otro programa se carga antes con: oportumap track "
        "issued ARCHIVO)",
        "unknown ID: «{id}» is in no list issued in this store; check it was not changed (a "
        "list from another program is loaded first with: oportumap track issued FILE)"),
    "tracking.row.id_short": ("ID de {n} caracteres (falta uno): no coincide con ninguna "
                              "referencia; ¿es {id}? corríjalo en el libro y vuelva a "
                              "importarlo", "{n}-character ID (one missing): it matches no "
                              "referral; is it {id}? correct it and import again"),
    "tracking.row.id_long": ("ID de {n} caracteres (sobra uno): no coincide con ninguna "
                             "referencia; ¿es {id}? corríjalo en el libro y vuelva a "
                             "importarlo", "{n}-character ID (one too many): it matches no "
                             "referral; is it {id}? correct it and import again"),
    "tracking.row.id_changed": ("ID desconocido: «{id}» no coincide con ninguna referencia; "
                                "¿es {near} (un carácter distinto)? corríjalo en el libro y "
                                "vuelva a importarlo", "unknown ID: «{id}» matches no "
                                "referral; is it {near} (one character differs)? correct it "
                                "and import again"),
    "tracking.row.id_normalised": ("{id} (minúsculas o espacios: se normaliza)",
                                   "{id} (lower case or spaces: normalised)"),
    "col.result": ("Resultado", "Result"),
    "tracking.result.event": ("evento", "event"),
    "tracking.result.unchanged": ("sin cambio", "no change"),
    "tracking.result.rejected": ("rechazada", "rejected"),
    "tracking.result.blank": ("vacía", "empty"),
    "tracking.row.blank": ("fila vacía: no hay nada que leer (se cuenta aparte)",
                           "empty row: nothing to read (counted apart)"),
    "tracking.import.blank": ("; {n:,} filas vacías", "; {n:,} rows left empty"),
    # -- lists issued by another tool, loaded with `track issued`
    "tracking.issued.line": (
        "{file}: {rows:,} filas leídas, {recorded:,} referencias emitidas registradas, "
        "{already:,} ya registradas, {rejected:,} rechazadas",
        "{file}: {rows:,} rows read, {recorded:,} issued referrals recorded, {already:,} "
        "already recorded, {rejected:,} rejected"),
    "tracking.issued.missing": (
        "{file}: le falta la columna {columns}; una lista emitida necesita el ID de cada "
        "referencia y el día en que se emitió",
        "{file}: the column {columns} is missing; an issued list needs each referral's ID "
        "and the day it was issued"),
    "tracking.issued.home_from_offer": (
        "{name} ({dept}): el nombre está en más de un departamento; se tomó el de la "
        "oportunidad", "{name} ({dept}): the name is in more than one department; the "
        "opportunity's was taken"),
    "tracking.issued.no_id": ("falta «ID referencia»: sin él no se puede seguir la referencia",
                              "«Referral ID» is missing: the referral cannot be followed "
                              "without it"),
    "tracking.issued.long_id": ("«ID referencia» de más de 16 caracteres; revise que no sean "
                                "dos celdas pegadas",
                                "«Referral ID» longer than 16 characters; check it is not "
                                "two cells run together"),
    "tracking.issued.twice": ("«ID referencia» repetido en la lista (se registró la primera "
                              "fila)", "«Referral ID» repeated in the list (the first row "
                              "was recorded)"),
    "tracking.issued.no_date": ("falta «Fecha de emisión» (dd/mm/aaaa): sin ella no se pueden "
                                "revisar las fechas de los estados",
                                "«Issue date» is missing (dd/mm/yyyy): status dates cannot be "
                                "checked without it"),
    "tracking.issued.no_returnee": ("falta «ID retornado»", "«Returnee ID» is missing"),
    "tracking.issued.no_offer": ("falta «Oportunidad» (o «ID oportunidad»)",
                                 "«Opportunity» (or «Opportunity ID») is missing"),
    "tracking.import.skipped_step": ("; {n:,} con etapa saltada (marcadas)",
                                     "; {n:,} skipped a step (flagged)"),
    # -- one column-label table (issue 21/24): labels of the store, outcomes, rejected
    # rows and data summaries; namespaced labels (``store.col.*``, ``outcome.*``,
    # ``referrals.col.*``) override ``col.*`` where a table means something narrower.
    "col.referral_id": ("ID referencia", "Referral ID"),
    "col.run_id": ("Corrida", "Run"),
    "col.home_muni_code": ("Código municipio residencia", "Home municipality code"),
    "col.home_dept_code": ("Código departamento residencia", "Home department code"),
    "col.home_muni_name": ("Municipio de residencia", "Home municipality"),
    "col.as_of": ("Datos al", "Data as of"),
    "col.issued_at": ("Emitida", "Issued"),
    "col.status_date": ("Fecha estado", "Status date"),
    "col.current_status": ("Estado actual", "Current status"),
    "col.current_status_date": ("Fecha estado actual", "Current status date"),
    "col.note": ("Nota", "Note"),
    "col.source_file": ("Archivo", "File"),
    "col.sheet": ("Hoja", "Sheet"),
    "col.imported_at": ("Importado", "Imported"),
    "col.import_id": ("Importación", "Import"),
    "col.flags": ("Marcas", "Flags"),
    "col.event_id": ("Evento", "Event"),
    "col.file_name": ("Archivo", "File"),
    "col.file_sha256": ("SHA-256", "SHA-256"),
    "col.rows_read": ("Filas leídas", "Rows read"),
    "col.accepted": ("Aceptadas", "Accepted"),
    "col.events_added": ("Cambios agregados", "Changes added"),
    "col.phone": ("Teléfono", "Phone"),
    "col.address": ("Dirección", "Address"),
    "col.late_enrolment": ("Inscripción tardía", "Late enrolment"),
    "col.dataset": ("Datos", "Data"),
    "col.placement_rate": ("Tasa de colocación (colocados / referidos)",
                           "Placement rate (placed / referred)"),
    "col.nearest_km": ("Distancia a esa oferta (km)", "Distance to it (km)"),
    "store.col.muni_code": ("Código municipio oportunidad", "Opportunity municipality code"),
    "store.col.dept_code": ("Código departamento oportunidad",
                            "Opportunity department code"),
    "store.col.rejected": ("Rechazadas", "Rejected"),
    "outcome.name": ("Nombre", "Name"),
    "outcome.dept_code": ("Código departamento", "Department code"),
    "outcome.dept_name": ("Departamento", "Department"),
    "outcome.muni_code": ("Código municipio", "Municipality code"),
    "outcome.muni_name": ("Municipio", "Municipality"),
    "outcome.provider": ("Proveedor", "Provider"),
    "outcome.occupation": ("Ocupación", "Occupation"),
    "outcome.stage": ("Etapa", "Stage"),
    "outcome.total": ("Total", "Total"),
    "outcome.unknown": ("Sin dato", "Unknown"),
    "interest.employment": ("Empleo", "Employment"),
    "interest.entrepreneurship": ("Emprendimiento", "Entrepreneurship"),
    "interest.training": ("Formación", "Training"),
    "flag.skipped_step": ("etapa saltada", "skipped step"),
    "plan.site.nueva": ("nueva", "new"),
    "plan.site.existente": ("existente", "existing"),
    "sheet.referrals": ("Referencias", "Referrals"),
    "sheet.history": ("Historial", "History"),
    "sheet.conflicts": ("Conflictos", "Conflicts"),
    "sheet.imports": ("Importaciones", "Imports"),
    "sheet.outcomes": ("Resultados", "Outcomes"),
    "sheet.how_to": ("Cómo usar esta lista", "How to use this list"),
    "how_to.column": ("Columna", "Column"),
    "how_to.meaning": ("Qué significa / cómo llenarla", "What it means / how to fill it"),
    "how_to.fill": ("Cómo llenar el seguimiento", "How to fill the follow-up"),
    "how_to.step.1": (
        "Llame a cada persona y anote en «Estado» lo que pasó, eligiéndolo de la lista "
        "desplegable (Contactado, Inscrito, Asistió, Certificado, Colocado, ...).",
        "Call each person and record in 'Status' what happened, choosing from the "
        "drop-down list (Contacted, Enrolled, Attended, Certified, Placed, ...)."),
    "how_to.step.2": (
        "En «Fecha estado» escriba el día en que pasó, como dd/mm/aaaa (por ejemplo "
        "15/03/2025); sin fecha el estado no se cuenta.",
        "In 'Status date' type the day it happened as dd/mm/yyyy (e.g. 15/03/2025); a "
        "status without a date is not counted."),
    "how_to.step.3": (
        "No borre ni cambie «ID referencia»: es lo que une la fila con la referencia. Puede "
        "ordenar, filtrar o borrar otras filas.",
        "Do not delete or change 'Referral ID': it ties the row to its referral. You may "
        "sort, filter or delete other rows."),
    "how_to.step.4": (
        "Use «Nota» para lo que no cabe en el estado (otro teléfono, motivo de rechazo).",
        "Use 'Note' for what the status does not say (another phone, why they declined)."),
    "how_to.step.5": (
        "Devuelva el libro lleno a quien se lo envió (la persona responsable del "
        "seguimiento en la oficina); se importa con «oportumap track import».",
        "Send the filled workbook back to whoever sent it (the person in charge of "
        "follow-up at the office); it is imported with 'oportumap track import'."),
    "how_to.protected": ("«<5»: menos de 5 personas (dato protegido); un dato vacío junto a "
                         "uno protegido también está protegido.",
                         "'<5': fewer than 5 people (protected); a blank next to a "
                         "protected value is protected too."),
    "how_to.status_prompt": (
        "Elija el estado de la lista. Anote el día en «Fecha estado» (dd/mm/aaaa).",
        "Choose the status from the list. Type the day in 'Status date' (dd/mm/yyyy)."),
    "how_to.col.referral_id": ("Clave de la referencia; no la cambie.",
                               "Key of the referral; do not change it."),
    "how_to.col.returnee_id": ("ID de la persona en el registro.",
                               "The person's ID in the registry."),
    "how_to.col.stage": ("Paso del camino: psicosocial, documento, certificación, formación, "
                         "empleo o emprendimiento.",
                         "Pathway step: psychosocial, ID document, certification, "
                         "training, employment or entrepreneurship."),
    "how_to.col.rank": ("1 = la oferta más adecuada para esa persona.",
                        "1 = the best-suited offer for that person."),
    "how_to.col.reason": ("Por qué se propone esta oferta.", "Why this offer is proposed."),
    "how_to.col.distance_km": ("Distancia en línea recta desde su municipio (km).",
                               "Straight-line distance from home (km)."),
    "how_to.col.contact": ("A quién llamar en el proveedor.", "Whom to call at the provider."),
    "how_to.col.status": ("Lo que pasó (lista desplegable). Empieza en «Referido».",
                          "What happened (drop-down list). Starts as 'Referred'."),
    "how_to.col.status_date": ("Día del estado, dd/mm/aaaa.", "Day of the status, dd/mm/yyyy."),
    "how_to.col.note": ("Texto libre.", "Free text."),
    "privacy.protected": ("(protegido)", "(protected)"),
    "col.pseudonym": ("Seudónimo", "Pseudonym"),
    "col.age_band": ("Edad (banda de 5 años)", "Age (5-year band)"),
    "col.age_band_10": ("Edad (banda de 10 años)", "Age (10-year band)"),
    "col.return_month": ("Mes de retorno", "Return month"),
    "col.return_quarter": ("Trimestre de retorno", "Return quarter"),
    "col.return_year": ("Año de retorno", "Return year"),
    "tracking.import.conflicts": ("; {n:,} conflictos con otro archivo "
                                  "(ver: oportumap track conflicts)",
                                  "; {n:,} conflicts (see: oportumap track conflicts)"),
    # the department brief (oportumap brief)
    "brief.title": ("Informe de {admin1}: {name}",
        "{admin1} brief: {name}"),
    "brief.index_title": ("Informes por departamento",
        "Briefs by department"),
    "brief.returnees": ("Retornados",
        "Returnees"),
    "brief.gap": ("Brecha (retornados sin plaza alcanzable, promedio)",
        "Gap (returnees without a reachable place, mean)"),
    "brief.gap_short": ("Brecha",
        "Gap"),
    "brief.rank": ("Prioridad entre {admin1}s (1 = mayor brecha)",
        "Priority among {admin1}s (1 = largest gap)"),
    "brief.rank_short": ("Prioridad",
        "Priority"),
    "brief.offers": ("Oportunidades",
        "Opportunities"),
    "brief.seats": ("Plazas y cupos",
        "Positions and seats"),
    "brief.trend": ("Retornados de los últimos {months} meses ({since} a {until}): {recent}; {months} meses anteriores: {previous}.",
        "Returnees in the last {months} months ({since} to {until}): {recent}; previous {months} months: {previous}."),
    "brief.up": ("Sube.",
        "Up."),
    "brief.down": ("Baja.",
        "Down."),
    "brief.same": ("Igual.",
        "Unchanged."),
    "brief.data_date": ("Datos al",
        "Data as of"),
    "brief.key_figures": ("Cifras clave",
        "Key figures"),
    "brief.by_sex": ("Retornados por sexo",
        "Returnees by sex"),
    "brief.by_age": ("Retornados por edad",
        "Returnees by age"),
    "brief.group": ("Grupo",
        "Group"),
    "brief.people": ("Personas",
        "People"),
    "brief.age": ("Edad",
        "Age"),
    "brief.women": ("Mujeres",
        "Women"),
    "brief.men": ("Hombres",
        "Men"),
    "brief.unknown": ("Sin dato",
        "Unknown"),
    "brief.opportunities": ("Oportunidades en el departamento",
        "Opportunities in the department"),
    "brief.kind": ("Tipo",
        "Kind"),
    "brief.map": ("Mapa",
        "Map"),
    "brief.map_note": ("Color: brecha de cada municipio (retornados sin plaza alcanzable, promedio de los cinco tipos); en gris, municipios con menos de 5 retornados (dato protegido). Puntos: oportunidades por tipo. En negrita, la cabecera departamental.",
        "Colour: each municipality's gap (returnees without a reachable place, mean of the five kinds); grey: municipalities with fewer than 5 returnees (protected). Dots: opportunities by kind. Bold: the department seat."),
    "brief.priorities": ("Prioridades: {admin2} con mayor brecha",
        "Priorities: {admin2} with the largest gap"),
    "brief.missing": ("Qué falta",
        "What is missing"),
    "brief.nothing_within_reach": ("nada al alcance de: {kinds}",
        "nothing within reach: {kinds}"),
    "brief.vacancies_no_training": ("hay vacantes pero no formación al alcance",
        "vacancies but no training within reach"),
    "brief.places_short": ("faltan plazas de {kind}",
        "not enough {kind} places"),
    "brief.covered": ("plazas suficientes al alcance",
        "enough places within reach"),
    "brief.referrals": ("Referencias y demanda no cubierta",
        "Referrals and unmet demand"),
    "brief.stage": ("Etapa",
        "Stage"),
    "brief.people_referred": ("Personas referidas",
        "People referred"),
    "brief.unmet": ("Demanda no cubierta (qué pedir a los proveedores)",
        "Unmet demand (what to ask providers for)"),
    "brief.occupation": ("Ocupación",
        "Occupation"),
    "brief.people_unmet": ("Personas sin referencia",
        "People without a referral"),
    "brief.no_unmet": ("Toda la demanda tiene al menos una referencia.",
        "All demand has at least one referral."),
    "brief.any_occupation": ("(cualquier ocupación)",
        "(any occupation)"),
    "brief.follow_up": ("Seguimiento de las referencias",
        "Referral follow-up"),
    "brief.step": ("Paso",
        "Step"),
    "brief.placement_rate": ("Tasa de colocación",
        "Placement rate"),
    "brief.base": ("base: referidos",
        "base: referred"),
    "brief.median_days": ("Mediana de días hasta la colocación",
        "Median days to placement"),
    "brief.provider": ("Proveedor",
        "Provider"),
    "brief.referred": ("Referidos",
        "Referred"),
    "brief.changes": ("Qué cambió desde el informe anterior",
        "What changed since the previous brief"),
    "brief.new_priorities": ("Nuevos entre las prioridades: {names}",
        "New among the priorities: {names}"),
    "brief.no_changes": ("Sin cambios en las cifras clave.",
        "No change in the key figures."),
    "brief.methods": ("Métodos y datos",
        "Methods and data"),
    "brief.methods_text": ("Alcance: {reach}. Brecha: retornados que no tendrían plaza alcanzable si las plazas se repartieran con justicia (2SFCA), promedio de los cinco tipos de oportunidad. Conteos menores que {threshold} se muestran como «<{threshold}» y, donde un total los devolvería, otra celda se protege también («x»); las tasas con base protegida no se muestran. Fuente: {source}.",
        "Reach: {reach}. Gap: returnees who would have no reachable place if places were shared fairly (2SFCA), mean of the five kinds. Counts below {threshold} are shown as «<{threshold}» and, where a total would give them back, another cell is protected too («x»); rates with a protected base are not shown. Source: {source}."),
    "brief.reach_km": ("distancia en línea recta ({reach})",
        "straight-line distance ({reach})"),
    "brief.reach_minutes": ("tiempo de viaje ({reach})",
        "travel time ({reach})"),
    "brief.reproduce": ("Para rehacerlo",
        "To rebuild it"),
    "brief.source": ("Fuente",
        "Source"),
    "brief.page": ("Página",
        "Page"),
    "brief.none_pending": ("Sin pendientes", "Nothing pending"),
    "col.returnee_phone": ("Teléfono del retornado", "Returnee phone"),
    "col.provider_contact": ("Contacto del proveedor", "Provider contact"),
    "col.last_change": ("Último cambio", "Last change"),
    "col.days_waiting": ("Días sin novedad", "Days without news"),
    "col.muni_pcode": ("P-code municipio", "Municipality P-code"),
    "col.dept_pcode": ("P-code departamento", "Department P-code"),
    "map.symbols": ("Retornados (círculos proporcionales)", "Returnees (proportional circles)"),
    "col.returnees_per_10k": ("Retornados por 10 000 habitantes", "Returnees per 10,000 inhabitants"),
    "col.population": ("Población", "Population"),
    "col.issued": ("Referidos", "Referred"),
    # -- dates (oportumap.dates): one reader for every input
    "dates.problem.impossible": ("fecha imposible ({detail})", "impossible date ({detail})"),
    "dates.problem.future": ("fecha en el futuro: {read} (hoy es {detail})",
                             "date in the future: {read} (today is {detail})"),
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
    "vocab.what.stage": ("etapa", "stage"),
    "vocab.what.yes_no": ("sí/no", "yes/no"),
    "vocab.what.department": ("departamento", "department"),
    "vocab.what.service_type": ("tipo de servicio", "service type"),
    "roles.content_occupations": ("sus valores son ocupaciones ({share} de los valores distintos reconocidos)", "its values are occupations ({share} of the distinct values recognised)"),
    "roles.content_abroad": ("sus valores dicen dónde trabajó (EE. UU., México…) o que no trabajó fuera: experiencia en el extranjero", "its values say where the person worked (USA, Mexico…) or that they did not work abroad: experience abroad"),
    "roles.content_geopoint": ("sus valores son puntos GPS enteros (latitud longitud altitud precisión, como los guarda KoboToolbox)", "its values are whole GPS points (latitude longitude altitude precision, as KoboToolbox stores them)"),
    "roles.repeats_point": ("repite el punto de la columna «{column}», que es el que se usa", "repeats the point of column '{column}', which is the one used"),
    "roles.content_places": ("sus valores son municipios ({share} de los valores distintos reconocidos)", "its values are municipalities ({share} of the distinct values recognised)"),
    "roles.content_instead": ("sus valores no son de «{role}» (sí/no, número o fecha): ", "its values are not '{role}' (yes/no, number or date): "),
    "values.no_gps": ("0, 0 = sin GPS (valor por defecto de la base de datos, no un punto en el golfo de Guinea): se usa el municipio", "0, 0 = no GPS (the database's default, not a point in the Gulf of Guinea): the municipality is used"),
    "roles.abroad_header": ("el encabezado dice que el trabajo fue en el extranjero", "the header says the work was abroad"),
    "roles.service_type": ("servicio de tipo «{type}» (el tipo escrito dice qué necesidad atiende)", "service of type '{type}' (the type written says which need it meets)"),
    "vocab.how.several": ("varios: {detail} (se guardan todos; donde cabe uno solo se toma el primero escrito: {first})", "several: {detail} (all are kept; where only one fits, the first written is taken: {first})"),
    "vocab.problem.unknown": (
        "{what} desconocido: «{value}» no es {of_list} (no se adivina); use: {valid}",
        "unknown {what}: '{value}' is {of_list} (never guessed); use: {valid}"),
    # what «no es …» says of each list (a person names the list: «los estados de la lista»)
    "vocab.of_list.other": ("ninguno de la lista", "none of the list"),
    "vocab.of_list.status": ("ninguno de los estados de la lista",
                             "none of the states in the list"),
    "vocab.of_list.interest": ("ninguno de los intereses de la lista",
                               "none of the interests in the list"),
    "vocab.of_list.kind": ("ninguno de los tipos de oportunidad de la lista",
                           "none of the kinds of opportunity in the list"),
    "vocab.of_list.stage": ("ninguna de las etapas de la lista", "none of the stages in the list"),
    "vocab.of_list.yes_no": ("ni sí ni no", "neither yes nor no"),
    "vocab.of_list.department": ("ninguno de los departamentos del país",
                                 "none of the country's departments"),
    "vocab.of_list.service_type": ("ninguno de los tipos de servicio de la lista",
                                   "none of the service types in the list"),
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
    # -- travel times over the road network (roads/, cli/roads.py)
    "roads.reason.no_road": (
        "sin camino a menos de {km:g} km (el más cercano a {nearest:,.1f} km): fuera del "
        "extracto o sin caminos en OpenStreetMap; inalcanzable",
        "no road within {km:g} km (nearest at {nearest:,.1f} km): outside the extract or no "
        "roads in OpenStreetMap; unreachable"),
    "roads.reason.island": (
        "su camino más cercano es un tramo aislado ({nodes:,} nodos) que no conecta con la red "
        "principal (isla, o extracto cortado); inalcanzable desde el resto",
        "its nearest road is an isolated piece ({nodes:,} nodes) not connected to the main "
        "network (an island, or a cut extract); unreachable from the rest"),
    "roads.reason.far": ("a {km:,.1f} km del camino más cercano: se suman {minutes:,.0f} min a pie",
                         "{km:,.1f} km from the nearest road: {minutes:,.0f} min on foot added"),
    "roads.network": (
        "Red vial ({profile}): {ways:,} vías leídas, {used:,} usadas, {km:,.0f} km; "
        "{nodes:,} nodos -> grafo de {graph_nodes:,} nodos y {edges:,} tramos",
        "Road network ({profile}): {ways:,} ways read, {used:,} used, {km:,.0f} km; "
        "{nodes:,} nodes -> graph of {graph_nodes:,} nodes and {edges:,} edges"),
    "roads.pieces": ("Partes de la red sin conexión entre sí: {pieces:,} (la principal y "
                     "tramos aislados: {others:,})",
                     "Unconnected parts of the network: {pieces:,} (the main one and "
                     "isolated pieces: {others:,})"),
    "roads.missing_locations": ("{n:,} nodos de vías no están en el extracto (cortado en su "
                                "borde): esos tramos no se usan",
                                "{n:,} way nodes are not in the extract (cut at its edge): "
                                "those stretches are not used"),
    "roads.unused_classes": ("Clases de vía sin velocidad (no se recorren): {classes}",
                             "Road classes without a speed (not driven): {classes}"),
    "roads.far_header": ("Lugares a más de {km:g} km del camino (se llega caminando): {n:,}",
                         "Places more than {km:g} km from the road (reached on foot): {n:,}"),
    "roads.unreachable_header": ("Lugares inalcanzables por camino: {n:,}",
                                 "Places unreachable by road: {n:,}"),
    "roads.more": ("... y {n:,} más en {file}", "... and {n:,} more in {file}"),
    "roads.written": ("{rows:,} pares origen-destino en {max_minutes:g} min o menos -> {out}",
                      "{rows:,} origin-destination pairs within {max_minutes:g} min -> {out}"),
    "roads.written_opportunities": ("{rows:,} tiempos cabecera -> oportunidad -> {out}",
                                    "{rows:,} seat -> opportunity times -> {out}"),
    "roads.written_places": ("Lugares lejos del camino o inalcanzables -> {out}",
                             "Places far from the road or unreachable -> {out}"),
    "roads.cached": ("Tiempos tomados de la caché (mismo extracto, velocidades, perfil y "
                     "lugares): {folder}",
                     "Times taken from the cache (same extract, speeds, profile and places): "
                     "{folder}"),
    "roads.computing": ("Calculando tiempos por camino...", "Computing travel times by road..."),
    "roads.reading": ("Leyendo el extracto de OpenStreetMap...",
                      "Reading the OpenStreetMap extract..."),
    "roads.points_rejected": ("{file}: {rejected:,} filas rechazadas, {used:,} usadas",
                              "{file}: {rejected:,} rows rejected, {used:,} used"),
    "roads.no_points": ("{file}: ningún lugar válido; no se produjo ninguna salida.",
                        "{file}: no valid place; nothing was written."),
    "roads.no_pairs": ("Ningún par origen-destino se alcanza por camino en {max_minutes:g} min: "
                       "no se produjo ninguna salida. Revise que el extracto cubra los lugares "
                       "(vea los lugares inalcanzables arriba).",
                       "No origin-destination pair is reachable by road within "
                       "{max_minutes:g} min: nothing was written. Check that the extract "
                       "covers the places (see the unreachable places above)."),
    "roads.origins_done": ("{n:,} orígenes", "{n:,} origins"),
    "roads.status.far_snap": ("lejos del camino", "far from the road"),
    "roads.status.no_road": ("sin camino", "no road"),
    "roads.status.island": ("tramo aislado", "isolated road"),
    "roads.role.origin": ("origen", "origin"),
    "roads.role.destination": ("destino", "destination"),
    "roads.ranking_title": ("Prioridad por minutos de camino frente a km en línea recta",
                            "Priority by road minutes against straight-line km"),
    "roads.ranking_changed": ("De los {top} municipios de mayor prioridad, {changed} cambian "
                              "al medir en minutos por camino:",
                              "Of the {top} top-priority municipalities, {changed} change when "
                              "measured in road minutes:"),
    "roads.ranking_same": ("Los {top} municipios de mayor prioridad son los mismos en minutos "
                           "y en km.",
                           "The {top} top-priority municipalities are the same in minutes and "
                           "in km."),
    "roads.ranking_entered": ("  entra {name} ({dept}): puesto {rank_minutes} en minutos, "
                              "{rank_km} en km",
                              "  enters {name} ({dept}): rank {rank_minutes} in minutes, "
                              "{rank_km} in km"),
    "roads.ranking_left": ("  sale {name} ({dept}): puesto {rank_km} en km, {rank_minutes} "
                           "en minutos",
                           "  leaves {name} ({dept}): rank {rank_km} in km, {rank_minutes} "
                           "in minutes"),
    "col.destination": ("Destino", "Destination"),
    "col.walk_minutes": ("Minutos a pie (fuera del camino)", "Minutes on foot (off the road)"),
    "col.snap_km": ("Distancia al camino (km)", "Distance to the road (km)"),
    "col.role": ("Papel", "Role"),
    "col.name": ("Nombre", "Name"),
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


def plural(n: int, singular: str, many: str) -> str:
    """``n`` with the noun that agrees with it: the one helper for counts in messages.

    Examples
    --------
    >>> plural(1, "fila rechazada", "filas rechazadas")
    '1 fila rechazada'
    >>> plural(12000, "fila rechazada", "filas rechazadas")
    '12,000 filas rechazadas'
    """
    return f"{n:,} {singular if n == 1 else many}"


#: Plural phrases of counted messages -> singular (used by :func:`agree`).
SINGULARS: dict[str, str] = {
    "filas leídas": "fila leída", "filas vacías omitidas": "fila vacía omitida",
    "filas rechazadas": "fila rechazada", "filas": "fila", "aceptadas": "aceptada",
    "rechazadas": "rechazada", "cambios de estado nuevos": "cambio de estado nuevo",
    "conflictos": "conflicto", "referencias": "referencia", "retornados": "retornado",
    "problemas": "problema", "ofertas": "oferta", "personas": "persona",
    "oportunidades": "oportunidad",
    "referencias emitidas registradas": "referencia emitida registrada",
    "ya registradas": "ya registrada", "filas vacías": "fila vacía",
    "rows read": "row read", "rows": "row", "new status changes": "new status change",
    "conflicts": "conflict", "referrals": "referral", "returnees": "returnee",
}


def agree(message: str) -> str:
    """A counted message with singular nouns after a count of exactly 1.

    Templates say "{n} filas rechazadas"; this turns "1 filas rechazadas" into
    "1 fila rechazada" (and leaves "21 filas" or "1,000 filas" alone). Use
    :func:`plural` when writing a new message; this fixes messages built from templates.

    Examples
    --------
    >>> agree("a.csv: 1 filas leídas, 1 aceptadas, 0 rechazadas, 1 filas vacías omitidas")
    'a.csv: 1 fila leída, 1 aceptada, 0 rechazadas, 1 fila vacía omitida'
    >>> agree("21 filas rechazadas; 1,001 aceptadas")
    '21 filas rechazadas; 1,001 aceptadas'
    """
    import re

    words = "|".join(re.escape(w) for w in sorted(SINGULARS, key=len, reverse=True))
    return re.sub(rf"(?<![\d.,])1 ({words})\b", lambda m: "1 " + SINGULARS[m.group(1)],
                  message)


def has_text(key: str) -> bool:
    """Whether the word table has ``key``.

    Examples
    --------
    >>> has_text("status.placed"), has_text("status.nonsense")
    (True, False)
    """
    return key in _TEXT


def column_label(column: str, lang: str = "es", namespace: str | None = None) -> str:
    """Human name of an output column (``gap_score`` -> "Brecha ..."); unknown names stay.

    ``namespace`` (``"store.col"``, ``"outcome"``, ``"referrals.col"``) gives a table's
    narrower label first. Per-kind profile measures read "<kind>: <measure>" (``vacancy_2sfca`` ->
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
    if namespace and f"{namespace}.{name}" in _TEXT:
        return text(f"{namespace}.{name}", lang)
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
