"""iter_articles: folders, JSON Lines, RSS and Atom feeds."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.ingest import iter_articles

P1 = "Fighters seized the Imam Sahib district of Kunduz province on Saturday, officials said."
P2 = "Afghan commandos were deployed to Lashkar Gah on Sunday to defend the city, the army said."
P3 = "Tajikistan closed its border crossing at Panj on Monday as refugees gathered on the Afghan side."

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Steppe Monitor</title><link>https://steppe-monitor.test/</link><description>news</description>
<item><title>Imam Sahib falls</title><link>https://steppe-monitor.test/1</link>
<pubDate>Sat, 26 Jun 2021 10:00:00 +0000</pubDate>
<description>&lt;p&gt;{P1}&lt;/p&gt;</description></item>
<item><title>Commandos to Lashkar Gah</title><link>https://steppe-monitor.test/2</link>
<pubDate>Sun, 27 Jun 2021 10:00:00 +0000</pubDate>
<description>{P2}</description></item>
<item><title>Empty</title><link>https://steppe-monitor.test/3</link></item>
</channel></rss>
"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Pamir Herald</title><id>urn:pamir</id><updated>2021-07-05T00:00:00Z</updated>
<entry><title>Border closed</title><id>urn:1</id><link href="https://pamir-herald.test/border"/>
<published>2021-07-05T06:00:00Z</published><updated>2021-07-06T06:00:00Z</updated>
<content type="html">&lt;p&gt;{P3}&lt;/p&gt;&lt;p&gt;Share this:&lt;/p&gt;</content></entry>
</feed>
"""


def _jsonl_line(**kw: object) -> str:
    return json.dumps(kw)


def test_folder_mixed_files_sorted_and_bad_file_skipped(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "b.txt").write_text(P2, encoding="utf-8")
    html = f"<html><body><article><p>{P1}</p></article></body></html>"
    (tmp_path / "a.html").write_text(html, encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "c.md").write_text(P3, encoding="utf-8")
    (sub / "empty.txt").write_text("  \n", encoding="utf-8")
    (sub / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="sitrep.ingest"):
        arts = list(iter_articles([tmp_path]))
    assert [a.text for a in arts] == [P1, P2, P3]
    assert [a.fmt for a in arts] == ["html", "text", "text"]
    assert "empty.txt is empty" in caplog.text and "looks binary" in caplog.text


def test_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no article files"):
        list(iter_articles([tmp_path]))


def test_bad_file_given_directly_raises(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(P1, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    with pytest.raises(InputError, match="is empty"):
        list(iter_articles([good, bad]))
    with pytest.raises(InputError, match="no such file"):
        list(iter_articles([tmp_path / "missing.txt"]))


def test_jsonl_with_bad_line(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    f = tmp_path / "batch.jsonl"
    f.write_text(
        "\n".join([
            _jsonl_line(url="https://x.test/1", title="One", published="2021-06-26", source="A", text=P1),
            "{this is not json",
            _jsonl_line(title="no text at all"),
            "",
            _jsonl_line(url="https://x.test/2", title="Two", date="2021-06-27T08:00:00Z", source="Wire B",
                        html=f"<html><body><p>{P2}</p></body></html>"),
            _jsonl_line(content=P3, published="27 June 2021"),
        ]),
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="sitrep.ingest"):
        arts = list(iter_articles([f]))
    assert [a.text for a in arts] == [P1, P2, P3]
    assert arts[0].published == dt.date(2021, 6, 26) and arts[0].source == "A" and arts[0].title == "One"
    assert arts[1].published == dt.date(2021, 6, 27) and arts[1].url == "https://x.test/2"
    assert arts[2].published == dt.date(2021, 6, 27)
    assert all(a.fmt == "jsonl" for a in arts)
    assert "batch.jsonl:2: not valid JSON" in caplog.text and "batch.jsonl:3: no text" in caplog.text


def test_jsonl_all_bad_raises(tmp_path: Path) -> None:
    f = tmp_path / "bad.ndjson"
    f.write_text("{oops\n[1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="no readable articles"):
        list(iter_articles([f]))


def test_json_array_file(tmp_path: Path) -> None:
    f = tmp_path / "arr.json"
    f.write_text(json.dumps([{"text": P1}, {"text": P2}]), encoding="utf-8")
    assert [a.text for a in iter_articles([f])] == [P1, P2]


def test_rss_feed(tmp_path: Path) -> None:
    f = tmp_path / "feed.rss"
    f.write_text(RSS, encoding="utf-8")
    arts = list(iter_articles([f]))
    assert [a.text for a in arts] == [P1, P2]
    assert arts[0].source == "Steppe Monitor" and arts[0].title == "Imam Sahib falls"
    assert arts[0].published == dt.date(2021, 6, 26) and arts[0].url == "https://steppe-monitor.test/1"
    assert all(a.fmt == "feed" for a in arts)


def test_atom_feed_sniffed_in_xml(tmp_path: Path) -> None:
    f = tmp_path / "feed.xml"
    f.write_text(ATOM, encoding="utf-8")
    (a,) = list(iter_articles([f]))
    assert a.text == P3
    assert a.source == "Pamir Herald" and a.published == dt.date(2021, 7, 5)
    assert a.url == "https://pamir-herald.test/border"


def test_stdin_in_iter_articles(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    data = (_jsonl_line(text=P1) + "\n" + _jsonl_line(text=P2) + "\n").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert [a.text for a in iter_articles(["-"])] == [P1, P2]


def test_bundled_samples_load() -> None:
    from sitrep.config import data_dir

    arts = list(iter_articles([data_dir() / "samples" / "articles.jsonl"]))
    assert len(arts) >= 14
    assert len({a.id for a in arts}) == len(arts)
    for a in arts:
        assert a.published and dt.date(2021, 5, 1) <= a.published <= dt.date(2021, 8, 16)
        assert a.source and a.url and a.url.startswith("https://") and a.title
        assert 250 <= len(a.text.split()) <= 700, (a.title, len(a.text.split()))
