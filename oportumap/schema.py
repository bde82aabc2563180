"""Canonical columns of every dataset, and the Spanish/English headers accepted for them.

This module is the data contract: readers turn whatever headers a file has into these
canonical English snake_case names, and every analysis relies on them.

Returnees (one row per person)
    ``returnee_id`` str, ``muni_code`` str (INE code, ``"0101"``), ``lat``/``lon`` float
    (home point, NaN when unknown), ``sex`` str (``F``/``M``/NA), ``age`` Int64,
    ``occupations`` str (``;``-separated free text or ISCO codes), ``certifications`` str
    (``;``-separated), ``experience_abroad`` boolean (skills learned abroad, NA when
    unknown), ``has_id_document`` bool, ``needs_psychosocial`` bool, ``interest``
    str (``employment``/``entrepreneurship``/``training``/NA: the first stated),
    ``interests`` str (every interest stated, ``;``-joined: ``employment;training``;
    optional, see :func:`interests_of`), ``return_date`` datetime64, ``consent`` bool.

Opportunities (one table for every kind)
    ``opportunity_id`` str, ``kind`` str (see :data:`OPPORTUNITY_KINDS`), ``title`` str,
    ``provider`` str, ``occupation`` str (free text or ISCO code), ``capacity`` int64
    (positions or seats), ``muni_code`` str, ``lat``/``lon`` float (always filled: the
    municipal seat when the file gave only a municipality), ``location_source`` str
    (``point`` or ``municipality``), ``start_date``/``end_date`` datetime64,
    ``requires_certification`` bool, ``contact`` str.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Kinds of opportunity, in the order of the reintegration pathway's later stages.
OPPORTUNITY_KINDS: tuple[str, ...] = (
    "vacancy",
    "training",
    "certification",
    "entrepreneurship",
    "service",
)

#: How far each kind of opportunity is "within reach" by default (great-circle km from the
#: municipal seat or home): people travel daily to a job, weekly to a course, once to a
#: certification or a programme office.
REACH_KM: dict[str, float] = {
    "vacancy": 40.0, "training": 60.0, "certification": 150.0, "entrepreneurship": 100.0,
    "service": 100.0,
}
#: The same reach in minutes, when a travel-time table is used.
REACH_MINUTES: dict[str, float] = {
    "vacancy": 60.0, "training": 90.0, "certification": 240.0, "entrepreneurship": 180.0,
    "service": 180.0,
}

#: File stem (in a data folder) -> default kind of its rows.
FILE_KINDS: dict[str, str] = {
    "vacancies": "vacancy",
    "training": "training",
    "certifications": "certification",
    "programmes": "entrepreneurship",
    "services": "service",
}

#: What each file of a data folder holds ("returnees" or a kind of opportunity) -> the file
#: names (without extension) recognised for it. Matching ignores case, accents, spaces and
#: hyphens, so ``Centros de formación.xlsx`` and ``centros_formacion.csv`` are the same.
FILE_ROLES: dict[str, tuple[str, ...]] = {
    "returnees": ("returnees", "retornados", "retornadas", "personas_retornadas",
                  "registro_retornados"),
    "vacancy": ("vacancies", "vacantes", "empleos", "ofertas_empleo", "ofertas_de_empleo"),
    "training": ("training", "formacion", "centros_formacion", "centros_de_formacion",
                 "capacitacion", "capacitaciones", "cursos"),
    "certification": ("certifications", "certificaciones", "certificacion",
                      "centros_certificacion", "centros_de_certificacion"),
    "entrepreneurship": ("programmes", "programs", "programas", "emprendimiento",
                         "emprendimientos"),
    "service": ("services", "servicios"),
}

#: Service kinds that the pathway's first stages refer to (column ``occupation`` of a
#: ``service`` row names which one).
SERVICE_TYPES: tuple[str, ...] = ("psychosocial", "id_document")
#: Keywords (compared without accents or case, as whole words or phrases) that classify a
#: service from its type column, or from its title and provider when the type is blank.
#: Identity documents of the four countries: DPI/RENAP (GT), DUI/RNPN (SV), DNI/RNP (HN),
#: cédula/TSE (CR).
SERVICE_KEYWORDS: dict[str, tuple[str, ...]] = {
    "id_document": ("renap", "rnpn", "rnp", "registro nacional de las personas",
                    "registro civil", "dpi", "dui", "dni", "cedula", "documento",
                    "documentos", "documentacion", "identificacion", "identidad",
                    "id document", "tse"),
    "psychosocial": ("psicosocial", "psicologico", "psicologica", "psicologia", "psicologo",
                     "psicologa", "salud mental", "apoyo emocional", "acompanamiento "
                     "emocional", "terapia", "crisis", "trauma", "psychosocial",
                     "mental health", "counselling", "counseling"),
}

#: Interests a returnee can state.
INTERESTS: tuple[str, ...] = ("employment", "entrepreneurship", "training")


def interests_of(returnees: pd.DataFrame) -> pd.Series:
    """Every interest each person stated, as ``;``-joined codes (``""`` when none).

    Readers keep several interests («Empleo / formación») in ``interests`` and the first
    one in ``interest``; tables without ``interests`` (older extracts, the sample) give
    their one ``interest``.

    Examples
    --------
    >>> frame = pd.DataFrame({"interest": ["employment", None],
    ...                       "interests": ["employment;training", None]})
    >>> interests_of(frame).tolist()
    ['employment;training', '']
    """
    one = (returnees["interest"] if "interest" in returnees
           else pd.Series(None, index=returnees.index, dtype=object))
    several = returnees.get("interests", one)
    return several.where(several.notna() & (several != ""), one).fillna("").astype(object)


def has_interest(interests: pd.Series | np.ndarray, code: str) -> np.ndarray:
    """Whether each person's interests (``;``-joined, :func:`interests_of`) include
    ``code``; decided once per distinct value.

    Examples
    --------
    >>> has_interest(np.array(["employment;training", "training", ""]), "training").tolist()
    [True, True, False]
    """
    codes, uniques = pd.factorize(pd.Series(interests, dtype=object).fillna(""), sort=False)
    hit = np.array([code in str(u).split(";") for u in uniques] + [False], dtype=bool)
    return hit[codes]

RETURNEE_COLUMNS: tuple[str, ...] = (
    "returnee_id",
    "muni_code",
    "lat",
    "lon",
    "sex",
    "age",
    "occupations",
    "certifications",
    "experience_abroad",
    "has_id_document",
    "needs_psychosocial",
    "interest",
    "return_date",
    "consent",
)

OPPORTUNITY_COLUMNS: tuple[str, ...] = (
    "opportunity_id",
    "kind",
    "title",
    "provider",
    "occupation",
    "capacity",
    "muni_code",
    "lat",
    "lon",
    "location_source",
    "start_date",
    "end_date",
    "requires_certification",
    "contact",
)

#: Headers used for an identifier only when the file has no header of COLUMN_ALIASES for it:
#: the running number a field office types ("No.", "N°", "Correlativo", "Expediente") is
#: the code its coordinators already hold, but a real ID column always wins over it.
FALLBACK_ALIASES: dict[str, tuple[str, ...]] = {
    "returnee_id": ("no", "n", "nro", "num", "numero", "correlativo", "expediente",
                    "no_expediente", "numero_expediente", "caso", "no_caso", "id_caso",
                    "cedula", "numero_cedula", "no_cedula", "cui", "no_dpi", "numero_dpi",
                    "no_dui", "numero_dui", "no_dni", "numero_dni"),
    "opportunity_id": ("no", "n", "nro", "num", "numero", "correlativo", "no_vacante",
                       "numero_vacante"),
}

#: Accepted headers for each canonical column. Matching ignores case, accents, spaces,
#: dots, hyphens and underscores, so ``"Ocupación"``, ``"OCUPACION"`` and ``"ocupacion "``
#: are the same header.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "returnee_id": (
        "returnee_id", "id", "id_retornado", "id_persona", "codigo_persona", "person_id",
        "id_retornada", "registro", "no_registro", "numero_registro", "id_migrante",
    ),
    "opportunity_id": (
        "opportunity_id", "id", "id_oportunidad", "codigo", "id_vacante", "vacancy_id",
        "id_curso", "course_id", "id_programa", "programme_id", "program_id",
        "id_certificacion", "certification_id", "id_servicio", "service_id",
    ),
    "muni_code": (
        "muni_code", "codigo_municipio", "cod_municipio", "cod_muni", "codigo_muni",
        "municipality_code", "ine", "codigo_ine", "cod_ine", "codigo_canton", "cod_canton",
        "codigo_del_municipio",
    ),
    "municipio": ("municipio", "municipality", "muni", "municipio_residencia", "ciudad", "city",
                  "canton", "municipio_de_residencia", "nombre_municipio"),
    "departamento": ("departamento", "department", "depto", "dept", "provincia", "province"),
    # The level inside a municipality (El Salvador's districts since 2024): read with
    # «municipio» when the country was registered with its districts.
    "distrito": ("distrito", "district", "nombre_distrito", "nombre_del_distrito",
                 "distrito_municipal", "adm3", "adm3_es"),
    "lat": ("lat", "latitud", "latitude", "y"),
    "lon": ("lon", "lng", "long", "longitud", "longitude", "x"),
    "sex": ("sex", "sexo", "genero", "gender"),
    "age": ("age", "edad"),
    "occupations": (
        "occupations", "occupation", "ocupaciones", "ocupacion", "oficio", "oficios",
        "experiencia", "experiencia_laboral", "skills", "habilidades",
    ),
    "certifications": ("certifications", "certificaciones", "certificado", "certificados"),
    "experience_abroad": (
        "experience_abroad", "experiencia_extranjero", "experiencia_en_el_extranjero",
        "experiencia_exterior", "experiencia_eeuu",
    ),
    "has_id_document": (
        "has_id_document", "tiene_dpi", "dpi", "documento_identidad", "tiene_documento",
        "id_document", "tiene_dui", "tiene_dni", "tiene_cedula", "tiene_documento_identidad",
        "con_dpi", "con_dui", "con_dni", "con_cedula",
    ),
    "needs_psychosocial": (
        "needs_psychosocial", "necesita_psicosocial", "atencion_psicosocial", "psicosocial",
    ),
    "interest": ("interest", "interes", "intereses"),
    "return_date": ("return_date", "fecha_retorno", "fecha_de_retorno", "fecha_llegada"),
    "consent": ("consent", "consentimiento", "acepta", "autoriza"),
    "kind": ("kind", "tipo", "type", "tipo_oportunidad"),
    "title": (
        "title", "titulo", "puesto", "nombre", "nombre_curso", "curso", "course",
        "programa", "programme", "program", "servicio", "service", "estandar", "norma",
        "job_title", "vacante", "nombre_del_curso", "nombre_curso", "nombre_del_programa",
        "nombre_programa", "nombre_del_puesto", "nombre_puesto", "titulo_del_puesto",
    ),
    "provider": (
        "provider", "proveedor", "empresa", "empleador", "employer", "institucion",
        "centro", "entidad", "organizacion", "organization", "centro_de_formacion",
        "centro_formacion", "centro_de_capacitacion", "institucion_que_imparte",
        "institucion_responsable", "nombre_empresa", "nombre_de_la_empresa", "razon_social",
    ),
    "occupation": (
        "occupation", "ocupacion", "oficio", "isco", "ciuo", "codigo_ocupacion", "area",
    ),
    "capacity": ("capacity", "plazas", "cupos", "vacantes", "puestos", "seats", "positions",
                 "capacidad", "cupo", "vacantes_disponibles", "plazas_disponibles",
                 "cupos_disponibles", "numero_de_plazas", "no_plazas", "cantidad_de_plazas"),
    "start_date": ("start_date", "fecha_inicio", "fecha_de_inicio", "inicio", "desde", "start",
                   "fecha_inicial", "fecha_de_apertura", "apertura"),
    "end_date": ("end_date", "fecha_fin", "fecha_de_fin", "fecha_final", "fin", "hasta",
                 "fecha_cierre", "fecha_de_cierre", "end", "cierre", "fecha_limite",
                 "fecha_limite_de_aplicacion", "vence", "fecha_de_vencimiento"),
    "requires_certification": (
        "requires_certification", "requiere_certificacion", "certificacion_requerida",
    ),
    "contact": ("contact", "contacto", "telefono", "phone", "correo", "email", "tel",
                "e_mail", "correo_electronico", "persona_de_contacto", "telefono_de_contacto",
                "celular"),
}

#: Optional columns, read only when the file has them (referrals show them to coordinators).
OPTIONAL_RETURNEE_COLUMNS: tuple[str, ...] = ("phone",)
OPTIONAL_OPPORTUNITY_COLUMNS: tuple[str, ...] = ("address", "late_enrolment")
COLUMN_ALIASES.update({
    "phone": ("phone", "telefono", "celular", "movil", "telefono_contacto", "whatsapp", "tel",
              "numero_de_telefono", "telefono_celular", "mobile"),
    "address": ("address", "direccion", "domicilio", "ubicacion_exacta"),
    "late_enrolment": ("late_enrolment", "late_enrollment", "inscripcion_tardia",
                       "acepta_inscripcion_tardia", "inscripcion_abierta"),
})

#: Columns a returnee file must have (a location: code, or municipality name, or point).
RETURNEE_REQUIRED: tuple[str, ...] = ("returnee_id",)
#: Columns an opportunity file must have.
OPPORTUNITY_REQUIRED: tuple[str, ...] = ("opportunity_id", "title", "capacity")

#: Headers offices write that the first aliases did not cover (issue 22's corpus): added
#: here so every reader, and the role decision, knows them.
_MORE_ALIASES: dict[str, tuple[str, ...]] = {
    "returnee_id": ("beneficiary_id", "id_beneficiario", "codigo_beneficiario", "codigo",
                    "code", "codigo_retornado", "caso_no"),
    "municipio": ("sede", "lugar_de_trabajo", "location", "zona_municipio",
                  "municipio_sede", "lugar"),
    "capacity": ("atenciones_por_mes", "citas_por_semana", "citas_semana", "capacidad_mensual",
                 "evaluaciones_disponibles", "openings", "cupos_disp"),
    "start_date": ("fecha_publicacion", "fecha_de_publicacion", "posted", "inicia", "empieza",
                   "comienza", "fecha_feria", "fecha_de_la_feria",
                   "fecha_de_evaluacion", "fecha_evaluacion"),
    "end_date": ("closing_date", "convocatoria_abierta_hasta", "abierta_hasta", "finalizacion",
                 "fecha_de_finalizacion", "termina", "finaliza"),
    "title": ("position", "job", "nombre_del_servicio", "estandar_de_competencia", "actividad",
              "activity"),
    "requires_certification": ("certification_required", "requiere_certificado"),
    "has_id_document": ("has_national_id", "national_id", "dui_vigente", "dni_vigente",
                        "cuenta_con_dpi", "cuenta_con_documento"),
    "needs_psychosocial": ("mhpss", "mhpss_referral_needed", "apoyo_psicosocial",
                           "necesita_apoyo_psicosocial"),
    "experience_abroad": ("us_work_experience", "work_experience_abroad",
                          "experiencia_en_eeuu", "experiencia_en_el_exterior"),
    "certifications": ("skills_certified", "certificaciones_obtenidas"),
    "provider": ("contact_name_company", "sede_institucion"),
}
for _role, _more in _MORE_ALIASES.items():
    COLUMN_ALIASES[_role] = (*COLUMN_ALIASES[_role], *_more)
