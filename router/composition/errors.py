"""Composition errors: every failure carries Apollo's error code, the subgraph it comes from and where."""

from __future__ import annotations

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
