"""Claims (codebook §4): aggregate statements about control, with their claimant.

"the Taliban say 85% of the territory and 174 districts are theirs";
"a third of the nearly 400 districts, the BBC reported"; "90% of the
withdrawal is complete".
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sitrep.extract.actors import DocActors
from sitrep.extract.attribution import _attribution
from sitrep.extract.grammar import _APPROX, _FRAC, _PCT, FRACTIONS
from sitrep.extract.resources import Resources
from sitrep.models import Claim, Evidence, Sentence

# "districts", "district centres": the unit a count of control is told in
_DISTRICTS = r"(?:districts|district\s+cent(?:er|re)s)\b"
SHARE_DISTRICTS = re.compile(
    rf"{_APPROX}(?:{_PCT}|{_FRAC})\s+of\s+(?:the\s+|its\s+|all\s+)?(?:\w+(?:['’]s)?\s+)?(?:(?:nearly|about|roughly|some|around|over|more than)\s+)?(?:\d+\s+)?{_DISTRICTS}",
    re.I,
)
DISTRICT_COUNT = re.compile(
    rf"{_APPROX}(?<![\d,])(?P<n>\d{{2,3}})\s+(?:of\s+(?:the\s+)?(?:[\w’']+\s+){{0,3}}?(?:\d+\s+)?)?(?:\w+\s+)?{_DISTRICTS}",
    re.I,
)
# "X is the 13th district to fall to the Taliban since May": a running count
DISTRICT_ORDINAL = re.compile(
    r"\bthe\s+(?P<n>\d{1,3})(?:st|nd|rd|th)\s+district\s+(?:that\s+|which\s+)?(?:has\s+|had\s+)?(?:to\s+)?(?:fallen|fell|fall|been\s+(?:captured|taken|seized|overrun))\b",
    re.I,
)
FUTURE = re.compile(
    r"\b(?:could|would|might|may|will|shall|expected to|likely to|aims? to|hopes? to|plans? to)\b", re.I
)


def _value(m: re.Match[str]) -> float:
    g = m.groupdict()
    for key in ("pct", "pct2", "pct3"):
        if g.get(key):
            return float(g[key])
    if g.get("frac"):
        return float(FRACTIONS[g["frac"].lower()])
    return float(g["n"])


def find_claims(
    sent: Sentence, res: Resources, doc_actors: DocActors, published: dt.date | None, ctx_date: dt.date | None
) -> list[Claim]:
    text = sent.text
    if not re.search(r"%|percent|per cent|district|third|half|quarter", text, re.I):
        return []
    if res.lex.cue_re("predicted_phrases").search(text) and re.search(
        r"\b(?:could|would|might|may|will)\b", text
    ):
        return []
    out: list[Claim] = []
    # who claims, about whom, and the evidence: worked out at the first claim found (most
    # sentences that get this far hold none)
    found: list[tuple[str | None, str | None, Evidence]] = []
    taken: list[tuple[int, int]] = []

    def add(metric: str, value: float, unit: str, m: re.Match[str]) -> None:
        if any(m.start() < e and s < m.end() for s, e in taken):
            return
        if FUTURE.search(text[max(0, m.start() - 50) : m.start()]):
            return  # "could control 90% by winter" is a prediction, not a claim
        if not found:
            found.append(
                (
                    _claimant(sent, res, doc_actors),
                    _subject(text, res, doc_actors),
                    Evidence(text=text, start=sent.start, end=sent.end),
                )
            )
        claimant, subject, ev = found[0]
        taken.append((m.start(), m.end()))
        out.append(
            Claim(
                claimant=claimant,
                metric=metric,
                value=value,
                unit=unit,  # type: ignore[arg-type]
                subject=subject if metric != "withdrawal_progress" else _withdrawer(text, res, doc_actors),
                date=ctx_date or published,
                evidence=ev,
                attributed_to=claimant,
            )
        )

    for m in res.withdrawal_re.finditer(text):
        add("withdrawal_progress", _value(m), "percent", m)
    if res.control_re.search(text):
        for m in SHARE_DISTRICTS.finditer(text):
            add("share_of_districts", _value(m), "percent", m)
        for m in res.share_territory_re.finditer(text):
            add("share_of_territory", _value(m), "percent", m)
        for m in DISTRICT_COUNT.finditer(text):
            n = int(m.group("n"))
            if 1 < n < 2000:
                add("districts_controlled", float(n), "count", m)
    for m in DISTRICT_ORDINAL.finditer(text):
        if int(m.group("n")) > 1:
            add("districts_controlled", float(m.group("n")), "count", m)
    return out


def _claimant(sent: Sentence, res: Resources, doc_actors: DocActors) -> str | None:
    text = sent.text
    att = _attribution(res, sent)
    if att:
        name = res.actors.resolve(res.actors.match(att), doc_actors)
        return name or att
    m = res.claimant_re.search(text)
    if m:
        name = res.actors.resolve(res.actors.match(m.group(1)), doc_actors)
        return name or m.group(1).strip()
    low = text.lower()
    for outlet in res.outlets:
        if len(outlet) > 3 and re.search(rf"\b{re.escape(outlet)}\b", low):
            i = low.find(outlet)
            return text[i : i + len(outlet)]
    return None


def _subject(text: str, res: Resources, doc_actors: DocActors) -> str | None:
    for m in re.finditer(r"[A-Z][\w-]+", text):
        name = res.actors.match(m.group(0))
        if name and res.actors.kind(name) == "nonstate":
            return name
    return doc_actors.main_nonstate


def _withdrawer(text: str, res: Resources, doc_actors: DocActors) -> Any:
    name = res.actors.match(text)
    return res.actors.forces_of(res.actors.resolve(name, doc_actors)) if name else None
