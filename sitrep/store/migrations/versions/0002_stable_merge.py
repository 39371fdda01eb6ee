"""Merging on write (``merged_events.area_key``, ``mixed``), read indexes, stable merged-event ids.

The merged events of an existing database are rebuilt once, so that their ids
are the stable ones (a hash of the first report's type, place, date and
article) instead of the smallest report id.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":  # ids are 52-bit hashes now
        op.alter_column("merged_events", "id", type_=sa.BigInteger)
        op.alter_column("reports", "merged_id", type_=sa.BigInteger)
    with op.batch_alter_table("merged_events") as batch:
        batch.add_column(sa.Column("area_key", sa.String(240), nullable=False, server_default="-"))
        batch.add_column(sa.Column("mixed", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_index(
        "ix_merged_events_area", "merged_events", ["type", "area_key", "obs_date", "date_precision", "mixed"]
    )
    # reads at scale: the first page in (date, id) order; province filters by date
    op.create_index("ix_merged_events_order", "merged_events", [sa.text("(obs_date IS NULL)"), "obs_date", "id"])
    op.create_index("ix_merged_events_admin1_ci", "merged_events", [sa.text("lower(admin1)"), "obs_date"])
    op.create_index(
        "ix_merged_events_admin1_pcode_ci", "merged_events", [sa.text("lower(admin1_pcode)"), "obs_date"]
    )

    # the data as the ORM of this revision sees it (a later revision that changes these
    # tables must do this step with its own table definitions)
    from sqlalchemy.orm import Session

    from sitrep.store import rebuild_merged

    conn = op.get_bind()
    if conn.execute(sa.text("SELECT 1 FROM reports LIMIT 1")).first() is None:
        return
    rebuild_merged(Session(bind=conn))


def downgrade() -> None:
    for name in ("ix_merged_events_admin1_pcode_ci", "ix_merged_events_admin1_ci", "ix_merged_events_order"):
        op.drop_index(name, table_name="merged_events")
    op.drop_index("ix_merged_events_area", table_name="merged_events")
    with op.batch_alter_table("merged_events") as batch:
        batch.drop_column("mixed")
        batch.drop_column("area_key")
    # merged-event ids stay BIGINT on PostgreSQL: they no longer fit in INTEGER
