"""Travel times over a road network: a hand-written extract with times computed by hand,
networkx as the reference on random networks, file formats, cache, profiles, the command."""

from __future__ import annotations

import bz2
import os
import stat

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyproj import Geod
from typer.testing import CliRunner

from oportumap import DataError
from oportumap.cli import app
from oportumap.costs import read_travel_times
from oportumap.roads import network_from_ways, read_osm, read_speeds
from oportumap.roads.ranking import ranking_change
from oportumap.roads.times import travel_time_table
from oportumap.travel import read_points, travel_times

GEOD = Geod(ellps="WGS84")

# The hand-written network (lat, lon). W1 primary 1-2-3-4 along a meridian (a degree-2
# chain); W2 a one-way residential street 4 -> 5; W3 secondary 5-6-7 back north of it;
# W4 gravel tertiary 4-7-8; W5 a road on an island (20-21), connected to nothing.
NODES = {1: (15.00, -91.00), 2: (15.01, -91.00), 3: (15.02, -91.00), 4: (15.03, -91.00),
         5: (15.03, -90.99), 6: (15.04, -90.99), 7: (15.04, -91.00), 8: (15.05, -91.00),
         20: (15.50, -91.50), 21: (15.51, -91.50), 30: (15.00, -90.80), 31: (15.00, -90.79)}
WAYS = [
    (101, [1, 2, 3, 4], {"highway": "primary"}),
    (102, [4, 5], {"highway": "residential", "oneway": "yes"}),
    (103, [5, 6, 7], {"highway": "secondary"}),
    (104, [4, 7, 8], {"highway": "tertiary", "surface": "gravel"}),
    (105, [20, 21], {"highway": "residential"}),
    (106, [30, 31], {"highway": "footway"}),  # not drivable: nobody snaps to it by car
]
# 3 km west of node 1 (off the road), on the island, and far from every road.
OFF_ROAD_LON = -91.00 - 3.0 / 107.5532  # 1 degree of longitude at 15 N is 107.55 km
PLACES = pd.DataFrame({
    "id": ["A", "B", "C", "D", "E", "I", "N"],
    "name": ["Aldea A", "Cruce B", "Colonia C", "Caserío D", "Finca E", "Isla", "Nada"],
    "lat": [15.00, 15.03, 15.03, 15.05, 15.00, 15.505, 16.00],
    "lon": [-91.00, -91.00, -90.99, -91.00, OFF_ROAD_LON, -91.50, -92.00]})


def km(a: int, b: int) -> float:
    (lat1, lon1), (lat2, lon2) = NODES[a], NODES[b]
    return GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000


def path_km(*nodes: int) -> float:
    return sum(km(a, b) for a, b in zip(nodes[:-1], nodes[1:], strict=True))


def osm_xml(ways=WAYS) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="test">']
    for nid, (lat, lon) in NODES.items():
        lines.append(f'  <node id="{nid}" version="1" lat="{lat}" lon="{lon}"/>')
    for wid, refs, tags in ways:
        lines.append(f'  <way id="{wid}" version="1">')
        lines.extend(f'    <nd ref="{r}"/>' for r in refs)
        lines.extend(f'    <tag k="{k}" v="{v}"/>' for k, v in tags.items())
        lines.append("  </way>")
    lines.append("</osm>")
    return "\n".join(lines) + "\n"


def _write_osm(folder, name: str = "red.osm"):
    path = folder / name
    path.write_text(osm_xml(), encoding="utf-8")
    return path


@pytest.fixture
def extract(tmp_path):
    return _write_osm(tmp_path)


def times_of(result) -> dict[tuple[str, str], float]:
    return {(o, d): m for o, d, m in result.table[["origin", "destination", "minutes"]]
            .itertuples(index=False)}


def run(path, places=PLACES, **options):
    options.setdefault("cache", False)
    options.setdefault("workers", 1)
    return travel_times(path, origins=places, **options)


def test_hand_network_times_match_hand_computation(extract):
    t = times_of(run(extract))
    ab = path_km(1, 2, 3, 4) / 60 * 60          # degree-2 chain on a primary at 60 km/h
    assert t["A", "B"] == pytest.approx(ab, rel=1e-4)
    bc = km(4, 5) / 25 * 60                      # the one-way street, with its direction
    assert t["B", "C"] == pytest.approx(bc, rel=1e-4)
    cb = path_km(5, 6, 7) / 50 * 60 + km(7, 4) / 24 * 60  # back around, gravel at 40 x 0.6
    assert t["C", "B"] == pytest.approx(cb, rel=1e-4)
    assert t["C", "B"] > t["B", "C"] + 1
    bd = path_km(4, 7, 8) / 24 * 60              # the unpaved segment
    assert t["B", "D"] == pytest.approx(bd, rel=1e-4)
    assert t["A", "C"] == pytest.approx(ab + bc, rel=1e-4)
    walk = 3.0 / 5 * 60                          # 3 km off the road, walked at 5 km/h
    assert t["E", "A"] == pytest.approx(walk, rel=2e-3)
    assert t["E", "B"] == pytest.approx(walk + ab, rel=2e-3)
    assert t["A", "A"] == 0


def test_far_island_and_roadless_places_are_named_never_zero(extract):
    result = run(extract)
    t = times_of(result)
    far = result.far_snaps
    assert far["id"].tolist() == ["E"]
    assert far.loc[0, "snap_km"] == pytest.approx(3.0, abs=0.01)
    assert "3,0 km" in far.loc[0, "reason"] or "3.0 km" in far.loc[0, "reason"]
    unreachable = result.unreachable.set_index("id")
    assert sorted(unreachable.index) == ["I", "N"]
    assert unreachable.loc["I", "status"] == "island"
    assert "no conecta con la red principal" in unreachable.loc["I", "reason"]
    assert unreachable.loc["N", "status"] == "no_road"
    assert "sin camino a menos de 10 km" in unreachable.loc["N", "reason"]
    for place in ("I", "N"):
        assert not any(place in (o, d) and o != d for o, d in t)
    assert ("N", "N") not in t  # no road at all: not even a zero to itself


def test_footway_is_not_driven_but_walked(extract):
    foot = pd.DataFrame({"id": ["F1", "F2"], "lat": [15.0, 15.0], "lon": [-90.80, -90.79]})
    by_car = run(extract, foot)
    assert ("F1", "F2") not in times_of(by_car)  # they snap to the main network, >10 km
    walked = times_of(run(extract, foot, profile="walk"))
    assert walked["F1", "F2"] == pytest.approx(km(30, 31) / 5 * 60, rel=1e-4)


def test_walk_ignores_one_way_and_bus_is_slower_with_a_wait(extract):
    walk = times_of(run(extract, profile="walk"))
    assert walk["C", "B"] == pytest.approx(km(4, 5) / 5 * 60, rel=1e-4)
    bus = times_of(run(extract, profile="bus"))
    assert bus["B", "C"] == pytest.approx(km(4, 5) / (25 * 0.8) * 60 + 15, rel=1e-4)
    assert bus["A", "A"] == 0


def test_maxspeed_caps_and_tracktype_slows(tmp_path):
    ways = [(101, [1, 2, 3, 4], {"highway": "primary", "maxspeed": "30"}),
            (104, [4, 7, 8], {"highway": "track", "tracktype": "grade4"})]
    path = tmp_path / "tags.osm"
    path.write_text(osm_xml(ways), encoding="utf-8")
    t = times_of(run(path, PLACES.iloc[[0, 1, 3]]))
    assert t["A", "B"] == pytest.approx(path_km(1, 2, 3, 4) / 30 * 60, rel=1e-4)
    assert t["B", "D"] == pytest.approx(path_km(4, 7, 8) / (15 * 0.5) * 60, rel=1e-4)


def test_planner_speeds_are_used_exactly_and_missing_classes_not_driven(extract, write):
    speeds = write("velocidades.csv", "highway,kmh,surface\nprimary,30,\nresidential,10,\n"
                   "tertiary,20,\ntertiary,8,gravel\n")
    t = times_of(run(extract, speeds=speeds))
    assert t["A", "B"] == pytest.approx(path_km(1, 2, 3, 4) / 30 * 60, rel=1e-4)
    assert t["B", "C"] == pytest.approx(km(4, 5) / 10 * 60, rel=1e-4)
    assert t["B", "D"] == pytest.approx(path_km(4, 7, 8) / 8 * 60, rel=1e-4)  # gravel row
    assert ("C", "B") not in t  # secondary is not in the file: C is a dead end by car
    no_surface = write("v2.csv", "highway,kmh\nprimary,30\nresidential,10\ntertiary,20\n")
    t2 = times_of(run(extract, speeds=no_surface))
    assert t2["B", "D"] == pytest.approx(path_km(4, 7, 8) / 20 * 60, rel=1e-4)  # tags ignored


def test_bad_speed_file_names_row_and_column(write):
    speeds = write("velocidades.csv", "highway,kmh\nprimary,rápido\ntrack,0\nprimary,40\n")
    with pytest.raises(DataError) as err:
        read_speeds(speeds)
    message = str(err.value)
    assert "velocidades.csv" in message and "fila 2" in message and "kmh" in message
    assert "fila 3" in message and "fila 4" in message  # 0 km/h, and primary twice
    with pytest.raises(DataError, match="faltan las columnas"):
        read_speeds(write("v.csv", "clase_vial,limite\nprimary,60\n"))


def test_points_file_rejects_bad_rows_and_keeps_the_rest(write):
    pts = read_points(write("puntos.csv", "id,lat,lon,name\nA,15.0,-91.0,Aldea\nB,,-91\n"
                                          "C,15.1,-300,Lejos\nA,15.2,-91.1,Otra\n"))
    assert pts.frame["id"].tolist() == ["A"]
    assert [(p.row, p.column) for p in pts.rejected] == [(3, "lat"), (4, "lon"), (5, "id")]


def test_same_table_from_osm_pbf_and_bz2(extract, tmp_path):
    import osmium

    pbf = tmp_path / "red.osm.pbf"
    with osmium.SimpleWriter(str(pbf)) as writer:
        for obj in osmium.FileProcessor(str(extract)):
            writer.add(obj)
    compressed = tmp_path / "red.osm.bz2"
    compressed.write_bytes(bz2.compress(extract.read_bytes()))
    base = run(extract).table
    for other in (pbf, compressed):
        pd.testing.assert_frame_equal(run(other).table, base)
    net = read_osm(pbf)
    assert len(net.ways) == len(WAYS) and net.missing_locations == 0


def test_cut_extract_keeps_located_stretches_and_says_so(tmp_path):
    text = osm_xml().replace('  <node id="3" version="1" lat="15.02" lon="-91.0"/>\n', "")
    path = tmp_path / "cortado.osm"
    path.write_text(text, encoding="utf-8")
    net = read_osm(path)
    assert net.missing_locations == 1
    result = run(path)
    assert ("A", "B") not in times_of(result)  # the chain is cut at node 3
    assert result.network.missing_locations == 1


def test_not_an_extract_and_missing_file(tmp_path):
    bad = tmp_path / "roto.osm"
    bad.write_text("esto no es xml", encoding="utf-8")
    with pytest.raises(DataError, match="roto.osm"):
        read_osm(bad)
    with pytest.raises(DataError, match="no existe"):
        read_osm(tmp_path / "nada.osm.pbf")
    cut = tmp_path / "cortado.osm.pbf"  # a download that stopped half way
    import osmium

    whole = tmp_path / "entero.osm.pbf"
    with osmium.SimpleWriter(str(whole)) as writer:
        for obj in osmium.FileProcessor(str(_write_osm(tmp_path))):
            writer.add(obj)
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    with pytest.raises(DataError, match="descargue el extracto de nuevo"):
        read_osm(cut)
    empty = tmp_path / "vacio.osm"
    empty.write_text('<osm version="0.6"><node id="1" lat="1" lon="1"/></osm>', encoding="utf-8")
    with pytest.raises(DataError, match="highway"):
        read_osm(empty)


def test_cache_is_reused_and_invalidated_when_speeds_change(extract, tmp_path, write):
    folder = tmp_path / "cache"
    first = run(extract, cache=folder)
    second = run(extract, cache=folder)
    assert not first.from_cache and second.from_cache
    pd.testing.assert_frame_equal(first.table, second.table)
    speeds = write("v.csv", "highway,kmh\nprimary,30\nresidential,10\ntertiary,20\n"
                   "secondary,40\n")
    changed = run(extract, cache=folder, speeds=speeds)
    assert not changed.from_cache
    assert times_of(changed)["A", "B"] > times_of(first)["A", "B"]
    slower = write("v.csv", "highway,kmh\nprimary,20\nresidential,10\ntertiary,20\n"
                   "secondary,40\n")  # same file name, new content
    assert not run(extract, cache=folder, speeds=slower).from_cache
    assert not run(extract, cache=folder, profile="bus").from_cache
    extract.write_text(osm_xml(WAYS[:3]), encoding="utf-8")  # the extract changed
    assert not run(extract, cache=folder).from_cache
    entries = [p for p in folder.iterdir() if not p.name.startswith(".")]
    assert all(stat.S_IMODE(os.stat(p / "pairs.parquet").st_mode) == 0o600 for p in entries)


def test_local_processes_and_dask_cluster_give_the_same_table(extract):
    from dask.distributed import Client, LocalCluster

    base = run(extract, workers=1).table
    chunked = run(extract, workers=2, chunk_size=1)  # more chunks than workers
    pd.testing.assert_frame_equal(chunked.table, base)
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        by_address = run(extract, scheduler=cluster.scheduler_address)
        by_client = run(extract, scheduler=client)
    pd.testing.assert_frame_equal(by_address.table, base)
    pd.testing.assert_frame_equal(by_client.table, base)


# -- against networkx on random networks -------------------------------------------------

@st.composite
def random_network(draw, two_way: bool = False):
    n = draw(st.integers(4, 14))
    rng = np.random.default_rng(draw(st.integers(0, 2**31)))
    lat = 14.0 + rng.uniform(0, 0.2, n)
    lon = -90.0 + rng.uniform(0, 0.2, n)
    n_ways = draw(st.integers(2, 10))
    classes = ["primary", "secondary", "track", "residential"]
    ways, nodes = [], []
    for _ in range(n_ways):
        size = int(rng.integers(2, 5))
        chain = rng.choice(n, size=size, replace=False)
        ways.append({"highway": classes[int(rng.integers(len(classes)))],
                     "surface": "gravel" if rng.random() < 0.3 else "",
                     "oneway": "" if two_way else ("yes" if rng.random() < 0.3 else
                                                   "-1" if rng.random() < 0.1 else "")})
        nodes.append([(int(i) + 1, float(lat[i]), float(lon[i])) for i in chain])
    return network_from_ways(pd.DataFrame(ways), nodes), lat, lon


def networkx_times(net, lat, lon):
    """All-pairs times between the network's own nodes with networkx, no collapsing."""
    import networkx as nx

    from oportumap.roads.speeds import oneway_code, way_speeds

    kmh = way_speeds(net.ways)
    oneway = oneway_code(net.ways["oneway"], net.ways["junction"], net.ways["highway"])
    g = nx.DiGraph()
    g.add_nodes_from(range(1, len(lat) + 1))
    for i in range(len(net.refs) - 1):
        w = net.way_of[i]
        if net.way_of[i + 1] != w or net.refs[i] == net.refs[i + 1]:
            continue
        a, b = int(net.refs[i]), int(net.refs[i + 1])
        dist = GEOD.inv(net.lon[i], net.lat[i], net.lon[i + 1], net.lat[i + 1])[2] / 1000
        minutes = dist / kmh[w] * 60
        for u, v, ok in ((a, b, oneway[w] >= 0), (b, a, oneway[w] <= 0)):
            if ok and (not g.has_edge(u, v) or g[u][v]["weight"] > minutes):
                g.add_edge(u, v, weight=minutes)
    return dict(nx.all_pairs_dijkstra_path_length(g, weight="weight"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_network())
def test_equal_to_networkx_dijkstra_and_triangle_inequality(case):
    net, lat, lon = case
    used = sorted(set(net.refs.tolist()))
    pts = pd.DataFrame({"id": [str(i) for i in used], "lat": lat[np.array(used) - 1],
                        "lon": lon[np.array(used) - 1]})
    ours = travel_time_table(net, pts, pts, workers=1, max_minutes=1e6,
                             prefer_main_km=0).pairs
    got = {(int(o), int(d)): m for o, d, m in ours[["origin", "destination", "minutes"]]
           .itertuples(index=False)}
    reference = networkx_times(net, lat, lon)
    expected = {(a, b): m for a, row in reference.items() for b, m in row.items()
                if a in used and b in used}
    assert set(got) == set(expected)
    for pair, minutes in expected.items():
        assert got[pair] == pytest.approx(minutes, rel=1e-4, abs=1e-6)
    for (a, b), ab in got.items():
        for c in used:
            if (b, c) in got:
                assert got.get((a, c), np.inf) <= ab + got[b, c] + 1e-6


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_network(two_way=True))
def test_two_way_networks_are_symmetric(case):
    net, lat, lon = case
    used = sorted(set(net.refs.tolist()))
    pts = pd.DataFrame({"id": [str(i) for i in used], "lat": lat[np.array(used) - 1],
                        "lon": lon[np.array(used) - 1]})
    pairs = travel_time_table(net, pts, pts, workers=1, max_minutes=1e6,
                             prefer_main_km=0).pairs
    there = pairs.set_index(["origin", "destination"])["minutes"]
    back = pairs.set_index(["destination", "origin"])["minutes"]
    back.index.names = ["origin", "destination"]
    pd.testing.assert_series_equal(there.sort_index(), back.sort_index(), check_exact=False,
                                   rtol=1e-9)


# -- feeding the analyses ------------------------------------------------------------------

def toy_extract(tmp_path):
    """The toy country of test_access (A at 0°, B 0.15° E, C 1° E on the equator): a primary
    road A-B (60 km/h) and a dirt track B-C (15 x 0.6 = 9 km/h)."""
    path = tmp_path / "toy.osm"
    path.write_text(
        '<osm version="0.6">\n'
        '<node id="1" lat="0" lon="0"/><node id="2" lat="0" lon="0.15"/>'
        '<node id="3" lat="0" lon="1"/>\n'
        '<way id="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/></way>\n'
        '<way id="2"><nd ref="2"/><nd ref="3"/><tag k="highway" v="track"/>'
        '<tag k="surface" v="dirt"/></way>\n</osm>\n', encoding="utf-8")
    return path


def test_toy_country_profile_in_road_minutes(tmp_path):
    from test_access import KM_AB, toy_dataset

    from oportumap import municipality_profile
    from oportumap.costs import distance_km

    toy = toy_dataset([("vA", "vacancy", 10, "A"), ("vC", "vacancy", 5, "C")])
    result = travel_times(toy_extract(tmp_path), toy, cache=False, workers=1,
                          max_minutes=1000)
    t = times_of(result)
    assert t["B", "A"] == pytest.approx(KM_AB, rel=1e-6)  # 60 km/h: one minute per km
    km_bc = float(distance_km(0, 0.15, 0, 1.0))
    assert t["B", "C"] == pytest.approx(km_bc / 9 * 60, rel=1e-6)
    opp = result.opportunities.set_index(["origin", "destination"])["minutes"]
    assert opp["B", "vA"] == pytest.approx(KM_AB, rel=1e-6)
    p = municipality_profile(toy, travel_times=result.table, max_minutes=30).set_index(
        "muni_code")
    assert p.loc[["A", "B", "C"], "vacancy_nearest_min"].tolist() == pytest.approx(
        [0, KM_AB, 0])
    # B reaches vA in 16.7 min; C's own vacancy is 567 min from A and B by dirt track.
    assert p.loc[["A", "B", "C"], "vacancy_capacity"].tolist() == [10, 10, 5]
    assert p.loc["A", "vacancy_2sfca"] == pytest.approx(1 / 3)
    tight = municipality_profile(toy, travel_times=result.table, max_minutes=15)
    assert tight.set_index("muni_code").loc["B", "vacancy_capacity"] == 0


def test_referrals_in_road_minutes_between_guatemalan_seats(tmp_path):
    """A primary road from Guatemala City's seat to Mixco's (60 km/h: one minute per km);
    Villa Nueva, 12 km from that road, has no road in this extract."""
    from test_referrals import dataset, offer, person

    from oportumap.referrals import referral_list

    seats = {"0101": (14.64072, -90.51327), "0108": (14.63077, -90.60711)}
    path = tmp_path / "ciudad.osm"
    path.write_text(
        '<osm version="0.6">\n'
        + "".join(f'<node id="{i}" lat="{lat}" lon="{lon}"/>'
                  for i, (lat, lon) in enumerate(seats.values(), start=1))
        + '<way id="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/></way>\n'
        '</osm>\n', encoding="utf-8")
    offers = [offer("V1", "vacancy", "Carpintero"),
              {**offer("V2", "vacancy", "Carpintero"), "muni_code": "0108"},
              {**offer("V3", "vacancy", "Carpintero"), "muni_code": "0115"}]
    ds = dataset([person("R1", "carpintero")], offers)
    result = travel_times(path, ds, cache=False, workers=1)
    road_km = GEOD.inv(-90.51327, 14.64072, -90.60711, 14.63077)[2] / 1000
    assert times_of(result)["0101", "0108"] == pytest.approx(road_km, rel=1e-4)
    villa_nueva = result.unreachable.set_index("id").loc["0115"]
    assert villa_nueva["status"] == "no_road" and villa_nueva["name"].startswith("Villa Nueva")
    table = referral_list(ds, travel_times=result.table, max_minutes=60)
    assert table["opportunity_id"].tolist() == ["V1", "V2"]  # V3: no road to Villa Nueva
    assert table["minutes"].tolist() == [0.0, round(road_km)]
    assert table["reason"].tolist()[1].endswith(f"· {round(road_km)} min por carretera · 1 plaza")
    assert " km" not in table["reason"].tolist()[1]  # the trip, not the straight line
    english = referral_list(ds, travel_times=result.table, max_minutes=60, lang="en")
    assert f"{round(road_km)} min by road" in english["reason"].tolist()[1]


def test_ranking_change_names_who_enters_and_leaves():
    km_profile = pd.DataFrame({"muni_code": list("abcde"), "muni_name": list("ABCDE"),
                               "dept_name": "D", "priority_rank": [1, 2, 3, 4, 5]})
    minutes = km_profile.assign(priority_rank=[2, 5, 1, 3, 4])
    change = ranking_change(km_profile, minutes, top=3)
    assert change.changed == 1
    assert change.entered[["muni_code", "rank_minutes", "rank_km"]].values.tolist() == [
        ["d", 3, 4]]
    assert change.left["muni_code"].tolist() == ["b"]
    assert ranking_change(km_profile, km_profile, top=3).changed == 0


# -- the command ---------------------------------------------------------------------------

def test_command_writes_a_table_every_command_reads(extract, tmp_path, write, monkeypatch):
    monkeypatch.setenv("OPORTUMAP_HOME", str(tmp_path / "home"))
    points = write("lugares.csv", PLACES.to_csv(index=False))
    out = tmp_path / "tiempos.csv"
    runner = CliRunner()
    args = ["travel-times", "--osm", str(extract), "--out", str(out), "--origins",
            str(points), "--workers", "1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Finca E (E)" in result.output and "3.0 km" in result.output
    assert "Isla (I)" in result.output and "Nada (N)" in result.output
    assert out.read_text(encoding="utf-8-sig").startswith("origen,destino,minutos")
    table = read_travel_times(out).set_index(["origin", "destination"])["minutes"]
    assert table["A", "B"] == pytest.approx(round(path_km(1, 2, 3, 4), 1))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # the planner's points may be homes
    places = pd.read_csv(tmp_path / "tiempos_lugares.csv", encoding="utf-8-sig")
    assert sorted(places["id"]) == ["E", "I", "N"]
    status = dict(zip(places["id"], places["Estado"], strict=True))
    assert status == {"E": "lejos del camino", "I": "tramo aislado", "N": "sin camino"}
    again = runner.invoke(app, [*args, "--force"])
    assert "caché" in again.output
    parquet = tmp_path / "tiempos.parquet"
    assert runner.invoke(app, [*args[:4], str(parquet), *args[5:]]).exit_code == 0
    pd.testing.assert_frame_equal(read_travel_times(parquet), read_travel_times(out))
    refused = runner.invoke(app, args)
    assert refused.exit_code == 1 and "ya existe" in refused.output


def test_command_messages_for_bad_input(extract, tmp_path, write):
    runner = CliRunner()
    out = str(tmp_path / "t.csv")
    missing = runner.invoke(app, ["travel-times", "--osm", str(tmp_path / "gt.osm.pbf"),
                                  "--out", out])
    assert missing.exit_code == 1 and "no existe" in missing.output
    assert "Traceback" not in missing.output
    profile = runner.invoke(app, ["travel-times", "--osm", str(extract), "--out", out,
                                  "--profile", "avion"])
    assert profile.exit_code == 1 and "car, bus o walk" in profile.output
    speeds = write("v.csv", "highway,kmh\nprimary,rapido\n")
    bad = runner.invoke(app, ["travel-times", "--osm", str(extract), "--out", out,
                              "--speeds", str(speeds)])
    assert bad.exit_code == 1 and "fila 2" in bad.output
    nowhere = write("p.csv", "id,lat,lon\nX,0.0,0.0\nY,0.0,0.01\n")
    empty = runner.invoke(app, ["travel-times", "--osm", str(extract), "--out", out,
                                "--origins", str(nowhere), "--no-cache"])
    assert empty.exit_code == 3 and "Lugares inalcanzables" in empty.output


def test_classes_left_out_of_a_speed_table_are_listed(extract, write):
    speeds = write("v.csv", "highway,kmh\nprimary,30\nresidential,10\n")
    result = run(extract, speeds=speeds)
    assert result.network.unused_classes == {"secondary": 1, "tertiary": 1}
    assert run(extract).network.unused_classes == {}
    closed = osm_xml([*WAYS, (107, [1, 5], {"highway": "primary", "access": "private"})])
    path = extract.with_name("cerrada.osm")
    path.write_text(closed, encoding="utf-8")
    assert run(path).network.unused_classes == {}  # one closed primary is not a class


def test_synthetic_generator_writes_a_network_the_reader_routes(tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from synthetic_roads import build, write

    path = tmp_path / "sintetica.osm.pbf"
    counts = write(build(40_000, villages=300, seed=3), path)
    net = read_osm(path)
    assert len(net.ways) == counts["ways"] and net.missing_locations == 0
    assert set(net.ways["highway"]) >= {"trunk", "primary", "secondary", "track",
                                        "residential"}
    unpaved = net.ways["surface"].isin(["unpaved", "gravel", "dirt", "ground"])
    rural = net.ways["highway"].isin(["tertiary", "unclassified", "track"])
    assert 0.5 < unpaved[rural].mean() < 0.8
    seats = pd.DataFrame({"id": ["0101", "1301"], "lat": [14.64072, 15.32097],
                          "lon": [-90.51327, -91.47001]})
    result = travel_time_table(net, seats, seats, workers=1, max_minutes=600)
    t = {(o, d): m for o, d, m in result.pairs[["origin", "destination", "minutes"]]
         .itertuples(index=False)}
    # Guatemala City to Huehuetenango: 127 km in a straight line; by these roads longer
    # than 127 km at the fastest class (70 km/h), and reachable.
    assert 127 / 70 * 60 < t["0101", "1301"] < 600


def test_command_runs_on_the_valid_points_and_reports_the_rest(extract, tmp_path, write):
    rows = PLACES.to_csv(index=False) + "Z,norte,-91.0,Sin latitud\n"
    points = write("lugares.csv", rows)
    out = tmp_path / "t.csv"
    result = CliRunner().invoke(app, ["travel-times", "--osm", str(extract), "--out", str(out),
                                      "--origins", str(points), "--workers", "1",
                                      "--no-cache"])
    assert result.exit_code == 0, result.output
    assert "fila 9" in result.output and "lat" in result.output
    assert "1 filas rechazadas, 7 usadas" in result.output  # 8 rows read
    assert set(read_travel_times(out)["origin"]) == {"A", "B", "C", "D", "E", "I"}


def test_a_place_beside_a_road_fragment_goes_to_the_main_network(tmp_path):
    # A 2-node driveway (40, 41) 100 m from P, the primary 600 m away: P is reached through
    # the primary, not declared an island. Another fragment (42, 43) 9 km from the main
    # network: Q beside it stays on it, and is said to be cut off.
    NODES.update({40: (15.011, -90.9955), 41: (15.012, -90.9955),
                  42: (14.95, -90.93), 43: (14.951, -90.93)})
    try:
        ways = [*WAYS, (108, [40, 41], {"highway": "service"}),
                (109, [42, 43], {"highway": "service"})]
        path = tmp_path / "entrada.osm"
        path.write_text(osm_xml(ways), encoding="utf-8")
        places = pd.DataFrame({"id": ["P", "A", "Q"], "lat": [15.0111, 15.0, 14.9505],
                               "lon": [-90.9946, -91.0, -90.935]})
        result = run(path, places)
        walk = GEOD.inv(-90.9946, 15.0111, -91.0, 15.01)[2] / 1000 / 5 * 60
        assert times_of(result)["P", "A"] == pytest.approx(walk + km(1, 2), rel=1e-3)
        assert result.unreachable[["id", "status"]].values.tolist() == [["Q", "island"]]
    finally:
        for node in (40, 41, 42, 43):
            del NODES[node]


@pytest.mark.slow
def test_command_with_a_data_folder_reports_the_ranking_change(tmp_path, monkeypatch):
    """Every seat on a synthetic network: seat -> opportunity times are written and the
    printed ranking change is the one compare_rankings computes."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from synthetic_roads import build, write

    from oportumap.loaders import load_dataset
    from oportumap.sample import write_sample
    from oportumap.travel import compare_rankings

    monkeypatch.setenv("OPORTUMAP_HOME", str(tmp_path / "home"))
    osm = tmp_path / "gt.osm.pbf"
    write(build(60_000, villages=600, seed=5), osm)
    data = tmp_path / "datos"
    write_sample(data, n_returnees=2000, n_vacancies=300)
    out = tmp_path / "tiempos.parquet"
    result = CliRunner().invoke(app, ["travel-times", "--osm", str(osm), "--out", str(out),
                                      "--data", str(data), "--workers", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    table = read_travel_times(out)
    opportunities = pd.read_parquet(tmp_path / "tiempos_oportunidades.parquet")
    assert list(opportunities.columns) == ["origen", "destino", "minutos"]
    dataset = load_dataset(data, errors="report")
    assert set(opportunities["destino"]) <= set(dataset.opportunities["opportunity_id"])
    change = compare_rankings(dataset, table, top=20)
    if change.changed:
        assert f"De los 20 municipios de mayor prioridad, {change.changed} cambian" in \
            result.output
        first = change.entered.iloc[0]
        assert f"entra {first['muni_name']}" in result.output
    else:
        assert "son los mismos en minutos y en km" in result.output
    # The map colours the gap measured in road minutes from the same file.
    html = tmp_path / "mapa.html"
    drawn = CliRunner().invoke(app, ["map", "--data", str(data), "--out", str(html),
                                     "--travel-times", str(out), "--color-by", "gap_score",
                                     "--quiet"])
    assert drawn.exit_code == 0, drawn.output
    assert html.stat().st_size > 100_000


def test_unreachable_scheduler_is_a_message_not_a_traceback(extract, tmp_path, monkeypatch):
    from oportumap.roads import paths

    monkeypatch.setattr(paths, "DASK_CONNECT_SECONDS", 1)
    with pytest.raises(DataError, match="no se pudo conectar con el clúster Dask"):
        run(extract, scheduler="tcp://127.0.0.1:9")
    out = tmp_path / "t.csv"
    result = CliRunner().invoke(app, ["travel-times", "--osm", str(extract), "--out", str(out),
                                      "--scheduler", "tcp://127.0.0.1:9", "--no-cache"])
    assert result.exit_code == 1 and "quite --scheduler" in result.output
    assert not out.exists()


def test_output_never_replaces_the_extract(extract):
    result = CliRunner().invoke(app, ["travel-times", "--osm", str(extract), "--out",
                                      str(extract), "--force"])
    assert result.exit_code == 1 and "use la extensión .parquet, .csv o .xlsx" in result.output
    assert extract.read_text(encoding="utf-8").startswith("<?xml")


@pytest.mark.parametrize("way", [
    (102, [5, 4], {"highway": "residential", "oneway": "-1"}),       # drawn backwards
    (102, [4, 5], {"highway": "residential", "oneway": "true"}),
    (102, [4, 5], {"highway": "residential", "junction": "roundabout"}),
])
def test_one_way_variants_keep_the_direction(tmp_path, way):
    ways = [w if w[0] != 102 else way for w in WAYS]
    path = tmp_path / "sentido.osm"
    path.write_text(osm_xml(ways), encoding="utf-8")
    t = times_of(run(path, PLACES.iloc[[1, 2]]))
    assert t["B", "C"] == pytest.approx(km(4, 5) / 25 * 60, rel=1e-4)
    assert t["C", "B"] == pytest.approx(path_km(5, 6, 7) / 50 * 60 + km(7, 4) / 24 * 60,
                                        rel=1e-4)


def test_two_way_when_oneway_no_even_on_a_roundabout(tmp_path):
    ways = [w if w[0] != 102 else (102, [4, 5], {"highway": "residential", "oneway": "no",
                                                 "junction": "roundabout"}) for w in WAYS]
    path = tmp_path / "doble.osm"
    path.write_text(osm_xml(ways), encoding="utf-8")
    t = times_of(run(path, PLACES.iloc[[1, 2]]))
    assert t["C", "B"] == pytest.approx(t["B", "C"])


def test_processes_from_a_threaded_caller_give_the_same_table(extract):
    """A notebook kernel runs threads: workers then start without fork, same answers."""
    import threading

    base = run(extract, workers=1).table
    stop = threading.Event()
    helper = threading.Thread(target=stop.wait, daemon=True)
    helper.start()
    try:
        threaded = run(extract, workers=2, chunk_size=1)
    finally:
        stop.set()
        helper.join()
    pd.testing.assert_frame_equal(threaded.table, base)


def test_planner_ids_are_kept_as_given(extract):
    odd = PLACES.assign(id=["m:A", "o:B", "C", "D", "E", "I", "N"])
    result = run(extract, odd)
    assert ("m:A", "o:B") in times_of(result)
    assert set(result.unreachable["id"]) == {"I", "N"}
    assert "m:A" in set(result.places["id"])


def test_command_without_an_extract_says_where_to_get_one(tmp_path):
    result = CliRunner().invoke(app, ["travel-times", "--out", str(tmp_path / "t.csv")])
    assert result.exit_code == 1 and "--osm ARCHIVO.osm.pbf" in result.output
