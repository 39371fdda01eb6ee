"""Removing what is not the report: comment sections, captions, share lines, footers.

Cleaning works on whole lines only, so every sentence of the report that is
kept is kept byte for byte (event offsets are computed on the cleaned text).
Paragraphs come out separated by one blank line ("\\n\\n"); lines inside a
paragraph keep their single "\\n". The patterns live in
``sitrep/data/boilerplate.json``, not in this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sitrep.config import data_dir
from sitrep.data_schemas import load_data

# A comment thread is recognised from this many non-blank lines after a candidate start.
_WINDOW = 12
# a line of at least this many words is prose, the report a comment thread would follow
_BODY_WORDS = 15
# Captions next to an image marker: at most this many words.
_CAPTION_WORDS = 10
_NAME_PARTICLES = frozenset(
    {"de", "da", "del", "della", "di", "van", "von", "der", "den", "la", "le", "al", "el", "bin", "ibn", "du"}
)
_MONTHS = frozenset(
    re.findall(
        r"\w+",
        "january february march april may june july august september october november december "
        "monday tuesday wednesday thursday friday saturday sunday",
    )
)
_TIME_WORDS = re.compile(
    r"\b(yesterday|today|tonight|said|says|told"
    r"|on (monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b",
    re.IGNORECASE,
)
_TOKEN_CAP = re.compile(r"^[^\W\d_][\w'’.\-]*$", re.UNICODE)
_INITIAL = re.compile(r"^[^\W\d_]\.$", re.UNICODE)
_HANDLE = re.compile(r"^(?=.*[\d_])[A-Za-z][\w.\-]{2,30}$")


@dataclass(frozen=True)
class _Patterns:
    headings: re.Pattern[str]
    markers: re.Pattern[str]
    drop: re.Pattern[str]
    images: re.Pattern[str]
    captions: re.Pattern[str]
    comment_voice: re.Pattern[str]
    news_voice: re.Pattern[str]


def _alternation(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE | re.UNICODE)


@lru_cache(maxsize=1)
def patterns() -> _Patterns:
    """The boilerplate patterns of ``sitrep/data/boilerplate.json`` (checked against its
    schema in ``sitrep/data_schemas.py``), compiled once."""
    raw = load_data("boilerplate.json", data_dir())

    def get(key: str) -> re.Pattern[str]:
        return _alternation(raw[key]["patterns"])

    captions = re.compile("|".join(f"(?:{p})" for p in raw["caption_lines"]["patterns"]), re.UNICODE)
    return _Patterns(
        headings=get("comment_headings"),
        markers=get("comment_markers"),
        drop=get("drop_lines"),
        images=get("image_markers"),
        captions=captions,
        comment_voice=get("comment_voice"),
        news_voice=get("news_voice"),
    )


# --------------------------------------------------------------------------- line kinds


def is_name_line(line: str) -> bool:
    """A line that looks like a commenter's name ("Albert F.", "La Rata", "raptor_77")."""
    if not line or len(line) > 40 or line[-1] in ",;:!?" or '"' in line or "“" in line:
        return False
    tokens = line.split()
    if not 1 <= len(tokens) <= 4:
        return False
    if len(tokens) == 1 and _HANDLE.match(tokens[0]):
        return True
    if any(ch.isdigit() for ch in line):
        return False
    if line.endswith(".") and not _INITIAL.match(tokens[-1]):
        return False
    for n, tok in enumerate(tokens):
        if tok.lower() in _MONTHS:
            return False
        if _INITIAL.match(tok):
            continue
        if n > 0 and tok.lower() in _NAME_PARTICLES:
            continue
        if not _TOKEN_CAP.match(tok) or not tok[0].isupper():
            return False
        if len(tok) > 3 and tok.isupper():  # "KABUL", "UPDATE": datelines and labels, not names
            return False
    return True


_QUOTED = re.compile(r"[“\"][^”\"]{0,2000}[”\"]")


def _comment_voiced(p: _Patterns, line: str) -> bool:
    """A reader's voice, outside quotations (a report quotes people who say "I" and "you")."""
    unquoted = _QUOTED.sub(" ", line)
    return bool(p.comment_voice.search(unquoted)) and not p.news_voice.search(line)


def _news_voiced(p: _Patterns, line: str) -> bool:
    return bool(p.news_voice.search(line))


# --------------------------------------------------------------------------- comment sections


def _find_heading(p: _Patterns, lines: list[str]) -> int | None:
    """Index of a comment-section heading that has report text before it."""
    seen_text = False
    for i, line in enumerate(lines):
        if not line:
            continue
        if seen_text and p.headings.fullmatch(line):
            return i
        if not p.drop.fullmatch(line):
            seen_text = True
    return None


def _kind(p: _Patterns, line: str) -> str:
    if p.markers.fullmatch(line):
        return "S"
    if is_name_line(line):
        return "N"
    return "P"


def _thread_start(p: _Patterns, lines: list[str]) -> int | None:
    """Index where a comment thread without a heading starts, or None.

    A thread is a run of comment-like blocks: lone commenter names, "Last
    edited ... ago by ...", "Reply", vote counts, interleaved with paragraphs
    in a reader's voice. One short line is never enough: subheadings and
    datelines are short too, so a start needs more markers or a reader's
    voice close after it.
    """
    idx = [i for i, line in enumerate(lines) if line]
    kinds = {i: _kind(p, lines[i]) for i in idx}
    first_text = idx[0] if idx else 0
    # comments follow a report: no thread starts before the first paragraph of prose
    # (a masthead of short lines, currency tickers and menus is not a thread)
    body = next((i for i in idx if kinds[i] == "P" and len(lines[i].split()) >= _BODY_WORDS), None)
    for pos, i in enumerate(idx):
        k = kinds[i]
        if k == "P" or i == first_text or body is None or i < body:
            continue
        window = idx[pos : pos + _WINDOW]
        markers = [j for j in window if kinds[j] != "P"]
        strong = [j for j in window if kinds[j] == "S"]
        paras = [j for j in window if kinds[j] == "P"]
        voiced = [j for j in paras if _comment_voiced(p, lines[j])]
        nxt = idx[pos + 1] if pos + 1 < len(idx) else None
        if k == "S":
            definitive = lines[i].lower().startswith(("last edited", "edited "))
            if not (definitive or len(markers) >= 2 or voiced):
                continue
        else:
            if nxt is None or kinds[nxt] != "P" or _news_voiced(p, lines[nxt]):
                continue
            if len(markers) < 2 or not voiced:
                continue
            if not (strong or len(markers) >= 3 or len(voiced) >= 2):
                continue
        return _back_off(p, lines, idx, pos, kinds)
    return None


def _back_off(p: _Patterns, lines: list[str], idx: list[int], pos: int, kinds: dict[int, str]) -> int:
    """Move a thread start back over the comment it belongs to."""
    i = idx[pos]
    start = i
    line = lines[i].lower()
    if kinds[i] == "S" and line.startswith(("last edited", "edited ")) and pos >= 2:
        # "Last edited ... by X" follows its comment: take the comment (and its author line) too.
        b = _block_start(lines, idx[pos - 1])
        if b > idx[0]:
            start = b
            prev = [j for j in idx if j < start]
            if prev and kinds[prev[-1]] == "N":
                start = prev[-1]
    # A nameless first comment: up to two blocks right before the start, set off from the
    # report by a wider gap (two or more blank lines) than the report uses between its paragraphs.
    blocks_back = 0
    cur = start
    while blocks_back < 2:
        prev = [j for j in idx if j < cur]
        if len(prev) < 2:
            break
        b = _block_start(lines, prev[-1])
        if _news_voiced(p, " ".join(lines[b : prev[-1] + 1])):
            break
        before = [j for j in idx if j < b]
        if not before:
            break
        gap = b - before[-1] - 1
        if gap >= 2 and not _has_wide_gap(lines, idx[0], before[-1]):
            return b
        cur = b
        blocks_back += 1
    return start


def _block_start(lines: list[str], i: int) -> int:
    while i > 0 and lines[i - 1]:
        i -= 1
    return i


def _has_wide_gap(lines: list[str], lo: int, hi: int) -> bool:
    run = 0
    for line in lines[lo : hi + 1]:
        run = run + 1 if not line else 0
        if run >= 2:
            return True
    return False


# --------------------------------------------------------------------------- captions


def _caption_like(line: str) -> bool:
    words = line.split()
    if not 1 <= len(words) <= _CAPTION_WORDS or len(line) > 90:
        return False
    if line.endswith((":", "?")) or re.search(r"[.!?]\s+\S", line):
        return False
    return not _TIME_WORDS.search(line)


def _drop_lines(p: _Patterns, lines: list[str]) -> list[str]:
    idx = [i for i, line in enumerate(lines) if line]
    if not idx:
        return lines
    first = idx[0]
    drop: set[int] = set()
    for pos, i in enumerate(idx):
        line = lines[i]
        if p.images.fullmatch(line):
            drop.add(i)
            for npos in (pos - 1, pos + 1):
                if 0 <= npos < len(idx):
                    j = idx[npos]
                    if j != first and abs(j - i) <= 2 and _caption_like(lines[j]) and not p.images.fullmatch(
                        lines[j]
                    ):
                        drop.add(j)
        elif p.drop.fullmatch(line) or (
            i != first
            and len(line.split()) <= _CAPTION_WORDS
            and not lines[i - 1]
            and (i + 1 >= len(lines) or not lines[i + 1])
            and p.captions.fullmatch(line)
        ):
            drop.add(i)
    return [("" if i in drop else line) for i, line in enumerate(lines)]


# --------------------------------------------------------------------------- entry point


def _paragraphs(lines: list[str]) -> list[str]:
    paras: list[str] = []
    cur: list[str] = []
    for line in lines:
        if line:
            cur.append(line)
        elif cur:
            paras.append("\n".join(cur))
            cur = []
    if cur:
        paras.append("\n".join(cur))
    return paras


def _split_lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\u2029", "\n\n")
    lines = [line.strip() for line in text.split("\n")]
    nonblank = [line for line in lines if line]
    # One paragraph per line with no blank lines at all (e.g. extracted text): make the
    # paragraph breaks explicit, unless the lines look hard-wrapped (short, of similar length).
    if nonblank and len(nonblank) == len(lines) and len(nonblank) > 1:
        lengths = sorted(len(line) for line in nonblank)
        if lengths[len(lengths) // 2] > 100:
            return [part for line in lines for part in (line, "")]
    return lines


def find_comment_start(text_lines: list[str]) -> int | None:
    """Line index where the comment section (heading or headless thread) starts, or None."""
    p = patterns()
    cut = _find_heading(p, text_lines)
    head = text_lines if cut is None else text_lines[:cut]
    thread = _thread_start(p, head)
    return thread if thread is not None else cut


def clean_text(text: str) -> tuple[str, int]:
    """Return (cleaned text, number of characters removed).

    Removes a comment section and everything after it (with or without a
    heading), comment-form lines, image markers and captions, share, related
    and newsletter lines, site footers and advertisements. Kept lines are not
    altered except for surrounding whitespace.
    """
    p = patterns()
    lines = _split_lines(text)
    cut = find_comment_start(lines)
    if cut is not None:
        lines = lines[:cut]
    lines = _drop_lines(p, lines)
    cleaned = "\n\n".join(_paragraphs(lines))
    return cleaned, max(0, len(text) - len(cleaned))
