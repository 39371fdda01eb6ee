"""Many articles: folders, JSON Lines files and RSS/Atom feeds."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sitrep.errors import InputError
from sitrep.ingest.decode import decode_bytes
from sitrep.ingest.html import parse_date
from sitrep.ingest.reader import build_article, read_bytes
from sitrep.models import Article

log = logging.getLogger("sitrep.ingest")

ARTICLE_SUFFIXES = frozenset(
    {".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".json", ".jsonl", ".ndjson", ".xml", ".rss", ".atom"}
)
_FEED_SNIFF = re.compile(r"<\s*(rss|feed|rdf:RDF)\b", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*[\s/>]")
_TEXT_KEYS = ("text", "html", "content", "body")
_DATE_KEYS = ("published", "date", "published_at", "pubDate")


def _record_article(obj: Any, where: str) -> Article:
    """One JSON object (a JSONL line or an element of a JSON array) to an article."""
    if not isinstance(obj, dict):
        raise InputError(f"{where}: expected a JSON object with a text field")
    body = next((obj[k] for k in _TEXT_KEYS if isinstance(obj.get(k), str) and obj[k].strip()), None)
    if body is None:
        raise InputError(f"{where}: no text (expected one of: {', '.join(_TEXT_KEYS)})")
    raw_date = next((obj[k] for k in _DATE_KEYS if obj.get(k)), None)
    published = parse_date(raw_date)
    if raw_date and published is None:
        log.warning("%s: cannot read the date %r; left unknown", where, raw_date)

    def opt(key: str) -> str | None:
        v = obj.get(key)
        return str(v) if v not in (None, "") else None

    return build_article(
        body,
        name=where,
        published=published,
        source=opt("source"),
        title=opt("title"),
        url=opt("url") or opt("link"),
        path=where,
        record_fmt="jsonl",
    )


def _iter_json_records(text: str, name: str) -> Iterator[Article]:
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            items = json.loads(stripped)
        except ValueError as exc:
            raise InputError(f"{name} is not valid JSON: {exc.msg} (line {exc.lineno})") from exc
        records: Iterable[tuple[int, Any]] = enumerate(items, 1)
        label = "item"
    else:
        records = _json_lines(text, name)
        label = "line"
    good = bad = 0
    for n, obj in records:
        where = f"{name}:{n}"
        if isinstance(obj, InputError):
            bad += 1
            log.warning("skipping %s %d of %s: %s", label, n, name, obj)
            continue
        try:
            article = _record_article(obj, where)
        except InputError as exc:
            bad += 1
            log.warning("skipping %s %d of %s: %s", label, n, name, exc)
            continue
        good += 1
        yield article
    if not good:
        raise InputError(f"{name} holds no readable articles" + (f" ({bad} bad records)" if bad else ""))


def _json_lines(text: str, name: str) -> Iterator[tuple[int, Any]]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except ValueError as exc:
            yield n, InputError(f"not valid JSON ({exc.msg})")


def _entry_text(entry: Any) -> str | None:
    contents = entry.get("content") or []
    values = [c.get("value", "") for c in contents if c.get("value", "").strip()]
    if values:
        return max(values, key=len)
    for key in ("summary", "description"):
        v = entry.get(key)
        if isinstance(v, str) and v.strip():
            return v
    return None


def _entry_date(entry: Any) -> Any:
    import datetime as dt

    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            return dt.date(t.tm_year, t.tm_mon, t.tm_mday)
    for key in ("published", "updated", "date"):
        d = parse_date(entry.get(key))
        if d:
            return d
    return None


def _iter_feed(data: bytes, name: str) -> Iterator[Article]:
    import feedparser

    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        reason = f": {parsed.get('bozo_exception')}" if parsed.get("bozo") else ""
        raise InputError(f"{name} is a feed with no entries{reason}")
    feed_title = (parsed.get("feed") or {}).get("title") or None
    good = 0
    for n, entry in enumerate(entries, 1):
        where = f"{name}#{n}"
        body = _entry_text(entry)
        if body is None:
            log.warning("skipping entry %d of %s: no content or summary", n, name)
            continue
        try:
            article = build_article(
                body,
                fmt="html" if _TAG.search(body) else "text",
                name=where,
                published=_entry_date(entry),
                source=feed_title,
                title=entry.get("title") or None,
                url=entry.get("link") or None,
                path=where,
                record_fmt="feed",
            )
        except InputError as exc:
            log.warning("skipping entry %d of %s: %s", n, name, exc)
            continue
        good += 1
        yield article
    if not good:
        raise InputError(f"{name} is a feed with no readable entries")


def _is_feed(text: str) -> bool:
    return bool(_FEED_SNIFF.search(text[:2048]))


def _is_jsonl(text: str, suffix: str) -> bool:
    if suffix in (".jsonl", ".ndjson"):
        return True
    s = text.lstrip()
    if suffix == ".json":
        return s.startswith(("{", "["))
    if s.startswith("["):
        return True
    if not s.startswith("{"):
        return False
    first = s.split("\n", 1)[0]
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def iter_file(path: str | Path) -> Iterator[Article]:
    """The articles of one file: a JSON/JSONL file of articles, a feed, or a single article."""
    data, name = read_bytes(path)
    text = decode_bytes(data, name)
    suffix = Path(str(path)).suffix.lower()
    if _is_jsonl(text, suffix):
        yield from _iter_json_records(text, name)
    elif _is_feed(text):
        yield from _iter_feed(data, name)
    else:
        yield build_article(text, name=name, path=None if name == "standard input" else name)


def _folder_files(folder: Path) -> list[Path]:
    return sorted(
        (p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
         and not any(part.startswith(".") for part in p.relative_to(folder).parts)),
        key=lambda p: p.relative_to(folder).as_posix(),
    )


def iter_articles(paths: Iterable[str | Path]) -> Iterator[Article]:
    """Articles from files, folders (recursive), JSON Lines files and RSS/Atom feeds.

    Folders are walked in sorted order. Inside a folder, an unreadable file is
    skipped with a warning; a bad line in a JSON Lines file is always skipped
    with a warning. A file named directly that cannot be read raises
    :class:`InputError`.
    """
    for path in paths:
        p = Path(path)
        if str(path) != "-" and p.is_dir():
            files = _folder_files(p)
            if not files:
                raise InputError(f"{path} holds no article files ({', '.join(sorted(ARTICLE_SUFFIXES))})")
            for f in files:
                try:
                    # materialise per file so that a failure half-way skips the file cleanly
                    yield from list(iter_file(f))
                except InputError as exc:
                    log.warning("skipping a file: %s", exc)
        else:
            yield from iter_file(path)
