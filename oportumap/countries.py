"""Countries registered by the user, kept between sessions, and each country's words.

A registered country lives in ``<data home>/countries/<CODE>/`` as ``municipalities.gpkg``
(boundaries in EPSG:4326, codes already normalised) and ``country.json`` (name, code rule,
source, words, what registration merged). The data home is ``$OPORTUMAP_HOME`` when set,
else ``$XDG_DATA_HOME/oportumap`` (``~/.local/share/oportumap`` on Linux,
``%APPDATA%\\oportumap`` on Windows, ``~/Library/Application Support/oportumap`` on macOS).

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
import shutil
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from oportumap.errors import DataError
from oportumap.i18n import text

if TYPE_CHECKING:
    from oportumap.geography.country import CountryGeography, RegistrationReport

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
    },
}
_DEFAULT_WORDS: dict[str, tuple[str, str]] = {
    "country_name": ("", ""),
    **{key: (text(f"country.{key}", "es"), text(f"country.{key}", "en"))
       for key in ("id_document", "code_name", "admin1", "admin1_plural", "admin2",
                   "admin2_plural")},
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


def _country_dir(code: str) -> Path:
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
        ``admin2``, ``admin2_plural``.

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
    table = _WORDS.get(key, _DEFAULT_WORDS)
    words = {name: pair[0 if lang == "es" else 1] for name, pair in table.items()}
    if lang == "es" and registered:
        words.update(_registered_words(key))
    return words


def _registered_words(code: str) -> dict[str, str]:
    meta = _read_meta(code)
    return dict(meta.get("words", {})) if meta else {}


def _read_meta(code: str) -> dict | None:
    path = _country_dir(code) / "country.json"
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
    for level in ("admin1", "admin2"):
        if level in words and f"{level}_plural" not in words:
            words[f"{level}_plural"] = plural(words[level])
    return words


def save_registered(geo: CountryGeography, report: RegistrationReport | dict) -> Path:
    """Store a registered country in the data home; returns its folder."""
    folder = _country_dir(geo.code)
    folder.mkdir(parents=True, exist_ok=True)
    boundaries = folder / "municipalities.gpkg"
    tmp = folder / "municipalities.tmp.gpkg"
    tmp.unlink(missing_ok=True)
    geo.municipalities.to_file(tmp, driver="GPKG", layer="municipalities")
    tmp.replace(boundaries)
    meta = {
        "code": geo.code,
        "name": geo.name,
        "source": geo.source,
        "code_width": geo.code_width,
        "numeric_codes": geo.numeric_codes,
        "aliases": geo.extra_aliases,
        "words": geo.words,
        "registration": dict(report),
        "registered_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    (folder / "country.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2),
                                         encoding="utf-8")
    return folder


def is_registered(code: str) -> bool:
    """Whether ``code`` was registered in the data home (``oportumap country add``).

    Examples
    --------
    >>> is_registered("GT")
    False
    """
    return (_country_dir(str(code).strip().upper()) / "country.json").exists()


def load_registered(code: str) -> CountryGeography | None:
    """The country stored in the data home, or None when it was never registered."""
    import geopandas as gpd

    from oportumap.geography.country import CountryGeography

    meta = _read_meta(code)
    if meta is None:
        return None
    path = _country_dir(code) / "municipalities.gpkg"
    if not path.exists():
        raise DataError(f"{path}: faltan los límites del país registrado; vuelva a "
                        f"registrarlo con oportumap country add {code} ...")
    munis = gpd.read_file(path, layer="municipalities")
    for column in ("muni_code", "muni_name", "dept_code", "dept_name"):
        munis[column] = munis[column].astype(str)
    return CountryGeography(
        code=meta["code"],
        name=meta["name"],
        municipalities=munis.sort_values("muni_code").reset_index(drop=True),
        code_width=int(meta["code_width"]),
        source=meta["source"],
        extra_aliases=dict(meta.get("aliases", {})),
        numeric_codes=bool(meta.get("numeric_codes", True)),
        words=dict(meta.get("words", {})),
    )


def registered() -> list[dict]:
    """Registered countries: code, name, units, departments, registration date, folder.

    Examples
    --------
    >>> isinstance(registered(), list)
    True
    """
    root = data_home() / "countries"
    if not root.exists():
        return []
    rows = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        meta = _read_meta(folder.name)
        if meta is None:
            continue
        report = meta.get("registration", {})
        rows.append({"code": meta["code"], "name": meta["name"],
                     "units": report.get("units"), "departments": report.get("departments"),
                     "registered_at": meta.get("registered_at"), "folder": str(folder),
                     "source": meta.get("source")})
    return rows


def remove_registered(code: str) -> bool:
    """Delete a registered country from the data home; False if it was not registered."""
    from oportumap.geography.country import _REGISTRY

    key = str(code).strip().upper()
    folder = _country_dir(key)
    _REGISTRY.pop(key, None)
    if not folder.exists():
        return False
    shutil.rmtree(folder)
    return True


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
