"""Readers under hostile input (issue 10): devices, FIFOs, links out of a folder, deep JSON,
bad files among good ones, vague dates, big corpora, odd encodings and markup."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import time
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.ingest import decode as decode_mod
from sitrep.ingest import iter_articles, read_path
from sitrep.ingest.html import parse_date

P1 = "Militia fighters took the river crossing near the old fort on Tuesday, elders in the valley said."
P2 = "The provincial council asked for more police after two checkpoints were abandoned overnight."
P3 = "Aid convoys waited at the pass for a third day as the road stayed closed to all traffic."


def _line(**kw: object) -> str:
    return json.dumps(kw)


def _collect(paths: list) -> tuple[list, list[str]]:
    errors: list[str] = []
    return list(iter_articles(paths, on_error=errors.append)), errors


# ------------------------------------------------------------------ non-regular files


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_refused_in_one_line(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    started = time.monotonic()
    with pytest.raises(InputError, match="not a regular file"):
        read_path(device)
    with pytest.raises(InputError, match="not a regular file"):
        list(iter_articles([device]))
    assert time.monotonic() - started < 5


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(InputError, match="not a regular file"):
        read_path(fifo)
    arts, errors = _collect([tmp_path])  # in a folder: skipped, with the reason
    assert arts == [] and any("not a regular file" in e for e in errors)
    assert time.monotonic() - started < 5


def test_links_out_of_a_folder_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(P3, encoding="utf-8")
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(P1, encoding="utf-8")
    (folder / "sub" / "b.txt").write_text(P2, encoding="utf-8")
    (folder / "leak.txt").symlink_to(outside / "secret.txt")
    (folder / "leakdir").symlink_to(outside, target_is_directory=True)
    (folder / "again.txt").symlink_to(folder / "a.txt")  # inside: fine (and a repeat)
    arts, errors = _collect([folder])
    texts = [a.text for a in arts]
    assert P3 not in texts
    assert sorted(set(texts)) == sorted([P1, P2])
    assert any("leak.txt" in e and "outside" in e for e in errors)
    assert any("leakdir" in e for e in errors)


# ------------------------------------------------------------------ one bad record or file


def test_jsonl_nested_100000_deep_costs_only_its_line(tmp_path: Path) -> None:
    f = tmp_path / "corpus.jsonl"
    deep = "[" * 100_000 + "]" * 100_000
    deep_obj = '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    f.write_text("\n".join([_line(text=P1), deep, deep_obj, _line(text=P2)]) + "\n", encoding="utf-8")
    arts, errors = _collect([f])
    assert [a.text for a in arts] == [P1, P2]
    assert [e.split(": ", 1)[0] for e in errors] == [f"{f}:2", f"{f}:3"]
    assert all("nested too deeply" in e for e in errors)


def test_bad_named_file_among_good_files(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(P1, encoding="utf-8")
    b.write_text(P2, encoding="utf-8")
    noise = tmp_path / "random.bin"
    noise.write_bytes(os.urandom(4096))
    arts, errors = _collect([a, noise, b])
    assert [x.text for x in arts] == [P1, P2]
    assert len(errors) == 1 and "random.bin" in errors[0]
    # without on_error a file named directly still raises (library callers see the problem)
    with pytest.raises(InputError, match="random.bin"):
        list(iter_articles([a, noise, b]))


def test_nul_and_control_characters_never_reach_the_article(tmp_path: Path) -> None:
    f = tmp_path / "c.jsonl"
    f.write_text(
        _line(text=P1 + "\x00 " + P2, source="Wire\x00 A", title="Head\x00line\nsecond", url="https://x.test/\x00")
        + "\n",
        encoding="utf-8",
    )
    (a,) = list(iter_articles([f]))
    for value in (a.text, a.source, a.title, a.url):
        assert "\x00" not in value
    assert a.source == "Wire  A" and "\n" not in a.title


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize("vague", ["12", "Monday", "July", "July 2021", "12 July", "05/07/2021", "yesterday", 12])
def test_vague_published_is_unknown_with_a_warning(tmp_path: Path, caplog, vague: object) -> None:
    f = tmp_path / "d.jsonl"
    f.write_text(_line(text=P1, published=vague) + "\n" + _line(text=P2, published="2021-07-05") + "\n")
    with caplog.at_level(logging.WARNING, logger="sitrep.ingest"):
        a, b = list(iter_articles([f]))
    assert a.published is None and b.published == dt.date(2021, 7, 5)
    assert f"{f}:1: cannot read the date" in caplog.text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-07-05", dt.date(2021, 7, 5)),
        ("2021-07-05T06:30:00+04:30", dt.date(2021, 7, 5)),
        ("Mon, 05 Jul 2021 10:00:00 GMT", dt.date(2021, 7, 5)),
        ("Tue, 6 Jul 2021 04:00:00 +0000", dt.date(2021, 7, 6)),
        ("5 July 2021", dt.date(2021, 7, 5)),
        ("July 5, 2021", dt.date(2021, 7, 5)),
        ("25/07/2021", dt.date(2021, 7, 25)),
        ("12", None),
        ("Monday", None),
        ("July", None),
        ("2021", None),
        ("2021-13-40", None),
        ("0001-01-01", None),
        ("", None),
        ([2021, 7, 5], None),
    ],
)
def test_parse_date_is_strict(value: object, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


def test_feed_dates_are_read_strictly(tmp_path: Path, caplog) -> None:
    f = tmp_path / "f.rss"
    f.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Wire</title>'
        f"<item><title>one</title><pubDate>Monday</pubDate><description>{P1}</description></item>"
        f"<item><title>two</title><pubDate>Tue, 06 Jul 2021 04:00:00 +0000</pubDate>"
        f"<description>{P2}</description></item></channel></rss>",
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="sitrep.ingest"):
        one, two = list(iter_articles([f]))
    assert one.published is None and two.published == dt.date(2021, 7, 6)
    assert f"{f}#1: cannot read the date" in caplog.text


# ------------------------------------------------------------------ sizes


def test_jsonl_corpus_over_the_article_limit_is_streamed(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(decode_mod, "MAX_BYTES", 4000)
    lines = [_line(text=f"{P1} Report {i}.") for i in range(100)]  # about 12 KB
    lines.insert(50, _line(text="x" * 5000))  # one record over the article limit
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    unnamed = tmp_path / "corpus.data"  # no JSONL suffix, but starts like one
    unnamed.write_text("\n".join(lines), encoding="utf-8")
    for f in (corpus, unnamed):
        assert f.stat().st_size > 3 * decode_mod.MAX_BYTES
        arts, errors = _collect([f])
        assert len(arts) == 100 and arts[99].text.endswith("Report 99.")
        assert errors == [f"{f}:51: the line is longer than the limit of 4000 bytes"]
    single = tmp_path / "single.txt"
    single.write_text(P1 * 100, encoding="utf-8")
    with pytest.raises(InputError, match="too large"):
        read_path(single)


def test_jsonl_corpus_limit_is_checked_before_reading(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(decode_mod, "MAX_CORPUS_BYTES", 1000)
    f = tmp_path / "big.jsonl"
    f.write_text("\n".join(_line(text=P1) for _ in range(20)), encoding="utf-8")
    _, errors = _collect([f])
    assert len(errors) == 1 and errors[0].startswith(f"{f} is too large (")
    assert errors[0].endswith("the limit is 1000 bytes")


# ------------------------------------------------------------------ formats


def test_pretty_printed_json_article_is_ingested(tmp_path: Path) -> None:
    f = tmp_path / "one.json"
    f.write_text(json.dumps({"title": "Crossing", "published": "2021-07-05", "text": P1}, indent=2))
    (a,) = list(iter_articles([f]))
    assert a.text == P1 and a.title == "Crossing" and a.published == dt.date(2021, 7, 5)
    assert read_path(f).text == P1


def test_rss_after_a_long_prolog_is_a_feed(tmp_path: Path) -> None:
    f = tmp_path / "late.xml"
    f.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!-- ' + "licence text " * 400 + "-->\n"
        '<?xml-stylesheet type="text/xsl" href="feed.xsl"?>\n'
        '<rss version="2.0"><channel><title>Valley Wire</title>'
        f"<item><title>one</title><description>{P1}</description></item>"
        f"<item><title>two</title><description>{P2}</description></item></channel></rss>",
        encoding="utf-8",
    )
    assert f.read_text().index("<rss") > 4096
    arts = list(iter_articles([f]))
    assert [a.text for a in arts] == [P1, P2] and all(a.fmt == "feed" for a in arts)


@pytest.mark.parametrize("depth", [300, 5000])
def test_deeply_nested_html_keeps_its_text(depth: int) -> None:
    from sitrep.ingest import from_text

    html = "<html><body>" + "<div>" * depth + f"<p>{P1}</p><p>{P2}</p>" + "</div>" * depth + "</body></html>"
    a = from_text(html)
    assert P1 in a.text and P2 in a.text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_text(tmp_path: Path, codec: str) -> None:
    f = tmp_path / "wide.txt"
    f.write_bytes(f"{P1}\n\n{P2}\n".encode(codec))
    assert read_path(f).text == f"{P1}\n\n{P2}"


def test_streamed_lines_match_the_file_at_every_boundary(tmp_path: Path, monkeypatch) -> None:
    from sitrep.ingest import sources

    monkeypatch.setattr(decode_mod, "MAX_BYTES", 300)
    monkeypatch.setattr(sources, "_HEAD_BYTES", 7)  # a chunk boundary inside every line
    records = []
    for i in range(12):
        text = f"{P1[: 40 + 20 * i]} {i}."
        records.append(_line(text=text))
    exact = _line(text="y" * 300)[:300]  # cut to exactly the limit: bad JSON, but not too long
    lines = ["\ufeff" + records[0], *records[1:6], "", exact, "x" * 301, *records[6:], "z" * 900]
    f = tmp_path / "c.jsonl"
    f.write_bytes("\n".join(lines).encode("utf-8"))
    arts, errors = _collect([f])
    expected = [json.loads(r)["text"] for r in records if len(r.encode()) <= 300]
    assert [a.text for a in arts] == expected
    too_long = [e for e in errors if "longer than the limit" in e]
    assert [e.split(": ")[0] for e in too_long] == [f"{f}:9", f"{f}:{len(lines)}"]
    assert any(e.startswith(f"{f}:8: not valid JSON") for e in errors)
    assert [a.path for a in arts][:2] == [f"{f}:1", f"{f}:2"]


def test_binary_file_named_jsonl_is_one_error(tmp_path: Path) -> None:
    f = tmp_path / "noise.jsonl"
    f.write_bytes(b"\x00\x01\x02\x03\n" * 5000)
    arts, errors = _collect([f])
    assert arts == [] and errors == [f"{f} looks binary, not JSON Lines"]


def test_utf16_jsonl_with_bom_still_reads(tmp_path: Path) -> None:
    f = tmp_path / "wide.jsonl"
    f.write_bytes((_line(text=P1) + "\n" + _line(text=P2) + "\n").encode("utf-16"))
    assert [a.text for a in iter_articles([f])] == [P1, P2]


def test_socket_is_refused(tmp_path: Path) -> None:
    import socket

    if not hasattr(socket, "AF_UNIX"):
        pytest.skip("no Unix sockets here")
    path = tmp_path / "s.txt"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.bind(str(path))
        with pytest.raises(InputError, match="not a regular file"):
            read_path(path)


@pytest.mark.parametrize("piece", ["<", "<p", "<script>", "<!--", "<title", "<div "])
def test_markup_fallbacks_are_linear(piece: str) -> None:
    from sitrep.ingest.html import _fallback_title, _stripped_paragraphs

    hostile = piece * (1_000_000 // len(piece)) + f"<p>{P1}</p>"
    started = time.monotonic()
    _stripped_paragraphs(hostile)
    _fallback_title(hostile)
    assert time.monotonic() - started < 5  # about 0.5 s here; quadratic took minutes


def test_lone_surrogates_become_replacement_characters(tmp_path: Path) -> None:
    f = tmp_path / "s.jsonl"
    f.write_text('{"text": "' + P1 + ' \\ud800 x", "title": "t\\udfff", "source": "\\udc00Wire"}\n', encoding="utf-8")
    (a,) = list(iter_articles([f]))
    assert a.text.endswith("\ufffd x") and a.title == "t\ufffd" and a.source == "\ufffdWire"
    a.text.encode("utf-8")  # storable
