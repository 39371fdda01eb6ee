"""A one-word name written in parts ("Dawlat Shah" for Dawlatshah): transliterations split
and join the parts of a name at will, and a list of names gives no frame to fall back on."""

from __future__ import annotations

import pytest

from sitrep.language.places import MentionFinder, person_words


@pytest.fixture(scope="module")
def finder() -> MentionFinder:
    district, province = frozenset({"district"}), frozenset({"province"})
    forms = {"kohsar": district, "duab": district, "mirzaabad": district, "zarin": province, "zarin dara": district}
    return MentionFinder(forms, common=frozenset(), english=frozenset({"the", "mir"}))


def _names(finder: MentionFinder, text: str) -> list[str]:
    return [m.text for m in finder.find(text)]


@pytest.mark.parametrize("written", ["Koh Sar", "Koh-Sar", "Du Ab", "Mirza Abad", "Mir Za Abad"])
def test_a_name_written_in_parts_is_the_known_name(finder: MentionFinder, written: str) -> None:
    assert _names(finder, f"Fighters took {written} and Zarin Dara on Monday.") == [written, "Zarin Dara"]


def test_the_parts_must_be_capitalised_and_side_by_side(finder: MentionFinder) -> None:
    assert _names(finder, "They said koh sar prices rose.") == []
    assert _names(finder, "He met Koh, Sar and others.") == []
    assert _names(finder, "He met Koh  Sar.") == []


def test_a_longer_known_name_is_still_read_whole(finder: MentionFinder) -> None:
    assert _names(finder, "Clashes in Zarin Dara went on.") == ["Zarin Dara"]


def test_a_title_before_the_parts_makes_them_a_person(finder: MentionFinder) -> None:
    titles, _ = person_words()
    assert "president" in titles
    assert _names(finder, "President Koh Sar spoke on Monday.") == []
