"""The domain lexicon, loaded once from the data files under ``sitrep/data/``.

``triggers.json`` (event words), ``cues.json`` (modality, history, attribution),
``units.json`` (quantities) and ``actors.json`` (canonical actors and aliases).
Each file is checked against its schema (``sitrep/data_schemas.py``) as it is
read; code here only compiles those files into fast lookups.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sitrep.config import data_dir
from sitrep.data_schemas import load_data


def _read(name: str) -> dict[str, Any]:
    """The data file ``name``, checked against its schema (a :class:`DataFileError` if not)."""
    return load_data(name, data_dir())


def inflections(lemma: str, irregular: dict[str, list[str]]) -> set[str]:
    """Regular English verb forms of ``lemma`` plus its listed irregular forms."""
    forms = {lemma, lemma + "s"}
    if lemma.endswith("e"):
        forms |= {lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        forms |= {lemma[:-1] + "ied", lemma[:-1] + "ies", lemma + "ing"}
    elif re.search(r"[^aeiou][aeiou][bdgmnprt]$", lemma) and len(lemma) <= 4:
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing", lemma + "ed", lemma + "ing"}
    else:
        forms |= {lemma + "ed", lemma + "ing", lemma + "es"}
    forms |= set(irregular.get(lemma, []))
    return forms


def _alt(words: list[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_WORD = re.compile(r"\w+")


try:  # the parser of re's own patterns (sre_parse before Python 3.11)
    import re._parser as _sre
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre  # type: ignore[no-redef]

_REPEATS = tuple(
    op for op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)) if op is not None
)
_MAX_STRINGS = 256  # the most strings a gate lists (a product of alternatives grows fast)


def _exact(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The strings a parsed sequence matches, when it matches nothing but a few literal strings."""
    out = {""}
    for op, av in items:
        if op is _sre.LITERAL:
            alts = {chr(av)}
        elif op is _sre.IN and av and all(o is _sre.LITERAL for o, _ in av):
            alts = {chr(c) for _, c in av}
        elif op is _sre.BRANCH:
            alts = set()
            for alt in av[1]:
                one = _exact(alt)
                if one is None:
                    return None
                alts |= one
        elif op is _sre.SUBPATTERN and not av[1] and not av[2]:
            alts = _exact(av[3])
            if alts is None:
                return None
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[1] <= 2:  # "s?", "(?:the )?"
            inner = _exact(av[2])
            if inner is None:
                return None
            alts = {x * k for x in inner for k in range(av[0], av[1] + 1)}
        else:
            return None
        out = {a + b for a in out for b in alts}
        if len(out) > _MAX_STRINGS:
            return None
    return out


def _needed(items: list[tuple[Any, Any]]) -> set[str] | None:
    """Strings one of which every match of a parsed sequence contains, or None: each run of
    literal elements gives its strings, each part that must match gives its own; of these
    the most telling list is taken."""
    options: list[set[str]] = []
    run: set[str] = {""}  # the strings of the literal elements read so far, one after another
    chars = ""  # the characters of the plain literals read so far, one after another
    for item in [*items, (None, None)]:
        if item[0] is _sre.LITERAL:
            chars += chr(item[1])
        else:
            options.append({chars})
            chars = ""
        one = _exact([item]) if item[0] is not None else None
        if one is not None:
            longer = {a + b for a in run for b in one}
            if len(longer) <= _MAX_STRINGS:
                run = longer
                continue
            options.append(run)  # too many: the run so far is one option, the next starts here
            run = one
            continue
        options.append(run)
        run = {""}
        op, av = item
        if op is _sre.BRANCH:
            alts = [_needed(alt) for alt in av[1]]
            if all(a is not None for a in alts):
                options.append(set().union(*alts))  # type: ignore[arg-type]
        elif op is _sre.SUBPATTERN:
            inner = _needed(av[3])
            if inner is not None:
                options.append(inner)
        elif op in _REPEATS and av[0] >= 1:
            inner = _needed(av[2])
            if inner is not None:
                options.append(inner)
    options = [o for o in options if o and "" not in o]
    if not options:
        return None
    # the fewest strings among those of six characters or more (rarer than short ones), else
    # the longest shortest string
    return max(options, key=lambda o: (min(6, *map(len, o)), -len(o), min(map(len, o))))


@lru_cache(maxsize=1024)
def needed_strings(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-case strings one of which every match of ``pattern`` holds (in lower case) when the
    text is ASCII, or None when none can be said (see :func:`may_match`)."""
    try:
        parsed = _sre.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - an unknown construct: no gate
        return None
    strings = _needed(parsed.data)
    if not strings or not all(x.isascii() for x in strings):
        return None
    low = sorted({x.lower() for x in strings}, key=lambda x: (len(x), x))
    # a string that holds a shorter one of the list adds nothing
    kept: list[str] = []
    for x in low:
        if not any(k in x for k in kept):
            kept.append(x)
    return tuple(kept)


_GATES: dict[int, tuple[re.Pattern[str], tuple[str, ...] | None]] = {}


def may_match(pattern: re.Pattern[str], text: str, low: str | None = None) -> bool:
    """False only where ``pattern`` cannot match ``text``: an ASCII text without any of its
    :func:`needed_strings` (case-insensitive matching of ASCII letters is their lower case; any
    other text is always tried). ``low``: ``text.lower()`` when the caller has it."""
    # by id, the pattern kept beside its strings (hashing a pattern hashes its compiled code)
    gate = _GATES.get(id(pattern))
    if gate is None or gate[0] is not pattern:
        gate = _GATES[id(pattern)] = (pattern, needed_strings(pattern))
    needed = gate[1]
    if needed is None or not text.isascii():
        return True
    if low is None:
        low = text.lower()
    for x in needed:  # noqa: SIM110 - a loop: no generator per call
        if x in low:
            return True
    return False


# characters other than a letter's two cases that re.I matches to it (Python's simple case folds)
OTHER_CASES = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def first_letter_pattern(
    alternatives: Sequence[str], ignore_case: bool, not_before: str, not_after: str
) -> re.Pattern[str]:
    """``(?<!not_before)(?:a1|a2|...)(?!not_after)`` for alternatives (regular expressions) that
    each start with a plain ASCII letter, written so that the engine finds start letters with
    its own fast scan instead of trying every alternative at every position: a class of the
    first letters (with every character re.I matches to them), the look back over that letter
    (``not_before`` must match one character), then each alternative after its letter, that
    letter checked by a look back, in the same order. The same matches as the plain pattern
    (``re.I`` when ``ignore_case``)."""
    if not alternatives or not all(a[:1].isascii() and a[:1].isalpha() for a in alternatives):
        raise ValueError("every alternative must start with an ASCII letter")
    firsts = sorted({a[0].lower() if ignore_case else a[0] for a in alternatives})
    if ignore_case:
        chars = "".join(c + c.upper() + OTHER_CASES.get(c, "") for c in firsts)
    else:
        chars = "".join(firsts)
    inner = "|".join(f"(?<={a[0]}){a[1:]}" for a in alternatives)
    if ignore_case:
        inner = f"(?i:{inner})"
    return re.compile(rf"[{chars}](?<!{not_before}.)(?:{inner})(?!{not_after})")


def _lower(text: str) -> str:
    """``text`` in lower case, with its offsets: a letter whose lower case is longer stays as it is."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low


def lower_words(text: str) -> set[str]:
    """The words of ``text`` in lower case, as :class:`PhraseSet` reads them."""
    return set(_WORD.findall(_lower(text)))


class PhraseSet:
    """Whole-word, case-insensitive lookup of many phrases at once.

    Phrases are indexed by their first word, so a sentence costs one pass over
    its words and a dict lookup each: several times faster than one regular
    expression alternating hundreds of words, which Python's engine tries one
    by one at every word boundary.
    """

    def __init__(self, phrases: Iterable[str], hyphen_joins: bool = False) -> None:
        # hyphen_joins: a hyphen is part of a word, so "pro-X" does not contain the phrase "X"
        self.hyphen_joins = hyphen_joins
        self.by_first: dict[str, list[str]] = {}
        for phrase in phrases:
            low = phrase.lower()
            m = _WORD.match(low)
            if m:
                self.by_first.setdefault(m.group(0), []).append(low)
        for group in self.by_first.values():
            group.sort(key=len, reverse=True)
        # phrases of one word, and the first words of the others: whether a text holds any phrase
        # is then mostly a question of sets (``occurs``)
        self.single_words = frozenset(p for g in self.by_first.values() for p in g if _WORD.fullmatch(p))
        # a longer phrase occurs only where each of its words is one of the text's words
        self.multi_words: dict[str, list[frozenset[str]]] = {}
        for w, g in self.by_first.items():
            for p in g:
                if not _WORD.fullmatch(p):
                    self.multi_words.setdefault(w, []).append(frozenset(_WORD.findall(p)))
        self.multi_firsts = frozenset(self.multi_words)

    def search(self, text: str) -> str | None:
        """The first phrase found in ``text`` (longest at its position), else None."""
        for _s, _e, phrase in self.finditer(text):
            return phrase
        return None

    def occurs(self, text: str, words: set[str] | None = None) -> bool:
        """``search(text) is not None``, by set operations where it can: a phrase of one word
        occurs where it is one of the text's words (whole words, as ``finditer`` reads them),
        and only the first word of a longer phrase sends the text through ``search``.
        ``words``: ``lower_words(text)`` when the caller has it already."""
        if self.hyphen_joins:
            return self.search(text) is not None  # a word after a hyphen does not count there
        if words is None:
            words = lower_words(text)
        if not words.isdisjoint(self.single_words):
            return True
        for first in words & self.multi_firsts:
            if any(ws <= words for ws in self.multi_words[first]):
                return self.search(text) is not None
        return False

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, phrase) of each phrase in ``text``, leftmost longest, without overlaps."""
        low = _lower(text)
        words = _WORD.findall(low)
        if self.by_first.keys().isdisjoint(words):
            return  # no word starts a phrase (most sentences): found without a loop in Python
        n = len(low)
        joins = self.hyphen_joins
        last = 0
        for s, word in self._first_words(low, words):
            if s < last:
                continue
            group = self.by_first[word]
            if joins and s > 0 and low[s - 1] == "-":
                continue
            for phrase in group:
                if low.startswith(phrase, s):
                    e = s + len(phrase)
                    if e < n:
                        nxt = low[e]
                        if nxt.isalnum() or nxt == "_" or (joins and nxt == "-"):
                            continue
                    yield s, e, phrase
                    last = e
                    break


    def _first_words(self, low: str, words: list[str]) -> Iterator[tuple[int, str]]:
        """(start, word) of the words of ``low`` (``words``: all of them, in order) that start a
        phrase, in order. In a long text, each is found from the end of the one before with
        ``str.find``: its first whole-word occurrence there is that very word, as any earlier
        one would be a word that starts a phrase too. Only those words cost a step in Python."""
        by_first = self.by_first
        if len(low) < _LONG_TEXT:
            for m in _WORD.finditer(low):
                if m.group(0) in by_first:
                    yield m.start(), m.group(0)
            return
        n = len(low)
        pos = 0
        for word in [w for w in words if w in by_first]:
            size = len(word)
            s = low.find(word, pos)
            while not (
                (s == 0 or not _is_word_char(low[s - 1])) and (s + size == n or not _is_word_char(low[s + size]))
            ):
                s = low.find(word, s + 1)
            yield s, word
            pos = s + size


def _is_word_char(c: str) -> bool:
    """``c`` matches ``\\w`` (what ``re`` tests: alphanumeric in Unicode, or the underscore)."""
    return c.isalnum() or c == "_"


_LONG_TEXT = 2000  # characters: a text this long has its phrase-starting words found by str.find


def short_forms_of(names: set[str]) -> set[str]:
    """The forms in which short names (4 letters or fewer) are matched, case-sensitively:
    as written and in capitals ("US" -> US; "Iran" -> Iran, IRAN), never in lower case."""
    out: set[str] = set()
    for n in names:
        if len(n) <= 4 and n.isalpha():
            out |= {n, n.upper()} if not n.islower() else {n.upper()}
    return out


@dataclass
class Lexicon:
    triggers: dict[str, Any]
    cues: dict[str, Any]
    units: dict[str, Any]
    actors: dict[str, Any]
    verb_forms: dict[str, str] = field(default_factory=dict)  # form -> lemma
    #: verb form -> the words one of which its readings need (candidacy only with one of them)
    conditional_words: dict[str, frozenset[str]] = field(default_factory=dict)
    trigger_words: PhraseSet = field(default_factory=lambda: PhraseSet([]))
    phrase_any_re: re.Pattern[str] = field(default=re.compile("x^"))
    claim_re: re.Pattern[str] = field(default=re.compile("x^"))
    content_words: PhraseSet = field(default_factory=lambda: PhraseSet([]))
    content_re: re.Pattern[str] = field(default=re.compile("x^"))
    phrase_res: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)
    # compiled cue lists; on the instance, so that a lexicon made later never gets another's
    # patterns (a module-level cache keyed by id() did when a freed lexicon's id was reused)
    _cue_cache: dict[str, re.Pattern[str]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def is_candidate(self, sentence: str, has_place: bool = False) -> bool:
        """Worth a parse: a claim pattern, or a trigger word beside conflict content
        (a place, an actor word or a number)."""
        # the cheaper test of each pair first (the answer is the same in any order): the claim
        # subjects are rarer than numbers, the content test cheaper than the phrase patterns
        low = sentence.lower()
        subjects = self.cue_re("claim_subjects")
        if (
            may_match(subjects, sentence, low)
            and subjects.search(sentence)
            and may_match(self.claim_re, sentence, low)
            and self.claim_re.search(sentence)
        ):
            return True  # "85% of the territory": a share or count of what is controlled
        if has_place and self.cue_re("list_copula").match(sentence.lstrip()):
            return True  # "The districts are A, B and C": the places of the event told before
        words = lower_words(sentence)  # read once for both word sets
        if not (has_place or self.content_words.occurs(sentence, words) or self.content_re.search(sentence)):
            return False
        if self.trigger_words.occurs(sentence, words):
            return True
        conditional = self.conditional_words
        if any(conditional[w] & words for w in words & conditional.keys()):
            return True
        return may_match(self.phrase_any_re, sentence, low) and bool(self.phrase_any_re.search(sentence))

    def cue_re(self, key: str) -> re.Pattern[str]:
        """The cue list ``key`` of cues.json as one case-insensitive whole-word pattern,
        compiled on first use and kept on this lexicon."""
        pat = self._cue_cache.get(key)
        if pat is None:
            items = self.cues[key]
            pat = re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{i})" for i in items) + r")(?![\w-])", re.I)
            self._cue_cache[key] = pat
        return pat


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    triggers = _read("triggers.json")
    lex = Lexicon(
        triggers=triggers, cues=_read("cues.json"), units=_read("units.json"), actors=_read("actors.json")
    )
    irregular = triggers.get("irregular", {})
    for lemma, frames in triggers["verbs"].items():
        # a verb all of whose readings need an object word ("struck positions", "closed the
        # border") makes a sentence worth a parse only with one of those words: "went on strike"
        # is not
        needed = (
            frozenset(w.lower() for f in frames for ow in f["object_words"] for w in ow.split())
            if frames and all("object_words" in f for f in frames)
            else None
        )
        for form in inflections(lemma, irregular):
            lex.verb_forms.setdefault(form, lemma)
            if needed is not None and lex.verb_forms[form] == lemma and form not in triggers["nouns"]:
                lex.conditional_words[form] = needed
    words = (set(lex.verb_forms) - set(lex.conditional_words)) | set(triggers["nouns"])
    casualty = [
        "killed",
        "dead",
        "died",
        "eliminated",
        "wounded",
        "injured",
        "slain",
        "neutralized",
        "neutralised",
        "lost their lives",
        "casualties",
        "killing",
        "perished",
    ]
    claim = [
        r"(?<!\d)\d+(?:\.\d+)?\s?(?:%|percent|per cent)",  # from a number's first digit: linear on "111..."
        r"\b(?:a|one|two)[- ]thirds?\b",
        r"\bhalf of\b",
        r"\b\d+\s+(?:\w+\s+){0,2}(?:districts|district\s+cent(?:er|re)s)\b",
        r"\b\d+(?:st|nd|rd|th)\s+district\b",  # "the 13th district to fall"
    ]
    lex.trigger_words = PhraseSet([*words, *casualty])
    lex.claim_re = re.compile("|".join(claim), re.I)
    actors = lex.actors
    actor_words = {a.lower() for ac in actors["actors"] for a in [ac["name"], *ac["aliases"]] if len(a) > 4}
    actor_words |= {w.lower() for ws in actors["generic"].values() for w in ws}
    actor_words |= {w.lower() for w in actors["demonyms"] if len(w) > 4}
    short = sorted(short_forms_of({a for ac in actors["actors"] for a in [ac["name"], *ac["aliases"]]}))
    lex.content_words = PhraseSet(actor_words)
    lex.content_re = re.compile(r"\d|\b(?:" + _alt(short) + r")\b")
    extra = [re.sub(r"\(\?P<\w+>", "(?:", p["regex"]) for p in triggers.get("phrases", [])]
    lex.phrase_any_re = re.compile("|".join(f"(?:{x})" for x in extra), re.I)
    lex.phrase_res = [
        (p["type"], re.compile(p["regex"], re.I if "(?P<actor>" not in p["regex"] else 0))
        for p in triggers.get("phrases", [])
    ]
    return lex
