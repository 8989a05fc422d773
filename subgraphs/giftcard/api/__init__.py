"""The giftcard subgraph's GraphQL API (Strawberry, Apollo Federation 2.9): types, queries, mutations, schema.

Resolvers translate domain errors into coded errors: mutations return them as typed `userErrors`, queries as
GraphQL errors with `extensions.code`. `@authenticated` / `@requiresScopes` are declared on the schema for the
router AND enforced again here (`domain.access`): the subgraph does not trust the network.
"""
