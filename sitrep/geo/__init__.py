"""geo stage: the gazetteer and the resolution of place mentions to locations.

``load_gazetteer()`` gives the gazetteer imported with ``sitrep gazetteer
import`` when there is one, else the built-in default (made from installed
packages and ``sitrep/data/places/``); both are cached in SITREP_HOME.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from sitrep.geo.gazetteer import TABLES_VERSION, Gazetteer, build_index, cache_stamp, read_cache

__all__ = ["Gazetteer", "import_ocha", "load_gazetteer", "gazetteer_dir"]

BUILTIN_CACHE = "builtin.bin"
IMPORTED_CACHE = "imported.bin"
IMPORTED_SHAPES = "imported_shapes.json"
PHONETIC_SUFFIX = ".phon"  # builtin.phon, imported.phon: the phonetic index of that cache


def gazetteer_dir(home: Path | None = None) -> Path:
    if home is None:
        from sitrep.config import home as sitrep_home

        home = sitrep_home()
    path = Path(home) / "gazetteer"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _from_cache(data: dict, path: Path, shapes_path: Path | None = None) -> Gazetteer:
    gaz = Gazetteer(data["rows"], source=data["source"], index=data["index"], shapes_path=shapes_path)
    tables = data.get("tables")
    if isinstance(tables, dict) and tables.get("version") == TABLES_VERSION:
        gaz._tables = tables  # noqa: SLF001 - same package
    else:
        # a cache from before the tables (or older ones): compute them once and keep them
        gaz.tables()
        extra = {k: v for k, v in data.items() if k not in ("version", "source", "rows", "index", "tables")}
        with contextlib.suppress(OSError):
            gaz.save(path, extra=extra)
    # the phonetic index, made at its first use, is kept next to the cache it was made from
    stamp = cache_stamp(path)
    if stamp is not None:
        gaz._phonetic_cache = (path.with_suffix(PHONETIC_SUFFIX), stamp)  # noqa: SLF001 - same package
    return gaz


def load_builtin(home: Path | None = None) -> Gazetteer:
    """The built-in default gazetteer (built once, then read from SITREP_HOME)."""
    from sitrep.geo.builtin import build_builtin, data_fingerprint

    path = gazetteer_dir(home) / BUILTIN_CACHE
    fingerprint = data_fingerprint()
    data = read_cache(path)
    if data is not None and data.get("fingerprint") == fingerprint:
        return _from_cache(data, path)
    gaz = Gazetteer(build_builtin().rows(), source="builtin", shapes={})
    with contextlib.suppress(OSError):  # a read-only home still gets a working gazetteer
        gaz.save(path, extra={"fingerprint": fingerprint})
        stamp = cache_stamp(path)
        if stamp is not None:
            gaz._phonetic_cache = (path.with_suffix(PHONETIC_SUFFIX), stamp)  # noqa: SLF001 - same package
    return gaz


def load_gazetteer(home: Path | None = None) -> Gazetteer:
    """The imported gazetteer when there is one, else the built-in default."""
    folder = gazetteer_dir(home)
    data = read_cache(folder / IMPORTED_CACHE)
    if data is not None:
        return _from_cache(data, folder / IMPORTED_CACHE, shapes_path=folder / IMPORTED_SHAPES)
    return load_builtin(home)


def import_ocha(path: Path, home: Path | None = None) -> dict:
    """Import an OCHA COD-AB admin-2 GeoJSON into SITREP_HOME; returns a summary."""
    from sitrep.geo.ocha import build_ocha

    builder, shapes, summary = build_ocha(Path(path))
    country = summary["country"]
    world = load_builtin(home)
    # the world's places stay, but for the imported country's admin units and towns, and all countries
    keep = [i for i, row in enumerate(world.rows()) if row[2] != "country" and row[3] != country]
    remap = {old: new for new, old in enumerate(keep)}
    rows = [world.rows()[i] for i in keep]
    index: dict[str, list[int]] = {}
    for key, ids in world._index.items():  # noqa: SLF001 - same package
        kept = [remap[i] for i in ids if i in remap]
        if kept:
            index[key] = kept
    offset = len(rows)
    new_rows = builder.rows()
    rows.extend(new_rows)
    for key, ids in build_index(new_rows).items():
        index.setdefault(key, []).extend(i + offset for i in ids)
    folder = gazetteer_dir(home)
    gaz = Gazetteer(rows, source=summary["source"], index=index, shapes=shapes)
    tmp = folder / (IMPORTED_SHAPES + ".tmp")
    tmp.write_text(json.dumps(shapes, separators=(",", ":")), encoding="utf-8")
    tmp.replace(folder / IMPORTED_SHAPES)
    gaz.save(folder / IMPORTED_CACHE)
    summary["places"] = len(gaz)
    return summary
