"""HTTP hardening that applies to every response: security headers, the ``Host`` allow-list,
and a deadline on reading request bodies (pure ASGI middleware, independent of the server)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterable
from typing import Any

from starlette.exceptions import HTTPException

Scope = dict[str, Any]
Message = dict[str, Any]

# The page is plain files from this server: no inline script or style, no other origin.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# /docs and /redoc are FastAPI's pages: an inline script and their files from a CDN.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "font-src 'self' https://fonts.gstatic.com; img-src 'self' data: https://fastapi.tiangolo.com "
    "https://cdn.redoc.ly; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
DOCS_PATHS = ("/docs", "/redoc")

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


def default_allowed_hosts(bind: str) -> list[str]:
    """The names a client of a server bound to ``bind`` may send in ``Host``: the bind
    address itself (unless it is a wildcard address) and the loopback names."""
    hosts = list(LOCAL_HOSTS)
    bind = bind.strip().strip("[]").lower()
    if bind and bind not in ("0.0.0.0", "::") and bind not in hosts:
        hosts.append(bind)
    return hosts


def host_of(header: str) -> str:
    """The host name of a ``Host`` header value, without the port and IPv6 brackets."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


class HostAllowList:
    """Host names (``example.org``), sub-domain wildcards (``*.example.org``) or ``*`` (any)."""

    def __init__(self, hosts: Iterable[str]) -> None:
        self.any = False
        self.exact: set[str] = set()
        self.suffixes: list[str] = []
        for h in hosts:
            h = h.strip().lower()
            if not h:
                continue
            if h == "*":
                self.any = True
            elif h.startswith("*."):
                self.suffixes.append(h[1:])
            else:
                self.exact.add(host_of(h))

    def allows(self, header: str) -> bool:
        if self.any:
            return True
        host = host_of(header)
        return host in self.exact or any(host.endswith(s) for s in self.suffixes)

    def __repr__(self) -> str:
        return "*" if self.any else ", ".join(sorted(self.exact) + ["*" + s for s in self.suffixes])


async def _send_json(send: Any, status: int, detail: str, headers: list[tuple[bytes, bytes]]) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyTimeout(HTTPException):
    """The client did not send its request body in time (the app's handlers answer 408)."""

    def __init__(self) -> None:
        super().__init__(408, "request body not received in time")


class Hardening:
    """ASGI middleware: security headers on every response, ``Host`` checked against an
    allow-list (400 otherwise; ``None`` = no check), request bodies read within
    ``body_timeout`` seconds in all and ``body_idle`` seconds between chunks (408 otherwise).
    """

    def __init__(
        self,
        app: Any,
        allowed_hosts: Iterable[str] | None = None,
        body_timeout: float = 60.0,
        body_idle: float = 15.0,
    ) -> None:
        self.app = app
        self.hosts = HostAllowList(allowed_hosts) if allowed_hosts is not None else None
        self.body_timeout = body_timeout
        self.body_idle = body_idle

    def headers_for(self, path: str) -> list[tuple[bytes, bytes]]:
        csp = DOCS_CSP if path.startswith(DOCS_PATHS) else PAGE_CSP
        return [
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"no-referrer"),
            (b"content-security-policy", csp.encode()),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self.headers_for(scope.get("path", ""))
        if self.hosts is not None:
            host = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"host"), None)
            if host is not None and not self.hosts.allows(host):
                shown = host if len(host) <= 100 else host[:100] + "..."
                await _send_json(
                    send,
                    400,
                    f"host not allowed: {shown!r} (start the server with --allowed-host NAME to accept it)",
                    extra,
                )
                return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message = {
                    **message,
                    "headers": [*message.get("headers", []), *(h for h in extra if h[0] not in names)],
                }
            await send(message)

        deadline = time.monotonic() + self.body_timeout
        # without Content-Length or Transfer-Encoding there is no body to wait for (and the
        # app's reads are then its checks for a client that has gone: not to be delayed)
        body_done = not any(
            k in (b"content-length", b"transfer-encoding") and v not in (b"0", b"")
            for k, v in scope.get("headers", [])
        )

        async def timed_receive() -> Message:
            nonlocal body_done
            if body_done:
                return await receive()
            wait = min(self.body_idle, deadline - time.monotonic())
            try:
                message = await asyncio.wait_for(receive(), timeout=max(wait, 0.001))
            except asyncio.TimeoutError:
                raise BodyTimeout() from None
            if message["type"] != "http.request" or not message.get("more_body", False):
                body_done = True
            return message

        await self.app(scope, timed_receive, send_with_headers)
