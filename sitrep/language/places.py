"""Place mentions in an article: known names, and unknown names in place frames.

Fast (a token dictionary and a few regular expressions, no parser): it runs
over every article. Known names come from the gazetteer's surface forms
(normalised name -> kinds); unknown capitalised names are taken only where
the text itself says they are places ("X district", "the village of X"), so
that transliterations nobody listed still reach the resolver.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from sitrep.language.lexicon import first_letter_pattern
from sitrep.models import PlaceMention
from sitrep.text.english import is_english
from sitrep.text.names import norm, not_places, organisation_names

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])|\n\s*\n")
# the same ends, each found from its mark or line break (a first character class the engine scans
# for itself): "gap" is what _SENTENCE_END matches after a mark
_SENTENCE_END_FAST = re.compile(r"[.!?\n](?:(?<=[.!?])(?P<gap>[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9]))|(?<=\n)\s*\n)")
_CONNECTORS = {"e", "i", "y", "ye", "yi", "yeh"}
_LOWER_OK = _CONNECTORS | {"wa", "va", "o", "of", "al", "el", "ul", "us", "os", "de", "la", "da", "du", "and"}
_TITLE_ABBR = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|St|U\.S|U\.K|No|Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\.)$"
)

_FRAME_AFTER = {
    "district": "district",
    "districts": "district",
    "county": "district",
    "counties": "district",
    "province": "province",
    "provinces": "province",
    "village": "place",
    "villages": "place",
    "settlement": "place",
    "town": "place",
    "city": "place",
    "base": "place",
    "airbase": "place",
    "airfield": "place",
    "border crossing": "place",
}
_FRAME_BEFORE = {
    "district of": "district",
    "districts of": "district",
    "province of": "province",
    "provinces of": "province",
    "village of": "place",
    "villages of": "place",
    "town of": "place",
    "city of": "place",
    "settlement of": "place",
}
# Linear time on any text: a name starts only where a word starts (else a failed match would be
# retried from every letter of a long word), has at most a few hyphenated parts, and a list before
# a frame word holds at most _MAX_LISTED names (else a long list of names without a frame word after
# it would be rescanned from each of its names).
_CAP = r"[A-Z\u00C0-\u00DE][\w'’]*(?:-[\w'’]+){0,4}"
_NAME = rf"{_CAP}(?:\s+(?:(?:e|i|wa|o|al)\s+)?{_CAP}){{0,2}}"
_LIST = rf"{_NAME}(?:\s*,\s*{_NAME})*(?:,?\s+(?:and|or)\s+{_NAME})?"
_MAX_LISTED = 12
_LIST_BEFORE_FRAME = (
    rf"(?<![\w'’]){_NAME}(?:\s*,\s*{_NAME}){{0,{_MAX_LISTED - 2}}}(?:,?\s+(?:and|or)\s+{_NAME})?"
)
_FRAME_WORDS_AFTER = (
    "districts?", "county", "counties", "provinces?", "villages?", "settlement", "town", "city", "base",
    "airbase", "airfield", "border crossing",
)  # fmt: skip
_FRAMES_AFTER = rf"(?i:{'|'.join(_FRAME_WORDS_AFTER)})"
# the same list, its first letter matched before the look back at the character before it: a
# pattern that starts with a character class is searched for that class by the engine's own
# fast scan, not tried at every position ("[\w'’]." looks at the character before the letter)
_LIST_BEFORE_FRAME_FAST = (
    rf"[A-Z\u00C0-\u00DE](?<![\w'’].)[\w'’]*(?:-[\w'’]+){{0,4}}(?:\s+(?:(?:e|i|wa|o|al)\s+)?{_CAP}){{0,2}}"
    rf"(?:\s*,\s*{_NAME}){{0,{_MAX_LISTED - 2}}}(?:,?\s+(?:and|or)\s+{_NAME})?"
)
_AFTER_RE = re.compile(rf"(?P<names>{_LIST_BEFORE_FRAME_FAST})\s+(?P<frame>{_FRAMES_AFTER})\b")
# "\\b(?i:district|...)\\b", found from the first letters (every frame word starts and ends
# with a letter, so the boundaries are a word character's absence)
_FRAME_WORD_RE = first_letter_pattern(_FRAME_WORDS_AFTER, ignore_case=True, not_before=r"\w", not_after=r"\w")
# how far before its frame word a list of names may start
_AFTER_WINDOW = 1000
_FRAME_WORDS_BEFORE = ("districts?", "provinces?", "villages?", "town", "city", "settlement")
_BEFORE_PLAIN = rf"\b(?P<frame>(?:{'|'.join(_FRAME_WORDS_BEFORE)})\s+of)\s+(?P<names>{_LIST})"
# the same, found from the frame words' first letters (the engine scans for them itself; the
# word boundary is a look back over the letter, each word's letter a look back after it)
_BEFORE_RE = re.compile(
    rf"(?P<frame>[{''.join(sorted({w[0] for w in _FRAME_WORDS_BEFORE}))}](?<!\w.)"
    rf"(?:{'|'.join(f'(?<={w[0]}){w[1:]}' for w in _FRAME_WORDS_BEFORE)})\s+of)\s+(?P<names>{_LIST})"
)
_ITEM = r"(?P<name>[A-Z\u00C0-\u00DE][\w'’]*(?:-[\w'’]+)*(?: [A-Z\u00C0-\u00DE][\w'’]*(?:-[\w'’]+)*)?)"
_NEXT_ITEM = re.compile(rf"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+){_ITEM}(?![\w'’-])")
_PREV_ITEM = re.compile(rf"(?<![\w'’-]){_ITEM}(?:\s*,\s*|\s+(?:and|or)\s+)\Z")
_AND = re.compile(r"\s+and\s+")
_FRAME_WORD = re.compile(r"\s+(?:districts?|provinces?|counties|villages|towns)\b", re.I)
_IN_PROVINCE = re.compile(rf"(?<![\w'’-]){_ITEM}\s+in\s+(?:the\s+)?\Z")
_REGION_PLAIN = rf"\bthe\s+(?P<names>{_NAME})\s+(?P<frame>region|area)\b"
# the same with the word boundary looked for after "the": a literal start the engine searches for
_REGION_RE = re.compile(rf"the(?<!\wthe)\s+(?P<names>{_NAME})\s+(?P<frame>region|area)\b")
_SPLIT_LIST = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
_DIRECTIONS = {
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "north-eastern",
    "north-western",
    "south-eastern",
    "south-western",
    "remote",
    "neighbouring",
    "neighboring",
    "strategic",
    "key",
    "the",
    "a",
    "an",
    "in",
    "of",
    "and",
    "or",
    "border",
    "mountainous",
    "restive",
    "volatile",
}


_APPOSITION = re.compile(
    r"\s*,\s+(?:(?:a|an|the|its|his|her|their)\s+)?((?:[\w'’.-]+\s+){0,3}?)([A-Za-z]+)\b"
)
_POSSESSIVE = re.compile(r"['’]s$")
# runs of capitalised words one space or hyphen apart, and their words ("Dawlat Shah", "Du-Ab")
_CAP_RUN = re.compile(r"(?<![\w'’-])[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+")
_CAP_WORD = re.compile(r"[A-Z][a-z]+")


# "-e Kohnah", "-i-Sharif", " e Markazi": a connector and a capitalised word after a name
_COMPOUND_TAIL = re.compile(r"(?:-(?:e|i|ye|u)-|-(?:e|i|ye)\s|\s(?:e|i|ye)-)[A-Z][a-z'’]+(?![\w-])")


@lru_cache(maxsize=1)
def _junk() -> frozenset[str]:
    return frozenset(not_places())


@lru_cache(maxsize=1)
def _organisations() -> re.Pattern[str] | None:
    names = sorted(organisation_names(), key=len, reverse=True)
    if not names:
        return None
    if all(n.isascii() and n[:1].isalpha() for n in names):
        # the names grouped by their first letter, in their order within each group: at any
        # position only the group of its letter can match (re.I folds no other character to
        # two different ASCII letters), so the first name to match is the same, and the other
        # groups are passed over at their first letter (a class of first letters scanned for
        # first, as in first_letter_pattern, is slower here: nearly every letter starts a name)
        groups: dict[str, list[str]] = {}
        for n in names:
            words = n.split()
            # the name after its first letter, its words joined by any white space
            rest = r"\s+".join([re.escape(words[0][1:]), *map(re.escape, words[1:])])
            groups.setdefault(n[0].lower(), []).append(rest)
        alt = "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())
    else:
        alt = "|".join(r"\s+".join(re.escape(w) for w in n.split()) for n in names)
    return re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])", re.I)


@lru_cache(maxsize=1)
def person_words() -> tuple[frozenset[str], frozenset[str]]:
    """(titles, name words) from ``sitrep/data/places/person_titles.txt``."""
    from sitrep.config import data_dir

    titles: set[str] = set()
    names: set[str] = set()
    path = data_dir() / "places" / "person_titles.txt"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip().lower()
            if not line or line.startswith("#"):
                continue
            if line.startswith("="):
                names.add(line[1:].strip())
            else:
                titles.add(line)
    return frozenset(titles), frozenset(names)


# Known names are looked up in pieces of about this many characters, cut where nothing links the
# words on either side: not inside a name, nor between a name and the words that make it a person's
_PIECE = 65536
# a character that is never part of a name nor of the gap between two words of one name
# (names are joined by spaces, hyphens and dots; a person's name by a space or ". ")
_HARD_GAP = re.compile(r"[^\w \-.‐–'’]|[\d_]")


def _pieces(text: str, size: int = _PIECE) -> Iterator[tuple[int, int]]:
    """(start, end) of consecutive pieces of ``text`` of at least ``size`` characters (the last
    shorter), each cut at a comma, digit, line break or other character that no name crosses;
    at a space when there is none in the next ``size`` characters, as a last resort mid-word."""
    n = len(text)
    lo = 0
    while n - lo > size:
        target = lo + size
        m = _HARD_GAP.search(text, target, target + size)
        if m is not None:
            cut = m.start()
        else:
            space = text.find(" ", target, target + size)
            cut = space if space >= 0 else target
        yield lo, cut
        lo = cut
    yield lo, n


def _after_matches(text: str) -> Iterator[re.Match[str]]:
    """``_AFTER_RE.finditer(text)``, tried only in the stretch of text before each frame word.

    A list of capitalised names can be long and is tried from each of its names, so the regular
    expression alone costs (names x names) on a long list with no frame word after it; here it
    runs only in a window before a frame word, which a list never crosses when it is written in
    lower case ("districts", not "Districts")."""
    last_end = 0  # matches do not overlap
    floor = 0  # the end of the last frame word in lower case
    for f in _FRAME_WORD_RE.finditer(text):
        lo = max(last_end, floor, f.start() - _AFTER_WINDOW)
        for m in _AFTER_RE.finditer(text, lo, f.end()):
            yield m
            last_end = m.end()
        if f.group()[0].islower():
            floor = f.end()


# what the text just before a position must end with for _PREV_ITEM / _IN_PROVINCE to match there
_TAIL_WORDS = {_PREV_ITEM: ("and", "or"), _IN_PROVINCE: ("in", "the")}


def _search_before(regex: re.Pattern[str], text: str, end: int, window: int) -> re.Match[str] | None:
    """``regex.search(text, end - window, end)`` for a pattern anchored at ``end``, skipped when
    the text before ``end`` cannot end as the pattern does (a comma or one of its last words after
    the name): a search tries every position of the window, and this runs for every place."""
    lo = max(0, end - window)
    j = end
    while j > lo and text[j - 1].isspace():
        j -= 1
    if j == end and regex is _IN_PROVINCE:
        return None  # "in" and "the" are followed by a space
    if not (regex is _PREV_ITEM and j > lo and text[j - 1] == ","):
        i = j
        while i > lo and text[i - 1].isalpha():
            i -= 1
        if j == end or text[i:j] not in _TAIL_WORDS[regex] or i == lo or not text[i - 1].isspace():
            return None
    return regex.search(text, lo, end)


def _inside_any(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether one of ``spans`` (the matches of one ``finditer``: in text order, not
    overlapping, so their ends are in order too) holds ``start:end``: only the last span to
    begin at or before ``start`` can, as every earlier one ends before that one begins."""
    i = bisect.bisect_right(spans, (start, math.inf)) - 1
    return i >= 0 and spans[i][1] >= end


def sentence_starts(text: str) -> list[int]:
    """Offsets where sentences begin (a light splitter, enough for context windows)."""
    starts = [0]
    for m in _SENTENCE_END_FAST.finditer(text):
        start = m.start("gap") if m.group("gap") is not None else m.start()
        before = text[max(0, start - 6) : start]
        if _TITLE_ABBR.search(before):
            continue
        starts.append(m.end())
    return starts


def sentence_index(starts: list[int], offset: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


def name_prefixes(forms: Iterable[str]) -> frozenset[str]:
    """The word prefixes of the names of several words: "mazar" and "mazar e" for "mazar e
    sharif" (a name's key, its words joined by single spaces)."""
    return frozenset(key[:j] for key in forms if " " in key for j, c in enumerate(key) if c == " ")


class MentionFinder:
    """Finds place names in text: the gazetteer's names, plus unknown names in place frames."""

    def __init__(
        self,
        surface_forms: dict[str, set[str]],
        common: frozenset[str] | None = None,
        english: frozenset[str] | None = None,
    ) -> None:
        """``surface_forms`` from ``Gazetteer.surface_forms()`` brings its precomputed tables along.

        ``common``: names that are English words and no place's own name
        (never a bare mention); ``english``: English words (never part of a
        person's name).
        """
        self.forms = surface_forms
        max_len = getattr(surface_forms, "max_len", None)
        if max_len is None:
            max_len = {}
            for key in surface_forms:
                parts = key.split(" ")
                if max_len.get(parts[0], 0) < len(parts):
                    max_len[parts[0]] = len(parts)
        self.max_len: dict[str, int] = max_len
        # the first words of names of several words ("mazar", "mazar e"): a name is read on
        # into the next word only while the words so far begin some name
        self.prefixes: frozenset[str] = name_prefixes(surface_forms)
        self.common = common if common is not None else getattr(surface_forms, "common", frozenset())
        self.english = english if english is not None else getattr(surface_forms, "english", frozenset())
        self.junk = _junk()
        self.organisations = _organisations()
        self.titles, self.name_words = person_words()

    # ------------------------------------------------------------------ tokens
    @staticmethod
    def _tokens(text: str, pos: int = 0, endpos: int | None = None) -> list[tuple[str, int, int]]:
        """(normalised sub-token, start, end) in ``text[pos:endpos]``; a possessive "'s" is left
        out of the token."""
        out = []
        append = out.append
        for m in _TOKEN.finditer(text, pos, len(text) if endpos is None else endpos):
            word = m.group()
            start, end = m.span()
            if word.isascii() and "'" not in word:
                append((word.lower(), start, end))  # the common case: norm() would give the same
                continue
            if _POSSESSIVE.search(word):
                word, end = word[:-2], end - 2
            key = norm(word)
            if not key:
                continue
            key = key.replace(" ", "")
            append((key, start, end))
        return out

    def _known(self, text: str) -> list[PlaceMention]:
        # a piece of the text at a time: the token list of a whole long text would cost many
        # times the text's own size in memory
        found: list[PlaceMention] = []
        joined: list[PlaceMention] = []
        for lo, hi in _pieces(text):
            before = len(found)
            self._known_in(text, lo, hi, found)
            joined += self._joined(text, lo, hi, found[before:])
        return sorted(found + joined, key=lambda m: m.start) if joined else found

    def _known_in(self, text: str, lo: int, hi: int, found: list[PlaceMention]) -> None:
        toks = self._tokens(text, lo, hi)
        forms, max_len, prefixes = self.forms, self.max_len, self.prefixes
        n_tok = len(toks)
        # a name starts only at a token that starts a known name: the loop visits those tokens
        # alone, in order (most tokens of a text start none)
        starts_a_name = [k for k, tok in enumerate(toks) if tok[0] in max_len]
        skip_to = 0
        for i in starts_a_name:
            if i < skip_to:
                continue  # inside a name found just before
            first, start, _ = toks[i]
            max_n = max_len[first]
            if not max_n or not text[start].isupper():
                continue  # names are written with a capital
            # the keys of 1..max_n adjacent tokens (only spaces, hyphens or dots between them);
            # a connector inside a name becomes "e", not at its end
            raw = [first]
            begun = first  # the words so far, connectors as "e": a name of more words begins so?
            for k in range(i + 1, min(i + max_n, n_tok)):
                if begun not in prefixes:
                    break
                gap = text[toks[k - 1][2] : toks[k][1]]
                if len(gap) > 3 or gap.strip(" -.‐–") != "":
                    break
                word = toks[k][0]
                raw.append(word)
                begun = f"{begun} {'e' if word in _CONNECTORS else word}"
            hit = None
            for n in range(len(raw), 0, -1):
                inner = ["e" if t in _CONNECTORS else t for t in raw[1 : n - 1]]
                key = " ".join([first, *inner, raw[n - 1]]) if n > 1 else first
                kinds = forms.get(key)
                if kinds and self._acceptable(text, start, toks[i + n - 1][2], key, n):
                    hit = (n, kinds, key)
                    break
            if hit is None:
                continue
            n, kinds, key = hit
            end = toks[i + n - 1][2]
            skip_to = i + n
            if key in self.common or self._is_person(text, toks, i, n):
                continue
            if end < len(text) and text[end] == "." and len(text[start:end]) <= 3:
                end += 1  # "U.S."
            kind = "country" if kinds == {"country"} or ("country" in kinds and len(kinds) == 1) else None
            found.append(PlaceMention(text=text[start:end], start=start, end=end, kind_hint=kind))

    def _joined(self, text: str, lo: int, hi: int, found: list[PlaceMention]) -> list[PlaceMention]:
        """One-word names written in parts: "Dawlat Shah" or "Du-Ab" for Dawlatshah and Duab
        (transliterations split or join the parts of a name at will). Two or three capitalised
        words, one space or hyphen apart, whose letters together are a known name's (the
        longest run from the earliest word wins), where no known name was found already.
        One regular-expression scan of ``text[lo:hi]``; a dict lookup per run."""
        forms = self.forms
        taken = sorted((m.start, m.end) for m in found)
        starts = [a for a, _ in taken]
        out: list[PlaceMention] = []
        for run in _CAP_RUN.finditer(text, lo, hi):
            words = [(w.group().lower(), w.start(), w.end()) for w in _CAP_WORD.finditer(run.group())]
            i = 0
            while i < len(words) - 1:
                hit, key = None, ""
                for k in range(min(i + 3, len(words)), i + 1, -1):
                    key = "".join(w for w, _, _ in words[i:k])
                    if key in forms and key not in self.common:
                        hit = k
                        break
                if hit is None:
                    i += 1
                    continue
                a, b = run.start() + words[i][1], run.start() + words[hit - 1][2]
                j = bisect.bisect_left(starts, b) - 1
                overlaps = j >= 0 and taken[j][1] > a
                ctx_lo = max(lo, a - 80)
                toks = self._tokens(text, ctx_lo, min(hi, b + 40))
                first = next((n for n, t in enumerate(toks) if t[1] == a), None)
                if not overlaps and first is not None and not self._is_person(text, toks, first, hit - i):
                    kinds = forms[key]
                    out.append(PlaceMention(text=text[a:b], start=a, end=b, kind_hint="country" if kinds == {"country"} else None))
                i = hit
        return out

    # ------------------------------------------------------------------ people
    def _name_like(self, text: str, tok: tuple[str, int, int]) -> bool:
        """A capitalised word that is neither a place name nor an English word: part of a person's name."""
        key, start, _ = tok
        if not text[start].isupper() or len(key) < 2:
            return False
        if key in self.name_words:
            return True
        if key in self.forms or key in self.junk or key in self.titles:
            return False
        return not is_english(key, self.english)

    def _is_person(self, text: str, toks: list[tuple[str, int, int]], i: int, n: int) -> bool:
        """Is the place name toks[i:i+n] part of a person's name?

        * a title before it, over other parts of the name: "President Ashraf Ghani",
          "spokesman Fawad Aman", "Marshal Abdul Rashid Dostum";
        * a name word next to it, directly (one space): "Ashraf Ghani", "Deborah Lyons",
          "Ismail Khan" (the whole pair is no known place, or it would have matched);
        * an apposition that names a role: "Mujahid, a Taliban spokesman".
        """
        n_tok = len(toks)
        j = i - 1
        while j >= 0:
            gap = text[toks[j][2] : toks[j + 1][1]]
            if gap not in (" ", ". "):
                break
            if toks[j][0] in self.titles:
                return True
            if gap != " " or not self._name_like(text, toks[j]):
                break
            j -= 1
        if n == 1 and toks[i][0] in self.name_words:
            neighbours = [k for k in (i - 1, i + 1) if 0 <= k < n_tok]
            if any(text[toks[k][1]].isupper() for k in neighbours if self._one_space(text, toks, k, i)):
                return True
        before, after = i - 1, i + n
        if before >= 0 and text[toks[before][2] : toks[i][1]] == " " and self._name_like(text, toks[before]):
            return True
        last_end = toks[i + n - 1][2]
        if after < n_tok and text[last_end : toks[after][1]] == " " and self._name_like(text, toks[after]):
            return True
        m = _APPOSITION.match(text, last_end)
        return bool(m and m.group(2).lower() in self.titles and m.group(2)[:1].islower())

    @staticmethod
    def _one_space(text: str, toks: list[tuple[str, int, int]], a: int, b: int) -> bool:
        lo, hi = min(a, b), max(a, b)
        return text[toks[lo][2] : toks[hi][1]] == " "

    def _acceptable(self, text: str, start: int, end: int, key: str, n: int) -> bool:
        span = text[start:end]
        if not span[:1].isupper():
            return False
        if n == 1 and key in self.junk:
            return False
        letters = key.replace(" ", "")
        if len(letters) <= 3:
            # short names ("US", "UK") only in capitals, never the pronoun "us"
            return span.replace(".", "").isupper()
        last = re.findall(r"[^\W\d_]+", span)[-1:]
        return not last or last[0][:1].isupper() or last[0].lower() in _LOWER_OK

    # ------------------------------------------------------------------ frames
    def _clean_name(self, name: str, offset: int) -> tuple[str, int] | None:
        """Drop leading direction/article words and junk; None when nothing place-like is left."""
        words = list(re.finditer(r"\S+", name))
        while words and (
            words[0].group().lower().strip(",") in _DIRECTIONS
            or norm(words[0].group()) in self.junk
            or "-" in words[0].group()
            and norm(words[0].group().split("-")[0]) in self.junk
        ):
            words.pop(0)
        if not words:
            return None
        s, e = words[0].start(), words[-1].end()
        cleaned = name[s:e].strip(" ,")
        key = norm(cleaned)
        if not key or len(key.replace(" ", "")) < 3 or key in self.junk:
            return None
        if any(norm(w.group()) in self.junk for w in words if w.group()[:1].isupper()):
            return None
        if any(t in self.titles or t in self.name_words for t in key.split()):
            return None  # "the home town of Marshal Abdul Rashid Dostum"
        return cleaned, offset + s

    def _framed(self, text: str) -> list[tuple[PlaceMention, str]]:
        out: list[tuple[PlaceMention, str]] = []
        # "X province" is applied last: it wins over "districts of X province"
        for regex, table in ((_BEFORE_RE, _FRAME_BEFORE), (_REGION_RE, None), (_AFTER_RE, _FRAME_AFTER)):
            for m in _after_matches(text) if regex is _AFTER_RE else regex.finditer(text):
                frame = re.sub(r"\s+", " ", m.group("frame").lower())
                kind = table[frame] if table is not None else "district"
                preceding = text[max(0, m.start() - 40) : m.start()]
                before = re.search(r"([A-Z][\w'’-]*)\s+$", preceding)
                if regex is _BEFORE_RE and before and self._could_be_name(before.group(1)):
                    # "the Jari district of Kandahar": what follows is the province
                    # (but not "The districts of X and Y": "The" names nothing)
                    if kind != "district":
                        continue
                    kind = "province"
                names_start = m.start("names")
                pos = 0
                names = m.group("names")
                pieces = []
                for sep in _SPLIT_LIST.finditer(names):
                    pieces.append((names[pos : sep.start()], pos))
                    pos = sep.end()
                pieces.append((names[pos:], pos))
                if regex is _BEFORE_RE and frame == "districts of" and len(pieces) == 1:
                    kind = "province"  # "(the) districts of Badakhshan": the one name holds them
                if len(pieces) > 1 and frame in ("district", "province", "village", "town", "city", "county"):
                    # a list before a singular frame word: only the last name is framed
                    pieces = pieces[-1:]
                for piece, off in pieces:
                    if _POSSESSIVE.search(piece.strip()):
                        continue  # "Afghanistan's districts": the name holds them, it is not one
                    cleaned = self._clean_name(piece, names_start + off)
                    if cleaned is None:
                        continue
                    name, start = cleaned
                    mention = PlaceMention(text=name, start=start, end=start + len(name), kind_hint=kind)
                    out.append((mention, frame))
        return out

    def _could_be_name(self, word: str) -> bool:
        """A capitalised word that may be a place name: known, or not an English word."""
        key = norm(word)
        return key in self.forms or (key not in self.junk and not is_english(key, self.english))

    # ------------------------------------------------------------------ lists
    def _list_mates(self, text: str, known: list[PlaceMention]) -> list[PlaceMention]:
        """Unknown names listed with known places are places of the same kind: "took Kishm,
        Darayim, Tagab and Baharak" when only some are known; "Nirkh and Jalrez in Wardak, Burka
        in Baghlan" when only the provinces are. A list counts when it holds two known places or
        ends in a frame word ("... districts"). Anchored matches in bounded windows: linear."""
        spans = {(m.start, m.end) for m in known}
        places = [m for m in known if m.kind_hint != "country"]
        at = {(k.start, k.end): k for k in places}  # a scan of every place per list item was quadratic
        out: list[PlaceMention] = []
        done: set[int] = set()
        for m in places:
            if m.start in done:
                continue
            kinds = self.forms.get(norm(m.text), frozenset())
            items: list[tuple[re.Match[str] | None, PlaceMention | None]] = [(None, m)]
            pos = m.end
            for _ in range(16):  # items after it: ", X", " and X"
                nxt = _NEXT_ITEM.match(text, pos, min(len(text), pos + 80))
                if nxt is None:
                    break
                hit = at.get(nxt.span("name"))
                if hit is None and not self._mate(nxt.group("name")):
                    break
                items.append((nxt if hit is None else None, hit))
                pos = nxt.end()
            end = m.start
            for _ in range(16):  # items before it: "X, ", "X and "
                prev = _search_before(_PREV_ITEM, text, end, 80)
                if prev is None:
                    break
                hit = at.get(prev.span("name"))
                if hit is None and not self._mate(prev.group("name")):
                    break
                items.append((prev if hit is None else None, hit))
                end = prev.start("name")
            known_items = [k for _, k in items if k is not None]
            done.update(k.start for k in known_items)
            framed = _FRAME_WORD.match(text, pos) is not None
            if len(known_items) >= 2 or framed:
                hint = "province" if kinds == {"province"} else "district"
                out.extend(self._mention(x, hint) for x, k in items if x is not None and x.span("name") not in spans)
            if "province" in kinds:  # "Dawlat Shah in Laghman": a name before "in <province>"
                prev = _search_before(_IN_PROVINCE, text, m.start, 80)
                in_list = prev is not None and (
                    _NEXT_ITEM.match(text, m.end, min(len(text), m.end + 80)) is not None
                    or _search_before(_PREV_ITEM, text, prev.start(), 80) is not None
                )
                if prev is not None and in_list:  # only inside a list
                    if prev.span("name") not in spans and self._mate(prev.group("name")):
                        out.append(self._mention(prev, "district"))
                    end = prev.start("name")
                    for _ in range(4):  # "Nirkh and Jalrez in Wardak": the names joined before it
                        more = _search_before(_PREV_ITEM, text, end, 80)
                        if more is None or not _AND.search(text, more.end("name"), end):
                            break
                        if more.span("name") not in spans:
                            if not self._mate(more.group("name")):
                                break
                            out.append(self._mention(more, "district"))
                        end = more.start("name")
        return out

    def _mate(self, name: str) -> bool:
        words = name.split()
        return all(self._could_be_name(w) for w in words if w[:1].isupper()) and self._clean_name(name, 0) is not None

    @staticmethod
    def _mention(m: re.Match[str], hint: str) -> PlaceMention:
        start, end = m.span("name")
        return PlaceMention(text=m.group("name"), start=start, end=end, kind_hint=hint)  # type: ignore[arg-type]

    # ------------------------------------------------------------------ public
    def _compounds(self, text: str, result: list[PlaceMention]) -> list[PlaceMention]:
        """'Kushk-e Kohnah', 'Baghlan-e-Makrzai': a known name joined by a connector (-e-, -i-)
        to a capitalised word is the start of a longer name, not the known place."""
        out: list[PlaceMention] = []
        for i, m in enumerate(result):
            hit = _COMPOUND_TAIL.match(text, m.end)
            nxt = result[i + 1].start if i + 1 < len(result) else len(text)
            if hit is not None and hit.end() <= nxt:
                name = text[m.start : hit.end()]
                if not self.forms.get(norm(name)):
                    out.append(PlaceMention(text=name, start=m.start, end=hit.end(), kind_hint=m.kind_hint))
                    continue
            out.append(m)
        return out

    @staticmethod
    def _repeated(text: str, result: list[PlaceMention], framed: list[PlaceMention]) -> list[PlaceMention]:
        """One name, one place in a story: a name the gazetteer does not know, once framed as a
        place ("the district of Ghourian"), is the same place where it is written bare later on
        ("clashes in Ghourian")."""
        if not framed:
            return result
        kinds: dict[str, str | None] = {}
        for m in framed:
            kinds.setdefault(m.text, m.kind_hint)
        # mentions do not overlap and are sorted: a hit overlaps one only if the mention that
        # starts last before the hit's end also ends after the hit's start
        starts = [m.start for m in result]
        ends = [m.end for m in result]
        alt = "|".join(re.escape(n) for n in sorted(kinds, key=len, reverse=True))
        added: list[PlaceMention] = []
        for hit in re.finditer(rf"(?<![\w-])(?:{alt})(?![\w-])", text):
            a, b = hit.span()
            k = bisect.bisect_left(starts, b) - 1
            if k >= 0 and ends[k] > a:
                continue
            added.append(PlaceMention(text=hit.group(0), start=a, end=b, kind_hint=kinds[hit.group(0)]))  # type: ignore[arg-type]
        return sorted(result + added, key=lambda m: m.start) if added else result

    def find(self, text: str, sentences: bool = True) -> list[PlaceMention]:
        """Place mentions sorted by start, non-overlapping, longest first.

        ``sentences``: set each mention's ``sentence`` by a light splitter (``sentence_starts``);
        a caller that sets it from its own sentences passes False and saves that pass."""
        known = self._known(text)
        framed = self._framed(text)
        framed += [(lm, "list") for lm in self._list_mates(text, known)]
        by_span = {(m.start, m.end): m for m in known}
        extra: list[PlaceMention] = []
        # known mentions do not overlap and come in text order: their ends are sorted as well
        known_ends = [m.end for m in known]
        for fm, _frame in framed:
            overlapping = []
            for k in range(bisect.bisect_right(known_ends, fm.start), len(known)):
                if known[k].start >= fm.end:
                    break
                overlapping.append(known[k])
            if (
                overlapping
                and (_frame == "list" or fm.kind_hint in ("district", "province"))
                and all(fm.start <= m.start and m.end <= fm.end for m in overlapping)
                    and fm.end - fm.start > max(m.end - m.start for m in overlapping)
                and re.match(r"[-\s]+(?:e|i|ye|al|el|u)[-\s]", text[overlapping[-1].end : fm.end])
            ):
                # "Baghlan-e-Makrzai district", "Kushk-e Kohnah": a longer compound name the
                # gazetteer does not know is not the known name it starts with
                extra.append(fm)  # sorted before the known name it covers, which then drops
                continue
            if overlapping:
                for m in overlapping:
                    # the frame word tells the kind of a known name ("Kunduz province")
                    if (
                        m.start >= fm.start
                        and m.end == fm.end
                        and (m.kind_hint != "country" or fm.kind_hint == "province")
                    ):
                        by_span[(m.start, m.end)].kind_hint = fm.kind_hint
                continue
            extra.append(fm)
        mentions = sorted(known + extra, key=lambda m: (m.start, -(m.end - m.start)))
        result: list[PlaceMention] = []
        last_end = -1
        for m in mentions:
            if m.start < last_end:
                continue
            result.append(m)
            last_end = m.end
        result = self._compounds(text, result)
        kept = {id(m) for m in result}
        result = self._repeated(text, result, [m for m in extra if id(m) in kept])
        if self.organisations is not None and result:
            # "told Kabul Now", "on Radio Kabul": an outlet's or a body's name, not a place
            spans = [(o.start(), o.end()) for o in self.organisations.finditer(text)]
            if spans:
                result = [m for m in result if not _inside_any(spans, m.start, m.end)]
        if sentences:
            starts = sentence_starts(text)
            for m in result:
                m.sentence = sentence_index(starts, m.start)
        return result
