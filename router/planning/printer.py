"""The text form of a query plan, in Apollo's format (what `@apollo/query-planner`'s `prettyFormatQueryPlan`
prints), so plans compare line by line with Apollo's and read the same way. Pure."""

from __future__ import annotations

from graphql import FieldNode, OperationDefinitionNode, SelectionSetNode, parse, print_ast

from router.planning.plan import (
    Condition,
    Fetch,
    FieldSelection,
    Flatten,
    InlineFragmentSelection,
    Parallel,
    PlanNode,
    QueryPlan,
    Selection,
    Sequence,
)

_INDENT = "  "


def print_plan(plan: QueryPlan) -> str:
    """`QueryPlan { ... }` as Apollo prints it."""
    if plan.node is None:
        return "QueryPlan {}"
    return "QueryPlan {\n" + _INDENT + _node(plan.node, _INDENT) + ",\n}"


def _node(node: PlanNode, indent: str) -> str:
    inner = indent + _INDENT
    if isinstance(node, Fetch):
        body = ""
        if node.requires is not None:
            body += _block(_requires_text(node.requires), inner) + " =>\n"
        body += _block(print_ast(_fetch_selection(node.operation)), inner)
        return (
            f'Fetch(service: "{node.service}"'
            + (f", id: {node.id}" if node.id else "")
            + ") {\n"
            + body
            + "\n"
            + indent
            + "}"
        )
    if isinstance(node, Flatten):
        return f'Flatten(path: "{".".join(node.path)}") {{\n{inner}{_node(node.node, inner)},\n{indent}}}'
    if isinstance(node, Sequence | Parallel):
        name = "Sequence" if isinstance(node, Sequence) else "Parallel"
        children = "".join(f"{inner}{_node(child, inner)},\n" for child in node.nodes)
        return f"{name} {{\n{children}{indent}}}"
    if isinstance(node, Condition):
        deeper = inner + _INDENT
        if node.if_clause is not None and node.else_clause is not None:
            return (
                f"Condition(if: ${node.variable}) {{\n{inner}Then {{\n{deeper}{_node(node.if_clause, deeper)}\n"
                f"{inner}}} Else {{\n{deeper}{_node(node.else_clause, deeper)}\n{inner}}}\n{indent}}}"
            )
        if node.if_clause is not None:
            return f"Include(if: ${node.variable}) {{\n{inner}{_node(node.if_clause, inner)}\n{indent}}}"
        assert node.else_clause is not None
        return f"Skip(if: ${node.variable}) {{\n{inner}{_node(node.else_clause, inner)}\n{indent}}}"
    raise TypeError(f"not a plan node: {node!r}")


def _block(text: str, indent: str) -> str:
    return "\n".join(indent + line for line in text.splitlines())


def _fetch_selection(operation: str) -> SelectionSetNode:
    """The operation's selection set; for an entity fetch, what it selects under `_entities`."""
    definition = parse(operation, no_location=True).definitions[0]
    assert isinstance(definition, OperationDefinitionNode)
    selection_set = definition.selection_set
    first = selection_set.selections[0] if selection_set.selections else None
    if isinstance(first, FieldNode) and first.name.value == "_entities" and first.selection_set is not None:
        return first.selection_set
    return selection_set


def _requires_text(selections: tuple[Selection, ...]) -> str:
    return "{\n" + "".join(_selection_lines(s, _INDENT) for s in selections) + "}"


def _selection_lines(selection: Selection, indent: str) -> str:
    if isinstance(selection, FieldSelection):
        if not selection.selections:
            return f"{indent}{selection.name}\n"
        inner = "".join(_selection_lines(s, indent + _INDENT) for s in selection.selections)
        return f"{indent}{selection.name} {{\n{inner}{indent}}}\n"
    assert isinstance(selection, InlineFragmentSelection)
    inner = "".join(_selection_lines(s, indent + _INDENT) for s in selection.selections)
    return f"{indent}... on {selection.type_condition} {{\n{inner}{indent}}}\n"
