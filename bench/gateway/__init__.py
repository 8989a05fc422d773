"""Gateway benchmark: our router against Apollo Gateway, Hive Gateway and a direct subgraph call, in one run.

The public gateway benchmark's graph (accounts, inventory, products, reviews; data/ holds its SDLs, data, queries and
expected responses) is served by fast Node subgraphs (subgraphs.mjs); each gateway in turn is pinned to core 0 while
the subgraphs and the load generator (autocannon, load.mjs) share core 1. Every gateway's answer is checked against
the expected response before it is measured, and every response under load is compared byte for byte with it.
Run: `.venv/bin/python -m bench.gateway --help`.
"""
