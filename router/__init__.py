"""The federation router: composes a supergraph, plans operations across subgraphs and executes the plans.

Pure rooms (no I/O, no web framework): `composition`, `supergraph`, `planning`, `auth.claims`/authorization, response
shaping. I/O sits at named seams: the subgraph transport, JWKS fetching, the HTTP server and the registry client.
"""
