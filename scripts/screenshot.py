"""Regenerate docs/screenshot.png: the page over the sample data set, in headless Chromium.

    .venv/bin/python scripts/screenshot.py [--out docs/screenshot.png] [--district AF1503] [--day 2021-07-06]

Uses Debian's Chromium (/usr/bin/chromium, or $SITREP_CHROMIUM) through Playwright;
the server runs in this process on a free localhost port over a temporary SQLite file.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshot.png"))
    parser.add_argument("--district", default="AF1503", help="P-code of the district to open")
    parser.add_argument("--day", default="2021-07-06", help="day to show on the map")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=1200)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from sitrep.api import create_app
    from tests.sample import SampleGazetteer, build_sample_db, running_server

    chromium = os.environ.get("SITREP_CHROMIUM", "/usr/bin/chromium")
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'sample.db'}"
        gz = SampleGazetteer()
        build_sample_db(url, gz)
        with running_server(create_app(url, gazetteer=gz)) as base, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": args.width, "height": args.height})
            page.goto(base + "/")
            page.wait_for_selector("body[data-ready='1']")
            _set_day(page, args.day)
            page.click(f"[data-testid='district-{args.district}']")
            page.wait_for_selector("#panel mark")
            page.mouse.move(5, 5)  # no hover highlight in the picture
            page.wait_for_timeout(400)
            page.screenshot(path=args.out, full_page=True)
            browser.close()
    print(f"wrote {args.out}")
    return 0


def _set_day(page: object, day: str) -> None:
    """Move the slider to ``day`` the way a user would (input event), and wait for the map."""
    page.evaluate(  # type: ignore[attr-defined]
        """day => { const s = document.querySelector('#slider');
        const first = document.querySelector('#slider').dataset.first;
        const i = Math.round((Date.parse(day) - Date.parse(first)) / 86400000);
        s.value = String(i); s.dispatchEvent(new Event('input', {bubbles: true})); }""",
        day,
    )
    page.wait_for_selector(f"#map[data-date='{day}']")  # type: ignore[attr-defined]


if __name__ == "__main__":
    raise SystemExit(main())
