"""Resolution of place mentions to locations, with the article as context.

For one mention: candidates by exact (normalised) name, then by phonetic
key, then by constrained fuzzy match; each is scored by the kind the text
gives ("X district"), the province named in the same sentence, the nearest
preceding province, the article's dominant province and country. The best
candidate becomes a :class:`~sitrep.models.Location` at the level the text
supports; ``None`` when nothing credible matches.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from sitrep.geo.gazetteer import Gazetteer, admin_core
from sitrep.models import Event, Location, Place, PlaceMention
from sitrep.text.names import norm, phonetic, same_first_group

FUZZY_MIN = 84.0  # phonetic-key ratio needed for a fuzzy candidate
FUZZY_MIN_UNFRAMED = 92.0  # ... when the text does not say the name is a place
MIN_FUZZY_LEN = 4
BIG_CITY = 1_000_000  # a foreign city this big is credible by its name alone
_WORD = re.compile(r"[^\W\d_]{3,}")


@dataclass
class Candidate:
    place: Place
    base: float  # 1.0 exact, 0.85 phonetic, below for fuzzy
    how: str
    score: float = 0.0


# what lies between a district and the province that holds it: "X district of P", "X, P",
# "X in the northern province of P", "X district in P"
# "the capital of the embattled Laghman province", "Helmand's provincial capital": the province
# named is where its capital lies, and the capital is the province's centre district (codebook §3)
# "the capital of Kunduz", "the capitals of northern Kunduz and Sar-e-Pol provinces", "the centres
# of Kandahar, Helmand and Herat": the province's capital; not "the district centre of X"
_CAPITAL_BEFORE = re.compile(
    r"(?<!district\s)(?<!districts\s)\b(?:provincial\s+)?(?:capital|capitals|centre|centres|center|centers)"
    r"(?:\s+(?:city|cities))?\s+of\s+(?:the\s+)?"
    r"(?:[\w'’-]+(?:\s+[\w'’-]+){0,2}?(?:\s+provinces?)?\s*(?:,\s*(?:and\s+)?|\s+and\s+))*"
    r"(?:[\w-]+\s+){0,2}$",
    re.I,
)
# "five districts in Herat", "several villages of Kunduz": the places are in the province, not
# its capital (a bare province name is its capital elsewhere: "the Taliban took Kunduz")
_PARTS_OF = re.compile(
    r"\b(?:districts?|villages?|areas|towns|parts|posts|outposts|checkpoints|bases)\s+(?:in|of|across)\s+"
    r"(?:the\s+)?(?:[\w-]+\s+)?$",
    re.I,
)
_CAPITAL_AFTER = re.compile(r"(?:\s+province)?(?:['’]s?)?\s+(?:provincial\s+)?capital\b", re.I)
_FRAMING = re.compile(
    r"(?:\s+(?:district|districts|town|village|city|area))?\s*(?:,|\bof\b|\bin\b)\s*"
    r"(?:the\s+)?(?:[a-z]+(?:-[a-z]+)?\s+)?(?:province\s+of\s+)?$"
)


@dataclass
class Context:
    """What the whole article says about where it is."""

    starts: list[int]
    country: str | None = None  # dominant country
    province: str | None = None  # dominant province key
    # (start, sentence, province key, place) of province mentions and of provinces implied by districts
    provinces: list[tuple[int, int, str, Place]] = field(default_factory=list)
    districts: list[tuple[int, int, Place]] = field(default_factory=list)
    # sentence -> countries the sentence names (by a country's name or its demonym)
    named: dict[int, set[str]] = field(default_factory=dict)
    _index: _ContextIndex | None = field(default=None, repr=False, compare=False)

    def index(self) -> _ContextIndex:
        """Lookups over ``provinces`` and ``districts`` by sentence and by position, so that
        scoring one mention does not scan every place the article names (quadratic on long texts)."""
        if self._index is None or self._index.size != (len(self.provinces), len(self.districts)):
            self._index = _ContextIndex(self.provinces, self.districts)
        return self._index


class _ContextIndex:
    def __init__(
        self, provinces: list[tuple[int, int, str, Place]], districts: list[tuple[int, int, Place]]
    ) -> None:
        self.size = (len(provinces), len(districts))
        self.provinces = provinces
        self.prov_by_sent: dict[int, list[tuple[int, str, Place]]] = {}
        self.dist_by_sent: dict[int, list[tuple[int, Place]]] = {}
        self.key_count: Counter[str] = Counter()
        self.key_count_at: dict[int, Counter[str]] = {}
        for st, se, k, p in provinces:
            self.prov_by_sent.setdefault(se, []).append((st, k, p))
            self.key_count[k] += 1
            self.key_count_at.setdefault(st, Counter())[k] += 1
        for st, se, d in districts:
            self.dist_by_sent.setdefault(se, []).append((st, d))
        self.prov_starts = [st for st, _se, _k, _p in provinces]
        self.sorted = all(a <= b for a, b in zip(self.prov_starts, self.prov_starts[1:], strict=False))

    def last_before(self, start: int) -> tuple[int, int, str, Place] | None:
        """The last province entry (in list order) that starts before ``start``."""
        if self.sorted:
            i = bisect.bisect_left(self.prov_starts, start)
            return self.provinces[i - 1] if i > 0 else None
        before = [t for t in self.provinces if t[0] < start]
        return before[-1] if before else None

    def named_elsewhere(self, key: str, start: int) -> bool:
        """Is the province ``key`` named (or implied) anywhere but at ``start``?"""
        return self.key_count[key] - self.key_count_at.get(start, Counter())[key] > 0


# events that happen where the conflict is, whoever reports or backs them
IN_COUNTRY = {
    "territory_captured", "territory_retaken", "armed_clash", "air_strike",
    "attack_on_captives_or_civilians", "surrender", "defection", "materiel_captured",
    "troop_withdrawal",
}  # fmt: skip


def province_key(place: Place) -> str | None:
    """A key shared by a province and everything inside it."""
    if place.kind == "country":
        return None
    if place.admin1_pcode:
        return place.admin1_pcode
    if place.admin1:
        return f"{place.country}:{norm(place.admin1)}"
    return None


def _same_province(a: Place, b: Place) -> bool:
    """By P-code where both have one, else by the province's name (GeoNames towns carry no P-code)."""
    if province_key(a) == province_key(b):
        return True
    if a.admin1_pcode and b.admin1_pcode:
        return False
    if a.admin1 and b.admin1:
        return admin_core(a.admin1) == admin_core(b.admin1)
    # a town known only by its coordinates: beside the centre of the same-name district
    return (
        a.country == b.country
        and None not in (a.lat, a.lon, b.lat, b.lon)
        and abs(a.lat - b.lat) + abs(a.lon - b.lon) < 0.3  # type: ignore[operator]
    )


class Resolver:
    """Turns place mentions into locations using a gazetteer."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer
        self._ctx_key: tuple | None = None
        self._ctx: Context | None = None
        # (text, mentions, context) while locate() works on one article: the cache key above
        # costs a pass over the text and the mentions, once per event
        self._pinned: tuple[str, list[PlaceMention], Context] | None = None
        self._fuzzy_pools: dict[str | None, tuple[list[str], list[int]]] = {}
        self._countries: dict[str, Place] | None = None
        self._centres: dict[str, Place] | None = None
        self._home: str | None = None
        self._by_pcode: dict[str, Place] | None = None
        tables = gazetteer.tables()
        self._capitals: dict[str, str] = tables.get("capitals", {})
        self._country_words: dict[str, str] = tables.get("country_words", {})
        self._last: list[Candidate] = []

    # ------------------------------------------------------------------ candidates
    def _exact(self, name: str) -> list[Candidate]:
        ids = self.gaz.ids_for(name)
        if ids:
            key = norm(name)
            out = []
            for i in ids:
                p = self.gaz.place(i)
                # a town's GeoNames alternate names are weaker evidence than its own name
                base = 0.9 if p.kind == "place" and norm(p.name) != key else 1.0
                out.append(Candidate(p, base, "exact"))
            return out
        key = phonetic(name)
        if len(key) >= MIN_FUZZY_LEN:
            return [Candidate(self.gaz.place(i), 0.85, "phonetic") for i in self.gaz.ids_for_phonetic(name)]
        return []

    def _pool(self, country: str | None) -> tuple[list[str], list[int]]:
        """Phonetic keys of admin units (and towns of ``country``) for fuzzy matching."""
        if country not in self._fuzzy_pools:
            keys: list[str] = []
            ids: list[int] = []
            seen: set[tuple[str, int]] = set()
            for key, idxs in self.gaz._index.items():  # noqa: SLF001 - same package
                for i in idxs:
                    row = self.gaz.rows()[i]
                    if row[2] == "country":
                        continue
                    if country is not None and row[3] != country:
                        continue
                    if country is None and row[2] == "place":
                        continue
                    pk = phonetic(key)
                    if len(pk) < MIN_FUZZY_LEN or (pk, i) in seen:
                        continue
                    seen.add((pk, i))
                    keys.append(pk)
                    ids.append(i)
            self._fuzzy_pools[country] = (keys, ids)
        return self._fuzzy_pools[country]

    def _fuzzy(self, name: str, country: str | None, framed: bool) -> list[Candidate]:
        key = phonetic(name)
        if len(key) < MIN_FUZZY_LEN:
            return []
        keys, ids = self._pool(country)
        threshold = FUZZY_MIN if framed else FUZZY_MIN_UNFRAMED
        if country is None:
            threshold += 4
        out: dict[int, Candidate] = {}
        for _choice, score, pos in process.extract(key, keys, scorer=fuzz.ratio, limit=15, score_cutoff=70):
            other = keys[pos]
            if not same_first_group(key, other):
                continue
            if not 0.75 <= len(other) / len(key) <= 1.34:
                continue
            skeleton_a = "".join(c for c in key if c not in "aiu")
            skeleton_b = "".join(c for c in other if c not in "aiu")
            if score < threshold and not (len(skeleton_a) >= 3 and skeleton_a == skeleton_b and score >= 70):
                continue
            score = max(score, threshold) if skeleton_a == skeleton_b else score
            i = ids[pos]
            base = 0.5 + 0.3 * (score - 70) / 30
            if i not in out or out[i].base < base:
                out[i] = Candidate(self.gaz.place(i), base, f"fuzzy:{score:.0f}")
        return list(out.values())

    def candidates(self, name: str, country: str | None = None, framed: bool = True) -> list[Candidate]:
        """Exact, else phonetic, else fuzzy candidates (fuzzy only inside ``country`` when given)."""
        cands = self._exact(name)
        if not cands:
            cands = self._fuzzy(name, country, framed)
        return cands

    # ------------------------------------------------------------------ context
    def context(self, text: str, mentions: list[PlaceMention]) -> Context:
        pinned = self._pinned
        if pinned is not None and pinned[0] is text and pinned[1] is mentions:
            return pinned[2]  # inside locate(): the same article for every event
        key = (len(text), hash(text), tuple((m.start, m.end, m.kind_hint) for m in mentions))
        if key == self._ctx_key and self._ctx is not None:
            return self._ctx
        from sitrep.language.places import sentence_index, sentence_starts

        ctx = Context(starts=sentence_starts(text))
        votes: Counter[str] = Counter()
        exact: list[tuple[PlaceMention, list[Candidate]]] = []
        for m in mentions:
            cands = self._exact(m.text)
            cands = [c for c in cands if c.how == "exact"]
            exact.append((m, cands))
            countries = {c.place.country for c in cands}
            if any(c.place.kind == "country" for c in cands) and m.kind_hint in (None, "country"):
                for c in cands:
                    if c.place.kind == "country":
                        votes[c.place.country] += 1.0
            elif len(countries) == 1 and any(c.place.kind in ("province", "district") for c in cands):
                votes[next(iter(countries))] += 1.0
            elif len(countries) == 1:
                votes[next(iter(countries))] += 0.5
        if votes:
            ctx.country = votes.most_common(1)[0][0]
        pvotes: Counter[str] = Counter()
        for m, cands in exact:
            sent = sentence_index(ctx.starts, m.start)
            local = [c for c in cands if c.place.country == ctx.country] or cands
            provs = [c.place for c in local if c.place.kind == "province"]
            dists = [c.place for c in local if c.place.kind == "district"]
            if provs and m.kind_hint in (None, "province"):
                for p in provs:
                    k = province_key(p)
                    if k:
                        ctx.provinces.append((m.start, sent, k, p))
                        pvotes[k] += 1.0 / len(provs)
            elif len(dists) == 1 and m.kind_hint in (None, "district"):
                ctx.districts.append((m.start, sent, dists[0]))
                k = province_key(dists[0])
                if k:
                    pvotes[k] += 0.5
        if pvotes:
            ctx.province = pvotes.most_common(1)[0][0]
        for m, cands in exact:
            for c in cands:
                if c.place.kind == "country":
                    ctx.named.setdefault(sentence_index(ctx.starts, m.start), set()).add(c.place.country)
        for w in _WORD.finditer(text):
            iso = self._country_words.get(w.group().lower())
            if iso is not None:
                ctx.named.setdefault(sentence_index(ctx.starts, w.start()), set()).add(iso)
        self._ctx_key, self._ctx = key, ctx
        return ctx

    def _foreign_ok(self, c: Candidate, m: PlaceMention, ctx: Context, sent: int) -> bool:
        """Is a bare name credible as a GeoNames town of a country other than the article's?

        A town's own name is, when the town is a capital or a big city, or when
        its country is named anywhere in the article ("Chaman" with Pakistan);
        an alternate name ("Aman" for 'Amman, "Lyons" for Lyon) or a
        transliteration guess only when the sentence or the one before names
        its country ("crossed into Uzbekistan at Termez").
        """
        p = c.place
        if p.country == ctx.country or p.kind != "place" or not str(p.id).startswith("gn:"):
            return True
        key = norm(m.text)
        if c.how == "exact" and norm(p.name) == key:
            if self._capitals.get(p.country) == key or (p.population or 0) >= BIG_CITY:
                return True
            return any(p.country in names for names in ctx.named.values())
        return p.country in ctx.named.get(sent, ()) or p.country in ctx.named.get(sent - 1, ())

    # ------------------------------------------------------------------ scoring
    def _score(self, c: Candidate, m: PlaceMention, ctx: Context, sent: int) -> float:
        p = c.place
        s = c.base
        hint = m.kind_hint
        if hint is None:
            s += {"country": 0.25, "province": 0.2, "district": 0.15, "place": 0.1}[p.kind]
        elif hint == p.kind:
            s += 0.3
        elif hint == "place" and p.kind == "district":
            s += 0.15
        elif hint == "district" and p.kind == "place":
            s += 0.05
        elif hint == "country" or p.kind == "country":
            s -= 0.5
        if p.kind == "place" and p.population:
            s += 0.1 * math.log10(max(p.population, 1)) / 7
        key = province_key(p)
        if key:
            idx = ctx.index()
            same = [k for st, k, _ in idx.prov_by_sent.get(sent, ()) if st != m.start]
            before = idx.last_before(m.start)
            if key in same:
                s += 0.5
            elif before is not None and key == before[2]:
                s += 0.35
            elif idx.named_elsewhere(key, m.start):
                s += 0.25
            if key == ctx.province:
                s += 0.1
        if ctx.country:
            s += 0.3 if p.country == ctx.country else -0.2
        return s

    def best(self, m: PlaceMention, text: str, mentions: list[PlaceMention]) -> Candidate | None:
        ranked = self.rank(m, text, mentions)
        self._last = ranked
        return ranked[0] if ranked else None

    def rank(self, m: PlaceMention, text: str, mentions: list[PlaceMention]) -> list[Candidate]:
        """All credible candidates for a mention, best first, with scores."""
        from sitrep.language.places import sentence_index

        ctx = self.context(text, mentions)
        sent = sentence_index(ctx.starts, m.start)
        framed = m.kind_hint in ("district", "province", "place")
        cands = self._exact(m.text)
        if not cands or (
            ctx.country
            and not any(c.place.country == ctx.country for c in cands)
            and (framed and all(c.how == "phonetic" for c in cands) or self._province_after(m, text, ctx))
        ):
            # "Nish and Mianshin in Kandahar": a name that is only a foreign town's, framed by a
            # province of the article's country, is looked for there under its other spellings
            cands = cands + self._fuzzy(m.text, ctx.country, framed)
        if m.kind_hint == "country":
            only = [c for c in cands if c.place.kind == "country"]
            cands = only or cands
        elif m.kind_hint in ("district", "province"):
            cands = [c for c in cands if c.place.kind != "country"] or cands
        if ctx.country:
            # a fuzzy or phonetic guess never crosses into another country
            cands = [c for c in cands if c.how == "exact" or c.place.country == ctx.country]
            if m.kind_hint is None:
                cands = [c for c in cands if self._foreign_ok(c, m, ctx, sent)]
        for c in cands:
            c.score = self._score(c, m, ctx, sent)
        cands.sort(key=lambda c: (-c.score, c.place.id))
        return cands

    def _province_after(self, m: PlaceMention, text: str, ctx: Context) -> bool:
        """Does a province of the article's country follow the name as its frame ("X in P",
        "X and Y in P", "X district of P")?"""
        following = [st for st, _s, _k, _p in ctx.provinces if m.end <= st <= m.end + 40]
        return any(
            re.fullmatch(r"(?:\s+(?:and|,)\s+[A-Z][\w'’-]*)*" + _FRAMING.pattern, text[m.end : st])
            for st in following
        )

    # ------------------------------------------------------------------ locations
    def _admin_location(self, p: Place) -> Location:
        if p.kind == "country":
            return Location(country=p.country, lat=p.lat, lon=p.lon, geo_precision="country")
        loc = Location(
            country=p.country,
            admin1=p.admin1 if p.kind != "province" else p.name,
            admin1_pcode=p.admin1_pcode,
            lat=p.lat,
            lon=p.lon,
            geo_precision="province",
        )
        if p.kind == "district":
            loc.admin2, loc.admin2_pcode, loc.geo_precision = p.name, p.admin2_pcode, "district"
        elif p.kind == "place":
            loc.admin2, loc.admin2_pcode, loc.geo_precision = p.admin2, p.admin2_pcode, "place"
        return loc

    def _context_admin(self, m: PlaceMention, ctx: Context, sent: int) -> Place | None:
        """The district, else province, the sentence (or the text before it) puts a small place in."""
        idx = ctx.index()
        same_d = [(abs(st - m.start), d) for st, d in idx.dist_by_sent.get(sent, ()) if st != m.start]
        if same_d:
            return min(same_d, key=lambda t: t[0])[1]
        same_p = [(abs(st - m.start), p) for st, _k, p in idx.prov_by_sent.get(sent, ()) if st != m.start]
        if same_p:
            return min(same_p, key=lambda t: t[0])[1]
        before = idx.last_before(m.start)
        return before[3] if before is not None else None

    def resolve(self, mention: PlaceMention, text: str, mentions: list[PlaceMention]) -> Location | None:
        """The location of one mention, or None when nothing credible matches."""
        from sitrep.language.places import sentence_index

        ctx = self.context(text, mentions)
        sent = sentence_index(ctx.starts, mention.start)
        best = self.best(mention, text, mentions)
        if best is not None and best.place.kind in ("district", "place") and mention.kind_hint != "province":
            # "Kohistan district of Kapisa" when no Kohistan lies in Kapisa: the province the text
            # names right after the district wins over a namesake in another province
            # a bare comma after a town the gazetteer knows is a list ("Jalalabad, Mazar-i-Sharif,
            # Herat and Kandahar"), not a province framing it
            known_town = best.how == "exact" and best.place.kind == "place" and mention.kind_hint is None
            framing = [
                (k, p)
                for st, k, p in ctx.index().prov_by_sent.get(sent, ())
                if mention.end <= st <= mention.end + 40
                and _FRAMING.match(text, mention.end, st)
                and not (known_town and re.fullmatch(r"\s*,\s*", text[mention.end : st]))
            ]
            if framing and best.place.kind == "place":
                # "Nijrab in Kapisa": the district of that name in the province the text names
                keys = {k for k, _ in framing}
                namesake = next(
                    (c.place for c in self._last
                     if c.how == "exact" and c.place.kind == "district" and province_key(c.place) in keys),
                    None,
                )
                if namesake is not None:
                    loc = self._admin_location(namesake)
                    if mention.kind_hint == "place":  # "the town of X in P": the town, in its district
                        loc.place, loc.geo_precision = mention.text, "place"
                    return loc
            if framing and province_key(best.place) not in {k for k, _ in framing}:
                loc = self._admin_location(framing[0][1])
                loc.place = mention.text
                return loc
        if (
            best is not None
            and best.place.kind == "province"
            and (
                _CAPITAL_BEFORE.search(text, max(0, mention.start - 120), mention.start)
                or _CAPITAL_AFTER.match(text, mention.end)
            )
        ):
            centre = self._centre_district(best.place)
            if centre is not None:
                return self._admin_location(centre)
        if (
            best is not None
            and best.place.kind == "province"
            and mention.kind_hint is None
            and not _PARTS_OF.search(text, max(0, mention.start - 50), mention.start)
        ):
            # "Herat fell", "the airport in Kunduz": a bare province name that is also the name of
            # the province's centre district is the provincial capital (codebook §3 Places);
            # "Kunduz province" (hinted) stays the province
            centre = self._centre_district(best.place)
            if centre is not None and norm(centre.name) == norm(best.place.name):
                return self._admin_location(centre)
            if centre is not None and any(
                c.place.kind == "district" and c.place.id == centre.id for c in self._last
            ):
                return self._admin_location(centre)
        if best is not None and best.place.kind == "place" and mention.kind_hint is None:
            # "fighting in Karukh": a district town named as its district is the district,
            # unless the name is also a province's (a provincial capital: "Kunduz" is the city)
            same = [
                c.place
                for c in self._last
                if c.how == "exact" and norm(c.place.name) == norm(best.place.name)
            ]
            district = next(
                (
                    p
                    for p in same
                    if p.kind == "district"
                    and best.place.admin2_pcode in (None, p.admin2_pcode)
                    and _same_province(p, best.place)
                ),
                None,
            )
            if district is not None and not any(p.kind == "province" for p in same):
                return self._admin_location(district)
        if best is not None and best.place.kind == "place":
            loc = self._admin_location(best.place)
            loc.place = mention.text
            container = self._district_by_pcode(best.place.admin2_pcode) or self._district_by_name(best.place)
            if container is not None:
                # a town, base or crossing is coded to the district that contains it (codebook §3)
                self._fill_from(loc, container)
            if loc.admin2 is None:
                # the district of the same name in the same province ("the city of Kunduz")
                for c in self._last:
                    if (
                        c.place.kind == "district"
                        and c.how == "exact"
                        and _same_province(c.place, best.place)
                    ):
                        loc.admin2, loc.admin2_pcode = c.place.name, c.place.admin2_pcode
                        break
            if loc.admin2 is None:
                admin = self._context_admin(mention, ctx, sent)
                if (
                    admin is not None
                    and admin.country == best.place.country
                    and (loc.admin1 is None or province_key(admin) == province_key(best.place))
                ):
                    self._fill_from(loc, admin)
            return loc
        if mention.kind_hint == "place" or (
            mention.kind_hint == "district" and best is None and not self._english_words(mention.text)
        ):
            # a place (or a district name nobody spells this way) inside the unit the text puts it in
            loc = Location(place=mention.text, geo_precision="place", country=ctx.country)
            admin = None
            if mention.kind_hint == "district":
                # an unknown district name sits in the province named right after it, else the
                # nearest one in the sentence; never in another district
                in_sentence = ctx.index().prov_by_sent.get(sent, ())
                after = [
                    p
                    for st, _k, p in in_sentence
                    if mention.end <= st <= mention.end + 40 and _FRAMING.match(text, mention.end, st)
                ]
                near = [(abs(st - mention.start), p) for st, _k, p in in_sentence]
                admin = after[0] if after else (min(near, key=lambda t: t[0])[1] if near else None)
            if best is not None and best.how == "exact" and best.place.kind == "district":
                admin = best.place  # "the town of Khwahan": the district of the same name
            if mention.kind_hint != "district":
                admin = admin or self._context_admin(mention, ctx, sent)
            if admin is None and best is not None and best.place.kind in ("district", "province"):
                admin = best.place
            if admin is not None:
                self._fill_from(loc, admin)
                return loc
            return loc if ctx.country else None
        if best is None:
            return None
        return self._admin_location(best.place)

    def conflict_country(self) -> str | None:
        """The country the gazetteer knows district by district (the imported COD-AB's): the
        default country of the conflict (codebook §3 Places)."""
        if self._home is None:
            counts = Counter(d.country for d in self.gaz.districts())
            self._home = counts.most_common(1)[0][0] if counts else ""
        return self._home or None

    def _english_words(self, name: str) -> bool:
        """Every word of the name is an English word ("Xylophone"): no credible unknown place."""
        from sitrep.text.english import is_english

        english = self.gaz.tables().get("english", frozenset())
        return all(is_english(w, english) for w in norm(name).split())

    def _district_by_name(self, place: Place) -> Place | None:
        """The district a place's record names (admin2 and admin1), when it carries no P-code."""
        if not place.admin2 or not place.admin1:
            return None
        for d in self.gaz.lookup(place.admin2, "district"):
            if d.country == place.country and admin_core(d.admin1 or "") == admin_core(place.admin1):
                return d
        return None

    def _district_by_pcode(self, pcode: str | None) -> Place | None:
        if not pcode:
            return None
        if self._by_pcode is None:
            self._by_pcode = {d.admin2_pcode: d for d in self.gaz.districts() if d.admin2_pcode}
        return self._by_pcode.get(pcode)

    def _centre_district(self, province: Place) -> Place | None:
        """The district of a province's capital: COD-AB lists it first (AF3201 in AF32)."""
        if self._centres is None:
            first: dict[str, Place] = {}
            for d in self.gaz.districts():
                key = province_key(d)
                if key and d.admin2_pcode and (key not in first or d.admin2_pcode < first[key].admin2_pcode):
                    first[key] = d
            self._centres = first
        key = province_key(province)
        return self._centres.get(key) if key else None

    def _fill_from(self, loc: Location, admin: Place | None) -> None:
        if admin is None:
            return
        loc.country = admin.country
        loc.admin1 = admin.admin1 or (admin.name if admin.kind == "province" else None)
        loc.admin1_pcode = admin.admin1_pcode
        if admin.kind == "district":
            loc.admin2, loc.admin2_pcode = admin.name, admin.admin2_pcode
        if loc.lat is None:
            loc.lat, loc.lon = admin.lat, admin.lon

    def country_location(self, iso2: str) -> Location | None:
        if self._countries is None:
            self._countries = {p.country: p for p in self.gaz.countries()}
        p = self._countries.get(iso2.upper())
        if p is None:
            return Location(country=iso2.upper(), geo_precision="country")
        return self._admin_location(p)

    def locate(self, events: list[Event], mentions: list[PlaceMention], text: str) -> None:
        """Set ``event.location`` for each event from its mention, else its country hint."""
        if not events:
            return
        self._pinned = (text, mentions, self.context(text, mentions))
        home = self.conflict_country() or self._pinned[2].country
        try:
            for ev in events:
                loc = None
                if ev.mention is not None:
                    loc = self.resolve(ev.mention, text, mentions)
                if loc is None and ev.country_hint:
                    loc = self.country_location(ev.country_hint)
                loc = self._inside_conflict(ev, loc, home)
                if loc is not None:
                    ev.location = loc
        finally:
            self._pinned = None

    def _inside_conflict(self, ev: Event, loc: Location | None, home: str | None) -> Location | None:
        """Codebook §3: a flight is placed at the side the forces leave, a withdrawal in the country
        being left, and fighting, surrenders, seizures are not placed in a foreign country because a
        foreign country, its capital or one of its provinces is named as an actor or a backer
        ("backed by the U.S.", "Washington announced", "U.S.-supplied")."""
        if ev.type == "cross_border_flight" and ev.country_hint:
            home = ev.country_hint  # the extractor knew whose forces fled
        if loc is None and ev.type == "troop_withdrawal" and home is not None:
            return self.country_location(home)  # "90% of the withdrawal is complete": from the country at war
        if loc is None or home is None or loc.country in (None, home):
            return loc
        if ev.type == "cross_border_flight" or (
            ev.type in IN_COUNTRY
            and (
                loc.geo_precision in ("country", "province")
                or (loc.place is not None and self._capitals.get(loc.country) == norm(loc.place))
            )
        ):
            return self.country_location(home)
        return loc
