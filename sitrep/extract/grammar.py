"""English function words and dependency labels the extraction steps read (language
data, as spaCy keeps it in ``lang/<code>/``: grammar, not knowledge of the conflict,
which lives in ``sitrep/data/``)."""

from __future__ import annotations

import re

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
# a clause of its own: a place below it is not the place of a trigger above it
CLAUSE_DEPS = {"advcl", "xcomp", "ccomp", "relcl", "acl", "conj", "parataxis"}
# "during the airstrike", "since the withdrawal": a nominal trigger under these is no event
SKIP_PREPS = {
    "since",
    "after",
    "before",
    "against",
    "amid",
    "during",
    "despite",
    "following",
    "without",
    "like",
    "unlike",
    "of",
    "about",
    "with",
    "for",
    "from",
    "by",
    "to",
}
# "killed in fighting", "hit positions with airstrikes": fighting in a named place happened
KINETIC_PREPS = {"in", "with", "after", "following", "amid", "near", "around", "on"}
# "after two weeks of fighting": a counted span of time a nominal trigger lasted over (not
# "after months of fighting", the background of a long war)
DURATION_NOUNS = {"hours", "days", "nights", "weeks"}
# "came under attack", "coming under a sustained assault": the subject was attacked
UNDER_VERBS = {"come"}
REASON_MARKS = {"because", "since", "if", "unless", "whenever"}
BACKGROUND_MARKS = {
    "since",
    "after",
    "before",
    "once",
    "until",
    "while",
    "although",
    "though",
    "because",
    "as",
    "when",
    "whenever",
    "if",
    "unless",
}
PRONOUN_SOURCES = {"he", "she", "they", "it", "we", "i"}
# "now", "so far": a claim about the publication day, not the paragraph's date
PRESENT = re.compile(r"\b(?:now|currently|so far|to date|at present)\b", re.I)

# shares and approximations in English numbers (claims of control, codebook §4)
FRACTIONS = {
    "a third": 33,
    "one third": 33,
    "one-third": 33,
    "two thirds": 67,
    "two-thirds": 67,
    "half": 50,
    "a half": 50,
    "one half": 50,
    "a quarter": 25,
    "one quarter": 25,
    "three quarters": 75,
    "a fifth": 20,
    "one fifth": 20,
    "a tenth": 10,
}
_PCT = r"(?P<pct>\d+(?:\.\d+)?)\s?(?:%|percent|per cent)"
_FRAC = r"(?P<frac>" + "|".join(sorted((re.escape(k) for k in FRACTIONS), key=len, reverse=True)) + r")"
_APPROX = r"(?:(?:more than|over|nearly|almost|about|around|some|roughly|at least|up to|close to)\s+)?"
