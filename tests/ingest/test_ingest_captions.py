"""Photo captions, credits and related-article teasers are not the report (codebook §2)."""

from __future__ import annotations

from sitrep.ingest.clean import clean_text

BODY = "Taliban fighters captured the district centre on Friday, officials said."


def test_a_caption_ending_in_a_photo_credit_is_removed() -> None:
    text = (
        f"{BODY}\n\nVillagers queue for bread after the fighting in the town, July 2, 2021. (AP Photo/Staff)\n\n"
        "The governor said reinforcements were on their way."
    )
    cleaned, removed = clean_text(text)
    assert "queue for bread" not in cleaned and BODY in cleaned and "governor" in cleaned
    assert removed > 0


def test_an_agency_credit_in_brackets_ends_a_caption() -> None:
    cleaned, _ = clean_text(f"{BODY}\n\nA guard stands at the closed crossing on Saturday. (AFP)\n\nMore text here.")
    assert "guard stands" not in cleaned


def test_a_copyright_credit_line_is_removed() -> None:
    cleaned, _ = clean_text(f"© Wire Agency 2021 / Some Photographer Delegates sit at the table.\n\n{BODY}")
    assert "Delegates" not in cleaned and BODY in cleaned


def test_a_teaser_cut_off_with_an_ellipsis_and_time_stamp_is_removed() -> None:
    text = f"{BODY}\n\nRebels reach the capital as ... 10:53 AM | 15 Aug, 2021\n\nThe minister resigned."
    cleaned, _ = clean_text(text)
    assert "Rebels reach" not in cleaned and "minister resigned" in cleaned


def test_a_body_sentence_naming_an_agency_is_kept() -> None:
    text = f"{BODY}\n\nThe fighting went on until dawn, AFP reported, citing a local official."
    cleaned, _ = clean_text(text)
    assert "AFP reported" in cleaned


def test_place_subheadings_of_a_live_blog_are_not_a_comment_thread() -> None:
    text = (
        "The insurgents pressed on across the south and west of the country today, and here are the latest "
        "updates from the provinces as they come in.\n\nKandahar\n\nGovernment forces pulled back from two "
        "districts on Monday after days of fighting.\n\n\u201cStay where you are, I will tell you when to "
        "move,\u201d the group's leader wrote on social media.\n\nHerat\n\nFighters moved into the western "
        "outskirts overnight.\n\nGhazni\n\nShops stayed shut for a third day."
    )
    cleaned, _ = clean_text(text)
    assert "outskirts overnight" in cleaned and "Shops stayed shut" in cleaned


def test_a_masthead_before_the_report_is_not_a_comment_thread() -> None:
    text = (
        "News\n\nEngRusTur\n\nThursday\n\nUSD\n\n491.75\n\nEUR\n\n577.31\n\nNewsfeed\n\n"
        "The governor of the province has surrendered to the insurgents along with his guards, local media "
        "reported on Thursday.\n\n\u201cWe gave you our word and you kept yours,\u201d one commander added.\n\n"
        "Five commanders also laid down their arms."
    )
    cleaned, _ = clean_text(text)
    assert "governor of the province has surrendered" in cleaned


def test_captions_ending_in_an_agency_slash_credit_are_removed() -> None:
    from sitrep.ingest.clean import clean_text

    text = (
        "KABUL - Insurgents overran Kohsan district on Sunday, officials said.\n\n"
        "Militiamen patrol a street of the old city after clashes, in Herat, 7 August 2021. EFE-EPA/JANE DOE\n\n"
        "Soldiers rest near the airport on Sunday, Aug. 8, 2021.AP/PTI\n\n"
        "Fighters stand guard at a checkpoint in Herat. AFP via Getty Images\n\n"
        "The fighting went on into the night, according to Reuters.\n\n"
        "A resident told AP/PTI reporters on Monday that the city was calm."
    )
    kept = clean_text(text)[0]
    assert "EFE-EPA" not in kept and "AP/PTI\n" not in kept and "Getty" not in kept
    assert "Soldiers rest" not in kept and "Militiamen patrol" not in kept
    assert "according to Reuters" in kept and "told AP/PTI reporters" in kept
