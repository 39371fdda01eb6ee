"""Events from parsed candidate sentences (codebook §1-§3).

For each candidate sentence: find triggers (verbs, nouns, phrases of
``triggers.json``), read their roles off the dependency parse (who acted, on
whom, where), decide the modality (reported / claimed / alleged, or planned /
predicted / negated, which are never exported), attach dates, quantities and
fatalities, and split a list of places into one event per place. Sentence
context (the place or date of the previous event, "on the same day", a
casualty count in the next sentence) is carried forward in document order.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from sitrep.extract.actors import ActorResolver, DocActors
from sitrep.extract.dates import DateMatch, find_dates, is_history
from sitrep.extract.quantities import QuantityFinder
from sitrep.language.lexicon import Lexicon
from sitrep.models import AnalysedArticle, Event, Evidence, PlaceMention, Quantity, Sentence, add_days

VIOLENT = {
    "armed_clash",
    "air_strike",
    "attack_on_captives_or_civilians",
    "territory_captured",
    "territory_retaken",
}
NEEDS_PLACE = {"territory_captured", "territory_retaken"}
STATE_ACTS = {"mobilization", "border_closure", "policy_announcement", "military_exercise"}
MILITARY = {
    "troop_withdrawal",
    "deployment",
    "air_strike",
    "armed_clash",
    "territory_retaken",
    "troop_movement",
    "base_established",
}
MOVERS = {
    "deployment",
    "troop_movement",
    "mobilization",
    "cross_border_flight",
    "troop_withdrawal",
    "surrender",
    "defection",
    "displacement",
}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
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
STORY_SENTENCES = 3  # how far back an event's place is taken for a sentence that names none
CLAUSE_DEPS = {"advcl", "xcomp", "ccomp", "relcl", "acl", "conj", "parataxis"}
REASON_MARKS = {"because", "since", "if", "unless", "whenever"}
KINETIC_PREPS = {"in", "with", "after", "following", "amid", "near", "around", "on"}
CLASH_NOUNS = {"clash", "clashes", "fighting", "firefight", "gunfight", "shootout", "battle", "skirmish"}
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

# head nouns of a subject that is a place ("the district centre fell")
PLACE_HEADS = {
    "district", "districts", "province", "provinces", "city", "cities", "town", "towns", "village",
    "villages", "centre", "center", "capital", "base", "bases", "post", "posts", "outpost", "checkpoint",
    "checkpoints", "headquarters", "garrison", "crossing", "port", "airport", "airbase", "stronghold",
}  # fmt: skip

GENERIC_OBJECTS = {
    "district",
    "districts",
    "territory",
    "territories",
    "area",
    "areas",
    "region",
    "regions",
    "country",
    "land",
    "lands",
    "villages",
    "towns",
    "cities",
    "parts",
    "part",
    "more",
    "most",
    "much",
    "positions",
}


@dataclass
class Trigger:
    token: Any  # spaCy Token
    type: str
    frame: dict[str, Any]
    nominal: bool = False
    phrase_actor: str | None = None
    start: int = 0  # char offsets in the sentence
    end: int = 0


@dataclass
class Context:
    """What earlier sentences established, carried forward in document order."""

    published: dt.date | None = None
    last_place_type: str | None = None  # the capture or retake the previous sentence told
    history_para: int = -1  # the paragraph whose story is history (a year long past was stated)
    date: dt.date | None = None
    date_precision: str = "unknown"
    date_para: int = -1
    last_events: list[tuple[int, Event]] = field(default_factory=list)  # (sentence index, event)
    last_subject: str | None = None
    last_source: tuple[int, str] | None = None  # (sentence index, who was cited there)
    sources: dict[int, str | None] = field(default_factory=dict)  # sentence index -> its source


class Extractor:
    def __init__(self, lexicon: Lexicon | None = None) -> None:
        from sitrep.language.lexicon import load_lexicon

        self.lex = lexicon or load_lexicon()
        self.actors = ActorResolver(self.lex)
        self.qty = QuantityFinder(self.lex)
        u = self.lex.units
        self.materiel_words = {w.lower() for w in u["materiel_words"]}
        self.facility_words = {w.lower() for w in u["facility_words"]}
        self.forces_words = {w.lower() for w in u["forces_words"]}
        self.people_words = {w.lower() for w in u["units"]["people"]}
        self.noun_triggers: dict[str, str] = {k.lower(): v for k, v in self.lex.triggers["nouns"].items()}
        self.noun_predicates = set(self.lex.triggers["noun_predicates"])
        self.support_verbs = set(self.lex.triggers["support_verbs"])
        self.planned_verbs = set(self.lex.cues["planned_verbs"])
        self.realised_verbs = set(self.lex.cues["realised_control_verbs"])
        self.say_verbs = {w.lower() for w in self.lex.cues["say_verbs"]}
        self.outlets = sorted({w.lower() for w in self.lex.cues["media_outlets"]}, key=len, reverse=True)
        # "Reuters reported", "local media said": one pattern for all outlets (longest first)
        alt = "|".join(re.escape(o) for o in self.outlets if len(o) > 3)
        self.outlet_re = re.compile(rf"\b({alt})\b (?:reported|said|says|reports)", re.I)
        self.predicted_aux = set(self.lex.cues["predicted_aux"])
        self.aggregate_words = {w.lower() for w in self.lex.cues["aggregate_words"]}

    # ================================================================== entry point

    def run(self, analysed: AnalysedArticle) -> tuple[list[Event], list[Any]]:
        from sitrep.extract.claims import find_claims

        article = analysed.article
        doc_actors = self.actors.scan(article.text)
        published = article.published
        by_sentence: dict[int, list[PlaceMention]] = {}
        for m in analysed.mentions:
            by_sentence.setdefault(m.sentence, []).append(m)
        ctx = Context(published=published)
        events: list[Event] = []
        claims: list[Any] = []
        sentences = analysed.sentences
        for i, sent in enumerate(sentences):
            dates = [d for d in find_dates(sent.text, published) if not d.since]
            explicit = [d for d in dates if d.date is not None or d.ref_previous]
            if sent.doc is None or self._is_headline(sent, i, article.title):
                if self._is_history(sent.text, published, explicit):
                    ctx.history_para = sent.paragraph
                self._update_date(ctx, explicit, sent)
                continue
            history = self._is_history(sent.text, published, explicit)
            if history:
                ctx.history_para = sent.paragraph
            elif ctx.history_para == sent.paragraph and not any(d.date is not None for d in explicit):
                # "Marines deployed there in 2010. For two years they fought ...": the paragraph's
                # story is still the old one until a date of the article's time is stated
                history = True
            sent_mentions = by_sentence.get(i, [])
            new = (
                []
                if history
                else self._sentence_events(
                    sent, sent_mentions, explicit, ctx, doc_actors, sentences, by_sentence, analysed
                )
            )
            claims.extend(
                find_claims(sent, self, doc_actors, published, self._claim_date(sent, explicit, ctx))
            )
            if not history and not self._attach_casualties(
                sent, new, ctx, i, sentences, sent_mentions, explicit
            ):
                new = self._casualty_events(sent, sent_mentions, explicit, ctx, doc_actors)
            for e in new:
                events.append(e)
                ctx.last_events.append((i, e))
            if not history:
                self._update_date(ctx, explicit, sent)
            if any(d.ref_previous for d in explicit):
                dated = [e for e in new if e.date is not None]
                if dated:
                    ctx.date, ctx.date_precision, ctx.date_para = (
                        dated[-1].date,
                        dated[-1].date_precision,
                        sent.paragraph,
                    )
        return merge_within_document(events), claims

    # ================================================================== sentences

    def _is_headline(self, sent: Sentence, index: int, title: str | None) -> bool:
        text = sent.text.strip()
        if title and text == title.strip():
            return True
        if text.endswith((".", "!", "?", ":", '"', "”")):
            return False
        words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", text)]
        if len(words) < 3:
            return True
        caps = sum(1 for w in words if w[0].isupper())
        return caps / len(words) >= 0.6

    def _claim_date(self, sent: Sentence, explicit: list[DateMatch], ctx: Context) -> dt.date | None:
        """A claim's own date; else the date the paragraph is about; "now" is the publication date (None)."""
        own = next((d.date for d in explicit if d.date is not None), None)
        if own is not None:
            return own
        if re.search(r"\b(?:now|currently|so far|to date|at present)\b", sent.text, re.I):
            return None
        return ctx.date if ctx.date_para == sent.paragraph else None

    def _is_history(self, text: str, published: dt.date | None, explicit: list[DateMatch]) -> bool:
        current = any(
            d.date is not None and published is not None and abs((published - d.date).days) < 370
            for d in explicit
        )
        if current:
            return False
        return is_history(text, published) or bool(self.lex.cue_re("history_phrases").search(text))

    def _update_date(self, ctx: Context, explicit: list[DateMatch], sent: Sentence) -> None:
        """The story's current date: the last one stated, until another is stated."""
        # a deadline or a date ahead of publication is not the story's date
        dated = [
            d
            for d in explicit
            if d.date is not None
            and not d.by  # "by May 1": a deadline
            and not _ahead(d.date, ctx.published)
            and not _background(d.date, ctx.published)
        ]
        if dated:
            ctx.date = dated[-1].date
            ctx.date_precision = dated[-1].precision
            ctx.date_para = sent.paragraph

    # ================================================================== triggers

    def _place_event_type(self, sent: Sentence) -> str | None:
        """'took ten districts', 'retook three districts': a capture or retake of places the
        sentence does not name (a list that names them may follow)."""
        verbs = self.lex.triggers["verbs"]
        for tok in sent.doc:
            frames = verbs.get(tok.lemma_.lower()) or verbs.get(self.lex.verb_forms.get(tok.text.lower(), ""))
            if not frames:
                continue
            subj = _subject(tok)
            nouns = _objects(tok) + ([subj] if subj is not None and any(f.get("subject_place") for f in frames) else [])
            if not any(o.lemma_.lower() in PLACE_HEADS for o in nouns):
                continue
            types = {f["type"] for f in frames}
            if "territory_retaken" in types or (types & {"by_subject"} and self._subject_kind(tok) == "state"):
                return "territory_retaken"
            if types & {"capture", "territory_captured", "by_subject"}:
                return "territory_captured"
        return None

    def _subject_kind(self, tok: Any) -> str | None:
        subj = _subject(tok)
        kind = self.actors.kind(self.actors.match(_span_text(subj))) if subj is not None else None
        return "state" if kind in ("state_forces", "foreign_forces", "state") else kind

    def _list_copula(self, sent: Sentence, typ: str) -> list[Trigger]:
        """'The Taliban took ten districts. The districts are A, B and C in P': a list that names
        the places of the capture (or retake) just told is one such event per place."""
        m = self.lex.cue_re("list_copula").match(sent.text.strip())
        if m is None:
            return []
        offset = len(sent.text) - len(sent.text.lstrip())
        tok = _token_at(sent.doc, offset + m.end() - 1) or sent.doc[0]
        return [Trigger(tok, typ, {"type": typ, "copula": True}, start=offset, end=offset + m.end())]

    def _triggers(self, sent: Sentence) -> list[Trigger]:
        doc = sent.doc
        out: list[Trigger] = []
        verbs = self.lex.triggers["verbs"]
        for tok in doc:
            lemma = tok.lemma_.lower()
            low = tok.text.lower()
            if tok.pos_ in ("VERB", "AUX") or tok.tag_ in ("VBN", "VBD", "VBG", "VBZ", "VBP", "VB"):
                key = lemma if lemma in verbs else self.lex.verb_forms.get(low)
                if key in verbs:
                    frame = self._pick_frame(tok, key, verbs[key], sent)
                    if frame is not None:
                        out.append(Trigger(tok, frame["type"], frame, start=tok.idx, end=tok.idx + len(tok)))
                    continue
            if tok.pos_ in ("NOUN", "PROPN") or tok.tag_.startswith("NN"):
                two = f"{tok.nbor(-1).text.lower()} {low}" if tok.i > 0 else ""
                typ = (
                    self.noun_triggers.get(two)
                    or self.noun_triggers.get(low)
                    or self.noun_triggers.get(lemma)
                )
                if typ and self._noun_counts(tok, typ):
                    out.append(
                        Trigger(tok, typ, {"type": typ}, nominal=True, start=tok.idx, end=tok.idx + len(tok))
                    )
        for typ, rx in self.lex.phrase_res:
            for m in rx.finditer(sent.text):
                if any(t.start < m.end() and m.start() < t.end + 25 for t in out):
                    continue
                tok = _token_at(doc, m.start()) or doc[0]
                actor = m.groupdict().get("actor")
                if actor is not None and self.actors.match(actor) is None:
                    continue  # the phrase says who acted, and "He was in the city of" names no party
                tok2 = _token_at(doc, m.start() + len(m.group(0)) - 1) or tok
                trig_tok = tok2 if tok2.pos_ == "VERB" else tok
                for t in doc[tok.i : tok2.i + 1]:
                    if t.pos_ == "VERB":
                        trig_tok = t
                        break
                out.append(
                    Trigger(trig_tok, typ, {"type": typ}, phrase_actor=actor, start=m.start(), end=m.end())
                )
        # a verb trigger inside a phrase trigger's span is the same event
        out.sort(key=lambda t: t.start)
        return out

    def _pick_frame(
        self, tok: Any, key: str, frames: list[dict[str, Any]], sent: Sentence
    ) -> dict[str, Any] | None:
        if key == "take" and any(c.dep_ == "prt" and c.text.lower() == "up" for c in tok.children):
            return None  # "took up arms", "took up positions"
        for fr in frames:
            if fr.get("actor1") == "other_side" and tok.dep_ in ("relcl", "acl", "amod"):
                continue  # "forces who had retreated from X have returned": who they are, not what fell
            if "particle" in fr:
                parts = {c.text.lower() for c in tok.children if c.dep_ in ("prt", "advmod", "prep")}
                nxt = tok.nbor(1).text.lower() if tok.i + 1 < len(tok.doc) else ""
                if not (parts | {nxt}) & set(fr["particle"]):
                    continue
            obj_text = " ".join(_span_text(o) for o in _objects(tok)).lower()
            # "announced that it would provide aid": the clause is what was announced
            obj_text += " " + " ".join(
                t.text.lower()
                for c in tok.children
                if c.dep_ in ("ccomp", "xcomp")
                for t in list(c.subtree)[:25]
            )
            if fr.get("object_kind_actor"):
                # "soldiers joined the Taliban": the object is the other side
                objs = _objects(tok)
                subj = _subject(tok)
                okind = self.actors.kind(self.actors.match(_span_text(objs[0]))) if objs else None
                skind = self.actors.kind(self.actors.match(_span_text(subj))) if subj is not None else None
                if okind is None or okind == skind or okind == "civilians":
                    continue
            if "object_words" in fr and not any(
                re.search(rf"\b{re.escape(w)}\b", obj_text) for w in fr["object_words"]
            ):
                continue
            if "requires_prep" in fr:
                preps = {c.text.lower() for c in tok.children if c.dep_ in ("prep", "agent", "dative")}
                if not preps & set(fr["requires_prep"]):
                    continue
            if fr.get("subject_place") and not self._subject_is_place(tok, sent):
                continue
            if "subject_words" in fr:
                subj = _subject(tok)
                if subj is None or subj.lemma_.lower() not in fr["subject_words"] and subj.text.lower() not in fr["subject_words"]:
                    continue
            if fr.get("requires_foreign") and not self._goes_abroad(tok):
                continue
            if "subject_kind" in fr:
                subj = _subject(tok)
                name = self.actors.match(_span_text(subj)) if subj is not None else None
                if name is None and subj is not None and subj.pos_ == "PRON":
                    name = getattr(self, "_ctx", Context()).last_subject
                kind = self.actors.kind(name)
                if kind not in fr["subject_kind"]:
                    continue
            if "object_kind" in fr:
                kinds = self._object_kinds(tok, sent)
                if not kinds & set(fr["object_kind"]):
                    continue
            if fr["type"] == "by_subject":
                # "pushed the Taliban out of X": a retake when the state acts, a capture when the insurgents do
                kind = self._subject_kind(tok)
                if kind == "state":
                    return {**fr, "type": fr["state"]}
                if kind == "nonstate":
                    return {**fr, "type": fr["nonstate"]}
                continue
            if fr["type"] == "cross_border_flight":
                # soldiers fleeing abroad flee a battle; anyone else fleeing is displacement
                subj = _subject(tok)
                name = self.actors.match(_span_text(subj)) if subj is not None else None
                kind = self.actors.kind(name)
                if kind == "civilians" or (subj is not None and subj.lemma_.lower() in self.people_words):
                    return {**fr, "type": "displacement"}
            if fr["type"] == "capture":
                kinds = self._object_kinds(tok, sent)
                if "materiel" in kinds and "place" not in kinds and "facility" not in kinds:
                    return {**fr, "type": "materiel_captured"}
                if kinds & {"place", "facility"}:
                    return {**fr, "type": "territory_captured"}
                if (
                    key in ("capture", "seize")
                    and tok.dep_ in ("acl", "amod")
                    and tok.head.text.lower() in self.materiel_words
                ):
                    return {**fr, "type": "materiel_captured"}
                continue
            if fr.get("transitive_type") and any(
                c.dep_ == "dobj" and c.tag_ not in ("WDT", "WP") for c in tok.children
            ):  # a relative "that" parsed as the object is no object
                # "the garrison surrendered the base to the Taliban": a handover
                return {**fr, "type": fr["transitive_type"], "handover": True}
            return fr
        return None

    def _subject_is_place(self, tok: Any, sent: Sentence) -> bool:
        """The subject is a place: a named one ("Kunduz fell"), or a place noun ("the district
        centre fell", "the districts of X and Y fell"); not "prices in Kunduz fell", not "fell silent"."""
        if any(c.dep_ in ("acomp", "oprd", "attr") for c in tok.children):
            return False
        subj = _subject(tok)
        if subj is None or subj.pos_ == "PRON":
            return False
        if self.actors.match(subj.text) is not None:
            return False
        if subj.lemma_.lower() in PLACE_HEADS or subj.text.lower() in PLACE_HEADS:
            return True
        lo, hi = subj.idx, subj.idx + len(subj.text)
        return any(m.start - sent.start < hi and lo < m.end - sent.start for m in _mentions_in(subj, sent))

    def _goes_abroad(self, tok: Any) -> bool:
        """A move into another country: "fled to Tajikistan", "crossed the border"."""
        sub = " ".join(t.text for t in tok.subtree if t.i >= tok.i)[:160].lower()
        if re.search(
            r"\b(?:border|frontier|neighbou?ring (?:state|country|countries)|territory of|across the|abroad)\b",
            sub,
        ):
            return True
        for m in re.finditer(r"\b([\w-]+) (?:territory|soil|side)\b", sub):
            if m.group(1) in self.actors.demonyms:
                return True
        sent_mentions = getattr(self, "_cur_mentions", [])
        for child in tok.children:
            if child.dep_ == "prep" and child.text.lower() in ("to", "into", "towards", "toward", "across"):
                lo = child.idx
                hi = list(child.subtree)[-1].idx + 1
                if any(
                    m.kind_hint == "country" and lo <= m.start - self._cur_start < hi for m in sent_mentions
                ):
                    return True
        for child in tok.children:
            if child.dep_ == "prep" and child.text.lower() in ("to", "into", "towards", "toward", "across"):
                for p in child.children:
                    name = self.actors.match(_span_text(p))
                    if (
                        name
                        and self.actors.kind(name) == "state"
                        and p.ent_type_ != ""
                        or (p.pos_ == "PROPN" and name and self.actors.kind(name) == "state")
                    ):
                        return True
        return False

    def _object_kinds(self, tok: Any, sent: Sentence) -> set[str]:
        kinds: set[str] = set()
        objs = _objects(tok)
        if tok.dep_ in ("acl", "relcl") and tok.tag_ == "VBN":
            objs.append(tok.head)  # "weapons captured by the Taliban", "areas captured by ..."
        for o in objs:
            words = {t.text.lower() for t in o.subtree} | {t.lemma_.lower() for t in o.subtree}
            head = o.text.lower()
            text = _span_text(o).lower()
            if words & self.materiel_words or head in self.materiel_words:
                kinds.add("materiel")
            if head in self.forces_words:
                kinds.add("forces")
            if (
                head in self.facility_words
                or any(f" {w}" in f" {text}" for w in self.facility_words if " " in w)
            ) and (head not in GENERIC_OBJECTS or _has_named_place(o, sent)):
                kinds.add("facility")
            if head == "control":
                kinds.add("place")
            materiel_head = head in self.materiel_words or o.lemma_.lower() in self.materiel_words
            if _has_named_place(o, sent) and not materiel_head:
                # ("12 Humvees in Khwahan district": the place is where the materiel was)
                kinds.add("place")
                if any(m.kind_hint == "country" for m in _mentions_in(o, sent)):
                    kinds.add("country")
            if o.pos_ == "PROPN" and "materiel" not in kinds:
                name = self.actors.match(text)
                if name and self.actors.kind(name) == "state":
                    kinds.add("country")
                elif not name:
                    kinds.add("place")
        return kinds

    def _noun_counts(self, tok: Any, typ: str) -> bool:
        """A nominal trigger is an event only as an argument of an event predicate or the main clause."""
        if (
            tok.dep_ == "pobj"
            and tok.head.text.lower() == "of"
            and (tok.head.head.tag_ == "CD" or tok.head.head.text.lower() in self.aggregate_words)
        ):
            tok = tok.head.head  # "hundreds of reinforcements arrived": the count stands for them
        if tok.dep_ == "ROOT":
            return True
        if typ == "troop_withdrawal" and re.search(
            r"\d+\s?(?:%|percent|per cent)|\b(?:complete|completed|finished)\b", tok.sent.text, re.I
        ):
            # "the withdrawal is more than 90 percent complete", "90% of its withdrawal process has
            # been finished": a progress statement is an event
            return tok.dep_ != "compound" or tok.head.text.lower() in ("process", "operation", "mission")
        if tok.dep_ == "compound":
            return False
        head = tok.head
        # "killed in fighting on the edge of X", "hit positions with airstrikes", "after heavy clashes
        # in X": fighting named in a place is fighting that happened (modality decides the rest)
        if (
            typ in ("armed_clash", "air_strike")
            and tok.dep_ == "pobj"
            and head.text.lower() in KINETIC_PREPS
            and self._names_a_place(tok)
        ):
            return True
        # "during the airstrike", "since the withdrawal", "the capture of rural areas"
        if tok.dep_ == "pobj" and head.text.lower() in SKIP_PREPS:
            return False
        if any(c.dep_ == "mark" and c.text.lower() in BACKGROUND_MARKS for c in head.children):
            return False
        # "... because the enemy used it to conduct airstrikes": a reason, not a report
        if any(
            a.dep_ == "advcl" and any(c.dep_ == "mark" and c.text.lower() in REASON_MARKS for c in a.children)
            for a in tok.ancestors
        ):
            return False
        if tok.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and head.lemma_.lower() in self.noun_predicates:
            return True
        if (
            tok.dep_ in ("nsubj", "nsubjpass")
            and head.pos_ in ("VERB", "AUX")
            and tok.lemma_.lower() in CLASH_NOUNS
        ):
            return True
        # "launched an assault", "pressed the offensive", "completed the withdrawal"; but not
        # "a base used to conduct airstrikes": an infinitive that modifies a noun states a purpose
        return (
            tok.dep_ == "dobj"
            and head.lemma_.lower() in self.support_verbs
            and not (head.dep_ in ("acl", "relcl", "advcl") and any(c.dep_ == "aux" and c.tag_ == "TO" for c in head.children))
        )

    def _names_a_place(self, tok: Any) -> bool:
        """The noun phrase or the clause around it names a place ("fighting in Kunduz")."""
        mentions = getattr(tok.doc, "user_data", {}).get("mentions")
        if mentions is None:
            return True
        lo = min(t.idx for t in tok.head.head.subtree)
        hi = max(t.idx + len(t) for t in tok.head.head.subtree)
        return any(lo <= m_start < hi for m_start in mentions)

    # ================================================================== one sentence

    def _sentence_events(
        self,
        sent: Sentence,
        mentions: list[PlaceMention],
        explicit: list[DateMatch],
        ctx: Context,
        doc_actors: DocActors,
        sentences: list[Sentence],
        by_sentence: dict[int, list[PlaceMention]],
        analysed: AnalysedArticle,
    ) -> list[Event]:
        sent.doc.user_data["mentions"] = [m.start - sent.start for m in mentions if m.kind_hint != "country"]
        object.__setattr__(sent, "_mentions", mentions)
        self._cur_mentions, self._cur_start = mentions, sent.start
        self._ctx = ctx
        attributed = self._source(sent, ctx)
        triggers = self._triggers(sent)
        if not triggers and ctx.last_place_type is not None:
            triggers = self._list_copula(sent, ctx.last_place_type)
        if not any(t.frame.get("copula") for t in triggers):
            ctx.last_place_type = self._place_event_type(sent) or next(
                (
                    t.type
                    for t in triggers
                    if t.type in NEEDS_PLACE and _counted_places(t.token, self.aggregate_words, sent.doc)
                ),
                None,
            )
        if not triggers:
            return []
        text = sent.text
        generic = bool(self.lex.cue_re("generic_phrases").search(text))
        alleged = bool(self.lex.cue_re("alleged_cues").search(text))
        assigned = self._assign_mentions(sent, mentions, triggers)
        quantities = self.qty.find(text)
        out: list[Event] = []
        seen: set[tuple[str, int]] = set()
        for trig in triggers:
            key = (trig.type, trig.token.i)
            if key in seen:
                continue
            seen.add(key)
            modality = self._modality(trig, sent)
            if modality == "background" or _ordinal_restatement(trig.token):
                continue
            actor1, actor2 = self._roles(trig, doc_actors, ctx)
            typ = trig.type
            if typ == "armed_clash" and self._is_air(trig):
                typ = "air_strike"
                actor1 = actor1 or doc_actors.main_state_forces
            own = assigned.get(id(trig), [])
            if not own and trig.nominal and trig.token.dep_ == "pobj":
                # "after heavy clashes the Taliban took Kandahar city": the fighting was where the verb was
                above = next((u for u in triggers if u.token.i == trig.token.head.head.i), None)
                own = assigned.get(id(above), []) if above is not None else []
            if not own and trig.token.dep_ == "conj":
                # "entered the city of Kunduz and seized the police headquarters": the same place
                first = next((u for u in triggers if u.token.i == trig.token.head.i), None)
                own = assigned.get(id(first), []) if first is not None else []
            actor_spans = self._actor_spans(trig)
            place_mentions = [
                m
                for m in own
                if not self._is_destination(m, sent, typ)
                and not any(lo <= m.start - sent.start < hi for lo, hi in actor_spans)
            ]
            if not place_mentions and typ in ("surrender", "defection"):
                # "the governor of Farah surrendered", "Faryab police surrendered": the forces' place
                place_mentions = [m for m in own if m.kind_hint != "country"]
            if typ in NEEDS_PLACE and _counted_places(trig.token, self.aggregate_words):
                # "16 districts of Takhar province fell ... clashes on the outskirts of Taluqan city":
                # a count of places is told at the level of the province that holds them
                provinces = [m for m in place_mentions if m.kind_hint == "province"]
                place_mentions = provinces or place_mentions
            sub_national = [m for m in place_mentions if m.kind_hint != "country"]
            if typ in NEEDS_PLACE:
                # a capture happens somewhere inside a country: "the border port with Turkmenistan" is not in Turkmenistan
                place_mentions = sub_national
            if generic and not sub_national:
                continue
            if typ in NEEDS_PLACE and not sub_national and not self._specific_target(trig, sent):
                continue

            if typ == "cross_border_flight" and actor1 is None:
                actor1 = doc_actors.main_state_forces
            if (
                actor1 is None
                and self.actors.kind(actor2) == "nonstate"
                and typ in ("surrender", "cross_border_flight")
            ):
                actor1 = doc_actors.main_state_forces
            actor1, actor2 = self._default_actors(typ, actor1, actor2, doc_actors)
            if typ in MILITARY:
                actor1 = self.actors.forces_of(actor1)
            date, precision = self._date_for(trig, explicit, ctx, sent)
            if modality == "reported" and date is not None and _ahead(date, ctx.published):
                modality = "planned"  # a report cannot tell what has not happened yet
            qs = self._quantities_for(trig, quantities, typ, triggers)
            fat = self.qty.fatalities(text) if typ in VIOLENT else None
            country_hint = self.actors.country_of(actor1) if typ in STATE_ACTS else None
            # forces fleeing abroad with no place named left their own country
            home = self.actors.country_of(actor1) if typ == "cross_border_flight" else None
            groups = self._split_places(place_mentions, text, sent)
            inherited = False
            if not groups:
                inh = _anaphor_antecedent(trig, sent, mentions)
                if inh is not None and any(inh is m for m in own):
                    inh = None  # "into Tajik territory in the Khwahan district": set aside above, not an antecedent
                inh = inh or self._inherit_place(ctx, sent, sentences, by_sentence, typ)
                groups = [[inh]] if inh is not None else [[]]
                inherited = inh is not None
            transfer = self._transfer(typ, sentences, sent) if typ == "territory_captured" else None
            shares = split_count(fat, len(groups))
            for group, group_fat in zip(groups, shares, strict=True):
                mention = _most_specific(_drop_landmarks(_drop_fronted(group, sent), sent))
                place_name = None
                if len(group) > 1:
                    fine = [m for m in group if m.kind_hint == "place"]
                    if fine and mention is not None and fine[0] is not mention:
                        place_name = fine[0].text
                if country_hint and mention is not None and mention.kind_hint in ("country", None):
                    mention = None
                conf = 0.55 + (0.15 if mention is not None and not inherited else 0.05 if inherited else 0.0)
                conf += 0.1 if date is not None else 0.0
                conf += 0.1 if actor1 is not None else 0.0
                conf -= 0.15 if trig.nominal else 0.0
                ev = Event(
                    type=typ,  # type: ignore[arg-type]
                    actor1=actor1,
                    actor2=actor2 if actor2 != actor1 else None,
                    date=date,
                    date_precision=precision if date else "unknown",  # type: ignore[arg-type]
                    quantities=qs,
                    fatalities=group_fat,
                    modality="alleged" if alleged and modality == "reported" else modality,  # type: ignore[arg-type]
                    attributed_to=attributed,
                    evidence=Evidence(text=text, start=sent.start, end=sent.end),
                    confidence=round(max(0.05, min(conf, 0.95)), 2),
                    transfer=transfer,  # type: ignore[arg-type]
                    trigger=trig.token.text if not trig.phrase_actor else text[trig.start : trig.end],
                    mention=mention,
                    country_hint=country_hint or (home if mention is None else None),
                    place_name=place_name,
                )
                if modality == "reported" and attributed and self.actors.is_party(attributed):
                    ev.modality = "claimed"
                elif (
                    modality == "reported"
                    and trig.token.lemma_.lower() in ("claim", "declare")
                    and self.actors.is_party(actor1)
                ):
                    ev.modality = "claimed"  # "the Taliban claimed control of X": the party's own word
                out.append(ev)
                also = trig.frame.get("also_type")
                if also:
                    # the same words tell a second event, seen from the other side
                    other = ev.actor2 or self.actors.other_side(ev.actor1, doc_actors)
                    things = [
                        q for q in self._quantities_for(trig, quantities, also, triggers)
                        if q.unit not in ("personnel", "people")
                    ]
                    out.append(
                        ev.model_copy(
                            update={"type": also, "actor1": other, "actor2": ev.actor1, "quantities": things}
                        )
                    )
            if actor1 and trig.token.dep_ not in ("relcl", "acl"):
                ctx.last_subject = actor1
        return out

    # ================================================================== roles

    def _actor_spans(self, trig: Trigger) -> list[tuple[int, int]]:
        """Character spans of the trigger's subject and agent: names there are actors, not places."""
        if trig.nominal or trig.phrase_actor or trig.frame.get("place") == "subj":
            return []  # "Keshem district fell to the Taliban": the subject is the place
        out = []
        tok = trig.token
        subj = _subject(tok) if tok.dep_ != "relcl" else None
        if subj is not None and subj.dep_ == "nsubjpass" and trig.type not in MOVERS:
            subj = None  # "Khan Abad district was captured by the Taliban": the passive subject is the place
        for t in (subj, _prep_obj(tok, "agent")):
            if t is None or t.i > tok.i + 30:
                continue
            left = t.left_edge
            out.append((left.idx, t.idx + len(t.text)))
        return out

    def _roles(self, trig: Trigger, doc_actors: DocActors, ctx: Context) -> tuple[str | None, str | None]:
        tok = trig.token
        fr = trig.frame
        if trig.phrase_actor:
            a1 = self.actors.resolve(self.actors.match(trig.phrase_actor), doc_actors)
            return a1, None
        if trig.nominal:
            return self._nominal_roles(tok, doc_actors, ctx)
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or (
            tok.dep_ in ("acl",) and tok.tag_ == "VBN"
        )
        subj = _subject(tok)
        agent = _prep_obj(tok, "agent") or _prep_obj(tok, "by")
        obj = _first(_objects(tok))
        if passive:
            a1_tok, a2_tok = agent, subj if tok.dep_ != "acl" else None
            if agent is None and trig.type in MOVERS:
                a1_tok, a2_tok = subj, None  # "commandos were deployed to X": the deployed ones acted
        else:
            a1_tok, a2_tok = subj, obj
        role1 = fr.get("actor1", "subj")
        role2 = fr.get("actor2")
        if role1.startswith("prep:"):
            a1_tok = _prep_obj(tok, role1[5:])
            a2_tok = subj
        if role2 and role2.startswith("prep:"):
            a2_tok = _prep_obj(tok, role2[5:])
        elif role2 == "obj_owner" and obj is not None:
            owner = _prep_obj(obj, "of")
            a2_tok = owner
        elif role2 is None and not role1.startswith("prep:"):
            a2_tok = None
        if role1 == "other_side":
            # "security forces left the district": the side that left lost it to the other one
            lost = self._actor_of(subj, doc_actors, ctx)
            return self.actors.other_side(lost, doc_actors), lost
        a1 = self._actor_of(a1_tok, doc_actors, ctx)
        a2 = self._actor_of(a2_tok, doc_actors, ctx) if a2_tok is not None else None
        return a1, a2

    def _nominal_roles(self, tok: Any, doc_actors: DocActors, ctx: Context) -> tuple[str | None, str | None]:
        a1 = None
        for c in tok.children:
            if c.dep_ in ("poss", "compound", "amod", "nmod"):
                a1 = self._actor_of(c, doc_actors, ctx)
                if a1:
                    break
        if a1 is None and tok.dep_ in ("dobj", "attr") and tok.head.pos_ in ("VERB", "AUX"):
            a1 = self._actor_of(_subject(tok.head), doc_actors, ctx)
        if a1 is None:
            a1 = self._actor_of(_prep_obj(tok, "of"), doc_actors, ctx) or self._actor_of(
                _prep_obj(tok, "by"), doc_actors, ctx
            )
        a2 = self._actor_of(_prep_obj(tok, "with"), doc_actors, ctx) or self._actor_of(
            _prep_obj(tok, "on"), doc_actors, ctx
        )
        between = _prep_obj(tok, "between")
        if between is not None:  # "clashes between the Taliban and pro-government militia"
            a1 = self._actor_of(between, doc_actors, ctx) or a1
            other = next((c for c in between.children if c.dep_ == "conj"), None)
            a2 = self._actor_of(other, doc_actors, ctx) or a2
        return a1, a2

    def _actor_of(self, tok: Any, doc_actors: DocActors, ctx: Context) -> str | None:
        if tok is None:
            return None
        if tok.pos_ == "PRON" or tok.text.lower() in ("they", "it", "he", "she", "them", "who", "which"):
            if tok.text.lower() in ("who", "which") and tok.head.dep_ == "relcl":
                return self._actor_of(tok.head.head, doc_actors, ctx)
            # "the ministry said it had sent ...", "the US military said its withdrawal ...":
            # the pronoun is the sayer of the clause it stands in
            says = self.say_verbs | {"say", "claim", "report"}
            for clause in list(tok.ancestors)[:4]:
                if clause.dep_ == "ccomp" and clause.head.lemma_.lower() in says:
                    sayer = _subject(clause.head)
                    if sayer is not None and sayer.pos_ != "PRON":
                        name = self.actors.resolve(self.actors.match(_span_text(sayer)), doc_actors)
                        if name:
                            return name
                    break
            return ctx.last_subject
        name = self.actors.match(_span_text(tok, limit=12))
        return self.actors.resolve(name, doc_actors)

    def _default_actors(
        self, typ: str, a1: str | None, a2: str | None, doc: DocActors
    ) -> tuple[str | None, str | None]:
        ns, st = doc.main_nonstate, doc.main_state_forces
        if typ in ("territory_captured", "materiel_captured"):
            a1 = a1 or ns
            if a2 is None and self.actors.kind(a1) == "nonstate":
                a2 = st
        elif typ == "territory_retaken":
            a1 = a1 or st
            a2 = a2 or ns
        elif typ in ("surrender", "defection"):
            a1 = a1 or st
            a2 = a2 or self.actors.other_side(a1, doc)
        elif typ == "cross_border_flight":
            a1 = a1 or st
            a2 = a2 or (ns if self.actors.kind(a1) in ("state_forces",) else None)
        elif typ == "air_strike":
            a1 = a1 or st
            a2 = a2 or self.actors.other_side(a1, doc)
        elif typ == "deployment":
            a1 = a1 or st  # reinforcements are sent by the state unless the text says otherwise
        elif typ == "armed_clash" and a1 and not a2:
            a2 = self.actors.other_side(a1, doc)
        elif typ == "armed_clash" and not a1:
            # fighting told with no side named: the article's insurgent party against the state
            a1, a2 = (ns, a2 or st) if a2 != ns else (st, ns)
        return a1, a2

    # ================================================================== modality

    def _modality(self, trig: Trigger, sent: Sentence) -> str:
        tok = trig.token
        text = sent.text
        # negation on the trigger or its governing verbs
        chain = [tok, *list(tok.ancestors)[:3]]
        for t in chain[:2]:
            if t is not tok and tok.dep_ == "conj":
                continue  # "had not attacked the city but were massing": the negation is the other verb's
            if any(c.dep_ == "neg" for c in t.children):
                return "negated"
        if any(c.dep_ == "det" and c.text.lower() == "no" for c in tok.children):
            return "negated"
        if tok.dep_ in ("pobj", "pcomp") and tok.head.text.lower() == "without":
            return "negated"
        for m in self.lex.cue_re("negated_phrases").finditer(text):
            if m.start() - 60 <= trig.start <= m.end() + 60 and not self._negates_other_verb(tok, m):
                return "negated"
        for t in tok.ancestors:
            if t.lemma_.lower() in ("deny", "reject", "refute", "dismiss"):
                return "negated"
        if any(c.dep_ == "mark" and c.text.lower() in ("since", "whenever") for c in tok.children):
            return "background"
        if _near(self.lex.cue_re("near_miss"), text, trig.start, 40):
            if re.search(r"\bfail(?:ed|s)? to\b", text[max(0, trig.start - 30) : trig.start], re.I):
                return "negated"
            return "predicted"
        # future, conditional, modal
        for t in chain[:3]:
            for c in t.children:
                if c.dep_ == "aux" and c.text.lower() in self.predicted_aux:
                    return "predicted"
                if c.dep_ == "mark" and c.text.lower() in ("if", "unless", "whether"):
                    return "predicted"
            if t.dep_ in ("xcomp", "ccomp", "advcl") or t is tok:
                head = t.head
                hl = head.lemma_.lower()
                if t.dep_ == "xcomp" and hl in self.planned_verbs and hl not in self.realised_verbs:
                    return "planned"
                if t.dep_ == "xcomp" and hl in self.realised_verbs:
                    if any(
                        c.dep_ == "dobj" and c.lemma_.lower() in self.noun_triggers for c in head.children
                    ):
                        # "ordered the mobilization of reservists to reinforce the border": a purpose
                        return "planned"
                    break
        infinitive = any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children)
        perfect = any(c.dep_ == "aux" and c.lower_ == "have" for c in tok.children) and tok.tag_ == "VBN"
        if infinitive and not trig.nominal:
            head = tok.head
            if perfect:
                # "claimed to have captured", "is said to have surrendered": a past event, as someone tells it
                if head.lemma_.lower() in ("claim", "boast", "insist"):
                    return "claimed"
            elif not (tok.dep_ in ("xcomp", "ccomp") and head.lemma_.lower() in self.realised_verbs):
                # ("allowing the militants to take the crossing": what was allowed happened)
                return "planned"
        if _near(self.lex.cue_re("planned_phrases"), text, trig.start, 30):
            return "planned"
        if _near(self.lex.cue_re("predicted_phrases"), text, trig.start, 40):
            return "predicted"
        return "reported"

    def _negates_other_verb(self, tok: Any, m: re.Match[str]) -> bool:
        """A negation cue ("had not", "did not") whose verb is coordinated with the trigger, not
        the trigger: "were massing on the outskirts but had not attacked"."""
        neg = _token_at(tok.doc, m.end() - 1)
        if neg is None or neg.dep_ != "neg":
            return False
        verb = neg.head
        # the trigger's own predicate: the verb itself, or the verb a nominal trigger is the subject of
        pred = tok.head if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("nsubj", "nsubjpass") else tok
        if verb.i == pred.i:  # (spaCy makes a new Token object on each access: compare indices)
            return False
        if verb in pred.conjuncts or pred in verb.conjuncts:
            return True
        # "X have not taken Y, but fighting continues": two clauses of one sayer, joined by "but"
        lo, hi = sorted((verb.i, pred.i))
        return (
            verb.head.i == pred.head.i
            and verb.dep_ == pred.dep_
            and any(t.dep_ == "cc" for t in tok.doc[lo:hi])
        )

    def _is_air(self, trig: Trigger) -> bool:
        tok = trig.token
        words = " ".join(
            _span_text(t).lower()
            for t in (_subject(tok), _prep_obj(tok, "agent"), _prep_obj(tok, "by"))
            if t is not None
        )
        window = trig.token.sent.text.lower() if hasattr(trig.token, "sent") else ""
        return (
            bool(
                re.search(
                    r"\b(?:air ?forces?|aircraft|jets?|warplanes?|planes?|helicopters?|drones?|bombers?)\b",
                    words,
                )
            )
            or ("airstrike" in window or "air strike" in window)
            and trig.nominal
        )

    # ================================================================== attribution

    def _source(self, sent: Sentence, ctx: Context) -> str | None:
        """Who the sentence cites; "He said ..." is whoever was cited just before.
        Worked out once per sentence (its events and its casualty count both ask)."""
        if sent.index in ctx.sources:
            return ctx.sources[sent.index]
        source = self._attribution(sent)
        if source is not None and source.lower() in PRONOUN_SOURCES:
            last = ctx.last_source
            source = last[1] if last is not None and sent.index - last[0] <= 2 else None
        elif source is not None:
            ctx.last_source = (sent.index, source)
        ctx.sources[sent.index] = source
        return source

    def _attribution(self, sent: Sentence) -> str | None:
        text = sent.text
        m = re.search(r"\baccording to (?:the )?([^,.;:]+)", text, re.I)
        if m:
            return _clean_source(m.group(1))
        m = re.search(
            r",\s*((?:(?:a|an|the)\s+)?[\w][^,.;\"“”]{1,60}?)\s+(?:said|says|reported|reports|claimed|claims|told|wrote|added|announced|confirmed)\b(?:\s+on\s+\w+)?\s*(?:[,.!]|$)",
            text,
        )
        if m:
            return _clean_source(m.group(1))
        doc = sent.doc
        for tok in doc:
            if tok.dep_ == "ROOT" and tok.lemma_.lower() in self.say_verbs | {"claim", "report", "say"}:
                subj = _subject(tok)
                if subj is not None and any(c.dep_ in ("ccomp",) for c in tok.children):
                    source = _span_text(subj, limit=8)
                    name = next((c for c in subj.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
                    if name is not None and subj.pos_ == "NOUN":  # "a Taliban spokesman, Zabihullah Mujahid,"
                        source = f"{source} {_span_text(name, limit=4)}"
                    return _clean_source(source)
        m = self.outlet_re.search(text)
        if m:
            return _clean_source(m.group(1))
        return None

    # ================================================================== places

    def _assign_mentions(
        self, sent: Sentence, mentions: list[PlaceMention], triggers: list[Trigger]
    ) -> dict[int, list[PlaceMention]]:
        out: dict[int, list[PlaceMention]] = {id(t): [] for t in triggers}
        if not triggers:
            return out
        by_token = {t.token.i: t for t in triggers}
        doc = sent.doc
        free: list[PlaceMention] = []
        for m in mentions:
            rel_start, rel_end = m.start - sent.start, m.end - sent.start
            if re.match(r"-[A-Z]", sent.text[rel_end : rel_end + 2]) or re.search(
                r"[A-Za-z]-$", sent.text[:rel_start]
            ):
                continue  # "the Kabul-Kandahar highway" is a road, not Kabul
            tok = _token_at(doc, rel_start)
            owner = None
            if tok is not None:
                # the nearest trigger above the name in the dependency tree
                node = tok
                for _ in range(12):
                    if node.i in by_token:
                        owner = by_token[node.i]
                        break
                    if node.head.i == node.i or (node.pos_ == "VERB" and node.dep_ in CLAUSE_DEPS):
                        # "seized Jalalabad, cutting off the capital Kabul": a clause of its own
                        # with no event verb keeps its places to itself
                        break
                    node = node.head
            if owner is None:
                free.append(m)
            else:
                out[id(owner)].append(m)
        # "executed 22 commandos who had surrendered in Dawlat Abad": a place under a nested trigger
        # also places the trigger above it, when that one has none of its own
        for t in triggers:
            if all(m.kind_hint == "country" for m in out[id(t)]):  # none, or only "into Tajikistan"
                inner = [u for u in triggers if u is not t and t.token in u.token.ancestors]
                out[id(t)] = out[id(t)] + [m for u in inner for m in out[id(u)]]
        # "attacked a border post in Kaldar district, forcing 17 soldiers to flee into Tajikistan":
        # a consequence clause with no place of its own happened where the event above it did
        for t in triggers:
            if all(m.kind_hint == "country" for m in out[id(t)]):
                for anc in t.token.ancestors:
                    u = by_token.get(anc.i)
                    if u is not None and any(m.kind_hint != "country" for m in out[id(u)]):
                        out[id(t)] = [m for m in out[id(u)] if m.kind_hint != "country"] + out[id(t)]
                        break
                else:
                    # the same told as a participle clause the parse hangs elsewhere: the nearest
                    # event before it in the sentence
                    if _participle_clause(t.token):
                        before = [u for u in triggers if u.token.i < t.token.i and any(
                            m.kind_hint != "country" for m in out[id(u)])]
                        if before:
                            u = max(before, key=lambda x: x.token.i)
                            out[id(t)] = [m for m in out[id(u)] if m.kind_hint != "country"] + out[id(t)]
        if free:
            for t in triggers:
                # "abandoned Spin Boldak district, allowing the militants to take the border crossing
                # with Pakistan": a trigger that only names a country takes the sentence's free places;
                # but foreign forces leaving a country leave it, not the province a battle was in
                if t.type == "troop_withdrawal":
                    continue
                if not out[id(t)]:
                    out[id(t)] = list(free)
                elif t.type in NEEDS_PLACE and all(m.kind_hint == "country" for m in out[id(t)]):
                    out[id(t)] = [m for m in free if m.kind_hint != "country"] + out[id(t)]
        return out

    def _is_destination(self, m: PlaceMention, sent: Sentence, typ: str) -> bool:
        """Is the mention not where the event happened: where fleeing forces went, or where
        reinforcements were sent from ("dispatched from Kabul to Lashkar Gah")?"""
        if typ in ("deployment", "troop_movement"):
            before = sent.text[max(0, m.start - sent.start - 12) : m.start - sent.start].lower()
            return re.search(r"\bfrom\s+(?:the\s+)?$", before) is not None
        if typ not in ("cross_border_flight", "troop_withdrawal", "displacement"):
            return False
        before = sent.text[max(0, m.start - sent.start - 30) : m.start - sent.start].lower()
        if typ == "troop_withdrawal":
            return (
                m.kind_hint == "country"
                and re.search(r"\b(?:to|into|for|towards)\s+(?:the\s+)?$", before) is not None
            )
        if m.kind_hint == "country":
            return True
        after = sent.text[m.end - sent.start : m.end - sent.start + 24].lower()
        if re.search(r"\bacross\s+(?:the\s+)?$", before) and self.lex.cue_re("crossing_words").match(after):
            return False  # "escaped across the Sher Khan Bandar crossing": the way out, on this side
        clause = re.split(r"[,;(]", sent.text[: m.start - sent.start])[-1]
        if self.lex.cue_re("foreign_side").search(clause):
            return True  # "crossed into Tajik territory in GBAO's Ishkashim district": the far side
        return bool(
            re.search(
                r"\b(?:to|into|towards|toward|across)\s+(?:the\s+)?(?:territory of\s+)?(?:neighbou?ring\s+)?$",
                before,
            )
        )

    def _split_places(
        self, mentions: list[PlaceMention], text: str, sent: Sentence
    ) -> list[list[PlaceMention]]:
        """A list of places ("Khwahan, Shekay and Nusay districts") is one event per place."""
        if not mentions:
            return []
        ms = sorted(mentions, key=lambda m: m.start)
        located = _located_list(ms, text, sent.start)
        if located is not None:
            return located
        groups: list[list[PlaceMention]] = [[ms[0]]]
        for prev, cur in zip(ms, ms[1:], strict=False):
            between = text[prev.end - sent.start : cur.start - sent.start]
            # "Khwahan, Shekay and Nusay districts", "in Nangarhar, Laghman and Ghazni provinces";
            # but "Tagab district, Kapisa province" is one place at two levels
            after = text[cur.end - sent.start : cur.end - sent.start + 12].lower()
            singular_frame = re.match(r"\s+(?:province|district|county|region)\b(?!s)", after) is not None
            same_level = prev.kind_hint == cur.kind_hint or (
                None in (prev.kind_hint, cur.kind_hint) and not (singular_frame and prev.kind_hint is None)
            )
            if re.fullmatch(r"\s*(?:,|,?\s*and|&|,\s*as well as)\s*", between) and same_level:
                groups.append([cur])
            else:
                groups[-1].append(cur)
        if len(groups) == 1:
            return groups
        # context mentions (the province after the list) belong to every group
        listed = [g[0] for g in groups]
        extras = [m for g in groups for m in g[1:]]
        return [[m, *extras] for m in listed]

    def _inherit_place(
        self,
        ctx: Context,
        sent: Sentence,
        sentences: list[Sentence],
        by_sentence: dict[int, list[PlaceMention]],
        typ: str,
    ) -> PlaceMention | None:
        # the place of the story: the last event placed in the previous sentences (news paragraphs
        # are often one sentence long, so the story, not the paragraph, is the unit)
        for idx, ev in reversed(ctx.last_events[-6:]):
            if sent.index - idx > STORY_SENTENCES:
                break
            if ev.mention is not None and ev.mention.kind_hint != "country":
                listed = {e.mention.text for i, e in ctx.last_events if i == idx and e.mention is not None}
                if len(listed) > 1:
                    # after "seized A, B and C districts in P province" the story is in P, not in C
                    named = {m.text: m for m in by_sentence.get(idx, []) if m.kind_hint == "province"}
                    if len(named) == 1:
                        return next(iter(named.values()))
                return ev.mention
        # the place named in the previous sentence of the same paragraph, then in the next one
        for j in (sent.index - 1, sent.index + 1):
            if 0 <= j < len(sentences) and (sentences[j].paragraph == sent.paragraph or j == sent.index - 1):
                cands = [
                    m
                    for m in by_sentence.get(j, [])
                    if m.kind_hint != "country"
                    and not self._is_destination(m, sentences[j], "cross_border_flight")
                ]
                if cands:
                    return _most_specific(cands)
        return None

    def _specific_target(self, trig: Trigger, sent: Sentence) -> bool:
        if _aggregate_object(trig.token, self.aggregate_words):
            return False  # "half of the district centres": a claim of control, not one capture
        kinds = self._object_kinds(trig.token, sent) if not trig.nominal else set()
        if "facility" in kinds:
            return True
        for o in _objects(trig.token):
            if o.text.lower() in GENERIC_OBJECTS:
                return False
        return False

    def _transfer(self, typ: str, sentences: list[Sentence], sent: Sentence) -> str:
        texts = [sent.text]
        if sent.index > 0 and sentences[sent.index - 1].paragraph == sent.paragraph:
            texts.append(sentences[sent.index - 1].text)
        for t in texts:
            if self.lex.cue_re("peaceful_phrases").search(t):
                return "peaceful"
        for t in texts:
            if self.lex.cue_re("fighting_phrases").search(t):
                return "fighting"
        return "unknown"

    # ================================================================== dates, numbers

    def _date_for(
        self, trig: Trigger, explicit: list[DateMatch], ctx: Context, sent: Sentence
    ) -> tuple[dt.date | None, str]:
        own = [d for d in explicit if not _other_clause_past(d, trig, ctx.published)]
        explicit = own
        if explicit:
            best = min(explicit, key=lambda d: abs(d.start - trig.start))
            if best.ref_previous:
                prev = [e.date for _, e in ctx.last_events if e.date is not None]
                base = prev[-1] if prev else ctx.date
                if base is None:
                    return None, "unknown"
                return add_days(base, best.offset), "day" if prev else ctx.date_precision
            return best.date, best.precision
        if ctx.date is not None:
            # a date stated once carries to the following sentences of the same story (codebook §3)
            return ctx.date, ctx.date_precision
        if ctx.published is not None:
            # told with no date: news reports what just happened; the present perfect and
            # present are the publication day, a bare past tense is "around" it
            return ctx.published, "day" if _present_or_perfect(trig.token) else "week"
        return None, "unknown"

    def _quantities_for(
        self, trig: Trigger, qs: list[Quantity], typ: str, triggers: list[Trigger]
    ) -> list[Quantity]:
        if not qs:
            return []
        wanted = {
            "materiel_captured": {"weapons", "vehicles", "aircraft", "ammunition", "other"},
            "surrender": {"personnel"},
            "defection": {"personnel"},
            "cross_border_flight": {"personnel"},
            "deployment": {"personnel", "vehicles", "aircraft"},
            "mobilization": {"personnel"},
            "troop_movement": {"personnel", "vehicles"},
            "troop_withdrawal": {"personnel"},
            "displacement": {"people"},
            "military_exercise": {"personnel", "vehicles", "aircraft"},
        }.get(typ)
        if wanted is None:
            return []
        picked = [q for q in qs if q.unit in wanted]
        if len(triggers) > 1:
            # several events in one sentence: a number goes to the nearest trigger
            sent_text = trig.token.doc.text
            out = []
            for q in picked:
                pos = sent_text.find(q.text)
                nearest = min(triggers, key=lambda t: abs(t.start - pos) if pos >= 0 else 0)
                if nearest is trig or nearest.type == trig.type:
                    out.append(q)
            picked = out
        return picked

    def _attach_casualties(
        self,
        sent: Sentence,
        new: list[Event],
        ctx: Context,
        index: int,
        sentences: list[Sentence],
        mentions: list[PlaceMention] | None = None,
        explicit: list[DateMatch] | None = None,
    ) -> bool:
        """A casualty count in a sentence without a violent event goes to the one just before it.

        Returns False when the sentence reports deaths that no earlier event can take.
        """
        if new or any(e.type in VIOLENT for e in new):
            return True
        fat = self.qty.fatalities(sent.text)
        if fat is None or self.lex.cue_re("generic_phrases").search(sent.text):
            return True
        places = {m.text.lower() for m in mentions or [] if m.kind_hint != "country"}
        dates = {d.date for d in explicit or [] if d.date is not None}
        for idx, ev in reversed(ctx.last_events[-4:]):
            if index - idx > 2:
                break
            if places and (ev.mention is None or ev.mention.text.lower() not in places):
                continue  # "... killed in operations in Kandahar and Helmand": somewhere else
            if dates and ev.date is not None and ev.date not in dates:
                continue  # another day
            if ev.type in VIOLENT and ev.fatalities is None:
                ev.fatalities = fat
                return True
        return False

    def _casualty_events(
        self,
        sent: Sentence,
        mentions: list[PlaceMention],
        explicit: list[DateMatch],
        ctx: Context,
        doc_actors: DocActors,
    ) -> list[Event]:
        """ "262 Taliban were killed in operations in Nangarhar, Laghman and Ghazni provinces":
        deaths of a party at named places, with no event to attach them to, are armed clashes there."""
        places = [m for m in mentions if m.kind_hint != "country"]
        if not places:
            return []
        kill = re.search(
            r"\b(?:killed|dead|died|eliminated|slain|neutrali[sz]ed|lost their lives|perished)\b", sent.text
        )
        if kill is None:
            return []
        victims = None
        ktok = _token_at(sent.doc, kill.start())
        subj = _subject(ktok) if ktok is not None else None
        if subj is not None:  # "the ministry said 267 Taliban militants were killed": the subject of "killed"
            victims = self.actors.resolve(self.actors.match(_span_text(subj)), doc_actors)
        if victims is None:
            before = sent.text[: kill.start()]
            victims_text = before[before.rfind(",") + 1 :] if "," in before else before
            victims = self.actors.resolve(self.actors.match(victims_text[-80:]), doc_actors)
        kind = self.actors.kind(victims)
        typ = "armed_clash"
        perpetrator = None
        if kind == "civilians":
            # "five civilians were killed when a mortar round hit a house in X": civilians killed,
            # by whoever the sentence names ("by the Taliban"), else by an unknown hand
            if re.search(
                r"(?:no|not|none|nobody)", sent.text[max(0, kill.start() - 40) : kill.start()], re.I
            ):
                return []
            typ = "attack_on_captives_or_civilians"
            agent = _prep_obj(ktok, "agent") if ktok is not None else None
            perpetrator = (
                self.actors.resolve(self.actors.match(_span_text(agent)), doc_actors) if agent else None
            )
        elif kind not in ("nonstate", "state_forces", "foreign_forces"):
            return []
        trig = Trigger(sent.doc[0], typ, {"type": typ}, start=kill.start(), end=kill.end())
        date, precision = self._date_for(trig, explicit, ctx, sent)
        out = []
        groups = self._split_places(places, sent.text, sent)
        shares = split_count(self.qty.fatalities(sent.text), len(groups))
        for group, fat in zip(groups, shares, strict=True):
            out.append(
                Event(
                    type=typ,  # type: ignore[arg-type]
                    actor1=perpetrator
                    if typ != "armed_clash"
                    else self.actors.other_side(victims, doc_actors),
                    actor2=victims,
                    date=date,
                    date_precision=precision if date else "unknown",  # type: ignore[arg-type]
                    fatalities=fat,
                    modality="reported",
                    attributed_to=self._source(sent, ctx),
                    evidence=Evidence(text=sent.text, start=sent.start, end=sent.end),
                    confidence=0.45,
                    trigger=kill.group(0),
                    mention=_most_specific(group),
                )
            )
        alleged = bool(self.lex.cue_re("alleged_cues").search(sent.text))
        for ev in out:
            if ev.attributed_to and self.actors.is_party(ev.attributed_to):
                ev.modality = "claimed"
            elif alleged:
                ev.modality = "alleged"
        return out


# ====================================================================== helpers


_LIST_SEP = re.compile(r"\s*(?:,|,?\s*and|&|;)\s*")
# between two listed places, names the gazetteer does not know ("..., Dawlat Shah in Laghman, ...")
_ENDS_IN = re.compile(r"\b(?:in|of)\s+(?:the\s+)?$")
_LIST_GAP = re.compile(r"[\s,;&]*(?:(?:and|in|of|the|[A-Z][\w'’-]*)[\s,;&]+)*(?:and|in|of|the)?\s*")
_CONTAINED_IN = re.compile(r"(?:\s+(?:district|districts|town|city))?\s+(?:in|of)\s+(?:the\s+)?(?:[a-z]+\s+)?")


def _participle_clause(tok: Any) -> bool:
    """Is the verb in a participle clause with no subject of its own ("..., forcing 17 soldiers
    to flee"), the kind that tells a consequence of the event before it?"""
    node = tok
    for _ in range(3):
        if node.dep_ == "xcomp":
            node = node.head
            continue
        break
    return node.dep_ == "advcl" and node.tag_ == "VBG" and not any(
        c.dep_ in ("nsubj", "nsubjpass", "mark") for c in node.children
    )


def _located_list(ms: list[PlaceMention], text: str, offset: int) -> list[list[PlaceMention]] | None:
    """'Nirkh and Jalrez in Wardak, Burka in Baghlan, and Shahrak in Ghor province': one group per
    listed place, each with the province named after it (codebook §3); None when the mentions are
    not such a list (at least two places each followed by 'in'/'of' and a container). Names the
    gazetteer does not know may sit in the list: their containers are skipped."""
    groups: list[list[PlaceMention]] = []
    pending: list[PlaceMention] = []
    containers = 0
    i = 0
    while i < len(ms):
        if i > 0:
            gap = text[ms[i - 1].end - offset : ms[i].start - offset]
            if not _LIST_SEP.fullmatch(gap):
                if not (groups or containers) or not _LIST_GAP.fullmatch(gap):
                    return None
                if _ENDS_IN.search(gap):  # "..., Dawlat Shah in Laghman": the container of an unknown name
                    containers += 1
                    i += 1
                    continue
        pending.append(ms[i])
        if i + 1 < len(ms) and _CONTAINED_IN.fullmatch(text[ms[i].end - offset : ms[i + 1].start - offset]):
            groups.extend([m, ms[i + 1]] for m in pending)
            pending = []
            containers += 1
            i += 2
            continue
        i += 1
    if containers < 2:
        return None
    groups.extend([m] for m in pending)
    return groups


def _counted_places(tok: Any, words: set[str], doc: Any = None) -> bool:
    """The subject or object is a number of places: '16 districts fell', 'took several districts'
    (not 'most of Tagab district': a share of one named place); with ``doc``, anywhere in the
    sentence (a phrase trigger's parse may not reach its subject)."""
    subj = _subject(tok)
    nouns = list(doc) if doc is not None else _objects(tok) + ([subj] if subj is not None else [])
    for o in nouns:
        if o.tag_ == "NNS" and o.lemma_.lower() in PLACE_HEADS and any(
            c.dep_ == "nummod" or (c.dep_ in ("amod", "det") and c.text.lower() in words) for c in o.children
        ):
            return True
    return False


def _aggregate_object(tok: Any, words: set[str]) -> bool:
    """The object is a share or a count of places: 'half of the districts', '85% of the territory',
    'dozens of district centres', '200 districts'."""
    subj = _subject(tok)
    # "16 districts fell", "several districts were overrun": the subject is the places
    places = _objects(tok) + ([subj] if subj is not None and subj.lemma_.lower() in PLACE_HEADS else [])
    for o in places:
        if o.text.lower() in words:
            return True
        if o.tag_ == "NNS" and any(c.text.lower() in words for c in o.children if c.dep_ in ("amod", "det", "nummod")):
            return True
        if o.tag_ == "NNS" and any(c.dep_ == "nummod" for c in o.children):
            return True
        if o.dep_ == "pobj" and o.head.text.lower() == "of" and o.head.head.text.lower() in words:
            return True
        # "gained control of about half of the 420 districts"
        for t in o.subtree:
            if t.text.lower() in words and any(c.dep_ == "prep" and c.text.lower() == "of" for c in t.children):
                return True
            if t.tag_ == "NNS" and any(c.dep_ == "nummod" for c in t.children):
                return True
    return False


def _other_clause_past(d: DateMatch, trig: Trigger, published: dt.date | None) -> bool:
    """'16 districts fell two weeks ago and clashes are still underway': a past date of another
    clause does not date what the present tense says is going on now."""
    if d.date is None or d.ref_previous or published is None or d.date >= add_days(published, -1):
        return False
    head = trig.token.head if trig.nominal else trig.token
    if not _present_or_perfect(head) or head.tag_ == "VBN":
        return False
    lo = min(t.idx for t in head.subtree)
    hi = max(t.idx + len(t) for t in head.subtree)
    return not lo <= d.start < hi


def _ahead(date: dt.date, published: dt.date | None) -> bool:
    return published is not None and date > add_days(published, 1)


def _background(date: dt.date, published: dt.date | None) -> bool:
    """A date weeks before publication is the background of the story, not the date it carries."""
    return published is not None and date < add_days(published, -45)


def _present_or_perfect(tok: Any) -> bool:
    """'has captured', 'are fighting', 'is underway': the present or the present perfect."""
    if tok.tag_ in ("VBZ", "VBP"):
        return True
    return any(child.dep_ in ("aux", "auxpass") and child.tag_ in ("VBZ", "VBP") for child in tok.children)


def split_count(total: int | None, n: int) -> list[int | None]:
    """A total reported for several places, shared out as ACLED does: equal parts, the rest to the first."""
    if total is None or n <= 1:
        return [total] * max(n, 1)
    part, rest = divmod(total, n)
    return [part + rest] + [part] * (n - 1)


def _token_at(doc: Any, char: int) -> Any:
    for tok in doc:
        if tok.idx <= char < tok.idx + len(tok.text):
            return tok
        if tok.idx > char:
            return tok
    return None


def _subject(tok: Any) -> Any:
    for c in tok.children:
        if c.dep_ in SUBJECT_DEPS:
            return c
    # shared subject of conjoined or controlled verbs: "captured X and seized Y", "ordered to mobilize"
    t = tok
    for _ in range(4):
        if t.dep_ in ("conj", "xcomp", "advcl", "pcomp") and t.head.i != t.i:
            if t.dep_ == "xcomp":
                # object control: "forcing 17 soldiers to flee", "allowed the officials to leave":
                # the head's object does the controlled verb
                controller = next((c for c in t.head.children if c.dep_ == "dobj" and c.i < t.i), None)
                if controller is not None:
                    return controller
            t = t.head
            for c in t.children:
                if c.dep_ in SUBJECT_DEPS:
                    return c
        else:
            break
    if tok.dep_ == "relcl":
        return tok.head
    return None


def _objects(tok: Any) -> list[Any]:
    out = []
    for c in tok.children:
        if c.dep_ in ("dobj", "attr", "oprd"):
            out.append(c)
            out.extend(cc for cc in c.children if cc.dep_ == "conj")
        if c.dep_ == "nsubjpass":
            out.append(c)
        if c.dep_ in ("prt",):
            for cc in c.children:
                if cc.dep_ == "pobj":
                    out.append(cc)
        if (
            c.dep_ == "prep"
            and c.text.lower() in ("of", "over", "into", "in")
            and tok.lemma_.lower() in ("take", "gain", "fall", "seize")
            and not (c.text.lower() == "in" and any(x.dep_ == "dobj" for x in tok.children))
        ):  # "took control of X", "seized X" -- but in "seized 12 Humvees in X", X is only where
            out.extend(cc for cc in c.children if cc.dep_ == "pobj")
    if not out and tok.dep_ in ("amod", "compound", "nmod") and tok.head.pos_ in ("NOUN", "PROPN"):
        out.append(tok.head)  # a mis-parse: "the Taliban captured Tagab district" read as "captured district"
    if not out and tok.pos_ == "VERB" and not any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
        # no object in the parse: the first noun after the verb, before any clause break
        for t in tok.doc[tok.i + 1 : tok.i + 7]:
            if t.pos_ in ("PUNCT", "VERB", "AUX", "SCONJ", "CCONJ") or t.dep_ == "mark":
                break
            if t.pos_ in ("NOUN", "PROPN") and t.head.i != t.i + 1:
                out.append(t)
                break
    # "took full control of X": the object of "control"
    for o in list(out):
        if o.text.lower() == "control":
            p = _prep_obj(o, "of") or _prep_obj(o, "over")
            if p is not None:
                out.append(p)
                out.extend(cc for cc in p.children if cc.dep_ == "conj")
    return out


def _prep_obj(tok: Any, prep: str) -> Any:
    for c in tok.children:
        if c.dep_ == "agent" and prep in ("agent", "by"):
            for cc in c.children:
                if cc.dep_ == "pobj":
                    return cc
        if c.dep_ in ("prep", "dative") and c.text.lower() == prep:
            for cc in c.children:
                if cc.dep_ == "pobj":
                    return cc
    return None


def _first(items: list[Any]) -> Any:
    return items[0] if items else None


def _span_text(tok: Any, limit: int = 12) -> str:
    if tok is None:
        return ""
    # stop at the first clause or apposition below the head: its whole subtree, so that
    # "a spokesman, Zabihullah Mujahid, said" stops before "Zabihullah" too
    cut = min(
        (c.left_edge.i for c in tok.children if c.dep_ in ("relcl", "acl", "appos", "advcl") and c.i > tok.i),
        default=None,
    )
    keep = []
    for t in tok.subtree:
        if cut is not None and t.i >= cut:
            break
        keep.append(t)
        if len(keep) >= limit:
            break
    while len(keep) > 1 and keep[-1].is_punct:
        keep.pop()
    if not keep:
        return tok.text
    return tok.doc[keep[0].i : keep[-1].i + 1].text


def _mentions_in(tok: Any, sent: Sentence) -> list[PlaceMention]:
    """Place mentions of the sentence that fall inside the subtree of ``tok``."""
    mentions: list[PlaceMention] = getattr(sent, "_mentions", None) or []
    sub = list(tok.subtree)
    lo, hi = sub[0].idx, sub[-1].idx + len(sub[-1].text)
    return [m for m in mentions if lo <= m.start - sent.start < hi]


def _has_named_place(tok: Any, sent: Sentence) -> bool:
    return bool(_mentions_in(tok, sent))


_FRONTED = re.compile(r"(?:In|At|Across)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?[\w'’-]+\s*,")


ANAPHORS = {"city", "town", "district", "capital", "village", "area", "province"}


def _is_anaphor(obj: Any) -> bool:
    """'the city', 'the district centre', 'the provincial capital' (a definite place noun)."""
    words = [obj, *(c for c in obj.children if c.dep_ == "compound")]
    definite = any(c.dep_ == "det" and c.text.lower() in ("the", "this", "that") for c in obj.children)
    return definite and any(w.text.lower() in ANAPHORS for w in words)


def _anaphor_antecedent(trig: Trigger, sent: Sentence, mentions: list[PlaceMention]) -> PlaceMention | None:
    """ "The Taliban have not taken Lashkar Gah, but fighting continues in the city": "the city"
    is the place named before it in the sentence."""
    tok = trig.token
    pred = tok.head if trig.nominal and tok.dep_ in ("nsubj", "nsubjpass") else tok
    for obj in pred.children:
        # "overran the city centre", "took the town": the object is the place named before it
        if obj.dep_ in ("dobj", "nsubjpass") and _is_anaphor(obj):
            before = [m for m in mentions if m.kind_hint != "country" and m.end - sent.start <= obj.idx]
            if before:
                return before[-1]
    for prep in pred.children:
        if prep.dep_ != "prep" or prep.text.lower() not in ("in", "inside", "around", "near", "into", "for"):
            continue
        for obj in prep.children:
            if (
                obj.dep_ == "pobj"
                and obj.text.lower() in ANAPHORS
                and any(c.dep_ == "det" and c.text.lower() in ("the", "this", "that") for c in obj.children)
            ):
                before = [m for m in mentions if m.kind_hint != "country" and m.end - sent.start <= obj.idx]
                if before:
                    return before[-1]
    return None


_LANDMARK = re.compile(
    r"\b(?:near|close to|not far from|outside|beyond|towards?|(?:north|south|east|west)(?:east|west)?(?:ern)?\s+of|"
    r"kilometres?\s+(?:\w+\s+)?(?:of|from)|km\s+(?:\w+\s+)?(?:of|from)|miles?\s+(?:\w+\s+)?(?:of|from))"
    r"\s+(?:the\s+)?(?:\w+\s+(?:of\s+)?)?$",
    re.I,
)


_ORDINAL = re.compile(r"^(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|latest|last)$", re.I)


def _ordinal_restatement(tok: Any) -> bool:
    """'This is the second district falling to the Taliban', 'X is the 13th district that has
    fallen': a count of events already told (codebook §3: a restatement is no new event)."""
    if tok.dep_ not in ("acl", "relcl"):
        return False
    head = tok.head
    return head.lemma_.lower() in PLACE_HEADS and any(
        c.dep_ in ("amod", "nummod") and _ORDINAL.match(c.text) for c in head.children
    )


def _drop_landmarks(group: list[PlaceMention], sent: Sentence) -> list[PlaceMention]:
    """'in Wardak province, near the capital Kabul': a place named as a landmark ('near',
    'north of', '20 km from') gives way to the place the event is said to be in."""
    if len(group) < 2:
        return group
    kept = [
        m for m in group
        if not _LANDMARK.search(sent.text[max(0, m.start - sent.start - 40) : m.start - sent.start])
    ]
    return kept if any(m.kind_hint != "country" for m in kept) else group


def _drop_fronted(group: list[PlaceMention], sent: Sentence) -> list[PlaceMention]:
    """ "In Baghlan, commandos pushed the Taliban out of Dand-e-Ghori": a place set before the
    clause frames it; when the clause names its own place, that one is the event's."""
    m = _FRONTED.match(sent.text)
    if m is None or len(group) < 2:
        return group
    inside = [g for g in group if g.start - sent.start < m.end()]
    rest = [g for g in group if g.start - sent.start >= m.end()]
    return rest if inside and rest else group


def _most_specific(group: list[PlaceMention]) -> PlaceMention | None:
    if not group:
        return None
    order = {"district": 0, None: 1, "place": 2, "province": 3, "country": 4}
    return min(group, key=lambda m: (order.get(m.kind_hint, 1), m.start))


def _near(rx: re.Pattern[str], text: str, pos: int, window: int) -> bool:
    return any(m.start() - window <= pos <= m.end() + window for m in rx.finditer(text))


def _clean_source(s: str) -> str:
    s = re.sub(r"^(?:the|a|an)\s+", "", s.strip(), flags=re.I)
    return s.strip(" \"'“”") or s


def merge_within_document(events: list[Event]) -> list[Event]:
    """One article often reports the same event twice (lead, then detail): keep one.

    Same type; actors equal or one missing; place mentions equal or one of them
    coarser/absent; dates equal or one missing. The merged event keeps the
    finer place, the known date, exact figures over approximate ones.
    """
    out: list[Event] = []
    by_type: dict[str, list[Event]] = {}  # events of different types never merge
    for ev in events:
        target = None
        if ev.modality in ("reported", "claimed", "alleged"):
            for prev in by_type.get(ev.type, ()):
                if _same_event(prev, ev):
                    target = prev
                    break
        if target is None:
            out.append(ev)
            by_type.setdefault(ev.type, []).append(ev)
            continue
        _absorb(target, ev)
    return out


def _norm(m: PlaceMention | None) -> str:
    return re.sub(r"[^a-z]", "", m.text.lower()) if m is not None else ""


def _same_event(a: Event, b: Event) -> bool:
    if (
        a.type != b.type
        or b.modality not in ("reported", "claimed", "alleged")
        or a.modality not in ("reported", "claimed", "alleged")
    ):
        return False
    if a.type == "armed_clash" and {a.actor1, a.actor2} == {b.actor1, b.actor2}:
        pass  # fighting between the same two sides, whichever is named first
    elif a.actor1 and b.actor1 and a.actor1 != b.actor1:
        return False
    if a.date and b.date and abs((a.date - b.date).days) > 1:
        return False
    if _different_counts(a, b):
        return False  # "104 troops crossed ..." and "296 troops crossed ...": two crossings
    ma, mb = a.mention, b.mention
    if ma is not None and mb is not None:
        if _norm(ma) == _norm(mb):
            return True
        coarse = {"country", "province"}
        if ma.kind_hint in coarse or mb.kind_hint in coarse:
            return ma.kind_hint == "country" or mb.kind_hint == "country"
        return False
    if a.country_hint and b.country_hint and a.country_hint != b.country_hint:
        return False
    # one has no place at all: same event only when it adds nothing contradictory, or when the
    # same sentence tells both ("abandoned X, allowing the militants to take the crossing")
    return a.type not in NEEDS_PLACE or a.evidence.start == b.evidence.start


def _different_counts(a: Event, b: Event) -> bool:
    """Both give an exact figure of the same unit, and the figures differ."""
    exact_a = {(q.unit, q.value) for q in a.quantities if not q.approx}
    exact_b = {(q.unit, q.value) for q in b.quantities if not q.approx}
    units = {u for u, _ in exact_a} & {u for u, _ in exact_b}
    return any({v for u2, v in exact_a if u2 == u}.isdisjoint({v for u2, v in exact_b if u2 == u}) for u in units)


def _absorb(target: Event, ev: Event) -> None:
    order = {"district": 0, "place": 1, None: 2, "province": 3, "country": 4}
    if target.mention is None or (
        ev.mention is not None and order.get(ev.mention.kind_hint, 2) < order.get(target.mention.kind_hint, 2)
    ):
        target.mention = ev.mention
        if ev.place_name:
            target.place_name = ev.place_name
    if target.date is None and ev.date is not None:
        target.date, target.date_precision = ev.date, ev.date_precision
    by_unit: dict[str, Quantity] = {q.unit: q for q in target.quantities}
    for q in ev.quantities:
        cur = by_unit.get(q.unit)
        if cur is None or (cur.approx and not q.approx):
            by_unit[q.unit] = q
    target.quantities = list(by_unit.values())
    if ev.fatalities is not None:
        target.fatalities = max(target.fatalities or 0, ev.fatalities)
    target.actor2 = target.actor2 or ev.actor2
    target.attributed_to = target.attributed_to or ev.attributed_to
    target.confidence = round(min(0.95, max(target.confidence, ev.confidence) + 0.05), 2)
