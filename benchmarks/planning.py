"""Maximal covering at national scale: 340 demand points x 340 candidate sites.

p = 10 new sites with 5 existing sites kept open, solved to optimality (uncapacitated and
capacitated), and spopt's MCLP on the same uncapacitated problem in the same run: once
with the 5 existing sites as spopt "predefined facilities" (the identical problem) and once
without existing sites (spopt's plain formulation).
Run: ``python benchmarks/planning.py [--size N] [--quick]`` (``--size``: demand points =
candidate sites, default the 340 municipalities; fewer take a random subset that keeps the
5 existing sites, more add jittered points around municipal seats; ``--quick``: 100).
"""

from __future__ import annotations

import argparse
import time

MAX_KM = 30.0
P_NEW = 10
EXISTING = ["0101", "0901", "1301", "1601", "0801"]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=340,
                        help="demand points = candidate sites (default 340)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 100 points")
    args = parser.parse_args(argv)
    if args.quick:
        args.size = 100
    if args.size < P_NEW + len(EXISTING):
        parser.error(f"--size must be at least {P_NEW + len(EXISTING)}")
    return args


def _points(size: int, rng):
    """``size`` points: the municipal seats (a subset keeping EXISTING, or jittered extras)."""
    import numpy as np
    import pandas as pd

    from oportumap import municipalities

    munis = municipalities()[["muni_code", "lat", "lon"]]
    if size <= len(munis):
        keep = munis["muni_code"].isin(EXISTING).to_numpy()
        others = rng.choice(np.flatnonzero(~keep), size - keep.sum(), replace=False)
        return munis.iloc[np.sort(np.concatenate([np.flatnonzero(keep), others]))]
    extra = munis.iloc[rng.integers(0, len(munis), size - len(munis))]
    extra = extra.assign(muni_code=[f"X{i:06d}" for i in range(len(extra))],
                         lat=extra["lat"] + rng.normal(0, 0.03, len(extra)),
                         lon=extra["lon"] + rng.normal(0, 0.03, len(extra)))
    return pd.concat([munis, extra], ignore_index=True)


def _spopt(matrix, weights, p: int, predefined) -> tuple[float, float]:
    import pulp
    from spopt.locate import MCLP

    start = time.perf_counter()
    model = MCLP.from_cost_matrix(matrix, weights, service_radius=MAX_KM, p_facilities=p,
                                  predefined_facilities_arr=predefined)
    model = model.solve(pulp.PULP_CBC_CMD(msg=False))
    seconds = time.perf_counter() - start
    return seconds, float(weights[[bool(c) for c in model.cli2fac]].sum())


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)  # before any heavy import: --help does no work
    import numpy as np
    import pandas as pd

    from oportumap.costs import cost_table
    from oportumap.planning import maximal_covering

    rng = np.random.default_rng(5)
    munis = _points(args.size, rng)
    codes = munis["muni_code"].to_numpy()
    demand = pd.Series(rng.integers(0, 2000, len(munis)).astype(float), index=codes)
    points = pd.DataFrame({"id": munis["muni_code"], "lat": munis["lat"], "lon": munis["lon"]})
    cost = cost_table(points, points)  # all 340 x 340 pairs
    cost = cost.assign(origin=cost["origin"].astype(str),
                       destination=cost["destination"].astype(str))

    start = time.perf_counter()
    ours = maximal_covering(demand, cost, MAX_KM, P_NEW, existing=EXISTING)
    ours_time = time.perf_counter() - start

    capacity = pd.Series(rng.integers(2000, 8000, len(munis)).astype(float), index=codes)
    start = time.perf_counter()
    capped = maximal_covering(demand, cost, MAX_KM, P_NEW, existing=EXISTING,
                              capacity=capacity)
    capped_time = time.perf_counter() - start

    start = time.perf_counter()
    free = maximal_covering(demand, cost, MAX_KM, P_NEW)
    free_time = time.perf_counter() - start

    matrix = cost.pivot(index="origin", columns="destination", values="cost").reindex(
        index=codes, columns=codes).to_numpy()
    weights = demand.to_numpy()
    predefined = np.isin(codes, EXISTING).astype(int)
    spopt_fixed_time, spopt_fixed = _spopt(matrix, weights, P_NEW + len(EXISTING), predefined)
    spopt_time, spopt_covered = _spopt(matrix, weights, P_NEW, None)

    rows = [
        ("oportumap, 5 existing kept open", ours_time, ours.covered_after, ours.status),
        ("spopt MCLP, 5 existing as predefined facilities", spopt_fixed_time, spopt_fixed,
         "Optimal"),
        ("oportumap, 5 existing, capacitated", capped_time, capped.covered_after,
         capped.status),
        ("oportumap, no existing", free_time, free.covered_after, free.status),
        ("spopt MCLP, no existing", spopt_time, spopt_covered, "Optimal"),
    ]
    print(f"{len(codes)} demand points x {len(codes)} candidates, reach {MAX_KM:g} km, "
          f"p = {P_NEW} new")
    print(f"{'problem':<52}{'seconds':>9}{'covered':>12}  status")
    for name, seconds, covered, status in rows:
        print(f"{name:<52}{seconds:>9.2f}{covered:>12,.0f}  {status}")
    same = (abs(ours.covered_after - spopt_fixed) < 1e-6
            and abs(free.covered_after - spopt_covered) < 1e-6)
    print(f"Same covered demand as spopt on both problems: {same}")
    # Sites that would add nobody are never proposed (a plan may have fewer than p).
    print(f"New sites proposed: {len(ours.selected)} with existing, {len(capped.selected)} "
          f"capacitated, {len(free.selected)} without existing (asked {P_NEW}); "
          f"smallest gain {min([*ours.marginal_gain, *free.marginal_gain], default=0):,.0f}")
    print(f"Ratio spopt / oportumap: with existing sites {spopt_fixed_time / ours_time:.1f}x, "
          f"without {spopt_time / free_time:.1f}x")
    print(f"Targets: p=10 with existing under 5 s ({'met' if ours_time < 5 else 'NOT met'}), "
          f"capacitated under 30 s ({'met' if capped_time < 30 else 'NOT met'})")


if __name__ == "__main__":
    main()
