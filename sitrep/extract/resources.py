"""What the extraction steps read and never change: the lexicon's word lists and patterns,
the actor resolver and the quantity finder, built once per :class:`Extractor`.

Every word list here comes from the data files (``cues.json``, ``units.json``,
``triggers.json``; checked against ``sitrep/data_schemas.py`` when loaded); this module
only turns them into sets and compiled patterns. The event-type groups below are the
codebook's types (``sitrep/models.py``), not domain words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitrep.extract.actors import ActorResolver
from sitrep.extract.grammar import _APPROX, _FRAC, _PCT
from sitrep.extract.quantities import QuantityFinder
from sitrep.language.lexicon import Lexicon

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


def _words(items: list[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in items)


def _alternation(items: list[str]) -> str:
    return "|".join(items)


# "Qalat, provincial capital of ": an apposition that goes with the place before it
_APPOSITION = r"(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*,?\s+(?:the\s+)?(?:provincial\s+)?capital\s+of\s+(?:the\s+)?)?"


@dataclass(frozen=True)
class Resources:
    """The extraction's configuration: read-only lookups shared by every step."""

    lex: Lexicon
    actors: ActorResolver
    qty: QuantityFinder
    materiel_words: frozenset[str]
    facility_words: frozenset[str]
    forces_words: frozenset[str]
    people_words: frozenset[str]
    noun_triggers: dict[str, str]
    # irregular past forms of trigger verbs that are no noun ("overran", "overtook"): verbs
    # even where the tagger says otherwise ("The Taliban overran X")
    verb_only_forms: frozenset[str]
    noun_predicates: frozenset[str]
    support_verbs: frozenset[str]
    planned_verbs: frozenset[str]
    realised_verbs: frozenset[str]
    say_verbs: frozenset[str]
    outlets: list[str]  # longest first
    outlet_re: re.Pattern[str]  # "Reuters reported", "local media said"
    predicted_aux: frozenset[str]
    aggregate_words: frozenset[str]
    place_heads: frozenset[str]
    control_verbs: frozenset[str]
    control_nouns: frozenset[str]
    generic_objects: frozenset[str]
    anaphor_nouns: frozenset[str]
    clash_nouns: frozenset[str]
    deny_verbs: frozenset[str]
    party_claim_verbs: frozenset[str]
    claimed_past_verbs: frozenset[str]
    attribution_re: re.Pattern[str]  # ", the ministry said."
    claimant_re: re.Pattern[str]  # "The Taliban say ..."
    kill_re: re.Pattern[str]
    air_re: re.Pattern[str]
    air_strike_nouns: tuple[str, ...]
    contained_in_re: re.Pattern[str]  # "X district in P": the container after a listed place
    list_gap_re: re.Pattern[str]  # what may stand between two listed places: glue words, unknown names
    singular_level_re: re.Pattern[str]  # "Tagab district, Kapisa province": one place at two levels
    abroad_re: re.Pattern[str]
    abroad_noun_re: re.Pattern[str]
    units_by_type: dict[str, frozenset[str]]
    # claims of control (codebook §4)
    control_re: re.Pattern[str]  # a sentence about control: "held", "overran"
    share_territory_re: re.Pattern[str]  # "85% of the territory"
    withdrawal_re: re.Pattern[str]  # "90% of the withdrawal is complete"
    # matched at the end of the text before a place: "all districts except (the city of)"
    excepted_re: re.Pattern[str]
    # ... "forces retreated to (Qalat, provincial capital of)": where the losing side went
    retreat_to_re: re.Pattern[str]

    @classmethod
    def from_lexicon(cls, lex: Lexicon) -> Resources:
        u, cues = lex.units, lex.cues
        outlets = sorted({w.lower() for w in cues["media_outlets"]}, key=len, reverse=True)
        # one pattern for all outlets (longest first)
        alt = "|".join(re.escape(o) for o in outlets if len(o) > 3)
        outlet_verbs = _alternation([re.escape(w) for w in cues["outlet_verbs"]])
        said = _alternation([re.escape(w) for w in cues["attribution_verbs"]])
        territory = _alternation(cues["territory_words"])
        pullout = _alternation(cues["withdrawal_nouns"])
        withdrawn = _alternation(cues["withdrawal_verbs"])
        things = _alternation(cues["withdrawn_things"])
        excepting = "|".join(re.escape(w) for w in cues["exception_words"])
        retreat = "|".join(re.escape(w) for w in cues["retreat_words"])
        return cls(
            lex=lex,
            actors=ActorResolver(lex),
            qty=QuantityFinder(lex),
            materiel_words=_words(u["materiel_words"]),
            facility_words=_words(u["facility_words"]),
            forces_words=_words(u["forces_words"]),
            people_words=_words(u["units"]["people"]),
            noun_triggers={k.lower(): v for k, v in lex.triggers["nouns"].items()},
            verb_only_forms=frozenset(
                f.lower()
                for lemma, forms in lex.triggers["irregular"].items()
                for f in forms
                if f.lower() != lemma.lower() and f.lower() not in lex.triggers["nouns"]
            ),
            noun_predicates=frozenset(lex.triggers["noun_predicates"]),
            support_verbs=frozenset(lex.triggers["support_verbs"]),
            planned_verbs=frozenset(cues["planned_verbs"]),
            realised_verbs=frozenset(cues["realised_control_verbs"]),
            say_verbs=_words(cues["say_verbs"]),
            outlets=outlets,
            outlet_re=re.compile(rf"\b({alt})\b (?:{outlet_verbs})", re.I),
            predicted_aux=frozenset(cues["predicted_aux"]),
            aggregate_words=_words(cues["aggregate_words"]),
            place_heads=_words(cues["place_heads"]),
            control_verbs=_words(cues["control_verbs"]),
            control_nouns=_words(cues["control_nouns"]),
            generic_objects=_words(cues["generic_objects"]),
            anaphor_nouns=_words(cues["anaphor_nouns"]),
            clash_nouns=_words(cues["clash_nouns"]),
            deny_verbs=_words(cues["deny_verbs"]),
            party_claim_verbs=_words(cues["party_claim_verbs"]),
            claimed_past_verbs=_words(cues["claimed_past_verbs"]),
            attribution_re=re.compile(
                r",\s*((?:(?:a|an|the)\s+)?[\w][^,.;\"“”]{1,60}?)\s+(?:"
                + said
                + r")\b(?:\s+on\s+\w+)?\s*(?:[,.!]|$)"
            ),
            claimant_re=re.compile(
                r"\b([A-Z][\w.'’ -]{1,50}?)\s+(?:"
                + _alternation([re.escape(w) for w in cues["claimant_verbs"]])
                + r")\b"
            ),
            kill_re=re.compile(r"\b(?:" + _alternation(cues["kill_words"]) + r")\b"),
            air_re=re.compile(r"\b(?:" + _alternation(cues["air_words"]) + r")\b"),
            air_strike_nouns=tuple(w.lower() for w in cues["air_strike_nouns"]),
            list_gap_re=re.compile(
                r"[\s,;&]*(?:(?:(?i:" + "|".join(cues["list_glue"]) + r")|[A-Z][\w'’-]*)[\s,;&]+)*"
                r"(?:(?i:" + "|".join(cues["list_glue"]) + r"))?\s*"
            ),
            contained_in_re=re.compile(
                r"(?:\s+(?i:" + _alternation(cues["container_nouns"]) + r"))?\s+(?:in|of)\s+(?:the\s+)?(?:[a-z]+\s+)?"
            ),
            singular_level_re=re.compile(r"\s+(?:" + _alternation(cues["level_nouns"]) + r")\b(?!s)"),
            abroad_re=re.compile(r"\b(?:" + _alternation(cues["abroad_phrases"]) + r")\b"),
            abroad_noun_re=re.compile(
                r"\b([\w-]+) (?:" + _alternation([re.escape(w) for w in cues["abroad_nouns"]]) + r")\b"
            ),
            units_by_type={k: frozenset(v) for k, v in u["units_by_type"].items()},
            control_re=re.compile(r"\b(?:" + _alternation(cues["control_words"]) + r")\b", re.I),
            share_territory_re=re.compile(
                rf"{_APPROX}(?:{_PCT}|{_FRAC})\s+of\s+(?:the\s+|its\s+|all\s+)?(?:\w+(?:['’]s)?\s+)?(?:{territory})\b",
                re.I,
            ),
            withdrawal_re=re.compile(
                rf"(?:{_PCT}\s+(?:of\s+(?:the\s+)?(?:\w+\s+)?(?:{pullout})|complete)|(?:{pullout})[^.]{{0,60}}?{_PCT.replace('pct', 'pct2')}\s+(?:complete|completed|done|finished)"
                rf"|(?:{withdrawn})\s+{_APPROX}{_PCT.replace('pct', 'pct3')}\s+of\s+(?:its|their|the|all)\s+(?:\w+\s+)?(?:{things}))",
                re.I,
            ),
            excepted_re=re.compile(
                rf"\b(?:{excepting})\s+(?:for\s+)?(?:the\s+)?(?:(?:provincial\s+)?(?:city|capital|centre|center|town)\s+(?:of\s+)?)?$",
                re.I,
            ),
            retreat_to_re=re.compile(
                rf"\b(?:{retreat})\b[^.;:]{{0,50}}\b(?:to|towards?|into)\s+(?:the\s+)?{_APPOSITION}$", re.I
            ),
        )
