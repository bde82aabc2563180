"""One date reader for every input: registries, opportunity calendars, status workbooks.

What it reads (each distinct value once, then mapped back to every row)
    - date cells (``datetime``, ``date``, ``Timestamp``) and Excel serial numbers, also
      stored as text (``"45933"`` = 03/10/2025);
    - ISO ``2025-03-15``, ``2025/03/15``, ``2025-10`` (month) and ``2025`` (year);
    - numbers with ``/``, ``-`` or ``.``: ``15/03/2025``, ``15-3-25``, ``15.03.2025``; the
      day/month order is decided for the whole **column** (a file where one date reads
      ``10/25/2026`` is month/day throughout; a column where nothing decides is read
      day/month, and the reading says so);
    - month names and abbreviations in Spanish and English: ``15 dic 2025``,
      ``8 de diciembre de 2025``, ``05-dic-25``, ``March 15, 2025``; ``marzo 2025`` and
      ``oct-2025`` keep **month** precision (the first of the month, marked ``"month"``);
    - ``00-00-00``, «N/D», «sin dato», «por definir» are unknown (blank, not an error).

What it rejects (per row, with a Spanish message): impossible dates (``15/13/2026``, 30 de
febrero), dates before 1900, dates after ``today`` (unless ``allow_future``), a day and
month without year, month-only dates where a day is required (``require_day``), and text
that is not a date.

Examples
--------
>>> r = read_dates(pd.Series(["15.03.2025", "8 de diciembre de 2025", "oct-2025", ""]),
...                today=dt.date(2026, 1, 1))
>>> r.values.dt.strftime("%Y-%m-%d").tolist()
['2025-03-15', '2025-12-08', '2025-10-01', nan]
>>> r.precision.tolist()
['day', 'day', 'month', None]
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from oportumap.errors import Interpretation
from oportumap.i18n import text
from oportumap.text import distinct, normalize_text

#: Excel's day zero (serial 1 = 1900-01-01 with Excel's 1900 leap-year bug folded in).
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
#: Serial numbers read as dates: 1954-10-03 .. 2119-01-09 (smaller numbers are rarely dates).
SERIAL_RANGE = (20000, 80000)
#: Earliest year accepted; anything earlier is a typing error.
EARLIEST_YEAR = 1900

PRECISIONS = ("day", "month", "year")

_MONTHS: dict[str, int] = {}
for _number, _words in enumerate([
        "enero ene january jan", "febrero feb february", "marzo mar march",
        "abril abr april apr", "mayo may", "junio jun june", "julio jul july",
        "agosto ago august aug", "septiembre setiembre sep sept set september",
        "octubre oct october", "noviembre nov november", "diciembre dic december dec"], 1):
    _MONTHS.update({w: _number for w in _words.split()})
_FILLER = {"de", "del", "of", "the", "el", "en", "y"}
_WEEKDAYS = {"lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo",
             "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
#: Words meaning "no date given" (normalised).
UNKNOWN_WORDS = frozenset({
    "n d", "nd", "n a", "na", "s d", "sd", "sin dato", "sin datos", "sin fecha", "no sabe",
    "desconocida", "desconocido", "unknown", "ninguna", "por definir", "por confirmar",
    "a definir", "indefinida", "indefinido", "inmediato", "inmediata", "hasta agotar fondos",
    "tbd", "none"})

_TIME = re.compile(r"[ t]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([ap]\.?\s?m\.?)?$")
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_TRIPLE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})$")
_YEAR_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[-/.](\d{4})$")
_NUMBER = re.compile(r"^\d+(\.0+)?$")
_ORDINAL = re.compile(r"^(\d{1,2})(st|nd|rd|th|o|a)$")


@dataclass(frozen=True)
class DateReading:
    """What :func:`read_dates` understood of one column.

    Attributes
    ----------
    values : pandas.Series
        ``datetime64[ns]`` aligned with the input; NaT when blank, unknown or rejected.
        Month-precision dates are the first of the month, year-precision ones 1 January.
    precision : pandas.Series
        ``"day"``, ``"month"`` or ``"year"`` per row; None where there is no date.
    problems : pandas.Series
        Spanish (or English) message per rejected row; None where the row is fine.
    interpretations : tuple of Interpretation
        Every way of writing that was not plain ISO, one entry per kind with an example,
        and the day/month order chosen for the column.
    month_first : bool
        True when the column was read month/day/year.
    """

    values: pd.Series
    precision: pd.Series
    problems: pd.Series
    interpretations: tuple[Interpretation, ...]
    month_first: bool = False

    @property
    def rejected(self) -> pd.Series:
        """Boolean mask of the rows with a problem."""
        return self.problems.notna()


@dataclass
class _Parsed:
    value: pd.Timestamp | None = None
    precision: str | None = None
    kind: str | None = None      # interpretation group
    problem: str | None = None   # i18n key suffix
    detail: str = ""
    pair: tuple[int, int, int] | None = None  # (first, second, year) awaiting the order
    read: str = ""  # the date as read, for a message (a future date says which)


def _year(two_or_four: str, pivot: int) -> int:
    year = int(two_or_four)
    if len(two_or_four) == 2:
        year += 2000 if 2000 + year <= pivot else 1900
    return year


def _build(year: int, month: int, day: int | None, precision: str, kind: str,
           lang: str) -> _Parsed:
    if year < EARLIEST_YEAR:
        return _Parsed(problem="impossible", detail=text("dates.detail.year", lang).format(
            year=year))
    if not 1 <= month <= 12:
        return _Parsed(problem="impossible", detail=text("dates.detail.month", lang).format(
            month=month))
    if day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            return _Parsed(problem="impossible", detail=text("dates.detail.day", lang).format(
                day=day, month=text(f"dates.month.{month}", lang), last=last))
    return _Parsed(pd.Timestamp(year, month, day or 1), precision, kind)


def _from_words(key: str, pivot: int, lang: str) -> _Parsed | None:
    """Dates written with a month name: '15 dic 2025', 'oct-2025', 'March 15, 2025'."""
    tokens = [t for t in re.split(r"[\s/\-]+", key) if t and t not in _FILLER
              and t not in _WEEKDAYS]
    tokens = [_ORDINAL.sub(r"\1", t) for t in tokens]
    months = [i for i, t in enumerate(tokens) if t in _MONTHS]
    if len(months) != 1 or not all(t.isdigit() for i, t in enumerate(tokens) if i != months[0]):
        return None
    where = months[0]
    month = _MONTHS[tokens[where]]
    numbers = [t for i, t in enumerate(tokens) if i != where]
    if len(numbers) == 2:
        four = [n for n in numbers if len(n) == 4]
        if len(four) == 1:
            day = next(n for n in numbers if len(n) != 4)
            year = four[0]
        elif where == 0:  # 'dec 5 25'
            day, year = numbers
        else:             # '05-dic-25'
            day, year = numbers[0], numbers[1]
        if len(day) > 2 or len(year) not in (2, 4):
            return None
        return _build(_year(year, pivot), month, int(day), "day", "month_name", lang)
    if len(numbers) == 1 and len(numbers[0]) == 4:
        return _build(int(numbers[0]), month, None, "month", "month_only", lang)
    if len(numbers) == 1 and len(numbers[0]) == 2 and where == 0:  # 'oct-25' (Excel mmm-yy)
        return _build(_year(numbers[0], pivot), month, None, "month", "month_only", lang)
    if len(numbers) <= 1:
        return _Parsed(problem="no_year")
    return None


def _parse_one(value: object, pivot: int, lang: str) -> _Parsed:
    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return _Parsed()
    if isinstance(value, (dt.date, pd.Timestamp, np.datetime64)):
        stamp = pd.Timestamp(value).normalize()
        return _build(stamp.year, stamp.month, stamp.day, "day", "cell", lang)
    if isinstance(value, (bool, np.bool_)):
        return _Parsed(problem="unreadable")
    if isinstance(value, (int, float, np.integer, np.floating)):
        return _from_number(float(value), "serial", lang)
    raw = str(value).replace("\u00a0", " ").strip()
    if not raw:
        return _Parsed()
    low = _TIME.sub("", raw.lower()).strip()
    if re.fullmatch(r"[0\W_]+", low) and "0" in low:  # '00-00-00', '0000-00-00'
        return _Parsed(kind="unknown")
    if match := _ISO.match(low):
        y, m, d = (int(g) for g in match.groups())
        return _build(y, m, d, "day", None if "-" in low else "ymd_text", lang)
    if match := _TRIPLE.match(low):
        a, b, y = match.groups()
        kind = "two_digit_year" if len(y) == 2 else "dmy"
        return _Parsed(kind=kind, pair=(int(a), int(b), _year(y, pivot)))
    if match := _YEAR_MONTH.match(low):
        return _build(int(match[1]), int(match[2]), None, "month", "month_only", lang)
    if match := _MONTH_YEAR.match(low):
        return _build(int(match[2]), int(match[1]), None, "month", "month_only", lang)
    if _NUMBER.match(low):
        digits = low.split(".")[0]
        if len(digits) == 8 and digits[:2] in ("19", "20"):  # 20250315
            return _build(int(digits[:4]), int(digits[4:6]), int(digits[6:]), "day",
                          "compact", lang)
        return _from_number(float(low), "serial_text", lang)
    key = normalize_text(low)
    if key in UNKNOWN_WORDS:
        return _Parsed(kind="unknown")
    parsed = _from_words(key, pivot, lang)
    return parsed if parsed is not None else _Parsed(problem="unreadable")


def _from_number(number: float, kind: str, lang: str) -> _Parsed:
    if float(number).is_integer() and EARLIEST_YEAR <= number <= 2100:
        return _build(int(number), 1, None, "year", "year_only", lang)
    if SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]:
        stamp = EXCEL_EPOCH + pd.Timedelta(days=int(number))
        return _Parsed(stamp, "day", kind)
    if number == 0:
        return _Parsed(kind="unknown")
    return _Parsed(problem="unreadable")


def _decide_order(parsed: list[_Parsed], counts: np.ndarray, day_first: bool | None
                  ) -> tuple[bool, str | None]:
    """(month_first, why) for the column, from every d/m/y value it holds."""
    if day_first is not None:
        return (not day_first), None
    pairs = [(p.pair, int(c)) for p, c in zip(parsed, counts, strict=True) if p.pair]
    dmy = sum(c for pair, c in pairs if pair[0] > 12 >= pair[1])
    mdy = sum(c for pair, c in pairs if pair[1] > 12 >= pair[0])
    ambiguous = any(p.pair and p.pair[0] != p.pair[1] and max(p.pair[:2]) <= 12
                    for p in parsed)
    if mdy and not dmy:
        return True, "month_first"
    if mdy and dmy:
        return mdy > dmy, "mixed"
    if not dmy and ambiguous:
        return False, "assumed"
    return False, None


def read_dates(
    values: pd.Series,
    *,
    column: str | None = None,
    today: dt.date | None = None,
    allow_future: bool = False,
    require_day: bool = False,
    day_first: bool | None = None,
    period_end: bool = False,
    lang: str = "es",
) -> DateReading:
    """Read a column of dates as people write them (see the module docstring).

    Parameters
    ----------
    values : pandas.Series
        Cells as read from the file: text, numbers, date cells, blanks.
    column : str, optional
        Header as written in the file, used in the interpretations.
    today : datetime.date, optional
        Dates after it are rejected unless ``allow_future``; defaults to today.
    allow_future : bool
        Accept dates after ``today`` (course calendars, closing dates).
    require_day : bool
        Reject dates that give only the month or year (a status change needs its day).
    day_first : bool, optional
        Force the order of ``a/b/yyyy`` values; by default the column decides.
    period_end : bool
        Month- and year-precision dates stand for their last day (a closing date written
        «dic-2026» is open until 31/12/2026); by default their first day.
    lang : str
        Language of messages and interpretations.

    Returns
    -------
    DateReading

    Examples
    --------
    >>> r = read_dates(pd.Series(["10/25/2026", "10/03/2026"]), today=dt.date(2026, 12, 5))
    >>> r.values.dt.strftime("%d/%m/%Y").tolist(), r.month_first
    (['25/10/2026', '03/10/2026'], True)
    >>> read_dates(pd.Series(["15/13/2026"])).problems[0]
    'fecha imposible (mes 13)'
    """
    today = today or dt.date.today()
    pivot = today.year + (10 if allow_future else 1)
    codes, uniques, counts = distinct(values)
    parsed = [_parse_one(u, pivot, lang) for u in uniques]
    month_first, why = _decide_order(parsed, counts, day_first)
    for i, p in enumerate(parsed):
        if p.pair is not None:
            a, b, year = p.pair
            day, month = (b, a) if month_first else (a, b)
            built = _build(year, month, day, "day", p.kind, lang)
            if why == "mixed" and built.problem and (b if month_first else a) <= 12:
                built = _Parsed(problem="order", detail=text(
                    "dates.order." + ("month_first" if month_first else "day_first"), lang))
            parsed[i] = built
    limit = pd.Timestamp(today)
    for i, p in enumerate(parsed):
        if p.value is None:
            continue
        if period_end and p.precision in ("month", "year"):
            p.value = p.value + (pd.offsets.MonthEnd(0) if p.precision == "month"
                                 else pd.offsets.YearEnd(0))
        if not allow_future and p.value > limit:
            # The date as read (the year a person wrote, or the one two digits gave)
            shape = {"day": "%d/%m/%Y", "month": "%m/%Y"}.get(p.precision, "%Y")
            parsed[i] = _Parsed(problem="future", detail=f"{today:%d/%m/%Y}",
                                read=p.value.strftime(shape))
        elif require_day and p.precision != "day":
            parsed[i] = _Parsed(problem="no_day")
    shown = [_shown(u) for u in uniques]
    messages = np.array([None if p.problem is None else text(
        f"dates.problem.{p.problem}", lang).format(detail=p.detail, value=s, read=p.read)
        for p, s in zip(parsed, shown, strict=True)] + [None], dtype=object)
    stamps = np.array([np.datetime64(p.value, "ns") if p.value is not None and
                       p.problem is None else np.datetime64("NaT", "ns") for p in parsed]
                      + [np.datetime64("NaT", "ns")], dtype="datetime64[ns]")
    precision = np.array([p.precision if p.problem is None else None for p in parsed] + [None],
                         dtype=object)
    index = pd.Series(values).index
    return DateReading(
        values=pd.Series(stamps[codes], index=index, dtype="datetime64[ns]"),
        precision=pd.Series(precision[codes], index=index, dtype="object"),
        problems=pd.Series(messages[codes], index=index, dtype="object"),
        interpretations=_interpretations(parsed, shown, counts, column, why, month_first,
                                         lang),
        month_first=month_first,
    )


def _shown(value: object) -> str:
    if isinstance(value, (dt.date, pd.Timestamp)):
        return pd.Timestamp(value).strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _written_shape(shown: str) -> str:
    """How a date was written, whatever its numbers and words: ``3/10/2026`` ->
    ``9/99/9999``; ``3 de octubre de 2026`` -> ``9 a a a 9999``."""
    return _LETTERS.sub("a", _DIGIT.sub("9", shown.lower()))


_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"[^\W\d_]+")


def _interpretations(parsed, shown, counts, column, why, month_first, lang
                     ) -> tuple[Interpretation, ...]:
    # One line per way of writing: «3/10/2026» and «15/09/2026» are two lines (one digit or
    # two), «15/09/2026» and «22/09/2026» one («15/09/2026 (y 1 más)»): the lines stay few.
    groups: dict[tuple[str, str], list[int]] = {}
    for i, p in enumerate(parsed):
        if p.problem is None and p.kind not in (None, "cell"):
            groups.setdefault((p.kind, _written_shape(shown[i])), []).append(i)
    out = []
    for (kind, _shape), members in groups.items():
        first = members[0]
        rows = int(sum(counts[m] for m in members))
        example = shown[first]
        value = parsed[first].value
        if month_first and kind in ("dmy", "two_digit_year"):
            kind += "_mdy"
        meaning = text(f"dates.kind.{kind}", lang).format(
            date="" if value is None else value.strftime("%d/%m/%Y"),
            month="" if value is None else text(f"dates.month.{value.month}", lang),
            year="" if value is None else value.year)
        if len(members) > 1:
            example += text("dates.and_more", lang).format(n=len(members) - 1)
        out.append(Interpretation(column, example, meaning, rows))
    if why is not None:
        numeric = [(s, int(c)) for p, s, c in zip(parsed, shown, counts, strict=True)
                   if p.kind in ("dmy", "two_digit_year") and p.problem is None]
        example = numeric[0][0] if numeric else ""
        rows = sum(c for _, c in numeric)
        order = "month_first" if month_first else "day_first"
        out.append(Interpretation(column, example, text(f"dates.why.{why}", lang).format(
            order=text(f"dates.order.{order}", lang)), rows, question=why == "mixed"))
    return tuple(out)


def format_dates(values: pd.Series, precision: pd.Series) -> pd.Series:
    """Canonical text of dates at their precision: ``2025-03-15``, ``2025-10``, ``2025``.

    Reading this text back with :func:`read_dates` gives the same dates and precisions.

    Examples
    --------
    >>> r = read_dates(pd.Series(["15 dic 2025", "marzo 2025"]), today=dt.date(2026, 1, 1))
    >>> format_dates(r.values, r.precision).tolist()
    ['2025-12-15', '2025-03']
    """
    day = values.dt.strftime("%Y-%m-%d")
    month = values.dt.strftime("%Y-%m")
    year = values.dt.strftime("%Y")
    out = day.where(precision == "day", month.where(precision == "month", year))
    return out.where(values.notna(), "")
