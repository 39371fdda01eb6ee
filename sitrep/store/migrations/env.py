"""Alembic environment, run programmatically by :func:`sitrep.store.engine.migrate`.

The caller passes an open connection in ``config.attributes["connection"]``;
there is no alembic.ini and no logging configuration here.
"""

from __future__ import annotations

from alembic import context

from sitrep.store.schema import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when run by hand
    raise RuntimeError("run migrations through sitrep.store.engine.migrate()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
