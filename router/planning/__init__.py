"""The planning room: (supergraph, operation) -> query plan, as plain data with a text printer. Pure."""
