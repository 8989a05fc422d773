"""An HTTP client of the registry service (httpx), used by the CLI and by tests.

Every method returns the HTTP status and the decoded JSON body; transport failures raise `RegistryUnavailableError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx


class RegistryUnavailableError(RuntimeError):
    """The registry could not be reached or answered something that is not JSON."""


@dataclass(frozen=True, slots=True)
class Reply:
    """A registry answer: status, JSON body and headers."""

    status: int
    body: dict[str, Any]
    headers: httpx.Headers

    def error_codes(self) -> list[str]:
        return [str((e.get("extensions") or {}).get("code")) for e in self.body.get("errors") or []]


class RegistryClient:
    """Calls one registry with one token."""

    def __init__(self, base_url: str, token: str | None, *, timeout: float = 60.0) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._http = httpx.Client(base_url=base_url.rstrip("/"), headers=headers, timeout=timeout)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> RegistryClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @staticmethod
    def variant_path(graph: str, variant: str) -> str:
        return f"/graphs/{quote(graph, safe='')}/variants/{quote(variant, safe='')}"

    def _call(self, method: str, path: str, **kwargs: Any) -> Reply:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise RegistryUnavailableError(f"cannot reach the registry at {self._http.base_url}: {exc}") from exc
        if response.status_code == 304:
            return Reply(304, {}, response.headers)
        if response.headers.get("content-type", "").startswith("text/plain"):
            return Reply(response.status_code, {"text": response.text}, response.headers)
        try:
            body = response.json()
        except ValueError as exc:
            raise RegistryUnavailableError(
                f"the registry answered {response.status_code} without JSON: {response.text[:200]!r}"
            ) from exc
        return Reply(response.status_code, body if isinstance(body, dict) else {"value": body}, response.headers)

    def publish(self, graph: str, variant: str, payload: dict[str, Any]) -> Reply:
        return self._call("POST", self.variant_path(graph, variant) + "/subgraphs", json=payload)

    def delete(self, graph: str, variant: str, name: str, metadata: dict[str, str | None]) -> Reply:
        params = {k: v for k, v in metadata.items() if v}
        path = f"{self.variant_path(graph, variant)}/subgraphs/{quote(name, safe='')}"
        return self._call("DELETE", path, params=params)

    def check(self, graph: str, variant: str, payload: dict[str, Any]) -> Reply:
        return self._call("POST", self.variant_path(graph, variant) + "/checks", json=payload)

    def publish_operations(self, graph: str, variant: str, payload: dict[str, Any]) -> Reply:
        return self._call("POST", self.variant_path(graph, variant) + "/operations", json=payload)

    def retire_operations(self, graph: str, variant: str, client: str, version: str) -> Reply:
        params = {"clientName": client, "clientVersion": version}
        return self._call("DELETE", self.variant_path(graph, variant) + "/operations", params=params)

    def supergraph(self, graph: str, variant: str, etag: str | None = None) -> Reply:
        headers = {"If-None-Match": etag} if etag else {}
        return self._call("GET", self.variant_path(graph, variant) + "/supergraph", headers=headers)

    def get(self, graph: str, variant: str, tail: str, params: dict[str, Any] | None = None) -> Reply:
        return self._call("GET", self.variant_path(graph, variant) + tail, params=params)
