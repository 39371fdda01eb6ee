"""Runs over a corpus: ingest orchestration (worker processes, or Spark) above the store.

:mod:`sitrep.runner.ingest` drives a run (read, extract in workers, store one article per
transaction); :mod:`sitrep.runner.spark` is the Spark engine; :mod:`sitrep.runner.factory`
names the extraction pipeline the workers build. :mod:`sitrep.store` is persistence only.
"""
