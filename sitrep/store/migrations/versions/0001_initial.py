"""Initial schema: articles, reports, merged_events, claims.

Revision ID: 0001
Revises:
Create Date: 2024-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _location_columns() -> list[sa.Column]:
    return [
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("actor1", sa.String(200)),
        sa.Column("actor2", sa.String(200)),
        sa.Column("country", sa.String(8)),
        sa.Column("admin1", sa.String(200)),
        sa.Column("admin2", sa.String(200)),
        sa.Column("admin1_pcode", sa.String(32)),
        sa.Column("admin2_pcode", sa.String(32)),
        sa.Column("place", sa.String(200)),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("geo_precision", sa.String(16)),
        sa.Column("date", sa.Date),
        sa.Column("date_precision", sa.String(16), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("source", sa.String(200)),
        sa.Column("path", sa.Text),
        sa.Column("fmt", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("raw_chars", sa.Integer, nullable=False),
        sa.Column("removed_chars", sa.Integer, nullable=False),
        sa.Column("extractor_version", sa.String(32), nullable=False),
        sa.Column("ingested_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_articles_url", "articles", ["url"])
    op.create_index("ix_articles_published", "articles", ["published"])

    op.create_table(
        "reports",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("extractor_version", sa.String(32), nullable=False),
        *_location_columns(),
        sa.Column("quantities", sa.JSON, nullable=False),
        sa.Column("fatalities", sa.Integer),
        sa.Column("modality", sa.String(16), nullable=False),
        sa.Column("attributed_to", sa.String(200)),
        sa.Column("evidence_text", sa.Text, nullable=False),
        sa.Column("evidence_start", sa.Integer, nullable=False),
        sa.Column("evidence_end", sa.Integer, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("transfer", sa.String(16)),
        sa.Column("trigger", sa.String(100)),
        sa.Column("merged_id", sa.Integer),
    )
    op.create_index("ix_reports_article_id", "reports", ["article_id"])
    op.create_index("ix_reports_type", "reports", ["type"])
    op.create_index("ix_reports_merged_id", "reports", ["merged_id"])

    op.create_table(
        "merged_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        *_location_columns(),
        sa.Column("obs_date", sa.Date),
        sa.Column("quantities", sa.JSON, nullable=False),
        sa.Column("fatalities", sa.Integer),
        sa.Column("modality", sa.String(16), nullable=False),
        sa.Column("attributed_to", sa.String(200)),
        sa.Column("transfer", sa.String(16)),
        sa.Column("evidence_text", sa.Text, nullable=False),
        sa.Column("evidence_start", sa.Integer, nullable=False),
        sa.Column("evidence_end", sa.Integer, nullable=False),
        sa.Column("article_id", sa.String(64), nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("sources", sa.JSON, nullable=False),
        sa.Column("corroboration", sa.Integer, nullable=False),
        sa.Column("conflicting", sa.JSON, nullable=False),
    )
    op.create_index("ix_merged_events_type", "merged_events", ["type"])
    op.create_index("ix_merged_events_obs_date", "merged_events", ["obs_date"])
    op.create_index("ix_merged_events_admin", "merged_events", ["admin1", "admin2"])

    op.create_table(
        "claims",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("extractor_version", sa.String(32), nullable=False),
        sa.Column("claimant", sa.String(200)),
        sa.Column("metric", sa.String(40), nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("unit", sa.String(16), nullable=False),
        sa.Column("subject", sa.String(200)),
        sa.Column("date", sa.Date),
        sa.Column("attributed_to", sa.String(200)),
        sa.Column("evidence_text", sa.Text, nullable=False),
        sa.Column("evidence_start", sa.Integer, nullable=False),
        sa.Column("evidence_end", sa.Integer, nullable=False),
    )
    op.create_index("ix_claims_article_id", "claims", ["article_id"])


def downgrade() -> None:
    op.drop_table("claims")
    op.drop_table("merged_events")
    op.drop_table("reports")
    op.drop_table("articles")
