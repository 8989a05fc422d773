"""The supergraph seen as a query graph: where a field can be resolved, and which `@key` jumps lead there.

A node is a type in a subgraph; a field edge stays in the subgraph; a key edge jumps from (type T, subgraph A) to
(T, subgraph B) when B has a resolvable `@key` of T whose fields A can return itself, or to (interface I, B) when B
declares I as an `@interfaceObject` that T implements. `routes` is a breadth-first search over key edges (fewest
jumps first); `cost` estimates, without side effects, how many extra fetches a selection needs from a node (None:
it cannot be resolved from there at all). Everything is memoized on the instance, which lives as long as its
supergraph. Pure.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass

from graphql import (
    FieldNode,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    SelectionSetNode,
)

from router.planning.operation import OpField, OpFragment, OpItem
from router.supergraph.derived import derived
from router.supergraph.join import FieldInGraph, JoinMetadata, Key
from router.supergraph.model import Supergraph

Labels = frozenset[str]
Node = tuple[str, str]  # (graph, type name)


@dataclass(frozen=True)
class Hop:
    """One key jump: into `graph`, as type `type_name` there, using `key`."""

    graph: str
    type_name: str
    key: Key


# A tree of field names an enclosing `@provides` makes resolvable locally (fragments flattened).
Provided = Mapping[str, "Provided"]
_EMPTY: Provided = {}


def provided_tree(selection: SelectionSetNode) -> dict[str, Provided]:
    tree: dict[str, Provided] = {}
    for node in selection.selections:
        if isinstance(node, FieldNode):
            child = provided_tree(node.selection_set) if node.selection_set else {}
            tree[node.name.value] = {**tree.get(node.name.value, {}), **child}
        elif isinstance(node, InlineFragmentNode):
            for name, nested in provided_tree(node.selection_set).items():
                tree[name] = {**tree.get(name, {}), **nested}
    return tree


class QueryGraph:
    """Lazily computed reachability and field facts of one supergraph."""

    def __init__(self, supergraph: Supergraph) -> None:
        self.meta = JoinMetadata.from_supergraph(supergraph)
        self.schema: GraphQLSchema = supergraph.schema
        self.graph_names = {enum: s.name for enum, s in supergraph.subgraphs.items()}
        self.graph_order = list(supergraph.subgraphs)
        self._possible_in: dict[Node, frozenset[str]] = {}
        self._routes: dict[tuple[str, str, Labels], dict[Node, tuple[Hop, ...]]] = {}
        self._return: dict[tuple[str, str], tuple[str, int]] = {}
        self._provided: dict[int, Provided] = {}

    @classmethod
    def of(cls, supergraph: Supergraph) -> QueryGraph:
        """The query graph of `supergraph`, built once per supergraph object."""
        return derived(supergraph, cls)

    # --- types ---------------------------------------------------------------------------------------------

    def is_abstract(self, type_name: str) -> bool:
        return isinstance(self.schema.get_type(type_name), GraphQLInterfaceType | GraphQLUnionType)

    def is_interface_object(self, type_name: str, graph: str) -> bool:
        return graph in self.meta.type(type_name).interface_object_in

    def possible_types(self, type_name: str) -> frozenset[str]:
        named = self.schema.get_type(type_name)
        if isinstance(named, GraphQLInterfaceType | GraphQLUnionType):
            return frozenset(t.name for t in self.schema.get_possible_types(named))
        return frozenset({type_name})

    def possible_in(self, type_name: str, graph: str) -> frozenset[str]:
        """The object types `graph` can return where it returns `type_name`."""
        node = (graph, type_name)
        cached = self._possible_in.get(node)
        if cached is not None:
            return cached
        join = self.meta.type(type_name)
        possible = self.possible_types(type_name)
        if not self.is_abstract(type_name):
            result = possible if graph in join.graphs else frozenset()
        elif graph in join.interface_object_in:
            result = frozenset()
        elif isinstance(self.schema.get_type(type_name), GraphQLUnionType):
            result = join.union_members.get(graph, frozenset()) & possible
        else:
            result = frozenset(
                o
                for o in possible
                if graph in self.meta.type(o).graphs and type_name in self.meta.type(o).implements.get(graph, ())
            )
        self._possible_in[node] = result
        return result

    def interfaces_of(self, type_name: str) -> tuple[str, ...]:
        named = self.schema.get_type(type_name)
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            return tuple(i.name for i in named.interfaces)
        return ()

    def return_type(self, type_name: str, field_name: str) -> tuple[str, int]:
        """The named type of a field and how many list levels wrap it."""
        key = (type_name, field_name)
        cached = self._return.get(key)
        if cached is not None:
            return cached
        named = self.schema.get_type(type_name)
        assert isinstance(named, GraphQLObjectType | GraphQLInterfaceType), type_name
        field_type: GraphQLOutputType = named.fields[field_name].type
        depth = 0
        while isinstance(field_type, GraphQLNonNull | GraphQLList):
            if isinstance(field_type, GraphQLList):
                depth += 1
            field_type = field_type.of_type
        result = (field_type.name, depth)
        self._return[key] = result
        return result

    # --- fields --------------------------------------------------------------------------------------------

    def resolvable(self, type_name: str, field_name: str, graph: str, labels: Labels) -> bool:
        join = self.meta.field(type_name, field_name)
        return join is not None and graph in join.resolving_graphs(labels)

    def field_in(self, type_name: str, field_name: str, graph: str) -> FieldInGraph | None:
        join = self.meta.field(type_name, field_name)
        return join.in_graph(graph) if join is not None else None

    def requires_in(self, type_name: str, field_name: str, graph: str) -> SelectionSetNode | None:
        info = self.field_in(type_name, field_name, graph)
        return info.requires_selection if info is not None else None

    def provided_by(self, type_name: str, field_name: str, graph: str) -> Provided | None:
        info = self.field_in(type_name, field_name, graph)
        if info is None or info.provides_selection is None:
            return None
        cached = self._provided.get(id(info))
        if cached is None:
            cached = provided_tree(info.provides_selection)
            self._provided[id(info)] = cached
        return cached

    def interface_field_local(self, interface: str, field_name: str, graph: str, labels: Labels) -> bool:
        """Whether `graph` can resolve `field_name` directly on the interface for every object it may return."""
        if graph not in self.meta.type(interface).graphs or not self.resolvable(interface, field_name, graph, labels):
            return False
        return all(
            self.resolvable(o, field_name, graph, labels) and self.requires_in(o, field_name, graph) is None
            for o in self.possible_in(interface, graph)
        )

    def selection_local(self, selection: SelectionSetNode, type_name: str, graph: str, labels: Labels) -> bool:
        """Whether `graph` can return a field set (a key) at `type_name` without any jump."""
        for node in selection.selections:
            if isinstance(node, InlineFragmentNode):
                condition = node.type_condition.name.value if node.type_condition else type_name
                if not self.selection_local(node.selection_set, condition, graph, labels):
                    return False
                continue
            if not isinstance(node, FieldNode) or node.name.value == "__typename":
                continue
            name = node.name.value
            if self.is_abstract(type_name) and not self.is_interface_object(type_name, graph):
                if not self.interface_field_local(type_name, name, graph, labels):
                    return False
            elif not self.resolvable(type_name, name, graph, labels) or self.requires_in(type_name, name, graph):
                return False
            if node.selection_set is not None:
                child, _ = self.return_type(type_name, name)
                if not self.selection_local(node.selection_set, child, graph, labels):
                    return False
        return True

    # --- key jumps -----------------------------------------------------------------------------------------

    def _jump_candidates(self, type_name: str) -> list[Node]:
        join = self.meta.type(type_name)
        candidates = [(g, type_name) for g in self.graph_order if g in join.graphs]
        if not self.is_abstract(type_name):
            for interface in self.interfaces_of(type_name):
                candidates += [
                    (g, interface) for g in self.graph_order if g in self.meta.type(interface).interface_object_in
                ]
        return candidates

    def _usable_key(self, target: Node, source: Node, labels: Labels) -> Key | None:
        graph, type_name = target
        for key in self.meta.type(type_name).keys_in(graph, resolvable_only=True):
            if self.selection_local(key.selection, source[1], source[0], labels):
                return key
        return None

    def routes(self, type_name: str, graph: str, labels: Labels) -> dict[Node, tuple[Hop, ...]]:
        """Every node reachable from (type, graph) by key jumps, with the shortest list of jumps to it. The start
        node itself is included (one jump onto itself) when it is an entity there: a `@requires` field needs it."""
        cache_key = (type_name, graph, labels)
        cached = self._routes.get(cache_key)
        if cached is not None:
            return cached
        start: Node = (graph, type_name)
        result: dict[Node, tuple[Hop, ...]] = {}
        queue: deque[tuple[Node, tuple[Hop, ...]]] = deque([(start, ())])
        seen = {start}
        while queue:
            node, hops = queue.popleft()
            for target in self._jump_candidates(node[1]):
                if target in seen:
                    continue
                key = self._usable_key(target, node, labels)
                if key is None:
                    continue
                seen.add(target)
                path = (*hops, Hop(target[0], target[1], key))
                result[target] = path
                queue.append((target, path))
        self_key = self._usable_key(start, start, labels)
        if self_key is not None:
            result[start] = (Hop(graph, type_name, self_key),)
        self._routes[cache_key] = result
        return result

    def field_targets(self, type_name: str, field: OpItem, graph: str, labels: Labels) -> list[Node]:
        """Nodes other than the current one from which `field` (at `type_name`) can be resolved."""
        result: list[Node] = []
        for target, _hops in self.routes(type_name, graph, labels).items():
            target_graph, target_type = target
            if isinstance(field, OpFragment) or field.name == "__typename":
                if self.is_abstract(target_type) and self.is_interface_object(target_type, target_graph):
                    continue
                result.append(target)
            elif self.resolvable(target_type, field.name, target_graph, labels):
                if target == (graph, type_name) and self.requires_in(target_type, field.name, graph) is None:
                    continue
                result.append(target)
        return result


class CostModel:
    """Per-plan cost estimates over a query graph (the memo is keyed by the identity of the operation's items, so it
    must not outlive one planning run)."""

    def __init__(self, graph: QueryGraph, labels: Labels) -> None:
        self.graph = graph
        self.labels = labels
        self._memo: dict[tuple[str, str, int, int], tuple[object, int | None, object]] = {}

    def cost(self, type_name: str, graph: str, items: tuple[OpItem, ...], provided: Provided | None) -> int | None:
        """Extra fetches needed to resolve `items` at (type, graph); None when impossible from there."""
        key = (type_name, graph, id(items), id(provided))
        found = self._memo.get(key)
        if found is not None:
            return found[1]
        # The memo keeps `items` and `provided` alive so their ids cannot be reused by other objects meanwhile;
        # a cycle (recursive selections never are one, but be safe) counts as impossible.
        self._memo[key] = (items, None, provided)
        result = self._compute_cost(type_name, graph, items, provided or _EMPTY)
        self._memo[key] = (items, result, provided)
        return result

    def _compute_cost(self, type_name: str, graph: str, items: tuple[OpItem, ...], provided: Provided) -> int | None:
        total = 0
        targets: set[str] = set()  # subgraphs jumped to from here: one fetch each
        abstract = self.graph.is_abstract(type_name)
        interface_object = abstract and self.graph.is_interface_object(type_name, graph)
        for item in items:
            if isinstance(item, OpFragment):
                condition = item.type_condition
                if (
                    condition is None
                    or condition == type_name
                    or (not abstract and type_name in self.graph.possible_types(condition))
                ):
                    cost = self.cost(type_name, graph, item.selections, provided)
                elif not abstract:
                    continue
                elif interface_object:
                    targets.add("")
                    continue
                else:
                    cost = 0
                    for object_type in self.graph.possible_in(type_name, graph) & self.graph.possible_types(condition):
                        sub = self.cost(object_type, graph, item.selections, provided)
                        if sub is None:
                            return None
                        cost += sub
                if cost is None:
                    return None
                total += cost
                continue
            if item.name == "__typename":
                if interface_object:
                    targets.add("")
                continue
            if item.name.startswith("__"):
                continue
            if (
                abstract
                and not interface_object
                and not self.graph.interface_field_local(type_name, item.name, graph, self.labels)
            ):
                if self.graph.field_targets(type_name, item, graph, self.labels):
                    found = self._remote_cost(type_name, item, graph)
                    if found is not None:
                        total += found[0]
                        targets.add(found[1])
                    continue
                cost = 0
                for object_type in self.graph.possible_in(type_name, graph):
                    sub = self.cost(object_type, graph, (item,), provided)
                    if sub is None:
                        return None
                    cost += sub
                total += cost
                continue
            local_cost = self._local_cost(type_name, item, graph, provided)
            if local_cost is not None:
                total += local_cost
                continue
            remote_cost = self._remote_cost(type_name, item, graph)
            if remote_cost is None:
                return None
            total += remote_cost[0]
            targets.add(remote_cost[1])
        return total + len(targets)

    def _local_cost(self, type_name: str, item: OpField, graph: str, provided: Provided) -> int | None:
        in_provides = item.name in provided
        if not in_provides and (
            not self.graph.resolvable(type_name, item.name, graph, self.labels)
            or self.graph.requires_in(type_name, item.name, graph)
        ):
            return None
        if not item.selections:
            return 0
        child, _ = self.graph.return_type(type_name, item.name)
        sub_provided = provided[item.name] if in_provides else self.graph.provided_by(type_name, item.name, graph)
        return self.cost(child, graph, item.selections, sub_provided)

    def _remote_cost(self, type_name: str, item: OpField, graph: str) -> tuple[int, str] | None:
        """The cheapest way to serve `item` elsewhere: (extra fetches beyond the jump itself, target subgraph)."""
        best: tuple[int, str] | None = None
        routes = self.graph.routes(type_name, graph, self.labels)
        for target in self.graph.field_targets(type_name, item, graph, self.labels):
            target_graph, target_type = target
            sub = 0
            if item.selections:
                child, _ = self.graph.return_type(target_type, item.name)
                sub_provided = self.graph.provided_by(target_type, item.name, target_graph)
                found = self.cost(child, target_graph, item.selections, sub_provided)
                if found is None:
                    continue
                sub = found
            candidate = (len(routes[target]) - 1 + sub, target_graph)
            if best is None or candidate[0] < best[0]:
                best = candidate
        return best
