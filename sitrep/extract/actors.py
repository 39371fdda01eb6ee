"""Actor names to canonical actors (codebook §3), from ``sitrep/data/actors.json``.

Generic words ("militants", "the terrorists", "soldiers") resolve to the
article's main actor of that kind: the non-state group the article is about,
or the state forces it is about. Nothing here names a country or a group.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from sitrep.language.lexicon import Lexicon, PhraseSet, first_letter_pattern, load_lexicon, short_forms_of

GENERIC_NONSTATE = "@nonstate"
GENERIC_STATE = "@state_forces"
PARTY_KINDS = {"nonstate", "state_forces", "foreign_forces"}


@dataclass
class ActorInfo:
    name: str
    kind: str
    country: str | None = None
    forces: str | None = None


@dataclass
class DocActors:
    """Who an article is about: its main non-state group and main state forces."""

    counts: Counter[str] = field(default_factory=Counter)
    main_nonstate: str | None = None
    main_state_forces: str | None = None


def _short_pattern(forms: set[str], alt: str) -> re.Pattern[str]:
    """``(?<![\\w-])(?:alt)(?![\\w-])`` (the short forms, longest first), found from the forms'
    first letters when every form starts with an ASCII letter: the forms grouped by that
    letter, in the same order within a group (only one group can match at a position)."""
    ordered = sorted((re.escape(a) for a in forms), key=len, reverse=True)
    if not ordered or not all(a[:1].isascii() and a[:1].isalpha() for a in ordered):
        return re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])")
    groups: dict[str, list[str]] = {}
    for a in ordered:
        groups.setdefault(a[0], []).append(a[1:])
    grouped = [f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items()]
    return first_letter_pattern(grouped, ignore_case=False, not_before=r"[\w-]", not_after=r"[\w-]")


class ActorResolver:
    def __init__(self, lex: Lexicon | None = None) -> None:
        self.lex = lex or load_lexicon()
        data = self.lex.actors
        self.info: dict[str, ActorInfo] = {}
        self.alias: dict[str, str] = {}
        written: set[str] = set()  # names as written in the data file, for the short ones
        for a in data["actors"]:
            self.info[a["name"]] = ActorInfo(a["name"], a["kind"], a.get("country"), a.get("forces"))
            for al in [a["name"], *a["aliases"]]:
                self.alias.setdefault(al.lower(), a["name"])
                written.add(al)
        self.demonyms: dict[str, str] = {k.lower(): v for k, v in data["demonyms"].items()}
        self.generic: dict[str, str] = {}
        for kind, words in data["generic"].items():
            for w in words:
                self.generic[w.lower()] = GENERIC_NONSTATE if kind == "nonstate" else GENERIC_STATE
        long_aliases = [a for a in self.alias if len(a) > 4 or not a.isalpha()]
        # whole words, case-insensitive, a hyphen joins words ("pro-Taliban" names no one)
        self._long_set = PhraseSet(long_aliases, hyphen_joins=True)
        # short aliases only as written or in capitals: "US", "ANA", "NATO", "Iran", "IRAN",
        # so that "us" the pronoun is not a state
        short_forms = short_forms_of(written)
        salt = "|".join(sorted((re.escape(a) for a in short_forms), key=len, reverse=True))
        self._short_re = _short_pattern(short_forms, salt)
        galt = "|".join(sorted((re.escape(g) for g in self.generic), key=len, reverse=True))
        self._generic_re = re.compile(rf"(?<![\w-])(?:{galt})(?![\w-])", re.I)
        bodies = sorted((re.escape(b) for b in data.get("state_bodies", [])), key=len, reverse=True)
        self._bodies_re = re.compile(rf"^\s+(?:{'|'.join(bodies) or 'x^'})\b", re.I)
        dalt = "|".join(sorted((re.escape(d) for d in self.demonyms), key=len, reverse=True))
        self._demonym_re = re.compile(rf"(?<![\w-])(?:{dalt})(?![\w-])", re.I)

    # ------------------------------------------------------------------ document

    def scan(self, text: str) -> DocActors:
        counts: Counter[str] = Counter()
        for _s, _e, phrase in self._long_set.finditer(text):
            counts[self.alias[phrase]] += 1
        for m in self._short_re.finditer(text):
            name = self.alias.get(m.group(0).lower())
            if name:
                counts[name] += 1
        doc = DocActors(counts=counts)
        nonstate = [(c, n) for n, c in counts.items() if self.info[n].kind == "nonstate"]
        state = [(c, n) for n, c in counts.items() if self.info[n].kind == "state_forces"]
        if nonstate:
            doc.main_nonstate = max(nonstate)[1]
        if state:
            doc.main_state_forces = max(state)[1]
        elif doc.main_nonstate:
            # the state forces of the country the non-state group fights in
            country = self.info[doc.main_nonstate].country
            for name, info in self.info.items():
                if info.kind == "state_forces" and info.country == country:
                    doc.main_state_forces = name
                    break
        return doc

    # ------------------------------------------------------------------ phrases

    def match(self, phrase: str) -> str | None:
        """Canonical actor (or a generic marker) named by a noun phrase, else None."""
        if not phrase:
            return None
        p = phrase.strip()
        best: tuple[int, int, str] | None = None  # (-start, length, name) -> leftmost longest
        for start, end, alias in self._long_set.finditer(p):
            cand = (start, -(end - start), self.alias[alias])
            if best is None or cand < best:
                best = cand
        for m in self._short_re.finditer(p):
            name = self.alias.get(m.group(0).lower())
            if name:
                cand = (m.start(), -(m.end() - m.start()), name)
                if best is None or cand < best:
                    best = cand
        gm = self._generic_re.search(p)
        if best is not None:
            # "soldiers of the Afghan Armed Forces" -> the named one; "Taliban" beats "militants"
            return best[2]
        if gm:
            dm = self._demonym_re.search(p[: gm.start()])
            if dm:
                return self.demonyms[dm.group(0).lower()]
            return self.generic[gm.group(0).lower()]
        dm = self._demonym_re.search(p)
        if dm and re.search(r"\b(?:forces|troops|army|soldiers|military|servicemen|commandos)\b", p, re.I):
            return self.demonyms[dm.group(0).lower()]
        if dm and self._bodies_re.search(p[dm.end() :]):
            name = self.demonyms[dm.group(0).lower()]
            if self.kind(name) == "state":  # "a Pakistani delegation" is Pakistan
                return name
        return None

    def resolve(self, name: str | None, doc: DocActors) -> str | None:
        if name == GENERIC_NONSTATE:
            return doc.main_nonstate
        if name == GENERIC_STATE:
            return doc.main_state_forces
        return name

    def kind(self, name: str | None) -> str | None:
        if name is None:
            return None
        if name == GENERIC_NONSTATE:
            return "nonstate"
        if name == GENERIC_STATE:
            return "state_forces"
        info = self.info.get(name)
        return info.kind if info else None

    def forces_of(self, name: str | None) -> str | None:
        info = self.info.get(name or "")
        if info and info.forces:
            return info.forces
        return name

    def country_of(self, name: str | None) -> str | None:
        info = self.info.get(name or "")
        return info.country if info else None

    def other_side(self, name: str | None, doc: DocActors) -> str | None:
        kind = self.kind(name)
        if kind == "nonstate":
            return doc.main_state_forces
        if kind in ("state_forces", "foreign_forces"):
            return doc.main_nonstate
        return None

    def is_party(self, phrase: str) -> bool:
        name = self.match(phrase)
        return self.kind(name) in PARTY_KINDS if name else False
