"""Events from parsed candidate sentences (codebook §1-§3): the names other modules and
older code import from here. The extraction itself is a pipeline of small steps, each a
module of ``sitrep/extract/`` (see ``extractor.py`` for their order)."""

from __future__ import annotations

from sitrep.extract.casualties import split_count
from sitrep.extract.context import Context, SentenceContext, Trigger
from sitrep.extract.docmerge import merge_within_document
from sitrep.extract.extractor import Extractor

__all__ = ["Context", "Extractor", "SentenceContext", "Trigger", "merge_within_document", "split_count"]
