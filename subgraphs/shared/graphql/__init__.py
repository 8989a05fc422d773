"""Strawberry pieces every subgraph uses: the request context, coded errors, the router-secret guard and the
value types both subgraphs expose (`Money`, `MoneyInput`, `PageInfo`; `@shareable` so they compose)."""
