"""Document structure the extraction needs: a headline (the title, or a short line in
title case with no final stop) is no event of its own; its dates still set the story's.
Captions, credits and teasers are removed earlier, at ingest (``sitrep/ingest/clean.py``)."""

from __future__ import annotations

import re

from sitrep.models import Sentence


def _is_headline(sent: Sentence, index: int, title: str | None) -> bool:
    text = sent.text.strip()
    if title and text == title.strip():
        return True
    if text.endswith((".", "!", "?", ":", '"', "”")):
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", text)]
    if len(words) < 3:
        return True
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) >= 0.6
