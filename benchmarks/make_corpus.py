"""Generate a synthetic benchmark corpus (JSON Lines) of conflict-news articles.

Deterministic for a given --seed: mostly non-event prose (background, quotes,
analysis) with a handful of event sentences per article drawn from varied
templates, districts, provinces, numbers and dates. Generated text, not copies
of real articles.

    python benchmarks/make_corpus.py --n 2000 --out benchmarks/corpus.jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path

PLACES = [
    ("Imam Sahib", "Kunduz"), ("Dasht-e-Archi", "Kunduz"), ("Chahar Dara", "Kunduz"),
    ("Qala-e-Zal", "Kunduz"), ("Khwahan", "Badakhshan"), ("Shighnan", "Badakhshan"),
    ("Ishkashim", "Badakhshan"), ("Kuf Ab", "Badakhshan"),
    ("Zhari", "Kandahar"), ("Panjwai", "Kandahar"), ("Arghandab", "Kandahar"), ("Spin Boldak", "Kandahar"),
    ("Nad Ali", "Helmand"), ("Nawa", "Helmand"), ("Garmsir", "Helmand"), ("Sangin", "Helmand"),
    ("Almar", "Faryab"), ("Qaisar", "Faryab"), ("Shirin Tagab", "Faryab"), ("Kohistan", "Faryab"),
    ("Ghoryan", "Herat"), ("Kohsan", "Herat"), ("Adraskan", "Herat"), ("Shindand", "Herat"),
    ("Muqur", "Badghis"), ("Ab Kamari", "Badghis"), ("Malistan", "Ghazni"), ("Andar", "Ghazni"),
    ("Dand-e-Ghori", "Baghlan"), ("Burka", "Baghlan"), ("Chal", "Takhar"), ("Yangi Qala", "Takhar"),
    ("Marawara", "Kunar"), ("Tagab", "Kapisa"), ("Saidabad", "Wardak"), ("Jalrez", "Wardak"),
]
CITIES = ["Kunduz", "Kandahar", "Herat", "Lashkar Gah", "Qala-e-Naw", "Faizabad", "Taloqan", "Maimana",
          "Sheberghan", "Pul-e-Khumri", "Ghazni", "Mazar-i-Sharif"]
COUNTRIES = ["Tajikistan", "Uzbekistan", "Iran", "Pakistan", "Turkmenistan"]
OUTLETS = ["Kabul Ledger", "Pamir Wire", "Southern Dispatch", "Northern Star Report", "Frontier Wire",
           "Central Asia Bulletin", "Atlantic Desk", "Gulf Chronicle", "Western Herald",
           "Eurasia Times Online"]
SPEAKERS = ["a provincial council member", "the district governor", "a police spokesman", "a local elder",
            "an army officer who asked not to be named", "the provincial governor's spokesman",
            "a Taliban spokesman", "a resident reached by telephone", "a Western diplomat in Kabul"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

EVENT_TEMPLATES = [
    "The Taliban captured the {d} district of {p} province on {day}, {sp} said.",
    "Taliban fighters overran the centre of {d} district in {p} after {n2} days of fighting.",
    "Government forces retook {d} district of {p} province on {day}, the Defense Ministry said.",
    "{n} soldiers surrendered to the Taliban in {d}, {sp} said, handing over their weapons.",
    "Afghan air strikes killed {n} Taliban fighters in the {d} district of {p} province, officials said.",
    "The militants seized {n2} armoured vehicles and {n} rifles when the base in {d} fell.",
    "About {n} Afghan troops crossed into {c} on {day} night after the fall of {d}, officials in {c} said.",
    "Afghan commandos were deployed to {city} on {day} to reinforce the city's defenders.",
    "{c} closed its border crossings with Afghanistan on {day}, citing security concerns.",
    "Some {n}0 families fled {d} for {city} as fighting spread, the refugee department said.",
    "The Taliban said they had taken {d}, {d2} and {d3} districts without a fight.",
    "Clashes were reported on the outskirts of {city} on {day}, with heavy casualties on both sides.",
    "The Taliban say they now control {pct}% of the country's territory, a claim the government rejects.",
    "The insurgents hold more than a third of Afghanistan's roughly 400 districts, analysts estimate.",
    "Government and Taliban negotiators met in Doha on {day} but made no progress on a ceasefire.",
]
PROSE = [
    "The province has seen years of fighting, and many residents say they have lost faith in promises "
    "from both sides.",
    "Officials in Kabul insist that the security forces remain capable of defending the cities and the "
    "main highways, even after the departure of foreign troops.",
    "Analysts say the speed of the advance reflects low morale among units that have gone unpaid for months.",
    "\"People are afraid, they do not know who will be in charge next week,\" said a shopkeeper who asked "
    "that his name be withheld.",
    "Aid agencies warned that the harvest could be lost if farmers are unable to return to their fields.",
    "The road to the provincial capital has been closed for several days, and prices of flour "
    "and fuel have risen.",
    "Diplomats say regional powers are watching closely and have opened their own channels to the movement.",
    "The government has urged local militias to take up arms, a strategy critics say could lead to a new "
    "civil war.",
    "Teachers said schools in the district had been closed since the start of the fighting.",
    "Hospitals in the city reported treating dozens of wounded people, many of them children.",
    "Local journalists said telephone networks were down for much of the day, making it hard to confirm "
    "reports.",
    "The area has long been a crossroads for trade, and control of its roads brings customs revenue.",
    "Elders tried to broker a local deal, but the talks broke down after two days, according to residents.",
    "The military said it was reorganising its forces to concentrate on the defence of population centres.",
    "Historians note that the region was contested in the civil war of the 1990s as well.",
    "The United Nations has repeatedly called on all sides to protect civilians and respect "
    "humanitarian law.",
    "Prices in the bazaar have doubled, and many families depend on relatives abroad for money.",
    "Some officials privately acknowledge that supply lines to remote outposts have broken down.",
    "A spokesman for the provincial governor said the situation was under control, but residents "
    "disputed that.",
    "Foreign governments have begun reviewing plans for the evacuation of their embassy staff.",
]


def _fill(tpl: str, rng: random.Random) -> str:
    (d, p), (d2, _), (d3, _) = rng.sample(PLACES, 3)
    return tpl.format(
        d=d, p=p, d2=d2, d3=d3, day=rng.choice(DAYS), sp=rng.choice(SPEAKERS), n=rng.randint(8, 1200),
        n2=rng.randint(2, 15), c=rng.choice(COUNTRIES), city=rng.choice(CITIES),
        pct=rng.choice([70, 80, 85, 90]),
    )


def make_article(i: int, rng: random.Random) -> dict:
    published = dt.date(2021, 5, 1) + dt.timedelta(days=rng.randint(0, 107))
    target = rng.randint(400, 780)  # the last paragraph overshoots by up to ~120 words
    events = [_fill(rng.choice(EVENT_TEMPLATES), rng) for _ in range(rng.randint(3, 7))]
    paras: list[str] = []
    words = 0
    while words < target:
        sents = [rng.choice(PROSE) for _ in range(rng.randint(2, 4))]
        if events and rng.random() < 0.45:
            sents.insert(rng.randint(0, len(sents)), events.pop())
        para = " ".join(sents)
        paras.append(para)
        words += len(para.split())
    if events:
        paras.insert(1, " ".join(events))
    (d, p) = rng.choice(PLACES)
    return {
        "url": f"https://example-news.test/bench/{i:06d}",
        "title": f"Fighting in {p}: {d} under pressure",
        "published": published.isoformat(),
        "source": rng.choice(OUTLETS),
        "text": "\n\n".join(paras),
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="number of articles (default 2000)")
    ap.add_argument("--out", type=Path, default=Path("benchmarks/corpus.jsonl"), help="output JSONL file")
    ap.add_argument("--seed", type=int, default=2021)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        for i in range(args.n):
            fh.write(json.dumps(make_article(i, rng), ensure_ascii=False) + "\n")
    print(f"wrote {args.n} articles to {args.out}")


if __name__ == "__main__":
    main()
