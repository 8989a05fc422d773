"""The planning room: (supergraph, operation) -> query plan, as plain data with a text printer. Pure.

How it flows: `planner.build_plan` is the entry point. `operation` turns the client's operation into the items the
planner walks (fields and inline fragments, named fragments expanded, `@skip`/`@include` resolved); `graph` sees the
supergraph as a query graph (a node per type per subgraph, key jumps between them; built once per supergraph);
`roots` picks the subgraph of each root field; `requirements` turns `@requires` into entity-fetch inputs; `selection`
builds each fetch's selection set and prints it; `groups` holds the fetches, their dependencies and how they become
plan nodes (`plan`: Fetch, Flatten, Sequence, Parallel, Condition). `printer` prints a plan the way Apollo's planner
does, and `command` is `router plan`.
"""
