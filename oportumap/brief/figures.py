"""The numbers of one department's brief, computed once and protected before anyone reads them.

Pure: a dataset (and, optionally, the referral run and the follow-up outcomes) in, a
:class:`BriefFigures` out. Every count of people goes through :func:`protect_group`: primary
suppression below the threshold and, where a group's total is shown, secondary suppression
of the next smallest cell so the total minus the other cells cannot give a protected one
back; rates whose base is protected are not shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from oportumap.errors import DataError
from oportumap.i18n import text
from oportumap.privacy import SUPPRESSION_THRESHOLD
from oportumap.schema import OPPORTUNITY_KINDS

#: Age bands of the brief (years; the last one is open).
AGE_BANDS = ((18, 24), (25, 34), (35, 44), (45, 200))

#: Months in each period compared by the trend (the last ``TREND_MONTHS`` before the
#: data date against the ``TREND_MONTHS`` before those).
TREND_MONTHS = 3

#: How a cell protected only so that a total cannot give another one back is shown.
SECONDARY = "x"

#: Municipalities listed in the priority table.
TOP_MUNICIPALITIES = 10


@dataclass
class BriefFigures:
    """Everything one department's brief shows, already protected.

    Counts of people are strings (``"<5"`` or a number written out) in the ``shown``
    tables and ints where they are safe to compute with (``returnees_total`` is always
    at least the threshold or shown as ``"<5"``).

    Attributes
    ----------
    dept_code, dept_name : str
        The department.
    returnees : str
        Returnees living in the department, protected.
    by_sex, by_age : pandas.DataFrame
        ``group``, ``people`` (protected text).
    opportunities : pandas.DataFrame
        ``kind``, ``offers``, ``seats`` in the department (offers are not people: exact).
    gap_score : float
        The department's gap (mean people without a reachable place, over the kinds).
    rank, departments : int
        The department's priority rank among ``departments``.
    trend : dict or None
        ``recent``, ``previous`` (protected text), ``months`` and ``change`` (``"sube"``,
        ``"baja"``, ``"igual"`` or ``""`` when a count is protected).
    priorities : pandas.DataFrame
        Top municipalities by gap: ``rank``, ``muni_code``, ``muni_name``, ``returnees``
        (protected), ``gap_score``, ``missing`` (what is missing, in words).
    referrals : pandas.DataFrame or None
        People referred per stage (protected).
    unmet : pandas.DataFrame or None
        Unmet demand by stage and occupation, most first (protected): what to ask
        providers for.
    follow_up : dict or None
        With a store: ``funnel`` (stage, people, protected), ``placement_rate`` (or None
        when its base or numerator is protected), ``placement_base``,
        ``median_days_to_placement``, ``providers`` (provider, referred, placement rate).
    settings : dict
        Reach or travel-time settings and the suppression threshold, for the methods.
    """

    dept_code: str
    dept_name: str
    returnees: str
    by_sex: pd.DataFrame
    by_age: pd.DataFrame
    opportunities: pd.DataFrame
    gap_score: float
    rank: int
    departments: int
    trend: dict | None = None
    priorities: pd.DataFrame = field(default_factory=pd.DataFrame)
    referrals: pd.DataFrame | None = None
    unmet: pd.DataFrame | None = None
    follow_up: dict | None = None
    settings: dict = field(default_factory=dict)

    def as_record(self) -> dict:
        """The headline figures as plain values (for "what changed" between two briefs)."""
        return {
            "dept_code": self.dept_code, "dept_name": self.dept_name,
            "returnees": self.returnees, "gap_score": round(float(self.gap_score), 2),
            "rank": int(self.rank),
            "offers": {r.kind: int(r.offers) for r in self.opportunities.itertuples()},
            "seats": {r.kind: int(r.seats) for r in self.opportunities.itertuples()},
            "priorities": self.priorities["muni_name"].tolist()[:5],
        }


def protect_group(counts: pd.Series, *, total_shown: bool = True,
                  threshold: int = SUPPRESSION_THRESHOLD) -> pd.Series:
    """Protect the cells of one group of counts whose total is published.

    Primary suppression: 1..threshold-1 become ``"<threshold"``. Secondary: when the total
    is shown and exactly one cell is protected, the smallest other non-zero cell is
    protected too (shown as :data:`SECONDARY`), so the total minus the others never gives
    the protected cell back. Zero stays ``"0"`` (nobody to protect).

    Parameters
    ----------
    counts : pandas.Series
        People per cell of the group (e.g. per sex).
    total_shown : bool
        The group's total is published beside it.
    threshold : int
        Smallest count shown as a number.

    Returns
    -------
    pandas.Series
        Text per cell, same index.

    Examples
    --------
    >>> protect_group(pd.Series({"mujer": 3, "hombre": 40, "sin dato": 9})).tolist()
    ['<5', '40', 'x']
    >>> protect_group(pd.Series({"a": 12, "b": 40})).tolist()
    ['12', '40']
    """
    values = pd.to_numeric(counts, errors="coerce").fillna(0).astype(np.int64)
    small = (values > 0) & (values < threshold)
    shown = values.map(lambda v: f"{int(v):,}".replace(",", " ")).astype(object)
    shown[small] = f"<{threshold}"
    if total_shown and int(small.sum()) == 1:
        others = values[~small & (values > 0)]
        if len(others):
            shown[others.idxmin()] = SECONDARY
    return shown


def protect_total(total: int, *, threshold: int = SUPPRESSION_THRESHOLD) -> str:
    """A single count as published (``"<5"`` when it identifies few people).

    Examples
    --------
    >>> protect_total(3), protect_total(1234)
    ('<5', '1 234')
    """
    return f"<{threshold}" if 0 < total < threshold else f"{int(total):,}".replace(",", " ")


def _department(dataset, department: str) -> tuple[str, str]:
    """The department's code and name from a code or a name as people write it."""
    from oportumap.countries import country_words
    from oportumap.geography import get_country, resolve_department

    bounds = dataset.boundaries
    names = bounds.drop_duplicates("dept_code").set_index("dept_code")["dept_name"]
    key = str(department).strip()
    if key in names.index:
        return key, str(names[key])
    geo = get_country(dataset.country)
    code, _, message = resolve_department(geo, key, country_words(dataset.country))
    if code is None or code not in names.index:
        raise DataError(f"departamento '{department}' no reconocido"
                        + (f": {message}" if message else "")
                        + f"; use uno de: {', '.join(sorted(names.tolist()))}")
    return code, str(names[code])


def _what_is_missing(row: pd.Series, lang: str) -> str:
    """What a municipality lacks, in words (from its profile row)."""
    count = {k: row.get(f"{k}_count", np.nan) for k in OPPORTUNITY_KINDS}
    missing = [text(f"kind.{k}", lang).lower() for k in OPPORTUNITY_KINDS
               if count[k] == 0]
    parts = []
    if missing:
        parts.append(text("brief.nothing_within_reach", lang).format(
            kinds=", ".join(missing)))
    if count["vacancy"] and count["vacancy"] > 0 and count["training"] == 0:
        parts.append(text("brief.vacancies_no_training", lang))
    # Kinds in reach but too few places: half or more of the people would go without.
    people = float(row.get("returnees", 0) or 0)
    share = {k: (row.get(f"{k}_unserved", 0) or 0) / people if people else 0.0
             for k in OPPORTUNITY_KINDS if count[k] and count[k] > 0}
    short = sorted((k for k, v in share.items() if v >= 0.5), key=share.get, reverse=True)
    if short:
        parts.append(text("brief.places_short", lang).format(
            kind=", ".join(text(f"kind.{k}", lang).lower() for k in short[:3])))
    return "; ".join(parts) if parts else text("brief.covered", lang)


def _ages(values: pd.Series, lang: str) -> pd.Series:
    age = pd.to_numeric(values, errors="coerce")
    labels = [f"{lo}–{hi}" if hi < 200 else f"{lo}+" for lo, hi in AGE_BANDS]
    band = pd.Series(text("brief.unknown", lang), index=values.index, dtype=object)
    for (lo, hi), label in zip(AGE_BANDS, labels, strict=True):
        band[(age >= lo) & (age <= hi)] = label
    band[(age < AGE_BANDS[0][0])] = f"<{AGE_BANDS[0][0]}"
    order = [f"<{AGE_BANDS[0][0]}", *labels, text("brief.unknown", lang)]
    return band.value_counts().reindex(order, fill_value=0)


def _sexes(values: pd.Series, lang: str) -> pd.Series:
    sex = values.astype("object").fillna("").astype(str).str.upper().str[:1]
    named = sex.map({"F": text("brief.women", lang), "M": text("brief.men", lang)}).fillna(
        text("brief.unknown", lang))
    order = [text("brief.women", lang), text("brief.men", lang), text("brief.unknown", lang)]
    return named.value_counts().reindex(order, fill_value=0)


def _trend(returnees: pd.DataFrame, as_of: pd.Timestamp | None, lang: str) -> dict | None:
    if "return_date" not in returnees or as_of is None:
        return None
    dates = pd.to_datetime(returnees["return_date"], errors="coerce")
    if dates.notna().sum() == 0:
        return None
    recent_start = as_of - pd.DateOffset(months=TREND_MONTHS)
    previous_start = recent_start - pd.DateOffset(months=TREND_MONTHS)
    recent = int(((dates > recent_start) & (dates <= as_of)).sum())
    previous = int(((dates > previous_start) & (dates <= recent_start)).sum())
    protected = 0 < recent < SUPPRESSION_THRESHOLD or 0 < previous < SUPPRESSION_THRESHOLD
    change = "" if protected else (text("brief.up", lang) if recent > previous else
                                   text("brief.down", lang) if recent < previous else
                                   text("brief.same", lang))
    return {"recent": protect_total(recent), "previous": protect_total(previous),
            "months": TREND_MONTHS, "change": change,
            "recent_from": (recent_start + pd.Timedelta(days=1)).strftime("%d/%m/%Y"),
            "until": as_of.strftime("%d/%m/%Y")}


def department_figures(dataset, department: str, *, profile: pd.DataFrame | None = None,
                       referral_result=None, outcomes: dict[str, pd.DataFrame] | None = None,
                       lang: str = "es") -> BriefFigures:
    """The protected figures of one department's brief.

    Parameters
    ----------
    dataset : Dataset
        The data (any registered country).
    department : str
        Department code or name (``"Huehuetenango"``, ``"13"``, ``"Huehue"``).
    profile : pandas.DataFrame, optional
        :func:`oportumap.municipality_profile` of the dataset (computed when missing).
    referral_result : ReferralResult, optional
        :func:`oportumap.referral_plan`'s result, for referrals and unmet demand by stage.
    outcomes : dict, optional
        From the follow-up store: ``{"department": outcomes(db, by="department"),
        "provider": ...}`` restricted to the department's people (see
        :func:`oportumap.brief.department_outcomes`).
    lang : {"es", "en"}
        Language of the words in the tables.

    Returns
    -------
    BriefFigures

    Examples
    --------
    >>> from oportumap import load_sample
    >>> figures = department_figures(load_sample(), "Huehuetenango")
    >>> figures.dept_code, figures.departments
    ('13', 22)
    """
    from oportumap.access import department_profile, municipality_profile

    code, name = _department(dataset, department)
    profile = municipality_profile(dataset) if profile is None else profile
    depts = department_profile(profile).set_index("dept_code")
    munis = dataset.boundaries.loc[dataset.boundaries["dept_code"] == code, "muni_code"]
    people = dataset.returnees[dataset.returnees["muni_code"].isin(set(munis))]
    total = len(people)
    offers = dataset.opportunities[dataset.opportunities["muni_code"].isin(set(munis))]
    by_kind = offers.groupby("kind")["capacity"].agg(["size", "sum"]).reindex(
        OPPORTUNITY_KINDS, fill_value=0)
    opportunities = pd.DataFrame({"kind": OPPORTUNITY_KINDS,
                                  "offers": by_kind["size"].astype(int).to_numpy(),
                                  "seats": by_kind["sum"].astype(int).to_numpy()})
    sexes = _sexes(people["sex"], lang) if "sex" in people else pd.Series(dtype=int)
    ages = _ages(people["age"], lang) if "age" in people else pd.Series(dtype=int)
    as_of = pd.to_datetime(dataset.data_date, errors="coerce") if dataset.data_date else None
    top = (profile[profile["dept_code"] == code]
           .sort_values(["gap_score", "returnees"], ascending=False, kind="stable")
           .head(TOP_MUNICIPALITIES))
    priorities = pd.DataFrame({
        "rank": np.arange(1, len(top) + 1),
        "muni_code": top["muni_code"].to_numpy(),
        "muni_name": top["muni_name"].to_numpy(),
        # the department's total is published beside them: secondary suppression too
        "returnees": protect_group(top["returnees"].reset_index(drop=True)).to_numpy(),
        "gap_score": [np.nan if 0 < r < SUPPRESSION_THRESHOLD else round(float(g), 1)
                      for r, g in zip(top["returnees"], top["gap_score"], strict=True)],
        "missing": [_what_is_missing(row, lang) for _, row in top.iterrows()],
    })
    figures = BriefFigures(
        dept_code=code, dept_name=name, returnees=protect_total(total),
        by_sex=pd.DataFrame({"group": sexes.index, "people": protect_group(sexes).to_numpy()}),
        by_age=pd.DataFrame({"group": ages.index, "people": protect_group(ages).to_numpy()}),
        opportunities=opportunities,
        gap_score=float(depts.loc[code, "gap_score"]) if code in depts.index else np.nan,
        rank=int(depts.loc[code, "priority_rank"]) if code in depts.index else 0,
        departments=len(depts),
        trend=_trend(people, as_of if as_of is not None and not pd.isna(as_of) else None,
                     lang),
        priorities=priorities,
        settings={"threshold": SUPPRESSION_THRESHOLD},
    )
    if referral_result is not None:
        figures.referrals, figures.unmet = _referral_tables(referral_result, set(munis), lang)
    if outcomes is not None:
        figures.follow_up = _follow_up(outcomes, lang)
    return figures


def _referral_tables(result, munis: set, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    from oportumap.referrals import STAGES

    refs = result.referrals[result.referrals["home_muni_code"].isin(munis)]
    per_stage = refs.drop_duplicates(["returnee_id", "stage"]).groupby(
        "stage", observed=True).size().reindex(list(STAGES), fill_value=0)
    # People may be referred in several stages: the stages do not add up to a total,
    # so primary suppression is enough here.
    referrals = pd.DataFrame({
        "stage": [text(f"stage.{s}", lang) for s in per_stage.index],
        "people": protect_group(per_stage, total_shown=False).to_numpy()})
    unmet = result.unmet_demand
    unmet = unmet[unmet["muni_code"].isin(munis) & (unmet["unmet"] > 0)]
    grouped = unmet.assign(occupation=unmet["occupation"].replace("", np.nan).fillna(
        text("brief.any_occupation", lang))).groupby(["stage", "occupation"],
                                                      observed=True)["unmet"].sum()
    grouped = grouped.sort_values(ascending=False, kind="stable").head(10)
    unmet_table = pd.DataFrame({
        "stage": [text(f"stage.{s}", lang) for s, _ in grouped.index],
        "occupation": [o for _, o in grouped.index],
        "people": protect_group(grouped.reset_index(drop=True), total_shown=False).to_numpy(),
    })
    return referrals, unmet_table


def _follow_up(outcomes: dict[str, pd.DataFrame], lang: str) -> dict | None:
    row = outcomes.get("department")
    if row is None or row.empty:
        return None
    first = row.iloc[0]
    stages = ["issued", "contacted", "enrolled", "certified", "placed"]
    counts = pd.Series({s: int(first[s]) for s in stages})
    # A funnel's steps are nested, not parts of a total: primary suppression.
    funnel = pd.DataFrame({"step": [text(f"outcome.{s}", lang) for s in stages],
                           "people": protect_group(counts, total_shown=False).to_numpy()})
    placed, issued = int(first["placed"]), int(first["issued"])
    safe = placed >= SUPPRESSION_THRESHOLD and issued >= SUPPRESSION_THRESHOLD
    providers = outcomes.get("provider")
    provider_rows = []
    if providers is not None and not providers.empty:
        for r in providers[providers["group"] != "Total"].itertuples(index=False):
            ok = r.placed >= SUPPRESSION_THRESHOLD and r.issued >= SUPPRESSION_THRESHOLD
            provider_rows.append({"provider": r.group,
                                  "referred": protect_total(int(r.issued)),
                                  "placement_rate": r.placement_rate if ok else None})
    median = first.get("median_days_to_placement")
    return {"funnel": funnel, "placement_rate": placed / issued if safe and issued else None,
            "placement_base": protect_total(issued),
            "median_days_to_placement": (None if not safe or pd.isna(median)
                                         else float(median)),
            "providers": pd.DataFrame(provider_rows, columns=["provider", "referred",
                                                              "placement_rate"])}
