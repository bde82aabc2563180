"""E2SFCA on 340 municipalities x 50,000 opportunities: oportumap vs pysal ``access``.

Both get the same demand, supply and cost table (great-circle km within 60 km, Luo & Qi
step weights 1 / 0.68 / 0.22). Run: ``python benchmarks/access.py``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

# This file is named like the peer package it measures (pysal ``access``): keep its own
# folder off the import path so ``import access`` finds the package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent.resolve()]

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from oportumap import municipalities  # noqa: E402
from oportumap.access import step_weight, two_step_fca  # noqa: E402
from oportumap.costs import cost_table  # noqa: E402

N_OPPORTUNITIES = 50_000
MAX_KM = 60.0
REPEATS = 3


def best_of(func, repeats=REPEATS):
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    from access import Access
    from access import weights as access_weights

    rng = np.random.default_rng(42)
    munis = municipalities()
    demand = pd.Series(rng.integers(0, 2000, len(munis)).astype(float),
                       index=munis["muni_code"].to_numpy())
    pick = rng.integers(0, len(munis), N_OPPORTUNITIES)
    sites = pd.DataFrame({
        "id": [f"o{i}" for i in range(N_OPPORTUNITIES)],
        "lat": munis["lat"].to_numpy()[pick] + rng.normal(0, 0.05, N_OPPORTUNITIES),
        "lon": munis["lon"].to_numpy()[pick] + rng.normal(0, 0.05, N_OPPORTUNITIES),
    })
    supply = pd.Series(rng.integers(1, 30, N_OPPORTUNITIES).astype(float),
                       index=sites["id"].to_numpy())
    origins = pd.DataFrame({"id": munis["muni_code"], "lat": munis["lat"], "lon": munis["lon"]})
    build_time, cost = best_of(lambda: cost_table(origins, sites, max_km=MAX_KM))
    decay = step_weight([MAX_KM / 3, 2 * MAX_KM / 3, MAX_KM], [1.0, 0.68, 0.22])
    ours_time, ours = best_of(lambda: two_step_fca(demand, supply, cost, MAX_KM, weight=decay))

    def peer():
        model = Access(
            demand_df=pd.DataFrame({"id": demand.index, "demand": demand.to_numpy()}),
            demand_index="id", demand_value="demand",
            supply_df=pd.DataFrame({"id": supply.index, "supply": supply.to_numpy()}),
            supply_index="id", supply_value="supply",
            cost_df=cost.rename(columns={"destination": "dest"})[["origin", "dest", "cost"]],
            cost_origin="origin", cost_dest="dest", cost_name="cost")
        weight = access_weights.step_fn({MAX_KM / 3: 1.0, 2 * MAX_KM / 3: 0.68, MAX_KM: 0.22})
        return model.enhanced_two_stage_fca(name="e2sfca", max_cost=MAX_KM, weight_fn=weight)

    peer_time, theirs = best_of(peer, repeats=1)
    theirs = theirs.iloc[:, 0].reindex(demand.index).fillna(0.0)
    max_rel = float(np.max(np.abs(ours - theirs) / np.maximum(np.abs(theirs), 1e-300)))
    print(f"E2SFCA, {len(munis)} municipalities x {N_OPPORTUNITIES:,} opportunities, "
          f"{len(cost):,} pairs within {MAX_KM:.0f} km")
    print(f"{'step':<44}{'seconds':>10}")
    print(f"{'cost table (k-d tree radius query)':<44}{build_time:>10.3f}")
    print(f"{'oportumap.access.two_step_fca (E2SFCA)':<44}{ours_time:>10.3f}")
    print(f"{'pysal access enhanced_two_stage_fca':<44}{peer_time:>10.3f}")
    print(f"ratio (pysal / ours): {peer_time / ours_time:.0f}x; "
          f"max relative difference {max_rel:.1e}")
    print(f"Targets: ours under 1 s ({'met' if ours_time < 1 else 'NOT met'}), at least 10x "
          f"faster ({'met' if peer_time / ours_time >= 10 else 'NOT met'}).")


if __name__ == "__main__":
    main()
