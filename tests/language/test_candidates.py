"""Which sentences are worth a parse (sitrep/language/lexicon.py)."""

from __future__ import annotations

from sitrep.language.lexicon import load_lexicon


def test_a_share_of_territory_is_a_claim_candidate() -> None:
    lex = load_lexicon()
    assert lex.is_candidate("The movement says 85 percent of the territory is now under its control.")
    assert lex.is_candidate("Officials admitted that half of the districts had been lost.")


def test_a_percentage_about_prices_or_income_is_not() -> None:
    lex = load_lexicon()
    assert not lex.is_candidate("Fuel prices have risen by 21 percent over the past year, the office said.")
    assert not lex.is_candidate("Most households spend more than half of their income on food.")


class _CountingPattern:
    """A compiled pattern that counts its searches."""

    def __init__(self, pattern) -> None:  # noqa: ANN001 - re.Pattern
        self.pattern = pattern
        self.calls = 0

    def search(self, text: str):  # noqa: ANN201 - re.Match | None
        self.calls += 1
        return self.pattern.search(text)


def test_phrase_patterns_are_searched_only_beside_conflict_content() -> None:
    import dataclasses

    lex = load_lexicon()
    spy = _CountingPattern(lex.phrase_any_re)
    counted = dataclasses.replace(lex, phrase_any_re=spy)
    # no actor word, no number, no place: no trigger can count, whatever the phrases say
    assert not counted.is_candidate("The weather in the valley stayed mild and the market was quiet.")
    assert spy.calls == 0
    # conflict content but no trigger word: the phrase patterns decide
    assert not counted.is_candidate("The militants were seen near the market on the road.")
    assert spy.calls == 1


def test_candidate_answer_is_the_same_as_the_plain_rule() -> None:
    lex = load_lexicon()

    def plain(s: str, has_place: bool) -> bool:
        if lex.claim_re.search(s) and lex.cue_re("claim_subjects").search(s):
            return True
        if has_place and lex.cue_re("list_copula").match(s.lstrip()):
            return True
        if lex.trigger_words.search(s) is None and not lex.phrase_any_re.search(s):
            return False
        return has_place or lex.content_words.search(s) is not None or bool(lex.content_re.search(s))

    sentences = [
        "The movement says 85 percent of the territory is now under its control.",
        "The districts are Arghanj Khwa, Yaftal and Shuhada.",
        "Insurgents overran two checkpoints near the crossing late on Tuesday.",
        "The army retook the town after three days of shelling.",
        "A delegation arrived on Monday for talks on trade and water.",
        "Prices rose by 4 percent, the office said.",
        "The town fell under the control of the Taliban overnight.",
        "Nobody expected rain in the valley this week.",
        "About 300 families fled their homes as fighting spread.",
    ]
    for s in sentences:
        for has_place in (False, True):
            assert lex.is_candidate(s, has_place) == plain(s, has_place), (s, has_place)


def test_a_verb_whose_readings_all_need_an_object_word_makes_a_candidate_only_with_one() -> None:
    from sitrep.language.lexicon import load_lexicon

    lex = load_lexicon()
    assert "struck" in lex.conditional_words and "positions" in lex.conditional_words["struck"]
    assert not lex.is_candidate("Teachers in Kohsan went on strike on Sunday.", has_place=True)
    assert lex.is_candidate("Jets struck insurgent positions in Kohsan on Sunday.", has_place=True)
    assert not lex.is_candidate("The airline announced 6 new routes to Kohsan.", has_place=True)
    assert lex.is_candidate("The government announced new aid for Kohsan.", has_place=True)
