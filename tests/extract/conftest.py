from __future__ import annotations

import datetime as dt

import pytest

from sitrep.ingest import from_text
from sitrep.models import Event


@pytest.fixture()
def extract(pipeline):
    """extract(text, published) -> (exported events, claims, all events)."""

    def run(text: str, published: str | None = "2021-07-06"):
        pub = dt.date.fromisoformat(published) if published else None
        result = pipeline.extract(from_text(text, fmt="text", published=pub, source="Test Wire"))
        exported = [e for e in result.events if e.modality in ("reported", "claimed", "alleged")]
        return exported, result.claims, result.events

    return run


def of_type(events: list[Event], typ: str) -> list[Event]:
    return [e for e in events if e.type == typ]
