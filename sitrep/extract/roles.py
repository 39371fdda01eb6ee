"""Roles: who acted and on whom (actor1, actor2), read off the dependency parse by the
trigger's frame (subject, object, agent, a preposition's object, "the other side"); a
pronoun is the sayer of its clause or the document's last subject; an event told with
no side named gets the article's main parties by the codebook's defaults. Needs the
trigger, the document's actors and its :class:`Context` (read only); sets nothing."""

from __future__ import annotations

from typing import Any

from sitrep.extract.actors import DocActors
from sitrep.extract.context import Context, Trigger
from sitrep.extract.grammar import BACKGROUND_MARKS
from sitrep.extract.resources import MOVERS, Resources
from sitrep.extract.syntax import _came_under, _first, _marked, _objects, _prep_obj, _span_text, _subject


def _actor_spans(trig: Trigger) -> list[tuple[int, int]]:
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

def _roles(res: Resources, trig: Trigger, doc_actors: DocActors, ctx: Context) -> tuple[str | None, str | None]:
    tok = trig.token
    fr = trig.frame
    if trig.phrase_actor:
        a1 = res.actors.resolve(res.actors.match(trig.phrase_actor), doc_actors)
        return a1, None
    if trig.nominal:
        return _nominal_roles(res, tok, doc_actors, ctx)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or (
        tok.dep_ in ("acl",) and tok.tag_ == "VBN"
    )
    subj = _subject(tok)
    agent = _prep_obj(tok, "agent") or _prep_obj(tok, "by")
    obj = _first(_objects(res, tok))
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
        lost = _actor_of(res, subj, doc_actors, ctx)
        return res.actors.other_side(lost, doc_actors), lost
    a1 = _actor_of(res, a1_tok, doc_actors, ctx)
    a2 = _actor_of(res, a2_tok, doc_actors, ctx) if a2_tok is not None else None
    return a1, a2

def _nominal_roles(res: Resources, tok: Any, doc_actors: DocActors, ctx: Context) -> tuple[str | None, str | None]:
    if _came_under(tok):
        # "the post came under attack", "soldiers fled after coming under assault": the
        # subject was attacked, by its adversary
        verb = tok.head.head
        subj = _subject(verb)
        for up in list(verb.ancestors)[:3]:
            if subj is not None:
                break
            subj = _subject(up)
        attacked = _actor_of(res, subj, doc_actors, ctx)
        return res.actors.other_side(attacked, doc_actors), attacked
    a1 = None
    for c in tok.children:
        if c.dep_ in ("poss", "compound", "amod", "nmod"):
            a1 = _actor_of(res, c, doc_actors, ctx)
            if a1:
                break
    if a1 is None and tok.dep_ in ("dobj", "attr") and tok.head.pos_ in ("VERB", "AUX"):
        a1 = _actor_of(res, _subject(tok.head), doc_actors, ctx)
    if a1 is None:
        a1 = _actor_of(res, _prep_obj(tok, "of"), doc_actors, ctx) or _actor_of(
            res, _prep_obj(tok, "by"), doc_actors, ctx
        )
    a2 = _actor_of(res, _prep_obj(tok, "with"), doc_actors, ctx) or _actor_of(
        res, _prep_obj(tok, "on"), doc_actors, ctx
    )
    between = _prep_obj(tok, "between")
    if between is not None:  # "clashes between the Taliban and pro-government militia"
        a1 = _actor_of(res, between, doc_actors, ctx) or a1
        other = next((c for c in between.children if c.dep_ == "conj"), None)
        a2 = _actor_of(res, other, doc_actors, ctx) or a2
    return a1, a2

def _actor_of(res: Resources, tok: Any, doc_actors: DocActors, ctx: Context) -> str | None:
    if tok is None:
        return None
    if tok.pos_ == "PRON" or tok.text.lower() in ("they", "it", "he", "she", "them", "who", "which"):
        if tok.text.lower() in ("who", "which") and tok.head.dep_ == "relcl":
            return _actor_of(res, tok.head.head, doc_actors, ctx)
        near = _nearest_actor_before(res, tok, doc_actors)
        if near is not None:
            return near
        # "the ministry said it had sent ...", "the US military said its withdrawal ...":
        # the pronoun is the sayer of the clause it stands in
        for clause in list(tok.ancestors)[:4]:
            if clause.dep_ == "ccomp" and clause.head.lemma_.lower() in res.say_verbs:
                sayer = _subject(clause.head)
                if sayer is not None and sayer.pos_ != "PRON":
                    name = res.actors.resolve(res.actors.match(_span_text(sayer)), doc_actors)
                    if name:
                        return name
                break
        return ctx.last_subject
    name = res.actors.match(_span_text(tok, limit=12))
    return res.actors.resolve(name, doc_actors)

def _nearest_actor_before(res: Resources, tok: Any, doc_actors: DocActors) -> str | None:
    """'airstrikes hit targets to dislodge the insurgents after they captured the city': a
    'they' that opens a subordinate clause ('after', 'when', 'as' ...) stands for the nearest
    party named before it in the sentence, not for the sentence's subject. None elsewhere."""
    if tok.lower_ != "they" or tok.dep_ not in ("nsubj", "nsubjpass"):
        return None
    verb = tok.head
    if not _marked(verb, BACKGROUND_MARKS):
        return None
    for t in reversed(list(tok.doc[: tok.i])):
        if t.pos_ in ("NOUN", "PROPN") and t.dep_ not in ("compound", "amod"):
            name = res.actors.resolve(res.actors.match(_span_text(t, limit=6)), doc_actors)
            if name:
                return name
    return None


def _default_actors(
    res: Resources, typ: str, a1: str | None, a2: str | None, doc: DocActors
) -> tuple[str | None, str | None]:
    ns, st = doc.main_nonstate, doc.main_state_forces
    if typ in ("territory_captured", "materiel_captured"):
        a1 = a1 or ns
        if a2 is None and res.actors.kind(a1) == "nonstate":
            a2 = st
    elif typ == "territory_retaken":
        a1 = a1 or st
        a2 = a2 or ns
    elif typ in ("surrender", "defection"):
        a1 = a1 or st
        a2 = a2 or res.actors.other_side(a1, doc)
    elif typ == "cross_border_flight":
        a1 = a1 or st
        a2 = a2 or (ns if res.actors.kind(a1) in ("state_forces",) else None)
    elif typ == "air_strike":
        a1 = a1 or st
        a2 = a2 or res.actors.other_side(a1, doc)
    elif typ == "deployment":
        a1 = a1 or st  # reinforcements are sent by the state unless the text says otherwise
    elif typ == "armed_clash" and a1 and not a2:
        a2 = res.actors.other_side(a1, doc)
    elif typ == "armed_clash" and not a1:
        # fighting told with no side named: the article's insurgent party against the state
        a1, a2 = (ns, a2 or st) if a2 != ns else (st, ns)
    return a1, a2


def _is_air(res: Resources, trig: Trigger) -> bool:
    """Fighting from the air: the attacker is aircraft, or a nominal trigger in a sentence about an air strike."""
    tok = trig.token
    subj = _subject(tok)
    if subj is not None and subj.pos_ == "PRON":
        # "the bombers were flying in from Qatar and they were striking positions": the
        # pronoun stands for the last subject before it in the sentence that is not one
        earlier = [t for t in tok.sent if t.i < subj.i and t.dep_ in ("nsubj", "nsubjpass") and t.pos_ != "PRON"]
        subj = earlier[-1] if earlier else subj
    words = " ".join(
        _span_text(t).lower()
        for t in (subj, _prep_obj(tok, "agent"), _prep_obj(tok, "by"))
        if t is not None
    )
    window = trig.token.sent.text.lower() if hasattr(trig.token, "sent") else ""
    return (
        bool(res.air_re.search(words))
        or any(w in window for w in res.air_strike_nouns)
        and trig.nominal
    )
