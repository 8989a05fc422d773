"""The execution room: runs a query plan against subgraphs and merges their answers.

I/O happens only behind the `transport.SubgraphTransport` seam (its implementations: `transport.py` and the HTTP
client in `http_pool.py`); `executor`, `entities` and `introspection` work on plain dicts, lists and graphql-core.
"""
