"""HTML to the article's main text and metadata (trafilatura, with an lxml fallback)."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Any

log = logging.getLogger("sitrep.ingest")

_HTML_SNIFF = re.compile(
    r"<\s*(!doctype\s+html|html|head|body|article|div|p|span|h[1-6]|meta|title|section|br|ul|li|table|a\s)\b",
    re.IGNORECASE,
)
_WS = re.compile(r"[ \t\r\n\u00a0]+")
_BLOCKS = (
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "th", "dd", "dt", "figcaption",
)
_JUNK_ATTR = re.compile(
    r"comment|respond|reply|share|social|related|newsletter|footer|sidebar|advert|promo|cookie", re.I
)


def looks_like_html(text: str) -> bool:
    """True when the text is HTML (sniffed from the content, not from a file name)."""
    head = text[:4096].lstrip("\ufeff \t\r\n")
    if head[:15].lower().startswith(("<!doctype html", "<html", "<?xml")) and "<html" in text[:4096].lower():
        return True
    if head.lower().startswith(("<!doctype html", "<html")) or _HTML_SNIFF.match(head):
        return True
    return len(_HTML_SNIFF.findall(text[:4096])) >= 2


@dataclass
class HtmlDoc:
    text: str
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None


_ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s]\d{1,2}:\d{2})")
_NUMERIC_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_MONTH_NAME = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?![a-z])", re.IGNORECASE
)
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_MIN_YEAR, _MAX_YEAR = 1800, 2200
_MAX_DATE_CHARS = 100


def _plausible(d: dt.date) -> dt.date | None:
    return d if _MIN_YEAR <= d.year <= _MAX_YEAR else None


def parse_date(value: Any) -> dt.date | None:
    """A date that the value states in full, or None; nothing is ever filled in from today.

    Accepted: date and datetime objects; ISO 8601 (``2021-07-05``, ``2021-07-05T10:00Z``,
    also with ``/`` or ``.``); RFC 822/2822 feed dates (``Mon, 05 Jul 2021 10:00:00 GMT``);
    written dates with day, month name and year (``5 July 2021``, ``July 5, 2021``); and
    day/month/year numbers when only one reading is possible (``25/07/2021``). Anything
    that lacks the day, the month or the year (``12``, ``Monday``, ``July``, ``July 2021``),
    or that reads two ways (``05/07/2021``), is None.
    """
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return _plausible(value.date())
    if isinstance(value, dt.date):
        return _plausible(value)
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s or len(s) > _MAX_DATE_CHARS:
        return None
    m = _ISO_DATE.match(s)
    if m:
        try:
            return _plausible(dt.date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            return None
    m = _NUMERIC_DMY.match(s)
    if m:
        a, b = int(m[1]), int(m[2])
        if a <= 12 and b <= 12 and a != b:
            return None  # 05/07/2021: May or July?
        day, month = (a, b) if a > 12 or a == b else (b, a)
        try:
            return _plausible(dt.date(int(m[3]), month, day))
        except ValueError:
            return None
    if not (_MONTH_NAME.search(s) and _YEAR.search(s)):
        return None
    from email.utils import parsedate_tz

    parts = parsedate_tz(s)
    if parts is not None and parts[0] and parts[1] and parts[2]:
        try:
            return _plausible(dt.date(parts[0], parts[1], parts[2]))
        except ValueError:
            pass
    try:
        from dateutil import parser as dparser

        # parsed against two different defaults: a part the text does not give differs
        one = dparser.parse(s, fuzzy=False, default=dt.datetime(2001, 1, 1))
        two = dparser.parse(s, fuzzy=False, default=dt.datetime(2002, 2, 2))
    except (ValueError, OverflowError, ImportError, TypeError):
        return None
    if one.date() != two.date():
        return None
    return _plausible(one.date())


def _element_text(el: Any) -> str:
    """Text of one trafilatura output element; <lb/> becomes a newline."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.tag == "lb":
            parts.append("\n")
        elif node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    lines = [_WS.sub(" ", line).strip() for line in "".join(parts).split("\n")]
    return "\n".join(line for line in lines if line)


def _body_paragraphs(body: Any) -> list[str]:
    paras: list[str] = []
    for el in body:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "list":
            paras.extend(t for t in (_element_text(item) for item in el.iter("item")) if t)
        elif tag == "table":
            for row in el.iter("row"):
                cells = [t for t in (_element_text(c) for c in row.iter("cell")) if t]
                if cells:
                    paras.append(" | ".join(cells))
        elif tag in ("graphic", "ref") and not (el.text or "").strip():
            continue
        else:
            t = _element_text(el)
            if t:
                paras.append(t)
    return paras


def _fallback_paragraphs(html: str) -> list[str]:
    """Plain lxml extraction for pages trafilatura gives up on (very short or odd markup)."""
    import lxml.html
    from lxml_html_clean import Cleaner

    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    cleaner = Cleaner(scripts=True, javascript=True, style=True, comments=True, forms=True, meta=True,
                      page_structure=False, links=False, embedded=True, frames=True)
    with contextlib.suppress(ValueError, TypeError):
        tree = cleaner.clean_html(tree)
    for el in list(tree.iter("nav", "footer", "header", "aside", "form", "noscript")):
        if el.getparent() is not None:
            el.drop_tree()
    for el in list(tree.iter()):
        attrs = f"{el.get('class', '')} {el.get('id', '')}" if isinstance(el.tag, str) else ""
        if attrs.strip() and _JUNK_ATTR.search(attrs) and el.getparent() is not None and el.tag != "body":
            el.drop_tree()
    paras: list[str] = []
    blocks = [el for el in tree.iter(*_BLOCKS) if not any(a.tag in _BLOCKS for a in el.iterancestors())]
    if blocks:
        for el in blocks:
            t = _WS.sub(" ", el.text_content()).strip()
            if t:
                paras.append(t)
    else:
        body = tree.find("body")
        root = body if body is not None else tree
        for line in root.text_content().split("\n"):
            t = _WS.sub(" ", line).strip()
            if t:
                paras.append(t)
    return paras


_DROP_OPEN = re.compile(r"<!--|<(head|title|script|style|noscript|template)\b[^<>]*>", re.IGNORECASE)
_BREAK_TAGS = re.compile(
    r"</?(?:p|div|br|h[1-6]|li|ul|ol|tr|table|blockquote|pre|section|article|header|footer|dd|dt)\b[^<>]*>",
    re.IGNORECASE,
)
_TITLE_OPEN = re.compile(r"<title\b[^<>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^<>]*>")  # [^<>]: a "<" with no ">" costs one scan to the next "<"


def _drop_elements(html: str) -> str:
    """``html`` without comments and head, title, script, style, noscript and template elements
    (an unclosed one runs to the end, as in a browser); one pass, so linear whatever the markup."""
    lower = html.lower()
    kept: list[str] = []
    pos = 0
    while True:
        m = _DROP_OPEN.search(html, pos)
        if m is None:
            kept.append(html[pos:])
            break
        kept.append(html[pos : m.start()])
        if m.group(1) is None:  # a comment
            close = lower.find("-->", m.end())
            if close < 0:
                break
            pos = close + 3
            continue
        close = lower.find(f"</{m.group(1).lower()}", m.end())
        if close < 0:
            break
        end = lower.find(">", close)
        pos = len(html) if end < 0 else end + 1
    return " ".join(kept)


def _stripped_paragraphs(html: str) -> list[str]:
    """Last resort, for markup no parser keeps (nested deeper than libxml2's limit): the text
    between the tags, one paragraph per block element. Every pattern here runs in linear time."""
    import html as htmllib

    text = _BREAK_TAGS.sub("\n", _drop_elements(html))
    text = htmllib.unescape(_ANY_TAG.sub(" ", text))
    return [t for t in (_WS.sub(" ", line).strip() for line in text.split("\n")) if t]


def _fallback_title(html: str) -> str | None:
    m = _TITLE_OPEN.search(html)
    if not m:
        return None
    end = html.lower().find("</title", m.end())  # found once: linear however many <title there are
    if end < 0:
        return None
    t = _WS.sub(" ", html[m.end() : end]).strip()
    return t or None


def html_to_text(html: str) -> HtmlDoc:
    """Main text (paragraphs separated by blank lines) and metadata of an HTML page."""
    import trafilatura

    doc = None
    for recall in (False, True):
        try:
            doc = trafilatura.bare_extraction(
                html,
                include_comments=False,
                include_tables=True,
                with_metadata=True,
                favor_recall=recall,
                output_format="python",
            )
        except Exception as exc:  # trafilatura raises a variety of parser errors on broken input
            log.debug("trafilatura failed: %s", exc)
            doc = None
        if doc is not None and getattr(doc, "body", None) is not None and _body_paragraphs(doc.body):
            break
    paras = _body_paragraphs(doc.body) if doc is not None and getattr(doc, "body", None) is not None else []
    if not paras:
        paras = _fallback_paragraphs(html)
    if not paras:
        paras = _stripped_paragraphs(html)
    title = getattr(doc, "title", None) if doc is not None else None
    sitename = getattr(doc, "sitename", None) if doc is not None else None
    hostname = getattr(doc, "hostname", None) if doc is not None else None
    return HtmlDoc(
        text="\n\n".join(paras),
        title=title or _fallback_title(html),
        published=parse_date(getattr(doc, "date", None)) if doc is not None else None,
        source=sitename or hostname,
        url=getattr(doc, "url", None) if doc is not None else None,
    )
