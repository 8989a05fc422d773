"""The running set-up of a benchmark: the four subgraphs, the supergraph, the chosen gateways, their checked answers.

`Harness` starts the subgraphs on the load core, composes the supergraph with our composer, starts each gateway on
the measured core and checks its answer to every query before anything is measured. A gateway that refuses our
supergraph (does not start, or answers wrongly) is tried once more on The Guild's; `supergraph_used` says which one
each gateway ran on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bench.gateway.gateways import GATEWAYS, NODE_ENV, Gateway, subgraphs_args
from bench.gateway.graph import SUBGRAPHS, Query, compose_guild, compose_ours, direct_query, supergraph_yaml
from bench.gateway.load import WrongAnswer, check_answer
from bench.gateway.servers import Server, free_port, pinned


@dataclass
class Running:
    """One started gateway with the exact body it answered each query with."""

    gateway: Gateway
    server: Server
    supergraph: str  # "ours" or "guild"
    bodies: dict[str, bytes] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def request_for(self, query: Query) -> Query:
        return direct_query(query) if self.gateway.direct else query

    @property
    def url(self) -> str:
        return self.server.url + "/graphql"


@dataclass
class Harness:
    workdir: Path
    queries: dict[str, Query]
    gateway_core: int | None = 0
    load_core: int | None = 1
    subgraphs: Server | None = None
    running: dict[str, Running] = field(default_factory=dict)
    supergraphs: dict[str, Path] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)  # subgraph name -> port

    def start_subgraphs(self) -> None:
        ports = self.ports = {name: free_port() for name in SUBGRAPHS}
        args = pinned(self.load_core, subgraphs_args(ports))
        # Answers on any port; /health of the first one says the process is up (all ports listen before "ready").
        self.subgraphs = Server("subgraphs", args, ports["accounts"], self.workdir / "subgraphs.log", env=NODE_ENV)
        self.subgraphs.start()
        (self.workdir / "supergraph.yaml").write_text(supergraph_yaml(ports), encoding="utf-8")
        ours = self.workdir / "supergraph-ours.graphql"
        compose_ours(self.workdir / "supergraph.yaml", ours)
        self.supergraphs["ours"] = ours

    def _guild(self) -> Path:
        if "guild" not in self.supergraphs:
            path = self.workdir / "supergraph-guild.graphql"
            compose_guild(self.ports, path)
            self.supergraphs["guild"] = path
        return self.supergraphs["guild"]

    def _try(self, gateway: Gateway, supergraph: str) -> Running:
        server = gateway.start(self.supergraphs[supergraph], self.workdir, self.gateway_core)
        running = Running(gateway, server, supergraph)
        try:
            for name, query in self.queries.items():
                running.bodies[name] = check_answer(gateway.name, running.url, running.request_for(query))
        except BaseException:
            server.stop()
            raise
        return running

    def start_gateway(self, name: str) -> Running:
        gateway = GATEWAYS[name]
        try:
            running = self._try(gateway, "ours")
        except (WrongAnswer, RuntimeError, TimeoutError) as refused:
            if name in ("ours", "direct"):
                raise
            self._guild()
            running = self._try(gateway, "guild")
            running.notes.append(f"refused our supergraph ({refused}); ran on The Guild's")
        self.running[name] = running
        return running

    def stop(self) -> None:
        for running in self.running.values():
            running.server.stop()
        self.running.clear()
        if self.subgraphs is not None:
            self.subgraphs.stop()
            self.subgraphs = None
