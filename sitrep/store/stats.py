"""Row counts and a data version kept by the database itself (table ``store_stats``).

Exact ``COUNT(*)`` over a million rows is a scan on PostgreSQL (50-150 ms a table), and
the API asked for four of them per control request, only to know whether the data had
changed. Instead, triggers on ``articles``, ``reports``, ``merged_events`` and ``claims``
keep one row up to date in the writing transaction: the number of rows of each table, and
``version``, raised by every statement (PostgreSQL) or row (SQLite) that inserts, deletes
or updates any of them: re-extractions, deletions, cascades, merges and writes from
outside sitrep included. The counts are exact (they commit or roll back with the write).

SQLite has row triggers only; PostgreSQL gets statement triggers with transition tables
(one update of the row per statement, not per row). :func:`suspend` and :func:`resume`
are for bulk loads (``benchmarks/scale.py``): the triggers are dropped, and put back with
a recount.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

# table -> column of store_stats
COUNTED = {"articles": "articles", "reports": "reports", "merged_events": "events", "claims": "claims"}


def _sqlite_ddl() -> list[str]:
    out = []
    for table, col in COUNTED.items():
        for op, change in (("INSERT", f"{col} = {col} + 1, "), ("DELETE", f"{col} = {col} - 1, "), ("UPDATE", "")):
            out.append(
                f"CREATE TRIGGER IF NOT EXISTS store_stats_{table}_{op.lower()} AFTER {op} ON {table} "
                f"BEGIN UPDATE store_stats SET {change}version = version + 1 WHERE id = 1; END"
            )
    return out


def _pg_ddl() -> list[str]:
    out = []
    for table, col in COUNTED.items():
        for op, sign, rows in (("INSERT", "+", "new_rows"), ("DELETE", "-", "old_rows")):
            fn = f"store_stats_{table}_{op.lower()}"
            out.append(
                f"CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"UPDATE store_stats SET {col} = {col} {sign} (SELECT count(*) FROM {rows}), "
                f"version = version + 1 WHERE id = 1; RETURN NULL; END $$"
            )
            ref = "NEW TABLE AS new_rows" if op == "INSERT" else "OLD TABLE AS old_rows"
            out.append(f"DROP TRIGGER IF EXISTS {fn} ON {table}")
            out.append(
                f"CREATE TRIGGER {fn} AFTER {op} ON {table} REFERENCING {ref} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {fn}()"
            )
    out.append(
        "CREATE OR REPLACE FUNCTION store_stats_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "UPDATE store_stats SET version = version + 1 WHERE id = 1; RETURN NULL; END $$"
    )
    for table in COUNTED:
        out.append(f"DROP TRIGGER IF EXISTS store_stats_{table}_update ON {table}")
        out.append(
            f"CREATE TRIGGER store_stats_{table}_update AFTER UPDATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION store_stats_touch()"
        )
    return out


def _trigger_names() -> list[str]:
    return [f"store_stats_{t}_{op}" for t in COUNTED for op in ("insert", "delete", "update")]


def resume(conn: Any) -> None:
    """Create the triggers (again) and set the counts from the tables (one scan each);
    raises the version. Run inside the caller's transaction."""
    dialect = conn.dialect.name
    for stmt in _pg_ddl() if dialect == "postgresql" else _sqlite_ddl():
        conn.execute(text(stmt))
    counts = ", ".join(f"{col} = (SELECT count(*) FROM {table})" for table, col in COUNTED.items())
    conn.execute(text(f"UPDATE store_stats SET {counts}, version = version + 1 WHERE id = 1"))


def suspend(conn: Any) -> None:
    """Drop the triggers (a bulk load follows; :func:`resume` puts them back and recounts)."""
    postgres = conn.dialect.name == "postgresql"
    for name in _trigger_names():
        table = name.removeprefix("store_stats_").rsplit("_", 1)[0]
        conn.execute(text(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if postgres else "")))


def read(conn: Any) -> dict[str, int]:
    """The counts and the version (``version``) as stored."""
    row = conn.execute(
        text("SELECT articles, reports, events, claims, version FROM store_stats WHERE id = 1")
    ).one()
    return {"articles": row[0], "reports": row[1], "events": row[2], "claims": row[3], "version": row[4]}
