"""Data protection: small-cell suppression, keyed pseudonyms, formula-injection guard.

Returnees are a vulnerable population. Everything meant for wide sharing (HTML maps,
profiles, plans) carries aggregates only, and counts below :data:`SUPPRESSION_THRESHOLD`
are shown as ``"<5"``. Referral lists carry the returnee ID the coordinator already holds;
research exports (:func:`research_extract`) hold only people who consented, replace the ID
with a keyed pseudonym (HMAC-SHA256 with a key the user keeps) and are k-anonymous on every
column they keep. :func:`people_derived_columns` is the one list of columns that count
people or are computed from such counts; :func:`suppress_shared` applies the one rule
every shared output (maps, profiles, plans, the explorer) uses.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from oportumap.errors import DataError

#: Counts strictly below this are suppressed in shareable outputs.
SUPPRESSION_THRESHOLD = 5

#: First characters that make Excel/LibreOffice treat a text cell as a formula.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def suppress_counts(values: pd.Series | np.ndarray | list, *,
                    threshold: int = SUPPRESSION_THRESHOLD) -> pd.Series:
    """Format counts for sharing: values in ``1..threshold-1`` become ``"<threshold"``.

    Zero stays ``"0"`` (an empty municipality is not a person to protect; it is the gap a
    planner needs to see), missing values become ``""``.

    Examples
    --------
    >>> suppress_counts([0, 3, 5, 1200]).tolist()
    ['0', '<5', '5', '1200']
    """
    series = pd.Series(values)
    numbers = pd.to_numeric(series, errors="coerce")
    text = numbers.map(lambda v: "" if pd.isna(v) else f"{int(round(v))}")
    small = (numbers > 0) & (numbers < threshold)
    return text.where(~small, f"<{threshold}").astype(object)


def suppress_frame(frame: pd.DataFrame, columns: list[str], *,
                   threshold: int = SUPPRESSION_THRESHOLD) -> pd.DataFrame:
    """Return a copy of ``frame`` whose count ``columns`` are suppressed as text.

    Examples
    --------
    >>> suppress_frame(pd.DataFrame({"m": ["a"], "returnees": [2]}), ["returnees"])
       m returnees
    0  a        <5
    """
    out = frame.copy()
    for column in columns:
        out[column] = suppress_counts(out[column], threshold=threshold).to_numpy()
    return out


def pseudonymize_ids(ids: pd.Series, key: str | bytes, *, length: int = 16) -> pd.Series:
    """Replace IDs with keyed pseudonyms (HMAC-SHA256, hex, ``length`` characters).

    The same ID and key always give the same pseudonym, so tables still join; without the
    key nobody can recompute or reverse them. Keep the key apart from the export.

    Parameters
    ----------
    ids : pandas.Series
        Returnee IDs.
    key : str or bytes
        Secret key held by the data controller; at least 16 characters.
    length : int
        Hex characters kept (16 = 64 bits, ample for a million people).

    Examples
    --------
    >>> pseudonymize_ids(pd.Series(["R-1", "R-1", "R-2"]), "una clave larga y secreta").nunique()
    2
    """
    raw = key.encode("utf-8") if isinstance(key, str) else bytes(key)
    if len(raw) < 16:
        raise DataError("la clave de seudonimización debe tener al menos 16 caracteres")
    text = ids.astype(str)
    codes, uniques = pd.factorize(text, use_na_sentinel=False)
    # one C call per distinct ID (hmac.digest), over a plain list: 4x faster than hmac.new
    # objects iterated from an Arrow array, same digests
    digests = [hmac.digest(raw, str(value).encode("utf-8"), "sha256").hex()[:length]
               for value in uniques.tolist()]
    out = np.asarray(digests, dtype=object)[codes] if len(digests) else np.array([], object)
    return pd.Series(out, index=ids.index, dtype=object)


def neutralize_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells starting with ``= + - @`` with an apostrophe (formula injection).

    Numbers are untouched, so a negative number stays a number.

    Examples
    --------
    >>> neutralize_formulas(pd.DataFrame({"a": ["=HYPERLINK(1)", "ok", "-3"]}))["a"].tolist()
    ["'=HYPERLINK(1)", 'ok', "'-3"]
    """
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype("object")  # categories are text cells in Excel too
        elif not (pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)):
            continue
        text = values.astype("object")
        is_str = text.map(lambda v: isinstance(v, str))
        risky = is_str & text.where(is_str, "").str.startswith(_FORMULA_PREFIXES)
        if risky.any():
            out[column] = text.where(~risky, "'" + text.where(risky, "").astype(str))
    return out


#: Environment variable that may hold the pseudonymisation key (never a CLI argument,
#: which would end up in the shell history).
KEY_ENVIRONMENT_VARIABLE = "OPORTUMAP_KEY"


#: Columns a research extract can keep (canonical names, in output order). ``muni_code``,
#: ``age_band`` and ``return_month`` are the finest level of their generalisation ladder
#: (see :data:`GENERALISATION_LADDERS`); the extract renames them when it generalises.
RESEARCH_COLUMNS = ("muni_code", "sex", "age_band", "return_month", "interest",
                    "experience_abroad", "has_id_document", "needs_psychosocial",
                    "occupations", "certifications")

#: Kept unless ``columns=`` says otherwise: place, sex, age band and return period, the
#: four a study of returns needs first. Each column added makes combinations rarer and
#: costs rows: on the 5,000-person sample (4,767 consenting, k = 5) these four lose 334
#: rows to suppression; adding ``interest`` 883, ``interest`` + ``needs_psychosocial``
#: 1,431; occupations and certifications (hundreds of distinct values) nearly all. Ask
#: for more with ``columns=`` and the report says what it cost.
DEFAULT_RESEARCH_COLUMNS = RESEARCH_COLUMNS[:4]

#: Generalisation ladders, finest first: each step is global (every row moves up).
GENERALISATION_LADDERS: dict[str, tuple[str, ...]] = {
    "muni_code": ("muni_code", "dept_code"),
    "return_month": ("return_month", "return_quarter", "return_year"),
    "age_band": ("age_band", "age_band_10"),
}

#: Tie-break order of the greedy search: give up time detail first (a quarter or a year
#: of return is rarely what a study needs), then age detail, and place last (where people
#: live is what most studies of returnees are about).
GENERALISATION_ORDER = ("return_month", "age_band", "muni_code")


@dataclass
class PrivacyReport:
    """What :func:`research_extract` did, for the data protection officer.

    Attributes
    ----------
    k : int
        Every combination of the kept columns is shared by at least ``k`` released rows.
    rows_in : int
        Returnees given.
    without_consent : int
        Excluded because consent was not recorded as yes (blank counts as no).
    suppressed : int
        Consenting rows removed because their combination stayed rarer than ``k`` after
        generalisation.
    released : int
        Rows in the extract (``rows_in - without_consent - suppressed``).
    min_group_size : int
        Size of the smallest group of identical rows in the extract (0 when empty).
    quasi_identifiers : list of str
        The kept columns, as named in the extract. All of them form the combination.
    generalised : list of tuple
        Steps taken, in order: ``(column, from_level, to_level, rows_in_small_groups_after)``.
    homogeneous : dict
        For each kept sensitive column (:data:`SENSITIVE_COLUMNS`): released rows whose group
        on the *other* kept columns all share one value of it. k-anonymity stops anyone
        singling a person out; it does not stop "everyone like her in the extract has this
        flag". A DPO reads this number; drop the column if it is not acceptable.
    """

    k: int
    rows_in: int
    without_consent: int
    suppressed: int
    released: int
    min_group_size: int
    quasi_identifiers: list[str]
    generalised: list[tuple[str, str, str, int]]
    homogeneous: dict[str, int] = field(default_factory=dict)

    def to_text(self, lang: str = "es") -> str:
        """The report as short lines a person reads (Spanish by default).

        Examples
        --------
        >>> r = PrivacyReport(5, 10, 2, 3, 5, 5, ["sex"], [])
        >>> print(r.to_text().splitlines()[1])
        Retornados en los datos: 10
        """
        from oportumap.i18n import text

        lines = [text("privacy.report.title", lang).format(k=self.k),
                 f"{text('privacy.report.rows_in', lang)}: {self.rows_in}",
                 f"{text('privacy.report.without_consent', lang)}: {self.without_consent}",
                 f"{text('privacy.report.columns', lang)}: {', '.join(self.quasi_identifiers)}"]
        if self.generalised:
            lines.append(text("privacy.report.generalised", lang) + ":")
            for _column, before, after, small in self.generalised:
                lines.append(f"  - {before} -> {after} "
                             f"({text('privacy.report.small_after', lang)}: {small})")
        else:
            lines.append(text("privacy.report.not_generalised", lang))
        lines += [f"{text('privacy.report.suppressed', lang)}: {self.suppressed}",
                  f"{text('privacy.report.released', lang)}: {self.released}",
                  f"{text('privacy.report.min_group', lang)}: {self.min_group_size}",
                  text("privacy.report.method", lang)]
        for column, rows in self.homogeneous.items():
            lines.insert(-1, text("privacy.report.homogeneous", lang).format(
                column=column, rows=rows))
        return "\n".join(lines) + "\n"


@dataclass
class ResearchExtract:
    """A research extract (``data``) and what was done to make it k-anonymous (``report``)."""

    data: pd.DataFrame
    report: PrivacyReport


def _consenting(returnees: pd.DataFrame) -> pd.Series:
    """True where consent is recorded as yes; blank, missing or anything else is no."""
    if "consent" not in returnees:
        raise DataError("los retornados no tienen la columna de consentimiento: sin "
                        "consentimiento registrado nadie puede entrar en un extracto")
    consent = returnees["consent"]
    if pd.api.types.is_bool_dtype(consent):
        return consent.astype("boolean").fillna(False).astype(bool)
    words = consent.astype("string").str.strip().str.lower()
    return words.isin(["true", "1", "sí", "si", "s", "yes", "y", "x"]).fillna(False).astype(bool)


def _age_bands(ages: pd.Series, width: int) -> pd.Series:
    numbers = pd.to_numeric(ages, errors="coerce")
    low = (numbers // width * width).astype("Int64")
    band = low.astype("string") + "-" + (low + width - 1).astype("string")
    return band.astype(object).where(low.notna(), None)


def _ladder_values(returnees: pd.DataFrame, departments: pd.Series | None
                   ) -> dict[str, pd.Series]:
    """Every level of every column an extract can keep, for the given rows."""
    values: dict[str, pd.Series] = {}
    muni = returnees["muni_code"].astype("string")
    values["muni_code"] = muni.astype(object)
    if departments is not None:
        dept = muni.map(departments.astype("string").to_dict())
    else:  # INE-style codes: the first two digits are the department
        dept = muni.str[:2]
    values["dept_code"] = dept.astype(object)
    dates = pd.to_datetime(returnees["return_date"], errors="coerce")
    values["return_month"] = dates.dt.strftime("%Y-%m").astype(object)
    quarter = dates.dt.year.astype("Int64").astype("string") + "-T" + \
        dates.dt.quarter.astype("Int64").astype("string")
    values["return_quarter"] = quarter.astype(object)
    values["return_year"] = dates.dt.year.astype("Int64").astype("string").astype(object)
    values["age_band"] = _age_bands(returnees["age"], 5)
    values["age_band_10"] = _age_bands(returnees["age"], 10)
    for column in RESEARCH_COLUMNS[4:] + ("sex",):
        if column in returnees:
            values[column] = returnees[column].astype(object)
    return values


#: Kept columns that are sensitive attributes (health), checked for homogeneous groups.
SENSITIVE_COLUMNS = ("needs_psychosocial",)


def _homogeneous(extract: pd.DataFrame, names: list[str]) -> dict[str, int]:
    """Rows whose group on the other kept columns shares one value of a sensitive column."""
    out = {}
    for column in [c for c in SENSITIVE_COLUMNS if c in names]:
        others = [c for c in names if c != column]
        if not len(extract):
            out[column] = 0
        elif not others:
            out[column] = len(extract) if extract[column].nunique(dropna=False) == 1 else 0
        else:
            values = extract[column].astype(object).fillna("<NA>")
            distinct = values.groupby([extract[c].astype(object).fillna("<NA>")
                                       for c in others]).transform("nunique")
            out[column] = int((distinct == 1).sum())
    return out


def _group_sizes(codes: list[np.ndarray]) -> np.ndarray:
    """Rows sharing each row's combination of the coded columns (vectorised)."""
    if not codes:
        return np.zeros(0, dtype=np.int64)
    key = np.zeros(len(codes[0]), dtype=np.int64)
    for column in codes:
        # re-factorise after each column so the combined key never overflows
        key, _ = pd.factorize(key * (int(column.max()) + 2) + column)
    return np.bincount(key)[key]


def research_extract(
    returnees: pd.DataFrame,
    key: str | bytes,
    *,
    k: int = SUPPRESSION_THRESHOLD,
    columns: list[str] | tuple[str, ...] | None = None,
    departments: pd.Series | None = None,
    max_suppressed: float = 0.05,
) -> ResearchExtract:
    """A returnee table a data protection officer can sign: consent, pseudonyms, k-anonymity.

    1. **Consent**: only people whose consent is recorded as yes (blank counts as no).
    2. **No direct identifiers**: the registry ID becomes a keyed pseudonym; home points,
       exact age and exact date are never exported.
    3. **k-anonymity over every kept column**: each combination of the kept values is
       shared by at least ``k`` released rows. Every kept column counts as a
       quasi-identifier, the sensitive flags (``needs_psychosocial``, ...) too: anyone may
       know one of them about a neighbour, so none may single a person out.
       To get there the extract generalises, one global step at a time:
       municipality -> department, month -> quarter -> year of return, 5-year -> 10-year
       age band. Each round takes the step that leaves the fewest rows in groups smaller
       than ``k`` (ties: :data:`GENERALISATION_ORDER`), until at most ``max_suppressed``
       of the consenting rows are in such groups or no step is left.
    4. **Suppression, last**: rows still in groups smaller than ``k`` are removed.

    The pseudonym is unique per person and is not part of the combination: without the
    key it links to nothing outside the extract. Use a different key for each release
    so two releases cannot be joined row by row.

    Parameters
    ----------
    returnees : pandas.DataFrame
        Canonical returnee table (``Dataset.returnees``).
    key : str or bytes
        The data controller's secret key (see :func:`pseudonymize_ids`).
    k : int
        Minimum group size (default :data:`SUPPRESSION_THRESHOLD`).
    columns : list of str, optional
        Columns to keep, from :data:`RESEARCH_COLUMNS` (default
        :data:`DEFAULT_RESEARCH_COLUMNS`). Fewer columns: less generalisation.
    departments : pandas.Series, optional
        ``dept_code`` indexed by ``muni_code`` (``Dataset.boundaries``); default: the
        first two characters of the municipality code (INE codes).
    max_suppressed : float
        Share of consenting rows the search may suppress instead of generalising further.

    Returns
    -------
    ResearchExtract
        ``data`` (``pseudonym`` + kept columns) and ``report`` (:class:`PrivacyReport`).

    Examples
    --------
    >>> from oportumap import load_sample
    >>> result = research_extract(load_sample().returnees, "clave de investigación 2025")
    >>> {"returnee_id", "lat", "lon", "age", "consent"} & set(result.data.columns)
    set()
    >>> result.report.min_group_size >= 5
    True
    """
    if k < 2:
        raise DataError("k debe ser al menos 2 (con k = 1 cada persona queda sola)")
    if not 0 <= max_suppressed <= 1:
        raise DataError("max_suppressed debe estar entre 0 y 1")
    wanted = list(DEFAULT_RESEARCH_COLUMNS if columns is None else columns)
    unknown = [c for c in wanted if c not in RESEARCH_COLUMNS]
    if unknown or not wanted:
        raise DataError(f"columnas no disponibles para investigación: {unknown}; "
                        f"elija entre {', '.join(RESEARCH_COLUMNS)}")
    wanted = [c for c in RESEARCH_COLUMNS if c in wanted]  # fixed output order
    needed = {"muni_code": "muni_code", "age_band": "age", "return_month": "return_date"}
    missing = [needed.get(c, c) for c in wanted if needed.get(c, c) not in returnees]
    if missing:
        raise DataError(f"faltan columnas en los retornados: {missing}")
    consenting = _consenting(returnees)
    people = returnees.loc[consenting.to_numpy()].reset_index(drop=True)
    values = _ladder_values(people, departments)
    level = {c: 0 for c in wanted if c in GENERALISATION_LADDERS}

    def coded(column: str) -> np.ndarray:
        name = GENERALISATION_LADDERS[column][level[column]] if column in level else column
        codes, _ = pd.factorize(values[name], use_na_sentinel=False)
        return codes.astype(np.int64)

    cache: dict[tuple, np.ndarray] = {}

    def sizes() -> np.ndarray:
        state = tuple(sorted(level.items()))
        if state not in cache:
            cache[state] = _group_sizes([coded(c) for c in wanted])
        return cache[state]

    budget = int(np.floor(max_suppressed * len(people)))
    steps: list[tuple[str, str, str, int]] = []
    while len(people) and int((sizes() < k).sum()) > budget:
        options = [c for c in GENERALISATION_ORDER
                   if c in level and level[c] < len(GENERALISATION_LADDERS[c]) - 1]
        if not options:
            break
        scores = []
        for column in options:
            level[column] += 1
            scores.append(int((sizes() < k).sum()))
            level[column] -= 1
        best = options[int(np.argmin(scores))]  # first minimum: GENERALISATION_ORDER
        ladder = GENERALISATION_LADDERS[best]
        steps.append((best, ladder[level[best]], ladder[level[best] + 1], min(scores)))
        level[best] += 1
    keep = sizes() >= k if len(people) else np.zeros(0, dtype=bool)
    out = pd.DataFrame({"pseudonym": pseudonymize_ids(people["returnee_id"], key).to_numpy()})
    names = []
    for column in wanted:
        name = GENERALISATION_LADDERS[column][level[column]] if column in level else column
        out[name] = values[name].to_numpy()
        names.append(name)
    out = out.loc[keep].reset_index(drop=True)
    kept_sizes = sizes()[keep] if len(people) else np.zeros(0, dtype=np.int64)
    report = PrivacyReport(
        k=k, rows_in=len(returnees), without_consent=int((~consenting).sum()),
        suppressed=int((~keep).sum()), released=len(out),
        min_group_size=int(kept_sizes.min()) if len(kept_sizes) else 0,
        quasi_identifiers=names, generalised=steps,
        homogeneous=_homogeneous(out, names))
    return ResearchExtract(out, report)


def read_key(key_file: str | None = None) -> str:
    """The pseudonymisation key from a file, or from ``$OPORTUMAP_KEY``.

    Raises
    ------
    DataError
        When neither is available.
    """
    import os
    from pathlib import Path

    if key_file:
        path = Path(key_file)
        if not path.exists():
            raise DataError(f"{path}: el archivo de clave no existe")
        return path.read_text(encoding="utf-8").strip()
    key = os.environ.get(KEY_ENVIRONMENT_VARIABLE, "").strip()
    if not key:
        raise DataError(
            "falta la clave de seudonimización: indique --key-file ARCHIVO o defina la "
            f"variable de entorno {KEY_ENVIRONMENT_VARIABLE} (guárdela aparte de los datos)"
        )
    return key


#: Exact counts of people in shared tables (profiles, plans): values 1..k-1 show as "<k".
PEOPLE_COUNT_COLUMNS = ("returnees", "demand", "served_before", "served_after",
                        "covered", "added", "unserved", "marginal_gain", "assigned", "people",
                        "unmet")
#: Columns computed from counts of people (x or / by a count): ``gap_score`` and
#: ``*_unserved`` (people without a reachable place), ``*_returnees_per_place``
#: (value x places gives the count back) and the 2SFCA measures (places / demand in the
#: catchment: with an isolated municipality, places / value gives its count back).
_DERIVED_NAMES = ("gap_score",)
_DERIVED_SUFFIXES = ("_unserved", "_returnees_per_place", "_returnees", "_2sfca", "_e2sfca",
                     "_per_returnee")
#: Of those, the ones that are themselves (estimated) numbers of people.
_PEOPLE_SUFFIXES = ("_unserved", "_returnees")


def people_count_columns(columns) -> list[str]:
    """The ``columns`` that count people (shown as ``"<5"`` from 1 to 4).

    Examples
    --------
    >>> people_count_columns(["muni_name", "returnees", "gap_score", "vacancy_unserved",
    ...                       "vacancy_returnees_per_place"])
    ['returnees', 'gap_score', 'vacancy_unserved']
    """
    return [c for c in columns if c in PEOPLE_COUNT_COLUMNS or c in _DERIVED_NAMES
            or str(c).endswith(_PEOPLE_SUFFIXES)]


def people_derived_columns(columns) -> list[str]:
    """The ``columns`` that are counts of people or computed from them.

    The one list every shared output (maps, profiles, plans, the explorer) asks: these
    columns are suppressed or blanked where a count of people is below the threshold.

    Examples
    --------
    >>> people_derived_columns(["muni_name", "returnees", "vacancy_capacity",
    ...                         "vacancy_returnees_per_place", "vacancy_2sfca", "gap_score"])
    ['returnees', 'vacancy_returnees_per_place', 'vacancy_2sfca', 'gap_score']
    """
    return [c for c in columns if c in PEOPLE_COUNT_COLUMNS or c in _DERIVED_NAMES
            or str(c).endswith(_DERIVED_SUFFIXES)]


def suppress_shared(frame: pd.DataFrame, *, threshold: int = SUPPRESSION_THRESHOLD,
                    count: str | None = None, as_text: bool = True) -> pd.DataFrame:
    """The one rule for every shared table: protect rows whose count of people is 1..k-1.

    On those rows every other people-derived column (:func:`people_derived_columns`) is
    blanked (NaN), since a ratio or a gap would give the count back; the exact count
    columns (:data:`PEOPLE_COUNT_COLUMNS`) become ``"<5"`` text. With ``as_text=False``
    counts stay numeric (for maps, which classify and format them; the blanking is the
    same).

    Parameters
    ----------
    frame : pandas.DataFrame
        A table of places (profile, plan municipalities, ...).
    threshold : int
        Smallest count shown as a number.
    count : str, optional
        The count deciding which rows are protected; default the first exact count
        column found (``returnees``, then ``demand``, ...).
    as_text : bool
        Turn the exact count columns into text with ``"<5"`` (files); False for maps.

    Examples
    --------
    >>> p = pd.DataFrame({"returnees": [2, 40], "vacancy_capacity": [10, 10],
    ...                   "vacancy_returnees_per_place": [0.2, 4.0]})
    >>> suppress_shared(p).values.tolist()
    [['<5', 10, nan], ['40', 10, 4.0]]
    """
    out = frame.copy()
    counts = [c for c in PEOPLE_COUNT_COLUMNS if c in out]
    base = count or (counts[0] if counts else None)
    if base is None:
        return out
    numbers = pd.to_numeric(out[base], errors="coerce")
    small = ((numbers > 0) & (numbers < threshold)).to_numpy()
    for column in people_derived_columns(out.columns):
        if column in PEOPLE_COUNT_COLUMNS or column == base:
            continue
        out[column] = pd.to_numeric(out[column], errors="coerce").astype(float).where(~small)
    if as_text:
        for column in counts:
            out[column] = suppress_counts(out[column], threshold=threshold).to_numpy()
    return out


def shareable_profile(profile: pd.DataFrame, *,
                      threshold: int = SUPPRESSION_THRESHOLD) -> pd.DataFrame:
    """A municipality/department profile safe to share (:func:`suppress_shared`).

    Where a unit has between 1 and ``threshold - 1`` returnees, ``returnees`` becomes
    ``"<5"`` and every column derived from that count (:func:`people_derived_columns`:
    ``gap_score``, ``*_unserved``, ``*_returnees_per_place``, 2SFCA) is blanked. Capacities,
    distances and ranks stay.

    Examples
    --------
    >>> p = pd.DataFrame({"returnees": [2, 40], "gap_score": [1.5, 30.0]})
    >>> shareable_profile(p).values.tolist()
    [['<5', nan], ['40', 30.0]]
    """
    return suppress_shared(profile, threshold=threshold, count="returnees")
