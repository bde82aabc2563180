"""Travel times by road at Guatemala's scale: oportumap vs networkx (and igraph), same run.

A synthetic network (``synthetic_roads.py``: ~1.5 M routable nodes, highway hierarchy,
unpaved share; written as .osm.pbf with pyosmium, in a child process so its memory is not
counted), the 340 real municipal seats as origins, the seats plus 50,000 opportunity
points as destinations, every trip up to 180 minutes. Timed:

1. **Reading + graph**: pyosmium read, speeds, segments, snapping, compact graph.
   Target <= 90 s.
2. **Times**: all seat -> destination times within 180 min (scipy Dijkstra with a limit,
   chunked over origins, local processes) and the table. Target <= 3 min.
3. **Peak memory** of this process and its workers (VmHWM / ru_maxrss). Target <= 4 GB.
4. **Cached rerun** of :func:`oportumap.travel_times` (hash of the extract + read back).
   Target <= 5 s.
5. **Peers on the same compact graph**: networkx ``single_source_dijkstra_path_length``
   with ``cutoff`` per origin (a subset of origins, scaled to 340) plus building its graph;
   igraph ``distances`` (no cutoff exists) on the same subset, scaled. Ratios printed.
   osmnx is not run: it reads OSM XML through networkx only (no .osm.pbf) and at this
   size holds the full unsimplified graph in Python objects; networkx is its engine.

Run: ``python benchmarks/roads.py [--quick] [--size NODES] [--opportunities N]``.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
MAX_MINUTES = 180.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_500_000, help="routable nodes")
    parser.add_argument("--opportunities", type=int, default=50_000)
    parser.add_argument("--villages", type=int, default=12_000)
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 150,000 nodes, 5,000 opportunities")
    parser.add_argument("--workers", type=int, default=None, help="local processes")
    parser.add_argument("--peer-origins", type=int, default=10,
                        help="origins the peers run (scaled to all seats)")
    parser.add_argument("--osm", type=Path, default=None,
                        help="reuse an extract instead of generating one")
    args = parser.parse_args(argv)
    if args.quick:
        args.size, args.opportunities, args.villages = 150_000, 5_000, 1_500
        args.peer_origins = min(args.peer_origins, 5)
    return args


def peak_mb() -> tuple[float, float]:
    """Peak resident memory (MB) of this process and of its largest finished child."""
    own = children = 0.0
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                own = float(line.split()[1]) / 1024
    except OSError:
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def destinations(args, seats: pd.DataFrame) -> pd.DataFrame:
    sys.path.insert(0, str(HERE))
    from synthetic_roads import build

    net = build(args.size, villages=args.villages)
    rng = np.random.default_rng(7)
    pick = rng.integers(0, len(net["lat"]), args.opportunities)
    jitter = rng.normal(0, 0.4 / 111.2, (args.opportunities, 2))  # ~400 m from the place
    opps = pd.DataFrame({"id": [f"o{i}" for i in range(args.opportunities)],
                         "lat": net["lat"][pick] + jitter[:, 0],
                         "lon": net["lon"][pick] + jitter[:, 1]})
    return pd.concat([seats, opps], ignore_index=True)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    from oportumap.geography import municipalities
    from oportumap.roads import compact_graph, read_osm, segments, snap
    from oportumap.roads.speeds import oneway_code, way_speeds
    from oportumap.roads.times import travel_time_table
    from oportumap.travel import travel_times

    work = Path(tempfile.mkdtemp(prefix="oportumap-roads-"))
    osm = args.osm
    if osm is None:
        osm = work / "synthetic.osm.pbf"
        start = time.perf_counter()
        subprocess.run([sys.executable, str(HERE / "synthetic_roads.py"), str(osm), "--nodes",
                        str(args.size), "--villages", str(args.villages)], check=True)
        print(f"generated in {time.perf_counter() - start:.1f} s (not a target)")
    munis = municipalities()
    seats = pd.DataFrame({"id": munis["muni_code"], "lat": munis["lat"], "lon": munis["lon"]})
    dest = destinations(args, seats)
    rows = []

    # 1. reading + graph
    start = time.perf_counter()
    net = read_osm(osm)
    t_read = time.perf_counter() - start
    start = time.perf_counter()
    kmh = way_speeds(net.ways)
    seg = segments(net, kmh, oneway_code(net.ways["oneway"], net.ways["junction"],
                                         net.ways["highway"]))
    places = snap(pd.concat([seats, dest], ignore_index=True), seg.node_lat, seg.node_lon)
    graph = compact_graph(seg, keep=places["node"].to_numpy()[places["node"].to_numpy() >= 0])
    t_graph = time.perf_counter() - start
    rows.append(("reading (pyosmium)", t_read, ""))
    rows.append(("graph: speeds, segments, snapping, compact", t_graph, ""))
    rows.append(("**reading + graph** (target <= 90 s)", t_read + t_graph, ""))
    print(f"{len(net.refs):,} node refs, {seg.n_nodes:,} routable nodes -> compact graph "
          f"{graph.n_nodes:,} nodes, {graph.n_edges:,} edges; {len(dest):,} destinations")

    # 2. all seat -> destination times within 180 min (the analysis times its own phases)
    table = travel_time_table(net, seats, dest, max_minutes=MAX_MINUTES, workers=args.workers)
    t_times = table.seconds["paths"] + table.seconds["table"]
    rows.append(("shortest paths (scipy, chunks on local processes)", table.seconds["paths"],
                 ""))
    rows.append(("pairs assembled (walk legs, limits)", table.seconds["table"], ""))
    rows.append(("**times within 180 min** (paths + table; target <= 3 min)", t_times,
                 f"{len(table.pairs):,} pairs"))
    own, children = peak_mb()
    rows.append(("**peak memory** (target <= 4 GB)", None,
                 f"{own:,.0f} MB here, {children:,.0f} MB largest worker"))

    # 4. cached rerun through the public function
    cache = work / "cache"
    start = time.perf_counter()
    cold = travel_times(osm, origins=seats, destinations=dest, max_minutes=MAX_MINUTES,
                        cache=cache, workers=args.workers)
    t_cold = time.perf_counter() - start
    start = time.perf_counter()
    warm = travel_times(osm, origins=seats, destinations=dest, max_minutes=MAX_MINUTES,
                        cache=cache, workers=args.workers)
    t_warm = time.perf_counter() - start
    assert warm.from_cache and len(warm.table) == len(cold.table) == len(table.pairs)
    rows.append(("oportumap.travel_times, first run (read + graph + times + cache write)",
                 t_cold, ""))
    rows.append(("**cached rerun** (target <= 5 s)", t_warm, ""))

    # 5. peers on the same compact graph, a subset of origins scaled to every seat
    src_nodes = graph.node_of[places["node"].to_numpy()[:len(seats)]]
    src_nodes = np.unique(src_nodes[src_nodes >= 0])
    dst_nodes = graph.node_of[places["node"].to_numpy()[len(seats):]]
    dst_nodes = np.unique(dst_nodes[dst_nodes >= 0])
    subset = src_nodes[np.linspace(0, len(src_nodes) - 1, args.peer_origins).astype(int)]
    scale = len(src_nodes) / len(subset)
    from scipy.sparse.csgraph import dijkstra

    start = time.perf_counter()
    ours_sub = dijkstra(graph.minutes, indices=subset, limit=MAX_MINUTES)[:, dst_nodes]
    t_ours_sub = (time.perf_counter() - start) * scale
    start = time.perf_counter()
    full_sub = dijkstra(graph.minutes, indices=subset)[:, dst_nodes]
    t_scipy_nolimit = (time.perf_counter() - start) * scale

    import networkx as nx

    coo = graph.minutes.tocoo()
    start = time.perf_counter()
    g = nx.DiGraph()
    g.add_weighted_edges_from(zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist(),
                                  strict=True))
    t_nx_build = time.perf_counter() - start
    start = time.perf_counter()
    nx_rows = [nx.single_source_dijkstra_path_length(g, int(s), cutoff=MAX_MINUTES)
               for s in subset]
    t_nx = (time.perf_counter() - start) * scale
    for i, found in enumerate(nx_rows):  # same answers
        got = ours_sub[i]
        ref = np.array([found.get(int(d), np.inf) for d in dst_nodes])
        assert np.allclose(np.where(np.isfinite(ref), ref, -1), np.where(np.isfinite(got), got,
                                                                         -1), rtol=1e-9)
    del g, nx_rows
    import igraph as ig

    start = time.perf_counter()
    ig_graph = ig.Graph(n=graph.n_nodes, edges=np.column_stack([coo.row, coo.col]).tolist(),
                        directed=True)
    t_ig_build = time.perf_counter() - start
    start = time.perf_counter()
    ig_d = np.array(ig_graph.distances(source=subset.tolist(), target=dst_nodes.tolist(),
                                       weights=coo.data.tolist(), mode="out"))
    t_ig = (time.perf_counter() - start) * scale
    assert np.allclose(np.where(np.isfinite(ig_d), ig_d, -1),
                       np.where(np.isfinite(full_sub), full_sub, -1), rtol=1e-9)
    n_sub = len(subset)
    rows.append((f"scipy dijkstra, limit 180 ({n_sub} origins scaled to {len(src_nodes)})",
                 t_ours_sub, "ours"))
    rows.append(("scipy dijkstra, no limit (same, scaled)", t_scipy_nolimit,
                 f"{t_scipy_nolimit / t_ours_sub:.1f}x ours"))
    rows.append(("networkx build DiGraph (compact graph)", t_nx_build, ""))
    rows.append(("networkx single_source_dijkstra cutoff 180 (scaled)", t_nx,
                 f"{t_nx / t_ours_sub:.1f}x ours"))
    rows.append(("networkx build + paths vs ours paths + table", t_nx_build + t_nx,
                 f"{(t_nx_build + t_nx) / t_times:.1f}x ours"))
    rows.append(("igraph build", t_ig_build, ""))
    rows.append(("igraph distances (no cutoff; scaled)", t_ig,
                 f"{t_ig / t_ours_sub:.1f}x ours"))
    print()
    print("| step | seconds | note |")
    print("|---|---:|---|")
    for name, seconds, note in rows:
        shown = "" if seconds is None else f"{seconds:,.2f}"
        print(f"| {name} | {shown} | {note} |")


if __name__ == "__main__":
    main()
