"""Compound place names the gazetteer does not know, written around a name it does know."""

from __future__ import annotations


def _names(pipeline, text: str) -> list[str]:
    return [m.text for m in pipeline.finder.find(text)]


def test_an_unknown_compound_district_name_is_not_the_known_name_it_starts_with(pipeline) -> None:
    names = _names(pipeline, "Officials said the Kunduz-e-Kohna district fell to the insurgents late on Monday.")
    assert "Kunduz-e-Kohna" in names and "Kunduz" not in names


def test_a_known_name_followed_by_another_word_stays_the_known_name(pipeline) -> None:
    assert "Kunduz" in _names(pipeline, "Fighting in Kunduz district continued on Monday.")
    assert "Kunduz" in _names(pipeline, "The Kunduz-Takhar highway was closed on Monday.")
