"""Extract stage: events and claims from an analysed article (codebook §1-§4)."""

from sitrep.extract.docmerge import merge_within_document
from sitrep.extract.extractor import Extractor

__all__ = ["Extractor", "merge_within_document"]
