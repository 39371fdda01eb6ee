"""Ingest: files, standard input, strings, folders, JSON Lines and feeds into clean :class:`Article` records.

Public API::

    read_path(path, *, published=None, source=None, title=None, url=None) -> Article
    from_text(text, *, fmt="auto", published=None, source=None, title=None, url=None) -> Article
    iter_articles(paths) -> Iterator[Article]
    clean_text(text) -> tuple[str, int]
"""

from sitrep.ingest.clean import clean_text
from sitrep.ingest.decode import MAX_BYTES
from sitrep.ingest.reader import from_text, read_path
from sitrep.ingest.sources import ARTICLE_SUFFIXES, iter_articles

__all__ = ["ARTICLE_SUFFIXES", "MAX_BYTES", "clean_text", "from_text", "iter_articles", "read_path"]
