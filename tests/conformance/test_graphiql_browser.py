"""GraphiQL in headless Chromium: a browser's GET on /graphql opens the explorer (served by the router, offline), a
query that crosses two subgraphs runs from it and the result pane shows the data, and the documentation explorer
shows the API schema. A screenshot is saved on failure (its path is in the message)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from tests.conformance.graphiql_driver import CHROMIUM, RESULT_PANE, chromium, result_text, run_query
from tests.support.processes import ServerProcess

pytestmark = pytest.mark.browser

# accounts (me, name) + reviews (User.reviews, Review.body): one entity jump.
QUERY = "{ me { name reviews { id body } } }"
DOC_EXPLORER = ".graphiql-doc-explorer"


@pytest.fixture(scope="module")
def require_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium; .ci/run does it)")


@contextmanager
def graphiql(router: ServerProcess, screenshot: Path) -> Iterator[Page]:
    """GraphiQL opened from the router; what the browser saw and a screenshot go into any failure."""
    with chromium() as browser:
        page = browser.new_page()
        left_router: list[str] = []
        problems: list[str] = []
        # Working offline: every request the page makes stays on the router.
        page.on("request", lambda r: None if r.url.startswith(router.url) else left_router.append(r.url))
        page.on("response", lambda r: problems.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        try:
            response = page.goto(router.url + "/graphql", wait_until="networkidle")
            assert response is not None and response.status == 200
            assert "text/html" in (response.headers.get("content-type") or "")
            yield page
            assert left_router == []
        except (AssertionError, PlaywrightError) as exc:
            page.screenshot(path=str(screenshot), full_page=True)
            seen = "\n".join(problems + [f"left the router: {u}" for u in left_router])
            raise AssertionError(f"{exc}\nbrowser saw:\n{seen}\nscreenshot: {screenshot}") from exc


def router_answer(router: ServerProcess) -> dict[str, Any]:
    """What the router answers over plain HTTP: the page must show the same."""
    answer: dict[str, Any] = httpx.post(router.url + "/graphql", json={"query": QUERY}, timeout=30).json()
    assert isinstance(answer.get("data"), dict), answer
    return answer


def test_graphiql_runs_a_cross_subgraph_query(
    require_chromium: None, router: ServerProcess, conformance_logs: Path
) -> None:
    expected = router_answer(router)
    assert expected["data"]["me"]["reviews"], "the query must cross into the reviews subgraph"
    with graphiql(router, conformance_logs / "graphiql-query-failure.png") as page:
        run_query(page, QUERY)
        pane = page.locator(RESULT_PANE).first
        expect(pane).to_contain_text("Uri Goldshtein", timeout=15_000)
        expect(pane).to_contain_text(expected["data"]["me"]["reviews"][-1]["body"].strip()[:20], timeout=15_000)
        assert json.loads(result_text(page)) == expected


def test_graphiql_docs_show_the_api_schema(
    require_chromium: None, router: ServerProcess, conformance_logs: Path
) -> None:
    with graphiql(router, conformance_logs / "graphiql-docs-failure.png") as page:
        page.locator('[aria-label="Show Documentation Explorer"]').first.click()
        docs = page.locator(DOC_EXPLORER).first
        expect(docs).to_contain_text("mutation: Mutation", timeout=15_000)
        docs.get_by_text("User", exact=True).first.click()
        expect(docs).to_contain_text("favoriteProduct", timeout=15_000)
        shown = docs.inner_text()
        # The API schema: fields of several subgraphs, and nothing @inaccessible.
        assert "reviews" in shown
        assert "internalCode" not in shown
