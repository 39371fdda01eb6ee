#!/usr/bin/env bash
# Set up sitrep and run the main job on the built-in defaults: the bundled
# sample articles into the default SQLite database, then the merged events,
# the control map of the last day and the parties' claims.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh"
export PATH="$ROOT/.venv/bin:$PATH"
sitrep ingest --samples
sitrep events --limit 25
sitrep control
sitrep claims
echo "Database: ${SITREP_DB:-${SITREP_HOME:-$HOME/.sitrep}/sitrep.db}.  Next: 'sitrep serve' and open http://127.0.0.1:8000/"
