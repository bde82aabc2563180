"""The names of column roles: codes, the people's labels, and the roles beyond the schema.

A role is written by a person in ``columnas.csv`` or the ``columns=`` mapping as its code
(``sex``) or its label in Spanish or English («Sexo», «Sex»), any case or accents.
"""

from __future__ import annotations

from functools import cache

from oportumap.i18n import text
from oportumap.schema import COLUMN_ALIASES
from oportumap.text import normalize_text

#: Roles that are not canonical columns of the data contract but are recognised so that
#: they do not steal another role (the number of the ID document is not "has a document").
EXTRA_ALIASES: dict[str, tuple[str, ...]] = {
    "id_document_number": ("no_dpi", "numero_dpi", "no_de_dpi", "numero_de_dpi", "cui",
                           "dui", "no_dui", "numero_dui", "dni", "no_dni", "numero_dni",
                           "numero_de_documento", "no_documento", "documento",
                           "cedula", "numero_cedula", "no_de_dui", "no_de_dni"),
    "point": ("point", "geopoint", "geopunto"),
    "occupations_abroad": ("occupations_abroad", "ocupaciones_en_el_extranjero",
                           "oficios_en_el_extranjero", "ocupaciones_en_eeuu",
                           "oficio_en_eeuu", "oficios_en_eeuu"),
    "name": ("nombre_completo", "nombres_y_apellidos", "nombres", "apellidos",
             "first_name", "last_name", "full_name", "nombre_y_apellido"),
}
#: Roles of the columns of a count table (:mod:`oportumap.loaders.count_roles`), which a
#: person may confirm in ``columnas.csv`` like any other.
COUNT_TABLE_ROLES = ("total", "women", "men", "minors", "period")

def role_label(role: str, lang: str = "es") -> str:
    """The people's word for a role (``id_document_number`` -> «Número de documento»)."""
    if not role:
        return ""
    try:
        return text(f"role.{role}", lang)
    except Exception:  # noqa: BLE001 - a role without a label shows its code
        return role


def role_from_label(label: str) -> str | None:
    """A role written by a person (``columnas.csv``, the ``columns=`` mapping): its code
    or its label (Spanish or English), any case or accents; ``""`` for «no»; None if
    unknown."""
    key = normalize_text(label).replace(" ", "_")
    if not key or key in ("no", "ninguno", "ninguna", "none", "no_usar", "sin_uso"):
        return ""
    return _written_roles().get(key)


def known_roles() -> list[str]:
    """Every role a person may write for a column, sorted by its Spanish label."""
    known = set(COLUMN_ALIASES) | set(EXTRA_ALIASES) | set(COUNT_TABLE_ROLES)
    return sorted(known, key=lambda r: normalize_text(role_label(r)))


@cache
def _written_roles() -> dict[str, str]:
    """Each role's labels and code, as compared (normalised) -> the role; built once."""
    written = {normalize_text(role_label(r, lang)).replace(" ", "_"): r
               for lang in ("en", "es") for r in known_roles()}
    return written | {r: r for r in known_roles()}  # a code is always its own role
