"""Bytes to text: size limit, binary sniffing and encodings, each failure one clear line."""

from __future__ import annotations

import codecs
import re

from sitrep.errors import InputError

MAX_BYTES = 50 * 1024 * 1024  # one article (a file, standard input, one JSON Lines record) at most 50 MB
MAX_CORPUS_BYTES = 4 * 1024 * 1024 * 1024  # a JSON Lines corpus, read line by line: at most 4 GB
_SAMPLE = 8192
# control characters that never occur in text (tab, newline, CR, form feed, ESC excluded)
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 12, 13, 27)) + b"\x7f"
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def human_size(n: int) -> str:
    if n >= 1024**3:
        return f"{n / 1024**3:.0f} GB"
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def check_size(n: int, name: str, limit: int | None = None) -> None:
    """One clear error when ``n`` bytes are over ``limit`` (default: the article limit)."""
    limit = MAX_BYTES if limit is None else limit
    if n > limit:
        raise InputError(f"{name} is too large ({human_size(n)}); the limit is {human_size(limit)}")


def _utf16_without_bom(data: bytes) -> str | None:
    """The text of UTF-16 data without a byte-order mark, told by its zero bytes (mostly ASCII text)."""
    sample = data[: _SAMPLE - _SAMPLE % 2]
    if len(sample) < 4 or len(data) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    zeros_even, zeros_odd = even.count(0), odd.count(0)
    half = len(sample) // 2
    if zeros_odd >= 0.6 * half and zeros_even <= 0.02 * half:
        enc = "utf-16-le"
    elif zeros_even >= 0.6 * half and zeros_odd <= 0.02 * half:
        enc = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return None
    return text if "\x00" not in text[:_SAMPLE] and _looks_like_text(text) else None


def looks_binary(data: bytes) -> bool:
    """Bytes that are no text: a NUL, or more than 5% control characters, in the first 8 KB."""
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        return True
    bad = sum(1 for b in sample if b in _CONTROL)
    return bad > 0.05 * len(sample)


def _looks_like_text(text: str) -> bool:
    sample = text[:_SAMPLE]
    if not sample:
        return False
    control = len(_CONTROL_RE.findall(sample))
    non_ascii = sum(1 for ch in sample if ord(ch) > 127)
    letters = sum(1 for ch in sample if ch.isalpha())
    return control == 0 and non_ascii <= 0.2 * len(sample) and letters >= 0.3 * len(sample.strip() or " ")


def decode_bytes(data: bytes, name: str) -> str:
    """Decode a file's bytes: UTF-8 (with or without BOM), UTF-16/32 with a BOM, else clean cp1252.

    Raises :class:`InputError` for binary data, undecodable bytes and empty input.
    """
    check_size(len(data), name)
    text: str | None = None
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                label = enc.upper()
                raise InputError(f"{name} has a {label} byte-order mark but is not valid {label}") from exc
            break
    if text is None:
        text = _utf16_without_bom(data)
    if text is None:
        if looks_binary(data):
            raise InputError(f"{name} looks binary, not an article")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                legacy = data.decode("cp1252")
            except UnicodeDecodeError:
                legacy = None
            if legacy is None or not _looks_like_text(legacy):
                raise InputError(f"{name} is not valid UTF-8 text") from None
            text = legacy
    if "\x00" in text[:_SAMPLE]:
        raise InputError(f"{name} looks binary, not an article")
    if not text.strip():
        raise InputError(f"{name} is empty")
    return text
