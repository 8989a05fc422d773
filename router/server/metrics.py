"""Prometheus metrics of one router process (a registry per app, so tests can build many apps)."""

from __future__ import annotations

import time
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram

from router.execution.transport import SubgraphFetchError, SubgraphRequest, SubgraphTransport

_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class RouterMetrics:
    """Request counts and latencies, supergraph reloads."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "router_http_requests",
            "GraphQL HTTP requests answered, by status code.",
            ["status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "router_http_request_duration_seconds",
            "Time to answer one GraphQL HTTP request.",
            registry=self.registry,
            buckets=_BUCKETS,
        )
        self.fetches = Counter(
            "router_subgraph_fetches",
            "Requests to subgraphs, by subgraph and outcome (ok, or the error code).",
            ["subgraph", "outcome"],
            registry=self.registry,
        )
        self.fetch_latency = Histogram(
            "router_subgraph_fetch_duration_seconds",
            "Time of one subgraph request, by subgraph.",
            ["subgraph"],
            registry=self.registry,
            buckets=_BUCKETS,
        )
        self.reloads = Counter(
            "router_supergraph_reloads",
            "Supergraph reloads, by result.",
            ["result"],
            registry=self.registry,
        )


class MeasuredTransport:
    """A transport that counts and times every subgraph request of the one it wraps."""

    def __init__(self, inner: SubgraphTransport, metrics: RouterMetrics) -> None:
        self._inner = inner
        self._metrics = metrics

    async def send(self, request: SubgraphRequest) -> dict[str, Any]:
        started = time.perf_counter()
        outcome = "ok"
        try:
            return await self._inner.send(request)
        except SubgraphFetchError as error:
            outcome = error.code
            raise
        finally:
            self._metrics.fetch_latency.labels(request.service).observe(time.perf_counter() - started)
            self._metrics.fetches.labels(request.service, outcome).inc()

    async def aclose(self) -> None:
        await self._inner.aclose()
