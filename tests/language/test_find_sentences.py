"""The finder numbers its mentions' sentences only when asked: the language stage numbers them
by its own sentences anyway (written for this test)."""

from __future__ import annotations

from sitrep.ingest import from_text
from sitrep.language import analyse

TEXT = "Fighting was reported in Kunduz. Officials in Herat said the road to Kandahar was open."


def test_find_without_sentence_numbers(pipeline):
    numbered = pipeline.finder.find(TEXT)
    bare = pipeline.finder.find(TEXT, sentences=False)
    assert [(m.start, m.end, m.kind_hint) for m in bare] == [(m.start, m.end, m.kind_hint) for m in numbered]
    assert [m.sentence for m in numbered] == [0, 1, 1]
    assert {m.sentence for m in bare} == {type(bare[0]).model_fields["sentence"].default}


def test_analysed_mentions_carry_the_stage_sentences(pipeline):
    doc = analyse(from_text(TEXT, fmt="text"), pipeline.finder)
    assert [(m.text, m.sentence) for m in doc.mentions] == [("Kunduz", 0), ("Herat", 1), ("Kandahar", 1)]
