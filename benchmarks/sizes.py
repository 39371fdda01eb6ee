"""Extraction time and peak memory against input size: is the work linear?

One article of N MB goes through cleaning (``sitrep.ingest.from_text``) and
``Pipeline().extract``; each case runs in a fresh child process (spawned) so that
its peak RSS (``ru_maxrss``) is its own; the pipeline is loaded and warmed up
before the clock starts (its memory is in the peak). Cases:

* ``prose`` N MB: generated news-like English prose, articles of 400–800 words
  joined by blank lines: about 80 % general news (economy, weather, sport,
  councils; templates with varied fills), 10 % background on the conflict and
  10 % conflict events (the templates of ``make_corpus.py``);
* ``conflict`` N MB: the articles of ``make_corpus.py`` (conflict reporting
  throughout: 3–7 event sentences per article, conflict background around them);
* ``line`` N MB: the ``prose`` text with every line break replaced by a space
  (one line, no paragraphs);
* adversarial, N MB after one capture sentence: ``'A'*N``, ``'1'*N``,
  ``'Abc Def, '*(N/9)``.

    python benchmarks/sizes.py            # 1 2 4 8 16 MB prose, 1 8 MB conflict, 16 MB line, adversarial 1 MB
    python benchmarks/sizes.py --prose 1 2 --conflict --line --adversarial 0.1 --json /tmp/sizes.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing as mp
import random
import resource
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import DAYS, EVENT_TEMPLATES, PROSE, _fill, make_article  # noqa: E402

MB = 1_000_000
LEAD = "The Taliban captured the Khwahan district of Badakhshan province on Monday, officials said. "


# general news: what most of a newspaper is about (none of it is an event of the codebook)
NEWS = [
    "The {org} said on {day} that {noun} prices had risen by {n} percent over the past year.",
    "Shares in {company} fell sharply after the company reported lower profits for the {quarter} quarter.",
    "The city council of {town} approved a plan to rebuild the old market and widen the main road.",
    "Heavy rain is expected across the {region} region over the weekend, forecasters said on {day}.",
    "{team} beat {team2} {w}-{l} in front of a home crowd of about {n}00 people.",
    "The minister of {ministry} told reporters that the new budget would include more money for {noun2}.",
    "Teachers in {town} went on strike on {day}, demanding higher wages and smaller classes.",
    "A new bridge over the river will cut the journey between {town} and {town2} to under an hour.",
    "The festival, which returns after a break of {n2} years, is expected to draw visitors from abroad.",
    "Doctors at the {town} hospital said they had treated more patients with heat stroke this week.",
    "The central bank kept its main interest rate unchanged at {n3} percent, as most economists expected.",
    "Farmers in the {region} valley say the harvest of {crop} will be smaller than last year's.",
    "The national airline announced {n2} new routes, including daily flights to {capital}.",
    "Officials said the census would be carried out in the autumn, the first in more than a decade.",
    "A report by the {org} found that most households spend more than half of their income on food.",
    "The museum in {town} reopened on {day} with an exhibition of old carpets and manuscripts.",
    "Parliament debated a draft law on mining licences but postponed the vote until next month.",
    "Power cuts in {town} lasted up to {n2} hours a day, residents said, as demand rose in the heat.",
    "The football federation named a new coach for the national team ahead of the regional cup.",
    "Exports of {crop} to neighbouring countries rose by {n} percent in the first half of the year.",
    "Students at the university protested against a rise in fees, and the rector agreed to meet them.",
    "The {org} opened a new office in {town} to help small businesses get loans.",
    "Traffic police in {capital} said the new speed cameras had reduced accidents on the ring road.",
    "A delegation from {capital} arrived on {day} for talks on trade, energy and water.",
]
ORGS = [
    "statistics office",
    "chamber of commerce",
    "World Bank",
    "trade ministry",
    "farmers' union",
    "consumer association",
    "Asian Development Bank",
    "national bank",
]
NOUNS = ["flour", "fuel", "rice", "cooking oil", "sugar", "cement", "electricity", "rent"]
NOUNS2 = ["schools", "roads", "hospitals", "irrigation", "housing", "pensions"]
COMPANIES = ["Amu Telecom", "Pamir Cement", "Silk Road Air", "Kabul Motors", "Northern Grain"]
TOWNS = ["Mazar-i-Sharif", "Jalalabad", "Bamyan", "Charikar", "Khost", "Gardez", "Aybak", "Farah"]
REGIONS = ["northern", "southern", "central", "eastern", "western"]
TEAMS = ["Kabul United", "Herat City", "Balkh Stars", "Nangarhar Eagles", "Kandahar Lions"]
CROPS = ["wheat", "cotton", "almonds", "grapes", "pomegranates", "saffron"]
CAPITALS = ["Istanbul", "Delhi", "Dubai", "Tashkent", "Almaty", "Doha"]
MINISTRIES = ["finance", "education", "health", "energy", "agriculture"]


def _news(rng: random.Random) -> str:
    return rng.choice(NEWS).format(
        org=rng.choice(ORGS),
        day=rng.choice(DAYS),
        noun=rng.choice(NOUNS),
        noun2=rng.choice(NOUNS2),
        n=rng.randint(2, 60),
        n2=rng.randint(1, 9),
        n3=rng.randint(1, 9),
        company=rng.choice(COMPANIES),
        quarter=rng.choice(["first", "second", "third"]),
        town=rng.choice(TOWNS),
        town2=rng.choice(TOWNS),
        region=rng.choice(REGIONS),
        team=rng.choice(TEAMS),
        team2=rng.choice(TEAMS),
        ministry=rng.choice(MINISTRIES),
        w=rng.randint(2, 5),
        l=rng.randint(0, 1),
        crop=rng.choice(CROPS),
        capital=rng.choice(CAPITALS),
    )


def _mixed_article(rng: random.Random) -> str:
    """400–800 words in paragraphs of 2–5 sentences: about 80 % general news, 10 % background on
    the conflict, 10 % conflict events (the event templates of ``make_corpus.py``)."""
    paras: list[str] = []
    words = 0
    target = rng.randint(400, 800)
    while words < target:
        sents = []
        for _ in range(rng.randint(2, 5)):
            r = rng.random()
            if r < 0.1:
                sents.append(_fill(rng.choice(EVENT_TEMPLATES), rng))
            elif r < 0.2:
                sents.append(rng.choice(PROSE))
            else:
                sents.append(_news(rng))
        para = " ".join(sents)
        paras.append(para)
        words += len(para.split())
    return "\n\n".join(paras)


def prose(n_chars: int, kind: str = "mixed", seed: int = 2021) -> str:
    """Generated articles joined by blank lines, until at least ``n_chars`` characters.

    ``mixed``: general news with some conflict sentences (see ``_mixed_article``);
    ``conflict``: the articles of ``make_corpus.py`` (conflict reporting throughout)."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    i = 0
    while size < n_chars:
        text = _mixed_article(rng) if kind == "mixed" else make_article(i, rng)["text"]
        parts.append(text)
        size += len(text) + 2
        i += 1
    return "\n\n".join(parts)


def make_text(case: str, size: float) -> str:
    n = int(size * MB)
    if case == "prose":
        return prose(n)
    if case == "conflict":
        return prose(n, "conflict")
    if case == "line":
        return prose(n).replace("\n", " ")
    if case == "A":
        return LEAD + "A" * n
    if case == "1":
        return LEAD + "1" * n
    if case == "AbcDef":
        return LEAD + "Abc Def, " * (n // 9)
    raise ValueError(case)


def _peak_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def _cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def _child(case: str, size: float, queue: Any) -> None:
    from sitrep.ingest import from_text
    from sitrep.pipeline import Pipeline

    pipeline = Pipeline()
    pipeline.extract(from_text(LEAD, fmt="text", published=dt.date(2021, 7, 5)))  # loads spaCy
    base = _peak_rss_mb()
    text = make_text(case, size)
    cpu0 = _cpu()
    t0 = time.perf_counter()
    article = from_text(text, fmt="text", published=dt.date(2021, 7, 5), source="bench")
    t1 = time.perf_counter()
    result = pipeline.extract(article)
    t2 = time.perf_counter()
    cpu = _cpu() - cpu0
    queue.put(
        {
            "case": case,
            "MB": size,
            "chars": len(text),
            "clean_s": round(t1 - t0, 2),
            "extract_s": round(t2 - t1, 2),
            "total_s": round(t2 - t0, 2),
            "cpu_s": round(cpu, 2),
            "events": len(result.events),
            "rss_before_mb": round(base),
            "peak_rss_mb": round(_peak_rss_mb()),
        }
    )


def run_case(case: str, size: float, timeout: float) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(case, size, queue))
    proc.start()
    t0 = time.perf_counter()
    try:
        row = queue.get(timeout=timeout)
    except Exception:  # noqa: BLE001 - a timeout or a crashed child
        row = {"case": case, "MB": size, "error": f"no result within {timeout:.0f} s"}
    proc.join(5)
    if proc.is_alive():
        proc.kill()
        proc.join()
    row.setdefault("wall_s", round(time.perf_counter() - t0, 2))
    return row


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--prose", type=float, nargs="*", default=[1, 2, 4, 8, 16], help="prose sizes in MB")
    ap.add_argument("--conflict", type=float, nargs="*", default=[1, 8], help="conflict-prose sizes in MB")
    ap.add_argument("--line", type=float, nargs="*", default=[16], help="single-line prose sizes in MB")
    ap.add_argument("--adversarial", type=float, nargs="*", default=[1], help="adversarial sizes in MB")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per case (default 600)")
    ap.add_argument("--json", type=Path, help="write the rows here")
    args = ap.parse_args(argv)
    cases = [("prose", s) for s in args.prose] + [("conflict", s) for s in args.conflict]
    cases += [("line", s) for s in args.line]
    cases += [(c, s) for s in args.adversarial for c in ("A", "1", "AbcDef")]
    rows = []
    print("| case | MB | clean s | extract s | total s | CPU s | wall s/MB | events | peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for case, size in cases:
        row = run_case(case, size, args.timeout)
        rows.append(row)
        if "error" in row:
            print(f"| {case} | {size:g} | | | {row['error']} | | | | |", flush=True)
        else:
            print(
                f"| {case} | {size:g} | {row['clean_s']} | {row['extract_s']} | {row['total_s']} "
                f"| {row['cpu_s']} | {row['total_s'] / size:.1f} | {row['events']} | {row['peak_rss_mb']} |",
                flush=True,
            )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
