"""Read the roads of an OpenStreetMap extract (.osm.pbf, .osm, .osm.bz2) with pyosmium.

libosmium streams the file and keeps node locations in its own index (C++), so Python only
sees the ways tagged ``highway`` (with the locations of their nodes already filled in);
memory stays near the size of the road network, not of the whole extract.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from oportumap.errors import DataError
from oportumap.files import mark_input

#: Extensions libosmium reads.
OSM_EXTENSIONS = (".osm.pbf", ".pbf", ".osm", ".osm.bz2", ".osm.gz", ".osm.xml")
#: Way tags kept (everything speeds and directions depend on).
WAY_TAGS = ("highway", "surface", "tracktype", "maxspeed", "access", "motor_vehicle", "foot",
            "oneway", "junction")
# libosmium's "undefined" coordinate (a node the extract does not contain).
_UNDEFINED = 2**31 - 1


@dataclass(frozen=True)
class RoadNetwork:
    """Every way tagged ``highway`` of an extract, before choosing a profile.

    Attributes
    ----------
    ways : pandas.DataFrame
        One row per way: ``way_id`` and the tags in :data:`WAY_TAGS` (``""`` when absent).
    refs : numpy.ndarray
        OSM node ids of every way, way after way (int64).
    lat, lon : numpy.ndarray
        Location of each entry of ``refs`` (NaN where the extract lacks the node, as at
        the edge of a cut region).
    way_of : numpy.ndarray
        Row of ``ways`` of each entry of ``refs`` (int32).
    source : str
        File name (for messages).
    """

    ways: pd.DataFrame
    refs: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    way_of: np.ndarray
    source: str = ""

    @property
    def missing_locations(self) -> int:
        """Node references the extract has no location for (cut at its edge)."""
        return int(np.isnan(self.lat).sum())


def network_from_ways(ways: pd.DataFrame, nodes: list[list[tuple[int, float, float]]], *,
                      source: str = "") -> RoadNetwork:
    """Build a :class:`RoadNetwork` from plain Python data (tests, synthetic networks).

    Parameters
    ----------
    ways : pandas.DataFrame
        One row per way with any of :data:`WAY_TAGS` (missing ones are untagged).
    nodes : list
        For each way, its nodes as ``(node_id, lat, lon)``.

    Examples
    --------
    >>> net = network_from_ways(pd.DataFrame({"highway": ["primary"]}),
    ...                         [[(1, 14.0, -90.0), (2, 14.01, -90.0)]])
    >>> net.refs.tolist(), net.ways.loc[0, "oneway"]
    ([1, 2], '')
    """
    frame = pd.DataFrame({"way_id": ways.get("way_id", pd.Series(range(1, len(ways) + 1)))})
    for tag in WAY_TAGS:
        frame[tag] = (ways[tag].fillna("").astype(str).to_numpy() if tag in ways
                      else np.full(len(ways), "", dtype=object))
    lengths = np.array([len(n) for n in nodes], dtype=np.int64)
    flat = [n for way in nodes for n in way]
    refs = np.array([n[0] for n in flat], dtype=np.int64)
    lat = np.array([n[1] for n in flat], dtype=float)
    lon = np.array([n[2] for n in flat], dtype=float)
    return RoadNetwork(frame, refs, lat, lon,
                       np.repeat(np.arange(len(ways), dtype=np.int32), lengths), source)


def read_osm(path: str | Path) -> RoadNetwork:
    """Read every way tagged ``highway`` (and its node locations) from an OSM extract.

    Parameters
    ----------
    path : str or Path
        ``.osm.pbf`` (as published daily for each country), ``.osm`` or ``.osm.bz2``.

    Raises
    ------
    DataError
        The file is missing, not an OpenStreetMap file, or holds no roads.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "tramo.osm"
    >>> _ = p.write_text('''<osm version="0.6">
    ...  <node id="1" lat="14.0" lon="-90.0"/><node id="2" lat="14.01" lon="-90.0"/>
    ...  <way id="7"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/></way>
    ... </osm>''', encoding="utf-8")
    >>> net = read_osm(p)
    >>> net.refs.tolist(), net.ways["highway"].tolist()
    ([1, 2], ['primary'])
    """
    import osmium

    path = Path(path)
    name = path.name
    if not path.is_file():
        raise DataError(f"{name}: el archivo de OpenStreetMap no existe ({path})")
    if not name.lower().endswith(OSM_EXTENSIONS):
        raise DataError(f"{name}: no parece un extracto de OpenStreetMap; use un archivo "
                        ".osm.pbf (o .osm, .osm.bz2) descargado, por ejemplo, de un sitio de "
                        "extractos por país")
    mark_input(path)  # no output of this run may replace the extract
    tags: dict[str, list[str]] = {t: [] for t in WAY_TAGS}
    way_ids: list[int] = []
    points: list[tuple[int, int, int]] = []
    lengths: list[int] = []
    try:
        processor = (osmium.FileProcessor(str(path), osmium.osm.NODE | osmium.osm.WAY)
                     .with_locations()
                     .with_filter(osmium.filter.EntityFilter(osmium.osm.WAY))
                     .with_filter(osmium.filter.KeyFilter("highway")))
        for way in processor:
            way_tags = way.tags
            for tag in WAY_TAGS:
                tags[tag].append(way_tags.get(tag, ""))
            way_ids.append(way.id)
            nodes = way.nodes
            # One pass per way (each NodeRef access crosses into C++): id and location.
            points.extend([(n.ref, n.x, n.y) for n in nodes])
            lengths.append(len(nodes))
    except (RuntimeError, osmium.InvalidLocationError) as exc:
        raise DataError(f"{name}: no se pudo leer como OpenStreetMap ({exc}); descargue el "
                        "extracto de nuevo o conviértalo con 'osmium cat'") from None
    if not way_ids:
        raise DataError(f"{name}: no tiene vías (ninguna etiqueta highway); revise que sea el "
                        "extracto completo y no solo límites o puntos")
    table = np.array(points, dtype=np.int64).reshape(-1, 3)
    del points
    x, y = table[:, 1], table[:, 2]
    bad = (x == _UNDEFINED) | (y == _UNDEFINED)
    lon = np.where(bad, np.nan, x / 1e7)
    lat = np.where(bad, np.nan, y / 1e7)
    ways = pd.DataFrame({"way_id": np.array(way_ids, dtype=np.int64), **tags})
    way_of = np.repeat(np.arange(len(way_ids), dtype=np.int32),
                       np.array(lengths, dtype=np.int64))
    return RoadNetwork(ways, table[:, 0].copy(), lat, lon, way_of, name)
