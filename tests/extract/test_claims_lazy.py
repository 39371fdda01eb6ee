"""A sentence's claimant and subject are worked out only when it holds a claim (written for this
test), with the same claims as before."""

from __future__ import annotations

import pytest

import sitrep.extract.claims as claims_mod


@pytest.fixture()
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real_claimant, real_subject = claims_mod._claimant, claims_mod._subject

    def claimant(*a):  # noqa: ANN002, ANN202
        calls.append("claimant")
        return real_claimant(*a)

    def subject(*a):  # noqa: ANN002, ANN202
        calls.append("subject")
        return real_subject(*a)

    monkeypatch.setattr(claims_mod, "_claimant", claimant)
    monkeypatch.setattr(claims_mod, "_subject", subject)
    return calls


def test_no_claimant_looked_for_without_a_claim(extract, counted):
    _, claims, _ = extract("Fighting went on in the district for a third day, a police officer told reporters.")
    assert claims == []
    assert counted == []


def test_claimant_found_once_for_two_claims(extract, counted):
    _, claims, _ = extract("The Taliban say they now control 85% of the territory and 174 districts.", "2021-07-09")
    got = sorted((c.metric, c.value, c.claimant, c.subject) for c in claims)
    assert ("share_of_territory", 85.0, "Taliban", "Taliban") in got
    assert ("districts_controlled", 174.0, "Taliban", "Taliban") in got
    assert counted == ["claimant", "subject"]
    assert claims[0].evidence is claims[1].evidence
