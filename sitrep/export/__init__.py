"""Exports of merged events and district control: ACLED-style CSV, GeoJSON,
JSON Lines and Parquet."""

from __future__ import annotations

from sitrep.export.writers import (
    ACLED_COLUMNS,
    EXPORT_FORMATS,
    ExportStats,
    acled_row,
    acled_types,
    write_districts,
    write_events,
)

__all__ = [
    "ACLED_COLUMNS",
    "EXPORT_FORMATS",
    "ExportStats",
    "acled_row",
    "acled_types",
    "write_districts",
    "write_events",
]
