"""The analyst's workspace in a real browser (Debian's Chromium driven by Playwright) against
`ipas serve` on the demo a user gets: a scripted walk per page, screenshots saved under
var/test-artifacts/ui/, an axe-core accessibility check on each page, and (in the `browser`
fixture) the assertion that no request ever left 127.0.0.1."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import networkx as nx
import pytest

from tests.ui.conftest import Browser, Served

# The first test also pays for the session's demo store and server (slow on a busy machine).
pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]

CENTINELAS = "https://w3id.org/ipas/id/organization/demo/centinelas"
HECTOR = "Héctor Ibarra Solís"


def _sign_in(browser: Browser, served: Served, token: str, route: str = "") -> Any:
    page = browser.page
    page.goto(f"{served.base}/ui/#token={quote(token)}")
    page.wait_for_selector("#who strong")
    assert "token=" not in page.url  # the token leaves the address bar at once
    if route:
        page.goto(f"{served.base}/ui/{route}")
    return page


def _no_serious_violations(browser: Browser, name: str) -> None:
    violations = browser.axe()
    assert violations == [], f"{name}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations)


def test_search_entity_chart_map_walk(browser: Browser, served: Served,
                                      tmp_path: Path) -> None:
    page = _sign_in(browser, served, served.analyst)
    assert "ui-analyst" in page.inner_text("#who") and "HSI" in page.inner_text("#who")

    # Search: a misspelt name finds the person; type facets are offered.
    page.fill("#search-text", "Hector Ybarra")
    page.press("#search-text", "Enter")
    page.wait_for_selector("#search-hits li")
    assert page.inner_text("#search-hits li:first-child a.entity") == HECTOR
    assert page.locator("#search-facets button").count() > 1
    browser.shot("1-search")
    _no_serious_violations(browser, "search")

    # Entity page: facts by kind, each with its evidence.
    page.click("#search-hits li:first-child a.entity")
    page.wait_for_selector("#entity-title:has-text('Héctor')")
    headings = page.locator(".facts h3").all_inner_texts()
    assert any(h.startswith("Memberships and roles") for h in headings)
    assert any(h.startswith("Transfers") for h in headings)
    assert page.locator(".evidence .marking").count() > 10
    assert page.locator(".evidence .grade").first.inner_text() in {"A1", "B2", "C3"}
    browser.shot("2-entity")
    _no_serious_violations(browser, "entity")

    # Link chart: chart his links, then click a network to expand it.
    page.click("text=Chart links")
    page.wait_for_function("() => window.ipasChart && window.ipasChart.nodes().length > 10")
    before = page.evaluate("() => window.ipasChart.nodes().length")
    box = page.locator("#chart-canvas").bounding_box()
    position = page.evaluate(
        "(id) => window.ipasChart.getElementById(id).renderedPosition()", CENTINELAS)
    page.mouse.click(box["x"] + position["x"], box["y"] + position["y"])
    page.wait_for_function(f"() => window.ipasChart.nodes().length > {before}")
    assert "Los Centinelas" in page.inner_text("#chart-side")
    shown = page.inner_text("#chart-count")
    page.locator("#filter-relations input").first.uncheck()
    assert page.inner_text("#chart-count") != shown  # a relation filter hides links
    page.locator("#filter-relations input").first.check()
    with page.expect_download() as graphml:
        page.click("#chart-graphml")
    graph = nx.read_graphml(graphml.value.path())
    assert graph.number_of_nodes() > before and graph.number_of_edges() > 0
    with page.expect_download() as png:
        page.click("#chart-png")
    assert Path(png.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    browser.shot("3-chart")
    _no_serious_violations(browser, "chart")

    # Map and timeline: places, routes and events; the timeline brush narrows the window.
    page.click("nav a[data-view=map]")
    page.wait_for_selector("#map-features circle.place")
    assert page.locator("#map-base path.country").count() > 100  # the bundled base layer
    assert page.locator("#map-ports rect.port").count() >= 30  # and the CBP ports
    assert page.locator("#map-features line.leg").count() >= 10
    assert page.locator("#map-features circle.event").count() > 20
    def in_window() -> int:
        return int(re.search(r"(\d+) in the window", page.inner_text("#map-count")).group(1))

    all_events = in_window()
    page.locator("#timeline-svg").scroll_into_view_if_needed()
    timeline = page.locator("#timeline-svg").bounding_box()
    middle = timeline["y"] + timeline["height"] / 2
    page.mouse.move(timeline["x"] + timeline["width"] * 0.90, middle)  # the last months
    page.mouse.down()
    page.mouse.move(timeline["x"] + timeline["width"] * 0.99, middle)
    page.mouse.up()
    page.wait_for_function("() => document.getElementById('window-since').value !== ''")
    assert re.fullmatch(r"\d{4}-\d{2}-01", page.input_value("#window-since"))
    assert page.input_value("#filter-since") == page.input_value("#window-since")  # chart too
    assert 0 < in_window() < all_events
    browser.shot("4-map")
    _no_serious_violations(browser, "map")


def test_saved_query_picks_entities_by_name(browser: Browser, served: Served) -> None:
    page = _sign_in(browser, served, served.analyst, "#/saved/entity-profile")
    picker = page.locator("#saved-form input.picker-input")
    picker.fill("ibarra")
    page.wait_for_selector("#saved-form .picker-list li")
    picker.press("Enter")
    assert page.input_value("#saved-form input[type=hidden][name=entity]").endswith(
        "/person/demo/hector-ibarra")
    page.click("#saved-form button[type=submit]")
    page.wait_for_selector("#saved-results table.results tbody tr")
    link = page.locator("#saved-results a.entity").first
    assert link.count() == 1
    browser.shot("5-saved")
    _no_serious_violations(browser, "saved queries")
    link.click()
    page.wait_for_selector("#entity-title")
    assert "#/entity?iri=" in page.url


def test_paths_and_convergence_on_the_chart(browser: Browser, served: Served) -> None:
    """Link analysis answers drawn on the chart: the path between two people picked by name,
    each hop with its evidence, then the facilitators several networks share."""
    page = _sign_in(browser, served, served.analyst, "#/chart")
    for index, name in ((1, "Hector Ibarra"), (2, "Valle Dorado")):
        picker = page.locator(f"#path-pickers .picker:nth-child({index}) input.picker-input")
        picker.fill(name)
        page.wait_for_selector(f"#path-pickers .picker:nth-child({index}) li")
        picker.press("Enter")
    page.click("#path-form button[type=submit]")
    page.wait_for_selector("#analysis-result .path")
    assert "Héctor Ibarra Solís → Organización Valle Dorado" in page.inner_text("#analysis-result")
    assert page.locator("#analysis-result .links a.entity").count() > 0  # evidence links
    assert page.evaluate("() => window.ipasChart.elements('.highlight').length") >= 3
    page.click("#convergence-run")
    page.wait_for_selector("#analysis-result .convergence li")
    assert "Héctor Ibarra Solís" in page.inner_text("#analysis-result .convergence")
    page.click("#rank-networks")
    page.wait_for_selector("#analysis-result table.ranking tbody tr")
    header = page.inner_text("#analysis-result table.ranking thead")
    assert "violence" in header and "terrorism_nexus" in header  # every term, with its weight
    assert page.locator("#analysis-result table.ranking a.entity").count() >= 3
    browser.shot("9-analysis")
    _no_serious_violations(browser, "link analysis")


def test_resolution_decisions_on_the_entity_page(browser: Browser, served: Served) -> None:
    """`ipas resolve run` (in the fixture) suggested pairs; an analyst accepts one on the
    record's page, sees the resolved actor, and undoes it, each with a reason."""
    page = _sign_in(browser, served, served.analyst)
    suggestions = page.evaluate("""async () => (await fetch('/resolution/suggestions', {
        headers: {Authorization: 'Bearer ' + sessionStorage.getItem('ipas-token')}})).json()""")
    assert suggestions, "the demo should give at least one suggestion"
    left, right = suggestions[0]["left"], suggestions[0]["right"]
    page.on("dialog", lambda dialog: dialog.accept("checked in the case file"))
    page.goto(f"{served.base}/ui/#/entity?iri={quote(left, safe='')}")
    page.wait_for_selector("#entity-resolution td:has-text('suggested')")
    row = page.locator("#entity-resolution tr", has=page.locator(f"a[title='{right}']"))
    row.locator("button:has-text('same actor')").click()
    page.wait_for_selector("#entity-resolution p:has-text('One actor with 1 other record')")
    assert "checked in the case file" in page.inner_text("#entity-resolution")
    browser.shot("10-resolution")
    _no_serious_violations(browser, "resolution")
    page.locator("#entity-resolution button:has-text('undo')").first.click()
    page.wait_for_selector("#entity-resolution td:has-text('suggested')")
    assert "One actor" not in page.inner_text("#entity-resolution")


def _call(page: Any, path: str, body: dict[str, Any] | None = None) -> Any:
    """A REST call with the signed-in token, from the page (the UI's own origin)."""
    return page.evaluate("""async ([path, body]) => {
        const headers = {Authorization: 'Bearer ' + sessionStorage.getItem('ipas-token')};
        const init = body ? {method: 'POST', body: JSON.stringify(body),
                             headers: {...headers, 'Content-Type': 'application/json'}}
                          : {headers};
        const answer = await fetch(path, init);
        return {status: answer.status, body: await answer.json()};
    }""", [path, body])


def test_saved_query_resolved_actors_switch(browser: Browser, served: Served) -> None:
    """Two facilitators merged by a decision: with "resolved actors" ticked the saved query's
    table names the actor instead of its records, and the answer lists the records it stands
    for; unticked, the records again. The decision is undone so other tests see the demo."""
    page = _sign_in(browser, served, served.analyst)
    raw = _call(page, "/queries/facilitators-multiple-networks")
    assert raw["status"] == 200, raw
    left, right = [row["facilitator"] for row in raw["body"]["rows"][:2]]
    made = _call(page, "/resolution/decisions", {"left": left, "right": right,
                                                 "decision": "positive", "why": "ui test"})
    assert made["status"] == 201, made
    try:
        page.goto(f"{served.base}/ui/#/saved/facilitators-multiple-networks")
        page.wait_for_selector("#saved-form input[name=resolved]")
        page.check("#saved-form input[name=resolved]")
        page.click("#saved-form button[type=submit]")
        page.wait_for_selector("#saved-results section.resolved-actors li")
        table = page.locator("#saved-results table.results")
        actors = table.locator("a.entity[title*='/actor/resolved/']")
        assert actors.count() == 2  # one row per facilitator: both now name the actor
        assert table.locator(f"a[title='{left}'], a[title='{right}']").count() == 0
        listed = page.locator("#saved-results section.resolved-actors li a.entity")
        titles = {listed.nth(i).get_attribute("title") for i in range(listed.count())}
        assert {left, right} < titles and actors.first.get_attribute("title") in titles
        browser.shot("11-resolved-actors")
        _no_serious_violations(browser, "saved query, resolved actors")

        page.uncheck("#saved-form input[name=resolved]")
        page.click("#saved-form button[type=submit]")
        page.wait_for_selector(f"#saved-results table.results a[title='{left}']")
        assert page.locator("#saved-results section.resolved-actors").count() == 0
        assert table.locator("a.entity[title*='/actor/resolved/']").count() == 0
    finally:
        undone = _call(page, "/resolution/undo", {"left": left, "right": right})
        assert undone["status"] == 200, undone


def test_sparql_editor_runs_with_the_token(browser: Browser, served: Served) -> None:
    page = _sign_in(browser, served, served.analyst, "#/sparql")
    page.wait_for_selector("#yasgui .CodeMirror")
    assert page.locator("#sparql-examples option").count() > 10  # saved queries as examples
    page.click("#yasgui button[aria-label='Run query']")
    page.wait_for_selector("#yasgui table tbody tr")
    assert "Los Centinelas del Suchiate" in page.inner_text("#yasgui table")
    page.locator("#yasgui table a[href*='/organization/demo/']").first.click()
    page.wait_for_selector("#entity-title")  # an IRI in a result opens its entity page
    browser.shot("6-sparql")


def test_api_docs_render_offline(browser: Browser, served: Served) -> None:
    page = browser.page
    page.goto(f"{served.base}/docs")
    page.wait_for_selector(".opblock", timeout=90_000)  # a large document on a busy machine
    assert page.locator(".opblock").count() > 10
    browser.shot("7-docs")


def test_partner_sees_only_its_scope_in_the_browser(browser: Browser, served: Served) -> None:
    page = _sign_in(browser, served, served.partner)
    assert "partner" in page.inner_text("#who") and "GT-TCIU" in page.inner_text("#who")
    page.fill("#search-text", "Report IR-RED-001")
    page.press("#search-text", "Enter")
    page.wait_for_selector("#status:has-text('for “Report IR-RED-001”')")
    assert "Report IR-RED-001" not in page.inner_text("#search-hits")
    page.fill("#search-text", "Hector Ibarra")
    page.press("#search-text", "Enter")
    page.wait_for_selector("#search-hits li a.entity")
    page.click("#search-hits li:first-child a.entity")
    page.wait_for_selector(".facts h3")
    headings = page.locator(".facts h3").all_inner_texts()
    assert not any(h.startswith("Transfers") for h in headings)  # finance-amber is hidden
    browser.shot("8-partner-entity")


def test_without_a_token_the_page_says_why(browser: Browser, served: Served) -> None:
    page = browser.page
    page.goto(f"{served.base}/ui/")
    page.wait_for_selector("#status.error")
    assert "token" in page.inner_text("#status").lower()
    _no_serious_violations(browser, "signed out")
