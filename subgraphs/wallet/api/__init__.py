"""The wallet subgraph's GraphQL API (Strawberry, Apollo Federation 2.9): types, queries, mutations, schema.

Resolvers translate domain errors into coded errors: mutations return them as typed `userErrors`, queries as
GraphQL errors with `extensions.code`. Ownership and scopes are enforced here too (`domain.access`), whatever the
router's `@authenticated` / `@requiresScopes` filtering already did.
"""
