"""Name normalisation shared by the gazetteer, the mention finder and the resolver.

``norm`` makes two spellings of the same written name equal (case, diacritics,
hyphens, apostrophes, the Persian "-e-"/"-i-" connector); ``phonetic`` goes
further and folds the letters transliterations disagree on (kh/x, sh/sch,
u/o/ou, i/e/y, q/k/g, w/v, doubled letters, final -ai/-ay/-ey), so that
"Shugnon", "Shughnan" and "Shighnan" come close.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = "'’‘`´ʻʼʿʾ‛"
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_./,()]+")
_CONNECTORS = {"e", "i", "y", "ye", "yi", "yeh", "e'", "i'"}
_NON_WORD = re.compile(r"[^a-z0-9 ]+")


def strip_accents(text: str) -> str:
    """ASCII-fold: "Kābol" -> "Kabol", "Şāḩib" -> "Sahib" (letters outside Latin are dropped)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def norm(name: str) -> str:
    """Lower-case, ASCII-folded, single-spaced; connectors unified to "e".

    >>> norm("Qala-i-Naw") == norm("Qala e Naw") == norm("QALA-E-NAW")
    True
    """
    text = strip_accents(name).lower()
    for ch in _APOSTROPHES:
        text = text.replace(ch, "")
    text = _SEPARATORS.sub(" ", text)
    text = _NON_WORD.sub("", text)
    tokens = text.split()
    out: list[str] = []
    for i, tok in enumerate(tokens):
        if 0 < i < len(tokens) - 1 and tok in _CONNECTORS:
            out.append("e")
        else:
            out.append(tok)
    return " ".join(out)


def is_latin(name: str) -> bool:
    """True when every letter of ``name`` survives ASCII folding (Latin script)."""
    folded = strip_accents(name)
    return all(ord(c) < 128 or not c.isalpha() for c in folded) and any(c.isalpha() for c in folded)


_PHONETIC_RULES: tuple[tuple[str, str], ...] = (
    ("sch", "sh"),
    ("tch", "ch"),
    ("kh", "x"),
    ("gh", "g"),
    ("zh", "j"),
    ("dj", "j"),
    ("ph", "f"),
    ("ck", "k"),
    ("q", "k"),
    ("c", "k"),
    ("w", "v"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
)
_FINAL_VOWEL = re.compile(r"(ai|ay|ey|ei|ie|iy|e|y)\b")
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=50_000)
def phonetic(name: str) -> str:
    """A loose key for transliteration variants (spaces removed).

    >>> phonetic("Shugnon") == phonetic("Shughnun")
    True
    """
    text = norm(name)
    for a, b in _PHONETIC_RULES:
        text = text.replace(a, b)
    text = _FINAL_VOWEL.sub("i", text)
    text = text.replace("o", "u").replace("e", "i").replace("y", "i")
    text = _DOUBLE.sub(r"\1", text.replace(" ", ""))
    return text


_FIRST_GROUPS = ("aeiouy", "kqgc", "sz", "jz", "vwb", "fp", "td")


def same_first_group(a: str, b: str) -> bool:
    """The first letters of two phonetic keys belong to the same sound group."""
    if not a or not b:
        return False
    if a[0] == b[0]:
        return True
    return any(a[0] in group and b[0] in group for group in _FIRST_GROUPS)


NOT_PLACES_FILE = "not_places.txt"
ORGANISATIONS_FILE = "organisations.txt"


def not_places() -> set[str]:
    """Normalised words of ``sitrep/data/places/not_places.txt``: never read as a place."""
    from sitrep.config import data_dir

    path = data_dir() / "places" / NOT_PLACES_FILE
    if not path.exists():
        return set()
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.add(norm(line))
    return out


def organisation_names() -> list[str]:
    """Lines of ``sitrep/data/places/organisations.txt``: names of outlets and bodies that hold a
    place name ("Kabul Now", "Radio Kabul"); a place name inside one of them is not a place."""
    from sitrep.config import data_dir

    path = data_dir() / "places" / ORGANISATIONS_FILE
    if not path.exists():
        return []
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]
