"""Who is who in the conflict: ``sitrep/data/actors.json`` read through a schema.

The file lists the canonical actors (``actors``: name, kind, country, aliases) and,
under ``conflict``, the conflict the map is about: its country, which actor is the
state, which one the main non-state party, and the labels of the control statuses.
The control map, the claims check and the page take every actor- or country-specific
word from here, so another conflict needs only another file (``SITREP_ACTORS`` names
one; default: the package's).

The schema is strict (``extra="forbid"``): a misspelt key stops the load with one line
saying where, instead of being silently ignored.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sitrep.errors import InputError

#: The control statuses (what is stored and served; labels come from the data file).
STATUSES: tuple[str, ...] = ("government", "contested", "nonstate", "unknown")

#: ``kind`` values of actors.json that act for a state, and those that do not.
STATE_KINDS = frozenset({"state", "state_forces", "foreign_forces", "intl"})
NON_STATE_KINDS = frozenset({"nonstate", "civilians"})


class ActorEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    kind: str
    country: str | None = None
    aliases: list[str] = Field(default_factory=list)
    forces: str | None = None


class ConflictInfo(BaseModel):
    """The conflict the map is about."""

    model_config = ConfigDict(extra="forbid")

    country: str = Field(description="ISO 3166 alpha-2 of the country whose districts are mapped.")
    state: str = Field(description="Canonical name of the state's actor (its forces).")
    nonstate: str = Field(description="Canonical name of the main non-state party.")
    labels: dict[str, str] = Field(default_factory=dict, description="status -> label shown to users")


class ActorsFile(BaseModel):
    """The whole of actors.json (the keys sitrep/extract/actors.py reads stay as they were)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    doc: str | None = Field(default=None, alias="_doc")
    actors: list[ActorEntry]
    demonyms: dict[str, str] = Field(default_factory=dict)
    state_bodies: list[str] = Field(default_factory=list)
    generic: dict[str, list[str]] = Field(default_factory=dict)
    conflict: ConflictInfo | None = None


class Conflict:
    """Sides of the conflict and the labels of the statuses, from an :class:`ActorsFile`."""

    def __init__(self, data: ActorsFile) -> None:
        self.data = data
        info = data.conflict
        self.country: str | None = info.country.upper() if info else None
        self.state: str | None = info.state if info else None
        self.nonstate: str | None = info.nonstate if info else None
        default_labels = {
            "government": "Government",
            "contested": "Contested",
            "nonstate": self.nonstate or "Non-state",
            "unknown": "Unknown / no data",
        }
        self.labels: dict[str, str] = {**default_labels, **(info.labels if info else {})}
        self._flags: dict[str, bool] = {}
        self._sides: dict[str, str | None] = {}
        for a in data.actors:
            flag = True if a.kind in STATE_KINDS else False if a.kind in NON_STATE_KINDS else None
            if flag is None:
                continue
            # in the mapped country, a state actor holds ground for the government when it is
            # that country's own (or an allied force); another state's is no side of the map
            if not flag:
                side: str | None = "nonstate"
            elif a.kind in ("foreign_forces", "intl") or not self.country or (a.country or "").upper() in ("", self.country):
                side = "government"
            else:
                side = None
            for n in (a.name, *a.aliases):
                self._flags.setdefault(n.strip().casefold(), flag)
                self._sides.setdefault(n.strip().casefold(), side)
        for kind, words in data.generic.items():
            flag = True if kind in STATE_KINDS else False if kind in NON_STATE_KINDS else None
            if flag is not None:
                for w in words:
                    self._flags.setdefault(w.strip().casefold(), flag)
                    self._sides.setdefault(w.strip().casefold(), "government" if flag else "nonstate")

    def side(self, actor: str | None) -> str | None:
        """The side of the map an actor holds ground for: ``government`` (the conflict
        country's state and its allies), ``nonstate``, or None (unknown, or another
        country's state)."""
        if not actor or not actor.strip():
            return None
        return self._sides.get(actor.strip().casefold())

    def is_state(self, actor: str | None) -> bool | None:
        """Whether ``actor`` acts for a state (True), not (False), or unknown (None)."""
        if not actor or not actor.strip():
            return None
        return self._flags.get(actor.strip().casefold())


def actors_path() -> Path:
    """``SITREP_ACTORS`` when set, else the package's ``data/actors.json``."""
    from sitrep.config import data_dir

    env = os.environ.get("SITREP_ACTORS")
    return Path(env).expanduser() if env else data_dir() / "actors.json"


def read_actors(path: Path) -> ActorsFile:
    """Read and validate an actors file; one-line :class:`InputError` when it is not valid."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise InputError(f"cannot read actors file {path}: {e.strerror or e}") from None
    except ValueError as e:
        raise InputError(f"actors file {path} is not valid JSON: {e}") from None
    try:
        return ActorsFile.model_validate(raw)
    except ValidationError as e:
        err = e.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise InputError(f"actors file {path}: {where}: {err['msg']}") from None


@lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> Conflict:
    return Conflict(read_actors(Path(path)))


def load_conflict(path: Path | None = None) -> Conflict:
    """The conflict of ``path`` (default :func:`actors_path`), cached per file version."""
    p = path or actors_path()
    try:
        mtime = p.stat().st_mtime
    except OSError:
        mtime = 0.0
    return _load(str(p), mtime)
