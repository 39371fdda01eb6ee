"""One article from a file, standard input or a string."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import stat
import sys
from pathlib import Path
from typing import Any, BinaryIO, Literal

from sitrep.errors import InputError
from sitrep.ingest import decode
from sitrep.ingest.clean import clean_text
from sitrep.ingest.decode import check_size, decode_bytes
from sitrep.ingest.html import html_to_text, looks_like_html, parse_date
from sitrep.models import Article

Fmt = Literal["text", "html", "jsonl", "feed"]
_TITLE_END = re.compile(r"[.:;,]$")
# control characters no database text column takes (NUL) or that no title, source or URL has
_META_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
# a UTF-16 surrogate on its own (JSON "\ud800"): no text encoding, no database takes it
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean_meta(value: Any) -> str | None:
    """A title, source or URL as one line of text: no NUL or other control characters."""
    if value is None:
        return None
    text = _LONE_SURROGATE.sub("\ufffd", _META_CONTROL.sub(" ", str(value))).strip()
    return text or None


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
    text = text.replace("\x00", "")  # NUL is in no article, and no database stores it in text
    text = _LONE_SURROGATE.sub("\ufffd", text)
    title, source, url = clean_meta(title), clean_meta(source), clean_meta(url)
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


def open_input(path: str | Path) -> tuple[BinaryIO, str, int | None]:
    """An open binary stream of a regular file (or of stdin for "-"), its name for messages
    and its size (None for stdin).

    Devices (``/dev/zero``), FIFOs and sockets are refused: they can be endless or block forever.
    """
    if str(path) == "-":
        return sys.stdin.buffer, "standard input", None
    name = str(path)
    p = Path(path)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; the check below refuses it
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError as exc:
        raise InputError(f"no such file: {name}") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{name} is a directory, not an article file") from exc
    except PermissionError as exc:
        if p.is_dir():
            raise InputError(f"{name} is a directory, not an article file") from exc
        raise InputError(f"cannot read {name}: permission denied") from exc
    except OSError as exc:
        try:
            regular = stat.S_ISREG(os.stat(p).st_mode)
        except OSError:
            regular = True
        if not regular:  # a socket cannot even be opened
            raise InputError(f"{name} is not a regular file (a device, FIFO or socket); give a file") from exc
        raise InputError(f"cannot read {name}: {exc.strerror or exc}") from exc
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{name} is a directory, not an article file")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{name} is not a regular file (a device, FIFO or socket); give a file")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb"), name, info.st_size
    except BaseException:
        os.close(fd)
        raise


def read_capped(stream: BinaryIO, name: str, size: int | None = None, limit: int | None = None) -> bytes:
    """At most ``limit`` bytes (default: the article limit) of ``stream``; more is one clear error."""
    limit = decode.MAX_BYTES if limit is None else limit
    if size is not None:
        check_size(size, name, limit)
    try:
        data = stream.read(limit + 1)
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc.strerror or exc}") from exc
    check_size(len(data), name, limit)
    return data


def read_bytes(path: str | Path) -> tuple[bytes, str]:
    """The raw bytes of a file (or of stdin for "-") and the name to use in messages."""
    stream, name, size = open_input(path)
    if stream is sys.stdin.buffer:
        return read_capped(stream, name), name
    with stream:
        return read_capped(stream, name, size), name


def _json_article(text: str) -> dict[str, Any] | None:
    """A single JSON object holding an article, when the file is one."""
    s = text.lstrip()
    if not s.startswith("{"):
        return None
    try:
        obj = json.loads(s)
    except (ValueError, RecursionError):
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
