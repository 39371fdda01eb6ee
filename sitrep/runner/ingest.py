"""Ingest runs: articles in, extraction in worker processes, one transaction per
article in the parent, then a re-merge of the events.

Articles already stored with the current extractor version (same content hash
or same URL) are skipped, so re-running after an interruption -- even a
``kill -9`` -- resumes where the last committed article left off.

The extraction pipeline is :func:`sitrep.pipeline.shared_pipeline`, built once
per worker; ``SITREP_PIPELINE=module:callable`` names another factory (an
object with ``.extract(article) -> ExtractionResult``), for tests and plug-ins.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from sitrep.errors import SitrepError
from sitrep.models import Article, ExtractionResult
from sitrep.pipeline import extract_each
from sitrep.runner.factory import factory_name, load_factory
from sitrep.store.engine import RecordError

ENGINES = ("processes", "spark")

_pipeline: Any = None
_load_error: str | None = None


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def max_workers() -> int:
    """The most worker processes an ingest starts: one per CPU (more only cost memory)."""
    return max(1, os.cpu_count() or 1)


class IngestInterrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM stopped an ingest; ``stats`` says what was stored before (and is kept)."""

    def __init__(self, stats: IngestStats) -> None:
        super().__init__("interrupted")
        self.stats = stats


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM stops the run like Ctrl-C (KeyboardInterrupt), so that the
    workers are stopped and a summary is printed; outside the main thread it does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _parent_gone(pid: int, ppid: int) -> bool:
    if os.getppid() != ppid:
        return True  # our parent (the fork server) died and we were adopted
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    try:  # killed but not yet reaped by its own parent: a zombie is dead too
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[-1].split()[0] in (b"Z", b"X")
    except (OSError, IndexError):
        return False


def _watch_parent(pid: int, ppid: int, interval: float = 0.5) -> None:
    """In a worker: end this process as soon as the ingest that started it is gone (even after
    ``kill -9``), so that no worker outlives its run."""
    while not _parent_gone(pid, ppid):
        time.sleep(interval)
    os._exit(1)


def _die_with_parent() -> None:
    """Linux: the kernel sends SIGKILL to this process when its parent dies."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)


def _init_worker(factory: str, ingest_pid: int | None = None) -> None:
    global _pipeline, _load_error
    # Ctrl-C reaches the whole process group: the ingest stops the workers itself
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if ingest_pid is not None:
        _die_with_parent()
        watcher = threading.Thread(
            target=_watch_parent, args=(ingest_pid, os.getppid()), name="sitrep-parent-watch", daemon=True
        )
        watcher.start()
    try:
        _pipeline = load_factory(factory)()
    except Exception as exc:  # noqa: BLE001 - reported back with every article
        _load_error = f"{type(exc).__name__}: {exc}"


def _extract(articles: list[Article]) -> list[tuple[Article, ExtractionResult | None, str | None, bool]]:
    """(article, result, error, pipeline failed to load) for each article -- never raises."""
    if _pipeline is None:
        return [(a, None, _load_error or "pipeline not loaded", True) for a in articles]
    try:
        return [(a, r, e, False) for a, r, e in extract_each(_pipeline, articles, chunk=len(articles))]
    except Exception as exc:  # noqa: BLE001 - a SitrepError from the pipeline, for every article
        return [(a, None, f"{type(exc).__name__}: {exc}", False) for a in articles]


class RateColumn(ProgressColumn):
    """Articles per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:5.1f} articles/s" if speed else "    - articles/s", style="progress.data.speed")


READ_AHEAD = 512  # articles read before the extraction starts (sizes the pool for small runs)


class _Queue:
    """The articles still to extract, read lazily: each one counted as read, and skipped when
    repeated in the input or already stored with ``version`` (None: extract everything)."""

    def __init__(self, articles: Iterable[Article], store: Any, stats: IngestStats, version: str | None) -> None:
        self._articles = iter(articles)
        self._store, self._stats, self._version = store, stats, version
        self._seen: set[str] = set()
        self.count = 0
        self.finished = False
        self.on_finish: Callable[[int], Any] | None = None

    def __iter__(self) -> Iterator[Article]:
        return self

    def __next__(self) -> Article:
        stats = self._stats
        for a in self._articles:
            stats.read += 1
            keys = a.identity_keys()
            if keys & self._seen:
                stats.skipped += 1
                continue
            self._seen |= keys
            if self._version and self._store.article_version(a.content_hash, a.url) == self._version:
                stats.skipped += 1
                continue
            self.count += 1
            return a
        if not self.finished:
            self.finished = True
            if self.on_finish is not None:
                self.on_finish(self.count)
        raise StopIteration


@dataclass
class IngestStats:
    read: int = 0  # articles read from the inputs
    skipped: int = 0  # already stored with this extractor version, or repeated in the input
    added: int = 0  # stored (new or re-extracted)
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    events: int = 0  # merged events in the store afterwards
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return (self.added + self.failed) / self.seconds if self.seconds > 0 else 0.0


def ingest_articles(
    store: Any,
    articles: Iterable[Article],
    workers: int | None = None,
    progress: bool = True,
    console: Console | None = None,
    force: bool = False,
    replace: bool = False,
    engine: str = "processes",
    spark_master: str = "local[*]",
) -> IngestStats:
    """Extract and store ``articles``; returns what happened.

    ``force`` extracts articles even when stored with the current version;
    ``replace`` makes such a re-extraction replace the stored events.
    ``engine`` "spark" extracts on Spark (``spark_master``) instead of worker
    processes (:mod:`sitrep.runner.spark`); storing stays here, one article per transaction.
    """
    from sitrep import EXTRACTOR_VERSION

    if engine not in ENGINES:
        raise SitrepError(f"unknown engine {engine!r} (one of: {', '.join(ENGINES)})")
    if engine == "spark":
        from sitrep.runner.spark import check_spark

        check_spark()  # before reading anything: pyspark and Java are there

    stats = IngestStats()
    started = time.monotonic()
    try:
        queued = _Queue(articles, store, stats, None if force else EXTRACTOR_VERSION)
        # read ahead: enough to size the pool; beyond it the articles are read while others are
        # extracted, so that memory holds a window of articles, not the corpus
        first = list(islice(queued, READ_AHEAD))
        todo: Iterable[Article] = chain(first, queued)

        workers = default_workers() if workers is None else max(1, workers)
        if workers > max_workers():
            console = console or Console(stderr=True)
            console.print(f"sitrep: {workers} workers asked for, {max_workers()} CPUs here: using {max_workers()}")
            workers = max_workers()
        workers = min(workers, max(1, len(first)))
        console = console or Console(stderr=True)
        columns = (
            SpinnerColumn(),
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            RateColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=console, disable=not progress or not first, transient=False) as bar:
            task = bar.add_task("extracting", total=queued.count if queued.finished else None)
            queued.on_finish = lambda n: bar.update(task, total=n)

            def done(article: Article, result: ExtractionResult | None, error: str | None) -> None:
                if result is None:
                    stats.failed += 1
                    stats.errors.append(f"{article.path or article.url or article.id}: {error}")
                else:
                    try:
                        stored = store.add_extraction(article, result, replace=replace or force)
                    except RecordError as exc:  # this article only: the run goes on
                        stats.failed += 1
                        stats.errors.append(str(exc))
                        stored = None
                    if stored:
                        stats.added += 1
                    elif stored is not None:
                        stats.skipped += 1
                bar.advance(task)

            if first and engine == "spark":
                from sitrep.runner.spark import spark_extractions

                for a, result, error in spark_extractions(todo, master=spark_master):
                    done(a, result, error)
            elif first and workers == 1:
                pipeline = load_factory(factory_name())()
                for a, result, error in extract_each(pipeline, todo):
                    done(a, result, error)
            elif first:
                _run_pool(todo, workers, done, expected=queued.count if queued.finished else None)

        if stats.added or store.needs_merge():
            store.merge()
        stats.events = store.counts()["events"]
    except KeyboardInterrupt as exc:
        stats.seconds = time.monotonic() - started
        if isinstance(exc, IngestInterrupted):
            raise
        raise IngestInterrupted(stats) from None
    stats.seconds = time.monotonic() - started
    return stats


def _run_pool(
    todo: Iterable[Article], workers: int, done: Callable[..., None], expected: int | None = None
) -> None:
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    window = workers * 4
    # a few articles per task, so that their sentences share spaCy batches; small enough
    # that every worker gets work and a killed run loses little
    chunk = 8 if expected is None else max(1, min(8, expected // (window * 2)))
    pending: set[Future] = set()
    queue = iter(todo)
    load_failures = 0
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=(factory_name(), os.getpid())
    )
    finished_cleanly = False
    try:
        while True:
            while len(pending) < window:
                batch = list(islice(queue, chunk))
                if not batch:
                    break
                pending.add(pool.submit(_extract, batch))
            if not pending:
                break
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                for article, result, error, load_failed in fut.result():
                    if load_failed:
                        load_failures += 1
                        if load_failures >= workers:
                            raise SitrepError(f"cannot build the extraction pipeline: {error}")
                    done(article, result, error)
        finished_cleanly = True
    except BrokenProcessPool as exc:
        raise SitrepError(f"an extraction worker died: {exc}") from exc
    finally:
        if not finished_cleanly:  # interrupted or failed: stop the workers now, mid-article
            _terminate_workers(pool)
        pool.shutdown(wait=finished_cleanly, cancel_futures=True)


def _terminate_workers(pool: ProcessPoolExecutor) -> None:
    """SIGTERM to the pool's worker processes, then SIGKILL to those still there after 5 s."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
    if terminate is not None:
        with contextlib.suppress(Exception):
            terminate()
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for proc in processes:
        with contextlib.suppress(Exception):
            proc.terminate()
    deadline = time.monotonic() + 5
    for proc in processes:
        with contextlib.suppress(Exception):
            proc.join(max(0.0, deadline - time.monotonic()))
            if proc.is_alive():
                proc.kill()
                proc.join(1)
