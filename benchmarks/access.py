"""E2SFCA, 340 municipalities x N opportunities: oportumap vs pysal ``access``, same run.

Both sides get the same demand and supply. Timed, each best of ``--repeats``:

1. **Cost table** (pairs within 60 km). Ours: unit-sphere k-d tree radius query, ellipsoidal
   km (:func:`oportumap.costs.cost_table`). Peers: geopandas ``sindex.query(predicate=
   "dwithin")`` on points projected to UTM 15N (the strongest general tool), and pysal
   ``access``'s own ``create_euclidean_distance`` (a cross join of every pair, the way its
   users build a table; skipped above ``--pysal-builder-max`` opportunities, as it holds
   every pair in memory).
2. **E2SFCA on the same cost table** (ours, given to both): Luo & Qi step weights
   1 / 0.68 / 0.22. Ours: :func:`oportumap.access.two_step_fca`; peer: pysal ``access``
   ``enhanced_two_stage_fca``; results agree to the printed relative difference.
3. **Total, cost table included**: ours (k-d tree + ours) vs pysal (its own builder + its
   E2SFCA) and vs geopandas dwithin + pysal.

Prints the Markdown rows the README copies. ``--quick`` for a smoke run (5,000
opportunities, one repeat). Run: ``python benchmarks/access.py [--size N] [--quick]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

# This file is named like the peer package it measures (pysal ``access``): keep its own
# folder off the import path so ``import access`` finds the package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent.resolve()]

MAX_KM = 60.0
UTM_15N = "EPSG:32615"  # Guatemala lies in UTM zones 15 and 16; 15N is the usual choice


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=50_000,
                        help="opportunities (default 50,000)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 5,000 opportunities, one repeat")
    parser.add_argument("--repeats", type=int, default=3, help="best of N (default 3)")
    parser.add_argument("--pysal-builder-max", type=int, default=50_000,
                        help="largest size at which pysal's cross-join builder is timed")
    args = parser.parse_args(argv)
    if args.quick:
        args.size, args.repeats = 5_000, 1
    return args


def best_of(func, repeats: int):
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return min(times), result


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)  # before any heavy import: --help does no work
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    from access import Access
    from access import weights as access_weights

    from oportumap import municipalities
    from oportumap.access import LUO_QI_WEIGHTS, step_weight, two_step_fca
    from oportumap.costs import cost_table

    n = args.size
    rng = np.random.default_rng(42)
    munis = municipalities()
    demand = pd.Series(rng.integers(0, 2000, len(munis)).astype(float),
                       index=munis["muni_code"].to_numpy())
    pick = rng.integers(0, len(munis), n)
    sites = pd.DataFrame({
        "id": [f"o{i}" for i in range(n)],
        "lat": munis["lat"].to_numpy()[pick] + rng.normal(0, 0.05, n),
        "lon": munis["lon"].to_numpy()[pick] + rng.normal(0, 0.05, n),
    })
    supply = pd.Series(rng.integers(1, 30, n).astype(float), index=sites["id"].to_numpy())
    origins = pd.DataFrame({"id": munis["muni_code"], "lat": munis["lat"], "lon": munis["lon"]})
    breaks = [MAX_KM / 3, 2 * MAX_KM / 3, MAX_KM]

    # 1. cost tables
    build_ours, cost = best_of(lambda: cost_table(origins, sites, max_km=MAX_KM), args.repeats)
    origin_pts = gpd.GeoDataFrame(
        {"id": origins["id"].to_numpy(), "demand": demand.to_numpy()},
        geometry=gpd.points_from_xy(origins["lon"], origins["lat"]), crs="EPSG:4326"
    ).to_crs(UTM_15N)
    site_pts = gpd.GeoDataFrame(
        {"id": sites["id"].to_numpy(), "supply": supply.to_numpy()},
        geometry=gpd.points_from_xy(sites["lon"], sites["lat"]), crs="EPSG:4326"
    ).to_crs(UTM_15N)

    def geopandas_dwithin() -> pd.DataFrame:
        left, right = site_pts.sindex.query(origin_pts.geometry, predicate="dwithin",
                                            distance=MAX_KM * 1000)
        metres = origin_pts.geometry.values[left].distance(site_pts.geometry.values[right])
        return pd.DataFrame({"origin": origin_pts["id"].to_numpy()[left],
                             "dest": site_pts["id"].to_numpy()[right], "cost": metres / 1000})

    build_gpd, gpd_cost = best_of(geopandas_dwithin, args.repeats)

    def pysal_model(cost_df: pd.DataFrame | None) -> Access:
        return Access(demand_df=origin_pts, demand_index="id",
                      demand_value="demand", supply_df=site_pts,
                      supply_index="id", supply_value="supply", cost_df=cost_df,
                      cost_origin="origin", cost_dest="dest", cost_name="cost")

    def pysal_e2sfca(model: Access, cost_name: str, scale: float) -> pd.Series:
        weight = access_weights.step_fn(dict(zip([b * scale for b in breaks], LUO_QI_WEIGHTS,
                                                 strict=True)))
        out = model.enhanced_two_stage_fca(name="e2sfca", cost=cost_name,
                                           max_cost=MAX_KM * scale, weight_fn=weight)
        return out.iloc[:, 0].reindex(demand.index).fillna(0.0)

    # 2. the measure on the same (our) cost table
    decay = step_weight(breaks, LUO_QI_WEIGHTS)
    ours_time, ours = best_of(lambda: two_step_fca(demand, supply, cost, MAX_KM, weight=decay),
                              args.repeats)
    shared = cost.rename(columns={"destination": "dest"})[["origin", "dest", "cost"]]
    peer_time, theirs = best_of(lambda: pysal_e2sfca(pysal_model(shared), "cost", 1.0),
                                args.repeats)
    max_rel = float(np.max(np.abs(ours - theirs) / np.maximum(np.abs(theirs), 1e-300)))
    gpd_then_pysal, _ = best_of(lambda: pysal_e2sfca(pysal_model(geopandas_dwithin()),
                                                     "cost", 1.0), args.repeats)

    # 3. pysal with its own builder (every pair, then the threshold)
    if n <= args.pysal_builder_max:
        def pysal_own() -> pd.Series:
            model = pysal_model(None)
            model.create_euclidean_distance(name="euclidean", threshold=MAX_KM * 1000)
            return pysal_e2sfca(model, "euclidean", 1000.0)

        own_time, _ = best_of(pysal_own, 1)
    else:
        own_time = float("nan")

    ours_total = build_ours + ours_time
    print(f"E2SFCA, {len(munis)} municipalities x {n:,} opportunities, {len(cost):,} pairs "
          f"within {MAX_KM:.0f} km (geopandas dwithin on UTM 15N: {len(gpd_cost):,}); best "
          f"of {args.repeats}; pysal and ours agree to {max_rel:.1e} (relative)")
    print()
    print("| step | oportumap | baseline | baseline / ours |")
    print("|---|---|---|---|")
    print(f"| cost table, pairs within {MAX_KM:.0f} km | {build_ours:.2f} s (unit-sphere "
          f"k-d tree, WGS84 km) | geopandas `sindex.query(predicate=\"dwithin\")`, UTM: "
          f"{build_gpd:.2f} s | {build_gpd / build_ours:.1f}× |")
    print(f"| E2SFCA on the same cost table | {ours_time:.2f} s | pysal `access` "
          f"`enhanced_two_stage_fca`: {peer_time:.2f} s | {peer_time / ours_time:.0f}× |")
    print(f"| E2SFCA including the cost table | {ours_total:.2f} s | geopandas dwithin + "
          f"pysal: {gpd_then_pysal:.2f} s | {gpd_then_pysal / ours_total:.1f}× |")
    if own_time == own_time:
        print(f"| E2SFCA including the cost table | {ours_total:.2f} s | pysal "
              f"`create_euclidean_distance` (every pair) + E2SFCA: {own_time:.2f} s | "
              f"{own_time / ours_total:.1f}× |")
    else:
        print(f"(pysal's cross-join builder skipped above {args.pysal_builder_max:,} "
              "opportunities)")


if __name__ == "__main__":
    main()
