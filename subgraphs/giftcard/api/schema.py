"""Builds the giftcard subgraph's Strawberry Federation 2.9 schema (nothing is built at import time)."""

from __future__ import annotations

from subgraphs.giftcard.api.mutations import Mutation
from subgraphs.giftcard.api.queries import Query
from subgraphs.giftcard.api.types import GiftCard, Redemption, User, Wallet
from subgraphs.shared.graphql.schema import SubgraphSchema


def build_schema() -> SubgraphSchema:
    """The giftcard subgraph schema (coded errors and the router-secret guard come with `SubgraphSchema`)."""
    return SubgraphSchema(
        query=Query, mutation=Mutation, types=[GiftCard, User, Wallet, Redemption], federation_version="2.9"
    )


def print_sdl() -> str:
    """The subgraph SDL as the router sees it through `_service { sdl }`."""
    return build_schema().as_str()
