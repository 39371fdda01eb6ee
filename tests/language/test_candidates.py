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
