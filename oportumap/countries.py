"""Each country's words, and where registered countries are kept between sessions.

The words a person reads change by country (DPI/DUI/DNI/cédula, departamento/provincia,
municipio/cantón/distrito). Registering a country (:mod:`oportumap.geography.registry`)
stores it in the data home: a registered country lives in ``<data home>/countries/<CODE>/``
as ``municipalities.gpkg`` (boundaries in EPSG:4326, codes already normalised) and
``country.json`` (name, code rule, source, words, what registration merged). The data
home is ``$OPORTUMAP_HOME`` when set, else ``$XDG_DATA_HOME/oportumap``
(``~/.local/share/oportumap`` on Linux, ``%APPDATA%\\oportumap`` on Windows,
``~/Library/Application Support/oportumap`` on macOS).

Examples
--------
>>> country_words("CR")["admin2"]
'cantón'
>>> country_words("GT")["code_name"]
'código INE'
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from oportumap.errors import DataError
from oportumap.i18n import text

#: Words a person reads that change by country (Spanish, English).
_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "GT": {
        "country_name": ("Guatemala", "Guatemala"),
        "id_document": ("DPI", "DPI"),
        "code_name": ("código INE", "INE code"),
        "admin1": ("departamento", "department"),
        "admin1_plural": ("departamentos", "departments"),
        "admin2": ("municipio", "municipality"),
        "admin2_plural": ("municipios", "municipalities"),
    },
    "SV": {
        "country_name": ("El Salvador", "El Salvador"),
        "id_document": ("DUI", "DUI"),
        "code_name": ("código", "code"),
        "admin1": ("departamento", "department"),
        "admin1_plural": ("departamentos", "departments"),
        "admin2": ("municipio", "municipality"),
        "admin2_plural": ("municipios", "municipalities"),
    },
    "HN": {
        "country_name": ("Honduras", "Honduras"),
        "id_document": ("DNI", "DNI"),
        "code_name": ("código", "code"),
        "admin1": ("departamento", "department"),
        "admin1_plural": ("departamentos", "departments"),
        "admin2": ("municipio", "municipality"),
        "admin2_plural": ("municipios", "municipalities"),
    },
    "CR": {
        "country_name": ("Costa Rica", "Costa Rica"),
        "id_document": ("cédula", "cédula (ID card)"),
        "code_name": ("código", "code"),
        "admin1": ("provincia", "province"),
        "admin1_plural": ("provincias", "provinces"),
        "admin2": ("cantón", "canton"),
        "admin2_plural": ("cantones", "cantons"),
        "admin3": ("distrito", "district"),
        "admin3_plural": ("distritos", "districts"),
    },
}
_DEFAULT_WORDS: dict[str, tuple[str, str]] = {
    "country_name": ("", ""),
    **{key: (text(f"country.{key}", "es"), text(f"country.{key}", "en"))
       for key in ("id_document", "code_name", "admin1", "admin1_plural", "admin2",
                   "admin2_plural", "admin3", "admin3_plural")},
}
#: Keys of :func:`country_words`.
WORD_KEYS = tuple(_DEFAULT_WORDS)

_PLURALS = {"municipio": "municipios", "distrito": "distritos", "cantón": "cantones",
            "canton": "cantones", "provincia": "provincias", "departamento": "departamentos",
            "estado": "estados", "región": "regiones", "comuna": "comunas"}


def data_home() -> Path:
    """Folder where oportumap keeps what the user registers (``$OPORTUMAP_HOME`` wins).

    Examples
    --------
    >>> isinstance(data_home(), Path)
    True
    """
    explicit = os.environ.get("OPORTUMAP_HOME")
    if explicit:
        return Path(explicit).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "oportumap"


def country_dir(code: str) -> Path:
    return data_home() / "countries" / code.upper()


def plural(word: str) -> str:
    """Spanish plural of an admin-level word (``"cantón"`` -> ``"cantones"``).

    Examples
    --------
    >>> plural("distrito"), plural("cantón")
    ('distritos', 'cantones')
    """
    if word in _PLURALS:
        return _PLURALS[word]
    if word.endswith(("a", "e", "i", "o", "u")):
        return word + "s"
    return word + "es"


def country_words(code: str = "GT", lang: str = "es", *, registered: bool = True
                  ) -> dict[str, str]:
    """The words people read for a country: ID document, code name, admin levels.

    Built-in for Guatemala, El Salvador, Honduras and Costa Rica; a registered country's
    own words (``oportumap country add ... --admin2 distrito``) override them.

    Parameters
    ----------
    code : str
        ISO alpha-2 country code.
    lang : str
        ``"es"`` or ``"en"``.
    registered : bool
        Apply the words stored with a registered country (read from the data home).

    Returns
    -------
    dict
        ``country_name``, ``id_document``, ``code_name``, ``admin1``, ``admin1_plural``,
        ``admin2``, ``admin2_plural``, ``admin3``, ``admin3_plural`` (the level inside a
        municipality: El Salvador's districts since 2024).

    Examples
    --------
    >>> w = country_words("SV")
    >>> w["id_document"], w["admin1"]
    ('DUI', 'departamento')
    >>> country_words("CR", "en")["admin1_plural"]
    'provinces'
    """
    if lang not in ("es", "en"):
        raise DataError(f"idioma '{lang}' no disponible; use 'es' o 'en'")
    key = str(code).strip().upper()
    # The third level (El Salvador's districts since 2024, Costa Rica's) is generic
    # unless the country names it.
    table = {**_DEFAULT_WORDS, **_WORDS.get(key, {})}
    words = {name: pair[0 if lang == "es" else 1] for name, pair in table.items()}
    if lang == "es" and registered:
        words.update(_registered_words(key))
    return words


#: Words of countries registered in this session (also those kept only in memory).
_SESSION_WORDS: dict[str, dict[str, str]] = {}


def use_words(code: str, words: dict[str, str] | None) -> None:
    """Words of a country registered in this session (None forgets them; ``"*"``: all).

    Examples
    --------
    >>> use_words("XQ", {"admin2": "distrito", "admin2_plural": "distritos"})
    >>> country_words("XQ")["admin2_plural"]
    'distritos'
    >>> use_words("XQ", None)
    """
    key = str(code).strip().upper()
    if key == "*":
        _SESSION_WORDS.clear()
    elif words is None:
        _SESSION_WORDS.pop(key, None)
    else:
        _SESSION_WORDS[key] = complete_words(words)


def _registered_words(code: str) -> dict[str, str]:
    if code in _SESSION_WORDS:
        return dict(_SESSION_WORDS[code])
    meta = read_meta(code)
    return dict(meta.get("words", {})) if meta else {}


def read_meta(code: str) -> dict | None:
    path = country_dir(code) / "country.json"
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataError(f"{path}: registro de país dañado ({exc}); vuelva a registrarlo con "
                        f"oportumap country add {code} ...") from exc


def complete_words(words: dict[str, str] | None) -> dict[str, str]:
    """Fill the plural forms of admin-level words given in the singular."""
    words = {k: v for k, v in (words or {}).items() if v}
    unknown = set(words) - set(WORD_KEYS)
    if unknown:
        raise DataError(f"palabras desconocidas {sorted(unknown)}; use {list(WORD_KEYS)}")
    for level in ("admin1", "admin2", "admin3"):
        if level in words and f"{level}_plural" not in words:
            words[f"{level}_plural"] = plural(words[level])
    return words


#: Generic admin-level words in people-facing labels, (singular, plural) per language:
#: the Guatemalan names the tables are written with.
_GENERIC_ADMIN = {"es": {"admin1": ("departamento", "departamentos"),
                         "admin2": ("municipio", "municipios")},
                  "en": {"admin1": ("department", "departments"),
                         "admin2": ("municipality", "municipalities")}}


def with_admin_words(label: str, code: str, lang: str = "es") -> str:
    """A label with "departamento"/"municipio" replaced by the country's own admin words.

    Headers, popups and summaries are written once with the generic words; a Costa Rica
    workbook then says «Provincia» and «Cantón», an El Salvador one registered by districts
    says «Distrito». Capitalisation of the original word is kept.

    Examples
    --------
    >>> with_admin_words("Municipio de residencia", "CR")
    'Cantón de residencia'
    >>> with_admin_words("Departamentos sin oferta", "CR")
    'Provincias sin oferta'
    >>> with_admin_words("Municipio", "GT")
    'Municipio'
    """
    import re

    words = country_words(code, lang)
    out = label
    for level, (singular, plural) in _GENERIC_ADMIN[lang].items():
        for generic, own in ((plural, words[f"{level}_plural"]), (singular, words[level])):
            if not own or generic == own:
                continue

            def swap(match: re.Match, own: str = own) -> str:
                return own[:1].upper() + own[1:] if match.group(0)[0].isupper() else own

            out = re.sub(rf"\b{generic}\b", swap, out, flags=re.IGNORECASE)
    return out
