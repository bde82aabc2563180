"""Schema v2: ``flags`` on status events (e.g. ``skipped_step``) and a history index.

Events imported under v1 get ``flags = ""`` (they were not checked); the index on
(referral_id, status_date, status) makes current-status, conflict and import look-ups
fast and covers the per-referral aggregation of outcomes.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("status_events") as batch:
        batch.add_column(sa.Column("flags", sa.String(64), nullable=False,
                                   server_default=""))
    op.create_index("ix_status_events_referral_date", "status_events",
                    ["referral_id", "status_date", "status"])


def downgrade() -> None:
    op.drop_index("ix_status_events_referral_date", table_name="status_events")
    with op.batch_alter_table("status_events") as batch:
        batch.drop_column("flags")
