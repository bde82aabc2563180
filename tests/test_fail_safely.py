"""Fail safely (issue 23): all or nothing, no traceback, inputs untouched, private files.

A fault-injection suite. Each case breaks something on purpose -- a folder that cannot
be written, a full disk, a damaged or foreign store, a killed process, a wrong password,
a closed pipe -- and checks what a coordinator relies on: the exit code, one Spanish
message, no traceback, inputs byte-identical, the store identical (row counts and a
dump), and files with personal data owner-only (0600).

CI runs as root, and root ignores permission bits: a "read-only folder" is simulated by
making ``os.replace``/``mkstemp`` raise as the kernel would, and, where the machine allows
it (``unshare``), by a real read-only or tiny full tmpfs in a private mount namespace.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from oportumap.cli import app
from oportumap.errors import DataError

runner = CliRunner()
OPORTUMAP = [sys.executable, "-m", "oportumap"]
EXIT_USER = 1


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="session")
def sample_folder(tmp_path_factory) -> Path:
    from oportumap.sample import write_sample

    folder = tmp_path_factory.mktemp("sample") / "datos"
    write_sample(folder, n_returnees=300, n_vacancies=120, seed=7)
    return folder


@pytest.fixture
def data(sample_folder, tmp_path) -> Path:
    """A fresh copy of the sample office folder for one test."""
    folder = tmp_path / "datos"
    shutil.copytree(sample_folder, folder)
    return folder


def cli(*args: str, cwd: Path | None = None):
    """Run the command in this process (fast; lets tests patch the file system)."""
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return runner.invoke(app, [str(a) for a in args])
    finally:
        os.chdir(old)


def proc(*args: str, cwd: Path | None = None, env: dict | None = None):
    """Run the real command in a child process (what a coordinator runs)."""
    return subprocess.run([*OPORTUMAP, *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=600)


def said(result) -> str:
    """Everything a person saw (stdout and stderr)."""
    if isinstance(result, subprocess.CompletedProcess):
        out = (result.stdout or "") + (result.stderr or "")
    else:
        out = result.output
    return " ".join(out.split())


def digest(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` (inputs must stay byte-identical)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def dump(db: Path) -> tuple[dict[str, int], str]:
    """Row counts per table and a full SQL dump of an SQLite store (read-only)."""
    if not db.exists():
        return {}, ""
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        counts = {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
        return counts, "\n".join(conn.iterdump())
    finally:
        conn.close()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def recorded_store(data: Path, tmp_path: Path) -> Path:
    """A store holding one recorded run (and its workbook in tmp_path/previa.xlsx)."""
    db = tmp_path / "seguimiento.db"
    result = cli("referrals", "-d", data, "-o", tmp_path / "previa.xlsx", "--db", db, "-q")
    assert result.exit_code == 0, result.output
    return db


def can_unshare() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-r", "-m", "sh", "-c",
                            "mount -t tmpfs -o size=64k tmpfs /mnt && echo ok"],
                           capture_output=True, text=True)
    return probe.stdout.strip() == "ok"


def in_tiny_mount(mount: Path, command: list[str], *, size: str = "64k",
                  read_only: bool = False, cwd: Path | None = None):
    """Run ``command`` with ``mount`` a tiny (or read-only) tmpfs, in a private namespace."""
    mount.mkdir(parents=True, exist_ok=True)
    steps = f"mount -t tmpfs -o size={size} tmpfs {mount}"
    if read_only:
        steps += f" && mount -o remount,ro {mount}"
    quoted = " ".join(f"'{c}'" for c in command)
    return subprocess.run(["unshare", "-r", "-m", "sh", "-c", f"{steps} && exec {quoted}"],
                          capture_output=True, text=True, cwd=cwd, timeout=600,
                          env={**os.environ})


def failing_replace(err: int, *, after: int = 0):
    """An os.replace that fails like the kernel would (after ``after`` successful calls)."""
    real = os.replace
    calls = {"n": 0}

    def replace(src, dst, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] > after:
            raise OSError(err, os.strerror(err), str(dst))
        return real(src, dst, *args, **kwargs)

    return replace


# --------------------------------------------------------------------------- inputs


@pytest.mark.parametrize("command", ["referrals", "profile", "research-export"])
@pytest.mark.parametrize("force", [False, True])
def test_no_command_writes_over_an_input(data, command, force, monkeypatch):
    monkeypatch.setenv("OPORTUMAP_KEY", "una-clave-larga-de-prueba-123")
    before = digest(data)
    args = [command, "-d", data, "-o", data / "returnees.csv", "-q"]
    result = cli(*args, *(["--force"] if force else []))
    assert result.exit_code == EXIT_USER, result.output
    assert "archivo de entrada" in said(result) or "ya existe" in said(result)
    if force:
        assert "archivo de entrada" in said(result)
    assert "Traceback" not in said(result)
    assert digest(data) == before


def test_referrals_by_department_never_replaces_another_input(data):
    # variant: the per-department names land beside the data; a vacancies file is an input
    before = digest(data)
    result = cli("referrals", "-d", data, "-o", data / "vacancies.csv", "--force", "-q")
    assert result.exit_code == EXIT_USER
    assert "archivo de entrada" in said(result)
    assert digest(data) == before


# --------------------------------------------------------------------------- referrals --db


def test_unwritable_workbook_records_nothing_in_a_new_store(data, tmp_path, monkeypatch):
    db = tmp_path / "seguimiento.db"
    monkeypatch.setattr(os, "replace", failing_replace(errno.EACCES))
    result = cli("referrals", "-d", data, "-o", tmp_path / "out" / "ref.xlsx", "--db", db, "-q")
    assert result.exit_code == EXIT_USER, said(result)
    text = said(result)
    assert "no hay permiso" in text and "quedaron como estaban" in text
    assert "Traceback" not in text and "Permission denied" not in text
    assert not db.exists()  # the store is made only when the lists are in place
    assert not (tmp_path / "out" / "ref.xlsx").exists()


def test_full_disk_keeps_the_store_and_the_previous_workbook(data, tmp_path, monkeypatch):
    db = recorded_store(data, tmp_path)
    out = tmp_path / "previa.xlsx"
    before_file = out.read_bytes()
    before_store = dump(db)
    monkeypatch.setattr(os, "replace", failing_replace(errno.ENOSPC))
    result = cli("referrals", "-d", data, "-o", out, "--db", db, "--top", "2", "--force", "-q")
    assert result.exit_code == EXIT_USER
    assert "disco está lleno" in said(result)
    assert dump(db) == before_store
    assert out.read_bytes() == before_file
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no leftovers


def test_second_department_file_failing_puts_the_first_back(data, tmp_path, monkeypatch):
    # variant: several files published together; the second rename fails
    db = tmp_path / "seguimiento.db"
    out = tmp_path / "listas" / "ref.csv"
    monkeypatch.setattr(os, "replace", failing_replace(errno.EIO, after=1 + 30))
    result = cli("referrals", "-d", data, "-o", out, "--db", db, "--by-department", "-q")
    monkeypatch.undo()
    assert result.exit_code == EXIT_USER, said(result)
    assert not list((tmp_path / "listas").glob("ref_*.csv"))
    assert dump(db) == ({}, "")


def test_store_failing_after_the_files_are_in_place_restores_them(data, tmp_path, monkeypatch):
    # variant: the files are in place and the commit fails (disk full for the store)
    db = recorded_store(data, tmp_path)
    out = tmp_path / "previa.xlsx"
    before_file, before_store = out.read_bytes(), dump(db)
    import oportumap.tracking.record as record

    def full(*_a, **_k):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(record, "_count_groups", full)
    result = cli("referrals", "-d", data, "-o", out, "--db", db, "--top", "1", "--force", "-q")
    assert result.exit_code == EXIT_USER, said(result)
    assert "disco está lleno" in said(result) and "Traceback" not in said(result)
    assert out.read_bytes() == before_file
    assert dump(db) == before_store


@pytest.mark.skipif(not can_unshare(), reason="no user namespaces here (unshare)")
@pytest.mark.parametrize("read_only", [True, False])
def test_real_read_only_and_full_folders(data, tmp_path, read_only):
    db = tmp_path / "seguimiento.db"
    mount = tmp_path / "usb"
    result = in_tiny_mount(mount, [*OPORTUMAP, "referrals", "-d", str(data), "-o",
                                   str(mount / "ref.xlsx"), "--db", str(db), "-q"],
                           read_only=read_only, size="16k")
    assert result.returncode == EXIT_USER, result.stderr
    text = said(result)
    assert ("solo lectura" in text) if read_only else ("disco está lleno" in text)
    assert "Traceback" not in text
    assert not db.exists()


@pytest.mark.parametrize("bad", ["under_a_file", "name_too_long"])
def test_bad_output_paths_are_explained(data, tmp_path, bad):
    if bad == "under_a_file":
        (tmp_path / "informe.csv").write_text("soy un archivo\n")
        out, words = tmp_path / "informe.csv" / "perfil.csv", "revise la ruta"
    else:
        out, words = tmp_path / ("p" * 300 + ".csv"), "demasiado largo"
    result = cli("profile", "-d", data, "-o", out, "-q")
    assert result.exit_code == EXIT_USER, said(result)
    assert words in said(result) and "Traceback" not in said(result)
    assert "Errno" not in said(result)


# --------------------------------------------------------------------------- track import


def _filled(workbook: Path, target: Path, edits: dict[int, tuple[str, str]],
            bad_id_row: int | None = None) -> Path:
    book = load_workbook(workbook)
    sheet = next(ws for ws in book.worksheets if ws.cell(1, 1).value == "ID referencia")
    headers = [c.value for c in sheet[1]]
    status, date = headers.index("Estado") + 1, headers.index("Fecha estado") + 1
    for row, (value, when) in edits.items():
        sheet.cell(row, status).value = value
        sheet.cell(row, date).value = when
    if bad_id_row is not None:
        sheet.cell(bad_id_row, 1).value = "NOEXISTE0000"
    book.save(target)
    return target


def _imports(db: Path) -> int:
    return dump(db)[0].get("imports", 0)


def test_daily_import_in_the_same_folder_always_works(data, tmp_path):
    db = recorded_store(data, tmp_path)
    day1 = _filled(tmp_path / "previa.xlsx", tmp_path / "lunes.xlsx", {2: ("Bailando", "")})
    day2 = _filled(tmp_path / "previa.xlsx", tmp_path / "martes.xlsx", {3: ("Bailando", "")},
                   bad_id_row=4)
    first = cli("track", "import", day1, "--db", db, cwd=tmp_path)
    second = cli("track", "import", day2, "--db", db, cwd=tmp_path)
    again = cli("track", "import", day2, "--db", db, cwd=tmp_path)  # same file re-run
    for result in (first, second, again):
        assert result.exit_code == 0, said(result)
        assert "ya existe" not in said(result)
    lists = sorted(tmp_path.glob("seguimiento_rechazadas_*.csv"))
    assert {p.name.split("_")[2] for p in lists} == {"lunes", "martes"}
    assert all(mode(p) == 0o600 for p in lists)
    assert _imports(db) == 2
    martes = pd.read_csv(next(p for p in lists if "martes" in p.name), encoding="utf-8-sig")
    assert len(martes) == 2  # the unknown status and the unknown ID


def test_import_whose_rejected_list_cannot_be_written_stores_nothing(data, tmp_path,
                                                                     monkeypatch):
    db = recorded_store(data, tmp_path)
    filled = _filled(tmp_path / "previa.xlsx", tmp_path / "lunes.xlsx",
                     {2: ("Bailando", ""), 3: ("Contactado", "01/01/2099")})
    before = dump(db)
    monkeypatch.setattr(os, "replace", failing_replace(errno.EROFS))
    result = cli("track", "import", filled, "--db", db, cwd=tmp_path)
    monkeypatch.undo()
    assert result.exit_code == EXIT_USER
    assert "solo lectura" in said(result) and "Traceback" not in said(result)
    assert dump(db) == before
    # and the same file imports fine once the folder can be written
    assert cli("track", "import", filled, "--db", db, cwd=tmp_path).exit_code == 0
    assert _imports(db) == 1


def test_user_named_rejected_file_is_checked_before_storing(data, tmp_path):
    # variant: --rejected names an existing file: refused up front, nothing stored
    db = recorded_store(data, tmp_path)
    filled = _filled(tmp_path / "previa.xlsx", tmp_path / "lunes.xlsx", {2: ("Bailando", "")})
    existing = tmp_path / "mis_rechazadas.csv"
    existing.write_text("no tocar\n")
    before = dump(db)
    result = cli("track", "import", filled, "--db", db, "--rejected", existing)
    assert result.exit_code == EXIT_USER
    assert "ya existe" in said(result) and "no se importó nada" in said(result)
    assert dump(db) == before and existing.read_text() == "no tocar\n"
    ok = cli("track", "import", filled, "--db", db, "--rejected", existing, "--force")
    assert ok.exit_code == 0 and "Bailando" in existing.read_text(encoding="utf-8-sig")
    assert mode(existing) == 0o600


def test_rejected_list_never_replaces_the_workbook_being_imported(data, tmp_path):
    # variant: --rejected pointing at the input itself, even with --force
    db = recorded_store(data, tmp_path)
    filled = _filled(tmp_path / "previa.xlsx", tmp_path / "lunes.xlsx", {2: ("Bailando", "")})
    before = filled.read_bytes()
    result = cli("track", "import", filled, "--db", db, "--rejected", filled, "--force")
    assert result.exit_code == EXIT_USER and "archivo de entrada" in said(result)
    assert filled.read_bytes() == before


def test_mistyped_workbook_is_a_message(data, tmp_path):
    db = recorded_store(data, tmp_path)
    result = cli("track", "import", tmp_path / "lunez.xlsx", "--db", db)
    assert result.exit_code in (EXIT_USER, 2)
    assert "no existe" in said(result) and "Traceback" not in said(result)


# --------------------------------------------------------------------------- pipes


def test_piped_output_still_does_all_the_work(data, tmp_path):
    db = tmp_path / "seguimiento.db"
    out = tmp_path / "ref.xlsx"
    command = " ".join(f"'{c}'" for c in [*OPORTUMAP, "referrals", "-d", str(data), "-o",
                                          str(out), "--db", str(db), "-q"])
    result = subprocess.run(["bash", "-c", f"{command} | head -1; echo \"${{PIPESTATUS[0]}}\""],
                            capture_output=True, text=True, timeout=600)
    assert result.stdout.strip().splitlines()[-1] == "0", result.stderr
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr
    assert out.exists() and mode(out) == 0o600
    assert dump(db)[0]["runs"] == 1


def test_piped_import_writes_its_rejected_rows(data, tmp_path):
    # variant: track import | head -1 (the case that lost the rejected rows)
    db = recorded_store(data, tmp_path)
    filled = _filled(tmp_path / "previa.xlsx", tmp_path / "lunes.xlsx", {2: ("Bailando", "")})
    command = " ".join(f"'{c}'" for c in [*OPORTUMAP, "track", "import", str(filled),
                                          "--db", str(db)])
    result = subprocess.run(["bash", "-c", f"{command} | head -1; echo \"${{PIPESTATUS[0]}}\""],
                            capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert result.stdout.strip().splitlines()[-1] == "0", result.stderr
    assert list(tmp_path.glob("seguimiento_rechazadas_lunes_*.csv"))
    assert _imports(db) == 1


# --------------------------------------------------------------------------- stores


@pytest.mark.parametrize("args", [["outcomes"], ["track", "export", "-o", "x.xlsx"],
                                  ["track", "conflicts"], ["track", "upgrade"]])
def test_a_mistyped_store_is_never_created(data, tmp_path, args):
    recorded_store(data, tmp_path)
    typo = tmp_path / "segimiento.db"
    result = cli(*args, "--db", typo, cwd=tmp_path)
    assert result.exit_code == EXIT_USER, said(result)
    text = said(result)
    assert "no existe" in text and "seguimiento.db" in text  # the closest existing name
    assert not typo.exists() and not (tmp_path / "x.xlsx").exists()


def test_reading_functions_refuse_a_missing_store_too(tmp_path):
    from oportumap.tracking import outcomes

    with pytest.raises(DataError, match="no existe"):
        outcomes(tmp_path / "nada.db")
    assert not (tmp_path / "nada.db").exists()


def _foreign(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE clientes (id INTEGER, nombre TEXT)")
    conn.execute("INSERT INTO clientes VALUES (1, 'Ana')")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("kind", ["foreign", "random", "truncated", "text"])
def test_damaged_or_foreign_store_is_refused_unchanged(data, tmp_path, kind):
    path = tmp_path / "base.db"
    if kind == "foreign":
        _foreign(path)
    elif kind == "random":
        path.write_bytes(os.urandom(8192))
    elif kind == "text":
        path.write_text("id,nombre\n1,Ana\n")
    else:
        db = recorded_store(data, tmp_path)
        content = db.read_bytes()
        path.write_bytes(content[: len(content) // 3])
    os.chmod(path, 0o600)
    before = path.read_bytes()
    for args in (["outcomes"], ["referrals", "-d", data, "-o", tmp_path / "r.xlsx", "-q"]):
        result = cli(*args, "--db", path)
        assert result.exit_code == EXIT_USER, said(result)
        text = said(result)
        assert "Traceback" not in text and "DatabaseError" not in text
        assert ("otro programa" in text or "dañad" in text or "incompleta" in text
                or "no es una base" in text), text
        assert path.read_bytes() == before  # header bytes unchanged: no WAL switch
        assert not Path(str(path) + "-wal").exists()
    assert not (tmp_path / "r.xlsx").exists()


def test_store_readable_by_others_is_made_private_with_a_notice(data, tmp_path):
    db = recorded_store(data, tmp_path)
    os.chmod(db, 0o644)
    result = cli("outcomes", "--db", db)
    assert result.exit_code == 0
    assert "Aviso" in said(result) and "600" in said(result)
    assert mode(db) == 0o600


def test_new_store_is_announced(data, tmp_path):
    db = tmp_path / "nueva.db"
    result = cli("referrals", "-d", data, "-o", tmp_path / "r.xlsx", "--db", db, "-q")
    assert result.exit_code == 0
    assert "se creó una base de seguimiento nueva" in said(result)
    assert mode(db) == 0o600


@pytest.mark.parametrize("url, words", [
    ("postgresql+psycopg://ana:secreta@127.0.0.1:abc/base", "puerto"),
    ("postgresql+psycopg://ana:secreta@127.0.0.1:99999/base", "puerto"),
    ("postgresql+psycopg://ana:secreta@127.0.0.1:1/base", "no se puede conectar"),
    ("mysql://ana:secreta@servidor/base", "PostgreSQL"),
])
def test_bad_store_urls_are_explained_without_the_password(url, words):
    result = proc("track", "upgrade", "--db", url)
    assert result.returncode == EXIT_USER, result.stderr
    text = said(result)
    assert words in text and "secreta" not in text and "Traceback" not in text


# --------------------------------------------------------------------------- PostgreSQL


@pytest.fixture(scope="module")
def pg_with_password(tmp_path_factory):
    """A throw-away PostgreSQL that asks for a password (scram) over TCP."""
    from test_tracking import PG_BIN, _as_postgres, _missing_postgres

    if not (PG_BIN / "initdb").exists():
        _missing_postgres(f"{PG_BIN}/initdb not found (apt-get install postgresql)")
    import socket
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="oportumap-pgpw-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    secret = root / "pw"
    secret.write_text("clave-correcta\n")
    if os.geteuid() == 0:
        shutil.chown(secret, "postgres", "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = root / "data"
    try:
        subprocess.run(_as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-U", "ana",
                                     "--auth-host=scram-sha-256", "--auth-local=trust",
                                     f"--pwfile={secret}", "-E", "UTF8", "--locale=C"]),
                       check=True, capture_output=True)
        subprocess.run(_as_postgres([
            str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w", "-o",
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off", "start"]),
            check=True, capture_output=True)
        subprocess.run(_as_postgres([str(PG_BIN / "createdb"), "-h", str(root), "-p",
                                     str(port), "-U", "ana", "seguimiento"]),
                       check=True, capture_output=True)
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        _missing_postgres(f"could not start PostgreSQL: {exc}")
    try:
        yield port
    finally:
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast",
                                     "-w", "stop"]), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.db
def test_postgresql_password_right_and_wrong(pg_with_password, data, tmp_path):
    port = pg_with_password
    good = f"postgresql+psycopg://ana:clave-correcta@127.0.0.1:{port}/seguimiento"
    bad = f"postgresql+psycopg://ana:clave-mala@127.0.0.1:{port}/seguimiento"
    ok = proc("referrals", "-d", data, "-o", tmp_path / "r.xlsx", "--db", good, "-q")
    assert ok.returncode == 0, ok.stderr
    for args in (["track", "upgrade"], ["outcomes"],
                 ["referrals", "-d", data, "-o", tmp_path / "r2.xlsx", "-q"]):
        result = proc(*args, "--db", bad)
        assert result.returncode == EXIT_USER, result.stderr
        text = said(result)
        assert "contraseña" in text and "clave-mala" not in text
        assert "Traceback" not in text and "password authentication" not in text
    assert not (tmp_path / "r2.xlsx").exists()
    missing = proc("outcomes", "--db", good.replace("/seguimiento", "/otra"))
    assert missing.returncode == EXIT_USER and "no existe en el servidor" in said(missing)


# --------------------------------------------------------------------------- killed


KILL_POINTS = {
    # while the workbook is being written (in the staging folder)
    "writing": ("oportumap.exports.xlsx", "write_xlsx", False),
    # the files are in place, the store's transaction not yet committed
    "published": ("oportumap.files", "publish", True),
    # rows going into the store
    "recording": ("oportumap.tracking.record", "_insert_sqlite", False),
}


@pytest.mark.parametrize("point", sorted(KILL_POINTS))
def test_sigkill_at_several_points_never_half_writes(data, tmp_path, point):
    db = recorded_store(data, tmp_path)
    out = tmp_path / "previa.xlsx"
    before_store = dump(db)
    module, name, after = KILL_POINTS[point]
    script = textwrap.dedent(f"""
        import importlib, os, signal, sys
        module = importlib.import_module({module!r})
        real = getattr(module, {name!r})
        def die(*args, **kwargs):
            if {after!r}:
                real(*args, **kwargs)
            os.kill(os.getpid(), signal.SIGKILL)
        setattr(module, {name!r}, die)
        from oportumap.cli import app
        sys.argv = ["oportumap"] + sys.argv[1:]
        app()
    """)
    result = subprocess.run([sys.executable, "-c", script, "referrals", "-d", str(data),
                             "-o", str(out), "--db", str(db), "--top", "2", "--force", "-q"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == -signal.SIGKILL
    assert dump(db) == before_store  # nothing committed
    load_workbook(out)  # the workbook is whole (the previous one, or the new one)
    assert mode(out) == 0o600
    # and the next run works
    again = cli("referrals", "-d", data, "-o", out, "--db", db, "--top", "2", "--force", "-q")
    assert again.exit_code == 0, said(again)


# --------------------------------------------------------------------------- concurrency


def test_two_referral_runs_at_once_both_land(data, tmp_path):
    db = tmp_path / "seguimiento.db"
    runs = [subprocess.Popen([*OPORTUMAP, "referrals", "-d", str(data), "-o",
                              str(tmp_path / f"r{i}.xlsx"), "--db", str(db), "--top", str(i + 1),
                              "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for i in range(2)]
    results = [(r.wait(timeout=600), r.stderr.read()) for r in runs]
    assert all(code == 0 for code, _ in results), results
    assert dump(db)[0]["runs"] == 2
    assert all(mode(tmp_path / f"r{i}.xlsx") == 0o600 for i in range(2))


# --------------------------------------------------------------------------- privacy


def test_files_with_personal_data_are_private_whatever_the_umask(data, tmp_path,
                                                                  monkeypatch):
    monkeypatch.setenv("OPORTUMAP_KEY", "una-clave-larga-de-prueba-456")
    with open(data / "returnees.csv", "a", encoding="utf-8") as handle:
        handle.write("\n" + ",".join(["R-MALA"] + ["???"] * 3) + "\n")  # a rejected row
    old = os.umask(0)
    try:
        db = tmp_path / "s.db"
        assert cli("referrals", "-d", data, "-o", tmp_path / "r" / "ref.csv", "--db", db,
                   "-q").exit_code == 0
        assert cli("track", "export", "-o", tmp_path / "export.xlsx", "--db", db
                   ).exit_code == 0
        assert cli("research-export", "-d", data, "-o", tmp_path / "inv" / "extracto.csv",
                   "-q").exit_code == 0
        assert cli("profile", "-d", data, "-o", tmp_path / "p" / "perfil.csv", "-q"
                   ).exit_code == 0
    finally:
        os.umask(old)
    for private in (tmp_path / "r" / "ref.csv", tmp_path / "r" / "filas_rechazadas.csv",
                    tmp_path / "export.xlsx", tmp_path / "inv" / "extracto.csv", db):
        assert mode(private) == 0o600, private
    # an aggregate profile is shareable: it follows the umask
    assert mode(tmp_path / "p" / "perfil.csv") == 0o666


def test_research_key_reused_for_a_second_release_is_refused(data, tmp_path, monkeypatch):
    monkeypatch.setenv("OPORTUMAP_KEY", "clave-de-la-entrega-de-marzo")
    first = cli("research-export", "-d", data, "-o", tmp_path / "marzo.csv", "-q")
    assert first.exit_code == 0
    report = (tmp_path / "marzo.privacidad.txt").read_text()
    assert "Huella de la clave" in report
    rerun = cli("research-export", "-d", data, "-o", tmp_path / "marzo.csv", "--force", "-q")
    assert rerun.exit_code == 0  # the same release again
    second = cli("research-export", "-d", data, "-o", tmp_path / "junio.csv", "-q")
    assert second.exit_code == EXIT_USER
    assert "ya se usó" in said(second) and "clave nueva" in said(second)
    assert not (tmp_path / "junio.csv").exists()
    forced = cli("research-export", "-d", data, "-o", tmp_path / "junio.csv", "--reuse-key",
                 "-q")
    assert forced.exit_code == 0 and "ATENCIÓN" in said(forced)
    monkeypatch.setenv("OPORTUMAP_KEY", "otra-clave-para-septiembre")
    assert cli("research-export", "-d", data, "-o", tmp_path / "sept.csv", "-q"
               ).exit_code == 0


# --------------------------------------------------------------------------- outputs


def test_long_cells_are_cut_and_control_characters_removed(data, tmp_path):
    vacancies = pd.read_csv(data / "vacancies.csv", dtype=str, keep_default_na=False)
    provider = [c for c in vacancies.columns if c in ("provider", "proveedor", "employer")]
    column = provider[0] if provider else vacancies.columns[1]
    vacancies[column] = "Centro\x00 de\x0b empleo\x1b " + "x" * 117_000
    vacancies.to_csv(data / "vacancies.csv", index=False)
    xlsx = cli("referrals", "-d", data, "-o", tmp_path / "ref.xlsx", "-q")
    csv = cli("referrals", "-d", data, "-o", tmp_path / "ref.csv", "-q")
    assert xlsx.exit_code == 0 and csv.exit_code == 0, said(xlsx)
    assert "texto cortado" in said(xlsx)  # reported
    book = load_workbook(tmp_path / "ref.xlsx", read_only=True)
    longest = max(len(str(v)) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
                  for v in row if v is not None)
    assert longest <= 32_767
    raw = (tmp_path / "ref.csv").read_bytes()
    assert not any(ch in raw for ch in (b"\x00", b"\x0b", b"\x1b"))
    assert "texto cortado: tenía".encode() in raw


def test_cell_larger_than_the_csv_field_limit_is_read(data):
    # variant of the 5 MB cell: reading never stops at the csv module's limit
    from oportumap.files import read_raw

    frame = pd.read_csv(data / "returnees.csv", dtype=str, keep_default_na=False)
    frame.iloc[0, -1] = "y" * 5_000_000
    frame.to_csv(data / "returnees.csv", index=False)
    assert len(read_raw(data / "returnees.csv").frame) == len(frame)
    result = cli("validate", "-d", data, cwd=data.parent)
    assert "Traceback" not in said(result) and "field limit" not in said(result)


# --------------------------------------------------------------------------- messages


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize("content, words", [
    (lambda ok: ok[: len(ok) // 2], "incompleto"),
    (lambda ok: OLE + b"\x00" * 200 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64,
     "guárdelo sin contraseña"),
    (lambda ok: OLE + b"\x00" * 512 + "Workbook".encode("utf-16-le"), "guárdelo como .xlsx"),
    (lambda ok: b"id_retornado;municipio\n1;Cob\xc3\xa1n\n", "CSV con extensión .xlsx"),
])
def test_broken_workbooks_each_get_their_own_remedy(data, tmp_path, content, words):
    sound = tmp_path / "sano.xlsx"
    pd.DataFrame({"a": range(200)}).to_excel(sound, index=False)
    (data / "returnees.csv").unlink()
    (data / "returnees.xlsx").write_bytes(content(sound.read_bytes()))
    result = cli("validate", "-d", data, cwd=data.parent)
    text = said(result)
    assert words in text, text
    assert "File is not a zip file" not in text and "Traceback" not in text


def test_old_xls_is_told_to_save_as_xlsx(tmp_path):
    from oportumap.files import read_raw

    path = tmp_path / "retornados.xls"
    path.write_bytes(OLE + b"\x00" * 600)
    with pytest.raises(DataError, match="guárdelo como .xlsx"):
        read_raw(path)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_reads_clean_headers(tmp_path, encoding):
    from oportumap.files import read_raw

    path = tmp_path / "retornados.csv"
    path.write_bytes("id,municipio\n1,Cobán\n2,Joyabaj\n".encode(encoding))
    raw = read_raw(path)
    assert list(raw.frame.columns) == ["id", "municipio"]
    assert raw.frame["municipio"].tolist() == ["Cobán", "Joyabaj"]


@pytest.mark.parametrize("content", ["", "returnee_id,municipality,department,age\n"])
def test_header_only_or_empty_returnees_one_coherent_message(data, tmp_path, content):
    (data / "returnees.csv").write_text(content)
    result = cli("profile", "-d", data, "-o", tmp_path / "p.csv")
    text = said(result)
    assert result.exit_code in (EXIT_USER, 3)
    assert "Todas las filas se aceptaron" not in text
    assert "filas_rechazadas.csv" not in text or (tmp_path / "filas_rechazadas.csv").exists()
    assert "vací" in text or "encabezados" in text


def test_plural_agreement_helper():
    from oportumap.i18n import plural

    assert plural(1, "fila rechazada", "filas rechazadas") == "1 fila rechazada"
    assert plural(2, "fila rechazada", "filas rechazadas") == "2 filas rechazadas"
    assert plural(0, "fila rechazada", "filas rechazadas") == "0 filas rechazadas"
    from oportumap.i18n import agree

    assert agree("x.csv: 1 filas leídas, 1 aceptadas, 0 rechazadas") == \
        "x.csv: 1 fila leída, 1 aceptada, 0 rechazadas"
    assert agree("11 filas rechazadas, 2,001 aceptadas") == "11 filas rechazadas, 2,001 aceptadas"


def test_import_summary_agrees_with_one_rejected_row(data, tmp_path):
    db = recorded_store(data, tmp_path)
    filled = _filled(tmp_path / "previa.xlsx", tmp_path / "lunes.xlsx", {2: ("Bailando", "")})
    result = cli("track", "import", filled, "--db", db, cwd=tmp_path)
    assert result.exit_code == 0
    assert ", 1 rechazada" in said(result) and "1 rechazadas" not in said(result)


def test_no_message_shows_a_python_tuple(data, tmp_path):
    frame = pd.read_csv(data / "returnees.csv", dtype=str, keep_default_na=False)
    interest = [c for c in frame.columns if "inter" in c.lower()]
    if not interest:
        pytest.fail("the sample has no interest column")
    frame.loc[0, interest[0]] = "astronauta"
    frame.to_csv(data / "returnees.csv", index=False)
    result = cli("validate", "-d", data, "--out", tmp_path / "val")
    written = " ".join(p.read_text(encoding="utf-8-sig") for p in (tmp_path / "val").iterdir())
    text = said(result) + " " + written
    assert "astronauta" in text  # the value is reported (as a problem or an interpretation)
    assert "(('" not in text and "('employment'" not in text and "dtype" not in text


def test_polygons_given_as_points_are_located_not_a_crash(tmp_path):
    from oportumap.files import read_raw

    path = tmp_path / "vacantes.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", '
                    '"properties": {"id": "V-1"}, "geometry": {"type": "Polygon", '
                    '"coordinates": [[[-90.5, 14.6], [-90.4, 14.6], [-90.4, 14.7], '
                    '[-90.5, 14.6]]]}}, {"type": "Feature", "properties": {"id": "V-2"}, '
                    '"geometry": {"type": "Point", "coordinates": [-91.0, 15.0]}}]}')
    with pytest.warns(UserWarning, match="no son puntos"):
        raw = read_raw(path)
    assert raw.geometry_points["lon"].round(1).tolist()[1] == -91.0
    assert 14.6 <= raw.geometry_points["lat"].iloc[0] <= 14.7


# --------------------------------------------------------------------------- boundary


def test_usage_errors_and_help_in_spanish():
    wrong = proc("profile", "--nope")
    assert wrong.returncode == 2
    assert "No existe la opción" in said(wrong) and "No such option" not in said(wrong)
    bad = proc("referrals", "--top", "x", "-d", ".", "-o", "x.csv")
    assert bad.returncode == 2 and "número entero" in said(bad)
    helped = proc("--help")
    assert "Mostrar esta ayuda y salir" in helped.stdout and "Show this message" not in \
        helped.stdout


def test_traceback_only_with_debug(tmp_path):
    missing = tmp_path / "no-existe"
    plain = proc("profile", "-d", missing, "-o", tmp_path / "p.csv")
    assert plain.returncode == EXIT_USER and "Traceback" not in plain.stderr
    debug = proc("--debug", "profile", "-d", missing, "-o", tmp_path / "p.csv")
    assert debug.returncode != 0 and "Traceback" in debug.stderr


def test_an_unexpected_bug_is_one_spanish_line(monkeypatch, data, tmp_path):
    import oportumap.access as access

    def broken(*_a, **_k):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(access, "municipality_profile", broken)
    result = cli("profile", "-d", data, "-o", tmp_path / "p.csv", "-q")
    assert result.exit_code == EXIT_USER
    text = said(result)
    assert "error inesperado" in text and "--debug" in text
    assert "ZeroDivisionError" not in text and "division by zero" not in text


def test_library_warnings_are_not_shown(data, tmp_path, monkeypatch):
    import warnings

    import oportumap.access as access

    real = access.municipality_profile

    def noisy(*args, **kwargs):
        warnings.warn("Not enough unique values in array to form 5 classes. "
                      "/usr/lib/python3/site-packages/mapclassify/classifiers.py",
                      UserWarning, stacklevel=1)
        return real(*args, **kwargs)

    monkeypatch.setattr(access, "municipality_profile", noisy)
    result = cli("profile", "-d", data, "-o", tmp_path / "p.csv", "-q")
    assert result.exit_code == 0
    assert "site-packages" not in said(result) and "UserWarning" not in said(result)


def test_unknown_store_schema_version_is_explained(data, tmp_path):
    db = recorded_store(data, tmp_path)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    result = cli("outcomes", "--db", db)
    assert result.exit_code == EXIT_USER
    assert "más nueva" in said(result) and "actualice oportumap" in said(result)


def test_locked_store_is_explained(data, tmp_path, monkeypatch):
    db = recorded_store(data, tmp_path)
    import oportumap.tracking.store as store

    monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 0)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = cli("referrals", "-d", data, "-o", tmp_path / "r.xlsx", "--db", db, "-q",
                     "--top", "1")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == EXIT_USER, said(result)
    assert "ocupada por otro programa" in said(result)
    assert not (tmp_path / "r.xlsx").exists()

