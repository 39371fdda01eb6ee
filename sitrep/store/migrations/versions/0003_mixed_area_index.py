"""A partial index on the merged events with a coarser report (``mixed``), by area and date.

A district-level report may join such an event anywhere in its province; the index on
(type, area_key, obs_date, ...) made that search scan every event of the type in the
province (at a million events, thousands of index entries per stored report).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_merged_events_mixed_area",
        "merged_events",
        ["area_key", "obs_date"],
        sqlite_where=sa.text("mixed = 1"),
        postgresql_where=sa.text("mixed"),
    )


def downgrade() -> None:
    op.drop_index("ix_merged_events_mixed_area", table_name="merged_events")
