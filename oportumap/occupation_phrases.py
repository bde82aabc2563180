"""Reading occupations as people write them: cells -> occupations, each with how it was read.

The words live in ``geodata/occupation_phrases.csv`` (phrase, language, ISCO-08 code,
family, note): Spanish, English and Spanglish trade names of work done in Guatemala, the
United States and Mexico ("roofing", "tablayeso", "rufero", "hojalatería y pintura"...).
A row whose ``isco`` is blank and ``family`` is a 3-digit ISCO minor group names a family
("operador de montacargas y grúa"); a row whose ``family`` is broader than its code's
minor group is *general* ("construcción"): its code is the reading when nothing more
precise is written beside it; a row with neither is "not an occupation" ("ninguno").

How a cell is read (each distinct cell once)
    1. ``;`` and line breaks always separate occupations; so do commas outside
       parentheses.
    2. A piece equal to a phrase of the table is that phrase (exact beats everything).
    3. Lead-in words ("trabajé en", "experiencia como", "worked as") and a workplace
       after "en" ("empacadora en fábrica") are context, not the occupation.
    4. Parentheses and "/" give the same trade again ("jardinería/landscaping", "ordeño
       (dairy)"): ONE occupation. When the alternatives disagree, a general word gives
       way to the precise one ("construcción (techos)" -> roofer); two different trades
       of one language with "/" are a list ("albañil/carpintero": two occupations);
       otherwise the reading most alternatives share wins; when they only share an ISCO
       minor group the family is kept ("limpieza de casas / hotel housekeeping");
       anything else is ambiguous and reported.
    5. "y", "o", "and", "&" separate occupations when every part is one.
    6. Otherwise the closest phrase by rapidfuzz ``WRatio`` is taken when it scores at
       least the cutoff and no phrase of another occupation is within the margin; when
       the runner-up is in the same minor group the family is kept.

Codes are integers: an ISCO-08 unit group (``7121``) or a family as its minor group times
ten (``8340`` = minor group 834; ISCO numbers the units of a minor group with several
units from 1, so these never collide with a unit).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from oportumap.text import normalize_text

#: Fuzzy-match score (0-100, rapidfuzz WRatio) below which a piece stays unmatched.
DEFAULT_CUTOFF = 86.0
#: Fuzzy matches whose runner-up (another occupation) is within this many points are
#: ambiguous (or, within one minor group, read as the family).
AMBIGUITY_MARGIN = 1.0
#: Highest confidence a fuzzy (non-exact) match can have.
MAX_FUZZY_CONFIDENCE = 0.99
#: Confidence of an occupation read only to its family (ISCO minor group).
FAMILY_CONFIDENCE = 0.9
#: Statuses of pieces that were understood as an occupation.
UNDERSTOOD = ("code", "exact", "translation", "refined", "family", "fuzzy")
NONE_CODE = -1  # "not an occupation" (ninguno, estudiante...)

_CODE = re.compile(r"^(?:(?:isco|ciuo)(?: ?0?8)? )?(\d{4})$")
_LEAD_IN = re.compile(
    r"^(?:(?:yo|i) )?(?:trabaje|trabajaba|trabajo|trabajando|trabajar|labore|laboraba|"
    r"experiencia|experiencia laboral|worked|work|working|oficio|puesto)"
    r"(?: (?:en|de|como|con|in|as|at|on|of|with))*(?: (?:el|la|los|las|un|una|the|a|an))? ")
_ARTICLE = re.compile(r"^(?:en|de|como|in|as|at)(?: (?:el|la|los|las|un|una|the|a))? ")
_COMMA = re.compile(r",(?![^()]*\))")
_HARD = re.compile(r"[;,\n\r]")  # a cell with these is never read as one phrase
_ALTERNATIVES = re.compile(r"[()/]|\s-\s")
_AND = re.compile(r"\s+(?:y|e|o|u|and|or|&|\+)\s+|\s*[&+]\s*", flags=re.IGNORECASE)
_FUZZY_CHUNK = 2000


def _geodata(name: str) -> Path:
    return Path(str(resources.files("oportumap.geodata") / name))


@functools.lru_cache(maxsize=1)
def phrase_table() -> pd.DataFrame:
    """The bundled phrase table (``geodata/occupation_phrases.csv``) with its codes.

    Returns
    -------
    pandas.DataFrame
        ``phrase``, ``language`` (es/en/spanglish), ``isco`` (4-digit str or ""),
        ``family`` (ISCO group str or ""), ``note``, plus ``key`` (normalised phrase) and
        ``code`` (int: unit, family x 10, or -1 "not an occupation"). Cached: copy before
        modifying.

    Examples
    --------
    >>> t = phrase_table().set_index("key")
    >>> int(t.loc["roofing", "code"]), int(t.loc["operador de montacargas y grua", "code"])
    (7121, 8340)
    """
    table = pd.read_csv(_geodata("occupation_phrases.csv"), dtype=str, keep_default_na=False)
    table["key"] = table["phrase"].map(normalize_text)
    unit = table["isco"].str.fullmatch(r"\d{4}")
    family = table["family"].str.fullmatch(r"\d{3}")
    table["code"] = np.where(unit, pd.to_numeric(table["isco"].where(unit), errors="coerce")
                             .fillna(0).astype(int),
                             np.where(family, pd.to_numeric(table["family"].where(family),
                                                            errors="coerce").fillna(0)
                                      .astype(int) * 10, NONE_CODE))
    return table


@dataclass(frozen=True)
class _Vocabulary:
    exact: dict[str, int]
    scope: dict[str, tuple[str, ...]]  # general phrases: the groups they stand for
    language: dict[str, str]  # "es" (Spanish and Spanglish) or "en"
    keys: np.ndarray
    codes: np.ndarray


@functools.lru_cache(maxsize=1)
def taxonomy() -> pd.DataFrame:
    """The ISCO-08 unit groups of ``geodata/occupations.csv`` (``isco``, ``label_es``,
    ``label_en``); :func:`oportumap.skills.occupations` adds their phrases. Cached.

    Examples
    --------
    >>> taxonomy().set_index("isco").loc["7121", "label_es"]
    'Techador'
    """
    return pd.read_csv(_geodata("occupations.csv"), dtype=str, keep_default_na=False)


@functools.lru_cache(maxsize=1)
def vocabulary() -> _Vocabulary:
    """Normalised phrase -> code, plus arrays for fuzzy search (phrases that are
    occupations only). The taxonomy's own labels always match too."""
    table = phrase_table()
    exact: dict[str, int] = {}
    scope: dict[str, tuple[str, ...]] = {}
    language: dict[str, str] = {}
    for key, code, isco, fam, lang in zip(table["key"], table["code"], table["isco"],
                                          table["family"], table["language"], strict=True):
        if not key or key in exact:
            continue
        exact[key] = int(code)
        language[key] = "en" if lang == "en" else "es"
        if isco and fam and fam != isco[:3]:
            scope[key] = tuple(fam.split("|"))
    for row in taxonomy().itertuples(index=False):  # labels always match
        for text, lang in ((row.label_es, "es"), (row.label_en, "en")):
            key = normalize_text(text)
            if key not in exact:
                exact[key], language[key] = int(row.isco), lang
    keys = np.array([k for k, c in exact.items() if c > 0], dtype=object)
    codes = np.array([exact[k] for k in keys], dtype=np.int32)
    return _Vocabulary(exact, scope, language, keys, codes)


@dataclass
class _Reading:
    """How one piece of text was read."""

    text: str
    code: int = 0
    conf: float = 0.0
    status: str = "unmatched"
    matched: str = ""
    detail: str = ""


def _strip_context(key: str) -> str:
    """Lead-in words and a workplace after "en" removed (one pass)."""
    out = _LEAD_IN.sub("", key)
    out = _ARTICLE.sub("", out)
    return out


class _Matcher:
    """Exact look-ups now, fuzzy ones batched: pieces needing fuzzy are collected first."""

    def __init__(self, cutoff: float):
        self.voc = vocabulary()
        self.cutoff = cutoff
        self.fuzzy: dict[str, tuple[int, float, str, str]] = {}

    def exact(self, raw: str) -> _Reading | None:
        key = normalize_text(raw)
        if not key:
            return _Reading(raw, status="empty")
        found = _CODE.match(key)
        if found:
            return _Reading(raw, int(found.group(1)), 1.0, "code", key)
        for candidate, how in ((key, ""), (_strip_context(key), "context")):
            if candidate in self.voc.exact:
                return self._known(raw, candidate, how)
            if " en " in candidate:  # "empacadora en fábrica": the workplace is context
                head = candidate.split(" en ", 1)[0]
                if head in self.voc.exact and self.voc.exact[head] > 0:
                    return self._known(raw, head, "context")
        return None

    def _known(self, raw: str, key: str, how: str) -> _Reading:
        code = self.voc.exact[key]
        if code == NONE_CODE:
            return _Reading(raw, NONE_CODE, 1.0, "none", key)
        status = "family" if _is_family(code) else "exact"
        conf = FAMILY_CONFIDENCE if status == "family" else 1.0
        return _Reading(raw, code, conf, status, key, how)

    def want_fuzzy(self, raw: str) -> None:
        key = _strip_context(normalize_text(raw))
        if key and key not in self.fuzzy:
            self.fuzzy[key] = (0, 0.0, "unmatched", "")

    def run_fuzzy(self) -> None:
        """Score every collected piece against the vocabulary at once (chunked)."""
        from rapidfuzz import fuzz, process

        pending = [k for k, v in self.fuzzy.items() if v[2] == "unmatched" and not v[3]]
        keys, codes = self.voc.keys, self.voc.codes
        choices = list(keys)
        for start in range(0, len(pending), _FUZZY_CHUNK):
            part = pending[start:start + _FUZZY_CHUNK]
            # Scores far below the cutoff can never matter (not a match, not a rival
            # within the margin): rapidfuzz skips them early.
            scores = process.cdist(part, choices, scorer=fuzz.WRatio, dtype=np.float32,
                                   workers=1,
                                   score_cutoff=max(self.cutoff - AMBIGUITY_MARGIN - 1, 0))
            best = scores.argmax(axis=1)
            best_score = scores[np.arange(len(part)), best]
            # Every phrase within the margin of the best one: one code -> that code; one
            # minor group -> the family; more -> ambiguous.
            close = scores >= (best_score - AMBIGUITY_MARGIN)[:, None]
            big = np.iinfo(np.int64).max
            fam = (codes // 10).astype(np.int64)[None, :]
            code = codes.astype(np.int64)[None, :]
            same_code = np.where(close, code, big).min(1) == np.where(close, code, -1).max(1)
            same_fam = np.where(close, fam, big).min(1) == np.where(close, fam, -1).max(1)
            runner = np.where(close & (code != codes[best][:, None]), scores, -1).argmax(1)
            for q, key in enumerate(part):
                score = float(best_score[q])
                found = int(codes[best[q]])
                if score < self.cutoff:
                    self.fuzzy[key] = (0, 0.0, "unmatched", "")
                elif same_code[q]:
                    self.fuzzy[key] = (found, min(score / 100.0, MAX_FUZZY_CONFIDENCE),
                                       "fuzzy", str(keys[best[q]]))
                elif same_fam[q]:
                    self.fuzzy[key] = (found // 10 * 10, FAMILY_CONFIDENCE, "family",
                                       f"{keys[best[q]]} | {keys[runner[q]]}")
                else:
                    self.fuzzy[key] = (0, 0.0, "ambiguous",
                                       f"{keys[best[q]]} | {keys[runner[q]]}")

    def fuzzy_reading(self, raw: str) -> _Reading:
        key = _strip_context(normalize_text(raw))
        code, conf, status, matched = self.fuzzy.get(key, (0, 0.0, "unmatched", ""))
        return _Reading(raw, code, conf, status, matched)


def _family_of(code: int) -> int:
    return code // 10


@functools.lru_cache(maxsize=1)
def _unit_codes() -> frozenset[int]:
    return frozenset(taxonomy()["isco"].astype(int))


def _is_family(code: int) -> bool:
    return code > 0 and code % 10 == 0 and code not in _unit_codes()


# ----------------------------------------------------------------------------- cells


def _pieces(cell: str) -> list[str]:
    """Hard separators: ';', line breaks, commas outside parentheses."""
    out = []
    for segment in re.split(r"[;\n\r]+", cell):
        out.extend(p for p in (s.strip() for s in _COMMA.split(segment)) if p)
    return out


def _alternatives(piece: str) -> list[str]:
    return [p.strip() for p in _ALTERNATIVES.split(piece) if p.strip(" -")]


def _plan(cells: list[str], matcher: _Matcher) -> None:
    """First pass: which pieces need a fuzzy look-up."""
    for cell in cells:
        if not _HARD.search(cell) and matcher.exact(cell) is not None:
            continue
        for piece in _pieces(cell):
            if matcher.exact(piece) is not None:
                continue
            alts = _alternatives(piece)
            units = alts if len(alts) > 1 else [piece]
            for unit in units:
                if matcher.exact(unit) is not None:
                    continue
                parts = [p for p in _AND.split(unit) if p.strip()]
                for part in parts if len(parts) > 1 else []:
                    if matcher.exact(part) is None:
                        matcher.want_fuzzy(part)
                matcher.want_fuzzy(unit)


def _read_alternatives(piece: str, alts: list[str], matcher: _Matcher) -> list[_Reading]:
    """One trade written several ways; see rule 4 of the module documentation."""
    readings = [_read_unit(a, matcher) for a in alts]
    known = [r for r in readings if r.status in UNDERSTOOD and r.code > 0]
    if not known:
        if any(r.status == "none" for r in readings):
            return [_Reading(piece, NONE_CODE, 1.0, "none", readings[0].matched)]
        ambiguous = [r for r in readings if r.status == "ambiguous"]
        return [_Reading(piece, status="ambiguous" if ambiguous else "unmatched",
                         matched=" | ".join(r.matched for r in ambiguous))]
    # A general word gives way to a precise one inside what it stands for.
    voc = matcher.voc
    precise = [r for r in known if r.matched not in voc.scope]
    kept = [r for r in known if r.matched not in voc.scope or (
        r.code in [p.code for p in precise] or not any(
            str(p.code).startswith(s) for p in precise for s in voc.scope[r.matched]))]
    refined = len(kept) < len(known)
    codes = [r.code for r in kept]
    values, counts = np.unique(codes, return_counts=True)
    names = " / ".join(dict.fromkeys(r.matched for r in kept))
    if len(values) == 1:
        conf = max(r.conf for r in kept)  # an exact reading the others agree with
        status = "refined" if refined else ("translation" if len(known) > 1 else
                                            kept[0].status)
        return [_Reading(piece, int(values[0]), conf, status, names,
                         kept[0].detail if len(known) == 1 else "")]
    top = values[counts == counts.max()]
    if len(top) == 1:
        conf = max(r.conf for r in kept if r.code == top[0])
        return [_Reading(piece, int(top[0]), conf, "translation", names, "majority")]
    languages = {voc.language.get(r.matched, "") for r in kept}
    if "(" not in piece and all(r.status in ("exact", "code") for r in kept) and len(
            languages) == 1:
        # "albañil/carpintero": two trades in one language with a slash are a list; a
        # slash between languages ("limpieza de casas / hotel housekeeping") translates.
        return kept
    families = {c // 10 for c in codes}
    if len(families) == 1:
        return [_Reading(piece, families.pop() * 10, FAMILY_CONFIDENCE, "family", names)]
    return [_Reading(piece, status="ambiguous", matched=names)]


def _read_unit(unit: str, matcher: _Matcher) -> _Reading:
    """A piece without separators other than "y"/"o"."""
    found = matcher.exact(unit)
    return found if found is not None else matcher.fuzzy_reading(unit)


def _read_piece(piece: str, matcher: _Matcher) -> list[_Reading]:
    found = matcher.exact(piece)
    if found is not None:
        return [found]
    alts = _alternatives(piece)
    if len(alts) > 1:
        return _read_alternatives(piece, alts, matcher)
    parts = [p.strip() for p in _AND.split(piece) if p.strip()]
    if len(parts) > 1:
        readings = [_read_unit(p, matcher) for p in parts]
        if all(r.status in UNDERSTOOD and r.code > 0 for r in readings):
            return readings
    return [_read_unit(piece, matcher)]


def read_cells(cells: list[str], *, cutoff: float = DEFAULT_CUTOFF) -> list[list[_Reading]]:
    """Occupations in each distinct cell, in the order written (see module rules).

    Examples
    --------
    >>> [[(r.text, r.code, r.status) for r in c] for c in read_cells(
    ...     ["cocinero/line cook", "albañil, carpintero"])]
    [[('cocinero/line cook', 5120, 'translation')], [('albañil', 7112, 'exact'), \
('carpintero', 7115, 'exact')]]
    """
    todo = [c for c in dict.fromkeys(cells) if (c, cutoff) not in _MEMO]
    if todo:
        matcher = _Matcher(cutoff)
        _plan(todo, matcher)
        matcher.run_fuzzy()
        if len(_MEMO) + len(todo) > _MEMO_SIZE:  # bounded: a registry's distinct cells
            _MEMO.clear()
        for cell, readings in zip(todo, _read_all(todo, matcher), strict=True):
            _MEMO[(cell, cutoff)] = readings
    return [[_Reading(**vars(r)) for r in _MEMO[(cell, cutoff)]] for cell in cells]


#: Readings of cells already seen (the referral run and the readers read the same cells).
_MEMO: dict[tuple[str, float], list[_Reading]] = {}
_MEMO_SIZE = 200_000


def _read_all(cells: list[str], matcher: _Matcher) -> list[list[_Reading]]:
    out = []
    for cell in cells:
        whole = None if _HARD.search(cell) else matcher.exact(cell)
        if whole is not None:
            out.append([] if whole.status == "empty" else [whole])
            continue
        readings: list[_Reading] = []
        for piece in _pieces(cell):
            readings.extend(_read_piece(piece, matcher))
        out.append(readings)
    return out


def cell_table(values: pd.Series, cutoff: float) -> tuple[pd.DataFrame, np.ndarray, int]:
    """Read each distinct cell once: one row per occupation found (``cell`` indexes the
    distinct cells), plus each input row's distinct-cell code and how many cells."""
    codes, uniques = pd.factorize(values.astype("object").fillna(""), sort=False)
    cells = [str(u) for u in uniques]
    readings = read_cells(cells, cutoff=cutoff)
    rows = [(i, pos, r.text, r.code, r.conf, r.status, r.matched, r.detail)
            for i, cell in enumerate(readings) for pos, r in enumerate(cell)]
    table = pd.DataFrame(rows, columns=["cell", "pos", "text", "code", "conf", "status",
                                        "matched", "detail"])
    table = table.astype({"cell": np.int64, "pos": np.int64, "code": np.int64,
                          "conf": float})
    return table, codes, len(cells)


def person_codes(values: pd.Series, *, slots: int = 2, cutoff: float = DEFAULT_CUTOFF
                 ) -> tuple[np.ndarray, np.ndarray]:
    """First ``slots`` recognised occupation codes of each cell and their confidences.

    Vectorised for large inputs: distinct cells are read once.

    Returns
    -------
    codes : ndarray of int32, shape (n, slots)
        ISCO codes as integers (a family as its minor group x 10), 0 where fewer
        occupations were recognised. A code repeated in one cell counts once.
    confidence : ndarray of float, shape (n, slots)

    Examples
    --------
    >>> codes, conf = person_codes(pd.Series(["albañil; carpintero", "astronauta", "",
    ...                                       "roofing, framing"]))
    >>> codes.tolist()
    [[7112, 7115], [0, 0], [0, 0], [7121, 7115]]
    """
    n_rows = len(values)
    out_codes = np.zeros((n_rows, slots), dtype=np.int32)
    out_conf = np.zeros((n_rows, slots), dtype=np.float64)
    if n_rows == 0:
        return out_codes, out_conf
    table, codes, n_cells = cell_table(values, cutoff)
    table = table[table["code"] > 0].drop_duplicates(["cell", "code"])
    table = table.assign(slot=table.groupby("cell").cumcount())
    table = table[table["slot"] < slots]
    uniq_codes = np.zeros((n_cells, slots), dtype=np.int32)
    uniq_conf = np.zeros((n_cells, slots), dtype=np.float64)
    cell, slot = table["cell"].to_numpy(), table["slot"].to_numpy()
    uniq_codes[cell, slot] = table["code"].to_numpy()
    uniq_conf[cell, slot] = table["conf"].to_numpy()
    return uniq_codes[codes], uniq_conf[codes]
