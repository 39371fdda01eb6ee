"""The explicit state the extraction steps pass to one another.

Nothing here is kept on a step or on a record: :class:`Context` is made once per
document and carries what earlier sentences established (the story's date and place,
who was cited, the last subject); :class:`SentenceContext` is made once per sentence
and holds that sentence with its place mentions and dates. Every step takes what it
reads as arguments; the only writes go to the document's :class:`Context`, in the
orchestrator's order (``sitrep/extract/extractor.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sitrep.extract.actors import DocActors
from sitrep.extract.dates import DateMatch
from sitrep.models import Event, PlaceMention, Sentence


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
    last_place_type: str | None = None  # the capture or retake told without naming the places
    last_place_sentence: int = -2  # the index of the sentence that told it
    history_para: int = -1  # the paragraph whose story is history (a year long past was stated)
    date: dt.date | None = None
    date_precision: str = "unknown"
    date_para: int = -1
    last_events: list[tuple[int, Event]] = field(default_factory=list)  # (sentence index, event)
    last_subject: str | None = None
    last_source: tuple[int, str] | None = None  # (sentence index, who was cited there)
    sources: dict[int, str | None] = field(default_factory=dict)  # sentence index -> its source


@dataclass(frozen=True)
class SentenceContext:
    """One sentence as the steps see it: its text and parse, the place mentions in it
    (absolute offsets, like ``sent.start``), its dates, and the document around it.

    The defaults make a bare sentence (a hand-built ``Doc`` in a test) a valid context:
    no mentions, no dates, a fresh document context.
    """

    sent: Sentence
    mentions: list[PlaceMention] = field(default_factory=list)
    explicit: list[DateMatch] = field(default_factory=list)
    doc: Context = field(default_factory=Context)
    doc_actors: DocActors = field(default_factory=DocActors)
    sentences: list[Sentence] = field(default_factory=list)
    by_sentence: dict[int, list[PlaceMention]] = field(default_factory=dict)
    # sentence-relative starts of the mentions that are not countries; None: not known
    # (then a nominal trigger is taken to name a place)
    mention_starts: list[int] | None = None

    @property
    def start(self) -> int:
        return self.sent.start

    @property
    def text(self) -> str:
        return self.sent.text
