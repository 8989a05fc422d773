"""The response room (pure): shapes merged subgraph data into the client's response.

Projection onto the client's operation (aliases, fragments, `__typename`), null propagation for non-null fields as
the GraphQL spec says, and the errors that come with it. No I/O, no web framework.
"""
