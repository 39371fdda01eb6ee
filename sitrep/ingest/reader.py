"""One article from a file, standard input or a string."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Literal

from sitrep.errors import InputError
from sitrep.ingest.clean import clean_text
from sitrep.ingest.decode import MAX_BYTES, check_size, decode_bytes
from sitrep.ingest.html import html_to_text, looks_like_html, parse_date
from sitrep.models import Article

Fmt = Literal["text", "html", "jsonl", "feed"]
_TITLE_END = re.compile(r"[.:;,]$")


def _plain_title(text: str) -> str | None:
    """The first line of a plain-text article when it reads like a headline."""
    stripped = text.lstrip()
    first, _, rest = stripped.partition("\n")
    first = first.strip()
    if not first or not rest.strip() or len(first) > 150 or len(first.split()) > 25:
        return None
    if _TITLE_END.search(first) and not first.endswith("..."):
        return None
    return first


def build_article(
    text: str,
    *,
    fmt: str = "auto",
    name: str = "input",
    published: dt.date | None = None,
    source: str | None = None,
    title: str | None = None,
    url: str | None = None,
    path: str | None = None,
    record_fmt: Fmt | None = None,
) -> Article:
    """Clean ``text`` (plain or HTML) into an :class:`Article`; explicit arguments beat metadata."""
    if fmt not in ("auto", "text", "html"):
        raise InputError(f"unknown format {fmt!r}: use auto, text or html")
    if not text or not text.strip():
        raise InputError(f"{name} is empty")
    is_html = fmt == "html" or (fmt == "auto" and looks_like_html(text))
    if is_html:
        doc = html_to_text(text)
        main = doc.text
        if not main.strip():
            raise InputError(f"{name} is HTML with no extractable main text")
        title = title or doc.title
        published = published or doc.published
        source = source or doc.source
        url = url or doc.url
    else:
        main = text
        title = title or _plain_title(text)
    cleaned, removed = clean_text(main)
    if not cleaned.strip():
        raise InputError(f"{name} has no article text left after removing comments and boilerplate")
    digest = hashlib.sha256(cleaned.encode("utf-8")).hexdigest()
    return Article(
        id=digest[:16],
        content_hash=digest,
        text=cleaned,
        title=title,
        published=published,
        source=source,
        url=url,
        path=path,
        raw_chars=len(main),
        removed_chars=removed,
        fmt=record_fmt or ("html" if is_html else "text"),
    )


def from_text(
    text: str,
    *,
    fmt: str = "auto",
    published: dt.date | None = None,
    source: str | None = None,
    title: str | None = None,
    url: str | None = None,
) -> Article:
    """One article from a string (plain text or HTML; ``fmt`` is "auto", "text" or "html")."""
    if not isinstance(text, str):
        raise InputError("article text must be a string")
    check_size(len(text.encode("utf-8", errors="replace")), "the article")
    return build_article(
        text, fmt=fmt, name="the article", published=published, source=source, title=title, url=url
    )


def read_bytes(path: str | Path) -> tuple[bytes, str]:
    """The raw bytes of a file (or of stdin for "-") and the name to use in messages."""
    if str(path) == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        check_size(len(data), "standard input")
        return data, "standard input"
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError(f"no such file: {name}")
    if p.is_dir():
        raise InputError(f"{name} is a directory, not an article file")
    try:
        check_size(p.stat().st_size, name)
        return p.read_bytes(), name
    except PermissionError as exc:
        raise InputError(f"cannot read {name}: permission denied") from exc
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc.strerror or exc}") from exc


def _json_article(text: str) -> dict | None:
    """A single JSON object holding an article, when the file is one."""
    s = text.lstrip()
    if not s.startswith("{"):
        return None
    try:
        obj = json.loads(s)
    except ValueError:
        return None
    if isinstance(obj, dict) and any(isinstance(obj.get(k), str) for k in ("text", "html", "content")):
        return obj
    return None


def read_path(
    path: str | Path,
    *,
    published: dt.date | None = None,
    source: str | None = None,
    title: str | None = None,
    url: str | None = None,
) -> Article:
    """One article from a file (plain text or HTML, sniffed from the content) or "-" for stdin."""
    data, name = read_bytes(path)
    text = decode_bytes(data, name)
    shown_path = None if str(path) == "-" else str(path)
    obj = _json_article(text)
    if obj is not None:
        body = next(obj[k] for k in ("text", "html", "content") if isinstance(obj.get(k), str))
        return build_article(
            body,
            name=name,
            published=published or parse_date(obj.get("published") or obj.get("date")),
            source=source or obj.get("source"),
            title=title or obj.get("title"),
            url=url or obj.get("url"),
            path=shown_path,
            record_fmt="jsonl",
        )
    return build_article(
        text, name=name, published=published, source=source, title=title, url=url, path=shown_path
    )
