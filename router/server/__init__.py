"""The router's HTTP server room: GraphQL over HTTP, the request pipeline, GraphiQL, health and metrics.

`app.create_app(settings)` is the one app factory (the composition root); `command` is `router serve`.
A request goes `endpoint` (HTTP, media types, body limit; `protocol` decodes it) -> `pipeline` (authenticate,
`persisted` queries, parse + `limits` + validate, the `authorization` step, plan, execute, shape; LRU caches in
`lru`). `sources` reads the supergraph and watches it for changes; `metrics` and `graphiql` serve what they say.
"""
