"""Builds the wallet subgraph's Strawberry Federation 2.9 schema (nothing is built at import time)."""

from __future__ import annotations

from subgraphs.shared.graphql.schema import SubgraphSchema
from subgraphs.wallet.api.mutations import Mutation
from subgraphs.wallet.api.queries import Query
from subgraphs.wallet.api.types import User, Wallet


def build_schema() -> SubgraphSchema:
    """The wallet subgraph schema (coded errors and the router-secret guard come with `SubgraphSchema`)."""
    return SubgraphSchema(query=Query, mutation=Mutation, types=[User, Wallet], federation_version="2.9")


def print_sdl() -> str:
    """The subgraph SDL as the router sees it through `_service { sdl }`."""
    return build_schema().as_str()
