"""Dates for events of articles without a publication date (sitrep/analysis/dating.py)."""

from __future__ import annotations

import datetime as dt

from sitrep.analysis.dating import (
    context_year,
    date_in_context,
    date_in_sentence,
    densest_latest,
    relative_date,
    text_anchor,
)

D = dt.date.fromisoformat


def test_a_day_in_the_sentence() -> None:
    assert date_in_sentence("The rebels took the town on 5 July 2021.", None) == (D("2021-07-05"), "day")
    assert date_in_sentence("The rebels took the town on July 5.", 2021) == (D("2021-07-05"), "day")
    assert date_in_sentence("The rebels took the town on July 5.", None) is None  # no year from anywhere
    # spans and bounds are not the day of an event
    assert date_in_sentence("Since May 1 the rebels took ten towns.", 2021) is None
    assert date_in_sentence("They took three towns in the past 24 hours.", 2021) is None


def test_the_year_comes_from_the_article_else_the_corpus() -> None:
    assert context_year(["Updated: July 28, 2020. The rebels ..."], {2021}) == 2020
    assert context_year(["No year here, only on Friday."], {2021}) == 2021
    assert context_year(["No year here."], {2020, 2021}) is None


def test_a_day_carries_to_the_following_sentences_of_its_paragraph() -> None:
    text = "On 12 August the rebels entered the city. They seized the governor's office.\nOther news."
    second = text.index("They")
    assert date_in_context(text, second, text.index("\n"), 2021) == (D("2021-08-12"), "day")
    other = text.index("Other")
    assert date_in_context(text, other, len(text), 2021) is None


def test_relative_dates_read_against_the_latest_day_the_article_states() -> None:
    text = "On Thursday the rebels took the city. Officials said on August 12 that the governor left."
    anchor = text_anchor(text, 2021)
    assert anchor == D("2021-08-12")  # a Thursday
    assert relative_date("On Thursday the rebels took the city.", anchor) == (D("2021-08-12"), "week")
    assert relative_date("Last night they entered the town.", anchor) == (D("2021-08-11"), "week")
    assert relative_date("The rebels took the city.", anchor) is None
    assert text_anchor("Since May 1 they took ten towns, on Friday two more.", 2021) is None


def test_a_weekday_read_against_an_estimated_day_is_the_nearest_one() -> None:
    monday = D("2021-06-21")  # the day of co-reported events: the article was written then or a little later
    said = "The council head said Tuesday that the town fell late Monday."
    assert relative_date(said, monday) == (D("2021-06-15"), "week")  # a stated day: the Tuesday before
    assert relative_date(said, monday, estimated=True) == (D("2021-06-22"), "week")
    assert relative_date("It fell on Wednesday.", monday, estimated=True) == (D("2021-06-23"), "week")
    assert relative_date("It fell on Friday.", monday, estimated=True) == (D("2021-06-18"), "week")
    assert relative_date("It fell on Thursday.", monday, estimated=True) == (D("2021-06-24"), "week")  # +3, not -4
    assert relative_date("It fell last Tuesday.", monday, estimated=True) == (D("2021-06-15"), "week")
    assert relative_date("Last night they entered the town.", monday, estimated=True) == (D("2021-06-20"), "week")


def test_the_day_of_an_undated_article_is_the_end_of_its_busiest_week() -> None:
    d = dt.date.fromisoformat
    days = [d("2021-06-18"), d("2021-06-21"), d("2021-06-21"), d("2021-08-12")]
    assert densest_latest(days) == d("2021-06-21")  # the stray August match does not move it
    assert densest_latest([d("2021-07-08")]) == d("2021-07-08")
    # one match in June, one in August: nothing says which the article is from
    assert densest_latest([d("2021-06-18"), d("2021-08-12")]) is None
