"""Composition errors: every failure carries Apollo's error code, the subgraph it comes from and where."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from graphql.language import Node


@dataclass(frozen=True, slots=True)
class SourceLocation:
    """A 1-based line and column inside one subgraph's SDL."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class CompositionError:
    """One composition error; `code` is Apollo's error code (e.g. `KEY_INVALID_FIELDS`)."""

    code: str
    message: str
    subgraph: str | None = None
    locations: tuple[SourceLocation, ...] = field(default=())

    def to_dict(self) -> dict[str, object]:
        """The JSON shape the CLI prints and the registry stores."""
        return {
            "code": self.code,
            "message": self.message,
            "subgraph": self.subgraph,
            "locations": [{"line": loc.line, "column": loc.column} for loc in self.locations],
        }


def locate(node: Node | None) -> tuple[SourceLocation, ...]:
    """The location of an AST node, if the parser recorded one."""
    if node is None or node.loc is None:
        return ()
    loc = node.loc.start_token
    return (SourceLocation(loc.line, loc.column),)


def error(code: str, message: str, subgraph: str | None = None, node: Node | None = None) -> CompositionError:
    """Shorthand used by the rules."""
    return CompositionError(code, message, subgraph, locate(node))


def quoted(names: Sequence[str]) -> str:
    """`"a"`, `"a" and "b"`, `"a", "b" and "c"`: how Apollo's messages list names."""
    items = [f'"{n}"' for n in names]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def subgraph_list(names: Sequence[str]) -> str:
    return f"subgraph{'s' if len(names) > 1 else ''} {quoted(names)}"


def subgraph_commas(names: Sequence[str]) -> str:
    """`subgraphs "a", "b"`: the list style of type and enum mismatch messages."""
    return f"subgraph{'s' if len(names) > 1 else ''} " + ", ".join(f'"{n}"' for n in names)
