"""Planning new capacity: where would a new centre (or more seats) help most?

:func:`maximal_covering` chooses ``p_new`` new sites that, together with the existing
sites kept open, cover the most returnees within a reach (maximal covering location
problem, Church & ReVelle 1974), solved exactly with PuLP's bundled CBC solver, offline.
With ``capacity`` each site (existing and new) serves at most its seats and returnees
are assigned to sites in reach (a capacitated variant); the result says who stays unserved
and where. :func:`plan_capacity` answers the planner's question on a :class:`Dataset`:
demand per municipality for one kind of opportunity (for certification, only returnees
whose experience a standard certifies), existing sites from the opportunities, candidates
at every municipal seat. :func:`coverage_curve` shows what each extra site adds, and
:func:`oportumap.seats.plan_seats` answers the other question: how many more seats in
which existing centre. Sites that would cover nobody are never proposed.

Who counts as demand for each kind (:func:`planning_demand`)
    certification: returnees with an occupation some standard certifies (or the chosen
    standard) and no certification in it; training: interest in training, or no
    recognised occupation; vacancy: interest in employment (or unknown);
    entrepreneurship: interest in entrepreneurship; service: needs psychosocial care or
    has no ID document.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from oportumap.errors import DataError
from oportumap.schema import OPPORTUNITY_KINDS, REACH_KM


@dataclass
class CoveringResult:
    """Outcome of :func:`maximal_covering`.

    Attributes
    ----------
    selected : list
        New sites, in order of marginal gain (the first adds the most).
    covered_before, covered_after : float
        Returnees covered (served, with capacities) by the existing sites alone, and with
        the new sites.
    marginal_gain : pandas.Series
        Returnees each selected site adds, in ``selected`` order.
    assignment : pandas.DataFrame
        ``origin``, ``site``, ``demand``: returnees of each origin assigned to each site
        (every covered origin to its nearest open site when uncapacitated).
    unserved : pandas.DataFrame
        ``origin``, ``demand``: returnees left without a site in reach (or without a seat).
    status : str
        Code for programs: ``"Optimal"`` when solved to optimality; ``"Feasible (time
        limit)"`` when the solver stopped at ``time_limit`` with a good but not proven
        optimal set of sites. :meth:`status_text` gives the words for people.
    requested : int
        New sites asked for (``p_new``). ``selected`` has fewer when the next site would
        cover nobody: sites that add nobody are never proposed (:meth:`message` says so).
    """

    selected: list
    covered_before: float
    covered_after: float
    marginal_gain: pd.Series
    assignment: pd.DataFrame
    unserved: pd.DataFrame
    status: str
    existing: list = field(default_factory=list)
    requested: int | None = None

    def status_text(self, lang: str = "es") -> str:
        """Solver status for people: "Óptimo" or "Factible (límite de tiempo)"."""
        return status_text(self.status, lang)

    def message(self, lang: str = "es") -> str:
        """Why fewer sites than requested are proposed ("" when all add returnees).

        Examples
        --------
        >>> demand = pd.Series({"a": 10, "b": 5})
        >>> cost = pd.DataFrame({"origin": ["a", "b", "b"], "destination": ["A", "A", "B"],
        ...                      "cost": [0, 3, 0]})
        >>> maximal_covering(demand, cost, max_cost=10, p_new=2).message()
        'con 1 sitio ya se cubre a todos los alcanzables; se pidieron 2'
        """
        from oportumap.i18n import text

        requested = len(self.selected) if self.requested is None else self.requested
        n = len(self.selected)
        if n >= requested:
            text("yes", lang)  # validates lang
            return ""
        if self.status != STATUS_OPTIMAL:
            # Not proven optimal: only say what was observed.
            return text("plan.stopped", lang).format(next=n + 1, n=n)
        if n == 0:
            return text("plan.all_covered_existing", lang)
        key = "plan.all_covered_one" if n == 1 else "plan.all_covered"
        return text(key, lang).format(n=n, p=requested)


def _check_inputs(demand: pd.Series, cost: pd.DataFrame, p_new: int) -> None:
    missing = {"origin", "destination", "cost"} - set(cost.columns)
    if missing:
        raise DataError(f"cost: faltan las columnas {sorted(missing)}")
    if p_new < 0 or int(p_new) != p_new:
        raise DataError("p_new debe ser un entero >= 0")
    if demand.isna().any():
        missing = ", ".join(map(str, demand.index[demand.isna()][:5]))
        raise DataError(f"la demanda tiene valores vacíos (orígenes {missing}); use 0 "
                        "donde no haya retornados")
    if (demand < 0).any():
        raise DataError("la demanda no puede ser negativa")


@contextlib.contextmanager
def _quiet_pulp() -> Iterator[None]:
    """PuLP 3 warns that its 2.x modelling API will change in 4.0; we support both."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


#: Solver outcomes reported in :attr:`CoveringResult.status` (codes for programs).
STATUS_OPTIMAL = "Optimal"
STATUS_TIME_LIMIT = "Feasible (time limit)"
_STATUS_KEYS = {STATUS_OPTIMAL: "solver.optimal", STATUS_TIME_LIMIT: "solver.time_limit"}

#: A site whose marginal gain is at most this (returnees) covers nobody new.
NO_GAIN = 1e-6


def status_text(status: str, lang: str = "es") -> str:
    """Solver status code in words for people (other codes are returned as they are).

    Examples
    --------
    >>> status_text("Optimal"), status_text("Feasible (time limit)", "es")
    ('Óptimo', 'Factible (límite de tiempo)')
    >>> status_text("Optimal", "en")
    'Optimal'
    """
    from oportumap.i18n import text

    key = _STATUS_KEYS.get(status)
    return text(key, lang) if key else status


def _solve(problem, time_limit: float | None) -> str:
    """Solve silently with CBC; ``"Optimal"``, ``"Feasible (time limit)"`` or a failure.

    PuLP reports ``status == 1`` ("Optimal") also when CBC stops at the time limit with an
    integer solution; ``sol_status`` tells the two apart.
    """
    import pulp

    with _quiet_pulp():
        problem.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit))
    if problem.sol_status == pulp.LpSolutionOptimal:
        return STATUS_OPTIMAL
    if problem.sol_status == pulp.LpSolutionIntegerFeasible:
        return STATUS_TIME_LIMIT
    return pulp.LpStatus[problem.status]


def _coverage(demand: pd.Series, reach: pd.DataFrame, sites: Iterable,
              capacity: pd.Series | None, time_limit: float | None = None) -> float:
    """Returnees covered (or served, with capacities) by an open set of sites."""
    sites = set(sites)
    links = reach[reach["destination"].isin(sites)]
    if capacity is None:
        return float(demand.reindex(links["origin"].unique()).fillna(0).sum())
    return _assign_capacitated(demand, links, capacity, time_limit)[0]


def _assign_capacitated(demand: pd.Series, links: pd.DataFrame, capacity: pd.Series,
                        time_limit: float | None) -> tuple[float, pd.DataFrame]:
    """Max returnees served by open sites with seats (a transportation LP)."""
    import pulp

    links = links[links["origin"].isin(demand.index[demand > 0])]
    if links.empty:
        return 0.0, pd.DataFrame(columns=["origin", "site", "demand"])
    problem = pulp.LpProblem("assign", pulp.LpMaximize)
    with _quiet_pulp():
        flows = [pulp.LpVariable(f"z{i}", lowBound=0) for i in range(len(links))]
    problem += pulp.lpSum(flows)
    frame = links.assign(var=flows)
    for origin, group in frame.groupby("origin"):
        problem += pulp.lpSum(group["var"]) <= float(demand[origin])
    for site, group in frame.groupby("destination"):
        problem += pulp.lpSum(group["var"]) <= float(capacity.get(site, 0.0))
    _solve(problem, time_limit)
    values = np.array([v.value() or 0.0 for v in flows])
    table = pd.DataFrame({"origin": links["origin"].to_numpy(),
                          "site": links["destination"].to_numpy(), "demand": values})
    return float(values.sum()), table[table["demand"] > 1e-9].reset_index(drop=True)


def maximal_covering(
    demand: pd.Series,
    cost: pd.DataFrame,
    max_cost: float,
    p_new: int,
    existing: Iterable = (),
    capacity: pd.Series | float | None = None,
    candidates: Iterable | None = None,
    *,
    time_limit: float | None = 120,
) -> CoveringResult:
    """Choose ``p_new`` new sites that, with the existing ones, cover the most returnees.

    Parameters
    ----------
    demand : pandas.Series
        Returnees by origin id.
    cost : pandas.DataFrame
        Long table ``origin``, ``destination``, ``cost`` (km or minutes) between origins
        and sites (existing and candidate); the same table as :mod:`oportumap.access`.
    max_cost : float
        An origin is covered by a site with ``cost <= max_cost``.
    p_new : int
        New sites to open.
    existing : iterable
        Sites already open (kept open; not counted in ``p_new``).
    capacity : pandas.Series or float, optional
        Seats per site (Series by site id, for existing and candidate sites; a site missing
        from it has no seats) or one number for every site. With capacities, returnees are
        assigned to open sites in reach without exceeding their seats (a returnee may be
        split between sites), and coverage counts only those served.
    candidates : iterable, optional
        Where new sites may go (default: every destination of ``cost`` not existing).
    time_limit : float, optional
        Seconds the solver may take (``None``: no limit); ``result.status`` says whether it
        stopped before proving optimality.

    Returns
    -------
    CoveringResult

    Examples
    --------
    >>> demand = pd.Series({"a": 10, "b": 5, "c": 8})
    >>> cost = pd.DataFrame({"origin": ["a", "b", "c", "c"], "destination": ["A", "B", "C", "B"],
    ...                      "cost": [0, 0, 0, 5]})
    >>> r = maximal_covering(demand, cost, max_cost=10, p_new=1, existing=["A"])
    >>> r.selected, r.covered_before, r.covered_after
    (['B'], 10.0, 23.0)
    """
    import pulp

    _check_inputs(demand, cost, p_new)
    existing = list(dict.fromkeys(existing))
    reach = cost.loc[cost["cost"].to_numpy() <= max_cost, ["origin", "destination", "cost"]]
    reach = reach[reach["origin"].isin(demand.index)]
    if candidates is None:
        candidates = [d for d in pd.unique(cost["destination"]) if d not in set(existing)]
    candidates = [c for c in dict.fromkeys(candidates) if c not in set(existing)]
    if p_new > len(candidates):
        raise DataError(f"se piden {p_new} sitios nuevos y solo hay {len(candidates)} candidatos")
    if capacity is not None and not isinstance(capacity, pd.Series):
        capacity = pd.Series(float(capacity), index=[*existing, *candidates])
    weights = demand.astype(float)
    problem = pulp.LpProblem("maximal_covering", pulp.LpMaximize)
    with _quiet_pulp():
        open_new = {c: pulp.LpVariable(f"x{i}", cat="Binary") for i, c in enumerate(candidates)}
    problem += pulp.lpSum(open_new.values()) == p_new
    is_open = {**{e: 1 for e in existing}, **open_new}
    links = reach[reach["destination"].isin(is_open)]
    if capacity is None:
        before = set(links.loc[links["destination"].isin(existing), "origin"])
        covered = {}
        objective = []
        for origin, group in links.groupby("origin"):
            if origin in before or weights.get(origin, 0) <= 0:
                continue
            with _quiet_pulp():
                y = pulp.LpVariable(f"y{len(covered)}", cat="Binary")
            covered[origin] = y
            problem += y <= pulp.lpSum(open_new[d] for d in group["destination"])
            objective.append(weights[origin] * y)
        problem += pulp.lpSum(objective)
    else:
        with _quiet_pulp():
            flows = [pulp.LpVariable(f"z{i}", lowBound=0) for i in range(len(links))]
        frame = links.assign(var=flows)
        problem += pulp.lpSum(flows)
        for origin, group in frame.groupby("origin"):
            problem += pulp.lpSum(group["var"]) <= float(weights.get(origin, 0.0))
        for site, group in frame.groupby("destination"):
            seats = float(capacity.get(site, 0.0))
            problem += pulp.lpSum(group["var"]) <= seats * is_open[site]
    status = _solve(problem, time_limit)
    if status not in (STATUS_OPTIMAL, STATUS_TIME_LIMIT):
        raise DataError(f"el solucionador terminó con estado '{status}' sin solución; "
                        "aumente time_limit o reduzca el problema")
    chosen = [c for c, x in open_new.items() if (x.value() or 0) > 0.5]
    # Order the chosen sites by marginal gain (greedy over the optimal set).
    ordered, gains, opened = [], [], list(existing)
    covered_before = _coverage(weights, reach, existing, capacity, time_limit)
    current = covered_before
    remaining = list(chosen)
    while remaining:
        scores = [(_coverage(weights, reach, [*opened, s], capacity, time_limit), s)
                  for s in remaining]
        best_value, best = max(scores, key=lambda item: (item[0], -remaining.index(item[1])))
        if best_value - current <= NO_GAIN:
            # The best remaining site adds nobody, so none does (coverage is submodular:
            # neither do several together): propose only the sites that add returnees.
            break
        ordered.append(best)
        gains.append(best_value - current)
        current = best_value
        opened.append(best)
        remaining.remove(best)
    covered_after = current
    assignment = _assignment(weights, reach, opened, capacity, time_limit)
    served = assignment.groupby("origin")["demand"].sum()
    left = (weights - served.reindex(weights.index).fillna(0)).clip(lower=0)
    unserved = left[left > 1e-9].rename("demand").rename_axis("origin").reset_index()
    return CoveringResult(selected=ordered, covered_before=covered_before,
                          covered_after=covered_after,
                          marginal_gain=pd.Series(gains, index=ordered, name="marginal_gain"),
                          assignment=assignment, unserved=unserved, status=status,
                          existing=existing, requested=int(p_new))


def _assignment(demand: pd.Series, reach: pd.DataFrame, sites: list,
                capacity: pd.Series | None, time_limit: float | None) -> pd.DataFrame:
    links = reach[reach["destination"].isin(set(sites))]
    if capacity is not None:
        return _assign_capacitated(demand, links, capacity, time_limit)[1]
    nearest = links.sort_values(["origin", "cost", "destination"]).drop_duplicates("origin")
    return pd.DataFrame({"origin": nearest["origin"].to_numpy(),
                         "site": nearest["destination"].to_numpy(),
                         "demand": demand.reindex(nearest["origin"]).to_numpy(float)})


def coverage_curve(demand: pd.Series, cost: pd.DataFrame, max_cost: float, max_new: int,
                   existing: Iterable = (), capacity: pd.Series | float | None = None,
                   candidates: Iterable | None = None, *,
                   time_limit: float | None = 120) -> pd.DataFrame:
    """Returnees covered with p = 0..max_new new sites (each p solved to optimality).

    Arguments as in :func:`maximal_covering`; row ``p_new = 0`` is the existing sites
    alone, so ``added`` reads "what the p-th extra site adds" (diminishing returns). The
    curve stops where the next site would cover nobody (it never shows "+0" sites).

    Returns
    -------
    pandas.DataFrame
        ``p_new``, ``covered``, ``added`` (over p - 1), ``share`` (of all demand),
        ``status`` (solver status of each p).

    Examples
    --------
    >>> demand = pd.Series({"a": 10, "b": 5})
    >>> cost = pd.DataFrame({"origin": ["a", "b"], "destination": ["A", "B"], "cost": [0, 0]})
    >>> coverage_curve(demand, cost, 1, 2)["covered"].tolist()
    [0.0, 10.0, 15.0]
    >>> more = pd.concat([cost, pd.DataFrame({"origin": ["b"], "destination": ["C"],
    ...                                       "cost": [0]})])
    >>> coverage_curve(demand, more, 1, 3)["p_new"].tolist()  # 2 sites reach everyone
    [0, 1, 2]
    """
    existing = list(existing)
    rows = []
    for p in range(0, max_new + 1):
        result = maximal_covering(demand, cost, max_cost, p, existing, capacity, candidates,
                                  time_limit=time_limit)
        if len(result.selected) < p:
            break  # the p-th site would cover nobody: the curve has reached everyone
        rows.append({"p_new": p, "covered": result.covered_after, "status": result.status})
    curve = pd.DataFrame(rows)
    curve["added"] = curve["covered"].diff().fillna(curve["covered"])
    total = float(demand.sum())
    curve["share"] = curve["covered"] / total if total else 0.0
    return curve[["p_new", "covered", "added", "share", "status"]]


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
    interest = people["interest"].astype("object")
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
        need = (interest == "training").to_numpy() | (codes[:, 0] == 0)
    elif kind == "vacancy":
        need = (interest.isna() | (interest == "employment")).to_numpy()
    elif kind == "entrepreneurship":
        need = (interest == "entrepreneurship").to_numpy()
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


def _plan_inputs(dataset, kind: str, standard: str | None, max_km: float | None,
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
    demand, seats, cost, limit, unit = _plan_inputs(dataset, kind, standard, max_km,
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


def __getattr__(name: str):
    """Moved, still importable from here: ``plan_sheets`` and ``PLAN_HEADERS_ES`` (to
    :mod:`oportumap.exports.plans`), ``seat_expansion`` and ``plan_seats`` (to
    :mod:`oportumap.seats`)."""
    if name in ("plan_sheets", "PLAN_HEADERS_ES"):
        from oportumap.exports import plans

        return getattr(plans, name)
    if name in ("seat_expansion", "plan_seats"):
        from oportumap import seats

        return getattr(seats, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
