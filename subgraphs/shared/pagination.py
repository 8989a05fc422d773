"""Relay-style cursor pagination (forward: `first` / `after`). Pure.

Cursors are opaque to clients: URL-safe base64 of a small JSON array `[namespace, key...]`. The namespace stops a
cursor of one connection being replayed against another. Keys are the keyset position (e.g. a sequence number), so
pages stay stable while rows are appended; each connection names the shape of its keys (`CursorShape`), so a forged
cursor of the right namespace is still INVALID_PAGINATION, never an error deep in a query. `first` is bounded
(default 20, at most 100): limits come before work.
Repositories fetch `first + 1` rows after the position; `build_page` trims the extra row into `has_next_page`.
A connection under many parents in one response (every wallet's ledger) is loaded by `PageSlice` DataLoader keys,
grouped by `answer_slices` so one statement serves all the parents that ask for the same page.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from subgraphs.shared.errors import DomainError

T = TypeVar("T")

#: A keyset position: the values a cursor encodes.
CursorKey = tuple[int | str, ...]
#: What each key of a connection's cursor is: `int` (a row sequence number, 0 to 2^63-1), `str` (an id), or
#: `datetime` (an ISO-8601 timestamp, kept as its text).
CursorShape = tuple[type[int] | type[str] | type[datetime], ...]

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
_MAX_CURSOR_LENGTH = 512
_MAX_SEQ = 2**63 - 1


class InvalidPaginationError(DomainError):
    """`first` out of range or a cursor that this connection did not issue."""

    code = "INVALID_PAGINATION"


def encode_cursor(namespace: str, key: CursorKey) -> str:
    """An opaque cursor for `key` in `namespace`."""
    raw = json.dumps([namespace, *key], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _fits(part: int | str, kind: type[int] | type[str] | type[datetime]) -> bool:
    if kind is int:
        return isinstance(part, int) and 0 <= part <= _MAX_SEQ
    if kind is datetime:
        try:
            return isinstance(part, str) and datetime.fromisoformat(part) is not None
        except ValueError:
            return False
    return isinstance(part, str)


def decode_cursor(namespace: str, cursor: str, shape: CursorShape | None = None) -> CursorKey:
    """The key a cursor of `namespace` encodes (of `shape`, when given); `InvalidPaginationError` otherwise."""
    if not isinstance(cursor, str) or not cursor or len(cursor) > _MAX_CURSOR_LENGTH:
        raise InvalidPaginationError("invalid cursor", field="after")
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise InvalidPaginationError("invalid cursor", field="after") from exc
    if not isinstance(value, list) or len(value) < 2 or value[0] != namespace:
        raise InvalidPaginationError("invalid cursor", field="after")
    key = value[1:]
    if not all(isinstance(part, int | str) and not isinstance(part, bool) for part in key):
        raise InvalidPaginationError("invalid cursor", field="after")
    if shape is not None and (len(key) != len(shape) or not all(map(_fits, key, shape))):
        raise InvalidPaginationError("invalid cursor", field="after")
    return tuple(key)


@dataclass(frozen=True, slots=True)
class PageRequest:
    """A validated request for one page: how many rows, after which position."""

    namespace: str
    first: int
    after: CursorKey | None


def page_request(
    namespace: str,
    first: int | None,
    after: str | None,
    *,
    default: int = DEFAULT_PAGE_SIZE,
    maximum: int = MAX_PAGE_SIZE,
    shape: CursorShape | None = None,
) -> PageRequest:
    """Validate `first`/`after` (against the connection's cursor `shape`) before any query runs."""
    size = default if first is None else first
    if type(size) is not int or size < 0 or size > maximum:
        raise InvalidPaginationError(f"first must be between 0 and {maximum}", field="first")
    position = None if after is None else decode_cursor(namespace, after, shape)
    return PageRequest(namespace=namespace, first=size, after=position)


@dataclass(frozen=True, slots=True)
class PageSlice:
    """One parent's page of a connection, as a DataLoader key; `filter` is the connection's own argument, if any."""

    parent_id: str
    first: int
    after: CursorKey | None
    filter: Hashable = None

    @classmethod
    def of(cls, parent_id: str, request: PageRequest, filter: Hashable = None) -> PageSlice:
        """The slice a validated page request asks for."""
        return cls(parent_id, request.first, request.after, filter)


def answer_slices(
    slices: Sequence[PageSlice], fetch: Callable[[list[str], PageSlice], Mapping[str, list[T]]]
) -> list[list[T]]:
    """The `first + 1` rows of each slice, in order: one `fetch(parent_ids, shape)` per distinct page shape
    (`first`, `after`, `filter`), which is usually one for a whole response."""
    shapes: dict[tuple[int, CursorKey | None, Hashable], list[str]] = {}
    for wanted in slices:
        shapes.setdefault((wanted.first, wanted.after, wanted.filter), []).append(wanted.parent_id)
    found: dict[PageSlice, list[T]] = {}
    for (first, after, filter_), parent_ids in shapes.items():
        shape = PageSlice("", first, after, filter_)
        rows = fetch(sorted(set(parent_ids)), shape)
        for parent_id in parent_ids:
            found[PageSlice(parent_id, first, after, filter_)] = list(rows.get(parent_id, []))
    return [found[wanted] for wanted in slices]


@dataclass(frozen=True, slots=True)
class Edge(Generic[T]):
    """One item and its cursor."""

    cursor: str
    node: T


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a connection."""

    edges: list[Edge[T]]
    has_next_page: bool
    has_previous_page: bool

    @property
    def start_cursor(self) -> str | None:
        """Cursor of the first edge, if any."""
        return self.edges[0].cursor if self.edges else None

    @property
    def end_cursor(self) -> str | None:
        """Cursor of the last edge, if any."""
        return self.edges[-1].cursor if self.edges else None


def build_page(rows: Sequence[T], request: PageRequest, key_of: Callable[[T], CursorKey]) -> Page[T]:
    """Turn `first + 1` fetched rows into a page (the extra row only signals that there is more)."""
    visible = rows[: request.first]
    return Page(
        edges=[Edge(cursor=encode_cursor(request.namespace, key_of(row)), node=row) for row in visible],
        has_next_page=len(rows) > request.first,
        has_previous_page=request.after is not None,
    )
