"""The auth room: who is calling (JWT authentication at the router) and what they may see (per-field claims).

`config` holds the typed settings, `jwks` is the one I/O seam (fetching signing keys), `authenticate` turns request
headers into `Claims`, and the pure modules (`claims`, `requirements`, `policies`, `authorization`) decide which
fields of an operation a caller may select, from the supergraph's `@authenticated`, `@requiresScopes` and `@policy`.
"""
