"""Schema v2: event ``flags`` (e.g. ``skipped_step``), a history index, issued counts.

Events imported under v1 get ``flags = ""`` (they were not checked); the index on
(referral_id, status_date, status) makes current-status, conflict and import look-ups
fast and covers the per-referral aggregation of outcomes. ``run_groups`` holds how many
referrals each run issued per department, municipality, provider, occupation and stage,
so outcomes never count millions of referrals again (filled here for existing runs).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Frozen copy of oportumap.tracking.funnel.GROUPS at this revision.
GROUPS = {"department": "home_dept_code", "municipality": "home_muni_code",
          "provider": "provider", "occupation": "occupation", "stage": "stage"}


def upgrade() -> None:
    with op.batch_alter_table("status_events") as batch:
        batch.add_column(sa.Column("flags", sa.String(64), nullable=False,
                                   server_default=""))
    op.create_index("ix_status_events_referral_date", "status_events",
                    ["referral_id", "status_date", "status"])
    op.create_table(
        "run_groups",
        sa.Column("run_id", sa.Integer, nullable=False),
        sa.Column("dimension", sa.String(16), nullable=False),
        sa.Column("grp", sa.Text),
        sa.Column("issued", sa.Integer, nullable=False),
    )
    op.create_index("ix_run_groups", "run_groups", ["dimension", "run_id"])
    for dimension, column in GROUPS.items():
        op.execute(f"INSERT INTO run_groups (run_id, dimension, grp, issued) SELECT "
                   f"COALESCE(run_id, 0), '{dimension}', {column}, COUNT(*) FROM referrals "
                   f"GROUP BY COALESCE(run_id, 0), {column}")


def downgrade() -> None:
    op.drop_index("ix_run_groups", table_name="run_groups")
    op.drop_table("run_groups")
    op.drop_index("ix_status_events_referral_date", table_name="status_events")
    with op.batch_alter_table("status_events") as batch:
        batch.drop_column("flags")
