"""The gazetteer: places with their names, and fast lookup by written name.

A gazetteer is kept as plain data (tuples, dicts) so that it pickles and loads
quickly; :class:`~sitrep.models.Place` records are made on demand.
"""

from __future__ import annotations

import gc
import json
import marshal
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sitrep.errors import GazetteerError
from sitrep.geo.names import norm, phonetic
from sitrep.models import Place

CACHE_VERSION = 3
FIELDS = (
    "id",
    "name",
    "kind",
    "country",
    "admin1",
    "admin2",
    "admin1_pcode",
    "admin2_pcode",
    "lat",
    "lon",
    "population",
    "aliases",
)
KIND_RANK = {"country": 0, "province": 1, "district": 2, "place": 3}
# names that an admin unit keeps whatever the admin word around it ("Khatlon Region")
_ADMIN_WORDS = (
    "province",
    "provincia",
    "region",
    "oblast",
    "viloyati",
    "viloyat",
    "state",
    "governorate",
    "district",
    "county",
    "prefecture",
    "department",
    "of",
)


def place_row(place: Place) -> tuple:
    return tuple(getattr(place, f) for f in FIELDS)


def row_place(row: tuple) -> Place:
    data = dict(zip(FIELDS, row, strict=False))
    data["aliases"] = list(data["aliases"] or ())
    return Place.model_construct(**data)


def admin_core(name: str) -> str:
    """The name of an admin unit without admin words: "Viloyati Khatlon" -> "khatlon"."""
    tokens = [t for t in norm(name).split() if t not in _ADMIN_WORDS]
    return " ".join(tokens)


class Gazetteer:
    """Places and their names; lookup by written name, with kinds."""

    def __init__(
        self,
        rows: list[tuple],
        source: str = "builtin",
        index: dict[str, list[int]] | None = None,
        shapes: dict[str, dict] | None = None,
        shapes_path: Path | None = None,
    ) -> None:
        self._rows = rows
        self._source = source
        self._index = index if index is not None else build_index(rows)
        self._places: list[Place] | None = None
        self._cache: dict[int, Place] = {}
        self._shapes = shapes
        self._shapes_path = shapes_path
        self._phon: dict[str, list[int]] | None = None

    # ------------------------------------------------------------------ records
    @property
    def places(self) -> list[Place]:
        if self._places is None:
            self._places = [self.place(i) for i in range(len(self._rows))]
        return self._places

    def place(self, i: int) -> Place:
        p = self._cache.get(i)
        if p is None:
            p = self._cache[i] = row_place(self._rows[i])
        return p

    def __len__(self) -> int:
        return len(self._rows)

    def rows(self) -> list[tuple]:
        return self._rows

    def source(self) -> str:
        return self._source

    # ------------------------------------------------------------------ names
    def surface_forms(self) -> dict[str, set[str]]:
        """Normalised name -> kinds of the places that carry it (for the mention finder)."""
        kind_i = FIELDS.index("kind")
        out: dict[str, set[str]] = {}
        for key, idxs in self._index.items():
            out[key] = {self._rows[i][kind_i] for i in idxs}
        return out

    def ids_for(self, name: str) -> list[int]:
        return list(self._index.get(norm(name), ()))

    def ids_for_phonetic(self, name: str) -> list[int]:
        if self._phon is None:
            self._phon = {}
            for key, idxs in self._index.items():
                self._phon.setdefault(phonetic(key), []).extend(idxs)
        return list(dict.fromkeys(self._phon.get(phonetic(name), ())))

    def lookup(self, name: str, kind: str | None = None) -> list[Place]:
        """Places whose name or alias is ``name`` (normalised), admin units first."""
        ids = self.ids_for(name)
        if not ids:
            ids = self.ids_for_phonetic(name)
        places = [self.place(i) for i in ids]
        if kind is not None:
            places = [p for p in places if p.kind == kind]
        return sorted(places, key=lambda p: (KIND_RANK[p.kind], -(p.population or 0), p.id))

    def by_id(self, place_id: str) -> Place | None:
        for row in self._rows:
            if row[0] == place_id:
                return row_place(row)
        return None

    # ------------------------------------------------------------------ admin units
    def _of_kind(self, kind: str, country: str | None) -> list[Place]:
        return [
            self.place(i)
            for i, row in enumerate(self._rows)
            if row[2] == kind and (country is None or row[3] == country)
        ]

    def districts(self, country: str | None = None) -> list[Place]:
        return self._of_kind("district", country)

    def provinces(self, country: str | None = None) -> list[Place]:
        return self._of_kind("province", country)

    def countries(self) -> list[Place]:
        return self._of_kind("country", None)

    def district_shapes(self) -> dict[str, dict]:
        """admin2 P-code -> simplified GeoJSON geometry; {} when the gazetteer has none."""
        if self._shapes is None:
            self._shapes = {}
            if self._shapes_path is not None and self._shapes_path.exists():
                try:
                    self._shapes = json.loads(self._shapes_path.read_text(encoding="utf-8"))
                except (OSError, ValueError) as exc:
                    raise GazetteerError(f"cannot read district shapes {self._shapes_path}: {exc}") from None
        return self._shapes

    # ------------------------------------------------------------------ persistence
    def save(self, path: Path, extra: dict[str, Any] | None = None) -> None:
        data = {
            "version": CACHE_VERSION,
            "source": self._source,
            "rows": [tuple(r[:-1]) + (tuple(r[-1] or ()),) for r in self._rows],
            "index": self._index,
            **(extra or {}),
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_bytes(marshal.dumps(data))
        tmp.replace(path)


def read_cache(path: Path) -> dict[str, Any] | None:
    """The cached gazetteer data (marshal of plain data), or None when absent, damaged or stale."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    enabled = gc.isenabled()
    gc.disable()  # loading 100k small objects: the collector only slows it down
    try:
        data = marshal.loads(raw)
    except (ValueError, EOFError, TypeError):
        return None
    finally:
        if enabled:
            gc.enable()
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return None
    return data


def names_of(row: tuple) -> Iterable[str]:
    yield row[1]
    yield from row[11]
    if row[2] in ("province", "district"):
        yield admin_core(row[1])


def build_index(rows: list[tuple]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        for name in names_of(row):
            key = norm(name)
            if len(key) < 2:
                continue
            lst = index.setdefault(key, [])
            if not lst or lst[-1] != i:
                lst.append(i)
    return index
