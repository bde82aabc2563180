"""The controlled vocabularies as data: follow-up states, interests, kinds of
opportunity, service types and yes/no (with its document and abroad variants).

Moved out of :mod:`oportumap.vocabulary`; every name is importable from there.
"""

from __future__ import annotations

from oportumap.schema import SERVICE_KEYWORDS
from oportumap.vocabulary.matcher import Vocabulary

# --------------------------------------------------------------------------- tables

#: Follow-up states of a referral, in the order of the «Estado» drop-down (also the tie
#: order of one day's states). The one list the workbook and the importer share.
STATUS_CODES: tuple[str, ...] = ("referred", "contacted", "enrolled", "attended", "certified",
                                 "placed", "business_started", "no_show", "rejected", "closed")

STATUS = Vocabulary(
    "vocab.what.status",
    words={
        "referred": ("Referido", "Referida"),
        "contacted": ("Contactado", "Contactada"),
        "enrolled": ("Inscrito", "Inscrita"),
        "attended": ("Asistió", "Asistio"),
        "certified": ("Certificado", "Certificada"),
        "placed": ("Colocado", "Colocada"),
        "business_started": ("Emprendimiento iniciado",),
        "no_show": ("No se presentó",),
        "rejected": ("Rechazado", "Rechazada"),
        "closed": ("Cerrado", "Cerrada"),
    },
    phrases={
        "referred": ("derivado", "derivada", "remitido", "remitida", "referral"),
        "contacted": ("se contacto", "se le contacto", "localizado", "localizada",
                      "contacted"),
        "enrolled": ("inscribio", "se inscribio", "matriculado", "matriculada",
                     "enrolled", "registered"),
        "attended": ("asistiendo", "asiste", "termino el curso", "completo el curso",
                     "curso terminado", "attended"),
        "certified": ("certifico", "se certifico", "obtuvo certificacion", "certified"),
        "placed": ("contratado", "contratada", "empleado", "empleada", "consiguio trabajo",
                   "consiguio empleo", "trabajando", "hired", "placed", "employed"),
        "business_started": ("inicio emprendimiento", "inicio su emprendimiento",
                             "emprendimiento", "emprendio", "inicio negocio",
                             "abrio negocio", "abrio su negocio", "negocio iniciado",
                             "business started", "started business"),
        "no_show": ("no asistio", "no llego", "no show", "no se presento a la cita",
                    "did not show"),
        "rejected": ("rechazo", "no acepto", "declino", "no le intereso", "no interesado",
                     "no interesada", "declined", "refused"),
        "closed": ("cierre", "caso cerrado", "finalizado", "finalizada", "concluido",
                   "concluida"),
    },
    label_key="status",
)

INTEREST = Vocabulary(
    "vocab.what.interest",
    words={"employment": ("Empleo", "Trabajo"),
           "entrepreneurship": ("Emprendimiento", "Negocio"),
           "training": ("Formación", "Capacitación", "Curso")},
    phrases={
        "employment": ("trabajar", "job", "work", "empleo formal", "job placement",
                       "colocacion laboral", "buscar trabajo"),
        "entrepreneurship": ("emprender", "negocio propio", "business", "capital semilla",
                             "self employment", "start a business", "autoempleo",
                             "seed capital"),
        "training": ("formacion", "estudiar", "course", "vocational training",
                     "aprender un oficio", "beca", "training"),
    },
    label_key="interest",
    unknown=frozenset({"ninguno", "ninguna", "sin interes", "no indica", "no sabe"}),
)

KIND = Vocabulary(
    "vocab.what.kind",
    words={"vacancy": ("Vacante", "Vacantes"),
           "training": ("Formación", "Curso", "Capacitación"),
           "certification": ("Certificación",),
           "entrepreneurship": ("Emprendimiento",),
           "service": ("Servicio", "Servicios")},
    phrases={
        "vacancy": ("empleo", "job", "puesto", "trabajo", "plaza", "oferta de empleo",
                    "vacante de empleo", "job opening"),
        "training": ("course", "curso de formacion", "capacitacion tecnica", "taller"),
        "certification": ("certificacion de competencias", "evaluacion de competencias",
                          "certification", "norma de competencia", "estandar de competencia"),
        "entrepreneurship": ("capital semilla", "seed capital", "programa",
                             "programa de emprendimiento", "programme", "program"),
        # A kind column that names a service type («RENAP», «Salud mental»,
        # «Documentación») names a service: every word of the service-type table.
        "service": tuple(dict.fromkeys((
            "psicosocial", "documentos", "dpi", "dui", "dni", "atencion psicologica",
            "servicio de apoyo", "service",
            *(w for words in SERVICE_KEYWORDS.values() for w in words)))),
    },
    label_key="kind",
)

#: Which need a service meets, from the words of its type (:data:`SERVICE_KEYWORDS`).
SERVICE_TYPE = Vocabulary(
    "vocab.what.service_type",
    words={},
    phrases={code: tuple(words) for code, words in SERVICE_KEYWORDS.items()},
    label_key="stage",
)

YES_NO = Vocabulary(
    "vocab.what.yes_no",
    words={"yes": ("Sí", "Si", "Yes"), "no": ("No",)},
    phrases={
        "yes": ("s", "x", "1", "true", "verdadero", "y", "v", "si tiene", "tiene", "con",
                "firmado", "firmada", "firmo", "acepta", "autoriza", "positivo", "requiere",
                "si requiere", "si cuenta", "cuenta con", "ok"),
        "no": ("n", "0", "false", "falso", "f", "no tiene", "no cuenta", "sin", "ninguna",
               "ninguno", "negativo", "no acepta", "no autoriza", "no requiere", "no firmo",
               "no cuenta con"),
    },
    label_key=None,
    labels={"yes": ("Sí", "Yes"), "no": ("No", "No")},
    negations={"yes": "no"},
    hint="vocab.hint.yes_no",
    symbols={"✓": "yes", "✔": "yes", "☑": "yes", "✅": "yes", "√": "yes",
             "✗": "no", "✘": "no", "☒": "no", "❌": "no", "×": "no"},
)

#: Extra words of a yes/no column about an identity document: not (yet) a valid document.
DOCUMENT_PENDING: dict[str, tuple[str, ...]] = {
    "no": ("en tramite", "tramite", "tramitando", "en proceso", "vencido", "vencida",
           "perdido", "extraviado", "expired"),
}
YES_NO_DOCUMENT = YES_NO.extended(DOCUMENT_PENDING)
#: Extra words of a yes/no column about work abroad: where («EEUU 3 años», «México») is yes.
ABROAD_PLACES: dict[str, tuple[str, ...]] = {
    "yes": ("eeuu", "ee uu", "usa", "estados unidos", "united states", "mexico", "canada",
            "el norte", "afuera", "extranjero", "en el extranjero"),
}
YES_NO_ABROAD = YES_NO.extended(ABROAD_PLACES)
