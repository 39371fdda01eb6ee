"""Compiled cue patterns belong to the lexicon they were compiled from."""

from __future__ import annotations

import dataclasses

import pytest

from sitrep.language.lexicon import Lexicon, load_lexicon


def _with_cue(base: Lexicon, word: str) -> Lexicon:
    return dataclasses.replace(base, cues={"test_cue": [word]})


def test_cue_pattern_is_compiled_once_per_lexicon() -> None:
    lex = _with_cue(load_lexicon(), "alpha")
    assert lex.cue_re("test_cue") is lex.cue_re("test_cue")
    assert lex.cue_re("test_cue").search("the Alpha unit")
    assert not lex.cue_re("test_cue").search("the alphabet")


def test_a_new_lexicon_never_gets_a_freed_ones_patterns() -> None:
    base = load_lexicon()
    first = _with_cue(base, "alpha")
    assert first.cue_re("test_cue").search("alpha")
    freed = id(first)
    del first
    other: Lexicon | None = None
    for _ in range(2000):  # CPython soon hands the freed lexicon's id to a new one
        candidate = _with_cue(base, "beta")
        if id(candidate) == freed:
            other = candidate
            break
        del candidate
    if other is None:
        pytest.skip("no lexicon got the freed one's id")
    assert other.cue_re("test_cue").search("beta")
    assert not other.cue_re("test_cue").search("alpha")
