"""The store's tables at the current schema version (SQLAlchemy Core).

The schema itself is created and upgraded only by the Alembic migrations in
``oportumap/tracking/migrations``; these objects describe the head revision for queries.

Tables
    ``runs``: one row per recorded referral run (issued at, as-of date, country).
    ``referrals``: one row per referral, keyed by its stable ``referral_id``.
    ``imports``: one row per imported file (SHA-256 of its bytes makes re-imports no-ops).
    ``status_events``: append-only history, one row per status change read from a
    coordinator's file, with file, sheet, row, import time and ``flags``.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

runs = Table(
    "runs", metadata,
    Column("run_id", Integer, primary_key=True, autoincrement=True),
    Column("issued_at", DateTime, nullable=False),
    Column("as_of", Date),
    Column("country", String(8)),
    Column("referrals", Integer, nullable=False),
)

referrals = Table(
    "referrals", metadata,
    Column("referral_id", String(16), primary_key=True),
    Column("run_id", Integer),
    Column("returnee_id", String(64), nullable=False),
    Column("opportunity_id", String(64), nullable=False),
    Column("kind", String(20)),
    Column("stage", String(20)),
    Column("rank", Integer),
    Column("score", Float),
    Column("provider", Text),
    Column("home_muni_code", String(12)),
    Column("home_dept_code", String(12)),
    Column("muni_code", String(12)),
    Column("dept_code", String(12)),
    Column("occupation", Text),
    Column("as_of", Date),
    Column("issued_at", DateTime, nullable=False),
)

imports = Table(
    "imports", metadata,
    Column("import_id", Integer, primary_key=True, autoincrement=True),
    Column("file_name", Text, nullable=False),
    Column("file_sha256", String(64), nullable=False, unique=True),
    Column("imported_at", DateTime, nullable=False),
    Column("rows_read", Integer, nullable=False),
    Column("accepted", Integer, nullable=False),
    Column("rejected", Integer, nullable=False),
    Column("events_added", Integer, nullable=False),
)

status_events = Table(
    "status_events", metadata,
    Column("event_id", Integer, primary_key=True, autoincrement=True),
    Column("referral_id", String(16), nullable=False),
    Column("status", String(20), nullable=False),
    Column("status_date", Date, nullable=False),
    Column("note", Text),
    Column("source_file", Text),
    Column("sheet", Text),
    Column("row", Integer),
    Column("imported_at", DateTime, nullable=False),
    Column("import_id", Integer, ForeignKey("imports.import_id")),
    # schema v2: comma-separated flags ("skipped_step"); "" when none
    Column("flags", String(64), nullable=False, server_default=""),
)

# schema v2: referrals issued per run and group (see oportumap.tracking.funnel.GROUPS)
run_groups = Table(
    "run_groups", metadata,
    Column("run_id", Integer, nullable=False),
    Column("dimension", String(16), nullable=False),
    Column("grp", Text),
    Column("issued", Integer, nullable=False),
)
