"""Pipeline factories for the extraction child process of the server (named by SITREP_PIPELINE)."""

from __future__ import annotations

import os
import time

from tests.api.conftest import FakePipeline


class StallingPipeline(FakePipeline):
    """The fake pipeline, except that an article saying STALL takes an hour (like a
    catastrophic regular expression) and one saying CRASH ends the process."""

    def extract(self, article):  # noqa: ANN001, ANN201
        if "STALL" in article.text:
            time.sleep(3600)
        if "CRASH" in article.text:
            os._exit(3)
        return super().extract(article)


def stalling() -> StallingPipeline:
    return StallingPipeline()
