"""Drive GraphiQL in headless Chromium (Debian's /usr/bin/chromium through Python playwright, never a downloaded
browser): open the explorer, put a query in the editor, run it, read the result pane."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
QUERY_EDITOR = ".graphiql-query-editor"
RESULT_PANE = ".graphiql-response"
EXECUTE_BUTTON = ".graphiql-execute-button"


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def set_query(page: Page, query: str) -> None:
    """Replace the query editor's text: through CodeMirror 5's API when present (GraphiQL 2-3), else by keyboard."""
    editor = page.locator(QUERY_EDITOR).first
    editor.wait_for(state="visible")
    replaced = page.evaluate(
        """(query) => {
            const host = document.querySelector('.graphiql-query-editor .CodeMirror');
            if (!host || !host.CodeMirror) return false;
            host.CodeMirror.setValue(query);
            return true;
        }""",
        query,
    )
    if not replaced:
        editor.click()
        page.keyboard.press("Control+A")
        page.keyboard.press("Delete")
        # insert_text sends no key events: no auto-closed brackets or completion pop-ups get in the way.
        page.keyboard.insert_text(query)


def run_query(page: Page, query: str) -> None:
    set_query(page, query)
    page.locator(EXECUTE_BUTTON).first.click()


def result_text(page: Page) -> str:
    """The result pane's text: CodeMirror's value when present, else what the pane renders."""
    value = page.evaluate(
        """() => {
            const host = document.querySelector('.graphiql-response .CodeMirror');
            return host && host.CodeMirror ? host.CodeMirror.getValue() : null;
        }"""
    )
    if isinstance(value, str):
        return value
    return page.locator(RESULT_PANE).first.inner_text()
