"""The data files under sitrep/data/ are checked against their schemas as they are loaded."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sitrep.config import data_dir
from sitrep.data_schemas import SCHEMAS, DataFileError, load_data

FILES = sorted(SCHEMAS)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the data files, to break one at a time."""
    for name in FILES:
        shutil.copy(data_dir() / name, tmp_path / name)
    return tmp_path


def _edit(folder: Path, name: str, change: Callable[[dict[str, Any]], None]) -> None:
    path = folder / name
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def _error(folder: Path, name: str) -> str:
    with pytest.raises(DataFileError) as info:
        load_data(name, folder)
    message = str(info.value)
    assert "\n" not in message
    assert name in message
    return message


# --------------------------------------------------------------------------- shipped files


@pytest.mark.parametrize("name", FILES)
def test_shipped_file_loads(name: str) -> None:
    data = load_data(name)
    assert data == json.loads((data_dir() / name).read_text(encoding="utf-8"))


def test_lexicon_and_boilerplate_load_through_the_schemas(monkeypatch: pytest.MonkeyPatch) -> None:
    import sitrep.ingest.clean as clean
    import sitrep.language.lexicon as lexicon

    seen: list[str] = []

    def spy(name: str, directory: Path | None = None) -> dict[str, Any]:
        seen.append(name)
        return load_data(name, directory)

    monkeypatch.setattr(lexicon, "load_data", spy)
    monkeypatch.setattr(clean, "load_data", spy)
    lexicon.load_lexicon.cache_clear()
    clean.patterns.cache_clear()
    try:
        lexicon.load_lexicon()
        clean.patterns()
    finally:
        lexicon.load_lexicon.cache_clear()
        clean.patterns.cache_clear()
    assert sorted(seen) == FILES


# --------------------------------------------------------------------------- misspelt keys


def test_misspelt_frame_key_is_named(data_copy: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        frame = d["verbs"]["take"][1]
        frame["object_word"] = frame.pop("object_words")

    _edit(data_copy, "triggers.json", change)
    message = _error(data_copy, "triggers.json")
    assert "unknown key 'object_word' in verbs.take[1]" in message
    assert "did you mean 'object_words'?" in message


def test_misspelt_top_level_key_is_named_before_the_missing_one(data_copy: Path) -> None:
    _edit(data_copy, "cues.json", lambda d: d.__setitem__("say_verb", d.pop("say_verbs")))
    message = _error(data_copy, "cues.json")
    assert message.endswith("unknown key 'say_verb' (did you mean 'say_verbs'?) (and 1 more problem)")


@pytest.mark.parametrize(
    ("name", "change", "expected"),
    [
        ("units.json", lambda d: d["units"].__setitem__("soldiers", ["men"]), "key 'soldiers' in units"),
        ("boilerplate.json", lambda d: d["drop_lines"].__setitem__("pattern", []), "'pattern' in drop_lines"),
        ("actors.json", lambda d: d["actors"][0].__setitem__("alias", []), "'alias' in actors[0]"),
        ("triggers.json", lambda d: d["phrases"][0].__setitem__("regexp", "x"), "'regexp' in phrases[0]"),
    ],
)
def test_unknown_keys_fail_in_every_file(
    data_copy: Path, name: str, change: Callable[[dict[str, Any]], None], expected: str
) -> None:
    _edit(data_copy, name, change)
    assert expected in _error(data_copy, name)


# the word lists the extraction steps read (sitrep/extract/resources.py): each is declared,
# so a misspelt one stops the load with the key it was meant to be
EXTRACTION_KEYS = [
    ("cues.json", key)
    for key in (
        "place_heads", "generic_objects", "anaphor_nouns", "clash_nouns", "deny_verbs", "attribution_verbs",
        "outlet_verbs", "claimant_verbs", "kill_words", "air_words", "abroad_phrases", "abroad_nouns",
        "party_claim_verbs", "claimed_past_verbs", "control_words", "territory_words", "withdrawal_nouns",
        "withdrawal_verbs", "withdrawn_things", "control_verbs", "control_nouns",
        "air_strike_nouns", "container_nouns", "level_nouns",
    )
] + [("units.json", "units_by_type"), ("triggers.json", "no_event_particles"), ("triggers.json", "materiel_participles")]  # fmt: skip


@pytest.mark.parametrize(("name", "key"), EXTRACTION_KEYS)
def test_a_misspelt_extraction_list_is_named(data_copy: Path, name: str, key: str) -> None:
    typo = key[:-1] if key.endswith("s") else key + "s"
    _edit(data_copy, name, lambda d: d.__setitem__(typo, d.pop(key)))
    message = _error(data_copy, name)
    assert f"unknown key {typo!r}" in message
    assert f"did you mean {key!r}?" in message


def test_the_extraction_lists_are_read_by_the_code() -> None:
    from sitrep.extract.resources import Resources
    from sitrep.language.lexicon import load_lexicon

    res = Resources.from_lexicon(load_lexicon())
    for name, key in EXTRACTION_KEYS:
        assert load_data(name)[key], key
    assert "district" in res.place_heads and "refute" in res.deny_verbs
    assert res.kill_re.search("were killed") and res.air_re.search("warplanes")
    assert res.claimant_re.search("The Taliban say") and res.attribution_re.search("X fell, the ministry said.")
    assert res.units_by_type["surrender"] == {"personnel"}
    assert res.control_re.search("overran") and res.withdrawal_re.search("90% of the pullout")
    assert "declare" in res.party_claim_verbs and "boast" in res.claimed_past_verbs


def test_every_declared_cue_list_is_read_by_the_code() -> None:
    import sitrep
    from sitrep.data_schemas import CuesFile

    code = "\n".join(p.read_text(encoding="utf-8") for p in Path(sitrep.__file__).parent.rglob("*.py"))
    unread = [key for key in CuesFile.model_fields if key != "doc" and f'"{key}"' not in code]
    assert unread == []


def test_an_event_type_the_models_do_not_know_fails_in_units_by_type(data_copy: Path) -> None:
    _edit(data_copy, "units.json", lambda d: d["units_by_type"].__setitem__("ambush", ["personnel"]))
    assert "units_by_type" in _error(data_copy, "units.json")


def test_the_ignored_frame_keys_are_gone_from_the_data() -> None:
    data = load_data("triggers.json")
    keys = {k for frames in data["verbs"].values() for frame in frames for k in frame}
    assert not keys & {"object_kind_not", "agreement"}


def test_actors_conflict_block_is_checked(data_copy: Path) -> None:
    def conflict(**block: Any) -> Callable[[dict[str, Any]], None]:
        return lambda d: d.__setitem__("conflict", block)

    _edit(data_copy, "actors.json", conflict(country="XX", state="Civilians", nonstate="Taliban"))
    assert load_data("actors.json", data_copy)["conflict"]["country"] == "XX"
    _edit(data_copy, "actors.json", conflict(country="XX", state="Civilians", nonstate="Taliban", label={}))
    assert "unknown key 'label' in conflict (did you mean 'labels'?)" in _error(data_copy, "actors.json")
    _edit(data_copy, "actors.json", conflict(country="XX", state="Nobody", nonstate="Taliban"))
    assert "conflict: 'Nobody' names no actor" in _error(data_copy, "actors.json")


# --------------------------------------------------------------------------- regexes


@pytest.mark.parametrize(
    ("name", "change", "where"),
    [
        ("cues.json", lambda d: d["near_miss"].append("closing (in on"), "near_miss[18]"),
        ("boilerplate.json", lambda d: d["drop_lines"]["patterns"].insert(0, "share [on"), "drop_lines.patterns[0]"),
        ("triggers.json", lambda d: d["phrases"][1].__setitem__("regex", r"\bfell to (?P<actor"), "phrases[1].regex"),
    ],
)
def test_bad_regex_is_named(data_copy: Path, name: str, change: Callable[[dict[str, Any]], None], where: str) -> None:
    _edit(data_copy, name, change)
    message = _error(data_copy, name)
    assert where in message
    assert "bad regular expression" in message


def test_a_named_group_the_code_does_not_read_fails(data_copy: Path) -> None:
    _edit(data_copy, "triggers.json", lambda d: d["phrases"][0].__setitem__("regex", r"fell to (?P<who>\w+)"))
    assert "unknown named group 'who'" in _error(data_copy, "triggers.json")


# --------------------------------------------------------------------------- types and values


@pytest.mark.parametrize(
    ("name", "change", "expected"),
    [
        ("units.json", lambda d: d["vague"].__setitem__("dozens", "12"), "vague.dozens: Input should be a valid integer"),
        ("cues.json", lambda d: d.__setitem__("say_verbs", "said"), "say_verbs: Input should be a valid list"),
        ("triggers.json", lambda d: d["verbs"]["fall"][1].__setitem__("subject_place", "yes"), "verbs.fall[1].subject_place: Input should be a valid boolean, not \"yes\""),
        ("triggers.json", lambda d: d["verbs"]["withdraw"][0].__setitem__("subject_kind", ["state_force"]), "or 'civilians', not \"state_force\""),
        ("triggers.json", lambda d: d["nouns"].__setitem__("raid", "air_raid"), "nouns.raid"),
        ("triggers.json", lambda d: d["verbs"]["attack"][0].__setitem__("actor2", "object"), "verbs.attack[0].actor2: String should match pattern"),
        ("triggers.json", lambda d: d["verbs"].__setitem__("ambush", []), "verb 'ambush' has no frame"),
        ("triggers.json", lambda d: d["verbs"]["push"][0].pop("nonstate"), "by_subject"),
        ("actors.json", lambda d: d["actors"][0].__setitem__("kind", "insurgent"), "actors[0].kind"),
        ("actors.json", lambda d: d["demonyms"].__setitem__("martian", "Mars"), "demonym 'martian' names no actor"),
    ],
)
def test_wrong_types_and_values_fail(
    data_copy: Path, name: str, change: Callable[[dict[str, Any]], None], expected: str
) -> None:
    _edit(data_copy, name, change)
    assert expected in _error(data_copy, name)


def test_unreadable_and_non_json_files_fail_with_one_line(data_copy: Path) -> None:
    (data_copy / "units.json").write_text("{not json", encoding="utf-8")
    assert "not valid JSON" in _error(data_copy, "units.json")
    (data_copy / "cues.json").unlink()
    assert "cannot be read" in _error(data_copy, "cues.json")
    (data_copy / "actors.json").write_text("[]", encoding="utf-8")
    assert "expected a JSON object" in _error(data_copy, "actors.json")


# --------------------------------------------------------------------------- the command line


@pytest.fixture
def broken_lexicon(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    import sitrep.language.lexicon as lexicon

    _edit(data_copy, "triggers.json", lambda d: d["verbs"]["seize"][0].__setitem__("actor_1", "subj"))
    monkeypatch.setattr(lexicon, "data_dir", lambda: data_copy)
    lexicon.load_lexicon.cache_clear()
    yield data_copy
    lexicon.load_lexicon.cache_clear()


def _cli_error(folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    from sitrep.cli import main

    article = folder / "report.txt"
    article.write_text("Insurgents seized the district centre of Testabad on Monday.\n", encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["sitrep", "extract", str(article), "--published", "2021-07-05"])
    with pytest.raises(SystemExit) as info:
        main()
    assert info.value.code != 0
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1
    return err


def test_cli_prints_one_line_for_a_broken_data_file(
    broken_lexicon: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _cli_error(broken_lexicon, monkeypatch, capsys)
    assert "triggers.json" in err and "unknown key 'actor_1' in verbs.seize[0]" in err


def test_cli_prints_a_bad_regex_as_written(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sitrep.language.lexicon as lexicon

    _edit(data_copy, "cues.json", lambda d: d["near_miss"].insert(0, "[a-z]+ (closing"))
    monkeypatch.setattr(lexicon, "data_dir", lambda: data_copy)
    lexicon.load_lexicon.cache_clear()
    try:
        err = _cli_error(data_copy, monkeypatch, capsys)
    finally:
        lexicon.load_lexicon.cache_clear()
    assert "near_miss[0]: bad regular expression '[a-z]+ (closing'" in err  # brackets are not markup
