"""The control map's fast paths (issue 11) give what the plain ones gave: the status of a day
found by bisection, the timelines built from slim rows instead of StoredEvent records."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.analysis import control
from sitrep.analysis.control import CONTROL_TYPES, ControlModel, Segment, Signal, _at, timeline
from sitrep.models import EventFilter
from sitrep.store import Store
from tests.helpers import TOY_DISTRICTS as DISTRICTS
from tests.helpers import make_article, make_event, make_result

D0 = dt.date(2021, 6, 1)
STATE, NONSTATE = "Afghan government forces", "Taliban"


def _naive_at(segments: list[Segment], day: dt.date) -> Segment | None:
    """The linear scan the bisection replaced."""
    found = None
    for s in segments:
        if s.start > day:
            break
        found = s
    return found


signals = st.lists(
    st.builds(
        Signal,
        day=st.integers(0, 60).map(lambda n: D0 + dt.timedelta(days=n)),
        kind=st.sampled_from(["control", "clash", "denial"]),
        side=st.sampled_from(["government", "nonstate", None]),
        weight=st.floats(0.05, 0.95),
        event_id=st.integers(1, 50),
        claimed=st.booleans(),
        weak=st.booleans(),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(signals, st.integers(0, 10))
def test_the_status_of_a_day_is_found_by_bisection_as_by_a_scan(sigs: list[Signal], expiry: int) -> None:
    segments = timeline(sigs, expiry)
    starts = [s.start for s in segments]
    assert starts == sorted(starts)  # what the bisection relies on
    for n in range(-2, 80):
        day = D0 + dt.timedelta(days=n)
        assert _at(segments, day) is _naive_at(segments, day)


def _random_store(store: Store, seed: int) -> None:
    rng = random.Random(seed)
    actors = [STATE, NONSTATE, "Afghan National Army", "someone unheard of", None]
    for k in range(40):
        published = None if k % 13 == 5 else (D0 + dt.timedelta(days=rng.randrange(40))).isoformat()
        events = []
        for _ in range(rng.randrange(1, 4)):
            place = rng.random()
            d = rng.choice(DISTRICTS)
            if place < 0.7:
                where = {"pcode": d.admin2_pcode, "district": d.admin2, "province": d.admin1}
            elif place < 0.8:  # by name only, in the right province
                where = {"district": d.admin2, "province": d.admin1}
            elif place < 0.9:
                where = {"province": d.admin1}
            else:
                where = {"district": "Nowhere", "province": "Farshire"}
            day = None if rng.random() < 0.15 else D0 + dt.timedelta(days=rng.randrange(40))
            modality = rng.choice(["reported", "reported", "claimed", "alleged"])
            e = make_event(
                rng.choice(CONTROL_TYPES), date=day, precision=rng.choice(["day", "day", "week", "month"]),
                actor1=rng.choice(actors), modality=modality,
                evidence=rng.choice([
                    f"Fighters entered {d.admin1} city on July {rng.randrange(1, 28)}.",
                    f"The militants captured {d.admin1} after days of fighting.",
                    "Several districts in the province changed hands.",
                ]),
                **where,
            )  # fmt: skip
            e.attributed_to = rng.choice([None, NONSTATE, STATE]) if modality == "claimed" else None
            events.append(e)
        a = make_article(
            f"Report {seed}-{k}. " + " ".join(e.evidence.text for e in events),
            published=published,
            source=rng.choice(["Wire", "Radio", "Daily"]),
        )
        assert store.add_extraction(a, make_result(a, events))


def _picture(model: ControlModel) -> dict[str, object]:
    days = [D0 + dt.timedelta(days=n) for n in range(-1, 75)]
    return {
        "segments": model.segments,
        "kept_out": dict(model.kept_out),
        "dated_from_text": model.dated_from_text,
        "events": model.events_by_district,
        "undated": model.undated_by_district,
        "on": [model.on(d) for d in days],
        "series": model.series(days[0], days[-1]),
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_timelines_from_slim_rows_are_those_from_full_records(
    store: Store, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    _random_store(store, seed)
    slim = _picture(ControlModel(store, DISTRICTS))
    assert slim["segments"] and slim["kept_out"]

    def full(rows: object) -> list[tuple[dt.date | None, object]]:  # the StoredEvent records, as before
        return store.observed_events(EventFilter(type=",".join(CONTROL_TYPES)))

    monkeypatch.setattr(control, "_slim", full)
    assert _picture(ControlModel(store, DISTRICTS)) == slim


def test_slim_rows_are_those_of_the_stored_events(store: Store) -> None:
    _random_store(store, 4)
    flt = EventFilter(type="territory_captured,armed_clash")
    full = store.observed_events(flt)
    rows = list(store.observed_rows(flt, ["id", "admin1", "sources", "evidence_text"]))
    assert [(day, e.id, e.location.admin1, e.sources, e.evidence.text) for day, e in full] == [
        tuple(r) for r in rows
    ]
    with pytest.raises(ValueError, match="not a field"):
        list(store.observed_rows(flt, ["id", "text"]))
