"""Hypothesis fuzzing of the write endpoints with the real extraction pipeline: whatever the
body, the answer is never a 500 and never shows a traceback (bounded: 150 examples each, ~10 s in all)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.api import create_app

TOKEN = "fuzz-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
FUZZ = settings(
    max_examples=150,
    deadline=None,  # the first extraction loads spaCy
    derandomize=True,  # the same examples on every run: CI stays reproducible
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
)

# Pieces of news prose written for this test, and the kinds of junk that broke parsers before.
WORDS = [
    "Taliban fighters", "captured", "Khwahan district", "in Badakhshan province", "on Saturday",
    "yesterday", "the next day", "two days ago", "last month", "on 4 July", "2021-07-05",
    "government forces", "retook", "Argo", "after heavy clashes", ", officials said.", "\n\n",
    "killed 12", "1,000,000", "A" * 300, "1" * 200, "Abc Def, " * 30, "<p>", "</p>", "<b>", "&amp;",
    "<!--", "-->", "<script>alert(1)</script>", "\u202e", "\ufeff", "\x00", "\t", "%", "_", "\\",
    "=HYPERLINK(\"x\")", "é", "دولت", "🙂", "\r\n",
]  # fmt: skip
prose = st.lists(st.sampled_from(WORDS) | st.text(max_size=40), max_size=40).map(" ".join)
dates = st.dates().map(str) | st.text(max_size=12) | st.sampled_from(["2021-07-05", "", "12", "Monday"])
json_leaf = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
json_any = st.recursive(
    json_leaf,
    lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c, max_size=4),
    max_leaves=20,
)  # noqa: E501
article = st.fixed_dictionaries(
    {"text": st.one_of(prose, prose, prose, json_any)},
    optional={
        "published": st.one_of(dates, dates, json_any),
        "source": st.text(max_size=300) | json_any,
        "title": st.text(max_size=50),
        "url": st.text(max_size=50),
        "format": st.sampled_from(["auto", "text", "html", "pdf"]) | json_any,
    },
)
LONE = ["\\ud800", "\\udfff", "\\ud83d", "\\u0000"]


@st.composite
def json_body(draw: Any) -> bytes:
    """Valid JSON articles, some with lone surrogates spliced in, some cut short, some not objects."""
    kind = draw(st.sampled_from(["article", "article", "surrogate", "cut", "any", "deep"]))
    if kind == "any":
        return json.dumps(draw(json_any)).encode()
    if kind == "deep":
        n = draw(st.integers(min_value=500, max_value=5000))
        return b'{"text": "x", "a": ' + b"[" * n + b"]" * n + b"}"
    raw = json.dumps(draw(article), ensure_ascii=True)
    if kind == "surrogate":
        field = draw(st.sampled_from(["text", "source", "title"]))
        raw = raw[:-1] + f', "{field}": "a{draw(st.sampled_from(LONE))}b"}}'  # the last one counts
    if kind == "cut":
        raw = raw[: draw(st.integers(min_value=0, max_value=len(raw)))]
    return raw.encode()


@pytest.fixture(scope="module")
def fuzz_client(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    app = create_app(f"sqlite:///{db}", token=TOKEN, pipeline=pipeline, max_body=200_000)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def _check(r: Any) -> None:
    assert r.status_code < 500, (r.status_code, r.text[:500])
    assert "Traceback" not in r.text and 'File "/' not in r.text
    if r.status_code >= 400:
        assert r.json()["detail"]


@FUZZ
@given(body=json_body(), path=st.sampled_from(["/api/extract", "/api/articles"]))
def test_fuzz_json_bodies(fuzz_client: TestClient, body: bytes, path: str) -> None:
    _check(fuzz_client.post(path, content=body, headers={**AUTH, "Content-Type": "application/json"}))


@FUZZ
@given(
    body=prose.map(str.encode) | st.binary(max_size=300),
    ctype=st.sampled_from(
        ["text/plain", "text/html", "application/octet-stream", "text/plain; charset=latin-1"]
    ),
    published=dates,
    source=st.text(max_size=30),
    path=st.sampled_from(["/api/extract", "/api/articles"]),
)
def test_fuzz_text_bodies(
    fuzz_client: TestClient, body: bytes, ctype: str, published: str, source: str, path: str
) -> None:
    params = {"published": published, "source": source}
    _check(fuzz_client.post(path, content=body, params=params, headers={**AUTH, "Content-Type": ctype}))
