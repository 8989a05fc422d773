"""The schema registry: graphs with variants (`giftgraph@main`), subgraph versions, schema checks and supergraphs.

Rooms:
- `domain/` (pure): names, schema changes (graphql-core's diff with stable codes and schema coordinates), what
  recorded client operations use, and the check itself (composition through `router.composition`, changes, usage).
- `storage/` (SQLModel tables, repository, Alembic migrations with their own version table).
- `use_cases` (publish, check, operations, supergraph: domain + storage inside one transaction per call).
- `service/` (the FastAPI app factory, token auth, coded JSON errors) and `__main__` (`python -m registry`).
- `client` (httpx) and `cli` (`registry publish|check|operations publish|supergraph|subgraphs|history`) for CI.
"""
