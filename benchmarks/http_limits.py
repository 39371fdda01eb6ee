"""The HTTP server's limits, measured against a real `sitrep serve` process.

    python benchmarks/http_limits.py [--slow 900] [--extract-kb 20] [--json results.json]

Builds a throw-away database (the sample articles, plus one article published 9999-12-31),
starts `sitrep serve` on it (built-in gazetteer, so the map has every district of the
country) and measures:

- the control series over the longest range allowed (1096 days), the default series (the
  page's first call) with the 9999-12-31 outlier stored, and the answer to
  0001-01-01..9999-12-31;
- slow-header connections: how long ``--slow`` of them stay open, and how long a normal
  request waits meanwhile;
- one adversarial ``POST /api/extract`` (a capture sentence and ``--extract-kb`` KB of one
  letter): how long it takes, and how long ``GET /api/meta`` waits meanwhile;
- the server's peak memory (VmHWM).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

# the test helpers (tests/helpers.py, tests/sample.py) import as `tests.*` from the repository root
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TOKEN = "bench-token"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str, timeout: float = 600, method: str = "GET", body: bytes | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, bytes, float]:  # fmt: skip
    began = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        data = r.read()
        return r.status, data, time.monotonic() - began
    finally:
        conn.close()


def _build_db(folder: Path) -> str:
    from sitrep.store import Store
    from tests.helpers import make_article, make_event, make_result
    from tests.sample import SampleGazetteer, build_sample_db

    url = f"sqlite:///{folder / 'bench.db'}"
    build_sample_db(url, SampleGazetteer())
    store = Store(url)
    a = make_article("A report dated far in the future by a typo.", published="9999-12-31")
    e = make_event("territory_captured", district="Argo", pcode="AF1504", province="Badakhshan",
                   actor1="Taliban", date="9999-12-31", evidence="A typo.")  # fmt: skip
    store.add_extraction(a, make_result(a, [e]))
    store.close()
    return url


def _start(url: str, home: Path, port: int) -> subprocess.Popen:
    code = "import sys; from sitrep.cli import main; sys.argv[0] = 'sitrep'; main()"
    env = {**os.environ, "SITREP_HOME": str(home), "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--db", url, "--port", str(port), "--token", TOKEN],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 300
    while True:
        if proc.poll() is not None:
            raise SystemExit(f"server did not start: {proc.stderr.read().decode() if proc.stderr else ''}")
        with contextlib.suppress(OSError):
            if _get(port, "/api/meta", timeout=120)[0] == 200:
                return proc
        if time.monotonic() > deadline:
            raise SystemExit("server did not start in 300 s")
        time.sleep(0.5)


def _peak_rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def bench_series(port: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    status, data, secs = _get(port, "/api/meta")
    meta = json.loads(data)
    out["districts"] = meta["counts"]["districts"]
    out["meta_range"] = f"{meta['date_from']}..{meta['date_to']}"
    status, data, secs = _get(port, "/api/control/series")
    out["default_series"] = {"status": status, "days": len(json.loads(data)["items"]), "seconds": secs}
    days = meta["max_series_days"]
    start = dt.date(2019, 7, 10)
    end = start + dt.timedelta(days=days - 1)
    status, data, secs = _get(port, f"/api/control/series?start={start}&end={end}")
    out["max_range_series"] = {"status": status, "days": len(json.loads(data)["items"]), "seconds": secs}
    status, data, secs = _get(port, "/api/control/series?start=0001-01-01&end=9999-12-31")
    out["extreme_series"] = {"status": status, "seconds": secs, "detail": json.loads(data)["detail"]}
    return out


def bench_slow_connections(port: int, n: int) -> dict[str, Any]:
    socks = []
    began = time.monotonic()
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /api/meta HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
        s.setblocking(False)
        socks.append(s)
    opened = time.monotonic() - began
    waits = []
    open_at: list[tuple[float, int]] = []
    stop = threading.Event()

    def probe() -> None:  # a normal client meanwhile
        while not stop.is_set():
            try:
                status, _, secs = _get(port, "/api/meta", timeout=60)
                waits.append((status, secs))
            except OSError as exc:
                waits.append((str(exc), 0.0))
            time.sleep(0.5)

    t = threading.Thread(target=probe, daemon=True)
    t.start()
    alive = set(range(n))
    while alive and time.monotonic() - began < 120:
        for i in list(alive):
            try:
                socks[i].send(b"x")  # one header byte at a time
                socks[i].recv(1024)  # the 408, or b"" once closed: either way the server let go
                alive.discard(i)
            except BlockingIOError:
                pass
            except OSError:
                alive.discard(i)
        open_at.append((time.monotonic() - began, len(alive)))
        time.sleep(0.5)
    stop.set()
    t.join(70)
    for s in socks:
        s.close()
    all_closed = open_at[-1][0] if not alive else None
    statuses: dict[str, int] = {}
    for st, _ in waits:
        statuses[str(st)] = statuses.get(str(st), 0) + 1
    return {
        "connections": n,
        "opened_in_s": round(opened, 2),
        "all_closed_after_s": all_closed,
        "still_open_after_120_s": len(alive),
        "normal_requests_meanwhile": statuses,
        "longest_normal_request_s": round(max((s for _, s in waits), default=0.0), 3),
    }


def bench_extract(port: int, kb: int) -> dict[str, Any]:
    text = "Taliban fighters captured Khwahan district on Saturday. " + "A" * (kb * 1000)
    body = json.dumps({"text": text, "published": "2021-07-05"}).encode()
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    _get(port, "/api/extract", method="POST", body=json.dumps({"text": "Warm up."}).encode(), headers=headers)
    waits: list[float] = []
    stop = threading.Event()

    def probe() -> None:
        while not stop.is_set():
            with contextlib.suppress(OSError):
                waits.append(_get(port, "/api/meta", timeout=900)[2])
            time.sleep(0.25)

    t = threading.Thread(target=probe, daemon=True)
    t.start()
    status, _, secs = _get(port, "/api/extract", method="POST", body=body, headers=headers, timeout=900)
    stop.set()
    t.join(900)
    return {
        "body_kb": round(len(body) / 1000, 1),
        "status": status,
        "seconds": round(secs, 2),
        "longest_meta_wait_s": round(max(waits, default=0.0), 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--slow", type=int, default=900, help="slow-header connections to open")
    ap.add_argument("--extract-kb", type=int, default=20, help="KB of one letter after a capture sentence")
    ap.add_argument("--skip-extract", action="store_true", help="leave out the adversarial extract")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="sitrep-http-bench-") as tmp:
        folder = Path(tmp)
        url = _build_db(folder)
        port = _free_port()
        proc = _start(url, folder / "home", port)
        try:
            results: dict[str, Any] = {"series": bench_series(port)}
            print(json.dumps(results["series"], indent=1), flush=True)
            results["slow_connections"] = bench_slow_connections(port, args.slow)
            print(json.dumps(results["slow_connections"], indent=1), flush=True)
            if not args.skip_extract:
                results["adversarial_extract"] = bench_extract(port, args.extract_kb)
                print(json.dumps(results["adversarial_extract"], indent=1), flush=True)
            results["server_peak_rss_mb"] = round(_peak_rss_mb(proc.pid), 1)
        finally:
            proc.terminate()
            began = time.monotonic()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            results_stop = round(time.monotonic() - began, 2)
        results["sigterm_to_exit_s"] = results_stop
    print(json.dumps({k: results[k] for k in ("server_peak_rss_mb", "sigterm_to_exit_s")}, indent=1))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
