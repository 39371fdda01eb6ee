"""Option parsing shared by the command groups."""

from __future__ import annotations

import datetime as dt

from sitrep.errors import InputError


def parse_date(value: str | None, name: str) -> dt.date | None:
    """An ISO date from the command line, or a one-line error naming the option."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"{name} must be a date as YYYY-MM-DD, not {value!r}") from exc
