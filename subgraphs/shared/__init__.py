"""What every subgraph needs, written once.

Pure modules (no web framework, database or HTTP client): `money`, `currencies`, `errors`, `pagination`, `caller`.
Seams that do I/O: `settings` (environment), `devsecret` (the development key file), `database`, `migrations`,
`unit_of_work`, `idempotency` (SQL), `tokens` (JWT verification, JWKS over HTTP), `health` and `http` (ASGI),
`graphql` (Strawberry context, coded errors, the router-secret guard) and `service_app` (assembles a subgraph's app).
"""
