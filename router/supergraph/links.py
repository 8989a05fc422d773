"""What the `@link` (and Fed 1 `@core`) declarations of a supergraph bring in: which names belong to which spec.

A spec linked as `@link(url: "https://specs.apollo.dev/join/v0.3")` owns the directive `@join` (named after the spec),
every element prefixed `join__`, and the names it imports. `as:` renames the prefix; `import:` entries may be renamed
with `{name: "@x", as: "@y"}`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graphql import (
    ConstValueNode,
    DirectiveNode,
    DocumentNode,
    ListValueNode,
    ObjectValueNode,
    SchemaDefinitionNode,
    SchemaExtensionNode,
    StringValueNode,
)

_URL = re.compile(r"^(?P<base>.*?)/(?P<name>[A-Za-z_][A-Za-z0-9_-]*)/v(?P<major>\d+)\.(?P<minor>\d+)/?$")


@dataclass(frozen=True)
class LinkedSpec:
    """One linked spec: its identity, version and the local names of its elements."""

    url: str
    name: str
    version: tuple[int, int]
    prefix: str
    # local directive/type name (without @) -> name inside the spec (without @)
    imports: dict[str, str] = field(default_factory=dict)

    def element_for(self, local_name: str) -> str | None:
        """The spec's own name for a local directive or type name, or None when it is not this spec's."""
        if local_name in self.imports:
            return self.imports[local_name]
        if local_name == self.prefix:
            return self.name
        if local_name.startswith(self.prefix + "__"):
            return local_name[len(self.prefix) + 2 :]
        return None

    def local_name(self, element: str) -> str:
        """The local name of one of the spec's elements (directive names without @)."""
        for local, original in self.imports.items():
            if original == element:
                return local
        return self.prefix if element == self.name else f"{self.prefix}__{element}"


def _arg(directive: DirectiveNode, name: str) -> ConstValueNode | None:
    for arg in directive.arguments or ():
        if arg.name.value == name:
            return arg.value  # type: ignore[return-value]
    return None


def _string(node: ConstValueNode | None) -> str | None:
    return node.value if isinstance(node, StringValueNode) else None


def _imports(node: ConstValueNode | None) -> dict[str, str]:
    result: dict[str, str] = {}
    if not isinstance(node, ListValueNode):
        return result
    for item in node.values:
        if isinstance(item, StringValueNode):
            result[item.value.lstrip("@")] = item.value.lstrip("@")
        elif isinstance(item, ObjectValueNode):
            fields = {f.name.value: f.value for f in item.fields}
            original = _string(fields.get("name"))
            if original is None:
                continue
            alias = _string(fields.get("as")) or original
            result[alias.lstrip("@")] = original.lstrip("@")
    return result


def linked_specs(document: DocumentNode) -> list[LinkedSpec]:
    """Every spec the schema definition links (`@link(url:)`) or, in Fed 1 supergraphs, declares (`@core(feature:)`)."""
    specs: list[LinkedSpec] = []
    for definition in document.definitions:
        if not isinstance(definition, SchemaDefinitionNode | SchemaExtensionNode):
            continue
        for directive in definition.directives or ():
            url = _string(_arg(directive, "url" if directive.name.value == "link" else "feature"))
            if directive.name.value not in {"link", "core"} or url is None:
                continue
            match = _URL.match(url)
            if match is None:
                continue
            name = match["name"]
            specs.append(
                LinkedSpec(
                    url=url,
                    name=name,
                    version=(int(match["major"]), int(match["minor"])),
                    prefix=_string(_arg(directive, "as")) or name,
                    imports=_imports(_arg(directive, "import")),
                )
            )
    return specs


def find_spec(specs: list[LinkedSpec], name: str) -> LinkedSpec | None:
    """The linked spec called `name` (join, link, inaccessible, ...), if the schema links it."""
    return next((spec for spec in specs if spec.name == name), None)
