"""benchmarks/scale.py runs end to end on a small database and writes its JSON."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "scale.py"


@pytest.mark.slow
def test_scale_benchmark_small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITREP_PIPELINE", "")  # the script names its stand-in; restored afterwards
    spec = importlib.util.spec_from_file_location("scale_bench", SCRIPT)
    assert spec and spec.loader
    scale = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "scale_bench", scale)
    spec.loader.exec_module(scale)
    out = tmp_path / "scale.json"
    rc = scale.main(
        ["--events", "400", "--articles", "20", "--reps", "3", "--dir", str(tmp_path), "--json", str(out)]
    )
    assert rc == 0
    got = json.loads(out.read_text())
    assert got["events"] == 400 and got["backend"] == "sqlite"
    assert set(got["p95_ms"]) == {"events_filtered", "events_first_page", "control_day"}
    assert got["series_120d_s"] >= 0 and set(got["ingest_1000_s"]) == {"empty", "full"}
    # CPU time beside wall time, and the load average the figures were taken under
    assert set(got["ingest_1000_cpu_s"]) == {"empty", "full"} and got["ingest_cpu_ratio"] > 0
    assert set(got["load_average"]) == {"ingest_empty", "build", "reads", "ingest_full"}
