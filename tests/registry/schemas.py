"""Small Federation 2 subgraphs for registry tests: a wallet and a users subgraph sharing the `User` entity."""

from __future__ import annotations

from router.composition import SubgraphSource

LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable"])\n'

WALLET = (
    LINK
    + """
type Query {
  wallet(id: ID!): Wallet
  wallets(first: Int = 10, currency: Currency): [Wallet!]!
}
type Mutation {
  credit(input: CreditInput!): Wallet
}
input CreditInput {
  walletId: ID!
  amount: Int!
  currency: Currency!
}
type Wallet @key(fields: "id") {
  id: ID!
  balance: Int!
  currency: Currency!
  owner: User!
}
enum Currency {
  EUR
  USD
  GBP
}
type User @key(fields: "id") {
  id: ID!
  wallets: [Wallet!]!
}
"""
)

USERS = (
    LINK
    + """
type Query {
  me: User
}
type User @key(fields: "id") {
  id: ID!
  name: String
}
"""
)

WALLET_URL = "http://wallet.test/graphql"
USERS_URL = "http://users.test/graphql"


def wallet(sdl: str = WALLET) -> SubgraphSource:
    return SubgraphSource("wallet", WALLET_URL, sdl)


def users(sdl: str = USERS) -> SubgraphSource:
    return SubgraphSource("users", USERS_URL, sdl)


def edit(sdl: str, old: str, new: str) -> str:
    """`sdl` with `old` replaced once; fails loudly when `old` is not there (a test edit that silently does nothing
    would make the test pass for the wrong reason)."""
    assert old in sdl, f"{old!r} not in the SDL"
    return sdl.replace(old, new, 1)
