"""Database engines (SQLite file or PostgreSQL) and programmatic migrations."""

from __future__ import annotations

import contextlib
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from sitrep.errors import StoreError

MIGRATIONS = Path(__file__).parent / "migrations"
# the key of the PostgreSQL advisory lock held while the schema is created or upgraded
_MIGRATION_LOCK = zlib.crc32(b"sitrep schema migration")
_SCHEME = re.compile(r"^[A-Za-z][\w+.-]*:/+")


class RecordError(StoreError):
    """One record cannot be stored (a value the database refuses); the database itself is fine."""


def mask_password(url: str) -> str:
    """``url`` as typed, with any password (between the user's ``:`` and the last ``@``)
    replaced by ``***``, for messages."""
    at = url.rfind("@")
    if at < 0:
        return url
    scheme = _SCHEME.match(url)
    start = scheme.end() if scheme else 0
    colon = url.find(":", start, at)
    return url if colon < 0 else f"{url[: colon + 1]}***{url[at:]}"


def normalise_url(url: str) -> URL:
    """A SQLAlchemy URL from what the user typed.

    A bare path is a SQLite file; ``postgres://`` and ``postgresql://`` use
    psycopg 3 (the driver sitrep installs).
    """
    url = url.strip()
    if not url:
        raise StoreError("empty database URL")
    if "://" not in url:
        windows_drive = re.match(r"[A-Za-z]:[\\/]", url) is not None
        if ":" in url and url != ":memory:" and not windows_drive and not Path(url).expanduser().exists():
            # "postgresql:/x", ":::", "host:5432/db": a mistyped URL, not a new SQLite file name
            raise StoreError(
                f"not a database URL: {mask_password(url)!r} (use a SQLite path, sqlite:///PATH or postgresql://...)"
            )
        url = f"sqlite:///{Path(url).expanduser()}"
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise StoreError(
            f"not a database URL: {mask_password(url)!r} (use a SQLite path or postgresql://...)"
        ) from exc
    if parsed.drivername in ("postgres", "postgresql", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(f"unsupported database {parsed.get_backend_name()!r}: use SQLite or PostgreSQL")
    return parsed


def describe(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()
    return text[0] if text else type(orig).__name__


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001 - DB-API objects
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str) -> Engine:
    parsed = normalise_url(url)
    try:
        if parsed.get_backend_name() == "sqlite":
            db = parsed.database
            if db and db != ":memory:" and not db.startswith("file:"):
                parent = Path(db).expanduser().parent
                if not parent.is_dir():
                    raise StoreError(f"cannot open database {describe(parsed)}: no folder {parent}")
            engine = create_engine(parsed, connect_args={"timeout": 30})
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": 10})
    except NoSuchModuleError as exc:
        raise StoreError(f"no database driver for {parsed.drivername!r}") from exc
    except (ArgumentError, SQLAlchemyError) as exc:
        raise StoreError(f"cannot open database {describe(parsed)}: {first_line(exc)}") from exc
    return engine


@contextlib.contextmanager
def _sqlite_migration_lock(engine: Engine) -> Iterator[None]:
    """An exclusive lock on ``DB.migrate.lock`` next to a SQLite file (none for :memory:)."""
    db = engine.url.database
    if not db or db == ":memory:" or db.startswith("file:"):
        yield
        return
    try:
        import fcntl
    except ImportError:  # not POSIX: SQLite's own locking is all there is
        yield
        return
    lock_path = Path(db).expanduser().with_name(Path(db).name + ".migrate.lock")
    try:
        fh = open(lock_path, "a+b")  # noqa: SIM115 - held for the block
    except OSError:
        yield  # a read-only folder: nothing can be created there anyway
        return
    with fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def migrate(engine: Engine) -> None:
    """Create or upgrade the schema to the newest Alembic revision.

    Safe when several processes open a new database at once: on PostgreSQL the upgrade runs
    under a transaction-level advisory lock, on SQLite under a file lock, and the revision is
    checked again once the lock is held, so only the first one creates the tables.
    """
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    postgres = engine.dialect.name == "postgresql"
    try:
        with engine.connect() as conn:
            if MigrationContext.configure(conn).get_current_revision() == head:
                return
        lock = contextlib.nullcontext() if postgres else _sqlite_migration_lock(engine)
        with lock, engine.begin() as conn:
            if postgres:
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
            if MigrationContext.configure(conn).get_current_revision() == head:
                return  # created meanwhile by the process that held the lock
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open database {describe(engine.url)}: {first_line(exc)}") from exc
