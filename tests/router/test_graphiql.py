"""GraphiQL: a browser's GET on the endpoint gets the explorer, served from the router itself (offline)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator

import httpx
import pytest

from router.config import RouterSettings
from router.supergraph.model import Supergraph
from tests.router.plans import StubPlanner
from tests.router.running import RunningRouter, running_router
from tests.support.federated_subgraph import Subgraphs

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def router(supergraph: Supergraph) -> Iterator[RunningRouter]:
    with running_router(RouterSettings(environment="development"), supergraph, StubPlanner()) as running:
        yield running


def test_browser_get_serves_graphiql_with_local_assets_only(router: RunningRouter) -> None:
    page = httpx.get(router.url, headers={"accept": BROWSER_ACCEPT})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert len(assets) == 5
    assert all(a.startswith("/") for a in assets), "no CDN"
    for asset in assets:
        response = httpx.get(router.base + asset)
        assert response.status_code == 200, asset
        assert len(response.content) > 100


def test_graphql_clients_still_get_json_on_get(router: RunningRouter) -> None:
    answer = httpx.get(router.url, params={"query": "{ __typename }"}, headers={"accept": "application/json"})
    assert answer.json() == {"data": {"__typename": "Query"}}


def test_graphiql_can_be_turned_off(supergraph: Supergraph) -> None:
    settings = RouterSettings(environment="development", graphiql=False)
    with running_router(settings, supergraph, StubPlanner()) as closed:
        page = httpx.get(closed.url, headers={"accept": BROWSER_ACCEPT})
    assert not page.headers["content-type"].startswith("text/html")


@pytest.mark.browser
def test_graphiql_runs_a_query_across_two_subgraphs_in_chromium(router: RunningRouter, clean: Subgraphs) -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian chromium not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            outside: list[str] = []
            page.on("request", lambda r: None if r.url.startswith((router.base, "data:")) else outside.append(r.url))
            page.goto(router.url)
            page.wait_for_selector(".graphiql-query-editor .CodeMirror", timeout=20_000)
            page.click(".graphiql-query-editor .CodeMirror")
            page.keyboard.press("Control+A")
            page.keyboard.type("query Me { me { name reviews { body } } }")
            page.click(".graphiql-execute-button")
            page.wait_for_function(
                "document.querySelector('.graphiql-response')?.innerText.includes('Review 4')", timeout=10_000
            )
            text = page.inner_text(".graphiql-response")
        finally:
            browser.close()
    assert '"name": "User 1"' in text
    assert outside == []


DEFAULT_QUERY = 'query Mine { me { name } } # "quoted" & <tagged>'
DEFAULT_HEADERS = '{"Authorization": "Bearer <paste>"}'


@pytest.fixture(scope="module")
def router_with_defaults(supergraph: Supergraph) -> Iterator[RunningRouter]:
    settings = RouterSettings(
        environment="development", graphiql_default_query=DEFAULT_QUERY, graphiql_default_headers=DEFAULT_HEADERS
    )
    with running_router(settings, supergraph, StubPlanner()) as running:
        yield running


def test_configured_defaults_travel_escaped_in_the_page(router_with_defaults: RunningRouter) -> None:
    page = httpx.get(router_with_defaults.url, headers={"accept": BROWSER_ACCEPT}).text
    assert 'data-default-query="query Mine { me { name } } # &quot;quoted&quot; &amp; &lt;tagged&gt;"' in page
    assert "<tagged>" not in page
    assert 'data-default-headers="{&quot;Authorization&quot;: &quot;Bearer &lt;paste&gt;&quot;}"' in page


@pytest.mark.browser
def test_graphiql_opens_with_the_configured_query_and_headers(router_with_defaults: RunningRouter) -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian chromium not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(router_with_defaults.url)
            page.wait_for_selector(".graphiql-query-editor .CodeMirror", timeout=20_000)
            query = page.evaluate("document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.getValue()")
            # The variables and headers editors are both tool editors; one of them holds the headers.
            tools = page.evaluate(
                "[...document.querySelectorAll('.graphiql-editor-tool .CodeMirror')].map(e => e.CodeMirror.getValue())"
            )
        finally:
            browser.close()
    assert query == DEFAULT_QUERY
    assert DEFAULT_HEADERS in tools
