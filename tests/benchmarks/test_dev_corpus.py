"""benchmarks/run.py --dev: the documents of an evaluation folder, repeated to --n."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

RUN_PY = Path(__file__).resolve().parents[2] / "benchmarks" / "run.py"


@pytest.fixture(scope="module")
def run() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sitrep_bench_run", RUN_PY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _folder(tmp_path: Path) -> Path:
    (tmp_path / "gold").mkdir()
    (tmp_path / "b_second.txt").write_text("Second report.\n", encoding="utf-8")
    (tmp_path / "a_first.txt").write_text("First report.\n", encoding="utf-8")
    gold = {"doc": "a_first.txt", "published": "2021-07-05", "source": "Example Wire", "url": "https://example.org/1"}
    (tmp_path / "gold" / "a.json").write_text(json.dumps(gold), encoding="utf-8")
    (tmp_path / "gold" / "broken.json").write_text("{", encoding="utf-8")
    return tmp_path


def test_dev_rows_take_date_and_outlet_from_the_gold(run: ModuleType, tmp_path: Path) -> None:
    rows = run.dev_rows(_folder(tmp_path))
    assert [r["text"] for r in rows] == ["First report.\n", "Second report.\n"]
    assert (rows[0]["published"], rows[0]["source"]) == ("2021-07-05", "Example Wire")
    assert (rows[1]["published"], rows[1]["source"]) == (None, None)  # no gold file names it


def test_repeat_to_cycles_in_order(run: ModuleType) -> None:
    assert run.repeat_to([{"i": 0}, {"i": 1}], 5) == [{"i": 0}, {"i": 1}, {"i": 0}, {"i": 1}, {"i": 0}]
    assert run.repeat_to([], 3) == []


def test_dev_folder_without_documents_is_one_line(
    run: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run.main(["--dev", str(tmp_path), "--n", "10"]) == 2
    assert capsys.readouterr().err.strip() == f"no *.txt documents in {tmp_path}"
