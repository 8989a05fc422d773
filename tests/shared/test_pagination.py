"""Relay cursor pagination: opaque cursors, bounded pages, cursors of one connection refused by another."""

from __future__ import annotations

import pytest

from subgraphs.shared.pagination import (
    MAX_PAGE_SIZE,
    InvalidPaginationError,
    build_page,
    decode_cursor,
    encode_cursor,
    page_request,
)


def test_cursor_round_trip_and_opacity() -> None:
    cursor = encode_cursor("tx:w1", (42, "abc"))
    assert "42" not in cursor and "tx" not in cursor
    assert decode_cursor("tx:w1", cursor) == (42, "abc")


@pytest.mark.parametrize("cursor", ["", "!!!", "bm90IGpzb24", "W10", "x" * 600, encode_cursor("other", (1,))])
def test_foreign_or_garbage_cursors_are_refused(cursor: str) -> None:
    with pytest.raises(InvalidPaginationError) as info:
        decode_cursor("tx:w1", cursor)
    assert info.value.field == "after"


@pytest.mark.parametrize("first", [-1, MAX_PAGE_SIZE + 1])
def test_page_size_is_bounded(first: int) -> None:
    with pytest.raises(InvalidPaginationError) as info:
        page_request("n", first, None)
    assert info.value.field == "first"


def test_build_page_uses_the_extra_row_as_has_next() -> None:
    rows = list(range(10, 0, -1))
    request = page_request("n", 3, None)
    page = build_page(rows[:4], request, lambda r: (r,))
    assert [e.node for e in page.edges] == [10, 9, 8]
    assert page.has_next_page and not page.has_previous_page
    assert page.end_cursor is not None
    after = page_request("n", 3, page.end_cursor)
    assert after.after == (8,)
    last = build_page([2, 1], page_request("n", 3, encode_cursor("n", (3,))), lambda r: (r,))
    assert not last.has_next_page and last.has_previous_page
    assert build_page([], request, lambda r: (r,)).end_cursor is None
