"""Builds the wallet subgraph's Strawberry Federation 2.9 schema (nothing is built at import time)."""

from __future__ import annotations

import strawberry

from subgraphs.shared.graphql.coded_errors import CodedErrors
from subgraphs.shared.graphql.router_secret import RouterSecretGuard
from subgraphs.wallet.api.mutations import Mutation
from subgraphs.wallet.api.queries import Query
from subgraphs.wallet.api.types import User, Wallet


def build_schema() -> strawberry.federation.Schema:
    """The wallet subgraph schema with coded errors and the router-secret guard."""
    return strawberry.federation.Schema(
        query=Query,
        mutation=Mutation,
        types=[User, Wallet],
        extensions=[RouterSecretGuard, CodedErrors],
        federation_version="2.9",
    )


def print_sdl() -> str:
    """The subgraph SDL as the router sees it through `_service { sdl }`."""
    return build_schema().as_str()
