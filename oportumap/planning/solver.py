"""The covering model: choose new sites that, with the existing ones, cover the most
returnees within a reach (maximal covering, Church & ReVelle 1974; optionally
capacitated), solved exactly with PuLP's bundled CBC solver, offline.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from oportumap.errors import DataError


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


def check_inputs(demand: pd.Series, cost: pd.DataFrame, p_new: int) -> None:
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
def quiet_pulp() -> Iterator[None]:
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


def solve(problem, time_limit: float | None) -> str:
    """Solve silently with CBC; ``"Optimal"``, ``"Feasible (time limit)"`` or a failure.

    PuLP reports ``status == 1`` ("Optimal") also when CBC stops at the time limit with an
    integer solution; ``sol_status`` tells the two apart.
    """
    import pulp

    with quiet_pulp():
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
    return assign_capacitated(demand, links, capacity, time_limit)[0]


def assign_capacitated(demand: pd.Series, links: pd.DataFrame, capacity: pd.Series,
                        time_limit: float | None) -> tuple[float, pd.DataFrame]:
    """Max returnees served by open sites with seats (a transportation LP)."""
    import pulp

    links = links[links["origin"].isin(demand.index[demand > 0])]
    if links.empty:
        return 0.0, pd.DataFrame(columns=["origin", "site", "demand"])
    problem = pulp.LpProblem("assign", pulp.LpMaximize)
    with quiet_pulp():
        flows = [pulp.LpVariable(f"z{i}", lowBound=0) for i in range(len(links))]
    problem += pulp.lpSum(flows)
    frame = links.assign(var=flows)
    for origin, group in frame.groupby("origin"):
        problem += pulp.lpSum(group["var"]) <= float(demand[origin])
    for site, group in frame.groupby("destination"):
        problem += pulp.lpSum(group["var"]) <= float(capacity.get(site, 0.0))
    solve(problem, time_limit)
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

    check_inputs(demand, cost, p_new)
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
    with quiet_pulp():
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
            with quiet_pulp():
                y = pulp.LpVariable(f"y{len(covered)}", cat="Binary")
            covered[origin] = y
            problem += y <= pulp.lpSum(open_new[d] for d in group["destination"])
            objective.append(weights[origin] * y)
        problem += pulp.lpSum(objective)
    else:
        with quiet_pulp():
            flows = [pulp.LpVariable(f"z{i}", lowBound=0) for i in range(len(links))]
        frame = links.assign(var=flows)
        problem += pulp.lpSum(flows)
        for origin, group in frame.groupby("origin"):
            problem += pulp.lpSum(group["var"]) <= float(weights.get(origin, 0.0))
        for site, group in frame.groupby("destination"):
            seats = float(capacity.get(site, 0.0))
            problem += pulp.lpSum(group["var"]) <= seats * is_open[site]
    status = solve(problem, time_limit)
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
        return assign_capacitated(demand, links, capacity, time_limit)[1]
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
