"""From the ways of an extract to a compact directed graph weighted by minutes.

Every stretch between two consecutive nodes of a way is a *segment* (its length on the
ellipsoid, its time at the way's speed). Nodes where nothing happens (inside one way, on
no other way, no place snapped to them) are collapsed: the segments between two kept
nodes become one edge that keeps their summed length and time. One-way ways give one
direction; two parallel edges keep the faster one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from oportumap.costs import distance_km
from oportumap.roads.osm import RoadNetwork

# scipy's csgraph reads an explicit 0 in a sparse matrix as "no edge" in some paths; a
# segment between two nodes at the same spot costs this instead (far below a second).
_MIN_MINUTES = 1e-9


@dataclass(frozen=True)
class Segments:
    """The usable segments of a network for one profile, before collapsing.

    Attributes
    ----------
    node_ids : numpy.ndarray
        OSM ids of the nodes on usable segments (sorted); indices below refer to it.
    node_lat, node_lon : numpy.ndarray
        Their locations.
    position_node : numpy.ndarray
        For each entry of the network's ``refs``, its node index (-1 when unused).
    valid : numpy.ndarray
        For each pair of consecutive entries ``(i, i + 1)``, whether it is a usable segment.
    km, minutes : numpy.ndarray
        Length and time of each pair (meaningful where ``valid``).
    oneway : numpy.ndarray
        Direction of each pair's way (1 along, -1 against, 0 both).
    uses : numpy.ndarray
        How many times each node appears on usable ways (2 or more: a junction).
    """

    node_ids: np.ndarray
    node_lat: np.ndarray
    node_lon: np.ndarray
    position_node: np.ndarray
    valid: np.ndarray
    km: np.ndarray
    minutes: np.ndarray
    oneway: np.ndarray
    uses: np.ndarray

    @property
    def n_nodes(self) -> int:
        return len(self.node_ids)


@dataclass(frozen=True)
class RoadGraph:
    """A compact directed road graph.

    Attributes
    ----------
    minutes : scipy.sparse.csr_matrix
        ``minutes[u, v]``: time of the edge from node ``u`` to ``v``.
    km : scipy.sparse.csr_matrix
        Length of the same edges (same structure).
    node_of : numpy.ndarray
        For each node of :class:`Segments`, its node here (-1 when collapsed).
    component : numpy.ndarray
        Weakly connected piece of each node (0 = the largest).
    component_size : numpy.ndarray
        Nodes in each piece.
    """

    minutes: sparse.csr_matrix
    km: sparse.csr_matrix
    node_of: np.ndarray
    component: np.ndarray
    component_size: np.ndarray

    @property
    def n_nodes(self) -> int:
        return self.minutes.shape[0]

    @property
    def n_edges(self) -> int:
        return int(self.minutes.nnz)


def segments(network: RoadNetwork, kmh: np.ndarray, oneway: np.ndarray) -> Segments:
    """The segments a profile can use: ways with a speed above 0, both ends located.

    Parameters
    ----------
    network : RoadNetwork
    kmh : numpy.ndarray
        Speed of each way (0 = not used), see :func:`oportumap.roads.speeds.way_speeds`.
    oneway : numpy.ndarray
        Direction of each way (1, -1, 0); all 0 for walking.

    Examples
    --------
    >>> import pandas as pd
    >>> from oportumap.roads.osm import network_from_ways
    >>> net = network_from_ways(pd.DataFrame({"highway": ["primary"]}),
    ...                         [[(1, 14.0, -90.0), (2, 14.0, -90.01), (3, 14.0, -90.02)]])
    >>> seg = segments(net, np.array([60.0]), np.array([0]))
    >>> seg.n_nodes, round(float(seg.minutes[seg.valid].sum()), 2)
    (3, 2.16)
    """
    way_of = network.way_of
    lat, lon = network.lat, network.lon
    speed = np.asarray(kmh, dtype=float)[way_of]
    same_way = way_of[:-1] == way_of[1:]
    located = ~(np.isnan(lat) | np.isnan(lon))
    valid = (same_way & (speed[:-1] > 0) & located[:-1] & located[1:]
             & (network.refs[:-1] != network.refs[1:]))
    used = np.zeros(len(way_of), dtype=bool)
    used[:-1] |= valid
    used[1:] |= valid
    node_ids, inverse = np.unique(network.refs[used], return_inverse=True)
    position_node = np.full(len(way_of), -1, dtype=np.int64)
    position_node[used] = inverse
    first = np.full(len(node_ids), -1, dtype=np.int64)
    used_positions = np.flatnonzero(used)
    first[inverse[::-1]] = used_positions[::-1]  # first occurrence of each node
    km = np.zeros(max(len(way_of) - 1, 0))
    idx = np.flatnonzero(valid)
    km[idx] = distance_km(lat[idx], lon[idx], lat[idx + 1], lon[idx + 1])
    with np.errstate(divide="ignore", invalid="ignore"):
        minutes = np.where(valid, km / np.where(speed[:-1] > 0, speed[:-1], 1.0) * 60.0, 0.0)
    return Segments(node_ids, lat[first], lon[first], position_node, valid, km,
                    np.maximum(minutes, _MIN_MINUTES),
                    np.asarray(oneway, dtype=np.int8)[way_of[:-1]] if len(way_of) > 1
                    else np.zeros(0, np.int8),
                    np.bincount(inverse, minlength=len(node_ids)))


def node_pieces(seg: Segments) -> np.ndarray:
    """Connected piece of each node of ``seg`` (0 = the largest, then by size).

    Examples
    --------
    >>> import pandas as pd
    >>> from oportumap.roads.osm import network_from_ways
    >>> net = network_from_ways(pd.DataFrame({"highway": ["primary", "primary"]}),
    ...     [[(1, 14.0, -90.0), (2, 14.0, -90.01), (3, 14.0, -90.02)],
    ...      [(8, 15.0, -90.0), (9, 15.0, -90.01)]])
    >>> node_pieces(segments(net, np.array([60.0, 60.0]), np.array([0, 0]))).tolist()
    [0, 0, 0, 1, 1]
    """
    idx = np.flatnonzero(seg.valid)
    n = seg.n_nodes
    if n == 0:
        return np.zeros(0, np.int64)
    links = sparse.csr_matrix((np.ones(len(idx)), (seg.position_node[idx],
                                                   seg.position_node[idx + 1])), shape=(n, n))
    _, labels = connected_components(links, directed=False)
    return _by_size(labels)


def _by_size(labels: np.ndarray) -> np.ndarray:
    sizes = np.bincount(labels)
    rank = np.empty(len(sizes), dtype=np.int64)
    rank[np.argsort(-sizes, kind="stable")] = np.arange(len(sizes))
    return rank[labels]


def compact_graph(seg: Segments, *, keep: np.ndarray | None = None) -> RoadGraph:
    """Collapse the nodes where nothing happens; keep junctions, way ends and ``keep``.

    Parameters
    ----------
    seg : Segments
    keep : numpy.ndarray, optional
        Node indices (of ``seg``) to keep besides junctions and way ends: the nodes
        places snapped to.

    Examples
    --------
    >>> import pandas as pd
    >>> from oportumap.roads.osm import network_from_ways
    >>> net = network_from_ways(pd.DataFrame({"highway": ["primary"]}),
    ...                         [[(1, 14.0, -90.0), (2, 14.0, -90.01), (3, 14.0, -90.02)]])
    >>> g = compact_graph(segments(net, np.array([60.0]), np.array([0])))
    >>> g.n_nodes, g.n_edges, round(float(g.minutes[0, 1]), 2)
    (2, 2, 2.16)
    """
    n_pos = len(seg.position_node)
    valid = seg.valid
    kept_node = seg.uses >= 2
    if keep is not None and len(keep):
        kept_node[np.asarray(keep, dtype=np.int64)] = True
    node = seg.position_node
    kept_pos = np.zeros(n_pos, dtype=bool)
    on = node >= 0
    kept_pos[on] = kept_node[node[on]]
    # A run of usable segments starts and ends at a kept position (way ends, cuts).
    before = np.concatenate([[False], valid])
    after = np.concatenate([valid, [False]])
    kept_pos |= on & ~(before & after)
    kept_node[node[kept_pos]] = True
    group = np.cumsum(kept_pos)[:-1] - 1  # edge each segment belongs to
    idx = np.flatnonzero(valid)
    g = group[idx]
    n_groups = int(g.max()) + 1 if len(g) else 0
    minutes = np.bincount(g, weights=seg.minutes[idx], minlength=n_groups)
    km = np.bincount(g, weights=seg.km[idx], minlength=n_groups)
    start_pos = np.full(n_groups, -1, dtype=np.int64)
    end_pos = np.full(n_groups, -1, dtype=np.int64)
    start_pos[g[::-1]] = idx[::-1]
    end_pos[g] = idx + 1
    present = start_pos >= 0
    direction = np.zeros(n_groups, dtype=np.int8)
    direction[g] = seg.oneway[idx]
    node_of = np.full(seg.n_nodes, -1, dtype=np.int64)
    node_of[kept_node] = np.arange(int(kept_node.sum()))
    u = node_of[node[start_pos[present]]]
    v = node_of[node[end_pos[present]]]
    minutes, km, direction = minutes[present], km[present], direction[present]
    fwd = direction >= 0
    back = direction <= 0
    src = np.concatenate([u[fwd], v[back]])
    dst = np.concatenate([v[fwd], u[back]])
    t = np.concatenate([minutes[fwd], minutes[back]])
    d = np.concatenate([km[fwd], km[back]])
    loop = src == dst
    src, dst, t, d = src[~loop], dst[~loop], t[~loop], d[~loop]
    # Parallel edges (two ways between the same junctions): keep the faster.
    order = np.lexsort((t, dst, src))
    src, dst, t, d = src[order], dst[order], t[order], d[order]
    first = np.ones(len(src), dtype=bool)
    first[1:] = (src[1:] != src[:-1]) | (dst[1:] != dst[:-1])
    src, dst, t, d = src[first], dst[first], t[first], d[first]
    n = int(kept_node.sum())
    time_matrix = sparse.csr_matrix((np.maximum(t, _MIN_MINUTES), (src, dst)), shape=(n, n))
    km_matrix = sparse.csr_matrix((d, (src, dst)), shape=(n, n))
    if n:
        _, labels = connected_components(time_matrix, directed=True, connection="weak")
        labels = _by_size(labels)
        sizes = np.bincount(labels)
    else:
        labels, sizes = np.zeros(0, np.int64), np.zeros(0, np.int64)
    return RoadGraph(time_matrix, km_matrix, node_of, labels, sizes)
