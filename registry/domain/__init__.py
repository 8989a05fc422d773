"""The registry's pure rules: no web framework, database or HTTP client.

`errors` (coded refusals), `names` (what graph, variant and subgraph names may be), `model` (subgraph versions,
launches, recorded operations), `changes` (schema diff with stable codes and coordinates), `usage` (what an operation
touches), `check` (the whole check and the publish composition), `operations` and `manifest` (uploaded client
operations).
"""
