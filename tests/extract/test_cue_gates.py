"""Cue patterns are run only on sentences that hold one of the strings they need (written for
this test): the cue's answer is the same, and a sentence without them costs no search."""

from __future__ import annotations

import re

from sitrep.extract.syntax import _near


class _Counting:
    """A compiled pattern that counts its scans (and shows its text and flags, as a pattern does)."""

    def __init__(self, rx: re.Pattern[str]) -> None:
        self.rx, self.pattern, self.flags, self.scans = rx, rx.pattern, rx.flags, 0

    def finditer(self, text: str):  # noqa: ANN201 - Iterator[re.Match]
        self.scans += 1
        return self.rx.finditer(text)


def test_near_skips_a_sentence_without_the_cue_words():
    cue = _Counting(re.compile(r"(?<![\w-])(?:narrowly (?:escaped|missed))(?![\w-])", re.I))
    assert not _near(cue, "The convoy reached the town late on Monday.", 10, 40)
    assert cue.scans == 0
    text = "The convoy narrowly escaped an ambush near the town."
    assert _near(cue, text, text.index("ambush"), 40)
    assert not _near(cue, text, len(text) + 100, 40)
    assert cue.scans == 2
