"""What every subgraph needs, written once.

Pure modules (no web framework, database or HTTP client): `money`, `currencies`, `errors`, `ids`, `pagination`,
`caller`. Seams that do I/O: `settings` (environment), `devsecret` (the development key file), `database`,
`migrations` (Alembic), `unit_of_work`, `idempotency` (SQL), `tokens` (JWT verification, JWKS over HTTP),
`health`, `middleware` (body limit, bearer tokens), `graphql_http` (the /graphql endpoint), `graphql` (Strawberry
context, schema base, coded errors, the router-secret guard, shared value types) and `service_app` (assembles a
subgraph's app). `devtoken` is the `make token` command.

A subgraph is built the same way each time: `XSettings(ServiceSettings)` with its env prefix; tables in their own
SQLModel registry plus `idempotency_table(metadata, "<x>_idempotency_keys")`; migrations whose env.py calls
`run_migrations_in_context`; a `UnitOfWork` subclass; use cases wrapped in an idempotent runner; a
`SubgraphSchema`; a context subclassing `SubgraphContext`; `create_subgraph_app(...)` in its `create_app(settings)`.
"""
