"""Cleaning: comment sections (with and without heading), captions, share lines, footers."""

from __future__ import annotations

from sitrep.ingest import clean_text
from sitrep.ingest.clean import is_name_line

REPORT = [
    "Insurgents overran the district centre of Khwahan in Badakhshan province on Sunday, "
    "a provincial council member said.",
    "The council member, who asked not to be named, said about forty policemen withdrew "
    "towards the provincial capital after running out of ammunition.",
    "Government officials in Kabul said reinforcements would be flown in once the weather cleared.",
]


def _article(*tail: str) -> str:
    return "\n\n".join([*REPORT, *tail])


def _kept(cleaned: str) -> None:
    for para in REPORT:
        assert para in cleaned, para


def test_plain_article_unchanged() -> None:
    text = _article()
    cleaned, removed = clean_text(text)
    assert cleaned == text
    assert removed == 0


def test_comment_heading_cuts_everything_after() -> None:
    text = _article("Public Reaction", "Nobody could have predicted this, the army said it was ready.",
                    "Fighters took Kunduz yesterday, I heard.")
    cleaned, removed = clean_text(text)
    _kept(cleaned)
    assert "Public Reaction" not in cleaned and "Kunduz" not in cleaned
    assert removed == len(text) - len(cleaned) > 0


def test_numbered_comments_heading_and_leave_a_reply() -> None:
    for heading in ("14 Comments", "Leave a Reply", "Join the discussion", "Reader comments",
                    "What do you think?", "Please enter your comment!"):
        cleaned, _ = clean_text(_article(heading, "This is a comment about Herat falling."))
        _kept(cleaned)
        assert "Herat" not in cleaned, heading


def test_headless_thread_with_name_lines_is_cut() -> None:
    text = _article(
        "",
        "This is just like Saigon all over again, mark my words.",
        "Morgan Keddie",
        "I agree with you, the army will not last the summer lol",
        "Petra V.",
        "You are both wrong. The north will hold if the militias get arms.",
        "Last edited 12 days ago by Petra V.",
        "El Gato",
        "Taliban already took Faizabad, my cousin told me!!",
    )
    cleaned, _ = clean_text(text)
    _kept(cleaned)
    for bit in ("Saigon", "Morgan", "Petra", "Last edited", "El Gato", "Faizabad"):
        assert bit not in cleaned, bit


def test_headless_thread_without_gap_cuts_at_first_name() -> None:
    text = _article(
        "Dana Whitlock",
        "I think you are missing the point, this was planned years ago.",
        "Rustam K.",
        "Your point about the border is right, I was there in 2019.",
        "Reply",
    )
    cleaned, _ = clean_text(text)
    _kept(cleaned)
    assert "Dana" not in cleaned and "Rustam" not in cleaned and "Reply" not in cleaned


def test_last_edited_line_takes_its_comment() -> None:
    text = _article("Honestly my guess is that Kabul falls by August.", "Last edited 3 days ago by Zed")
    cleaned, _ = clean_text(text)
    _kept(cleaned)
    assert "Kabul falls" not in cleaned and "Last edited" not in cleaned


def test_no_false_cut_on_subheadings_and_datelines() -> None:
    text = "\n\n".join([
        "KABUL, July 6",
        REPORT[0],
        "Northern Front",
        REPORT[1],
        "Kunduz Under Pressure",
        "Fighting continued on the outskirts of Kunduz city, where officials said the airport was shelled.",
        "Herat",
        "In the west, the governor of Herat said militias loyal to Ismail Khan had joined the defence.",
        "Abdul Rahman",
        REPORT[2],
    ])
    cleaned, removed = clean_text(text)
    assert cleaned == text and removed == 0


def test_no_false_cut_on_quotes_in_reports() -> None:
    text = _article(
        "Residents",
        "“I saw the soldiers leave before dawn,” one shopkeeper told reporters by phone.",
        "Nasir Ahmad",
        "“We have nothing left,” said a farmer who fled with his family to Kunduz city.",
    )
    cleaned, _ = clean_text(text)
    assert "shopkeeper" in cleaned and "farmer" in cleaned


def test_name_line_detection() -> None:
    for name in ("Simon Peterson", "Albert F.", "La Rata", "raptor_77", "Icarus Tanović"):
        assert is_name_line(name), name
    for other in ("KABUL", "July 5", "The Taliban said.", "Fighting in the north continued", "Update:"):
        assert not is_name_line(other), other


def test_image_markers_and_adjacent_captions() -> None:
    text = _article(
        "Click to see full-size image",
        "Rifles piled in a courtyard",
        "Troops in the south regrouped near Lashkar Gah as the fighting moved closer to the city centre.",
        "Illustrative Image",
    )
    cleaned, _ = clean_text(text)
    _kept(cleaned)
    assert "full-size" not in cleaned and "Rifles piled" not in cleaned and "Illustrative" not in cleaned
    # a full sentence next to an image marker is kept
    assert "Troops in the south regrouped near Lashkar Gah" in cleaned


def test_title_before_image_marker_is_kept() -> None:
    text = "Militants Seize Border Town\n\nIllustrative Image\n\n" + REPORT[0]
    cleaned, _ = clean_text(text)
    assert cleaned.startswith("Militants Seize Border Town\n\n")


def test_caption_lines_and_credits() -> None:
    text = _article(
        "Photo: Afghan police at a checkpoint near Ghazni",
        "Armoured vehicles abandoned by the army.",
        "(Photo by a local journalist)",
        "File photo",
        "Image credit: a wire agency",
    )
    cleaned, _ = clean_text(text)
    _kept(cleaned)
    for bit in ("Photo:", "abandoned by", "Photo by", "File photo", "Image credit"):
        assert bit not in cleaned, bit


def test_share_related_newsletter_footer_lines() -> None:
    text = "\n\n".join([
        "Share this:",
        REPORT[0],
        "Share on Facebook",
        "Tweet",
        "Related: Taliban capture two more districts in Takhar",
        REPORT[1],
        "Read more: How the north was lost",
        "Advertisement",
        REPORT[2],
        "Subscribe to our newsletter",
        "Sign up for our daily briefing",
        "Follow us on Twitter",
        "© 2021 Frontier Wire Media",
        "All rights reserved.",
        "Privacy Policy | Terms of use",
        "We use cookies to improve your experience on our website.",
    ])
    cleaned, _ = clean_text(text)
    assert cleaned == "\n\n".join(REPORT)


def test_comment_form_lines_removed() -> None:
    text = _article("Please enter your name here", "Captcha: what is 3 + 4?", "Last edited 2 days ago by Kim")
    cleaned, _ = clean_text(text)
    assert cleaned == "\n\n".join(REPORT)


def test_sentences_are_byte_identical_and_paragraphs_blank_line_separated() -> None:
    text = "  " + REPORT[0] + "   \r\n\r\n\r\n\r\n" + REPORT[1] + "\r\n\r\n" + REPORT[2] + "\n"
    cleaned, _ = clean_text(text)
    assert cleaned == "\n\n".join(REPORT)


def test_one_paragraph_per_line_gets_blank_lines() -> None:
    text = "\n".join(REPORT)
    cleaned, _ = clean_text(text)
    assert cleaned == "\n\n".join(REPORT)
