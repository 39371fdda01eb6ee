"""Many articles: folders, JSON Lines files and RSS/Atom feeds."""

from __future__ import annotations

import codecs
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from sitrep.errors import InputError
from sitrep.ingest import decode
from sitrep.ingest.decode import check_size, decode_bytes
from sitrep.ingest.html import parse_date
from sitrep.ingest.reader import build_article, open_input
from sitrep.models import Article

log = logging.getLogger("sitrep.ingest")

#: Called with one line ("FILE:LINE: what is wrong") for each record or file that is skipped.
OnError = Callable[[str], None]

ARTICLE_SUFFIXES = frozenset(
    {".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".json", ".jsonl", ".ndjson", ".xml", ".rss", ".atom"}
)
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
FEED_ELEMENTS = frozenset({"rss", "feed", "rdf:rdf"})
_ELEMENT_NAME = re.compile(r"<\s*([A-Za-z_][\w:.-]*)")
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*[\s/>]")
_TEXT_KEYS = ("text", "html", "content", "body")
_DATE_KEYS = ("published", "date", "published_at", "pubDate")
_HEAD_BYTES = 64 * 1024
_PROLOG_CHARS = 1024 * 1024  # how far the first element of an XML file is looked for


def _warn(message: str) -> None:
    log.warning("skipping %s", message)


def _scalar(value: Any) -> str | None:
    """A metadata value as text: strings and numbers only (a nested value is no title)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    text = value if isinstance(value, str) else str(value)
    return text if text.strip() else None


def _record_article(obj: Any, where: str) -> Article:
    """One JSON object (a JSONL line, an element of a JSON array, a .json file) to an article."""
    if not isinstance(obj, dict):
        raise InputError("expected a JSON object with a text field")
    body = next((obj[k] for k in _TEXT_KEYS if isinstance(obj.get(k), str) and obj[k].strip()), None)
    if body is None:
        raise InputError(f"no text (expected one of: {', '.join(_TEXT_KEYS)})")
    raw_date = next((obj[k] for k in _DATE_KEYS if obj.get(k) not in (None, "")), None)
    published = parse_date(raw_date)
    if raw_date is not None and published is None:
        shown = _scalar(raw_date) or type(raw_date).__name__
        log.warning("%s: cannot read the date %r (a full date is needed); published left unknown",
                    where, shown[:80])  # fmt: skip
    return build_article(
        body,
        name=where,
        published=published,
        source=_scalar(obj.get("source")),
        title=_scalar(obj.get("title")),
        url=_scalar(obj.get("url")) or _scalar(obj.get("link")),
        path=where,
        record_fmt="jsonl",
    )


def _loads(line: str | bytes) -> Any:
    """``json.loads`` with every failure as one :class:`InputError`."""
    try:
        return json.loads(line)
    except RecursionError:
        raise InputError("JSON nested too deeply") from None
    except UnicodeDecodeError:
        raise InputError("not valid UTF-8") from None
    except ValueError as exc:
        raise InputError(f"not valid JSON ({getattr(exc, 'msg', exc)})") from None


def _records(items: Iterable[tuple[str, Any]], name: str, report: OnError) -> Iterator[Article]:
    """Articles from (where, JSON value or InputError) pairs; bad ones go to ``report``."""
    good = bad = 0
    for where, obj in items:
        try:
            if isinstance(obj, InputError):
                raise obj
            article = _record_article(obj, where)
        except InputError as exc:
            bad += 1
            report(f"{where}: {exc}")
            continue
        good += 1
        yield article
    if not good:
        raise InputError(f"{name} holds no readable articles" + (f" ({bad} bad records)" if bad else ""))


def _text_lines(text: str, name: str) -> Iterator[tuple[str, Any]]:
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            yield f"{name}:{n}", _loads(line)
        except InputError as exc:
            yield f"{name}:{n}", exc


def _stream_lines(stream: BinaryIO, name: str) -> Iterator[tuple[str, Any]]:
    """JSON Lines read line by line from the start of ``stream``: memory stays at one line
    (at most the article limit); a longer line is skipped without being kept."""
    limit = decode.MAX_BYTES
    n = 0
    while True:
        line = _readline(stream, name, limit + 1)
        if not line:
            return
        n += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # the rest of the line, a chunk at a time
                line = _readline(stream, name, _HEAD_BYTES)
            yield f"{name}:{n}", InputError(f"the line is longer than the limit of {decode.human_size(limit)}")
            continue
        if n == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if line.strip():
            try:
                yield f"{name}:{n}", _loads(line)
            except InputError as exc:
                yield f"{name}:{n}", exc


def _readline(stream: BinaryIO, name: str, size: int) -> bytes:
    try:
        return stream.readline(size)
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc.strerror or exc}") from exc


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


def _entry_date(entry: Any, where: str) -> Any:
    """The entry's date as the feed writes it, read strictly (never feedparser's guesses)."""
    # dict.get: feedparser's own get() maps a missing "updated" to "published" with a warning
    raw = next((dict.get(entry, k) for k in ("published", "updated", "created") if dict.get(entry, k)), None)
    if raw is None:
        return None
    published = parse_date(raw)
    if published is None:
        log.warning("%s: cannot read the date %r (a full date is needed); published left unknown",
                    where, str(raw)[:80])  # fmt: skip
    return published


def _iter_feed(data: bytes, name: str, report: OnError) -> Iterator[Article]:
    import feedparser

    try:
        parsed = feedparser.parse(data)
    except RecursionError:
        raise InputError(f"{name} is a feed nested too deeply") from None
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
            report(f"{where}: no content or summary")
            continue
        try:
            article = build_article(
                body,
                fmt="html" if _TAG.search(body) else "text",
                name=where,
                published=_entry_date(entry, where),
                source=feed_title,
                title=entry.get("title") or None,
                url=entry.get("link") or None,
                path=where,
                record_fmt="feed",
            )
        except InputError as exc:
            report(f"{where}: {exc}")
            continue
        good += 1
        yield article
    if not good:
        raise InputError(f"{name} is a feed with no readable entries")


def first_element(text: str) -> str | None:
    """The name of the first element of an XML document (after the declaration, comments,
    processing instructions and DOCTYPE, however long they are), or None when the text does not
    start like XML."""
    i, n = 0, min(len(text), _PROLOG_CHARS)
    while i < n:
        j = text.find("<", i)
        if j < 0 or text[i:j].strip(" \t\r\n\ufeff"):
            return None
        if text.startswith("<?", j):
            end = text.find("?>", j)
            i = -1 if end < 0 else end + 2
        elif text.startswith("<!--", j):
            end = text.find("-->", j)
            i = -1 if end < 0 else end + 3
        elif text.startswith("<!", j):
            close, bracket = text.find(">", j), text.find("[", j)
            if 0 <= bracket < close:  # an internal subset: <!DOCTYPE x [ ... ]>
                end = text.find("]", bracket)
                close = -1 if end < 0 else text.find(">", end)
            i = -1 if close < 0 else close + 1
        else:
            m = _ELEMENT_NAME.match(text, j)
            return m.group(1) if m else None
        if i < 0:
            return None
    return None


def _is_feed(text: str) -> bool:
    name = first_element(text)
    return name is not None and name.lower() in FEED_ELEMENTS


def _json_file(text: str, name: str, suffix: str, report: OnError) -> Iterator[Article] | None:
    """The articles of a JSON file (array, one object, or JSON Lines); None when it is no JSON."""
    s = text.lstrip("\ufeff \t\r\n")
    if suffix in JSONL_SUFFIXES:
        return _records(_text_lines(text, name), name, report)
    if not s.startswith(("{", "[")):
        return None
    try:
        whole: Any = _loads(s)
    except InputError as exc:
        first = s.split("\n", 1)[0]
        if s.startswith("{"):
            try:
                if isinstance(_loads(first), dict):
                    return _records(_text_lines(text, name), name, report)
            except InputError:
                pass
        if suffix == ".json":
            raise InputError(f"{name}: {exc}") from None
        return None
    if isinstance(whole, list):
        return _records(((f"{name}:{n}", item) for n, item in enumerate(whole, 1)), name, report)
    if isinstance(whole, dict):
        return _records([(name, whole)], name, report)
    if suffix == ".json":
        raise InputError(f"{name}: expected a JSON object or an array of objects")
    return None


def _read(stream: BinaryIO, name: str, n: int) -> bytes:
    try:
        return stream.read(n)
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc.strerror or exc}") from exc


def iter_file(path: str | Path, on_error: OnError | None = None) -> Iterator[Article]:
    """The articles of one file: JSON Lines, a JSON array or object, a feed, or a single article.

    A JSON Lines file (``.jsonl``/``.ndjson``, or one bigger than the article limit that starts
    with ``{``) is read line by line, up to :data:`~sitrep.ingest.decode.MAX_CORPUS_BYTES`;
    everything else is read whole, up to :data:`~sitrep.ingest.decode.MAX_BYTES`. A bad record
    is passed to ``on_error`` (default: a warning) and skipped; a file with nothing readable
    raises :class:`InputError`.
    """
    report = on_error or _warn
    stream, name, size = open_input(path)
    suffix = Path(str(path)).suffix.lower()
    try:
        head = _read(stream, name, _HEAD_BYTES)
        starts_object = head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")
        wide = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))  # read whole, decoded
        streamed = not wide and (
            suffix in JSONL_SUFFIXES or (size is not None and size > decode.MAX_BYTES and starts_object)
        )
        if streamed and size is not None:
            check_size(size, name, decode.MAX_CORPUS_BYTES)
            if not head.strip():
                raise InputError(f"{name} is empty")
            if decode.looks_binary(head):
                raise InputError(f"{name} looks binary, not JSON Lines")
            stream.seek(0)
            yield from _records(_stream_lines(stream, name), name, report)
            return
        if size is not None:
            check_size(size, name)
        data = head
        if len(head) == _HEAD_BYTES:
            data += _read(stream, name, decode.MAX_BYTES + 1 - len(head))
        check_size(len(data), name)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    text = decode_bytes(data, name)
    records = _json_file(text, name, suffix, report)
    if records is not None:
        yield from records
    elif _is_feed(text):
        yield from _iter_feed(data, name, report)
    else:
        yield build_article(text, name=name, path=None if name == "standard input" else name)


def _inside(folder: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(folder)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def _folder_files(folder: Path, report: OnError) -> list[Path]:
    """The article files under ``folder`` in sorted order; symbolic links are followed only
    when they stay inside the folder, hidden files and folders are left out."""
    root = folder.resolve()
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        here = Path(dirpath)
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for d in list(dirnames):
            if (here / d).is_symlink():
                dirnames.remove(d)
                if _inside(root, here / d):
                    continue  # the folder it points to is walked anyway
                report(f"{here / d}: a link to a folder outside {folder}; not followed")
        for f in filenames:
            p = here / f
            if f.startswith(".") or p.suffix.lower() not in ARTICLE_SUFFIXES:
                continue
            if p.is_symlink() and not _inside(root, p):
                report(f"{p}: a link to a file outside {folder}; not followed")
                continue
            found.append(p)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def iter_articles(paths: Iterable[str | Path], on_error: OnError | None = None) -> Iterator[Article]:
    """Articles from files, folders (recursive), JSON Lines files and RSS/Atom feeds.

    Folders are walked in sorted order. A record or file that cannot be read is skipped and
    passed to ``on_error`` as one line naming the file (and the line of a JSON Lines file);
    without ``on_error`` it is a logged warning, except that a file named directly that cannot
    be read raises :class:`InputError`.
    """
    report = on_error or _warn
    for path in paths:
        p = Path(path)
        if str(path) != "-" and p.is_dir():
            files = _folder_files(p, report)
            if not files:
                problem = f"{path} holds no article files ({', '.join(sorted(ARTICLE_SUFFIXES))})"
                if on_error is None:
                    raise InputError(problem)
                report(problem)
            for f in files:
                try:
                    yield from iter_file(f, report)
                except InputError as exc:
                    report(str(exc))
        elif on_error is None:
            yield from iter_file(path)
        else:
            try:
                yield from iter_file(path, report)
            except InputError as exc:
                report(str(exc))
