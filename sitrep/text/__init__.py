"""Text helpers shared by :mod:`sitrep.language` and :mod:`sitrep.geo`, with no heavy imports.

:mod:`sitrep.text.names` normalises and compares names (accents, transliteration, phonetic
keys) and reads the words that are never places; :mod:`sitrep.text.english` knows common
English words. Both stages use them, so they sit below both (no ``language <-> geo`` cycle).
"""
