"""sitrep: coded, located, dated conflict events from news reports."""

__version__ = "0.1.0"
# bump when extraction output changes, so stored events are re-extracted
EXTRACTOR_VERSION = "2"
