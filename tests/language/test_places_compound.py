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


def test_a_known_name_joined_to_a_capitalised_word_by_a_connector_starts_a_longer_name(pipeline) -> None:
    names = _names(pipeline, "Troops left two districts -- Tagab and Kunduz-e Kohna -- on Friday.")
    assert "Kunduz-e Kohna" in names and "Kunduz" not in names


def test_a_known_compound_name_stays_as_it_is(pipeline) -> None:
    assert "Mazar-i-Sharif" in _names(pipeline, "Clashes in Mazar-i-Sharif continued on Friday.")
