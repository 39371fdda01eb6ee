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
