"""Schemas of the data files under ``sitrep/data/``, checked when a file is loaded.

Every model forbids keys it does not declare, so a misspelt key ("objet_words",
"subject_kinds") stops the load with one line naming the file and the key instead
of being silently ignored. Regular expressions are compiled here, one by one, so a
bad one is named too. The frame keys declared in :class:`VerbFrame` are exactly the
keys the extraction code reads; a new key needs code that reads it and a line here.

The loaders return the file's JSON as read (plain dicts and lists), after it passed
its model: the extraction code indexes those dicts directly.
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from sitrep.config import data_dir
from sitrep.errors import SitrepError
from sitrep.models import EventType


class DataFileError(SitrepError):
    """A data file under ``sitrep/data/`` is missing, not JSON, or does not match its schema."""


# --------------------------------------------------------------------------- shared pieces

ActorKind = Literal["nonstate", "state_forces", "foreign_forces", "state", "intl", "civilians"]
# what ``sitrep.extract.frames._object_kinds`` finds in a verb's object
ObjectKind = Literal["place", "facility", "materiel", "forces", "country"]
# a frame's type: an event type, or one decided by the object ("capture": territory or
# materiel) or by the subject's side ("by_subject": the frame's "state" / "nonstate" type)
FrameType = EventType | Literal["capture", "by_subject"]

_PREP_ROLE = r"prep:[a-z]+"


def _compile(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise ValueError(f"bad regular expression {pattern!r}: {exc}") from None


def _regex(pattern: str) -> str:
    _compile(pattern)
    return pattern


# a regular expression (compiled once here to check it; the loaders compile their own)
Regex = Annotated[str, AfterValidator(_regex)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


Words = list[str]


# --------------------------------------------------------------------------- triggers.json


class VerbFrame(_Strict):
    """One reading of a trigger verb: tried in order, the first whose conditions hold wins."""

    type: FrameType
    # where the actors are: the subject (passives handled by the code), the object, the
    # "of" owner of the object ("captured the base of the army"), or a preposition's object;
    # actor1 "other_side": the subject is actor2 and its adversary actor1 ("troops left X")
    actor1: str = Field("subj", pattern=rf"^(?:subj|other_side|{_PREP_ROLE})$")
    actor2: str | None = Field(None, pattern=rf"^(?:obj|obj_owner|{_PREP_ROLE})$")
    place: Literal["subj"] | None = None  # the subject is the place ("Kunduz fell to ...")
    # conditions, all of which must hold for the frame to apply
    particle: Words | None = Field(None, min_length=1)  # "took over", "pulled out"
    object_words: Words | None = Field(None, min_length=1)  # a word of the object or complement clause
    requires_prep: Words | None = Field(None, min_length=1)  # a preposition on the verb
    subject_kind: list[ActorKind] | None = Field(None, min_length=1)
    subject_words: Words | None = Field(None, min_length=1)  # the subject's head noun ("troops left", not "officials left")
    object_kind: list[ObjectKind] | None = Field(None, min_length=1)
    object_kind_actor: bool | None = None  # the object is an actor of another kind ("joined the Taliban")
    subject_place: bool | None = None  # the subject is a place ("Kunduz fell"), not "prices fell"
    requires_foreign: bool | None = None  # the movement goes abroad
    # other types: with a direct object ("surrendered the base"), or by the subject's side
    transitive_type: EventType | None = None
    # a second event the same words tell, its actors the other way round ("handed over their
    # weapons to the Taliban": a surrender, and materiel the Taliban captured)
    also_type: EventType | None = None
    state: EventType | None = None
    nonstate: EventType | None = None

    @model_validator(mode="after")
    def _by_subject_types(self) -> VerbFrame:
        if (self.type == "by_subject") != (self.state is not None and self.nonstate is not None):
            raise ValueError("'state' and 'nonstate' types are required with type 'by_subject', and only there")
        return self


class PhraseTrigger(_Strict):
    type: EventType
    regex: str

    @field_validator("regex")
    @classmethod
    def _regex(cls, v: str) -> str:
        rx = _compile(v, re.IGNORECASE)
        unknown = set(rx.groupindex) - {"actor"}
        if unknown:
            raise ValueError(f"unknown named group {sorted(unknown)[0]!r} (only 'actor' is read)")
        return v


class TriggersFile(_Strict):
    doc: str | None = Field(None, alias="_doc")
    verbs: dict[str, list[VerbFrame]] = Field(min_length=1)
    nouns: dict[str, EventType]
    support_verbs: Words
    noun_predicates: Words
    phrases: list[PhraseTrigger] = []
    irregular: dict[str, Words] = {}
    # a verb with one of these particles is no trigger at all ("took up arms", "took up positions")
    no_event_particles: dict[str, Words] = {}
    # a 'capture' verb as a participle on a materiel noun is a materiel capture ("captured weapons")
    materiel_participles: Words = []

    @field_validator("verbs")
    @classmethod
    def _frames(cls, v: dict[str, list[VerbFrame]]) -> dict[str, list[VerbFrame]]:
        empty = [lemma for lemma, frames in v.items() if not frames]
        if empty:
            raise ValueError(f"verb {empty[0]!r} has no frame")
        return v


# --------------------------------------------------------------------------- cues.json


class CuesFile(_Strict):
    """Word lists (matched as words) and phrase lists (regular expressions, case-insensitive)."""

    doc: str | None = Field(None, alias="_doc")
    # words
    predicted_aux: Words
    planned_verbs: Words
    realised_control_verbs: Words
    say_verbs: Words
    media_outlets: Words
    aggregate_words: Words
    claim_subjects: Words  # what a share or count must be about to make a sentence a claim candidate
    # regular expressions
    negated_phrases: list[Regex]
    predicted_phrases: list[Regex]
    near_miss: list[Regex]
    planned_phrases: list[Regex]
    alleged_cues: list[Regex]
    history_phrases: list[Regex]
    generic_phrases: list[Regex]
    tally_phrases: list[Regex]  # "a total of N ... over the past two weeks": a tally of what was told
    peaceful_phrases: list[Regex]
    fighting_phrases: list[Regex]
    list_copula: list[Regex]  # matched at a sentence's start: "The districts are A, B and C"
    exception_words: Words  # "all districts except Taloqan": what follows is not where it happened
    retreat_words: Words  # "forces retreated to Qalat": the place after them is where the losers went
    crossing_words: list[Regex]  # after a place: it is a crossing point ('Torkham border crossing')
    foreign_side: list[Regex]  # a clause that has crossed to the far side ('into Tajik territory')
    # read by the extraction steps (sitrep/extract/): nouns, as words, lower case
    place_heads: Words  # head nouns of a subject or object that is a place ("the district centre fell")
    control_verbs: Words  # lemmas whose "of"/"over"/"into"/"in" object is what they take ("took control of X")
    control_nouns: Words  # "took control of X": the object of this noun is the verb's object (a place)
    generic_objects: Words  # objects that name no particular place ("took territory", "seized positions")
    anaphor_nouns: Words  # "the city", "the district": the place named before them
    clash_nouns: Words  # a subject that is fighting ("clashes erupted")
    deny_verbs: Words  # lemmas of verbs that negate what they govern ("denied capturing")
    party_claim_verbs: Words  # lemmas: "the Taliban claimed control of X" is the party's own word
    claimed_past_verbs: Words  # lemmas: "claimed to have captured" tells a past event as someone tells it
    # verbs that end an attribution (", the ministry said"; "Reuters reported"): word forms
    attribution_verbs: Words
    outlet_verbs: Words
    claimant_verbs: Words  # "the Taliban say 85% ...": who makes a claim of control
    # claims of control (codebook §4), regular expressions, case-insensitive
    control_words: list[Regex]  # a sentence about control ("held", "overran"): only then a share is a claim
    territory_words: list[Regex]  # "85% of the territory"
    withdrawal_nouns: list[Regex]  # "90% of the withdrawal"
    withdrawal_verbs: list[Regex]  # "have withdrawn 90% of their forces"
    withdrawn_things: list[Regex]
    # regular expressions, case-sensitive, matched as words
    kill_words: list[Regex]  # a death ("were killed", "lost their lives")
    air_words: list[Regex]  # who fights from the air (lower case): "warplanes", "drones"
    air_strike_nouns: Words  # a sentence with one of these makes a nominal clash an air strike
    container_nouns: list[Regex]  # "Nirkh district in Wardak": a listed place's noun before its container
    level_nouns: list[Regex]  # "Tagab district, Kapisa province": a singular level noun joins two names
    list_glue: list[Regex]  # what may stand between the places of one list ("A in P in the north, B in Q")
    abroad_phrases: list[Regex]  # a movement's destination abroad ("across the border")
    abroad_nouns: Words  # "<demonym> territory / soil / side"


# --------------------------------------------------------------------------- units.json

UnitName = Literal["personnel", "people", "weapons", "vehicles", "aircraft", "ammunition"]


class UnitsFile(_Strict):
    doc: str | None = Field(None, alias="_doc")
    units: dict[UnitName, Words]
    vague: dict[str, int]
    numbers: dict[str, int]
    approx_words: Words
    multipliers: dict[str, int]
    materiel_words: Words
    facility_words: Words
    forces_words: Words
    # words just before a number that make it a count of sources, not of the event ("according to two officers")
    source_markers: Words
    # the units of the numbers an event of each type takes ("12 Humvees" for a materiel capture)
    units_by_type: dict[EventType, list[UnitName | Literal["other"]]]


# --------------------------------------------------------------------------- actors.json


class ActorEntry(_Strict):
    name: str = Field(min_length=1)
    kind: ActorKind
    country: str | None = None
    aliases: Words = []
    forces: str | None = None  # the actor through which a state acts in military events


class ConflictInfo(_Strict):
    """The conflict the control map is about (read by ``sitrep/analysis/conflict.py``)."""

    country: str
    state: str  # the state's actor
    nonstate: str  # the main non-state party
    labels: dict[str, str] = {}  # control status -> label shown to users


class ActorsFile(_Strict):
    doc: str | None = Field(None, alias="_doc")
    actors: list[ActorEntry] = Field(min_length=1)
    demonyms: dict[str, str]
    state_bodies: Words = []
    generic: dict[Literal["nonstate", "state_forces"], Words]
    conflict: ConflictInfo | None = None

    @model_validator(mode="after")
    def _names_known(self) -> ActorsFile:
        names = {a.name for a in self.actors}
        for a in self.actors:
            if a.forces is not None and a.forces not in names:
                raise ValueError(f"actor {a.name!r}: 'forces' names no actor: {a.forces!r}")
        for word, name in self.demonyms.items():
            if name not in names:
                raise ValueError(f"demonym {word!r} names no actor: {name!r}")
        if self.conflict is not None:
            for side in (self.conflict.state, self.conflict.nonstate):
                if side not in names:
                    raise ValueError(f"conflict: {side!r} names no actor")
        return self


# --------------------------------------------------------------------------- boilerplate.json


class PatternSection(_Strict):
    about: str | None = Field(None, alias="_about")
    patterns: list[Regex]


class BoilerplateFile(_Strict):
    about: str | None = Field(None, alias="_about")
    comment_headings: PatternSection
    comment_markers: PatternSection
    comment_voice: PatternSection
    news_voice: PatternSection
    drop_lines: PatternSection
    image_markers: PatternSection
    caption_lines: PatternSection


# --------------------------------------------------------------------------- loading

SCHEMAS: dict[str, type[BaseModel]] = {
    "triggers.json": TriggersFile,
    "cues.json": CuesFile,
    "units.json": UnitsFile,
    "actors.json": ActorsFile,
    "boilerplate.json": BoilerplateFile,
}


def _where(loc: tuple[int | str, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(loc))


def _known_keys() -> set[str]:
    keys: set[str] = set()
    for model in (VerbFrame, PhraseTrigger, TriggersFile, CuesFile, UnitsFile, ActorEntry, ConflictInfo,
                  ActorsFile, PatternSection, BoilerplateFile):
        for name, f in model.model_fields.items():
            keys.add(f.alias or name)
    return keys


def describe(error: ValidationError) -> str:
    """A pydantic error as one line: the first problem (an unknown key before anything
    else, with the declared key it is closest to), where it is, and how many more."""
    errs = sorted(error.errors(include_url=False), key=lambda e: e["type"] != "extra_forbidden")
    first = errs[0]
    loc = tuple(first["loc"])
    inside = f" in {_where(loc[:-1])}" if len(loc) > 1 else ""
    if first["type"] == "extra_forbidden":
        what = f"unknown key {loc[-1]!r}{inside}"
        close = difflib.get_close_matches(str(loc[-1]), sorted(_known_keys()), n=1, cutoff=0.75)
        if close:
            what += f" (did you mean {close[0]!r}?)"
    elif first["type"] == "missing":
        what = f"missing key {loc[-1]!r}{inside}"
    else:
        msg = str(first["msg"]).removeprefix("Value error, ")
        value = first.get("input")
        if loc and loc[-1] == "[key]":  # a key outside the allowed ones ("units": {"soldiers": ...})
            loc = loc[:-1]
            where = f"key {loc[-1]!r}" + (f" in {_where(loc[:-1])}" if len(loc) > 1 else "")
        else:
            where = _where(loc)
            if first["type"] != "value_error" and isinstance(value, str | int | float | bool):
                msg += f", not {str(json.dumps(value))[:60]}"
        what = f"{where}: {msg}" if where else msg
    more = len(errs) - 1
    return what + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")


def check(name: str, data: Any, path: Path | str | None = None) -> BaseModel:
    """``data`` validated against the schema of data file ``name``; else :class:`DataFileError`."""
    try:
        return SCHEMAS[name].model_validate(data)
    except ValidationError as exc:
        raise DataFileError(f"data file {path or name}: {describe(exc)}") from None


def load_data(name: str, directory: Path | None = None) -> dict[str, Any]:
    """The JSON of data file ``name`` (e.g. ``"triggers.json"``), checked against its schema.

    Raises :class:`DataFileError` (one line naming the file and the problem) when the
    file cannot be read, is not JSON, or does not match its model in :data:`SCHEMAS`.
    """
    path = (directory if directory is not None else data_dir()) / name
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as exc:
        raise DataFileError(f"data file {path}: cannot be read ({exc.strerror or exc})") from None
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
        raise DataFileError(f"data file {path}: not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise DataFileError(f"data file {path}: expected a JSON object at the top")
    check(name, data, path=path)
    return data
