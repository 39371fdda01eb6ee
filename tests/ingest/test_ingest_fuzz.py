"""Fuzzing the readers (Hypothesis): whatever the bytes, a reader gives articles or the
project's own one-line :class:`InputError`, never another exception, and never hangs.

Bounded for CI: a fixed number of examples per test, derandomised (the same inputs on every
run, so a failure is reproducible), no example database written, 5 s per example at most.
``SITREP_FUZZ_EXAMPLES=5000`` explores more, with fresh random inputs on every run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import time
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from sitrep.errors import InputError  # noqa: E402
from sitrep.ingest import from_text, iter_articles, read_path  # noqa: E402
from sitrep.ingest.html import parse_date  # noqa: E402

_EXAMPLES = os.environ.get("SITREP_FUZZ_EXAMPLES")
FUZZ = settings(
    max_examples=int(_EXAMPLES) if _EXAMPLES else 60,
    deadline=dt.timedelta(seconds=5),
    derandomize=not _EXAMPLES,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SUFFIXES = [".txt", ".html", ".json", ".jsonl", ".xml", ".rss", ".md", ".bin"]
SENTENCE = "Militia fighters took the river crossing near the old fort on Tuesday, elders said."

# pieces that steer the sniffers into every branch: JSON, JSON Lines, HTML, feeds, dates
FRAGMENTS = [
    "{", "}", "[", "]", '"text": ', '"published": ', '"source": ', ",", ":", "\n", "\r\n", "\x00", "\ufeff",
    '{"text": "' + SENTENCE + '"}\n', '{"text": 1}\n', '{"title": []}\n',
    "<html>", "<body>", "<p>", "</p>", "<div>" * 40, "</div>", "<script>", "<!-- ", " -->", "<![CDATA[",
    '<?xml version="1.0"?>', "<!DOCTYPE rss [", "]>", "<rss>", "<channel>", "<item>", "<description>",
    "</item>", "<feed>", "<entry>", "<pubDate>Monday</pubDate>", "2021-07-05", "12", "July", "\ud7ff",
    SENTENCE, "&amp;", "&#0;", "&lt;p&gt;", "\\u0000", "\\ud800", "\\udfff", "9" * 50, "[" * 300, "]" * 300,
]  # fmt: skip

structured = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=30).map("".join)


def _check_file(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / f"input{suffix}"
        f.write_bytes(data)
        started = time.monotonic()
        errors: list[str] = []
        articles = list(iter_articles([f], on_error=errors.append))
        for message in errors:
            assert message.strip() and "Traceback" not in message
        for a in articles:
            assert a.text.strip() and "\x00" not in a.text
            assert a.published is None or isinstance(a.published, dt.date)
        try:
            read_path(f)
        except InputError as exc:
            assert str(exc)
        assert time.monotonic() - started < 10


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_never_crash_a_reader(data: bytes, suffix: str) -> None:
    _check_file(data, suffix)


@FUZZ
@given(text=structured, suffix=st.sampled_from(SUFFIXES), codec=st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_structured_input_never_crashes_a_reader(text: str, suffix: str, codec: str) -> None:
    _check_file(text.encode(codec, errors="replace"), suffix)


@FUZZ
@given(text=structured)
def test_from_text_gives_an_article_or_an_input_error(text: str) -> None:
    try:
        article = from_text(text)
    except InputError as exc:
        assert str(exc)
    else:
        assert article.text.strip()


@FUZZ
@given(
    value=st.one_of(
        st.text(max_size=60),
        st.integers(),
        st.floats(allow_nan=True),
        st.lists(st.integers(), max_size=3),
        st.dates().map(str),
        st.datetimes().map(lambda d: d.isoformat()),
    )
)
def test_parse_date_never_raises_and_never_invents(value: object) -> None:
    today = dt.date.today()
    parsed = parse_date(value)
    assert parsed is None or isinstance(parsed, dt.date)
    if parsed is not None and isinstance(value, str):
        # the year it gives is written in the value: nothing is taken from today
        assert str(parsed.year) in value or parsed.year != today.year


# every code point, lone surrogates included (JSON writes them as "\ud800")
any_text = st.lists(st.one_of(st.characters(), st.characters(categories=["Cs"])), max_size=80).map("".join)


@FUZZ
@given(records=st.lists(st.one_of(st.dictionaries(st.sampled_from(["text", "published", "title", "source", "url"]),
                                                   st.one_of(any_text, st.integers(), st.none())),
                                   st.integers(), any_text), max_size=8))  # fmt: skip
def test_jsonl_records_of_any_shape(records: list) -> None:
    lines = [json.dumps(r) for r in records] + [json.dumps({"text": SENTENCE})]
    _check_file("\n".join(lines).encode("utf-8"), ".jsonl")


@FUZZ
@given(
    items=st.lists(
        st.tuples(any_text, any_text, st.one_of(any_text, st.sampled_from(["Monday", "12", "Tue, 06 Jul 2021"]))),
        max_size=5,
    ),
    atom=st.booleans(),
)
def test_feeds_of_any_content(items: list[tuple[str, str, str]], atom: bool) -> None:
    from xml.sax.saxutils import escape

    def x(value: str) -> str:  # what an XML file can hold: no surrogates or control characters
        value = "".join(c for c in value if c in "\t\n\r" or (ord(c) >= 32 and not 0xD800 <= ord(c) <= 0xDFFF))
        return escape(value)

    if atom:
        entries = "".join(
            f"<entry><title>{x(t)}</title><published>{x(d)}</published><content type='html'>{x(b)}</content></entry>"
            for t, b, d in items
        )
        doc = f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>W</title>{entries}</feed>'
    else:
        entries = "".join(
            f"<item><title>{x(t)}</title><pubDate>{x(d)}</pubDate><description>{x(b)}</description></item>"
            for t, b, d in items
        )
        doc = f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{entries}</channel></rss>'
    _check_file(doc.encode("utf-8"), ".xml")
