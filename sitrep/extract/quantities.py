"""Quantities and fatalities (codebook §3).

"300 servicemen" -> 300 personnel; "1,037" -> 1037; "11.5 thousand" -> 11500;
"dozens" 12, "hundreds" 100, "thousands" 1000 (approx, ACLED's convention);
"nearly 1,000", "about 30", "more than a thousand" are approx.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sitrep.language.lexicon import Lexicon, load_lexicon, may_match
from sitrep.models import Quantity


def _alt(words: list[str] | set[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


class QuantityFinder:
    def __init__(self, lex: Lexicon | None = None) -> None:
        self.lex = lex or load_lexicon()
        u = self.lex.units
        self.unit_of: dict[str, str] = {}
        for unit, words in u["units"].items():
            for w in words:
                self.unit_of.setdefault(w.lower(), unit)
        num_words = dict(u["numbers"])
        self.vague: dict[str, int] = dict(u["vague"])
        self.source_re = re.compile(rf"\b(?:{_alt(u['source_markers'])})\s+(?:the\s+)?$", re.I)
        self.words = {**num_words}
        approx = _alt(u["approx_words"])
        numword = _alt(list(num_words) + list(self.vague))
        mult = _alt(list(u["multipliers"]))
        unit_alt = _alt(list(self.unit_of))
        # a number, then up to four modifier words ("Russian-made KamAZ army"), then a unit noun
        self.re = re.compile(
            rf"(?P<approx>\b(?:{approx})\s+)?"
            rf"(?P<num>\b\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?\b|\b\d+(?:\.\d+)?\b|\b(?:{numword})\b)"
            rf"(?:\s+(?P<mult>{mult})\b)?"
            rf"(?:\s+of)?"
            rf"(?P<mods>(?:\s+(?!(?:of|and|or|to|in|at|on|from|by|the|were|was|have|had)\b)[\w’'-]+){{0,4}}?)"
            rf"\s+(?:of\s+(?:the\s+)?)?(?P<unit>{unit_alt})\b",
            re.I,
        )
        kill = r"(?:killed|dead|died|eliminated|slain|neutrali[sz]ed|lost their lives|perished|executed|massacred|murdered|beheaded)"
        self.fatal_re = re.compile(
            rf"(?P<approx>\b(?:{approx})\s+)?(?P<num>\b\d{{1,3}}(?:,\d{{3}})+\b|\b\d+\b|\b(?:{numword})\b)"
            rf"(?:\s+(?P<mult>{mult}))?(?:\s+of)?(?:\s+[\w’'-]+){{0,5}}?\s+(?:(?:were|was|have been|had been|are|been)\s+)?{kill}",
            re.I,
        )
        self.killing_re = re.compile(
            rf"\b(?:killing|killed|eliminating|eliminated|executed|executing|massacred|murdered)\s+(?P<approx>(?:{approx})\s+)?(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+|{numword})\b",
            re.I,
        )
        self.single_re = re.compile(
            r"\b(?:a|an|one)\s+(?:[\w-]+\s+){0,4}?(?:commander|militant|soldier|civilian|fighter|officer|policeman|leader|child|woman|man|member|guard|pilot)\b[^.;]{0,40}?\b(?:was|has been|had been)\s+(?:\w+\s+)?(?:killed|eliminated|slain)",
            re.I,
        )

    def value(self, num: str, mult: str | None) -> tuple[float, bool]:
        n = num.lower()
        approx = False
        if n in self.vague:
            v: float = float(self.vague[n])
            approx = True
        elif n in self.words:
            v = float(self.words[n])
        else:
            v = float(n.replace(",", ""))
        if mult:
            v *= self.lex.units["multipliers"][mult.lower()]
        return v, approx

    def find(self, text: str) -> list[Quantity]:
        out: list[Quantity] = []
        if not may_match(self.re, text):
            return out  # none of the unit words a quantity needs
        for m in self.re.finditer(text):
            num = m.group("num")
            if re.fullmatch(r"(?:19|20)\d\d", num) and not m.group("mult"):
                continue  # a year
            unit_word = m.group("unit").lower()
            unit = self.unit_of.get(unit_word, "other")
            # "20,000 military personnel" etc.; skip "the 1st army" style ordinals
            v, vague = self.value(num, m.group("mult"))
            if v <= 0:
                continue
            approx = bool(m.group("approx")) or vague
            if self.source_re.search(text, max(0, m.start() - 20), m.start()):
                continue  # "according to two Afghan officers": who told it, not who took part
            # "hundreds of Taliban militants" / "thousands of soldiers"
            out.append(
                Quantity(
                    value=int(v) if v.is_integer() else v, unit=unit, approx=approx, text=m.group(0).strip()
                )
            )
        return out

    def fatalities(self, text: str) -> int | None:
        best: int | None = None
        for pat in (self.fatal_re, self.killing_re):
            if not may_match(pat, text):
                continue  # none of its casualty words
            for m in pat.finditer(text):
                num = m.group("num")
                if re.fullmatch(r"(?:19|20)\d\d", num):
                    continue
                v, _ = self.value(num, m.groupdict().get("mult"))
                best = int(v) if best is None else max(best, int(v))
        if best is None and may_match(self.single_re, text) and self.single_re.search(text):
            best = 1
        return best


@lru_cache(maxsize=1)
def quantity_finder() -> QuantityFinder:
    return QuantityFinder()
