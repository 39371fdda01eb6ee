#!/usr/bin/env bash
# Set up everything the tests need on a fresh Debian machine (PostgreSQL
# server, Chromium, the virtual environment) and run the whole test suite,
# against SQLite and against a real PostgreSQL server.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

need=()
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "installing ${need[*]} (apt)"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    else
        echo "warning: ${need[*]} missing and not root: those tests will be skipped" >&2
    fi
fi

bash scripts/setup.sh dev

# A throw-away PostgreSQL server on a private port, stopped on exit.
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -n "$PGBIN" ] && [ -z "${SITREP_TEST_PG_URL:-}" ]; then
    PGDATA="$(mktemp -d /tmp/sitrep-pg.XXXXXX)"
    PGPORT="${SITREP_TEST_PG_PORT:-54329}"
    as_pg=()
    if [ "$(id -u)" = 0 ]; then
        chown postgres "$PGDATA"
        as_pg=(runuser -u postgres --)
    fi
    "${as_pg[@]}" "$PGBIN/initdb" -D "$PGDATA" -A trust -U postgres >/dev/null
    "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
        -o "-p $PGPORT -k $PGDATA -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    trap '"${as_pg[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1 || true; rm -rf "$PGDATA"' EXIT
    export SITREP_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$PGPORT/postgres"
    echo "PostgreSQL test server at $SITREP_TEST_PG_URL"
fi

.venv/bin/ruff check sitrep tests benchmarks
.venv/bin/python -m pytest "$@"
