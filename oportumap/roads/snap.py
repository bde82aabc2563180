"""Places to the road network: nearest node, and the walk to it.

Like AccessMod, the leg between a place and the road is walked (at
:data:`~oportumap.roads.speeds.WALK_KMH`); a place farther than ``max_snap_km`` from any
road of the extract has no road and is unreachable (said, never a silent 0).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from oportumap.costs import distance_km, unit_xyz
from oportumap.roads.speeds import WALK_KMH

#: A place farther than this from every road is unreachable (2 h on foot).
MAX_SNAP_KM = 10.0
#: Snaps longer than this are reported by name.
REPORT_SNAP_KM = 2.0


#: A place goes to the main network rather than to a closer isolated piece of road (a
#: driveway, a fragment cut from the map) when the main one is at most this much farther.
PREFER_MAIN_KM = 1.0


def snap(points: pd.DataFrame, node_lat: np.ndarray, node_lon: np.ndarray, *,
         max_snap_km: float = MAX_SNAP_KM, walk_kmh: float = WALK_KMH,
         main: np.ndarray | None = None,
         prefer_main_km: float = PREFER_MAIN_KM) -> pd.DataFrame:
    """Nearest network node of each point, the distance to it and the minutes walked.

    Parameters
    ----------
    points : pandas.DataFrame
        ``lat``, ``lon`` (other columns are kept).
    node_lat, node_lon : numpy.ndarray
        Nodes of the network.
    max_snap_km : float
        Farther than this, the point gets node -1 (no road).
    main : numpy.ndarray, optional
        Boolean mask of the nodes on the main network. A point whose nearest node is
        elsewhere goes to the nearest main node instead when that one is at most
        ``prefer_main_km`` farther (OSRM and R5 do likewise with small road islands).

    Returns
    -------
    pandas.DataFrame
        ``points`` plus ``node`` (index into the nodes, -1 when none), ``snap_km`` and
        ``walk_minutes`` (NaN when there is no node).

    Examples
    --------
    >>> pts = pd.DataFrame({"lat": [14.0, 15.0], "lon": [-90.027, -90.0]})
    >>> out = snap(pts, np.array([14.0]), np.array([-90.0]))
    >>> out["node"].tolist(), out["snap_km"].round(2).tolist(), out["walk_minutes"].round(
    ...     1).tolist()
    ([0, -1], [2.92, 110.64], [35.0, nan])
    """
    out = points.copy()
    lat = out["lat"].to_numpy(dtype=float)
    lon = out["lon"].to_numpy(dtype=float)
    if len(node_lat) == 0 or len(out) == 0:
        out["node"] = np.full(len(out), -1, dtype=np.int64)
        out["snap_km"] = np.nan
        out["walk_minutes"] = np.nan
        return out
    tree = cKDTree(unit_xyz(node_lat, node_lon))
    _, nearest = tree.query(unit_xyz(lat, lon), k=1)
    nearest = np.asarray(nearest, dtype=np.int64)
    km = distance_km(lat, lon, node_lat[nearest], node_lon[nearest])
    if main is not None and main.any() and not main.all():
        off_main = np.flatnonzero(~main[nearest])
        if len(off_main):
            main_nodes = np.flatnonzero(main)
            main_tree = cKDTree(unit_xyz(node_lat[main_nodes], node_lon[main_nodes]))
            _, alt = main_tree.query(unit_xyz(lat[off_main], lon[off_main]), k=1)
            alt = main_nodes[np.asarray(alt, dtype=np.int64)]
            alt_km = distance_km(lat[off_main], lon[off_main], node_lat[alt], node_lon[alt])
            better = alt_km <= km[off_main] + prefer_main_km
            nearest[off_main[better]] = alt[better]
            km[off_main[better]] = alt_km[better]
    far = ~(km <= max_snap_km)
    out["node"] = np.where(far, -1, nearest)
    out["snap_km"] = km
    out["walk_minutes"] = np.where(far, np.nan, km / walk_kmh * 60.0)
    return out
