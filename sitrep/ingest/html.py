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


def parse_date(value: Any) -> dt.date | None:
    """A date from ISO strings, datetimes, RFC 822 and similar; None when it cannot be read."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = str(value).strip()
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        pass
    try:
        from dateutil import parser as dparser

        return dparser.parse(s, fuzzy=False).date()
    except (ValueError, OverflowError, ImportError, TypeError):
        return None


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


def _fallback_title(html: str) -> str | None:
    m = re.search(r"<title[^>]*>(.*?)</title>", html, re.IGNORECASE | re.DOTALL)
    if not m:
        return None
    t = _WS.sub(" ", m.group(1)).strip()
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
