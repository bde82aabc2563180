"""Where referrals and their history live: a SQLite file by default, PostgreSQL by URL.

Choosing the store
    ``db=`` in Python, ``--db`` on the command line, or ``$OPORTUMAP_DB``: a file path
    (SQLite) or a SQLAlchemy URL such as ``postgresql+psycopg://user@host/oportumap``.

SQLite
    The file is created with owner-only permissions (0600: it holds personal data) and
    runs in WAL mode with a busy timeout, so a reader never blocks a writer and two
    imports at once queue instead of failing. Writes take the lock up front
    (``BEGIN IMMEDIATE``) so a transaction never fails half-way for lack of it.

Schema versions
    The schema is versioned with Alembic (migrations ship inside the package). A new,
    empty store is created at the current version. A store at an older version is not
    touched until someone runs ``oportumap track upgrade --db ...`` (or passes
    ``upgrade=True``): a ministry's database is upgraded on purpose, after a backup.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from oportumap.errors import DataError
from oportumap.tracking.store_files import (  # noqa: F401 - public from here too
    SQLITE_HEADER,
    _check_sqlite_file,
    _create_private_file,
    _make_private,
    _missing_store_message,
    describe_store_error,
)

#: Environment variable naming the store when ``db`` is not given.
DB_ENVIRONMENT_VARIABLE = "OPORTUMAP_DB"
#: Seconds a writer waits for another writer's lock (SQLite) before giving up.
BUSY_TIMEOUT_S = 120


@dataclass
class Store:
    """An open store: an SQLAlchemy engine at the current schema version.

    Attributes
    ----------
    engine : sqlalchemy.engine.Engine
    url : str
        The URL, with any password hidden (safe to print).
    """

    engine: object
    url: str

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self.engine.dialect.name

    @contextmanager
    def write(self) -> Iterator[object]:
        """One write transaction (committed at the end, rolled back on any error).

        SQLite takes the write lock at the start (``BEGIN IMMEDIATE``), waiting up to
        :data:`BUSY_TIMEOUT_S` for another writer; PostgreSQL serialises oportumap's
        writers with a transaction-level advisory lock.
        """
        with self.engine.connect().execution_options(oportumap_write=True) as conn, \
                conn.begin():
            if self.dialect == "postgresql":
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(718180)")
            yield conn

    @contextmanager
    def read(self) -> Iterator[object]:
        """A read-only connection (a consistent snapshot on both back-ends)."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()


def resolve_url(db: str | os.PathLike | None) -> str:
    """The SQLAlchemy URL for ``db`` (a path, a URL, or ``None`` for ``$OPORTUMAP_DB``).

    Examples
    --------
    >>> resolve_url("postgresql+psycopg://ana@servidor/seguimiento")
    'postgresql+psycopg://ana@servidor/seguimiento'
    >>> resolve_url("/datos/seguimiento.db")
    'sqlite:////datos/seguimiento.db'
    """
    if db is None or str(db).strip() == "":
        db = os.environ.get(DB_ENVIRONMENT_VARIABLE, "").strip()
        if not db:
            raise DataError("falta la base de seguimiento: indique --db ARCHIVO_O_URL (un "
                            "archivo .db o postgresql+psycopg://...) o defina "
                            f"{DB_ENVIRONMENT_VARIABLE}")
    text = str(db)
    if "://" in text:
        if text.startswith("postgresql://") or text.startswith("postgres://"):
            text = "postgresql+psycopg://" + text.split("://", 1)[1]  # psycopg 3 driver
        _check_url(text)
        return text
    return "sqlite:///" + str(Path(text).expanduser().resolve())


def _check_url(url: str) -> None:
    """Refuse a URL that cannot name a store, in Spanish (never the parser's English)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    shown = _hide_password(url)
    example = "postgresql+psycopg://usuario:contraseña@servidor:5432/base"
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise DataError(f"{shown}: la dirección de la base no es válida (¿el puerto tiene "
                        f"letras?); escríbala como {example}") from None
    if parsed.port is not None and not 0 < parsed.port < 65536:
        raise DataError(f"{shown}: el puerto {parsed.port} no existe (va de 1 a 65535); "
                        f"escríbala como {example}")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise DataError(f"{shown}: oportumap guarda el seguimiento en SQLite (un archivo "
                        f".db) o PostgreSQL; escriba la dirección como {example}")


def _hide_password(url: str) -> str:
    """``url`` with the password replaced by ``***`` (even when the URL does not parse)."""
    import re

    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def remove_new_store(db) -> None:
    """Delete an SQLite store (and its WAL files) that a failed command has just made."""
    url = resolve_url(db)
    if not url.startswith("sqlite:///"):
        return
    path = Path(url[len("sqlite:///"):])
    for leftover in (path, path.with_name(path.name + "-wal"),
                     path.with_name(path.name + "-shm")):
        with contextlib.suppress(OSError):
            leftover.unlink(missing_ok=True)


def refuse_missing(db) -> None:
    """Raise :class:`DataError` when ``db`` names an SQLite file that does not exist.

    Examples
    --------
    >>> refuse_missing("/no/such/seguimiento.db")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    oportumap.errors.DataError: /no/such/seguimiento.db: la base de seguimiento no existe...
    """
    if not exists(db):
        url = resolve_url(db)
        raise DataError(_missing_store_message(Path(url[len("sqlite:///"):])))


def _engine(url: str, *, create: bool = True):
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        try:
            return create_engine(url, pool_pre_ping=True)
        except Exception:  # unknown driver or malformed URL
            raise DataError(f"{parsed.render_as_string()}: no se puede usar esta dirección "
                            "de base; escríbala como postgresql+psycopg://usuario:contraseña@"
                            "servidor:5432/base") from None
    database = parsed.database or ""
    if database and database != ":memory:":
        path = Path(database)
        if path.exists() and path.stat().st_size > 0:
            _check_sqlite_file(path)  # read-only: a foreign file is never changed
            _make_private(path)
        elif create:
            _create_private_file(path)
        elif not path.exists():
            raise DataError(_missing_store_message(path))
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - driver callback
        # Let SQLAlchemy (not the driver) issue BEGIN, so writers can use IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # pragma: no cover - driver callback
        immediate = conn.get_execution_options().get("oportumap_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _migration_config(conn):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "oportumap.tracking:migrations")
    config.attributes["connection"] = conn
    return config


def head_revision() -> str:
    """The schema version this oportumap writes.

    Examples
    --------
    >>> head_revision()
    '0002'
    """
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_migration_config(None)).get_current_head()


def current_revision(store: Store) -> str | None:
    """The schema version of an open store (``None`` for an empty database)."""
    from alembic.migration import MigrationContext

    with store.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(db=None, *, revision: str = "head") -> tuple[str | None, str]:
    """Upgrade a store's schema (creating it when empty); returns (before, after).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "seguimiento.db"
    >>> upgrade(path)
    (None, '0002')
    """
    from alembic import command

    url = resolve_url(db) if not isinstance(db, Store) else None
    store = db if isinstance(db, Store) else Store(_engine(url), _safe(url))
    try:
        before = current_revision(store)
        with store.engine.connect().execution_options(oportumap_write=True) as conn, \
                conn.begin():
            if store.dialect == "postgresql":
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(718181)")
            command.upgrade(_migration_config(conn), revision)
        return before, current_revision(store)
    except Exception as exc:
        if _is_store_error(exc):
            raise DataError(describe_store_error(exc, store.url)) from None
        raise
    finally:
        if not isinstance(db, Store):
            store.close()


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def open_store(db=None, *, upgrade_schema: bool = False, create: bool = True) -> Store:
    """Open (or create) a store at the current schema version.

    Parameters
    ----------
    db : str, path, Store or None
        SQLite file, SQLAlchemy URL, an open :class:`Store` (returned as is), or ``None``
        for ``$OPORTUMAP_DB``.
    upgrade_schema : bool
        Upgrade a store of an older schema version (default: refuse with a message).
    create : bool
        Create a missing SQLite file (default). Reading functions pass ``False``: a
        mistyped path is refused, naming the closest existing store.

    Raises
    ------
    DataError
        When the server cannot be reached, or the schema is older (without
        ``upgrade_schema``) or newer than this oportumap.

    Examples
    --------
    >>> import tempfile, pathlib, stat
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "seguimiento.db"
    >>> store = open_store(path)
    >>> oct(stat.S_IMODE(path.stat().st_mode))
    '0o600'
    >>> store.close()
    """
    if isinstance(db, Store):
        return db
    url = resolve_url(db)
    store = Store(_engine(url, create=create), _safe(url))
    try:
        _check_version(store, upgrade_schema)
    except DataError:
        store.close()
        raise
    except Exception as exc:
        store.close()
        if _is_store_error(exc):
            raise DataError(describe_store_error(exc, store.url)) from None
        raise
    except BaseException:
        store.close()
        raise
    return store


def _is_store_error(exc: BaseException) -> bool:
    module = type(exc).__module__ or ""
    return module.startswith(("sqlalchemy", "psycopg", "sqlite3", "alembic"))


def exists(db) -> bool:
    """True when ``db`` names a store that is there already (always for a server URL).

    Examples
    --------
    >>> exists("/no/such/folder/seguimiento.db")
    False
    """
    if isinstance(db, Store):
        return True
    url = resolve_url(db)
    if not url.startswith("sqlite:///"):
        return True
    path = Path(url[len("sqlite:///"):])
    return path.exists() and path.stat().st_size > 0


def _check_version(store: Store, upgrade_schema: bool) -> None:
    from sqlalchemy import inspect
    from sqlalchemy.exc import OperationalError

    head = head_revision()
    for attempt in range(3):
        try:
            current = current_revision(store)
            break
        except OperationalError as exc:
            if store.dialect != "sqlite" or attempt == 2:
                raise DataError(describe_store_error(exc, store.url)) from None
            time.sleep(0.5)
    if current == head:
        return
    if current is None:
        with store.engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
        if tables - {"alembic_version"}:
            raise DataError(f"{store.url}: la base tiene tablas que no son de oportumap; "
                            "use una base o un archivo nuevo para el seguimiento")
        upgrade(store)  # a new store starts at the current version
        return
    from alembic.script import ScriptDirectory

    known = {s.revision for s in ScriptDirectory.from_config(
        _migration_config(None)).walk_revisions()}
    if current not in known:
        raise DataError(f"{store.url}: la base está en la versión {current} del esquema, "
                        "más nueva que esta versión de oportumap; actualice oportumap")
    if not upgrade_schema:
        raise DataError(f"{store.url}: la base está en la versión {current} del esquema y "
                        f"esta versión de oportumap usa la {head}. Haga una copia de "
                        "respaldo y ejecute: oportumap track upgrade --db ...")
    upgrade(store)


@contextmanager
def using(db, *, create: bool = False) -> Iterator[Store]:
    """Open ``db`` for one call, closing it afterwards unless it was an open Store.

    Reading functions use the default (``create=False``): a store is made only by
    recording referrals or importing statuses. A failure of the store inside the block
    becomes a :class:`DataError` in Spanish.
    """
    store = open_store(db, create=create)
    try:
        yield store
    except Exception as exc:
        if _is_store_error(exc):
            raise DataError(describe_store_error(exc, store.url)) from None
        raise
    finally:
        if store is not db:
            store.close()
