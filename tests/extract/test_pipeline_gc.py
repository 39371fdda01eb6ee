"""The cyclic garbage collector is off while an article is extracted, and as it was after."""

from __future__ import annotations

import datetime as dt
import gc

import pytest

from sitrep.ingest import from_text
from sitrep.pipeline import without_cyclic_gc

TEXT = "Militants overran a checkpoint near the river crossing on Monday, a police officer said."


def test_collector_is_off_inside_and_restored_after():
    assert gc.isenabled()
    with without_cyclic_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with without_cyclic_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()


def test_restored_when_extraction_fails(monkeypatch: pytest.MonkeyPatch, pipeline):
    def boom(doc):  # noqa: ANN001, ANN202
        raise RuntimeError("extractor failed")

    monkeypatch.setattr(pipeline, "_finish", boom)
    with pytest.raises(RuntimeError):
        pipeline.extract(from_text(TEXT, fmt="text", published=dt.date(2021, 7, 5)))
    assert gc.isenabled()


def test_extraction_runs_without_the_collector(monkeypatch: pytest.MonkeyPatch, pipeline):
    seen: list[bool] = []
    real = pipeline.extractor.run

    def spy(doc):  # noqa: ANN001, ANN202
        seen.append(gc.isenabled())
        return real(doc)

    monkeypatch.setattr(pipeline.extractor, "run", spy)
    result = pipeline.extract(from_text(TEXT, fmt="text", published=dt.date(2021, 7, 5)))
    assert seen == [False]
    assert gc.isenabled()
    assert result.events
