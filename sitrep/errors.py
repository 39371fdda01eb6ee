"""Errors that reach the user as one clear line (never a traceback)."""


class SitrepError(Exception):
    """A problem with the user's input or environment, worded for the user."""


class InputError(SitrepError):
    """The input (file, bytes, format) cannot be read as an article."""


class GazetteerError(SitrepError):
    """The gazetteer file is missing or malformed."""


class StoreError(SitrepError):
    """The database cannot be opened or written."""
