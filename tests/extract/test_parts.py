"""Dates, quantities, actors and claims on their own."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.extract.actors import GENERIC_NONSTATE, GENERIC_STATE, ActorResolver
from sitrep.extract.dates import find_dates, is_history
from sitrep.extract.quantities import QuantityFinder

PUB = dt.date(2021, 7, 6)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("on 2 July the", dt.date(2021, 7, 2), "day"),
        ("On July 5, the", dt.date(2021, 7, 5), "day"),
        ("on July 5th 2020", dt.date(2020, 7, 5), "day"),
        ("last night", dt.date(2021, 7, 5), "day"),
        ("the day before", dt.date(2021, 7, 5), "day"),
        ("over the past 24 hours", dt.date(2021, 7, 5), "day"),
        ("on Tuesday", dt.date(2021, 7, 6), "day"),
        ("on Sunday", dt.date(2021, 7, 4), "day"),
        ("last Tuesday", dt.date(2021, 6, 29), "day"),
        ("three days ago", dt.date(2021, 7, 3), "day"),
        ("last month", dt.date(2021, 6, 15), "month"),
        ("in June", dt.date(2021, 6, 15), "month"),
        ("last week", dt.date(2021, 6, 29), "week"),
        ("2021-07-01", dt.date(2021, 7, 1), "day"),
        # no digit: found by keyword, whatever the case or punctuation around it
        ("Yesterday, the", dt.date(2021, 7, 5), "day"),
        ("OVERNIGHT raids hit", dt.date(2021, 7, 5), "day"),
        ("Earlier this week the", dt.date(2021, 7, 6), "week"),
    ],
)
def test_dates_resolve_against_publication(text, date, precision):
    found = [d for d in find_dates(text, PUB) if d.date is not None]
    assert found, text
    assert (found[0].date, found[0].precision) == (date, precision)


def test_december_in_a_january_article_is_last_year():
    (d,) = find_dates("on 28 December", dt.date(2022, 1, 3))
    assert d.date == dt.date(2021, 12, 28)


def test_same_day_refers_back_and_since_is_a_period():
    (same,) = find_dates("On the same day, the Taliban", PUB)
    assert same.ref_previous and same.date is None
    (since,) = find_dates("Since June 22, thousands crossed", PUB)
    assert since.since


def test_may_the_verb_is_not_a_month():
    assert find_dates("The Taliban may 5 times try", PUB) == []


def test_history_detection():
    assert is_history("From 1996 to 2001, the Taliban ruled", PUB)
    assert not is_history("On 2 July the Taliban captured", PUB)


@pytest.fixture(scope="module")
def qf() -> QuantityFinder:
    return QuantityFinder()


@pytest.mark.parametrize(
    ("text", "value", "unit", "approx"),
    [
        ("300 servicemen surrendered", 300, "personnel", False),
        ("a total of 1,037 Afghan service members", 1037, "personnel", False),
        ("mobilize 20,000 military personnel", 20000, "personnel", False),
        ("dozens of civilians fled", 12, "people", True),
        ("hundreds of soldiers", 100, "personnel", True),
        ("thousands of families", 1000, "people", True),
        ("nearly 1,000 Afghan soldiers", 1000, "personnel", True),
        ("about 30 soldiers moved", 30, "personnel", True),
        ("15 Russian-made KamAZ army trucks", 15, "vehicles", False),
        ("757 weapons", 757, "weapons", False),
        ("about 700 American Humvees", 700, "vehicles", True),
        ("two helicopters", 2, "aircraft", False),
        ("11.5 thousand troops", 11500, "personnel", False),
    ],
)
def test_quantities(qf, text, value, unit, approx):
    qs = qf.find(text)
    assert [(q.value, q.unit, q.approx) for q in qs] == [(value, unit, approx)]


def test_years_are_not_quantities(qf):
    assert qf.find("In 2001 soldiers arrived") == []


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("15 Taliban militants were eliminated.", 15),
        ("killing 12 soldiers", 12),
        ("a field commander was killed in the strike", 1),
        ("no one was hurt", None),
    ],
)
def test_fatalities(qf, text, n):
    assert qf.fatalities(text) == n


@pytest.fixture(scope="module")
def actors() -> ActorResolver:
    return ActorResolver()


@pytest.mark.parametrize(
    ("phrase", "name"),
    [
        ("The Taliban militants", "Taliban"),
        ("the Islamic Emirate", "Taliban"),
        ("the religious movement", "Taliban"),
        ("Afghan soldiers", "Afghan government forces"),
        ("the Afghan Air Force", "Afghan government forces"),
        ("Kabul forces", "Afghan government forces"),
        ("local uprising forces", "Pro-government militia"),
        ("The Czech troops", "Czech forces"),
        ("U.S. Central Command", "US forces"),
        ("the White House", "US government"),
        ("the President of Tajikistan", "Tajikistan"),
        ("Tajik border guards", "Tajikistan"),
        ("the terrorists", GENERIC_NONSTATE),
        ("300 servicemen", GENERIC_STATE),
        ("let us see", None),
    ],
)
def test_actor_aliases(actors, phrase, name):
    assert actors.match(phrase) == name


def test_main_actors_of_an_article(actors):
    doc = actors.scan(
        "The Taliban took Kunduz. Afghan forces retreated. The Taliban then advanced. ISIS was silent."
    )
    assert doc.main_nonstate == "Taliban"
    assert doc.main_state_forces == "Afghan government forces"
    assert actors.resolve(GENERIC_NONSTATE, doc) == "Taliban"
