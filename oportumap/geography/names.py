"""How place names are written: comparable keys, abbreviations, mojibake, short forms.

A *key* is the comparable form of a place name (lower case, no accents, single spaces).
On top of :func:`oportumap.text.normalize_text` this module repairs what other systems do
to names before they reach a planner: UTF-8 read as Latin-1 (``"PetÃ©n"``), accented letters
replaced by ``?``, ``!`` or ``�`` (``"CABA?AS"``, ``"Santa luc!a"``) and abbreviations
(``"Sta."``, ``"Sn."``, ``"S."``, ``"Cd."``).
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from oportumap.text import normalize_text

#: Placeholder for a letter another system lost (``?``, ``!``, ``�`` inside a word).
WILDCARD = "*"

_LOST_LETTER = re.compile(r"(?<=[^\W\d_])[?!\ufffd](?=[^\W\d_]|$|\s)")
_NOT_KEY = re.compile(r"[^a-z0-9*]+")
# Latin-1 / cp1252 renderings of UTF-8 lead bytes: their presence means "read with the
# wrong encoding" (a real Spanish name never contains "Ã" or "Â").
_MOJIBAKE_MARKERS = ("Ã", "Â", "â€")

#: Abbreviated words -> the words they can stand for (each tried; only a unique match
#: is accepted). "S." is ambiguous on purpose: San, Santa, Santo or Santiago.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "sta": ("santa",),
    "sto": ("santo",),
    "sn": ("san",),
    "s": ("san", "santa", "santo", "santiago"),
    "stgo": ("santiago",),
    "sgo": ("santiago",),
    "cd": ("ciudad",),
    "col": ("colonia", "colomba"),
    "fco": ("francisco",),
    "ma": ("maria",),
    "gral": ("general",),
    "pto": ("puerto",),
    "sac": ("sacatepequez",),
}

#: Words that precede a municipality's name without being part of it.
LEADING_WORDS = ("municipio de ", "municipalidad de ", "ciudad de ", "ciudad ", "villa de ",
                 "cabecera de ")

#: Articles dropped when comparing "San Juan Laguna" with "San Juan La Laguna".
ARTICLES = frozenset({"la", "el", "las", "los", "de", "del"})


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 text that was read as Latin-1/cp1252 (``"PetÃ©n"`` -> ``"Petén"``).

    Examples
    --------
    >>> fix_mojibake("PetÃ©n")
    'Petén'
    >>> fix_mojibake("Cobán")
    'Cobán'
    """
    if not any(marker in text for marker in _MOJIBAKE_MARKERS):
        return text
    for encoding in ("cp1252", "latin-1"):
        try:
            return text.encode(encoding).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text


def place_key(value: object) -> str:
    """Comparable form of a place name, keeping lost letters as ``*``.

    Examples
    --------
    >>> place_key("CABA?AS")
    'caba*as'
    >>> place_key("Santa luc!a cotzumalguapa")
    'santa luc*a cotzumalguapa'
    >>> place_key("Sta. Cruz del QuichÃ©")
    'sta cruz del quiche'
    """
    if value is None:
        return ""
    text = normalize_text(value) if not isinstance(value, str) else value
    if not text:
        return ""
    text = fix_mojibake(text)
    text = _LOST_LETTER.sub(WILDCARD, text)
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NOT_KEY.sub(" ", text).strip()


def expand_abbreviations(key: str, limit: int = 16) -> list[str]:
    """Every reading of a key's abbreviations (``"s marcos"`` -> ``"san marcos"``, ...).

    Returns an empty list when the key has no abbreviation.

    Examples
    --------
    >>> expand_abbreviations("sta cruz del quiche")
    ['santa cruz del quiche']
    >>> expand_abbreviations("huehuetenango")
    []
    """
    words = key.split()
    options = [ABBREVIATIONS.get(word, (word,)) for word in words]
    if all(len(o) == 1 and o[0] == w for o, w in zip(options, words, strict=True)):
        return []
    return [" ".join(combo) for combo in itertools.islice(itertools.product(*options), limit)]


def without_articles(key: str) -> str:
    """The key without articles (``"san juan la laguna"`` -> ``"san juan laguna"``).

    Examples
    --------
    >>> without_articles("santa catalina la tinta")
    'santa catalina tinta'
    """
    return " ".join(word for word in key.split() if word not in ARTICLES)


def saint_short_forms(key: str) -> list[str]:
    """Forms of a "San/Santa X Name" without the saint, as people shorten it.

    Examples
    --------
    >>> saint_short_forms("santa catalina la tinta")
    ['la tinta', 'tinta']
    >>> saint_short_forms("san pedro soloma")
    ['soloma']
    """
    words = key.split()
    if len(words) < 3 or words[0] not in {"san", "santa", "santo", "santiago"}:
        return []
    rest = " ".join(words[2:])
    forms = [rest]
    for article in ("del ", "de ", "la ", "el ", "las ", "los "):
        if rest.startswith(article):
            forms.append(rest.removeprefix(article))
            break
    return forms
