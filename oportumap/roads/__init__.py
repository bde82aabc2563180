"""Travel time over the road network, from a planner's own OpenStreetMap extract.

Pure analyses (data in, tables out): :mod:`~oportumap.roads.osm` reads the extract,
:mod:`~oportumap.roads.speeds` gives each way its speed for a profile,
:mod:`~oportumap.roads.graph` builds the compact graph, :mod:`~oportumap.roads.snap` puts
places on it, :mod:`~oportumap.roads.paths` runs the shortest paths (chunked; local
processes or Dask), :mod:`~oportumap.roads.times` assembles the tables and
:mod:`~oportumap.roads.ranking` compares two priority rankings. Caching and
writing files live outside (the front: :func:`oportumap.travel_times`).
"""

from __future__ import annotations

from oportumap.roads.graph import RoadGraph, Segments, compact_graph, segments
from oportumap.roads.osm import RoadNetwork, network_from_ways, read_osm
from oportumap.roads.paths import ChunkTimes, chunk_times, many_to_many
from oportumap.roads.snap import MAX_SNAP_KM, REPORT_SNAP_KM, snap
from oportumap.roads.speeds import (
    PROFILES,
    SpeedTable,
    oneway_code,
    parse_maxspeed,
    read_speeds,
    way_speeds,
)

__all__ = [
    "MAX_SNAP_KM",
    "PROFILES",
    "REPORT_SNAP_KM",
    "ChunkTimes",
    "RoadGraph",
    "RoadNetwork",
    "Segments",
    "SpeedTable",
    "chunk_times",
    "compact_graph",
    "many_to_many",
    "network_from_ways",
    "oneway_code",
    "parse_maxspeed",
    "read_osm",
    "read_speeds",
    "segments",
    "snap",
    "way_speeds",
]
