"""The store, gazetteer and pipeline -- and the tests' stand-ins -- satisfy the Protocols the
API and the analysis are typed with (so that production code needs no ``hasattr``)."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

import sitrep.api
from sitrep.geo.gazetteer import Gazetteer
from sitrep.pipeline import Pipeline
from sitrep.protocols import EventReader, EventStore, Extractor, MapGazetteer
from sitrep.store import Store
from tests.api.conftest import FakePipeline
from tests.sample import SampleGazetteer


@pytest.mark.parametrize(
    ("cls", "protocol"),
    [
        (Store, EventStore),
        (Store, EventReader),
        (Gazetteer, MapGazetteer),
        (SampleGazetteer, MapGazetteer),
        (Pipeline, Extractor),
        (FakePipeline, Extractor),
    ],
)
def test_class_implements_protocol(cls: type, protocol: type) -> None:
    assert issubclass(cls, protocol)
    for name, member in vars(protocol).items():
        if callable(member) and not name.startswith("_"):
            wanted = list(inspect.signature(member).parameters)
            got = list(inspect.signature(getattr(cls, name)).parameters)
            assert got[: len(wanted)] == wanted, f"{cls.__name__}.{name}{got} vs {protocol.__name__}{wanted}"


def test_api_code_does_not_probe_for_methods() -> None:
    root = Path(inspect.getfile(sitrep.api)).parent
    offenders = [p.name for p in root.glob("*.py") if "hasattr(" in p.read_text(encoding="utf-8")]
    assert offenders == []
