"""The router's HTTP server room: GraphQL over HTTP, the request pipeline, GraphiQL, health and metrics.

`app.create_app(settings)` is the one app factory; `command` is `router serve`.
"""
