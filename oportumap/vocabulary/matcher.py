"""The matcher itself: :class:`Vocabulary`, :func:`match` and the steps of the rules.

Moved out of :mod:`oportumap.vocabulary` (see its docstring for the rules); the tables live
in :mod:`oportumap.vocabulary.tables`. Every name is importable from
:mod:`oportumap.vocabulary`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from oportumap.errors import Interpretation
from oportumap.i18n import text
from oportumap.text import distinct, normalize_text

#: Minimum similarity for a typo to be read as an official word (as for municipalities).
FUZZY_SCORE = 85.0
#: Points the best code must lead every other code by.
FUZZY_MARGIN = 8.0
#: Shorter inputs are never guessed (``"sii"`` could be anything).
MIN_FUZZY_LENGTH = 4
#: Words that negate what follows.
NEGATIONS = frozenset({"no", "sin", "nunca", "ni", "not", "never"})
#: Words meaning "no data" in any vocabulary (normalised).
UNKNOWN_WORDS = frozenset({"n d", "nd", "n a", "na", "s d", "sd", "sin dato", "sin datos",
                           "no sabe", "ns", "desconocido", "desconocida", "unknown",
                           "no aplica", "none"})


@dataclass(frozen=True)
class Vocabulary:
    """A controlled vocabulary as a table.

    Parameters
    ----------
    name : str
        What the values are, as i18n key (``"vocab.what.status"`` -> "estado").
    words : mapping of code -> words
        The official list: labels as people see them and their inflections (typos of these
        are read by fuzzy matching).
    phrases : mapping of code -> phrases
        Other ways of writing the code, read exactly or inside a longer text.
    labels : mapping of code -> (Spanish, English), optional
        Labels shown back; by default ``text(f"{label_key}.{code}")``.
    label_key : str, optional
        i18n prefix of the labels.
    negations : mapping of code -> code
        What "no <code>" means ("no requiere" -> "no"); codes without one make a question.
    unknown : iterable of str
        Extra words meaning "no data" for this vocabulary («ninguno» for an interest).
    symbols : mapping of str -> code
        Characters read before normalising (``✓``, ``✗``).
    """

    name: str
    words: Mapping[str, tuple[str, ...]]
    phrases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    labels: Mapping[str, tuple[str, str]] | None = None
    label_key: str | None = None
    negations: Mapping[str, str] = field(default_factory=dict)
    unknown: frozenset[str] = frozenset()
    symbols: Mapping[str, str] = field(default_factory=dict)
    #: i18n key of a hint added to "unknown value" messages (other accepted spellings).
    hint: str | None = None

    @cached_property
    def codes(self) -> tuple[str, ...]:
        """Codes in table order."""
        return tuple(dict.fromkeys([*self.words, *self.phrases]))

    @cached_property
    def lookup(self) -> dict[str, str]:
        """Normalised word or phrase -> code; a word under two codes is an error."""
        out: dict[str, str] = {}
        for table in (self.words, self.phrases):
            for code, entries in table.items():
                for entry in (*entries, code):
                    key = normalize_text(entry)
                    if key and out.setdefault(key, code) != code:
                        raise ValueError(f"vocabulary {self.name}: '{entry}' means both "
                                         f"{out[key]} and {code}")
        for code in self.codes:  # the labels themselves, in both languages
            for lang in ("es", "en"):
                key = normalize_text(self.label(code, lang))
                if out.setdefault(key, code) != code:
                    raise ValueError(f"vocabulary {self.name}: label '{key}' means both "
                                     f"{out[key]} and {code}")
        return out

    @cached_property
    def fuzzy_pool(self) -> dict[str, str]:
        """Official words (and labels) that typos are compared with."""
        pool = {normalize_text(w): c for c, ws in self.words.items() for w in ws}
        for code in self.codes:
            for lang in ("es", "en"):
                pool.setdefault(normalize_text(self.label(code, lang)), code)
        return {k: c for k, c in pool.items() if len(k) >= MIN_FUZZY_LENGTH}

    @cached_property
    def _phrase_tokens(self) -> list[tuple[tuple[str, ...], str]]:
        return sorted(((tuple(k.split()), c) for k, c in self.lookup.items() if len(k) >= 2),
                      key=lambda item: -len(item[0]))

    def label(self, code: str, lang: str = "es") -> str:
        """The word shown for ``code``."""
        if self.labels is not None and code in self.labels:
            return self.labels[code][0 if lang == "es" else 1]
        if self.label_key is not None:
            return text(f"{self.label_key}.{code}", lang)
        return code

    def extended(self, phrases: Mapping[str, Iterable[str]]) -> Vocabulary:
        """A copy with more phrases (an office's own words), checked for conflicts.

        Examples
        --------
        >>> from oportumap.vocabulary import STATUS
        >>> match(pd.Series(["logrado"]), STATUS.extended({"placed": ["logrado"]})).values[0]
        'placed'
        """
        merged = {c: tuple(p) for c, p in self.phrases.items()}
        for code, extra in phrases.items():
            merged[code] = (*merged.get(code, ()), *extra)
        new = Vocabulary(self.name, self.words, merged, self.labels, self.label_key,
                         self.negations, self.unknown, self.symbols, self.hint)
        new.lookup  # noqa: B018 -- raises now on a word that means two things
        return new


@dataclass(frozen=True)
class VocabularyReading:
    """What :func:`match` understood of one column.

    Attributes
    ----------
    values : pandas.Series
        Code per row; ``""`` when blank (or «N/D»), None when not understood.
    problems : pandas.Series
        Message per row not understood (None elsewhere).
    interpretations : tuple of Interpretation
        Every distinct value not written as its label, and every question.
    """

    values: pd.Series
    problems: pd.Series
    interpretations: tuple[Interpretation, ...]


@dataclass
class _Answer:
    code: str | None
    how: str            # i18n key suffix under vocab.how.
    detail: str = ""
    problem: bool = False
    question: bool = False
    #: Every code the value names, in the order written (several: «Empleo / formación»).
    several: tuple[str, ...] = ()


def _negated(tokens: list[str]) -> bool:
    return bool(tokens) and tokens[0] in NEGATIONS


def _fuzzy(key: str, pool: dict[str, str]) -> tuple[str, str] | None:
    """(code, word) of the one official word clearly closest to ``key``, else None."""
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import Levenshtein

    if len(key) < MIN_FUZZY_LENGTH:
        return None
    negated = _negated(key.split())
    choices = [w for w in pool if _negated(w.split()) == negated]
    best: dict[str, tuple[float, str]] = {}
    for word, score, _ in process.extract(key, choices, scorer=fuzz.ratio, limit=12,
                                          score_cutoff=FUZZY_SCORE - FUZZY_MARGIN):
        code = pool[word]
        if score > best.get(code, (0.0, ""))[0]:
            best[code] = (score, word)
    if not best:
        return None
    ranked = sorted(best.items(), key=lambda item: -item[1][0])
    top_code, (top, word) = ranked[0]
    runner_up = ranked[1][1][0] if len(ranked) > 1 else 0.0
    if top < FUZZY_SCORE or top - runner_up < FUZZY_MARGIN:
        return None
    edits = {c: min(Levenshtein.distance(key, w) for w, cc in pool.items() if cc == c)
             for c in best}
    if any(edits[c] <= edits[top_code] for c in edits if c != top_code):
        return None
    return top_code, word


def _phrases(tokens: list[str], vocab: Vocabulary) -> list[tuple[str, int, int]]:
    """(code, start, end) of the longest table phrases found in ``tokens``."""
    taken = np.zeros(len(tokens), dtype=bool)
    found = []
    for phrase, code in vocab._phrase_tokens:
        n = len(phrase)
        for start in range(len(tokens) - n + 1):
            if tuple(tokens[start:start + n]) == phrase and not taken[start:start + n].any():
                taken[start:start + n] = True
                found.append((code, start, start + n))
    return found


def _from_phrases(tokens: list[str], vocab: Vocabulary, how: str, lang: str) -> _Answer | None:
    found = _phrases(tokens, vocab)
    if not found:
        return None
    answers = set()
    for code, start, _end in found:
        # 'no contactado', 'no quiere trabajar': a negation anywhere before the phrase
        negated = any(t in NEGATIONS for t in tokens[:start])
        answers.add((code, negated))
    if len(answers) > 1:
        written = tuple(dict.fromkeys(c for c, _, _ in sorted(found, key=lambda f: f[1])))
        words = " / ".join(vocab.label(c, lang) for c in written)
        # Several codes, none negated: a list («empleo formacion») that a column taking
        # several values accepts (``match(..., several=True)``); else one must be chosen.
        several = written if not any(n for _, n in answers) else ()
        return _Answer(None, "ambiguous", words, problem=True, question=True,
                       several=several)
    code, negated = answers.pop()
    if not negated:
        return _Answer(code, how, " ".join(tokens[found[0][1]:found[0][2]]))
    opposite = vocab.negations.get(code)
    if opposite is None:
        return _Answer(None, "negation_question", vocab.label(code, lang), problem=True,
                       question=True)
    return _Answer(opposite, "negated", vocab.label(code, lang))


def _match_one(raw: object, vocab: Vocabulary, lang: str) -> _Answer:
    if raw is None or (isinstance(raw, float) and np.isnan(raw)):
        return _Answer("", "blank")
    written = str(raw).replace("\u00a0", " ").strip()
    if not written:
        return _Answer("", "blank")
    if written in vocab.symbols:
        return _Answer(vocab.symbols[written], "symbol")
    key = normalize_text(written)
    if key in UNKNOWN_WORDS or key in vocab.unknown:
        return _Answer("", "unknown_word")
    if not written.strip("¿?¡!.-_*/ "):  # '?', '--': punctuation only, nothing said
        return _Answer(None, "unknown", problem=True)
    if written.endswith("?") or written.startswith("¿"):
        inner = _match_one(written.strip("¿? "), vocab, lang)
        seen = vocab.label(inner.code, lang) if inner.code else "?"
        return _Answer(None, "doubt", seen, problem=True, question=True)
    if not key:
        return _Answer(None, "unknown", problem=True)
    if key in vocab.lookup:
        code = vocab.lookup[key]
        label = normalize_text(vocab.label(code, "es"))  # feminine is a Spanish notion
        how = ("case" if key == label or key == normalize_text(vocab.label(code, lang)) else
               "feminine" if key.endswith("a") and key[:-1] == label[:-1] else "synonym")
        return _Answer(code, how)
    tokens = key.split()
    phrase = _from_phrases(tokens, vocab, "phrase", lang)
    if phrase is not None:
        return phrase
    fuzzy = _fuzzy(key, vocab.fuzzy_pool)
    if fuzzy is not None:
        return _Answer(fuzzy[0], "fuzzy", fuzzy[1])
    if len(tokens) > 1:  # a typo inside a phrase: 'inscirto en el curso'
        fixed = [(_fuzzy(t, vocab.fuzzy_pool) or (None, t))[1] for t in tokens]
        if fixed != tokens:
            phrase = _from_phrases(fixed, vocab, "fuzzy", lang)
            if phrase is not None:
                return phrase
    return _Answer(None, "unknown", problem=True)


def match(values: pd.Series, vocabulary: Vocabulary, *, column: str | None = None,
          lang: str = "es", several: bool = False) -> VocabularyReading:
    """Read a column against a vocabulary (see the module docstring for the rules).

    Each distinct value is matched once, so a million rows cost what their distinct
    values cost. With ``several`` a value naming several codes («Empleo / formación»,
    Kobo's ``select_multiple`` «empleo formacion») is accepted: its value is the codes
    joined by ``;`` in the order written, and the reading is reported. Without it such a
    value is a question (one must be chosen).

    Parameters
    ----------
    values : pandas.Series
        Cells as written.
    vocabulary : Vocabulary
        :data:`STATUS`, :data:`INTEREST`, :data:`KIND`, :data:`YES_NO` or your own.
    column : str, optional
        Header as written, for the interpretations.
    lang : str
        Language of messages and labels.

    Returns
    -------
    VocabularyReading

    Examples
    --------
    >>> from oportumap.vocabulary import STATUS
    >>> r = match(pd.Series(["no se presentó", "se presentó", "no contactado"]), STATUS)
    >>> r.values.tolist()
    ['no_show', None, None]
    >>> print(r.problems[2])  # doctest: +NORMALIZE_WHITESPACE
    «no contactado»: es la negación de «Contactado», que no es un estado de la lista;
    escriba el estado que corresponde
    """
    codes, uniques, counts = distinct(values)
    answers = [_match_one(u, vocabulary, lang) for u in uniques]
    if several:
        answers = [_Answer(";".join(a.several), "several", a.detail) if a.several else a
                   for a in answers]
    what = text(vocabulary.name, lang)
    # «ninguno de los estados de la lista»: the list named as a person names it
    name = vocabulary.name.removeprefix("vocab.what.")
    try:
        of_list = text(f"vocab.of_list.{name}" if name != vocabulary.name else "", lang)
    except KeyError:
        of_list = text("vocab.of_list.other", lang)
    valid = ", ".join(vocabulary.label(c, lang) for c in vocabulary.codes)
    if vocabulary.hint:
        valid += " " + text(vocabulary.hint, lang)
    messages, interpretations = [], []
    for raw, answer, count in zip(uniques, answers, counts, strict=True):
        shown = str(raw).strip()
        message = None
        if answer.problem:
            message = text(f"vocab.problem.{answer.how}", lang).format(
                value=shown, what=what, valid=valid, detail=answer.detail, of_list=of_list)
        messages.append(message)
        if answer.question:
            interpretations.append(Interpretation(column, shown, message, int(count),
                                                  question=True))
        elif answer.how == "several":
            interpretations.append(Interpretation(column, shown, text(
                "vocab.how.several", lang).format(detail=answer.detail, what=what,
                                                   first=answer.detail.split(" / ")[0]),
                int(count)))
        elif answer.code and shown != vocabulary.label(answer.code, lang):
            meaning = vocabulary.label(answer.code, lang) + text(
                f"vocab.how.{answer.how}", lang).format(detail=answer.detail)
            interpretations.append(Interpretation(column, shown, meaning, int(count)))
        elif answer.how == "unknown_word":
            interpretations.append(Interpretation(column, shown, text(
                "vocab.how.unknown_word", lang), int(count)))
    index = pd.Series(values).index
    code_array = np.array([a.code for a in answers] + [""], dtype=object)
    message_array = np.array([*messages, None], dtype=object)
    return VocabularyReading(pd.Series(code_array[codes], index=index, dtype="object"),
                             pd.Series(message_array[codes], index=index, dtype="object"),
                             tuple(interpretations))


def match_one(value: object, vocabulary: Vocabulary) -> str | None:
    """The code of one value (None when not understood, ``""`` when blank).

    Examples
    --------
    >>> from oportumap.vocabulary import STATUS
    >>> match_one("Inscrita", STATUS), match_one("contactado?", STATUS)
    ('enrolled', None)
    """
    return _match_one(value, vocabulary, "es").code


def department_vocabulary(names: Mapping[str, str],
                          aliases: Mapping[str, Iterable[str]] | None = None) -> Vocabulary:
    """A vocabulary of a country's departments: official names plus short forms.

    Parameters
    ----------
    names : mapping of code -> official name
    aliases : mapping of code -> abbreviations and other names («S.M.», «Huehue»)

    Examples
    --------
    >>> dv = department_vocabulary({"12": "San Marcos", "13": "Huehuetenango"},
    ...                            {"12": ["S.M.", "SM"], "13": ["Huehue"]})
    >>> match(pd.Series(["S.M.", "HUEHUETENANGO", "Huehuetenago"]), dv).values.tolist()
    ['12', '13', '13']
    """
    aliases = aliases or {}
    return Vocabulary("vocab.what.department", {c: (n,) for c, n in names.items()},
                      {c: tuple(a) for c, a in aliases.items()},
                      labels={c: (n, n) for c, n in names.items()})
