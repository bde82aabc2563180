"""A synthetic road network at Guatemala's scale, written as .osm.pbf with pyosmium.

Not Guatemala's roads, but their shape and size: the 340 real municipal seats, each with
a street grid sized by its population; ~12,000 villages (aldeas) with a few streets;
trunk and primary roads along a Delaunay triangulation of the seats, secondary roads to
the nearer ones, and tertiary roads, unclassified roads and tracks linking villages to
their neighbours, most of them unpaved (``surface=unpaved|gravel|dirt``, ``tracktype``).
Road nodes are placed every few hundred metres so the network reaches the requested
number of routable nodes (default 1.5 million, about Guatemala's drivable OSM network).

Run: ``python benchmarks/synthetic_roads.py OUT.osm.pbf [--nodes N] [--seed S]``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

# Guatemala's bounding box (without Belize).
LAT_RANGE = (13.75, 17.8)
LON_RANGE = (-92.2, -88.25)
UNPAVED = ("unpaved", "gravel", "dirt", "ground")


def _seats() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    import pandas as pd

    path = Path(__file__).resolve().parents[1] / "geodata" / "gt_municipalities.csv"
    seats = pd.read_csv(path, dtype={"muni_code": str})
    population = pd.to_numeric(seats["seat_population"], errors="coerce").fillna(2000)
    return (seats["seat_lat"].to_numpy(float), seats["seat_lon"].to_numpy(float),
            population.to_numpy(float))


def _delaunay_edges(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    from scipy.spatial import Delaunay

    tri = Delaunay(np.column_stack([lon * np.cos(np.radians(15.0)), lat]))
    s = tri.simplices
    edges = np.concatenate([s[:, [0, 1]], s[:, [1, 2]], s[:, [0, 2]]])
    edges.sort(axis=1)
    return np.unique(edges, axis=0)


def _km(lat1, lon1, lat2, lon2):
    dy = (lat2 - lat1) * 111.2
    dx = (lon2 - lon1) * 111.2 * np.cos(np.radians((lat1 + lat2) / 2))
    return np.hypot(dx, dy)


def build(nodes: int = 1_500_000, *, villages: int = 12_000, seed: int = 1) -> dict:
    """The network as arrays: junction points, ways (as junction pairs or grid lines) and
    tags, with interior nodes filled in to reach ``nodes``."""
    rng = np.random.default_rng(seed)
    s_lat, s_lon, s_pop = _seats()
    n_seats = len(s_lat)
    # Villages cluster around seats (a few km to ~25 km away).
    home = rng.integers(0, n_seats, villages)
    radius = rng.gamma(2.0, 4.0, villages) / 111.2
    angle = rng.uniform(0, 2 * np.pi, villages)
    v_lat = np.clip(s_lat[home] + radius * np.sin(angle), *LAT_RANGE)
    v_lon = np.clip(s_lon[home] + radius * np.cos(angle) / np.cos(np.radians(15)), *LON_RANGE)
    lat = np.concatenate([s_lat, v_lat])
    lon = np.concatenate([s_lon, v_lon])
    # Inter-town roads: Delaunay of the seats; longer edges dropped (no road across the
    # whole Petén), the rest graded by length.
    seat_edges = _delaunay_edges(s_lat, s_lon)
    length = _km(s_lat[seat_edges[:, 0]], s_lon[seat_edges[:, 0]], s_lat[seat_edges[:, 1]],
                 s_lon[seat_edges[:, 1]])
    seat_edges, length = seat_edges[length < 60], length[length < 60]
    grade = np.where(length > 30, "trunk", np.where(length > 15, "primary", "secondary"))
    # Village roads: Delaunay of villages + seats, the shorter edges (two per village).
    all_edges = _delaunay_edges(lat, lon)
    elen = _km(lat[all_edges[:, 0]], lon[all_edges[:, 0]], lat[all_edges[:, 1]],
               lon[all_edges[:, 1]])
    local = all_edges[(all_edges.max(axis=1) >= n_seats) & (elen < 12)]
    keep = rng.random(len(local)) < min(1.0, 2.2 * villages / max(len(local), 1))
    local = local[keep]
    llen = _km(lat[local[:, 0]], lon[local[:, 0]], lat[local[:, 1]], lon[local[:, 1]])
    kind = rng.choice(["tertiary", "unclassified", "track"], len(local), p=[0.35, 0.35, 0.3])
    edges = np.concatenate([seat_edges, local])
    classes = np.concatenate([grade, kind])
    lengths = np.concatenate([length, llen])
    unpaved = np.where(np.isin(classes, ["tertiary", "unclassified", "track"]),
                       rng.random(len(classes)) < 0.65, rng.random(len(classes)) < 0.05)
    surface = np.where(unpaved, rng.choice(UNPAVED, len(classes)), "")
    oneway = np.where(rng.random(len(classes)) < 0.01, "yes", "")
    # Street grids: seats by population (5..30 blocks a side), villages 3x3, 120 m blocks.
    side = np.concatenate([np.clip((np.sqrt(s_pop) / 12).astype(int), 5, 30),
                           np.full(villages, 3)])
    grid_nodes = int((side ** 2).sum())
    road_budget = max(nodes - grid_nodes - len(lat), len(edges))
    spacing = lengths.sum() / road_budget  # km between interior road nodes
    interior = np.maximum((lengths / spacing).astype(np.int64), 0)
    return {"lat": lat, "lon": lon, "edges": edges, "classes": classes, "surface": surface,
            "oneway": oneway, "interior": interior, "side": side, "seed": seed,
            "n_seats": n_seats}


def write(net: dict, path: str | Path) -> dict:
    """Write the network as .osm.pbf (nodes sorted by id, then ways); returns counts."""
    import osmium
    from osmium.osm.mutable import Node, Way

    path = Path(path)
    if path.exists():
        path.unlink()
    rng = np.random.default_rng(net["seed"] + 1)
    lat, lon = net["lat"], net["lon"]
    next_id = len(lat) + 1
    node_lat = [lat]
    node_lon = [lon]
    ways: list[tuple[list[int], dict[str, str]]] = []
    # Roads: straight between their ends, with a little wiggle.
    edges, interior = net["edges"], net["interior"]
    total = int(interior.sum())
    frac = np.concatenate([np.arange(1, k + 1) / (k + 1) for k in interior.tolist()]) \
        if total else np.zeros(0)
    owner = np.repeat(np.arange(len(edges)), interior)
    a, b = edges[owner, 0], edges[owner, 1]
    wiggle = rng.normal(0, 0.0015, total) * np.sin(np.pi * frac)
    node_lat.append(lat[a] + (lat[b] - lat[a]) * frac + wiggle)
    node_lon.append(lon[a] + (lon[b] - lon[a]) * frac - wiggle)
    ids = np.arange(next_id, next_id + total)
    next_id += total
    starts = np.concatenate([[0], np.cumsum(interior)])
    for e, (u, v) in enumerate(edges.tolist()):
        refs = [u + 1, *ids[starts[e]:starts[e + 1]].tolist(), v + 1]
        tags = {"highway": str(net["classes"][e])}
        if net["surface"][e]:
            tags["surface"] = str(net["surface"][e])
            if tags["highway"] == "track":
                tags["tracktype"] = "grade3"
        if net["oneway"][e]:
            tags["oneway"] = "yes"
        for i in range(0, len(refs) - 1, 1999):  # OSM: at most 2,000 nodes per way
            ways.append((refs[i:i + 2000], tags))
    # Street grids centred on each seat and village (the centre is the place's node).
    node_ids = [np.arange(1, len(lat) + 1), ids]
    block = 0.12 / 111.2
    tags = {"highway": "residential"}
    for place, n in enumerate(net["side"].tolist()):
        offsets = (np.arange(n) - n // 2) * block
        glat = lat[place] + np.repeat(offsets[:, None], n, axis=1)
        glon = lon[place] + np.repeat(offsets[None, :], n, axis=0) / np.cos(np.radians(15))
        gid = np.arange(next_id, next_id + n * n).reshape(n, n)
        next_id += n * n
        gid[n // 2, n // 2] = place + 1  # the grid's centre is the place itself
        keep = gid != place + 1
        node_ids.append(gid[keep])
        node_lat.append(glat[keep])
        node_lon.append(glon[keep])
        for r in range(n):
            ways.append((gid[r, :].tolist(), tags))
            ways.append((gid[:, r].tolist(), tags))
    all_lat = np.concatenate(node_lat)
    all_lon = np.concatenate(node_lon)
    all_ids = np.concatenate(node_ids)
    order = np.argsort(all_ids, kind="stable")
    with osmium.SimpleWriter(str(path)) as writer:
        for i, la, lo in zip(all_ids[order].tolist(), all_lat[order].tolist(),
                             all_lon[order].tolist(), strict=True):
            writer.add_node(Node(id=i, location=(lo, la)))
        for w, (refs, tags) in enumerate(ways, start=1):
            writer.add_way(Way(id=w, nodes=refs, tags=tags))
    return {"nodes": len(all_ids), "ways": len(ways), "bytes": path.stat().st_size}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--nodes", type=int, default=1_500_000)
    parser.add_argument("--villages", type=int, default=12_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    counts = write(build(args.nodes, villages=args.villages, seed=args.seed), args.out)
    print(f"{args.out}: {counts['nodes']:,} nodes, {counts['ways']:,} ways, "
          f"{counts['bytes'] / 1e6:.1f} MB in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
