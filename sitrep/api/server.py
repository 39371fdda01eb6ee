"""How `sitrep serve` runs the application: uvicorn with timeouts on every stage of a
connection, a limit on concurrent work, and a bounded graceful shutdown."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any


@dataclass
class ServerLimits:
    """Timeouts (seconds) and limits of the HTTP server (the defaults of `sitrep serve`)."""

    header_timeout: float = 10.0  # from connecting (or the last response) to a request's complete headers
    body_timeout: float = 60.0  # to receive a request body (the app answers 408 after it)
    keep_alive: int = 5  # an idle connection between requests is closed after this
    limit_concurrency: int = 1000  # connections + requests at once; more get 503
    shutdown_timeout: int = 5  # on SIGTERM/Ctrl-C, requests still running after this are cancelled
    max_header_bytes: int = 16 * 1024  # request line + headers


_PROTOCOLS: dict[float, type[asyncio.Protocol]] = {}


def guarded_h11(header_timeout: float) -> type[asyncio.Protocol]:
    """uvicorn's h11 protocol that closes a connection whose request headers are not complete
    ``header_timeout`` seconds after it opened or after its last response (slow-header
    clients: uvicorn's own keep-alive timeout stops at the first byte received)."""
    if header_timeout in _PROTOCOLS:
        return _PROTOCOLS[header_timeout]
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class GuardedH11Protocol(H11Protocol):
        _header_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: Any) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _arm(self) -> None:
            self._disarm()
            self._header_timer = self.loop.call_later(header_timeout, self._on_header_timeout)

        def _disarm(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _on_header_timeout(self) -> None:
            self._header_timer = None
            # IDLE: no complete request line and headers yet; otherwise a request is under way
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                self.transport.write(
                    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
                    b"content-length: 37\r\nconnection: close\r\n\r\nrequest headers not received in time\n"
                )
                self.transport.close()

    _PROTOCOLS[header_timeout] = GuardedH11Protocol
    return GuardedH11Protocol


def uvicorn_options(limits: ServerLimits) -> dict[str, Any]:
    """Keyword arguments of ``uvicorn.run`` for ``limits``."""
    return {
        "http": guarded_h11(limits.header_timeout),
        "timeout_keep_alive": limits.keep_alive,
        "limit_concurrency": limits.limit_concurrency,
        "timeout_graceful_shutdown": limits.shutdown_timeout,
        "h11_max_incomplete_event_size": limits.max_header_bytes,
    }
