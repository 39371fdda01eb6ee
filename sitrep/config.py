"""Where sitrep keeps its data (codebook §5: SITREP_HOME, default ~/.sitrep)."""

from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    """The data folder, created on first use."""
    path = Path(os.environ.get("SITREP_HOME") or Path.home() / ".sitrep").expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_url() -> str:
    """`SITREP_DB` when set, else a SQLite file in SITREP_HOME."""
    return os.environ.get("SITREP_DB") or f"sqlite:///{home() / 'sitrep.db'}"


def data_dir() -> Path:
    """The package's own data files (lexicons, aliases, sample articles)."""
    return Path(__file__).parent / "data"
