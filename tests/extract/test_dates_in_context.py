"""Dates an event takes from its context (codebook §3 Dates), on sentences written for these tests."""

from __future__ import annotations

import datetime as dt

from tests.extract.conftest import of_type


def test_present_perfect_without_a_date_is_the_publication_day(extract):
    events, _, _ = extract("The Taliban have captured Khwahan district of Badakhshan province.", "2021-07-06")
    caps = of_type(events, "territory_captured")
    assert [(e.date, e.date_precision) for e in caps] == [(dt.date(2021, 7, 6), "day")]


def test_a_stated_date_carries_into_the_next_paragraphs_of_the_story(extract):
    text = (
        "On Friday the militants entered Tagab district of Kapisa province.\n\n"
        "Local elders said the police chief had handed over his post.\n\n"
        "The insurgents also seized Nijrab district after a short battle."
    )
    events, _, _ = extract(text, "2021-07-06")
    caps = of_type(events, "territory_captured")
    assert caps and all(e.date == dt.date(2021, 7, 2) for e in caps)


def test_a_history_sentence_does_not_set_the_story_date(extract):
    text = (
        "The group ruled the valley from 1996 to 2001 before it was driven out in November 2001.\n\n"
        "Taliban fighters overran Tagab district in Kapisa province."
    )
    events, _, _ = extract(text, "2021-07-06")
    caps = of_type(events, "territory_captured")
    assert [e.date for e in caps] == [dt.date(2021, 7, 6)]


def test_without_a_publication_date_an_undated_event_has_no_date(extract):
    events, _, _ = extract("The Taliban have captured Khwahan district of Badakhshan province.", None)
    caps = of_type(events, "territory_captured")
    assert caps and all(e.date is None for e in caps)


def test_a_deadline_does_not_date_the_next_sentences(extract):
    text = (
        "Foreign troops were meant to be gone by 1 July under the accord.\n\n"
        "Taliban fighters have overrun Khwahan district of Badakhshan province."
    )
    events, _, _ = extract(text, "2021-07-06")
    caps = of_type(events, "territory_captured")
    assert [e.date for e in caps] == [dt.date(2021, 7, 6)]


def test_a_date_months_back_is_background_and_not_carried(extract):
    text = (
        "The insurgents began their spring push on 2 March.\n\n"
        "Taliban fighters overran Khwahan district of Badakhshan province."
    )
    events, _, _ = extract(text, "2021-07-06")
    caps = of_type(events, "territory_captured")
    assert [e.date for e in caps] == [dt.date(2021, 7, 6)]


def test_weeks_ago_is_resolved_with_week_precision(extract):
    events, _, _ = extract("Taliban fighters overran Khwahan district of Badakhshan province two weeks ago.", "2021-07-25")
    caps = of_type(events, "territory_captured")
    assert [(e.date, e.date_precision) for e in caps] == [(dt.date(2021, 7, 11), "week")]


def test_a_past_date_of_another_clause_does_not_date_fighting_going_on_now(extract):
    events, _, _ = extract(
        "In Badakhshan province nine districts fell to the Taliban two weeks ago and clashes are still "
        "underway on the outskirts of Khwahan district.",
        "2021-07-25",
    )
    clashes = of_type(events, "armed_clash")
    assert [e.date for e in clashes] == [dt.date(2021, 7, 25)]
    caps = of_type(events, "territory_captured")
    # a count of districts is told at the province that holds them, not at the district of the clash
    assert [(e.location.admin1_pcode, e.location.admin2_pcode) for e in caps] == [("AF17", None)]
