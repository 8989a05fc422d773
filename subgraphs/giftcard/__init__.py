"""The giftcard subgraph: gift cards, their codes and activity ledger, and redemption into wallets.

Rooms: `domain` (pure rules: codes, cards, redemptions, access, delivery outcomes), `persistence` (SQLModel tables,
repositories, unit of work, Alembic migrations), `use_cases` (one function per mutation, one transaction each, plus
the settlement steps of the relay), `queries` (batched reads), `relay` (the outbox relay: the service token and the
wallet client are its I/O seams), `api` (the Strawberry Federation 2.9 schema), `app` (the composition root:
`create_app(settings)`), `reconcile` (card debits vs wallet credits), `settings`.
`python -m subgraphs.giftcard` migrates and/or serves it (port 4001 by default).
"""
