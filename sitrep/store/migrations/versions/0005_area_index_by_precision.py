"""The index of the candidate search of merging on write: date precision before the date,
and the actors.

A new report can join a stored event of the same type and area whose date is within a window
that depends on the event's date precision: 3 days for a day-precise event, up to 31 for a
month. With the date before the precision, every search scanned the widest window (about
60 days of events); with the precision first, each precision is its own range. The actors
let the database decide the search's actor condition from the index, without reading the
rows it rules out. At a million events: the SQL of the searches of 300 articles 0.38 -> 0.17
CPU s.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_OLD = ["type", "area_key", "obs_date", "date_precision", "mixed"]
_NEW = ["type", "area_key", "date_precision", "obs_date", "mixed", "actor1", "actor2"]


def upgrade() -> None:
    op.drop_index("ix_merged_events_area", table_name="merged_events")
    op.create_index("ix_merged_events_area", "merged_events", _NEW)


def downgrade() -> None:
    op.drop_index("ix_merged_events_area", table_name="merged_events")
    op.create_index("ix_merged_events_area", "merged_events", _OLD)
