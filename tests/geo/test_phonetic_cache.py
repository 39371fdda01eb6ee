"""The gazetteer's phonetic index is made once and kept next to its cache: a later process reads
it instead of making it again, unless the cache or ``sitrep/text/names.py`` changed since."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import sitrep.geo.gazetteer as gazetteer
from sitrep.geo import load_gazetteer

NAMES = ["Shughnun", "Kunduz", "Mazar-e Sharif", "Qalay-e-Naw", "Zzzqqq"]


@pytest.fixture()
def fresh(built_home: Path, tmp_path: Path) -> Path:
    """A home with the built-in cache and no phonetic index yet."""
    h = tmp_path / "home"
    shutil.copytree(built_home / "gazetteer", h / "gazetteer")
    for f in (h / "gazetteer").glob("*.phon"):
        f.unlink()
    return h


def _answers(home: Path) -> tuple[list[list[int]], int]:
    """The phonetic ids of NAMES from a newly loaded gazetteer, and how many keys it made."""
    made = 0
    real = gazetteer.phonetic

    def counting(name: str) -> str:
        nonlocal made
        made += 1
        return real(name)

    mp = pytest.MonkeyPatch()
    mp.setattr(gazetteer, "phonetic", counting)
    try:
        gaz = load_gazetteer(home)
        return [gaz.ids_for_phonetic(n) for n in NAMES], made - len(NAMES)
    finally:
        mp.undo()


def test_index_is_kept_and_read_back(fresh: Path):
    first, made_first = _answers(fresh)
    assert made_first > 10_000  # every key of the gazetteer
    assert (fresh / "gazetteer" / "builtin.phon").exists()
    second, made_second = _answers(fresh)
    assert second == first
    assert made_second == 0  # read, not made


def test_index_is_made_again_when_names_py_changes(fresh: Path, monkeypatch: pytest.MonkeyPatch):
    first, _ = _answers(fresh)
    gazetteer.phonetic_fingerprint.cache_clear()
    monkeypatch.setattr(gazetteer, "phonetic_fingerprint", lambda: "another names.py")
    again, made = _answers(fresh)
    assert again == first and made > 10_000


def test_index_is_made_again_when_the_cache_changes(fresh: Path):
    first, _ = _answers(fresh)
    cache = fresh / "gazetteer" / "builtin.bin"
    cache.write_bytes(cache.read_bytes())  # rewritten: another modification time
    again, made = _answers(fresh)
    assert again == first and made > 10_000


def test_a_read_only_home_still_answers(fresh: Path):
    folder = fresh / "gazetteer"
    folder.chmod(0o555)
    try:
        got, made = _answers(fresh)
        assert made > 10_000
        assert not (folder / "builtin.phon").exists() or (folder / "builtin.phon").stat().st_size > 0
    finally:
        folder.chmod(0o755)
    again, _ = _answers(fresh)
    assert again == got
