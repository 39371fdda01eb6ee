"""The extractor: the steps of ``sitrep/extract/`` in order, per document and per sentence.

For each sentence of an analysed article: skip a headline (``structure``), decide whether
it is history (``dating``), make its :class:`SentenceContext` (the sentence, its place
mentions and dates, the document around it), tell its events (``compose``: triggers ->
frames -> modality -> roles -> places -> dates -> quantities), its claims (``claims``)
and its casualty counts (``casualties``), then carry the story's date forward. At the end,
the events one article tells twice are merged (``docmerge``). The extractor keeps only
its configuration (:class:`Resources`); everything per document or per sentence is passed
as an argument.
"""

from __future__ import annotations

from typing import Any

from sitrep.extract.casualties import _attach_casualties, _casualty_events
from sitrep.extract.claims import find_claims
from sitrep.extract.compose import _sentence_events
from sitrep.extract.context import Context, SentenceContext
from sitrep.extract.dates import find_dates
from sitrep.extract.dating import _claim_date, _is_history, _update_date
from sitrep.extract.docmerge import merge_within_document
from sitrep.extract.resources import Resources
from sitrep.extract.structure import _is_headline
from sitrep.language.lexicon import Lexicon
from sitrep.models import AnalysedArticle, Event, PlaceMention


class Extractor:
    def __init__(self, lexicon: Lexicon | None = None) -> None:
        from sitrep.language.lexicon import load_lexicon

        self.res = Resources.from_lexicon(lexicon or load_lexicon())

    @property
    def lex(self) -> Lexicon:
        return self.res.lex

    def run(self, analysed: AnalysedArticle) -> tuple[list[Event], list[Any]]:
        res = self.res
        article = analysed.article
        doc_actors = res.actors.scan(article.text)
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
            if sent.doc is None or _is_headline(sent, i, article.title):
                if _is_history(res, sent.text, published, explicit):
                    ctx.history_para = sent.paragraph
                _update_date(ctx, explicit, sent)
                continue
            history = _is_history(res, sent.text, published, explicit)
            if history:
                ctx.history_para = sent.paragraph
            elif ctx.history_para == sent.paragraph and not any(d.date is not None for d in explicit):
                # "Marines deployed there in 2010. For two years they fought ...": the paragraph's
                # story is still the old one until a date of the article's time is stated
                history = True
            sent_mentions = by_sentence.get(i, [])
            sc = SentenceContext(
                sent=sent,
                mentions=sent_mentions,
                explicit=explicit,
                doc=ctx,
                doc_actors=doc_actors,
                sentences=sentences,
                by_sentence=by_sentence,
                mention_starts=[m.start - sent.start for m in sent_mentions if m.kind_hint != "country"],
            )
            new = [] if history else _sentence_events(res, sc)
            claims.extend(find_claims(sent, res, doc_actors, published, _claim_date(sent, explicit, ctx)))
            if not history and not _attach_casualties(res, sent, new, ctx, i, sentences, sent_mentions, explicit):
                new = _casualty_events(res, sent, sent_mentions, explicit, ctx, doc_actors)
            for e in new:
                events.append(e)
                ctx.last_events.append((i, e))
            if not history:
                _update_date(ctx, explicit, sent)
            if any(d.ref_previous for d in explicit):
                dated = [e for e in new if e.date is not None]
                if dated:
                    ctx.date, ctx.date_precision, ctx.date_para = (
                        dated[-1].date,
                        dated[-1].date_precision,
                        sent.paragraph,
                    )
        return merge_within_document(events), claims
