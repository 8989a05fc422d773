"""The execution room: runs a query plan against subgraphs and merges their answers.

The only I/O is behind `transport.SubgraphTransport`; everything else here works on plain dicts and lists.
"""
