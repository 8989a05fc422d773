"""The wallet subgraph: users' wallets, their balances and an append-only transaction ledger.

Rooms: `domain` (pure rules, access policy and errors), `persistence` (SQLModel tables, repository, unit of work,
Alembic migrations), `use_cases` (one function per mutation, one transaction each), `queries` (reads, batched),
`api` (the Strawberry Federation 2 schema), `app` (the composition root: `create_app(settings)`), `settings`.
`python -m subgraphs.wallet` migrates and/or serves it (port 4002 by default).
"""
