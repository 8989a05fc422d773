"""The services `make run` starts, in start order. One entry per service; a service whose module does not exist
yet is skipped."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Service:
    """How to migrate and serve one service with `python -m <module>`."""

    name: str
    module: str
    port: int
    serve_args: tuple[str, ...] = ("serve",)
    #: Arguments of the migrate command, or None when the service has no database.
    migrate_args: tuple[str, ...] | None = None
    #: Path printed as the service's URL.
    path: str = "/graphql"
    health_path: str = "/health"
    #: Extra environment for the child.
    env: dict[str, str] = field(default_factory=dict)
    #: The environment variable that sets the service's port; default NAME_PORT (WALLET_PORT, ...).
    port_env: str = ""

    @property
    def port_variable(self) -> str:
        """The environment variable that sets the service's port."""
        return self.port_env or f"{self.name.upper()}_PORT"


SERVICES: tuple[Service, ...] = (
    Service(name="wallet", module="subgraphs.wallet", port=4002, migrate_args=("migrate",)),
    Service(name="giftcard", module="subgraphs.giftcard", port=4001, migrate_args=("migrate",)),
    # The schema registry; its printed URL is the base REGISTRY_URL the `registry` CLI takes.
    Service(name="registry", module="registry", port=4010, migrate_args=("migrate",), path=""),
    # The router last: it serves the supergraph of the subgraphs above; its URL is the one to use.
    Service(
        name="router",
        module="router",
        port=4000,
        serve_args=("serve", "--config", "devstack/router.yaml"),
        port_env="ROUTER_LISTEN__PORT",
    ),
)
