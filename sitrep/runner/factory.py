"""Which extraction pipeline a run builds: ``SITREP_PIPELINE=module:callable`` or the default.

Shared by the process pool (:mod:`sitrep.runner.ingest`), the Spark executors
(:mod:`sitrep.runner.spark`) and the API's extraction child (:mod:`sitrep.api.worker`).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from typing import Any

from sitrep.errors import SitrepError

PIPELINE_ENV = "SITREP_PIPELINE"
DEFAULT_FACTORY = "sitrep.pipeline:shared_pipeline"


def factory_name() -> str:
    """The factory named by ``SITREP_PIPELINE``, else :func:`sitrep.pipeline.shared_pipeline`."""
    return os.environ.get(PIPELINE_ENV) or DEFAULT_FACTORY


def load_factory(name: str) -> Callable[[], Any]:
    """The callable ``module:attr`` names; one clear error when it cannot be imported."""
    module, _, attr = name.partition(":")
    try:
        return getattr(importlib.import_module(module), attr or "shared_pipeline")
    except (ImportError, AttributeError) as exc:
        raise SitrepError(f"cannot load the extraction pipeline {name!r}: {exc}") from exc
