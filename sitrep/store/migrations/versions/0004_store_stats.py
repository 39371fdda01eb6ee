"""Row counts and a data version kept by triggers (``store_stats``).

The API's control model is cached by data version, and the unfiltered page of events
gives its total, without counting a million rows on every request (PostgreSQL answers
``COUNT(*)`` by a scan). The triggers are those of :mod:`sitrep.store.stats`; the counts
of an existing database are taken once here.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from sitrep.store import stats

    op.create_table(
        "store_stats",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("articles", sa.BigInteger, nullable=False),
        sa.Column("reports", sa.BigInteger, nullable=False),
        sa.Column("events", sa.BigInteger, nullable=False),
        sa.Column("claims", sa.BigInteger, nullable=False),
        sa.Column("version", sa.BigInteger, nullable=False),
    )
    op.execute("INSERT INTO store_stats (id, articles, reports, events, claims, version) VALUES (1, 0, 0, 0, 0, 0)")
    stats.resume(op.get_bind())


def downgrade() -> None:
    from sitrep.store import stats

    bind = op.get_bind()
    stats.suspend(bind)
    if bind.dialect.name == "postgresql":
        for name in [*(f"store_stats_{t}_{o}" for t in stats.COUNTED for o in ("insert", "delete")), "store_stats_touch"]:
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.drop_table("store_stats")
