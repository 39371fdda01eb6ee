"""Claims (codebook §4) and the `sitrep extract` command (§5)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def _claims(extract, text):
    _, claims, _ = extract(text, "2021-07-09")
    return sorted((c.metric, c.value, c.claimant) for c in claims)


def test_share_of_territory_and_district_count(extract):
    got = _claims(extract, "The Taliban say they now control 85% of the territory and 174 districts.")
    assert ("share_of_territory", 85.0, "Taliban") in got
    assert ("districts_controlled", 174.0, "Taliban") in got


def test_share_of_districts_in_words_with_outlet_claimant(extract):
    got = _claims(extract, "The militants hold a third of the nearly 400 districts, the BBC reported.")
    assert got == [("share_of_districts", 33.0, "BBC")]


def test_withdrawal_progress(extract):
    got = _claims(extract, "The Pentagon said the withdrawal of US troops was more than 90 percent complete.")
    assert [(m, v) for m, v, _ in got] == [("withdrawal_progress", 90.0)]


def test_count_of_districts_is_the_controlled_number_not_the_total(extract):
    got = _claims(extract, "The insurgents have taken more than 50 of Afghanistan's roughly 400 districts.")
    assert [(m, v) for m, v, _ in got] == [("districts_controlled", 50.0)]


def test_a_count_told_in_district_centres_is_a_count_of_districts(extract):
    got = _claims(extract, "The insurgents now hold more than 150 of the country's 400 district centres, NATO officials said.")
    assert [(m, v) for m, v, _ in got] == [("districts_controlled", 150.0)]


def test_an_ordinal_district_to_fall_is_a_running_count(extract):
    got = _claims(extract, "Tagab became the 21st district that has fallen to the Taliban since the spring.")
    assert [(m, v) for m, v, _ in got] == [("districts_controlled", 21.0)]


def test_the_first_district_to_fall_is_no_count(extract):
    assert _claims(extract, "Tagab was the 1st district to fall to the Taliban this year.") == []


def test_prediction_is_not_a_claim(extract):
    assert _claims(extract, "Analysts say the Taliban could control 90% of the country by winter.") == []


# --------------------------------------------------------------------------- CLI


def _run(args: list[str], home: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sitrep.cli", *args],
        input=stdin,
        capture_output=True,
        env={"SITREP_HOME": str(home), "PATH": "/usr/bin:/bin"},
        timeout=300,
    )


@pytest.fixture(scope="module")
def cli_home(session_home: Path) -> Path:
    return session_home


def test_extract_prints_the_contract(tmp_path, cli_home):
    art = tmp_path / "a.txt"
    art.write_text(
        "Taliban Take Khwahan\n\nThe Taliban captured Khwahan district of Badakhshan province on Sunday.\n",
        encoding="utf-8",
    )
    p = _run(
        ["extract", str(art), "--published", "2021-07-05", "--source", "Test Wire", "--format", "json"],
        cli_home,
    )
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert set(out) >= {"document", "events", "claims"}
    assert out["document"]["published"] == "2021-07-05"
    assert out["document"]["source"] == "Test Wire"
    assert out["document"]["text_chars"] > 0
    (ev,) = out["events"]
    assert ev["type"] == "territory_captured"
    assert ev["date"] == "2021-07-04"
    assert ev["location"]["admin2_pcode"] == "AF1720"
    assert set(ev["evidence"]) == {"text", "start", "end"}
    assert "mention" not in ev


def test_extract_reads_stdin(cli_home):
    p = _run(
        ["extract", "-", "--published", "2021-07-05"],
        cli_home,
        stdin=b"The Taliban captured Khwahan district on Sunday.",
    )
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["events"][0]["type"] == "territory_captured"


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (None, "no such file"),
        (b"", "empty"),
        (b"\x00\x01\x02\x03" * 200, "binary"),
        (b"caf\xe9 bad \xc3\x28 bytes \x81\x8d\x8f\x90 " * 10, "utf-8"),
    ],
)
def test_bad_input_is_one_line_and_nonzero(tmp_path, cli_home, content, needle):
    path = tmp_path / "bad.txt"
    if content is not None:
        path.write_bytes(content)
    p = _run(["extract", str(path)], cli_home)
    err = p.stderr.decode()
    assert p.returncode != 0
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert needle in err.lower()


def test_bad_published_date(tmp_path, cli_home):
    art = tmp_path / "a.txt"
    art.write_text("The Taliban captured Khwahan district.", encoding="utf-8")
    p = _run(["extract", str(art), "--published", "5 July"], cli_home)
    assert p.returncode != 0 and b"YYYY-MM-DD" in p.stderr
