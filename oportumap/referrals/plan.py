"""The referral run: pathway stages, candidates and capacity-aware allocation, end to end.

:func:`referral_plan` ties the steps together; the rules themselves are documented in
:mod:`oportumap.referrals.pathway`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from oportumap.allocation import allocate, ranges
from oportumap.errors import DataError
from oportumap.i18n import text
from oportumap.referrals.candidates import _stage_candidates, _units_for_stage
from oportumap.referrals.inputs import (
    _bool,
    _minutes_matrix,
    _opportunities,
    _people,
    _resolve_limits,
)
from oportumap.referrals.pathway import (
    DEFAULT_CAPACITY_FACTOR,
    DEFAULT_DEPTH,
    DEFAULT_MAX_KM,
    DEFAULT_MAX_MINUTES,
    STAGE_QUOTA,
    STAGE_QUOTA_MAX,
    STAGES,
    resolve_as_of,
)
from oportumap.referrals.reasons import REFERRAL_COLUMNS, referral_frame
from oportumap.referrals.unmet import UNMET_COLUMNS, unmet_table

__all__ = ["REFERRAL_COLUMNS", "REMAINING_COLUMNS", "UNMET_COLUMNS", "ReferralResult",
           "referral_list", "referral_plan", "remaining_seats", "unmet_demand"]


@dataclass
class ReferralResult:
    """Everything one referral run produces.

    Attributes
    ----------
    referrals : pandas.DataFrame
        One row per referral (:data:`REFERRAL_COLUMNS`, plus ``minutes`` with a
        travel-time table), sorted by ``returnee_id`` order in the input and ``rank``.
    unmet_demand : pandas.DataFrame
        Per home municipality, stage and occupation: people in the stage, how many got
        at least one referral in it, and why the others did not (:data:`UNMET_COLUMNS`).
    excluded_no_consent : int
        Returnees left out because ``consent`` is not true.
    excluded_no_location : int
        Returnees left out because they have neither a municipality nor a home point.
    considered : int
        Returnees considered.
    settings : dict
        ``top``, ``capacity_factor``, ``max_km`` (and ``max_minutes``), ``as_of`` (ISO
        date), ``country``, ``minutes_estimated`` (``max_minutes`` without a table).
    notes : list of str
        What a person running this should be told (in the run's language).
    places : pandas.DataFrame
        ``muni_code``, ``muni_name``, ``dept_name`` of the dataset's boundaries (names for
        the coordinators' files).
    phones : pandas.Series or None
        Returnee phone by ``returnee_id`` when the registry has a phone column (only the
        coordinators' file shows it).
    remaining : pandas.DataFrame or None
        With ``seats_used``: seats per offer after those already taken
        (:data:`REMAINING_COLUMNS`).
    recorded : int or None
        Referrals new to a follow-up store, when the run was recorded
        (:func:`oportumap.tracking.capacity.referral_plan_tracked`).
    """

    referrals: pd.DataFrame
    unmet_demand: pd.DataFrame
    excluded_no_consent: int
    excluded_no_location: int
    considered: int
    settings: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    places: pd.DataFrame = field(default_factory=pd.DataFrame)
    phones: pd.Series | None = None
    remaining: pd.DataFrame | None = None
    recorded: int | None = None


#: Columns of :attr:`ReferralResult.remaining` (seats per offer after those already used).
REMAINING_COLUMNS = ["opportunity_id", "capacity", "used", "remaining"]


def remaining_seats(opportunities: pd.DataFrame, seats_used: pd.DataFrame) -> pd.DataFrame:
    """Seats left per offer: ``capacity`` minus the people already placed or enrolled.

    Parameters
    ----------
    opportunities : pandas.DataFrame
        ``opportunity_id`` and ``capacity`` (``Dataset.opportunities``).
    seats_used : pandas.DataFrame
        ``opportunity_id``, ``used``: people who already took a seat of each offer (from
        a follow-up store, :func:`oportumap.tracking.capacity.seats_used`). Offers not in
        it have used none.

    Returns
    -------
    pandas.DataFrame
        :data:`REMAINING_COLUMNS`, one row per opportunity, in input order; ``remaining``
        is never negative.

    Examples
    --------
    >>> opps = pd.DataFrame({"opportunity_id": ["V-1", "V-2"], "capacity": [3, 1]})
    >>> used = pd.DataFrame({"opportunity_id": ["V-2"], "used": [2]})
    >>> remaining_seats(opps, used).values.tolist()
    [['V-1', 3, 0, 3], ['V-2', 1, 2, 0]]
    """
    by_id = (seats_used.set_index(seats_used["opportunity_id"].astype(str))["used"]
             if len(seats_used) else pd.Series(dtype=float))
    capacity = pd.to_numeric(opportunities["capacity"], errors="coerce").fillna(0)
    taken = opportunities["opportunity_id"].astype(str).map(by_id).fillna(0).astype(np.int64)
    return pd.DataFrame({
        "opportunity_id": opportunities["opportunity_id"].to_numpy(),
        "capacity": capacity.astype(np.int64).to_numpy(),
        "used": taken.to_numpy(),
        "remaining": np.maximum(capacity.to_numpy() - taken.to_numpy(), 0).astype(np.int64),
    })


def referral_plan(
    dataset,
    *,
    top: int = 5,
    max_km: float | dict[str, float] | None = None,
    capacity_factor: float = DEFAULT_CAPACITY_FACTOR,
    lang: str = "es",
    home_points: bool = True,
    depth: int = DEFAULT_DEPTH,
    travel_times=None,
    max_minutes: float | dict[str, float] | None = None,
    as_of=None,
    seats_used: pd.DataFrame | None = None,
) -> ReferralResult:
    """Referral lists, unmet demand and exclusion counts in one run.

    Parameters
    ----------
    dataset : Dataset
        Returnees and opportunities in canonical columns (see :mod:`oportumap.schema`).
    top : int
        Most referrals per returnee.
    max_km : float or dict, optional
        Maximum distance (km) for every kind, or per kind (``{"vacancy": 30}``); defaults
        in :data:`DEFAULT_MAX_KM`.
    capacity_factor : float
        Each opportunity is referred to at most ``ceil(capacity_factor x capacity)``
        people.
    lang : {"es", "en"}
        Language of the ``reason`` text.
    home_points : bool
        Measure from home points when known (grouped in :data:`HOME_CELL_DEG` cells);
        ``False`` uses the municipal seat for everyone.
    depth : int
        Candidates kept per group and stage.
    travel_times : DataFrame, str or Path, optional
        Travel time between municipalities, as read by
        :func:`oportumap.costs.read_travel_times` (``origin``, ``destination``,
        ``minutes``), or the file itself (headers ``origen,destino,minutos`` or
        ``origin,destination,minutes``). When given, minutes replace km in the score's
        decay, offers farther than ``max_minutes`` (or missing from the table) are left
        out, and the output gains a ``minutes`` column. Candidates are still shortlisted
        within ``max_km`` first.
    max_minutes : float or dict, optional
        Maximum travel time for every kind or per kind (:data:`DEFAULT_MAX_MINUTES`).
        Without ``travel_times`` it is turned into km by the distance estimate
        (:func:`oportumap.costs.estimate_minutes`), the output gains an estimated
        ``minutes`` column and ``notes`` says so.
    as_of : str or date, optional
        Offers closed on this date are never referred (see
        :func:`oportumap.referrals.pathway.offer_status`); default the dataset's data date.
    seats_used : pandas.DataFrame, optional
        ``opportunity_id``, ``used``: seats already taken per offer (from a follow-up
        store: :func:`oportumap.tracking.capacity.seats_used`). Each offer is then shared
        out on its remaining seats (:func:`remaining_seats`), the referrals gain
        ``seats_remaining`` and the reasons of offers with seats used say "N plazas
        restantes". Recording the run in a store is the store's job
        (:func:`oportumap.tracking.capacity.referral_plan_tracked`): this function never
        writes anything.

    Returns
    -------
    ReferralResult

    Examples
    --------
    >>> from oportumap import load_sample
    >>> result = referral_plan(load_sample(), top=3)
    >>> int(result.referrals.groupby("returnee_id")["rank"].max().max()) <= 3
    True
    """
    if top < 1:
        raise DataError(f"top debe ser al menos 1 (recibido {top})")
    if capacity_factor <= 0:
        raise DataError(f"capacity_factor debe ser mayor que cero (recibido {capacity_factor})")
    if lang not in ("es", "en"):
        raise DataError(f"lang='{lang}' no es válido; use 'es' o 'en'")
    from oportumap.costs import DEFAULT_CIRCUITY, DEFAULT_SPEED_KMH, read_travel_times

    remaining = None
    offers = dataset.opportunities
    if seats_used is not None:  # share out only the seats nobody has taken yet
        remaining = remaining_seats(offers, seats_used)
        offers = offers.copy()
        offers["capacity"] = remaining["remaining"].to_numpy()
    country = str(getattr(dataset, "country", "GT") or "GT").upper()
    limits = _resolve_limits(max_km, DEFAULT_MAX_KM, "max_km")
    minute_limits = _resolve_limits(max_minutes, DEFAULT_MAX_MINUTES, "max_minutes")
    notes: list[str] = []
    estimated = travel_times is None and max_minutes is not None
    if estimated:  # no table: minutes mean the distance estimate, said out loud
        km_per_minute = DEFAULT_SPEED_KMH / (DEFAULT_CIRCUITY * 60.0)
        limits = {k: min(limits[k], minute_limits[k] * km_per_minute) if max_km is not None
                  else minute_limits[k] * km_per_minute for k in limits}
        notes.append(text("referrals.note.minutes_estimated", lang).format(
            speed=f"{DEFAULT_SPEED_KMH:g}", circuity=f"{DEFAULT_CIRCUITY:g}",
            km=f"{limits['vacancy']:.1f}", minutes=f"{minute_limits['vacancy']:g}"))
    as_of_date = resolve_as_of(as_of, dataset)
    seats = _seats(dataset)
    returnees = dataset.returnees
    consent = _bool(returnees["consent"], False) if "consent" in returnees else np.ones(
        len(returnees), bool)
    rows = np.flatnonzero(consent)
    if travel_times is not None and not isinstance(travel_times, pd.DataFrame):
        travel_times = read_travel_times(travel_times, country=country)
    minutes = None if travel_times is None else _minutes_matrix(travel_times, seats)
    people = _people(returnees, rows, seats, home_points, by_municipality=minutes is not None)
    located = people["located"]
    n = people["n"]
    opps = _opportunities(offers, capacity_factor, seats, as_of_date)
    opps["seats_used"] = (remaining["used"].to_numpy() > 0 if remaining is not None
                          else np.zeros(len(offers), bool))
    closed = int((~opps["open"]).sum())
    if closed:
        notes.append(text("referrals.note.closed", lang).format(
            n=f"{closed:,}", date=as_of_date.strftime("%d/%m/%Y")))

    dates = pd.to_datetime(returnees["return_date"], errors="coerce") \
        if "return_date" in returnees else pd.Series(pd.NaT, index=returnees.index)
    date_key = dates.to_numpy(dtype="datetime64[s]").astype(np.int64)[rows]
    date_key = np.where(dates.isna().to_numpy()[rows], np.iinfo(np.int64).max, date_key)
    priority = np.empty(n, np.int64)
    priority[np.argsort(date_key, kind="stable")] = np.arange(n)

    budget = np.full(n, top, np.int64)
    stage_blocks = []
    cohorts = []
    unit_offset = cand_offset = member_offset = 0
    for stage_i, stage in enumerate(STAGES):
        quota = np.minimum(np.minimum(budget, STAGE_QUOTA[stage]), STAGE_QUOTA_MAX)
        in_stage = people["flags"][stage] & located
        person, mem_order, unit, units = _units_for_stage(stage, in_stage & (quota > 0),
                                                          people)
        cand = _stage_candidates(stage, units, people, opps, limits, depth, minutes,
                                 minute_limits)
        n_units = len(units["size"])
        cand_len = np.bincount(cand["unit"], minlength=n_units)
        # Share the stage quota between a person's (at most two) memberships.
        length = cand_len[unit]
        len0 = np.zeros(n, np.int64)
        len1 = np.zeros(n, np.int64)
        has1 = np.zeros(n, bool)
        len0[person[mem_order == 0]] = length[mem_order == 0]
        len1[person[mem_order == 1]] = length[mem_order == 1]
        has1[person[mem_order == 1]] = True
        q1 = np.where(has1, np.minimum(quota // 2, len1), 0)
        q0 = np.minimum(quota - q1, len0)
        q1 = np.where(has1, np.minimum(quota - q0, len1), 0)
        need = np.where(mem_order == 0, q0[person], q1[person])
        budget -= q0 + q1
        has_option = np.zeros(n, bool)
        has_option[person[length > 0]] = True
        # Members of each unit: larger need first, then earlier return (priority).
        live = need > 0
        person, unit, need = person[live], unit[live], need[live]
        if len(unit) and unit.max() < (1 << 19) and n < (1 << 38):
            order = np.argsort((unit << 44) | ((STAGE_QUOTA_MAX - need) << 38)
                               | priority[person])
        else:
            order = np.lexsort((priority[person], -need, unit))
        person, unit, need = person[order], unit[order], need[order]
        run = np.r_[True, (unit[1:] != unit[:-1]) | (need[1:] != need[:-1])][:len(unit)]
        run_start = np.flatnonzero(run)
        run_size = np.diff(np.r_[run_start, len(unit)])
        unit_first = np.searchsorted(unit, unit[run_start])  # first member of the unit
        cohorts.append((unit[run_start] + unit_offset, run_start - unit_first,
                        run_size, need[run_start]))
        member_start = np.searchsorted(unit, np.arange(n_units)) + member_offset
        stage_blocks.append({
            "stage": stage, "stage_i": stage_i, "cand": cand, "cand_len": cand_len,
            "members": person, "member_start": member_start, "in_stage": in_stage,
            "quota": quota, "has_option": has_option,
        })
        unit_offset += n_units
        cand_offset += len(cand["opp"])
        member_offset += len(person)

    # One allocation over all stages (each opportunity belongs to one kind).
    cat = {k: np.concatenate([b["cand"][k] for b in stage_blocks]) for k in
           ("opp", "score", "km", "minutes", "how", "held")}
    cand_stage = np.concatenate([np.full(len(b["cand"]["opp"]), b["stage_i"], np.int64)
                                 for b in stage_blocks])
    unit_len = np.concatenate([b["cand_len"] for b in stage_blocks]).astype(np.int64)
    unit_start = np.cumsum(unit_len) - unit_len
    member_start = np.concatenate([b["member_start"] for b in stage_blocks])
    members = np.concatenate([b["members"] for b in stage_blocks])
    c_unit, c_start, c_size, c_need = (np.concatenate([c[i] for c in cohorts])
                                       for i in range(4))
    a_unit, a_start, a_count, a_row = allocate(
        c_unit, c_start, c_size, c_need, unit_start, unit_len, cat["opp"], cat["score"],
        cat["km"], opps["order"][cat["opp"]], opps["limit"])

    # Expand accepted blocks to people; order each list by stage, then score.
    row = np.repeat(a_row, a_count)
    person = members[ranges(member_start[a_unit] + a_start, a_count)]
    stage_of = cand_stage[row]
    opp = cat["opp"][row]
    tie = (np.round(cat["km"][row] * 100).astype(np.int64) << 32) | opps["order"][opp]
    sort = np.argsort(tie, kind="stable")
    main = (person.astype(np.int64) << 24) | (stage_of << 21) | np.round(
        (1 - cat["score"][row]) * 1e6).astype(np.int64)
    sort = sort[np.argsort(main[sort], kind="stable")]
    person, row, stage_of, opp = person[sort], row[sort], stage_of[sort], opp[sort]
    # Two memberships may reach the same opportunity: keep the better (first) one.
    _, unique_idx = np.unique(person.astype(np.int64) * (len(opps["kind"]) + 1) + opp,
                              return_index=True)
    keep = np.zeros(len(person), bool)
    keep[unique_idx] = True
    person, row, stage_of = person[keep], row[keep], stage_of[keep]
    first = np.r_[True, person[1:] != person[:-1]] if len(person) else np.zeros(0, bool)
    starts = np.flatnonzero(first)
    rank = np.arange(len(person)) - np.repeat(starts, np.diff(np.r_[starts, len(person)])) + 1
    keep = rank <= top
    person, row, stage_of, rank = person[keep], row[keep], stage_of[keep], rank[keep]

    frame = referral_frame(returnees, rows, people, offers, opps, person,
                           row, rank, stage_of, cat, lang, id_document_word(country, lang),
                           with_minutes=minutes is not None)
    if remaining is not None:
        frame.insert(frame.columns.get_loc("capacity") + 1, "seats_remaining",
                     frame["capacity"].to_numpy(np.int64))
    if estimated:
        from oportumap.costs import estimate_minutes

        frame.insert(frame.columns.get_loc("distance_km") + 1, "minutes",
                     np.round(estimate_minutes(frame["distance_km"].to_numpy(float))))
    reach, unit = (minute_limits, "min") if minutes is not None else (limits, "km")
    unmet = unmet_table(people, seats, stage_blocks, person, stage_of, opps,
                        {k: round(v, 1) for k, v in reach.items()}, unit, lang)
    phones = None
    if "phone" in returnees:
        phones = returnees["phone"].set_axis(returnees["returnee_id"].astype(object))
    return ReferralResult(
        referrals=frame,
        unmet_demand=unmet,
        excluded_no_consent=int((~consent).sum()),
        excluded_no_location=int((~located).sum()),
        considered=int(located.sum()),
        settings={"top": top, "capacity_factor": capacity_factor, "max_km": limits,
                  **({"max_minutes": minute_limits} if minutes is not None or estimated
                     else {}),
                  "minutes_estimated": estimated, "as_of": as_of_date.strftime("%Y-%m-%d"),
                  "country": country},
        notes=notes,
        places=seats[["muni_code", "muni_name", "dept_name"]],
        phones=phones,
        remaining=remaining,
    )


def _seats(dataset) -> pd.DataFrame:
    """Municipal seats of the dataset's own boundaries (never a global registry)."""
    bounds = dataset.boundaries
    missing = {"muni_code", "muni_name", "dept_name"} - set(bounds.columns)
    if missing:
        raise DataError(f"los límites del conjunto de datos no tienen {sorted(missing)}")
    frame = pd.DataFrame({c: bounds[c].to_numpy() for c in ("muni_code", "muni_name",
                                                             "dept_name")})
    if {"lat", "lon"} <= set(bounds.columns):
        frame["lat"] = pd.to_numeric(bounds["lat"], errors="coerce").to_numpy(float)
        frame["lon"] = pd.to_numeric(bounds["lon"], errors="coerce").to_numpy(float)
    else:  # a point inside each municipality
        points = bounds.geometry.representative_point()
        frame["lat"], frame["lon"] = points.y.to_numpy(), points.x.to_numpy()
    return frame


def id_document_word(country: str, lang: str = "es") -> str:
    """Name of the identity document in ``country`` (``"DPI"`` for Guatemala).

    Examples
    --------
    >>> id_document_word("GT")
    'DPI'
    """
    try:  # the country registry's words, when that module is available
        from oportumap.countries import country_words

        word = country_words(country, lang).get("id_document")
        if word:
            return str(word)
    except (ImportError, KeyError, AttributeError, DataError):
        pass
    if country.upper() == "GT":
        return "DPI"
    return text("referrals.id_document.default", lang)


def referral_list(dataset, *, top: int = 5, max_km: float | dict[str, float] | None = None,
              capacity_factor: float = DEFAULT_CAPACITY_FACTOR, lang: str = "es",
              home_points: bool = True, travel_times=None,
              max_minutes: float | dict[str, float] | None = None, as_of=None
              ) -> pd.DataFrame:
    """Ranked referral list: one row per (returnee, next step), best first.

    See the module documentation for the pathway rules, score and allocation.

    Parameters
    ----------
    dataset : Dataset
        Returnees and opportunities in canonical columns.
    top : int
        Most referrals per returnee (services first, then certification, training,
        employment or entrepreneurship).
    max_km : float or dict, optional
        Maximum distance in km, for every kind or per kind (:data:`DEFAULT_MAX_KM`).
    capacity_factor : float
        No opportunity is referred to more than ``ceil(capacity_factor x capacity)``
        people (default 3).
    lang : {"es", "en"}
        Language of ``reason``.
    home_points : bool
        Use home points when known (else the municipal seat).
    travel_times, max_minutes : optional
        Municipality-to-municipality travel times and limits (see :func:`referral_plan`);
        adds a ``minutes`` column.
    as_of : str or date, optional
        Closed offers on this date are never referred (default: the data date).

    Returns
    -------
    pandas.DataFrame
        :data:`REFERRAL_COLUMNS`. ``muni_code`` is where the opportunity is,
        ``home_muni_code`` where the returnee lives. For the counts of people left out
        and the unmet-demand table use :func:`referral_plan` (or :func:`unmet_demand`).

    Examples
    --------
    >>> from oportumap import load_sample
    >>> table = referral_list(load_sample(), top=5)
    >>> list(table.columns[:4])
    ['returnee_id', 'rank', 'stage', 'kind']
    """
    result = referral_plan(dataset, top=top, max_km=max_km, capacity_factor=capacity_factor,
                           lang=lang, home_points=home_points, travel_times=travel_times,
                           max_minutes=max_minutes, as_of=as_of)
    return result.referrals


def unmet_demand(dataset, *, top: int = 5, max_km: float | dict[str, float] | None = None,
                 capacity_factor: float = DEFAULT_CAPACITY_FACTOR, home_points: bool = True,
                 travel_times=None, max_minutes: float | dict[str, float] | None = None,
                 as_of=None, lang: str = "es") -> pd.DataFrame:
    """Demand the referral run could not serve, per home municipality, stage and occupation.

    Returns
    -------
    pandas.DataFrame
        :data:`UNMET_COLUMNS`, only rows where someone is unmet, most unmet first:
        ``returnees`` in the stage, ``referred`` (at least one referral in it), ``unmet``,
        of which ``no_option`` (nothing open of that kind within reach),
        ``capacity_full`` (open options existed but all their places were assigned) and
        ``deferred`` (no room left in the person's ``top`` list after earlier stages);
        ``reason`` says so in words, and ``nearest_*`` name the nearest open offer that
        would help (at any distance).
        Counts are exact; apply :func:`oportumap.privacy.suppress_frame` before sharing.

    Examples
    --------
    >>> from oportumap import load_sample
    >>> u = unmet_demand(load_sample())
    >>> bool((u["unmet"] == u["no_option"] + u["capacity_full"] + u["deferred"]).all())
    True
    """
    return referral_plan(dataset, top=top, max_km=max_km, capacity_factor=capacity_factor,
                         home_points=home_points, travel_times=travel_times,
                         max_minutes=max_minutes, as_of=as_of, lang=lang).unmet_demand
