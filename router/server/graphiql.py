"""GraphiQL, served by the router itself from vendored files (no CDN: it works offline).

The page loads React 18, GraphiQL 3 (UMD builds) and a small start script from `static/graphiql/`; the endpoint
URL and the editors' defaults travel in data attributes so the page needs no inline script.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

STATIC_DIR = Path(__file__).parent / "static" / "graphiql"


def graphiql_page(
    endpoint: str, assets: str, default_query: str | None = None, default_headers: str | None = None
) -> str:
    """The HTML page for GraphiQL talking to `endpoint`, with its files under the URL prefix `assets`; the optional
    defaults are what a first-time visitor sees in the query and headers editors."""
    endpoint_attr = escape(endpoint, quote=True)
    defaults = "".join(
        f' data-{name}="{escape(value, quote=True)}"'
        for name, value in (("default-query", default_query), ("default-headers", default_headers))
        if value is not None
    )
    base = escape(assets.rstrip("/"), quote=True)
    return f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>GraphiQL</title>
  <link rel="stylesheet" href="{base}/graphiql.min.css">
  <style>html, body, #graphiql {{ height: 100%; margin: 0; }}</style>
</head>
<body>
  <div id="graphiql" data-endpoint="{endpoint_attr}"{defaults}>Loading GraphiQL…</div>
  <script src="{base}/react.production.min.js"></script>
  <script src="{base}/react-dom.production.min.js"></script>
  <script src="{base}/graphiql.min.js"></script>
  <script src="{base}/start.js"></script>
</body>
</html>
"""
