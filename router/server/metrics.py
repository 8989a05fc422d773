"""Prometheus metrics of one router process (a registry per app, so tests can build many apps)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram


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
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
        )
        self.reloads = Counter(
            "router_supergraph_reloads",
            "Supergraph reloads, by result.",
            ["result"],
            registry=self.registry,
        )
