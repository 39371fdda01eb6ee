"""Extraction for the write endpoints in a child process of the server.

A long extraction (a pathological article) would otherwise hold the server's only Python
interpreter: regular expressions keep the GIL, so every other request waits. In a child
process it costs one core; when it takes longer than its budget, or its client has gone,
the child is ended (the only way to stop a running regular expression) and started again
for the next request. One article at a time.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import time
from typing import Any

from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool

from sitrep.errors import InputError, SitrepError
from sitrep.models import Article, ExtractionResult

READY_TIMEOUT = 600.0  # loading spaCy and the gazetteer in a fresh child


class ClientGone(Exception):
    """The client closed the connection while its article was being extracted."""


def _child(conn: Any, factory: str) -> None:
    """The child's loop: build the pipeline once, then extract what the parent sends."""
    try:
        from sitrep.runner.factory import load_factory

        pipeline = load_factory(factory)()
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which answers 503
        conn.send(("broken", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            article = conn.recv()
        except (EOFError, OSError):  # the server has gone
            return
        if article is None:
            return
        try:
            conn.send(("ok", pipeline.extract(article)))
        except InputError as exc:
            conn.send(("input", str(exc)))
        except SitrepError as exc:
            conn.send(("sitrep", str(exc)))
        except Exception as exc:  # noqa: BLE001 - the parent answers 500 and logs it
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class ExtractionProcess:
    """Extract articles in a child process, ``budget`` seconds each at most."""

    def __init__(self, budget: float = 120.0, factory: str | None = None) -> None:
        self.budget = budget
        self.factory = factory
        self._proc: Any = None
        self._conn: Any = None
        self._ready = False
        self._lock = asyncio.Lock()

    def _factory(self) -> str:
        from sitrep.runner.factory import DEFAULT_FACTORY, PIPELINE_ENV

        return self.factory or os.environ.get(PIPELINE_ENV) or DEFAULT_FACTORY

    def start(self) -> None:
        """Start the child (it loads the pipeline in the background)."""
        if self._proc is not None and self._proc.is_alive():
            return
        ctx = mp.get_context("spawn")
        parent, child = ctx.Pipe()
        self._proc = ctx.Process(
            target=_child, args=(child, self._factory()), daemon=True, name="sitrep-extract"
        )
        self._proc.start()
        child.close()
        self._conn = parent
        self._ready = False

    def stop(self) -> None:
        """End the child now."""
        proc, self._proc = self._proc, None
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if proc is not None and proc.is_alive():
            proc.kill()
            proc.join(5)

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    async def _wait(self, deadline: float, request: Request | None, what: str) -> Any:
        """The child's next message; stops it when ``deadline`` passes or the client goes."""
        conn, proc = self._conn, self._proc
        while True:
            if await run_in_threadpool(conn.poll, 0.2):
                try:
                    return conn.recv()
                except (EOFError, OSError):
                    self.stop()
                    raise HTTPException(500, "the extraction process ended unexpectedly") from None
            if not proc.is_alive():
                self.stop()
                raise HTTPException(500, "the extraction process ended unexpectedly")
            if time.monotonic() > deadline:
                self.stop()
                raise HTTPException(503, what)
            if request is not None and await request.is_disconnected():
                self.stop()
                raise ClientGone()

    async def extract(self, article: Article, request: Request | None = None) -> ExtractionResult:
        """The extraction of ``article``: 503 after ``budget`` seconds, :class:`ClientGone`
        when the client of ``request`` has left (the child is ended in both cases)."""
        while True:  # one article at a time; a waiting client may leave
            try:
                await asyncio.wait_for(self._lock.acquire(), timeout=0.5)
                break
            except asyncio.TimeoutError:
                if request is not None and await request.is_disconnected():
                    raise ClientGone() from None
        try:
            self.start()
            if not self._ready:
                kind, value = await self._wait(
                    time.monotonic() + READY_TIMEOUT, request, "the extraction pipeline did not start in time"
                )
                if kind != "ready":
                    self.stop()
                    raise HTTPException(503, f"the extraction pipeline cannot start: {value}")
                self._ready = True
            self._conn.send(article)
            kind, value = await self._wait(
                time.monotonic() + self.budget,
                request,
                f"extraction stopped after {self.budget:g} s: the article is too long or too unusual",
            )
        finally:
            self._lock.release()
        if kind == "ok":
            return value
        if kind == "input":
            raise InputError(value)
        if kind == "sitrep":
            raise SitrepError(value)
        raise RuntimeError(f"extraction failed: {value}")
