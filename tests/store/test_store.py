from __future__ import annotations

import datetime as dt

import pytest

from sitrep.errors import StoreError
from sitrep.models import Claim, EventFilter, Evidence
from sitrep.store import Store
from tests.helpers import make_article, make_event, make_result

D = dt.date.fromisoformat


def _capture(district: str, pcode: str, day: str, **kw):
    return make_event(
        "territory_captured",
        district=district,
        pcode=pcode,
        province=kw.pop("province", "Badakhshan"),
        province_pcode=kw.pop("province_pcode", "AF15"),
        date=day,
        actor1="Taliban",
        evidence=kw.pop("evidence", f"The Taliban captured {district} district."),
        **kw,
    )


def test_add_query_get(store: Store) -> None:
    text = "The Taliban captured Khwahan district on Sunday. The Taliban also took Shekay."
    a = make_article(text, published="2021-07-05", url="https://example.org/a")
    r = make_result(
        a,
        [
            _capture("Khwahan", "AF1528", "2021-07-04", lat=37.9, lon=70.2),
            _capture("Shekay", "AF1527", "2021-07-04"),
        ],
    )
    assert store.add_extraction(a, r) is True
    total, events = store.query_events(EventFilter())
    assert total == 2
    # same day: in the order of their stable ids
    assert sorted(e.location.admin2 for e in events) == ["Khwahan", "Shekay"]
    assert [e.id for e in events] == sorted(e.id for e in events)
    khwahan = next(e for e in events if e.location.admin2 == "Khwahan")
    e = store.get_event(khwahan.id)
    assert e is not None and e.corroboration == 1 and e.sources == ["Test Wire"]
    assert e.reports[0].article_id == a.id
    assert e.reports[0].evidence.text.startswith("The Taliban captured Khwahan")
    assert store.get_event(10_000) is None
    n, arts = store.list_articles()
    assert n == 1 and arts[0].n_events == 2 and arts[0].text is None
    full = store.get_article(a.id)
    assert full is not None and full.text == text
    assert store.get_article("nope") is None
    assert store.date_range() == (D("2021-07-04"), D("2021-07-04"))


def test_same_hash_or_url_adds_nothing(store: Store) -> None:
    a = make_article("Fighting in Kunduz.", published="2021-07-05", url="https://x.org/1")
    r = make_result(a, [make_event("armed_clash", district="Kunduz", date="2021-07-04")])
    assert store.add_extraction(a, r)
    assert not store.add_extraction(a, r)
    assert store.has_article(a.content_hash)
    # other text (an updated page) at the same URL
    b = make_article("Fighting in Kunduz, updated.", published="2021-07-05", url="https://x.org/1")
    assert store.has_article(b.content_hash, b.url)
    assert not store.add_extraction(b, make_result(b, [make_event("armed_clash", district="Kunduz")]))
    assert store.counts() == {"articles": 1, "reports": 1, "events": 1, "claims": 0}


def test_new_extractor_version_replaces_events(store: Store) -> None:
    a = make_article("Text of an article.", published="2021-07-05")
    old = make_result(a, [_capture("Khwahan", "AF1528", "2021-07-04")], version="0")
    assert store.add_extraction(a, old)
    assert store.article_version(a.content_hash) == "0"
    assert store.stale_articles("1")[0].text == "Text of an article."
    new = make_result(
        a,
        [_capture("Shekay", "AF1527", "2021-07-04"), _capture("Nusay", "AF1526", "2021-07-04")],
        version="1",
    )
    assert store.add_extraction(a, new)
    assert not store.add_extraction(a, new)
    _, events = store.query_events(EventFilter())
    assert sorted(e.location.admin2 for e in events) == ["Nusay", "Shekay"]
    assert store.counts()["reports"] == 2 and store.counts()["articles"] == 1
    # a re-extraction that finds nothing leaves no stale merged events
    assert store.add_extraction(a, make_result(a, [], version="2"))
    assert store.query_events(EventFilter())[0] == 0


def test_unexported_modalities_are_not_events(store: Store) -> None:
    a = make_article("The Taliban would not attack provincial capitals.", published="2021-07-05")
    evs = [
        make_event("armed_clash", district="Kunduz", date="2021-07-04", modality=m)
        for m in ("planned", "negated")
    ]
    store.add_extraction(a, make_result(a, [*evs, make_event("armed_clash", modality="claimed")]))
    total, events = store.query_events(EventFilter())
    assert total == 1 and events[0].modality == "claimed"


def test_filters(store: Store) -> None:
    a = make_article("a", published="2021-07-05", source="Reuters")
    store.add_extraction(
        a,
        make_result(
            a,
            [
                _capture("Khwahan", "AF1528", "2021-07-01", evidence="Khwahan fell to the insurgents."),
                make_event(
                    "armed_clash", district="Kunduz", pcode="AF1701", province="Kunduz",
                    province_pcode="AF17", date="2021-07-03", actor1="Afghan government forces",
                    actor2="Taliban", evidence="Heavy fighting in Kunduz.",
                ),
                make_event("air_strike", province="Helmand", date="2021-07-05", actor1="Afghan forces"),
                make_event("negotiation", country="QA", evidence="Talks in Doha."),
            ],
        ),
    )  # fmt: skip

    def ids(**kw) -> list[str]:
        return [e.type for e in store.query_events(EventFilter(**kw))[1]]

    assert ids(date_from=D("2021-07-02"), date_to=D("2021-07-04")) == ["armed_clash"]
    # no date: the publication date counts
    assert ids(date_from=D("2021-07-05")) == ["air_strike", "negotiation"]
    assert ids(type="territory_captured,air_strike") == ["territory_captured", "air_strike"]
    assert ids(actor="taliban") == ["territory_captured", "armed_clash"]
    assert ids(province="badakhshan") == ["territory_captured"]
    assert ids(province="AF17") == ["armed_clash"]
    assert ids(district="Kunduz") == ["armed_clash"]
    assert ids(text="insurgents") == ["territory_captured"]
    assert ids(country="qa") == ["negotiation"]
    total, page = store.query_events(EventFilter(limit=2, offset=1))
    assert total == 4 and [e.type for e in page] == ["armed_clash", "air_strike"]


def test_claims(store: Store) -> None:
    a = make_article("The Taliban say 85% of the territory is theirs.", published="2021-07-12", source="BBC")
    ev = Evidence(text="The Taliban say 85% of the territory is theirs.", start=0, end=47)
    c1 = Claim(
        claimant="Taliban",
        metric="share_of_territory",
        value=85,
        unit="percent",
        subject="Taliban",
        evidence=ev,
    )
    c2 = Claim(
        claimant="Taliban",
        metric="districts_controlled",
        value=174,
        unit="count",
        date=D("2021-07-10"),
        evidence=ev,
    )
    store.add_extraction(a, make_result(a, [], [c1, c2]))
    claims = store.list_claims()
    assert [(c.metric, c.date, c.source) for c in claims] == [
        ("districts_controlled", D("2021-07-10"), "BBC"),
        ("share_of_territory", D("2021-07-12"), "BBC"),
    ]


@pytest.mark.parametrize(
    "url, words",
    [
        ("mysql://u@h/db", "unsupported database"),
        ("postgresql+psycopg://nobody@127.0.0.1:1/nodb", "cannot open database"),
        ("sqlite:////nonexistent-folder/x/sitrep.db", "no folder"),
        ("nosuchdb://x/y", "unsupported database"),
        ("postgresql://u@h:notaport/db", "not a database URL"),
    ],
)
def test_bad_url_is_one_line_store_error(url: str, words: str) -> None:
    with pytest.raises(StoreError) as err:
        Store(url)
    msg = str(err.value)
    assert words in msg and "\n" not in msg


def test_migrates_existing_database(db_url: str) -> None:
    s1 = Store(db_url)
    a = make_article("x", published="2021-07-05")
    s1.add_extraction(a, make_result(a, [make_event("armed_clash")]))
    s1.close()
    s2 = Store(db_url)  # already at head: opens, keeps data
    assert s2.counts()["events"] == 1
    s2.close()
