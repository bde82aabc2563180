"""Accessibility and gaps: which municipalities have many returnees and few reachable places.

Measures per municipality and kind of opportunity (vacancy, training, certification,
entrepreneurship, service), measured from the municipal seat:

``{kind}_nearest_km`` (or ``_nearest_min``)
    Distance (travel time) to the nearest opportunity of that kind, any distance.
``{kind}_count``, ``{kind}_capacity``
    Opportunities and places (positions, seats) within reach (``max_km`` or
    ``max_minutes`` for the kind; defaults :data:`oportumap.schema.REACH_KM`).
``{kind}_2sfca``
    Two-step floating catchment (Luo & Wang 2003): places per returnee within reach, each
    place shared among every returnee who can reach it.
``{kind}_e2sfca``
    Enhanced 2SFCA (Luo & Qi 2009): the same with distance decay in both steps, step
    weights 1.00 / 0.68 / 0.22 for the first, second and last third of the reach.
``{kind}_returnees_per_place``
    Returnees of the municipality per place within its reach (NaN when nothing is in
    reach: see ``{kind}_unserved``).
``{kind}_unserved``
    The gap, in people: returnees who would have no place within reach if the places were
    shared fairly, ``returnees x max(0, 1 - 2SFCA)``. All returnees when nothing is in reach.

Gap score and priority
    ``gap_score`` is the mean of ``{kind}_unserved`` over the kinds: "about N returnees of
    this municipality lack a reachable place, averaged over the kinds of opportunity". It
    is in people, needs no division by zero, and is largest where many returnees meet few
    places. ``priority_rank`` orders municipalities by it (1 = largest gap; ties by
    returnees, then code). ``kinds_out_of_reach`` counts the kinds with nothing in reach, so
    municipalities with returnees and nothing reachable stand out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from oportumap.errors import DataError
from oportumap.schema import OPPORTUNITY_KINDS, REACH_KM, REACH_MINUTES

WeightFunction = Callable[[np.ndarray], np.ndarray]

#: Luo & Qi (2009) step weights for three sub-zones of the catchment.
LUO_QI_WEIGHTS = (1.0, 0.68, 0.22)

def gaussian_weight(bandwidth: float) -> WeightFunction:
    """Gaussian distance decay ``exp(-0.5 (cost / bandwidth)^2)``, vectorised.

    Examples
    --------
    >>> gaussian_weight(10.0)(np.array([0.0, 10.0])).round(3).tolist()
    [1.0, 0.607]
    """
    if bandwidth <= 0:
        raise DataError("el ancho de banda debe ser positivo")
    return lambda cost: np.exp(-0.5 * (np.asarray(cost, float) / bandwidth) ** 2)


def step_weight(breaks: Sequence[float], weights: Sequence[float]) -> WeightFunction:
    """Step decay: ``weights[i]`` for costs up to ``breaks[i]`` (0 beyond the last break).

    Examples
    --------
    >>> step_weight([10, 20, 30], [1.0, 0.68, 0.22])(np.array([5, 10, 15, 30, 31])).tolist()
    [1.0, 1.0, 0.68, 0.22, 0.0]
    """
    if len(breaks) != len(weights) or list(breaks) != sorted(breaks):
        raise DataError("breaks debe estar ordenado y tener tantos valores como weights")
    edges = np.asarray(breaks, float)
    values = np.append(np.asarray(weights, float), 0.0)
    return lambda cost: values[np.searchsorted(edges, np.asarray(cost, float), side="left")]


def two_step_fca(
    demand: pd.Series,
    supply: pd.Series,
    cost: pd.DataFrame,
    max_cost: float,
    weight: WeightFunction | None = None,
) -> pd.Series:
    """Two-step floating catchment area accessibility (2SFCA, or E2SFCA with ``weight``).

    Step 1, for each opportunity j: ``R_j = S_j / sum_i(D_i W(c_ij))`` over origins i with
    ``c_ij <= max_cost``. Step 2, for each origin i: ``A_i = sum_j(R_j W(c_ij))``. With no
    ``weight`` (W = 1) this is the 2SFCA of Luo & Wang (2003); with a decay function applied
    in both steps, the enhanced 2SFCA of Luo & Qi (2009).

    Parameters
    ----------
    demand : pandas.Series
        Returnees by origin id.
    supply : pandas.Series
        Capacity (positions, seats) by opportunity id.
    cost : pandas.DataFrame
        Long table with columns ``origin``, ``destination``, ``cost``.
    max_cost : float
        Only pairs with ``cost <= max_cost`` count.
    weight : callable, optional
        Vectorised decay function of cost (see :func:`gaussian_weight`, :func:`step_weight`).

    Returns
    -------
    pandas.Series
        Places per returnee, indexed like ``demand``; origins that reach nothing get 0.
        Opportunities whose catchment holds no demand contribute nothing.

    Examples
    --------
    >>> demand = pd.Series({"a": 10, "b": 30})
    >>> supply = pd.Series({"x": 20})
    >>> cost = pd.DataFrame({"origin": ["a", "b"], "destination": ["x", "x"], "cost": [5, 15]})
    >>> two_step_fca(demand, supply, cost, max_cost=20).tolist()
    [0.5, 0.5]
    >>> two_step_fca(demand, supply, cost, max_cost=10).tolist()
    [2.0, 0.0]
    """
    missing = {"origin", "destination", "cost"} - set(cost.columns)
    if missing:
        raise DataError(f"cost: faltan las columnas {sorted(missing)}")
    costs = cost["cost"].to_numpy(dtype=float)
    oi = _positions(cost["origin"], demand.index)
    dj = _positions(cost["destination"], supply.index)
    keep = (costs <= max_cost) & (oi >= 0) & (dj >= 0)
    oi, dj = oi[keep], dj[keep]
    w = np.ones(len(oi)) if weight is None else np.asarray(weight(costs[keep]), float)
    demand_values = demand.to_numpy(dtype=float)
    weighted_demand = np.bincount(dj, weights=demand_values[oi] * w, minlength=len(supply))
    supply_values = supply.to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(weighted_demand > 0, supply_values / weighted_demand, 0.0)
    result = np.bincount(oi, weights=ratio[dj] * w, minlength=len(demand))
    return pd.Series(result, index=demand.index, name="access")


def _positions(column: pd.Series, index: pd.Index) -> np.ndarray:
    """Position of each value of ``column`` in ``index`` (-1 when absent).

    Hashes only the distinct values (the categories of a categorical column), so a cost
    table of millions of rows maps in milliseconds.
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        lookup = np.append(index.get_indexer(column.cat.categories), -1)
        return lookup[codes]  # code -1 (missing) picks the trailing -1
    codes, uniques = pd.factorize(column)
    lookup = np.append(index.get_indexer(uniques), -1)
    return lookup[codes]


def _nearest(origins: pd.DataFrame, destinations: pd.DataFrame) -> np.ndarray:
    """Great-circle km from each origin to its nearest destination (k-d tree)."""
    from scipy.spatial import cKDTree

    from oportumap.costs import distance_km, unit_xyz

    if len(destinations) == 0:
        return np.full(len(origins), np.nan)
    tree = cKDTree(unit_xyz(destinations["lat"], destinations["lon"]))
    # The nearest on the sphere is the nearest on the ellipsoid up to metres: look at a
    # few and keep the smallest exact distance.
    k = min(4, len(destinations))
    _, index = tree.query(unit_xyz(origins["lat"], origins["lon"]), k=k)
    index = index.reshape(len(origins), k)
    km = distance_km(origins["lat"].to_numpy()[:, None], origins["lon"].to_numpy()[:, None],
                     destinations["lat"].to_numpy()[index], destinations["lon"].to_numpy()[index])
    return km.min(axis=1)


def _reach(kind: str, max_km, max_minutes) -> tuple[float, bool]:
    """Threshold for a kind and whether it is in minutes."""
    if max_minutes is not None:
        value = max_minutes.get(kind, REACH_MINUTES[kind]) if isinstance(max_minutes, dict) \
            else max_minutes
        return float(value), True
    if isinstance(max_km, dict):
        return float(max_km.get(kind, REACH_KM[kind])), False
    return float(max_km if max_km is not None else REACH_KM[kind]), False


def municipality_profile(
    dataset,
    *,
    max_km: float | dict[str, float] | None = None,
    max_minutes: float | dict[str, float] | None = None,
    travel_times: pd.DataFrame | None = None,
    kinds: Sequence[str] | None = None,
) -> pd.DataFrame:
    """One row per municipality: returnees, access to every kind of opportunity, gap, rank.

    See the module documentation for each measure and the gap score.

    Parameters
    ----------
    dataset : Dataset
        Returnees, opportunities and boundaries.
    max_km : float or dict, optional
        Reach in km, for every kind or per kind (default :data:`oportumap.schema.REACH_KM`).
    max_minutes : float or dict, optional
        Reach in minutes instead of km: from ``travel_times`` when given, else estimated
        from distance (:func:`oportumap.costs.estimate_minutes`).
    travel_times : pandas.DataFrame, optional
        Municipality-to-municipality table ``origin``, ``destination``, ``minutes`` (see
        :func:`oportumap.costs.read_travel_times`); pairs it does not list are out of reach.
        Implies minutes (default reach :data:`oportumap.schema.REACH_MINUTES`).
    kinds : sequence of str, optional
        Kinds to measure (default: all five).

    Returns
    -------
    pandas.DataFrame
        ``muni_code``, ``muni_name``, ``dept_code``, ``dept_name``, ``returnees``, the
        measures per kind, ``kinds_out_of_reach``, ``gap_score`` and ``priority_rank``,
        sorted by ``priority_rank``.

    Examples
    --------
    >>> from oportumap import load_sample
    >>> profile = municipality_profile(load_sample())
    >>> len(profile), int(profile["priority_rank"].min())
    (340, 1)
    >>> bool((profile["vacancy_unserved"] <= profile["returnees"]).all())
    True
    """
    from oportumap.costs import cost_table

    kinds = list(kinds or OPPORTUNITY_KINDS)
    unknown = set(kinds) - set(OPPORTUNITY_KINDS)
    if unknown:
        raise DataError(f"tipos desconocidos {sorted(unknown)}; use {OPPORTUNITY_KINDS}")
    if travel_times is not None and max_minutes is None:
        max_minutes = dict(REACH_MINUTES)
    munis = pd.DataFrame(dataset.boundaries.drop(columns="geometry"))
    profile = munis[["muni_code", "muni_name", "dept_code", "dept_name"]].copy()
    counts = dataset.returnees["muni_code"].value_counts()
    demand = pd.Series(counts.reindex(munis["muni_code"]).fillna(0).to_numpy(float),
                       index=munis["muni_code"].to_numpy())
    profile["returnees"] = demand.to_numpy().astype("int64")
    origins = pd.DataFrame({"id": munis["muni_code"], "lat": munis["lat"], "lon": munis["lon"]})
    unserved_columns = []
    for kind in kinds:
        opps = dataset.opportunities[dataset.opportunities["kind"] == kind]
        limit, in_minutes = _reach(kind, max_km, max_minutes)
        destinations = pd.DataFrame({"id": opps["opportunity_id"].to_numpy(),
                                     "lat": opps["lat"].to_numpy(), "lon": opps["lon"].to_numpy(),
                                     "zone": opps["muni_code"].to_numpy()})
        supply = pd.Series(opps["capacity"].to_numpy(float), index=destinations["id"])
        if in_minutes:
            everything = cost_table(origins, destinations, travel_times=travel_times,
                                    max_minutes=None if travel_times is not None else 1e12,
                                    destination_zone="zone" if travel_times is not None else None)
            nearest = everything.groupby("origin")["minutes"].min().reindex(demand.index)
            profile[f"{kind}_nearest_min"] = nearest.to_numpy()
            cost = everything[everything["minutes"] <= limit]
        else:
            profile[f"{kind}_nearest_km"] = _nearest(origins, destinations)
            cost = cost_table(origins, destinations, max_km=limit)
        grouped = cost.assign(capacity=cost["destination"].map(supply).to_numpy()).groupby(
            "origin").agg(count=("destination", "size"), capacity=("capacity", "sum"))
        grouped = grouped.reindex(demand.index).fillna(0)
        profile[f"{kind}_count"] = grouped["count"].to_numpy().astype("int64")
        profile[f"{kind}_capacity"] = grouped["capacity"].to_numpy().astype("int64")
        plain = two_step_fca(demand, supply, cost, limit)
        decay = step_weight([limit / 3, 2 * limit / 3, limit], LUO_QI_WEIGHTS)
        enhanced = two_step_fca(demand, supply, cost, limit, weight=decay)
        profile[f"{kind}_2sfca"] = plain.to_numpy()
        profile[f"{kind}_e2sfca"] = enhanced.to_numpy()
        reachable = profile[f"{kind}_capacity"].to_numpy(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            profile[f"{kind}_returnees_per_place"] = np.where(
                reachable > 0, demand.to_numpy() / reachable, np.nan)
        profile[f"{kind}_unserved"] = demand.to_numpy() * np.clip(1 - plain.to_numpy(), 0, 1)
        unserved_columns.append(f"{kind}_unserved")
    capacity_columns = [f"{k}_capacity" for k in kinds]
    profile["kinds_out_of_reach"] = (profile[capacity_columns] == 0).sum(axis=1).astype("int64")
    profile["gap_score"] = profile[unserved_columns].mean(axis=1).round(2)
    order = profile.sort_values(["gap_score", "returnees", "muni_code"],
                                ascending=[False, False, True], kind="stable").index
    profile.loc[order, "priority_rank"] = np.arange(1, len(profile) + 1)
    profile["priority_rank"] = profile["priority_rank"].astype("int64")
    return profile.loc[order].reset_index(drop=True)


def department_profile(profile: pd.DataFrame) -> pd.DataFrame:
    """Aggregate a municipality profile to departments.

    Sums returnees, reachable places and the gap (people without a reachable place),
    counts municipalities with nothing in reach for every kind, and takes the
    returnee-weighted mean of the 2SFCA measures; ranks departments by gap.

    Examples
    --------
    >>> from oportumap import load_sample
    >>> depts = department_profile(municipality_profile(load_sample()))
    >>> len(depts), depts["priority_rank"].tolist()[:1]
    (22, [1])
    """
    kinds = [k for k in OPPORTUNITY_KINDS if f"{k}_unserved" in profile]
    sums = ["returnees", "gap_score"] + [f"{k}_{m}" for k in kinds
                                         for m in ("count", "capacity", "unserved")]
    grouped = profile.groupby(["dept_code", "dept_name"], as_index=False)
    out = grouped[sums].sum()
    out.insert(2, "municipalities", grouped.size()["size"].to_numpy())
    all_out = profile["kinds_out_of_reach"] == len(kinds)
    out["municipalities_out_of_reach"] = (profile.assign(flag=all_out)
                                          .groupby(["dept_code", "dept_name"])["flag"].sum()
                                          .to_numpy())
    weights = profile["returnees"].to_numpy(float)
    for kind in kinds:
        for measure in ("2sfca", "e2sfca"):
            column = f"{kind}_{measure}"
            total = (profile[column] * weights).groupby(
                [profile["dept_code"], profile["dept_name"]]).sum().to_numpy()
            with np.errstate(divide="ignore", invalid="ignore"):
                out[column] = np.where(out["returnees"] > 0, total / out["returnees"], np.nan)
    out["gap_score"] = out["gap_score"].round(2)
    out = out.sort_values(["gap_score", "returnees", "dept_code"],
                          ascending=[False, False, True], kind="stable").reset_index(drop=True)
    out["priority_rank"] = np.arange(1, len(out) + 1)
    return out


def with_population(profile: pd.DataFrame, population: pd.Series) -> pd.DataFrame:
    """The profile plus ``population`` and ``returnees_per_10k`` (returnees per 10,000
    inhabitants): the rate a map should colour by, not the raw count.

    Parameters
    ----------
    profile : pandas.DataFrame
        :func:`municipality_profile`.
    population : pandas.Series
        Inhabitants by ``muni_code`` (:func:`oportumap.loaders.population.read_population`).

    Examples
    --------
    >>> p = pd.DataFrame({"muni_code": ["0101", "1301"], "returnees": [120, 40]})
    >>> with_population(p, pd.Series({"0101": 1_200_000, "1301": 40_000}))[
    ...     "returnees_per_10k"].tolist()
    [1.0, 10.0]
    """
    out = profile.copy()
    people = out["muni_code"].map(population).astype(float)
    out["population"] = people
    with np.errstate(divide="ignore", invalid="ignore"):
        out["returnees_per_10k"] = np.where(people > 0, out["returnees"] * 1e4 / people, np.nan)
    return out
