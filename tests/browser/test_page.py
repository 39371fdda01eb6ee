"""The page in a real headless Chromium: map, slider, evidence panel, table, offline."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def set_day(page: Any, day: str) -> None:
    """Move the slider to ``day`` (keyboard, as a user would) and wait for the map to repaint."""
    slider = page.locator("[data-testid=slider]")
    first = slider.get_attribute("data-first")
    import datetime as dt

    target = (dt.date.fromisoformat(day) - dt.date.fromisoformat(first)).days
    slider.focus()
    page.keyboard.press("Home")
    for _ in range(target):
        page.keyboard.press("ArrowRight")
    page.wait_for_selector(f"#map[data-date='{day}']")


def status(page: Any, pcode: str) -> str:
    return page.get_attribute(f"[data-testid=district-{pcode}]", "data-status")


def fill(page: Any, pcode: str) -> str:
    return page.eval_on_selector(f"[data-testid=district-{pcode}] .shape", "el => getComputedStyle(el).fill")


def test_map_has_the_district_shapes(page: Any) -> None:
    districts = page.locator("#map .district")
    assert districts.count() == 12
    assert page.locator("#map .district path.shape").count() == 12
    assert page.locator("[data-testid=district-AF1501]").get_attribute("aria-label") == "Yawan"
    assert page.locator("[data-testid=legend-nonstate]").is_visible()
    # the label is the actors file's non-state party, served by /api/meta (not written in the page)
    assert page.text_content("[data-testid=legend-nonstate]").strip() == "Taliban"
    for script in (Path(__file__).parents[2] / "sitrep/api/static/js").glob("*.js"):
        assert "Taliban" not in script.read_text(encoding="utf-8"), script
    assert page.text_content("[data-testid=current-date]") == "9 Jul 2021"  # the last day with data
    assert page.locator("[data-testid=claim-marker]").count() == 3
    assert not page.errors


def test_slider_replays_control(page: Any) -> None:
    set_day(page, "2021-07-02")
    assert status(page, "AF1506") == "unknown"  # Khwahan, captured on 3 July
    unknown_fill = fill(page, "AF1506")
    set_day(page, "2021-07-03")
    assert status(page, "AF1506") == "nonstate"
    assert fill(page, "AF1506") != unknown_fill
    assert page.text_content("[data-testid=count-nonstate] b") == "4"
    # Argo: clash (contested) on 4 July, retaken by the government on 6 July
    set_day(page, "2021-07-06")
    assert status(page, "AF1504") == "government"


def test_play_button_advances_days(page: Any) -> None:
    set_day(page, "2021-07-02")
    page.click("[data-testid=play]")
    page.wait_for_selector("#map[data-date='2021-07-04']", timeout=10_000)
    page.click("[data-testid=play]")  # pause
    assert "Play" in page.text_content("[data-testid=play]")


def test_click_district_shows_evidence(page: Any) -> None:
    set_day(page, "2021-07-06")
    page.click("[data-testid=district-AF1503]")  # Kohistan
    page.wait_for_selector("[data-testid=evidence-panel] mark")
    panel = page.locator("[data-testid=evidence-panel]")
    assert panel.locator("[data-testid=panel-title]").text_content() == "Kohistan"
    assert panel.locator("[data-testid=panel-status]").text_content() == "Taliban"
    cards = panel.locator("[data-testid=panel-event]")
    assert cards.count() == 2
    types = cards.locator("[data-testid=event-type]").all_text_contents()
    assert sorted(types) == ["surrender", "territory captured"]
    mark = cards.first.locator("mark")
    assert mark.text_content() == (
        "On Monday, 90 soldiers surrendered to the Taliban in Kohistan district, "
        "and the militants took over the district headquarters."
    )
    # the mark sits inside the whole article text, and is scrolled into view
    box = cards.first.locator("[data-testid=article-text]")
    assert "Afghan forces retook Argo district" in box.text_content()
    inside = box.evaluate(
        """el => { const m = el.querySelector('mark').getBoundingClientRect();
        const b = el.getBoundingClientRect(); return m.top >= b.top && m.bottom <= b.bottom; }"""
    )
    assert inside
    assert "Frontline Wire" in cards.first.locator("[data-testid=report-source]").text_content()
    assert cards.first.locator("[data-testid=event-modality]").text_content() == "reported"


def test_a_district_is_one_request(page: Any) -> None:
    """Clicking a district asks the server once (events, reports and article texts together),
    not once per event and once per article."""
    page.requested.clear()
    page.click("[data-testid=district-AF1504]")  # Argo: three events, three articles
    page.wait_for_selector("[data-testid=evidence-panel] mark")
    assert page.locator("[data-testid=panel-event]").count() >= 3
    api = [u.split("/api/", 1)[1] for u in page.requested if "/api/" in u]
    assert api == ["districts/AF1504/events?limit=500"], api
    assert not page.errors


def test_page_is_es_modules(page: Any, server: str) -> None:
    scripts = page.locator("script").evaluate_all("els => els.map(e => [e.type, e.getAttribute('src')])")
    assert scripts == [["module", "/static/js/main.js"]]
    loaded = {u.rsplit("/", 1)[1] for u in page.requested if "/static/js/" in u}
    assert {"main.js", "api.js", "map.js", "chart.js", "panel.js", "table.js"} <= loaded


def test_corroborated_event_lists_both_sources(page: Any) -> None:
    page.click("[data-testid=district-AF1501]")  # Yawan, reported by two outlets
    page.wait_for_selector("[data-testid=evidence-panel] mark")
    card = page.locator("[data-testid=panel-event]").first
    assert card.locator("[data-testid=event-corroboration]").text_content() == "2 reports"
    assert card.locator("mark").count() == 2
    sources = card.locator("[data-testid=report-source] b").all_text_contents()
    assert sorted(sources) == ["Kabul Daily Monitor", "Northern Post"]


def test_events_table_filters_and_downloads(page: Any) -> None:
    rows = page.locator("[data-testid=event-row]")
    assert rows.count() == 15
    page.select_option("[data-testid=filter-type]", "territory_captured")
    page.fill("[data-testid=filter-province]", "Takhar")
    page.click("[data-testid=filter-apply]")
    from playwright.sync_api import expect  # polls without eval (the page's CSP forbids it)

    expect(rows).to_have_count(3)
    href = page.get_attribute("[data-testid='download-events.csv']", "href")
    assert href.startswith("/api/export/events.csv?") and "province=Takhar" in href
    rows.first.click()  # opens that district's evidence
    page.wait_for_selector("[data-testid=evidence-panel] mark")
    assert page.text_content("[data-testid=panel-title]") in {"Yangi Qala", "Dasht-e Qala", "Rustaq"}


def test_no_request_leaves_localhost(page: Any, server: str) -> None:
    page.click("[data-testid=district-AF1504]")
    page.wait_for_selector("[data-testid=evidence-panel] mark")
    assert page.requested
    outside = [u for u in page.requested if not u.startswith(server + "/")]
    assert outside == []
    assert not page.errors


def test_the_page_says_what_the_map_left_out(browser: Any, server: str) -> None:
    import json

    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    pg = context.new_page()

    def with_kept_out(route: Any) -> None:  # the sample has none: add some to the server's answer
        body = json.loads(route.fetch().text())
        body["kept_out"] = {"undated": 3, "no_district": 2, "other_country": 0}
        route.fulfill(json=body)

    pg.route("**/api/control?*", with_kept_out)
    pg.goto(server + "/")
    pg.wait_for_selector("body[data-ready='1']", timeout=15_000)
    text = pg.text_content("[data-testid=kept-out]")
    assert text == "not on the map: 3 undated, 2 province or country level"
    context.close()


def test_no_kept_out_note_when_nothing_was_left_out(page: Any) -> None:
    assert page.locator("[data-testid=kept-out]").count() == 0
