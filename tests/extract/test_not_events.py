"""What is not an event (codebook §2), on sentences written for these tests."""

from __future__ import annotations

from tests.extract.conftest import of_type


def test_a_share_of_districts_is_a_claim_not_a_capture(extract):
    events, _, _ = extract(
        "The general said the insurgents have gained control of about half of the country's 400 district centres."
    )
    assert not of_type(events, "territory_captured")


def test_a_count_of_district_centres_is_not_a_capture(extract):
    events, _, _ = extract("Officials said the militants had taken control of 150 district centres.")
    assert not of_type(events, "territory_captured")


def test_a_reason_clause_reports_no_strike(extract):
    events, _, _ = extract(
        "The rebels shelled the airport in Kandahar because the army used it to launch airstrikes on them."
    )
    assert not of_type(events, "air_strike")


def test_a_paragraph_about_an_old_campaign_stays_history(extract):
    text = (
        "Foreign troops arrived in Sangin district of Helmand in 2010 to relieve an allied unit. "
        "For two years they fought bitter battles with the Taliban to retake the town."
    )
    events, _, _ = extract(text, "2021-05-04")
    assert not of_type(events, "armed_clash") and not of_type(events, "territory_retaken")


def test_a_schedule_is_not_a_withdrawal(extract):
    events, _, _ = extract("The soldiers were supposed to have left Kandahar Airfield by the spring.")
    assert not of_type(events, "troop_withdrawal")


def test_reinforcements_sent_from_the_capital_are_not_placed_there(extract):
    events, _, _ = extract("Commando units were dispatched from Kabul to Khwahan district on Tuesday.")
    deps = of_type(events, "deployment")
    assert deps and all(e.location.admin2_pcode != "AF0101" for e in deps)


def test_an_ordinal_count_of_falls_restates_and_is_no_new_event(extract):
    events, _, _ = extract(
        "Taliban fighters captured Khwahan district on Monday. It is the third district falling to the group "
        "this week in Kunduz."
    )
    caps = of_type(events, "territory_captured")
    assert [e.location.admin2_pcode for e in caps] == ["AF1720"]
