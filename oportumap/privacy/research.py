"""Research extracts a data protection officer can sign: consent, pseudonyms, k-anonymity."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from oportumap.errors import DataError
from oportumap.privacy.core import SUPPRESSION_THRESHOLD, pseudonymize_ids

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
    #: :func:`key_fingerprint` of the key (names the key without revealing it).
    key_fingerprint: str = ""

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
        if self.key_fingerprint:
            lines.append(("Huella de la clave (una clave nueva por entrega): " if lang == "es"
                          else "Key fingerprint (a new key for each release): ")
                         + self.key_fingerprint)
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
        homogeneous=_homogeneous(out, names), key_fingerprint=key_fingerprint(key))
    return ResearchExtract(out, report)


def key_fingerprint(key: str | bytes) -> str:
    """A short name of a pseudonymisation key that does not reveal it (keyed hash).

    Two extracts with the same fingerprint were made with the same key: their pseudonyms
    join, and people unique in neither become unique together.

    Examples
    --------
    >>> key_fingerprint("clave-2025"), len(key_fingerprint("otra"))
    ('196c-e03a-c955-564f', 19)
    """
    import hashlib
    import hmac

    raw = key.encode("utf-8") if isinstance(key, str) else bytes(key)
    digest = hmac.new(raw, b"oportumap research key fingerprint v1", hashlib.sha256).hexdigest()
    return "-".join(digest[i:i + 4] for i in range(0, 16, 4))


def _ledger_path() -> Path:
    from oportumap.countries import data_home

    return data_home() / "research_keys.json"


def check_key_reuse(key: str | bytes, release: str, *, allow_reuse: bool = False,
                    ledger: Path | None = None) -> None:
    """Refuse a key already used for another release (a re-run of the same one is fine).

    Parameters
    ----------
    key : str or bytes
        The pseudonymisation key.
    release : str
        What identifies this release (the extract's full path).
    allow_reuse : bool
        Only warn (loudly) instead of refusing.
    ledger : Path, optional
        Where fingerprints of earlier releases are kept (default: oportumap's data folder).

    Raises
    ------
    DataError
        The key made another release, and ``allow_reuse`` is False.
    """
    import json
    import warnings

    from oportumap.errors import Notice

    ledger = ledger or _ledger_path()
    try:
        known = json.loads(ledger.read_text(encoding="utf-8")) if ledger.exists() else {}
    except (OSError, ValueError):
        known = {}
    earlier = [r for r in known.get(key_fingerprint(key), []) if r.get("release") != release]
    if not earlier:
        return
    first = earlier[0]
    message = (f"la clave de seudonimización (huella {key_fingerprint(key)}) ya se usó para "
               f"otra entrega ({first.get('release')}, {first.get('date')}): con la misma "
               "clave los seudónimos de ambas entregas se pueden unir y personas que eran "
               "anónimas dejan de serlo")
    if not allow_reuse:
        raise DataError(message + ". Genere una clave nueva para esta entrega (o, si de "
                        "verdad es la misma entrega, use --reuse-key)")
    warnings.warn(Notice("¡ATENCIÓN! " + message + " (--reuse-key)"), stacklevel=2)


def record_release(key: str | bytes, release: str, *, ledger: Path | None = None) -> None:
    """Remember that ``key`` made ``release`` (only the fingerprint is kept)."""
    import datetime as dt
    import json

    from oportumap.files import atomic_path

    ledger = ledger or _ledger_path()
    try:
        known = json.loads(ledger.read_text(encoding="utf-8")) if ledger.exists() else {}
    except (OSError, ValueError):
        known = {}
    entries = known.setdefault(key_fingerprint(key), [])
    if not any(r.get("release") == release for r in entries):
        entries.append({"release": release, "date": dt.date.today().isoformat()})
    with atomic_path(ledger, private=True) as tmp:
        tmp.write_text(json.dumps(known, ensure_ascii=False, indent=1), encoding="utf-8")
