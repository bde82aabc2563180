"""More seats in existing centres: where would N extra seats serve the most returnees?

:func:`seat_expansion` is the model (a transportation LP with integer extra seats per
site); :func:`plan_seats` answers it on a :class:`~oportumap.Dataset` with the demand and
reach of :func:`oportumap.planning.plan_capacity`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from oportumap.errors import DataError
from oportumap.planning.capacity import plan_inputs
from oportumap.planning.solver import (
    STATUS_OPTIMAL,
    STATUS_TIME_LIMIT,
    assign_capacitated,
    check_inputs,
    quiet_pulp,
    solve,
)

#: Objective cost of one extra seat (far below the one person a useful seat serves).
SEAT_COST = 1e-4


@dataclass(frozen=True)
class SeatPlan:
    """Where extra seats go (:func:`seat_expansion`, :func:`plan_seats`).

    Attributes
    ----------
    sites : pandas.DataFrame
        One row per existing site: ``site``, ``seats``, ``added_seats``,
        ``served_before``, ``served_after`` (returnees assigned to it); with
        :func:`plan_seats` also ``muni_name`` and ``dept_name``.
    served_before, served_after : float
        Returnees served in total with today's seats and with the extra ones.
    status : str
        Solver status code (:func:`oportumap.planning.status_text` gives the words).
    """

    sites: pd.DataFrame
    served_before: float
    served_after: float
    status: str


def seat_expansion(demand: pd.Series, cost: pd.DataFrame, max_cost: float,
                   capacity: pd.Series, extra_seats: int, *,
                   time_limit: float | None = 120) -> SeatPlan:
    """Where would ``extra_seats`` more seats in existing sites serve the most returnees?

    Returnees are assigned to sites in reach without exceeding each site's seats (as in
    the capacitated :func:`maximal_covering`); the model also chooses how many of the extra
    seats (whole seats) each site gets, to maximise the returnees served.

    Parameters
    ----------
    demand : pandas.Series
        Returnees by origin id.
    cost : pandas.DataFrame
        ``origin``, ``destination``, ``cost`` between origins and the existing sites.
    max_cost : float
        Reach.
    capacity : pandas.Series
        Current seats by existing site id.
    extra_seats : int
        Seats to add in total.

    Returns
    -------
    SeatPlan
        The sites and the totals served before and after. Seats that would serve nobody
        are not proposed, so ``added_seats`` may sum to less than ``extra_seats``.

    Examples
    --------
    >>> demand = pd.Series({"a": 30.0, "b": 5.0})
    >>> cost = pd.DataFrame({"origin": ["a", "b"], "destination": ["A", "B"], "cost": [0, 0]})
    >>> plan = seat_expansion(demand, cost, 10, pd.Series({"A": 20.0, "B": 5.0}), 8)
    >>> plan.sites[["site", "added_seats"]].values.tolist(), plan.served_after
    ([['A', 8], ['B', 0]], 33.0)
    """
    import pulp

    if extra_seats < 0 or int(extra_seats) != extra_seats:
        raise DataError("extra_seats debe ser un entero >= 0")
    check_inputs(demand, cost, 0)
    links = cost[(cost["cost"].to_numpy() <= max_cost) & cost["destination"].isin(capacity.index)
                 & cost["origin"].isin(demand.index[demand > 0])]
    served_before, before = assign_capacitated(demand, links, capacity, time_limit)
    problem = pulp.LpProblem("seat_expansion", pulp.LpMaximize)
    with quiet_pulp():
        flows = [pulp.LpVariable(f"z{i}", lowBound=0) for i in range(len(links))]
        added = {s: pulp.LpVariable(f"s{i}", lowBound=0, cat="Integer")
                 for i, s in enumerate(capacity.index)}
    frame = links.assign(var=flows)
    # A seat serves at least one whole person or nobody (integral demand and seats), so a
    # tiny cost per seat makes the model propose only seats that serve someone.
    problem += pulp.lpSum(flows) - SEAT_COST * pulp.lpSum(added.values())
    problem += pulp.lpSum(added.values()) <= int(extra_seats)
    for origin, group in frame.groupby("origin"):
        problem += pulp.lpSum(group["var"]) <= float(demand[origin])
    for site, group in frame.groupby("destination"):
        problem += pulp.lpSum(group["var"]) <= float(capacity[site]) + added[site]
    status = solve(problem, time_limit)
    if status not in (STATUS_OPTIMAL, STATUS_TIME_LIMIT):
        raise DataError(f"el solucionador terminó con estado '{status}' sin solución")
    served = pd.Series([v.value() or 0.0 for v in flows], index=links.index)
    after = links.assign(served=served).groupby("destination")["served"].sum()
    table = pd.DataFrame({
        "site": list(capacity.index),
        "seats": capacity.to_numpy(float),
        "added_seats": [int(round(added[s].value() or 0)) for s in capacity.index],
        "served_before": before.groupby("site")["demand"].sum().reindex(capacity.index)
        .fillna(0).round(1).to_numpy(),
        "served_after": after.reindex(capacity.index).fillna(0).round(1).to_numpy(),
    })
    table = table.sort_values(["added_seats", "site"], ascending=[False, True],
                              kind="stable").reset_index(drop=True)
    return SeatPlan(sites=table, served_before=float(served_before),
                    served_after=float(served.sum()), status=status)


def plan_seats(dataset, *, kind: str = "training", extra_seats: int = 50,
               max_km: float | None = None, max_minutes: float | None = None,
               travel_times: pd.DataFrame | None = None, standard: str | None = None,
               time_limit: float | None = 120) -> SeatPlan:
    """Where would ``extra_seats`` more seats in the existing centres help most?

    Existing sites and their seats come from the opportunities of ``kind``; demand and
    reach as in :func:`plan_capacity`. See :func:`seat_expansion`.

    Returns
    -------
    SeatPlan
        One row per existing site, with ``muni_name`` and ``dept_name``.

    Examples
    --------
    >>> from oportumap import load_sample
    >>> plan = plan_seats(load_sample(), kind="training", extra_seats=40, max_km=40)
    >>> int(plan.sites["added_seats"].sum()) <= 40, plan.served_after >= plan.served_before
    (True, True)
    """
    demand, seats, cost, limit, _unit = plan_inputs(dataset, kind, standard, max_km,
                                                     max_minutes, travel_times)
    if seats.empty:
        raise DataError(f"no hay sitios existentes de tipo '{kind}' a los que agregar cupos")
    plan = seat_expansion(demand, cost, limit, seats, extra_seats, time_limit=time_limit)
    names = dataset.boundaries.set_index("muni_code")
    table = plan.sites.copy()
    table.insert(1, "muni_name", table["site"].map(names["muni_name"]))
    table.insert(2, "dept_name", table["site"].map(names["dept_name"]))
    return dataclasses.replace(plan, sites=table)
