"""find_dates runs only the patterns whose words a sentence has: the same dates as running
every pattern (written for this test; random sentences from fragments)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest

import sitrep.extract.dates as dates

FRAGMENTS = [
    "on Monday",
    "late on Tuesday night",
    "last Friday",
    "Sunday's",
    "monday-friday",
    "5 July",
    "July 5, 2021",
    "2021-07-05",
    "in August",
    "since June 22",
    "by Sept. 3",
    "the 3rd of May",
    "three days ago",
    "two weeks ago",
    "a day earlier",
    "the same day",
    "over the past 24 hours",
    "last night",
    "this morning",
    "earlier this month",
    "last year",
    "the Mayor",
    "may",
    "May 9",
    "Jan.2021",
    "4 jan_",
    "mid-July",
    "the end of March 2020",
    "1,200 fighters",
    "in Kunduz",
    "the fighting",
    "İstanbul talks",
    "20 Sept",
    "Dec 31",
    "overnight",
]


def _all_patterns(text: str) -> list:
    digit = bool(dates._DIGIT.search(text))
    words = set(dates._WORDS.findall(text.lower()))
    return dates._PATTERNS if digit or not dates._KEYWORDS.isdisjoint(words) else []


@pytest.mark.parametrize("published", [dt.date(2021, 7, 5), None])
def test_gated_patterns_find_what_all_patterns_find(monkeypatch: pytest.MonkeyPatch, published) -> None:  # noqa: ANN001
    rng = random.Random(11)
    texts = [" ".join(rng.sample(FRAGMENTS, rng.randint(1, 4))) + "." for _ in range(1500)]
    gated = [[dataclasses.astuple(d) for d in dates.find_dates(t, published)] for t in texts]
    monkeypatch.setattr(dates, "_patterns_for", _all_patterns)
    plain = [[dataclasses.astuple(d) for d in dates.find_dates(t, published)] for t in texts]
    assert gated == plain
    assert sum(1 for g in gated if g) > 1000  # the sentences do hold dates


def test_a_sentence_with_only_a_number_runs_no_word_pattern() -> None:
    assert [k for k, _ in dates._patterns_for("About 1,200 fighters were seen.")] == ["iso"]
    assert [k for k, _ in dates._patterns_for("The town was quiet.")] == []
    assert len(dates._patterns_for("The ſunday market had 3 stalls.")) == len(dates._PATTERNS)


def test_letters_that_fold_to_ascii_in_a_date_are_read_not_a_crash() -> None:
    import datetime as dt

    from sitrep.extract.dates import find_dates

    # the long s and the Kelvin sign match "s" and "k" case-insensitively: the word lookups fold too
    found = {m.text: m.date for m in find_dates("They struck on ſunday and again on 5 ſeptember.", dt.date(2021, 7, 5))}
    assert found == {"on ſunday": dt.date(2021, 7, 4), "5 ſeptember": dt.date(2021, 9, 5)}
