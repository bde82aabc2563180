"""Values read as people write them: numbers with units, yes/no, coded categories.

Every reader works on the distinct values of a column, decides what the column means from
its **whole set** of values (decimal comma or point; H/M or M/F), and reports every
interpretation (:class:`~oportumap.errors.Interpretation`); what it cannot read is a
per-row problem, never a silent guess.

Examples
--------
>>> read_numbers(pd.Series(["34 años", "Q 1,500", "US$ 1,500.00", ""])).values.tolist()
[34.0, 1500.0, 1500.0, nan]
>>> read_numbers(pd.Series(["1.500,50", "2,5"])).values.tolist()  # a decimal-comma column
[1500.5, 2.5]
>>> read_sex(pd.Series(["H", "M", "M"])).values.tolist()
['M', 'F', 'F']
>>> read_yes_no(pd.Series(["si tiene", "✗", "pendiente"])).values.tolist()
[True, False, <NA>]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from oportumap.errors import Interpretation
from oportumap.i18n import text
from oportumap.text import distinct, normalize_text
from oportumap.vocabulary import UNKNOWN_WORDS, YES_NO, YES_NO_ABROAD, YES_NO_DOCUMENT, match


@dataclass(frozen=True)
class ValueReading:
    """What a reader understood of one column.

    Attributes
    ----------
    values : pandas.Series
        Values per row (float for numbers, boolean for yes/no, ``"F"``/``"M"`` for sex);
        missing where blank, unknown, a question or rejected.
    problems : pandas.Series
        Message per rejected row (None elsewhere).
    interpretations : tuple of Interpretation
        What was not taken literally, and the questions left to a person.
    """

    values: pd.Series
    problems: pd.Series
    interpretations: tuple[Interpretation, ...]

    @property
    def rejected(self) -> pd.Series:
        """Boolean mask of the rows with a problem."""
        return self.problems.notna()


# --------------------------------------------------------------------------- numbers

_CURRENCY = r"(?:us\s?\$|usd|gtq|q\.?|\$|l\.|lps\.?|hnl|crc|₡|€|eur)"
_NUMBER = re.compile(rf"^(?P<cur>{_CURRENCY})?\s*(?P<sign>[-+])?\s*(?P<cur2>{_CURRENCY})?\s*"
                     r"(?P<num>\d[\d.,]*)(?P<plus>\+)?\s*(?P<rest>.*)$")
_MULTIPLIERS = {"mil": 1e3, "k": 1e3, "millon": 1e6, "millones": 1e6}
_SCIENTIFIC = re.compile(r"^[-+]?\d+(\.\d+)?e[-+]?\d{1,3}$")
_GROUPED = re.compile(r"^\d{1,3}([.,])\d{3}(\1\d{3})*$")


def _separators(num: str) -> str:
    """Evidence one number gives about its column: 'comma', 'point' or '' (undecided)."""
    if "," in num and "." in num:
        return "comma" if num.rfind(",") > num.rfind(".") else "point"
    for mark, other in ((",", "point"), (".", "comma")):
        if mark in num:
            if num.count(mark) > 1:
                return other  # 1,500,000 / 1.500.000: the mark groups thousands
            return "" if _GROUPED.match(num) else ("comma" if mark == "," else "point")
    return ""


def _to_float(num: str, comma_decimal: bool, integer: bool) -> tuple[float, str | None]:
    """(value, how) with the column's decimal mark; ``how`` names a non-literal reading."""
    marks = [c for c in num if c in ",."]
    if not marks:
        return float(num), None
    if len(set(marks)) == 2:  # '1.500,50', '1,500.00': the last mark is the decimal one
        decimal = num[max(num.rfind(","), num.rfind("."))]
        if num.count(decimal) > 1:
            raise ValueError(num)
        group = "." if decimal == "," else ","
        return float(num.replace(group, "").replace(decimal, ".")), "grouped"
    mark = marks[0]
    if len(marks) > 1:  # '1.500.000'
        if not _GROUPED.match(num):
            raise ValueError(num)
        return float(num.replace(mark, "")), "grouped"
    column_decimal = "," if comma_decimal else "."
    if _GROUPED.match(num) and (integer or mark != column_decimal):
        return float(num.replace(mark, "")), "grouped"
    if mark == ",":
        return float(num.replace(",", ".")), "decimal_comma"
    return float(num), None


def read_numbers(values: pd.Series, *, column: str | None = None, integer: bool = False,
                 lang: str = "es") -> ValueReading:
    """Numbers with units, currency and words: "34 años", "2 plazas", "Q 1,500", "10+".

    The decimal mark is decided for the column from all its values: ``1.500,50`` or
    ``15,32145`` make it a comma; ``1,500.00`` a point; when nothing decides, a point (the
    usage in Guatemala, Honduras and El Salvador). A trailing unit or a note in brackets is
    dropped and reported; "mil" multiplies by 1000; two numbers in one cell ("2 a 3") are
    rejected.

    Parameters
    ----------
    values : pandas.Series
        Cells as written (text or numbers).
    column : str, optional
        Header as written, for the interpretations.
    integer : bool
        Counts and ages: a fraction is a problem and ``1.500`` is 1500.
    lang : str
        Language of messages.

    Examples
    --------
    >>> r = read_numbers(pd.Series(["US$ 1,500.00", "2 plazas", "2 a 3"]), column="Plazas")
    >>> r.values.tolist()[:2], r.problems[2]
    ([1500.0, 2.0], 'dos números en una celda; escriba uno solo')
    """
    codes, uniques, counts = distinct(values)
    parts: list[tuple | None] = []
    evidence = {"comma": 0, "point": 0}
    for value in uniques:
        parts.append(_number_parts(value))
        part = parts[-1]
        if part and part[0] == "num" and _separators(part[1]):
            evidence[_separators(part[1])] += 1
    comma = evidence["comma"] > evidence["point"]
    out = np.full(len(uniques) + 1, np.nan)
    problems = np.full(len(uniques) + 1, None, dtype=object)
    groups: dict[str, list[int]] = {}
    for i, part in enumerate(parts):
        if part is None:
            continue
        if part[0] != "num":
            if part[0] == "unknown":
                groups.setdefault("unknown", []).append(i)
            else:
                problems[i] = text(f"values.number.{part[0]}", lang)
            continue
        _, num, sign, multiplier, unit, plus, currency = part
        try:
            number, how = _to_float(num, comma, integer)
        except ValueError:
            problems[i] = text("values.number.unreadable", lang)
            continue
        number *= (-1 if sign == "-" else 1) * multiplier
        if integer and not float(number).is_integer():
            problems[i] = text("values.number.not_integer", lang)
            continue
        out[i] = number
        for kind, present in (("currency", currency), ("unit", unit), ("plus", plus),
                              ("multiplier", multiplier != 1), (how, how)):
            if present:
                groups.setdefault(str(kind), []).append(i)
    interpretations = []
    for kind, members in groups.items():
        shown = str(uniques[members[0]]).strip()
        if len(members) > 1:
            shown += text("dates.and_more", lang).format(n=len(members) - 1)
        first = out[members[0]]
        interpretations.append(Interpretation(column, shown, text(
            f"values.number.how.{kind}", lang).format(
                value="" if np.isnan(first) else f"{first:.12g}"),
            int(sum(counts[m] for m in members))))
    if evidence["comma"] and evidence["point"]:
        interpretations.append(Interpretation(column, "", text(
            "values.number.mixed_marks", lang).format(mark="," if comma else "."),
            int(counts.sum()), question=True))
    index = pd.Series(values).index
    return ValueReading(pd.Series(out[codes], index=index, dtype="float64"),
                        pd.Series(problems[codes], index=index, dtype="object"),
                        tuple(interpretations))


def _number_parts(value: object) -> tuple | None:
    """Pieces of one written number, or (problem,) / None (blank)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, (bool, np.bool_)):
        return ("unreadable",)
    if isinstance(value, (int, float, np.integer, np.floating)):
        return ("num", repr(float(value)).removesuffix(".0") if float(value).is_integer()
                else repr(float(value)), "", 1.0, "", "", "")
    written = str(value).replace("\u00a0", " ").strip().lower()
    if not written:
        return None
    if _SCIENTIFIC.match(written):  # '1e3' as some exports write numbers
        if not np.isfinite(float(written)):
            return ("unreadable",)
        return ("num", repr(float(written)).removesuffix(".0"), "", 1.0, "", "", "")
    if normalize_text(written) in UNKNOWN_WORDS or written in ("-", "--", "?"):
        return ("unknown",)
    found = _NUMBER.match(written)
    if not found:
        return ("unreadable",)
    rest = found["rest"].strip()
    note = re.sub(r"\(.*?\)", "", rest).strip()  # '40 (temporada)'
    words = normalize_text(note)
    multiplier = 1.0
    if words.split()[:1] and words.split()[0] in _MULTIPLIERS:
        multiplier = _MULTIPLIERS[words.split()[0]]
        words = " ".join(words.split()[1:])
    if re.search(r"\d", rest):
        return ("two_numbers",)
    num = found["num"].rstrip(".,")
    return ("num", num, found["sign"] or "", multiplier, rest, found["plus"] or "",
            found["cur"] or found["cur2"] or "")


def format_numbers(values: pd.Series) -> pd.Series:
    """Canonical text of numbers (point decimal, no grouping): what :func:`read_numbers`
    reads back to the same values.

    Examples
    --------
    >>> format_numbers(pd.Series([1500.5, 34.0, float("nan")])).tolist()
    ['1500.5', '34', '']
    """
    return values.map(lambda v: "" if pd.isna(v) else f"{v:.15g}")


# --------------------------------------------------------------------------- yes / no


def read_yes_no(values: pd.Series, *, column: str | None = None, document: bool = False,
                abroad: bool = False, lang: str = "es") -> ValueReading:
    """Yes/no cells: Sí, Si, S, X, ✓, 1, TRUE, Yes, Y, «si tiene» / No, N, ✗, 0, FALSE,
    «no cuenta». «pendiente», «2» and anything else are rejected, never guessed.

    Parameters
    ----------
    values : pandas.Series
    column : str, optional
    document : bool
        The column says whether a person holds an identity document: «en trámite» and
        «vencido» mean not (yet).
    abroad : bool
        The column says whether a person worked abroad: where («EEUU 3 años», «México»)
        means yes.
    lang : str

    Examples
    --------
    >>> r = read_yes_no(pd.Series(["En trámite", "Sí"]), document=True)
    >>> r.values.tolist()
    [False, True]
    """
    vocabulary = YES_NO_DOCUMENT if document else YES_NO_ABROAD if abroad else YES_NO
    found = match(values, vocabulary, column=column, lang=lang)
    codes = found.values.to_numpy(dtype=object)
    yes, no = codes == "yes", codes == "no"  # vectorised: no per-row map
    meaning = pd.arrays.BooleanArray(yes, ~(yes | no))  # neither: unknown (NA)
    return ValueReading(pd.Series(meaning, index=found.values.index), found.problems,
                        found.interpretations)


def format_yes_no(values: pd.Series, lang: str = "es") -> pd.Series:
    """``Sí``/``No`` (blank when unknown): read back by :func:`read_yes_no` unchanged."""
    yes, no = text("yes", lang), text("no", lang)
    return values.map(lambda v: "" if pd.isna(v) else yes if v else no)


# --------------------------------------------------------------------------- sex

_FEMALE = {"mujer", "femenino", "fem", "female", "woman", "f", "mujeres", "femenina"}
_MALE = {"hombre", "masculino", "masc", "male", "man", "varon", "hombres", "masculina", "h",
         "v"}


def read_sex(values: pd.Series, *, column: str | None = None, lang: str = "es"
             ) -> ValueReading:
    """Sex as ``"F"``/``"M"``, the meaning of the letter M decided by the whole column.

    In a column that also has H (hombre) or V (varón), M is **mujer**; in one that has F,
    M is **masculino**; when nothing decides (only M, or H, M and F together) M is a
    question in the report and the rows keep no value. Words (mujer, Masc., Female) are
    never ambiguous.

    Examples
    --------
    >>> read_sex(pd.Series(["M", "F"])).values.tolist()
    ['M', 'F']
    >>> r = read_sex(pd.Series(["M", "M"]), column="Sexo")
    >>> r.values.tolist(), r.interpretations[0].question
    ([None, None], True)
    """
    codes, uniques, counts = distinct(values)
    keys = [normalize_text(u) for u in uniques]
    present = set(keys)
    has_male_letter = bool(present & {"h", "v"})
    m_means = ("F" if has_male_letter and "f" not in present
               else "M" if "f" in present and not has_male_letter else None)
    out = np.full(len(uniques) + 1, None, dtype=object)
    problems = np.full(len(uniques) + 1, None, dtype=object)
    interpretations = []
    for i, (raw, key) in enumerate(zip(uniques, keys, strict=True)):
        shown = str(raw).strip()
        if not shown or key in UNKNOWN_WORDS or shown in ("-", "--", "—"):
            continue
        if key == "m":
            if m_means is None:
                interpretations.append(Interpretation(column, shown, text(
                    "values.sex.m_question", lang), int(counts[i]), question=True))
                continue
            out[i] = m_means
            interpretations.append(Interpretation(column, shown, text(
                "values.sex.m_female" if m_means == "F" else "values.sex.m_male", lang),
                int(counts[i])))
        elif key in _FEMALE or key in _MALE:
            out[i] = "F" if key in _FEMALE else "M"
            if len(key) == 1 or key in ("fem", "masc"):
                interpretations.append(Interpretation(column, shown, text(
                    f"values.sex.{out[i]}", lang), int(counts[i])))
        else:
            problems[i] = text("values.sex.unknown", lang)
    index = pd.Series(values).index
    return ValueReading(pd.Series(out[codes], index=index, dtype="object"),
                        pd.Series(problems[codes], index=index, dtype="object"),
                        tuple(interpretations))


def format_sex(values: pd.Series, lang: str = "es") -> pd.Series:
    """``mujer``/``hombre`` words (never the ambiguous letter M): read back unchanged."""
    words = {"F": text("values.sex.F", lang), "M": text("values.sex.M", lang)}
    return values.map(lambda v: words.get(v, "") if isinstance(v, str) else "")
