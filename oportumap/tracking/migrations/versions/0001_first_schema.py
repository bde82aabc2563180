"""Schema v1: runs, referrals, imports and the append-only status history.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("run_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("issued_at", sa.DateTime, nullable=False),
        sa.Column("as_of", sa.Date),
        sa.Column("country", sa.String(8)),
        sa.Column("referrals", sa.Integer, nullable=False),
    )
    op.create_table(
        "referrals",
        sa.Column("referral_id", sa.String(16), primary_key=True),
        sa.Column("run_id", sa.Integer),
        sa.Column("returnee_id", sa.String(64), nullable=False),
        sa.Column("opportunity_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(20)),
        sa.Column("stage", sa.String(20)),
        sa.Column("rank", sa.Integer),
        sa.Column("score", sa.Float),
        sa.Column("provider", sa.Text),
        sa.Column("home_muni_code", sa.String(12)),
        sa.Column("home_dept_code", sa.String(12)),
        sa.Column("muni_code", sa.String(12)),
        sa.Column("dept_code", sa.String(12)),
        sa.Column("occupation", sa.Text),
        sa.Column("as_of", sa.Date),
        sa.Column("issued_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "imports",
        sa.Column("import_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("imported_at", sa.DateTime, nullable=False),
        sa.Column("rows_read", sa.Integer, nullable=False),
        sa.Column("accepted", sa.Integer, nullable=False),
        sa.Column("rejected", sa.Integer, nullable=False),
        sa.Column("events_added", sa.Integer, nullable=False),
    )
    op.create_table(
        "status_events",
        sa.Column("event_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("referral_id", sa.String(16), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("status_date", sa.Date, nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("source_file", sa.Text),
        sa.Column("sheet", sa.Text),
        sa.Column("row", sa.Integer),
        sa.Column("imported_at", sa.DateTime, nullable=False),
        sa.Column("import_id", sa.Integer, sa.ForeignKey("imports.import_id")),
    )


def downgrade() -> None:
    for table in ("status_events", "imports", "referrals", "runs"):
        op.drop_table(table)
