"""Pure rules of the giftcard subgraph: no web framework, database or HTTP client here."""
