"""The HTTP API and the web page (`sitrep serve`).

:func:`create_app` builds a FastAPI application over one database: read-only
JSON endpoints under ``/api/``, two write endpoints that are off unless the
server has a token, export downloads, and the offline page under ``/``.
"""

from __future__ import annotations

from sitrep.api.app import create_app

__all__ = ["create_app"]
