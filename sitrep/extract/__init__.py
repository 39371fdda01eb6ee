"""Extract stage: events and claims from an analysed article (codebook §1-§4)."""

from sitrep.extract.events import Extractor, merge_within_document

__all__ = ["Extractor", "merge_within_document"]
