"""The outbox relay: delivers each redemption's credit to the wallet subgraph (through the router) and settles it.

I/O seams: `service_token` (where the relay's bearer token comes from) and `wallet_client` (the `creditWallet` call
over HTTP). `outbox_relay` is the restart-safe background loop the app factory starts.
"""
