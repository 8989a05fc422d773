"""Where schemas come from: rover's `supergraph.yaml`, files, running subgraphs (`{ _service { sdl } }`), and the
schema registry's supergraphs.

This room does the I/O that composition must not: reading files, expanding `${env.NAME}`, fetching over HTTP.
`supergraph_config` parses `supergraph.yaml`, `subgraph_sdl` reads each subgraph's SDL, `supergraph` composes the
result (the seam `router compose` and `router serve --compose` share), `registry` pulls a supergraph from the
schema registry, and `command` is `router compose`.
"""
