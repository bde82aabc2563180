"""Referral follow-up store: record, import filled workbooks, history rules, outcomes.

Every store test runs twice: on a SQLite file and on a real PostgreSQL server the tests
start themselves (Debian's binaries in /usr/lib/postgresql/15/bin). Under ``CI=true`` a
missing PostgreSQL fails the run instead of skipping.
"""

from __future__ import annotations

import datetime as dt
import math
import multiprocessing
import os
import shutil
import socket
import stat
import subprocess
import tempfile
import uuid
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from oportumap.errors import DataError
from oportumap.referrals import remaining_seats
from oportumap.tracking import (
    conflicts,
    current_status,
    history,
    import_status,
    open_store,
    outcomes,
    record_referrals,
    seats_used,
)
from oportumap.tracking.capacity import referral_plan_tracked
from oportumap.tracking.store import upgrade


def _pg_bin() -> Path:
    """Debian's PostgreSQL binaries (newest version installed), or $OPORTUMAP_PG_BIN."""
    if os.environ.get("OPORTUMAP_PG_BIN"):
        return Path(os.environ["OPORTUMAP_PG_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit()
                   else 0)
    return found[-1].parent if found else Path("/usr/lib/postgresql/15/bin")


PG_BIN = _pg_bin()
ISSUED = dt.datetime(2025, 3, 1, 9, 30)
TODAY = dt.date(2025, 6, 30)


# --------------------------------------------------------------------------- back-ends


def _missing_postgres(reason: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL is required under CI=true: {reason}")
    pytest.skip(reason)


def _as_postgres(command: list[str]) -> list[str]:
    # initdb refuses to run as root: run the server as the postgres system user.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@pytest.fixture(scope="session")
def pg_server():
    """A throw-away PostgreSQL cluster on a free port; yields its base URL."""
    if not (PG_BIN / "initdb").exists():
        _missing_postgres(f"{PG_BIN}/initdb not found (apt-get install postgresql)")
    root = Path(tempfile.mkdtemp(prefix="oportumap-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data, log = root / "data", root / "server.log"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    try:
        subprocess.run(_as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-U",
                                     "oportumap", "--auth=trust", "-E", "UTF8",
                                     "--locale=C"]), check=True, capture_output=True)
        subprocess.run(_as_postgres([
            str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o",
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off", "start"]),
            check=True, capture_output=True)
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        _missing_postgres(f"could not start PostgreSQL: {exc} {detail.decode()[-500:]}")
    try:
        yield f"postgresql+psycopg://oportumap@127.0.0.1:{port}"
    finally:
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast",
                                     "-w", "stop"]), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path):
    """A fresh, empty store on each back-end."""
    if request.param == "sqlite":
        return str(tmp_path / "seguimiento.db")
    import psycopg

    base = request.getfixturevalue("pg_server")
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base.replace("+psycopg", "") + "/postgres",
                         autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"{base}/{name}"


# --------------------------------------------------------------------------- data


def _referrals() -> pd.DataFrame:
    """Eight referrals of six people, typed by hand (homes in dept 01 and 16)."""
    rows = [
        # returnee, opportunity, stage, kind, rank, provider, home muni, offer muni
        ("P-1", "V-1", "employment", "vacancy", 1, "Empresa A", "0101", "0101"),
        ("P-1", "T-1", "training", "training", 2, "INTECAP", "0101", "0108"),
        ("P-2", "V-1", "employment", "vacancy", 1, "Empresa A", "0102", "0101"),
        ("P-3", "V-2", "employment", "vacancy", 1, "Empresa B", "1601", "1601"),
        ("P-3", "C-1", "certification", "certification", 2, "INTECAP", "1601", "1601"),
        ("P-4", "V-2", "employment", "vacancy", 1, "Empresa B", "1601", "1601"),
        ("P-5", "E-1", "entrepreneurship", "entrepreneurship", 1, "Programa X", "0101",
         "0101"),
        ("P-6", "V-1", "employment", "vacancy", 1, "Empresa A", "1601", "0101"),
    ]
    frame = pd.DataFrame(rows, columns=["returnee_id", "opportunity_id", "stage", "kind",
                                        "rank", "provider", "home_muni_code", "muni_code"])
    frame["score"] = 0.8
    frame["reason"] = "Coincide ocupación · 3 km · 2 plazas"
    return frame


def _record(db) -> dict[str, str]:
    """Record the hand-written run; return {"P-1/V-1": referral_id, ...}."""
    table = record_referrals(db, _referrals(), as_of="2025-02-28", issued_at=ISSUED).referrals
    return dict(zip(table["returnee_id"] + "/" + table["opportunity_id"],
                    table["referral_id"], strict=True))


def _workbook(path: Path, sheets: dict[str, list[tuple]], *, extra: bool = True) -> Path:
    """A referral workbook as a coordinator keeps it (header row, then one row each)."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        ws.append(["Departamento", "ID retornado", "ID referencia", "Oportunidad", "Estado",
                   "Fecha estado", "Nota"])
        for row in rows:
            ws.append(list(row))
    if extra:  # a sheet that is not a referral list
        ws = book.create_sheet("Demanda no cubierta")
        ws.append(["Municipio", "Sin referencia"])
        ws.append(["Cobán", 12])
    book.save(path)
    return path


def _row(ids, key, status="", date=None, note=None, dept="Guatemala"):
    returnee, opportunity = key.split("/")
    return (dept, returnee, ids[key], opportunity, status, date, note)


def _coordinator_files(folder: Path, ids: dict[str, str]) -> dict[str, Path]:
    """Week 1 (A1), week 3 (A2, re-sorted, Excel dates), A1's renamed copy, and B."""
    a1 = _workbook(folder / "semana1.xlsx", {
        "Guatemala": [
            _row(ids, "P-1/V-1", "Contactado", "05/03/2025", "llamó el lunes"),
            _row(ids, "P-1/T-1", "inscrito", "06/03/2025"),
            _row(ids, "P-2/V-1", "No se presentó", "07/03/2025"),
            _row(ids, "P-5/E-1", "Contactada", "04/03/2025"),
        ],
        "Alta Verapaz": [
            _row(ids, "P-3/V-2", "CONTACTADO", "5/3/2025", dept="Alta Verapaz"),
            _row(ids, "P-3/C-1", dept="Alta Verapaz"),
            _row(ids, "P-4/V-2", "Rechazado", "08/03/2025", dept="Alta Verapaz"),
            _row(ids, "P-6/V-1", dept="Alta Verapaz"),
        ],
    })
    a2 = _workbook(folder / "semana3.xlsx", {
        # the coordinator sorted by status and merged both departments in one sheet
        "Todos": [
            _row(ids, "P-6/V-1", "Contactado", dt.datetime(2025, 3, 21)),
            _row(ids, "P-5/E-1", "Emprendimiento iniciado", dt.datetime(2025, 3, 28)),
            _row(ids, "P-4/V-2", "Rechazado", dt.datetime(2025, 3, 8)),
            _row(ids, "P-3/V-2", "Colocado", dt.datetime(2025, 3, 22)),
            _row(ids, "P-3/C-1"),
            _row(ids, "P-2/V-1", "No se presentó", dt.datetime(2025, 3, 7)),
            _row(ids, "P-1/V-1", "colocado", dt.datetime(2025, 3, 20), "+502 5555-1234"),
            _row(ids, "P-1/T-1", "Certificado", dt.datetime(2025, 3, 25)),
        ],
    }, extra=False)
    copy = folder / "copia de semana1 (Ana).xlsx"
    shutil.copy(a1, copy)
    b = _workbook(folder / "coordinadora_B.xlsx", {
        "Alta Verapaz": [
            _row(ids, "P-6/V-1", "Rechazado", "2025-03-21", "no le interesa"),
            _row(ids, "P-3/V-2", "Colocado", "22/03/2025"),
        ],
    })
    return {"a1": a1, "a2": a2, "copy": copy, "b": b}


def _events(db) -> int:
    return len(history(db))


# --------------------------------------------------------------------------- store


def test_sqlite_file_is_private_and_in_wal_mode(tmp_path):
    path = tmp_path / "nuevo" / "seguimiento.db"
    store = open_store(path)
    try:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        with store.read() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        store.close()
    _record(path)  # the WAL side files are private too
    for side in tmp_path.glob("nuevo/seguimiento.db*"):
        assert stat.S_IMODE(side.stat().st_mode) & 0o077 == 0, side


def test_store_from_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("OPORTUMAP_DB", str(tmp_path / "env.db"))
    _record(None)
    assert (tmp_path / "env.db").exists()
    monkeypatch.delenv("OPORTUMAP_DB")
    with pytest.raises(DataError, match="--db"):
        open_store(None)


def test_referral_ids_are_stable_short_and_distinct():
    from oportumap.tracking.record import referral_ids

    ids = referral_ids(["R-1", "R-1", "R-2"], ["V-9", "V-9", "V-9"],
                       ["employment", "training", "employment"], "2025-11-30")
    # pinned: an ID printed in a workbook must find its referral in every later release
    assert ids.tolist() == ["M5GWBXTFHM4P", "SHQCC35H0ZQB", "WXBNWFFM5TK5"]
    assert len(set(ids)) == 3 and all(len(i) == 12 for i in ids)
    other_date = referral_ids(["R-1"], ["V-9"], ["employment"], "2025-12-31")
    assert other_date[0] != ids[0]


def test_recording_twice_adds_nothing(db):
    first = record_referrals(db, _referrals(), as_of="2025-02-28", issued_at=ISSUED)
    again = record_referrals(db, _referrals(), as_of="2025-02-28", issued_at=ISSUED)
    assert first.recorded == 8 and again.recorded == 0
    assert first.referrals.columns[0] == "referral_id"
    assert first.referrals["referral_id"].tolist() == again.referrals["referral_id"].tolist()
    # a run that repeats 8 referrals and adds one: issued counts each referral once
    more = pd.concat([_referrals(), _referrals().head(1).assign(opportunity_id="V-9")])
    assert record_referrals(db, more, as_of="2025-02-28", issued_at=ISSUED).recorded == 1
    table = outcomes(db, by="provider").set_index("group")["issued"]
    assert table.to_dict() == {"Empresa A": 4, "Empresa B": 2, "INTECAP": 2,
                               "Programa X": 1, "Total": 9}


# --------------------------------------------------------------------------- round trip


def test_round_trip_history_conflicts_and_outcomes(db, tmp_path):
    ids = _record(db)
    files = _coordinator_files(tmp_path, ids)
    # the newer file first: the older one must not overwrite it
    order = [files["a2"], files["a1"], files["copy"], files["b"]]
    first = import_status(db, order, today=TODAY)
    a2, a1, copy, b = first
    assert (a2.rows_read, a2.accepted, a2.rejected, a2.events_added) == (8, 8, 0, 7)
    assert (a1.rows_read, a1.accepted, a1.rejected) == (8, 8, 0)
    # A1 adds the week-1 steps; its No se presentó and Rechazado are already known
    assert (a1.events_added, a1.unchanged) == (4, 4)
    assert copy.already_imported and copy.events_added == 0
    assert (b.events_added, b.unchanged, b.conflicts) == (1, 1, 1)
    assert a1.sheets_skipped == ["Demanda no cubierta"]
    # importing everything again (and a re-saved copy) adds nothing
    assert all(s.already_imported for s in import_status(db, order, today=TODAY))
    resaved = tmp_path / "semana3 reordenada.xlsx"
    book = load_workbook(files["a2"])
    book["Todos"].move_range("A2:G9", rows=1)  # shift rows: positions change
    book.save(resaved)
    again = import_status(db, resaved, today=TODAY)[0]
    assert (again.already_imported, again.events_added, again.accepted) == (False, 0, 8)
    assert _events(db) == 12

    current = current_status(db).set_index("referral_id")["status"]
    assert current[ids["P-1/V-1"]] == "placed"  # 20/03 beats 05/03 imported later
    assert current[ids["P-1/T-1"]] == "certified"
    assert current[ids["P-5/E-1"]] == "business_started"
    assert current[ids["P-6/V-1"]] == "rejected"  # same-day tie: later in the list wins
    assert ids["P-3/C-1"] not in current.index

    clash = conflicts(db)
    assert set(clash["referral_id"]) == {ids["P-6/V-1"]}
    assert sorted(clash["status"]) == ["contacted", "rejected"]
    assert sorted(clash["source_file"]) == ["coordinadora_B.xlsx", "semana3.xlsx"]
    assert set(clash["row"]) == {2}

    events = history(db).set_index(["referral_id", "status"])
    # Inscrito without Contactado: accepted and flagged; Certificado after it is not
    assert events.loc[(ids["P-1/T-1"], "enrolled"), "flags"] == "skipped_step"
    assert events.loc[(ids["P-1/T-1"], "certified"), "flags"] == ""
    # Colocado arrived before its Contactado (older file imported later): flag cleared
    assert events.loc[(ids["P-1/V-1"], "placed"), "flags"] == ""
    placed = events.loc[(ids["P-1/V-1"], "placed")]
    assert (placed["source_file"], placed["sheet"], placed["row"]) == (
        "semana3.xlsx", "Todos", 8)
    assert placed["note"] == "+502 5555-1234"

    table = outcomes(db, by="department").set_index("group")
    expected = {  # counted by hand from the files above
        "01": dict(issued=4, contacted=3, enrolled=1, certified=1, placed=2, no_show=1,
                   rejected=0),
        "16": dict(issued=4, contacted=2, enrolled=0, certified=0, placed=1, no_show=0,
                   rejected=2),
        "Total": dict(issued=8, contacted=5, enrolled=1, certified=1, placed=3, no_show=1,
                      rejected=2),
    }
    for group, counts in expected.items():
        assert table.loc[group, list(counts)].astype(int).to_dict() == counts, group
    assert table.loc["01", "name"] == "Guatemala"
    assert table.loc["16", "name"] == "Alta Verapaz"
    assert table.loc["01", "placement_rate"] == pytest.approx(0.5)
    assert table.loc["16", "contact_rate"] == pytest.approx(0.5)
    assert table.loc["01", "median_days_to_placement"] == 23  # 19 and 27 days
    assert table.loc["16", "median_days_to_placement"] == 21
    assert table.loc["Total", "median_days_to_placement"] == 21

    providers = outcomes(db, by="provider", total=False).set_index("group")
    assert providers.loc["Empresa A", ["issued", "placed"]].tolist() == [3, 1]
    assert providers.loc["Empresa A", "placement_rate"] == pytest.approx(1 / 3)
    stages = outcomes(db, by="etapa", total=False).set_index("group")
    assert stages.loc["employment", "issued"] == 5
    # until the day before issue: nothing
    assert outcomes(db, until="2025-02-28").empty

    opps = pd.DataFrame({"opportunity_id": ["V-1", "V-2", "T-1", "C-1", "E-1", "S-1"],
                         "capacity": [1, 3, 10, 5, 20, 4]})
    seats = remaining_seats(opps, seats_used(db)).set_index("opportunity_id")
    # V-1: P-1 placed; V-2: P-3 placed; T-1: P-1 enrolled then certified (one seat);
    # E-1: business started; C-1 and the service untouched
    assert seats["used"].to_dict() == {"V-1": 1, "V-2": 1, "T-1": 1, "C-1": 0, "E-1": 1,
                                       "S-1": 0}
    assert seats["remaining"].to_dict() == {"V-1": 0, "V-2": 2, "T-1": 9, "C-1": 5,
                                            "E-1": 19, "S-1": 4}


def test_csv_import_and_every_rejection_reason(db, tmp_path):
    ids = _record(db)
    p1 = ids["P-1/V-1"]
    lines = [
        "ID referencia;Estado;Fecha estado;Nota",
        f"{p1};Contactado;10/03/2025;",            # 2 accepted
        "ZZZZZZZZZZZZ;Contactado;10/03/2025;",     # 3 unknown ID
        f"{ids['P-2/V-1']};Pendiente;10/03/2025;",  # 4 unknown status
        f"{ids['P-3/V-2']};Colocado;01/07/2025;",  # 5 after today
        f"{ids['P-4/V-2']};Colocado;28/02/2025;",  # 6 before the referral was issued
        f"{ids['P-5/E-1']};Contactado;32/13/2025;",  # 7 impossible date
        f"{ids['P-6/V-1']};;10/03/2025;",          # 8 date without status
        f"{ids['P-1/T-1']};Inscrito;;",            # 9 status without date
        ";Colocado;10/03/2025;",                   # 10 no ID
        f"{ids['P-3/C-1']};;;sin novedad",         # 11 accepted, no change
        ";;;",                                      # blank line: counted, not read
    ]
    path = tmp_path / "estados.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = import_status(db, path, today=TODAY)[0]
    assert (summary.rows_read, summary.accepted, summary.rejected) == (10, 2, 8)
    assert summary.accepted + summary.rejected == summary.rows_read
    assert summary.blank == 1 and "1 fila vacía" in summary.message()
    assert summary.events_added == 1
    rejected = summary.rejected_rows.set_index("row")
    assert rejected.index.tolist() == [3, 4, 5, 6, 7, 8, 9, 10]
    assert set(rejected["file"]) == {"estados.csv"}
    assert rejected.loc[3, "reason"].startswith("ID desconocido: «ZZZZZZZZZZZZ» no está en "
                                                "ninguna lista emitida")
    assert rejected.loc[4, "column"] == "Estado" and rejected.loc[4, "value"] == "Pendiente"
    assert "Referido, Contactado" in rejected.loc[4, "reason"]
    assert "futuro" in rejected.loc[5, "reason"]
    assert "anterior a la emisión de la referencia (01/03/2025)" in rejected.loc[6, "reason"]
    assert rejected.loc[7, "reason"] == "fecha imposible (mes 13)"
    assert "falta «Estado»" in rejected.loc[8, "reason"]
    assert "falta la fecha: escriba «Fecha estado»" in rejected.loc[9, "reason"]
    assert "falta «ID referencia»" in rejected.loc[10, "reason"]
    assert "8 rechazadas" in summary.message()
    assert _events(db) == 1


def test_hand_typed_states_and_dates_are_read_by_the_shared_readers(db, tmp_path):
    """Typos, feminine forms and phrases are understood and reported; doubt is not accepted;
    a dotted date (once only accepted here) and a Spanish month name are read."""
    ids = _record(db)
    lines = [
        "ID referencia;Estado;Fecha estado;Nota",
        f"{ids['P-1/V-1']};Colocada;15.03.2025;",            # 2 feminine form, dotted date
        f"{ids['P-2/V-1']};inscirto;3 de abril de 2025;",     # 3 typo, month name
        f"{ids['P-3/V-2']};contactado?;10/03/2025;",          # 4 doubt: rejected
        f"{ids['P-4/V-2']};no contactado;10/03/2025;",        # 5 negation: question
        f"{ids['P-5/E-1']};caso cerrado;mar-2025;",           # 6 no day: rejected
        f"{ids['P-6/V-1']};asistió al curso;00-00-00;",       # 7 unknown date: missing
    ]
    path = tmp_path / "a_mano.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = import_status(db, path, today=TODAY)[0]
    assert (summary.rows_read, summary.accepted, summary.rejected) == (6, 2, 4)
    rejected = summary.rejected_rows.set_index("row")
    assert "lleva «?» (duda)" in rejected.loc[4, "reason"]
    assert "negación de «Contactado»" in rejected.loc[5, "reason"]
    assert rejected.loc[6, "reason"].startswith("fecha sin día («mar-2025»)")
    assert "falta la fecha: escriba «Fecha estado»" in rejected.loc[7, "reason"]
    said = {i.value: i.meaning for i in summary.interpretations}
    assert said["Colocada"] == "Colocado (femenino)"
    assert said["inscirto"].startswith("Inscrito (error de tecleo")
    assert said["contactado?"].startswith("«contactado?» lleva «?»")
    history_ = history(db)
    assert sorted(history_["status"]) == ["enrolled", "placed"]
    assert sorted(history_["status_date"].astype(str)) == ["2025-03-15", "2025-04-03"]


def test_unreadable_or_incomplete_files_store_nothing(db, tmp_path):
    ids = _record(db)
    no_status = tmp_path / "sin_estado.xlsx"
    book = Workbook()
    book.active.append(["ID referencia", "Nota"])
    book.active.append([ids["P-1/V-1"], "hola"])
    book.save(no_status)
    with pytest.raises(DataError, match="le falta «Estado» y «Fecha estado»"):
        import_status(db, no_status, today=TODAY)
    broken = tmp_path / "roto.xlsx"
    broken.write_bytes(b"esto no es un libro de Excel")
    with pytest.raises(DataError, match="roto.xlsx: no es un libro de Excel"):
        import_status(db, broken, today=TODAY)
    with pytest.raises(DataError, match="ninguna hoja tiene la columna «ID referencia»"):
        other = tmp_path / "otra.xlsx"
        Workbook().save(other)
        import_status(db, other, today=TODAY)
    assert _events(db) == 0


def test_crash_mid_import_leaves_store_unchanged(db, tmp_path, monkeypatch):
    from oportumap.tracking import importer

    ids = _record(db)
    files = _coordinator_files(tmp_path, ids)
    import_status(db, files["a1"], today=TODAY)
    before = (history(db), current_status(db))
    real = importer._insert_events

    def crash_half_way(conn, dialect, events):
        real(conn, dialect, events.iloc[: len(events) // 2])
        raise RuntimeError("corte de luz")

    monkeypatch.setattr(importer, "_insert_events", crash_half_way)
    with pytest.raises(RuntimeError, match="corte de luz"):
        import_status(db, files["a2"], today=TODAY)
    pd.testing.assert_frame_equal(history(db), before[0])
    pd.testing.assert_frame_equal(current_status(db), before[1])
    monkeypatch.setattr(importer, "_insert_events", real)
    # the file was not marked as imported: it lands in full now
    summary = import_status(db, files["a2"], today=TODAY)[0]
    assert not summary.already_imported and summary.events_added == 5


def _import_in_process(db: str, path: str, barrier) -> None:
    barrier.wait()
    import_status(db, path, today=TODAY)


@pytest.mark.slow  # two processes importing at once
def test_two_imports_at_once_both_land(db, tmp_path):
    ids = _record(db)
    files = _coordinator_files(tmp_path, ids)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    workers = [context.Process(target=_import_in_process, args=(db, str(files[k]), barrier))
               for k in ("a1", "b")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0, 0]
    # A1: 6 status changes, B: 2; the two files share none
    assert _events(db) == 8
    assert set(history(db)["source_file"]) == {"semana1.xlsx", "coordinadora_B.xlsx"}


def test_store_of_the_first_schema_opens_after_upgrade(db):
    import sqlalchemy as sa

    assert upgrade(db, revision="0001") == (None, "0001")
    engine = sa.create_engine(db if "://" in db else f"sqlite:///{db}")
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO referrals (referral_id, returnee_id, opportunity_id, stage, "
            "issued_at) VALUES ('ABCDEFGHJKMN', 'P-1', 'V-1', 'employment', "
            "'2025-03-01 09:30:00')"))
        conn.execute(sa.text(
            "INSERT INTO status_events (referral_id, status, status_date, source_file, row, "
            "imported_at) VALUES ('ABCDEFGHJKMN', 'placed', '2025-03-20', 'v1.xlsx', 7, "
            "'2025-03-21 10:00:00')"))
    engine.dispose()
    with pytest.raises(DataError, match="oportumap track upgrade"):
        open_store(db)
    assert upgrade(db) == ("0001", "0002")
    events = history(db)
    assert events[["referral_id", "status", "source_file", "row", "flags"]].values.tolist() \
        == [["ABCDEFGHJKMN", "placed", "v1.xlsx", 7, ""]]
    assert events["status_date"].tolist() == [dt.date(2025, 3, 20)]
    assert outcomes(db, total=False)[["issued", "placed"]].values.tolist() == [[1, 1]]


def test_shareable_outcomes_suppress_small_counts_and_rates(db, tmp_path):
    from oportumap.tracking.funnel import shareable_outcomes

    ids = _record(db)
    import_status(db, _coordinator_files(tmp_path, ids)["a2"], today=TODAY)
    shared = shareable_outcomes(outcomes(db)).set_index("group")
    assert shared.loc["01", "issued"] == "<5" and shared.loc["Total", "issued"] == "8"
    assert pd.isna(shared.loc["01", "placement_rate"])  # 2 of 4: denominator too small
    # 3 placed of 8: the rate times its base (8, shown) would give the 3 back: blanked
    assert pd.isna(shared.loc["Total", "placement_rate"])
    assert shared.loc["Total", "placed"] == "<5"
    assert pd.isna(shared.loc["Total", "median_days_to_placement"])  # rests on 3 people


# --------------------------------------------------------------------------- feed-back


def test_next_run_respects_filled_seats(sample, tmp_path):
    path = tmp_path / "seguimiento.db"
    first = referral_plan_tracked(sample, path, top=3)
    refs = first.referrals
    assert first.recorded == len(refs)
    vacancies = sample.opportunities.set_index("opportunity_id")
    per_offer = refs[refs["kind"] == "vacancy"].groupby("opportunity_id")["returnee_id"].nunique()
    capacity = vacancies.loc[per_offer.index, "capacity"]
    full = per_offer[(capacity.to_numpy() == 1) & (per_offer.to_numpy() >= 1)].index[0]
    partial = per_offer[(capacity.to_numpy() == 3) & (per_offer.to_numpy() >= 2)].index[0]
    placed = pd.concat([refs[refs["opportunity_id"] == full].head(1),
                        refs[refs["opportunity_id"] == partial].head(2)])
    today = dt.date.today().strftime("%d/%m/%Y")
    csv = tmp_path / "colocados.csv"
    csv.write_text("ID referencia,Estado,Fecha estado\n" + "".join(
        f"{r},Contactado,{today}\n{r},Colocado,{today}\n" for r in placed["referral_id"]),
        encoding="utf-8")
    assert import_status(path, csv)[0].events_added == 6
    second = referral_plan_tracked(sample, path, top=3).referrals
    assert full not in set(second["opportunity_id"])  # its only seat is taken
    to_partial = second[second["opportunity_id"] == partial]
    assert 0 < to_partial["returnee_id"].nunique() <= math.ceil(3.0 * 1)
    assert to_partial["reason"].astype(str).str.contains("· 1 plaza restante").all()
    untouched = second[~second["opportunity_id"].isin([full, partial])
                       & (second["kind"] == "vacancy")]
    assert not untouched["reason"].astype(str).str.contains("restantes").any()


def test_placement_rate_is_a_map_column(db, tmp_path, sample):
    from oportumap.tracking.funnel import with_outcomes

    ids = _record(db)
    import_status(db, _coordinator_files(tmp_path, ids)["a2"], today=TODAY)
    profile = pd.DataFrame({"muni_code": ["0101", "0102", "1601"], "returnees": [50, 9, 30]})
    assert with_outcomes(profile, db)["placement_rate"].isna().all()  # all below 5
    rates = with_outcomes(profile, db, threshold=2)["placement_rate"]
    # 0101: P-1 (2 referrals, 1 placed) and P-5 (business started): 2 of 3; 0102: 1 referral;
    # 1601: 1 placed of 4: the rate would give the protected 1 back, so it is not shown
    assert rates.round(3).fillna(-1).tolist() == [0.667, -1, -1]
    assert with_outcomes(profile, db, threshold=1)["placement_rate"].round(3).tolist()[2] == 0.25
    from oportumap.i18n import column_label, text

    # the map legend's words for the column, in both languages
    assert column_label("placement_rate") == text("placement_rate")
    assert text("placement_rate", "en") == "Placement rate (placed / referred)"


# --------------------------------------------------------------------------- CLI


def test_cli_import_outcomes_export_and_conflicts(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from oportumap.cli import app

    path = tmp_path / "seguimiento.db"
    ids = _record(path)
    files = _coordinator_files(tmp_path, ids)
    bad = tmp_path / "con_errores.csv"
    bad.write_text(f"ID referencia,Estado,Fecha estado\n{ids['P-1/V-1']},Pendiente,"
                   "10/03/2025\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["track", "import", str(files["a2"]), str(files["b"]),
                                 str(bad), "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "semana3.xlsx: 8 filas leídas, 8 aceptadas (7 cambios de estado nuevos" in \
        result.output
    assert "con_errores.csv: 1 fila leída, 0 aceptadas" in result.output
    assert "fila 2, columna «Estado» (valor 'Pendiente'): estado desconocido" in \
        result.output
    # one rejected-row list per workbook and run (never "ya existe" the next day)
    (listed,) = tmp_path.glob("seguimiento_rechazadas_con_errores_*.csv")
    rejected = pd.read_csv(listed, encoding="utf-8-sig")
    assert rejected.columns.tolist() == ["Archivo", "Hoja", "Fila", "Columna", "Valor",
                                         "Motivo"]
    assert rejected["Fila"].tolist() == [2]

    result = runner.invoke(app, ["track", "conflicts", "--db", str(path)])
    assert result.exit_code == 0 and "1 conflicto " in result.output
    assert ids["P-6/V-1"] in result.output

    out = tmp_path / "resultados.csv"
    monkeypatch.setenv("OPORTUMAP_DB", str(path))
    result = runner.invoke(app, ["outcomes", "--by", "departamento", "--out", str(out)])
    assert result.exit_code == 0, result.output
    shared = pd.read_csv(out, encoding="utf-8-sig", dtype=str)
    assert "Colocados o emprendimiento iniciado" in shared.columns
    groups = shared.set_index("Código departamento")
    assert groups.loc["Total", "Referidos"] == "8"
    assert groups.loc["01", "Referidos"] == "<5"

    result = runner.invoke(app, ["outcomes", "--by", "planeta"])
    assert result.exit_code == 1 and "no es válido" in result.output

    workbook = tmp_path / "seguimiento.xlsx"
    result = runner.invoke(app, ["track", "export", "--out", str(workbook)])
    assert result.exit_code == 0, result.output
    book = load_workbook(workbook)
    assert book.sheetnames == ["Cómo usar esta lista", "Referencias", "Historial",
                               "Conflictos", "Importaciones"]
    header = [c.value for c in book["Historial"][1]]
    events = book["Historial"]
    date_cell = events.cell(2, header.index("Fecha estado") + 1)
    assert isinstance(date_cell.value, dt.datetime)
    note = [events.cell(r, header.index("Nota") + 1).value for r in range(2, events.max_row
                                                                         + 1)]
    assert "'+502 5555-1234" in note  # formula neutralised
    refs = book["Referencias"]
    rheader = [c.value for c in refs[1]]
    assert isinstance(refs.cell(2, rheader.index("Puntaje") + 1).value, float)
    states = {refs.cell(r, rheader.index("ID referencia") + 1).value:
              refs.cell(r, rheader.index("Estado actual") + 1).value
              for r in range(2, refs.max_row + 1)}
    assert states[ids["P-1/V-1"]] == "Colocado"

    result = runner.invoke(app, ["track", "upgrade", "--db", str(path)])
    assert result.exit_code == 0 and "ya está en la versión 0002" in result.output


@pytest.mark.slow  # the sample's whole referral workbook, filled and imported
def test_the_delivered_workbook_goes_back_in(sample, tmp_path):
    """oportumap's own referral workbook, filled by a coordinator, imports by its IDs."""
    from oportumap.exports.referrals import write_referrals

    path = tmp_path / "seguimiento.db"
    result = referral_plan_tracked(sample, path, top=2)
    book_path = tmp_path / "referencias.xlsx"
    write_referrals(result, book_path)
    book = load_workbook(book_path)
    sheet = book[book.sheetnames[2]]  # first department after «Cómo usar» and «Resumen»
    header = [c.value for c in sheet[1]]
    col = {name: header.index(name) + 1 for name in ("ID referencia", "Estado",
                                                     "Fecha estado", "Nota")}
    today = dt.date.today()
    filled = {}
    for row in (2, 3, 4):
        sheet.cell(row, col["Estado"], "Contactado")
        sheet.cell(row, col["Fecha estado"], today.strftime("%d/%m/%Y"))
        filled[sheet.cell(row, col["ID referencia"]).value] = row
    sheet.cell(5, col["Estado"], "Pendiente")  # not a status
    copy = tmp_path / "referencias de Ana.xlsx"
    book.save(copy)
    summary = import_status(path, copy)[0]
    rows_in_sheets = sum(book[name].max_row - 1 for name in book.sheetnames[2:-1])
    assert summary.rows_read == rows_in_sheets  # every referral row, «Resumen» skipped
    assert (summary.events_added, summary.rejected) == (3, 1)
    assert summary.sheets_skipped == ["Cómo usar esta lista", "Resumen", "Demanda no cubierta"]
    assert summary.rejected_rows["row"].tolist() == [5]
    events = history(path)
    assert dict(zip(events["referral_id"], events["row"], strict=True)) == filled
