"""Where subgraph SDLs come from: rover's `supergraph.yaml`, files, running subgraphs (`{ _service { sdl } }`).

This room does the I/O that composition must not: reading files, expanding `${env.NAME}`, fetching over HTTP.
"""
