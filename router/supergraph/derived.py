"""What is derived from a loaded supergraph (join metadata, query graph, authorization index), computed once.

A `Supergraph` never changes after loading, so anything read from it can live as long as it does: `derived(sg,
build)` runs `build(sg)` on first use and returns the same value afterwards. Entries are held per supergraph object
through a weak reference: a supergraph a reload dropped takes its derived values with it. A `build` must therefore
not keep the `Supergraph` object itself (its schema and metadata are fine), or the entry would keep it alive.
Pure; the lock only makes concurrent first uses (threads planning at once) agree on one value.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any, TypeVar, cast

from router.supergraph.model import Supergraph

T = TypeVar("T")

_lock = threading.Lock()
# id(supergraph) -> (weak reference to it, {build function: value}); the reference's callback drops the entry.
_values: dict[int, tuple[weakref.ref[Supergraph], dict[Callable[[Supergraph], Any], Any]]] = {}


def derived(supergraph: Supergraph, build: Callable[[Supergraph], T]) -> T:
    """`build(supergraph)`, computed once per supergraph object."""
    key = id(supergraph)
    with _lock:
        entry = _values.get(key)
        if entry is None or entry[0]() is not supergraph:
            entry = (weakref.ref(supergraph, lambda _ref: _values.pop(key, None)), {})
            _values[key] = entry
        values = entry[1]
        if build in values:
            return cast(T, values[build])
    value = build(supergraph)  # outside the lock: builds may derive other values
    with _lock:
        return cast(T, values.setdefault(build, value))
