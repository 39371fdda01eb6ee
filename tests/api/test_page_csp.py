"""The page works under its strict Content-Security-Policy, served as `sitrep serve` serves it
(Host allow-list, security headers): no CSP violation while it loads, replays and shows evidence."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("SITREP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]

try:
    import playwright  # noqa: F401

    HAVE = Path(CHROMIUM).exists()
except ImportError:
    HAVE = False

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not HAVE, reason=f"needs Chromium at {CHROMIUM} and playwright"),
]

# Registered before any of the page's scripts runs (init scripts are not subject to the CSP).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def test_page_runs_under_its_csp(db_url: str, gazetteer: Any) -> None:
    from playwright.sync_api import sync_playwright

    from sitrep.api import create_app
    from sitrep.api.guard import default_allowed_hosts
    from tests.sample import running_server

    app = create_app(db_url, gazetteer=gazetteer, allowed_hosts=default_allowed_hosts("127.0.0.1"))
    with running_server(app) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            console: list[str] = []
            page.on("console", lambda m: console.append(m.text))
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.add_init_script(RECORD_VIOLATIONS)
            response = page.goto(base + "/")
            assert response is not None
            assert "script-src 'self'" in response.headers["content-security-policy"]
            page.wait_for_selector("body[data-ready='1']", timeout=15_000)
            assert page.locator("[data-testid^=district-]").count() == 12
            page.click("[data-testid=district-AF1503]")
            page.wait_for_selector("[data-testid=evidence-panel] mark")
            page.locator("[data-testid=chart] svg, svg").first.hover()
            violations = page.evaluate("window.__cspViolations")
            assert violations == [], violations
            assert not [m for m in console if "Content Security Policy" in m], console
            assert errors == []
        finally:
            browser.close()
