"""The planner's question on a :class:`Dataset`: where would new centres of one kind help
most (:func:`plan_capacity`), and who counts as demand (:func:`planning_demand`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from oportumap.errors import DataError
from oportumap.planning.solver import CoveringResult, coverage_curve, maximal_covering
from oportumap.schema import OPPORTUNITY_KINDS, REACH_KM, has_interest, interests_of


def planning_demand(dataset, kind: str, *, standard: str | None = None) -> pd.Series:
    """Returnees per municipality who need ``kind`` (see the module documentation).

    Parameters
    ----------
    dataset : Dataset
    kind : str
        One of the opportunity kinds.
    standard : str, optional
        For certification: a standard's id (``"CS-06"``), title or occupation
        (``"soldador"``); only returnees whose experience it certifies count.

    Examples
    --------
    >>> from oportumap import load_sample
    >>> d = planning_demand(load_sample(), "certification")
    >>> int(d.sum()) > 0
    True
    """
    from oportumap import skills

    if kind not in OPPORTUNITY_KINDS:
        raise DataError(f"tipo '{kind}' desconocido; use {OPPORTUNITY_KINDS}")
    people = dataset.returnees
    interests = interests_of(people)  # every interest stated («Empleo / formación»)
    if kind == "certification":
        codes, _ = skills.person_codes(people["occupations"], slots=2)
        table = skills.certifiable_table()
        if standard:
            wanted = _standard_id(standard)
            table = table[table["standard_id"] == wanted]
        certifiable = np.isin(codes, table["isco"].to_numpy())
        held = skills.certified_codes(people["certifications"])
        held_codes = np.array([[c in h for c in row] for row, h in zip(codes, held, strict=True)])
        need = (certifiable & ~held_codes).any(axis=1) if len(people) else np.zeros(0, bool)
    elif kind == "training":
        codes, _ = skills.person_codes(people["occupations"], slots=1)
        need = has_interest(interests, "training") | (codes[:, 0] == 0)
    elif kind == "vacancy":
        need = (interests == "").to_numpy() | has_interest(interests, "employment")
    elif kind == "entrepreneurship":
        need = has_interest(interests, "entrepreneurship")
    else:
        need = (people["needs_psychosocial"].fillna(False).astype(bool)
                | ~people["has_id_document"].fillna(True).astype(bool)).to_numpy()
    counts = people.loc[need, "muni_code"].value_counts()
    munis = dataset.boundaries["muni_code"]
    return pd.Series(counts.reindex(munis).fillna(0).to_numpy(float), index=munis.to_numpy(),
                     name="demand")


def _standard_id(standard: str) -> str:
    from oportumap import skills

    ids = set(skills.certification_standards()["standard_id"])
    if standard.upper() in ids:
        return standard.upper()
    found = skills.standard_of(pd.Series([standard])).iloc[0]
    if not found:
        raise DataError(f"'{standard}' no corresponde a ningún estándar de certificación; "
                        f"use uno de {sorted(ids)} o su nombre")
    return found


@dataclass
class CapacityPlan:
    """What :func:`plan_capacity` returns: the solution and planner-ready tables.

    Attributes
    ----------
    result : CoveringResult
        The solution (selected sites in order of marginal gain, coverage, assignment).
    sites : pandas.DataFrame
        New sites first (``order`` 1..p, ``marginal_gain``), then existing ones.
    municipalities : pandas.DataFrame
        One row per municipality: ``demand``, ``covered_before``, ``covered_after``,
        ``newly_covered``, ``unserved`` and ``coverage_state`` (``"newly_covered"``,
        ``"covered_before"``, ``"not_covered"``, or ``"no_demand"`` where nobody needs
        the kind: maps draw it neutral, not as a gap).
    kind, max_cost, unit
        What was planned and the reach (``unit`` is ``"km"`` or ``"min"``).
    demand, cost, existing, capacity
        The exact inputs given to :func:`maximal_covering`, so :meth:`curve` (and any
        sensitivity analysis) answers the same question.
    """

    result: CoveringResult
    sites: pd.DataFrame
    municipalities: pd.DataFrame
    kind: str
    max_cost: float
    unit: str
    demand: pd.Series | None = None
    cost: pd.DataFrame | None = None
    existing: list = field(default_factory=list)
    capacity: pd.Series | None = None
    time_limit: float | None = 120

    def curve(self, max_new: int | None = None) -> pd.DataFrame:
        """Coverage curve for p = 0..max_new (default: the plan's p, at least 1).

        Same demand, reach, existing sites and seats as the plan (see
        :func:`coverage_curve`).
        """
        if self.demand is None or self.cost is None:
            raise DataError("este plan no guarda sus datos de entrada; use coverage_curve()")
        max_new = max(len(self.result.selected), 1) if max_new is None else max_new
        return coverage_curve(self.demand, self.cost, self.max_cost, max_new, self.existing,
                              self.capacity, time_limit=self.time_limit)


def plan_inputs(dataset, kind: str, standard: str | None, max_km: float | None,
                 max_minutes: float | None, travel_times: pd.DataFrame | None
                 ) -> tuple[pd.Series, pd.Series, pd.DataFrame, float, str]:
    """Demand, existing seats per municipality, seat-to-seat costs, reach and its unit."""
    from oportumap.costs import cost_table

    demand = planning_demand(dataset, kind, standard=standard)
    opps = dataset.opportunities[dataset.opportunities["kind"] == kind]
    if standard and kind == "certification":
        from oportumap import skills

        wanted = _standard_id(standard)
        opps = opps[skills.standard_of(opps["title"]).to_numpy() == wanted]
    seats = opps.groupby("muni_code")["capacity"].sum().astype(float)
    munis = dataset.boundaries
    sites = pd.DataFrame({"id": munis["muni_code"], "lat": munis["lat"], "lon": munis["lon"]})
    unit = "km"
    if travel_times is not None or max_minutes is not None:
        unit = "min"
        limit = float(max_minutes if max_minutes is not None else 60.0)
        cost = cost_table(sites, sites, travel_times=travel_times, max_minutes=limit)
    else:
        limit = float(max_km if max_km is not None else REACH_KM[kind])
        cost = cost_table(sites, sites, max_km=limit)
    cost = cost.assign(origin=np.asarray(cost["origin"], dtype=object).astype(str),
                       destination=np.asarray(cost["destination"], dtype=object).astype(str))
    return demand, seats, cost, limit, unit


def plan_capacity(
    dataset,
    *,
    kind: str = "certification",
    p_new: int = 3,
    max_km: float | None = None,
    max_minutes: float | None = None,
    travel_times: pd.DataFrame | None = None,
    standard: str | None = None,
    capacity_per_site: float | None = None,
    capacitated: bool = False,
    time_limit: float | None = 120,
) -> CapacityPlan:
    """Where should ``p_new`` new sites of ``kind`` go? Planner-ready answer on a dataset.

    Existing sites are the municipalities that already have opportunities of ``kind`` (for
    certification with ``standard``, those offering it), with their seats summed;
    candidates are all other municipal seats. Demand is :func:`planning_demand`.

    Parameters
    ----------
    dataset : Dataset
    kind : str
        Kind of opportunity to plan.
    p_new : int
        New sites to choose.
    max_km, max_minutes, travel_times
        Reach (default :data:`oportumap.schema.REACH_KM` for the kind); minutes with a
        travel-time table (municipality to municipality) or estimated from km.
    standard : str, optional
        Certification standard to plan for (id, title or occupation).
    capacity_per_site : float, optional
        Seats of each new site; with ``capacitated`` the default is the median of the
        existing sites' seats.
    capacitated : bool
        Respect seats: existing sites serve at most their seats, new ones
        ``capacity_per_site``.
    time_limit : float, optional
        Seconds the solver may take (see :func:`maximal_covering`).

    Returns
    -------
    CapacityPlan

    Examples
    --------
    >>> from oportumap import load_sample
    >>> plan = plan_capacity(load_sample(), kind="certification", p_new=2, max_km=40)
    >>> len(plan.result.selected), plan.result.covered_after >= plan.result.covered_before
    (2, True)
    """
    demand, seats, cost, limit, unit = plan_inputs(dataset, kind, standard, max_km,
                                                    max_minutes, travel_times)
    munis = dataset.boundaries
    sites = pd.DataFrame({"id": munis["muni_code"]})
    existing = [s for s in seats.index if s in set(sites["id"])]
    capacity = None
    if capacitated:
        per_new = capacity_per_site or (float(seats.median()) if len(seats) else 20.0)
        capacity = pd.Series(per_new, index=sites["id"].to_numpy())
        capacity.loc[seats.index] = seats.to_numpy(float)
    result = maximal_covering(demand, cost, limit, p_new, existing=existing, capacity=capacity,
                              time_limit=time_limit)
    names = munis.set_index("muni_code")
    site_rows = [{"site": s, "status": "existente", "order": 0, "marginal_gain": np.nan,
                  "capacity": float(seats.get(s, 0))} for s in existing]
    site_rows += [{"site": s, "status": "nueva", "order": i + 1,
                   "marginal_gain": float(result.marginal_gain[s]),
                   "capacity": float(capacity[s]) if capacity is not None else np.nan}
                  for i, s in enumerate(result.selected)]
    site_table = pd.DataFrame(site_rows)
    assigned = result.assignment.groupby("site")["demand"].sum()
    site_table["assigned"] = site_table["site"].map(assigned).fillna(0.0).round(1)
    site_table.insert(1, "muni_name", site_table["site"].map(names["muni_name"]))
    site_table.insert(2, "dept_name", site_table["site"].map(names["dept_name"]))
    site_table = pd.concat([site_table[site_table["status"] == "nueva"],
                            site_table[site_table["status"] == "existente"]],
                           ignore_index=True)
    before_links = cost[(cost["cost"] <= limit) & cost["destination"].isin(existing)]
    covered_before = set(before_links["origin"])
    served = result.assignment.groupby("origin")["demand"].sum()
    table = pd.DataFrame({"muni_code": munis["muni_code"], "muni_name": munis["muni_name"],
                          "dept_name": munis["dept_name"],
                          "demand": demand.reindex(munis["muni_code"]).to_numpy()})
    table["covered_before"] = table["muni_code"].isin(covered_before)
    after_links = cost[(cost["cost"] <= limit)
                       & cost["destination"].isin([*existing, *result.selected])]
    table["covered_after"] = table["muni_code"].isin(set(after_links["origin"]))
    table["newly_covered"] = table["covered_after"] & ~table["covered_before"]
    # Where nobody needs the kind there is nothing to cover: neither covered nor a gap.
    table["coverage_state"] = np.select(
        [table["demand"] <= 0, table["newly_covered"], table["covered_before"]],
        ["no_demand", "newly_covered", "covered_before"], default="not_covered")
    table["unserved"] = (table["demand"] - table["muni_code"].map(served).fillna(0)).clip(
        lower=0).round(1)
    table = table.sort_values(["newly_covered", "demand"], ascending=[False, False])
    return CapacityPlan(result=result, sites=site_table, municipalities=table.reset_index(
        drop=True), kind=kind, max_cost=limit, unit=unit, demand=demand, cost=cost,
        existing=existing, capacity=capacity, time_limit=time_limit)
