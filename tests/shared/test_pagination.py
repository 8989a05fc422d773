"""Relay cursor pagination: opaque cursors, bounded pages, cursors of one connection refused by another."""

from __future__ import annotations

from datetime import datetime

import pytest

from subgraphs.shared.pagination import (
    MAX_PAGE_SIZE,
    InvalidPaginationError,
    PageSlice,
    answer_slices,
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


@pytest.mark.parametrize(
    "key",
    [("abc",), (-1,), (2**63,), (1, 2), (), ("2026-01-01T00:00:00+00:00",)],
)
def test_forged_cursors_of_the_right_namespace_must_have_the_connections_shape(key: tuple[int | str, ...]) -> None:
    """A cursor is only base64 JSON: one forged with the right namespace but keys of the wrong kind or range would
    otherwise fail inside the query (an internal error) instead of as INVALID_PAGINATION."""
    forged = encode_cursor("tx:w1", key) if key else "WyJ0eDp3MSJd"  # ["tx:w1"]
    with pytest.raises(InvalidPaginationError) as info:
        page_request("tx:w1", 2, forged, shape=(int,))
    assert info.value.field == "after"


def test_timestamp_and_id_cursors() -> None:
    good = encode_cursor("cards", ("2026-01-01T00:00:00+00:00", "c1"))
    assert page_request("cards", 2, good, shape=(datetime, str)).after == ("2026-01-01T00:00:00+00:00", "c1")
    forged: list[tuple[int | str, ...]] = [("yesterday", "c1"), (5, "c1"), ("2026-01-01T00:00:00+00:00", 7)]
    for key in forged:
        with pytest.raises(InvalidPaginationError):
            page_request("cards", 2, encode_cursor("cards", key), shape=(datetime, str))
    assert page_request("tx", 2, encode_cursor("tx", (2**63 - 1,)), shape=(int,)).after == (2**63 - 1,)


def test_answer_slices_fetches_once_per_page_shape_and_keeps_order() -> None:
    calls: list[tuple[list[str], int, object]] = []

    def fetch(parent_ids: list[str], shape: PageSlice) -> dict[str, list[str]]:
        calls.append((parent_ids, shape.first, shape.filter))
        return {p: [f"{p}/{shape.first}/{shape.filter}"] for p in parent_ids if p != "empty"}

    slices = [
        PageSlice("b", 2, None),
        PageSlice("a", 2, None),
        PageSlice("c", 5, None, "X"),
        PageSlice("empty", 2, None),
    ]
    assert answer_slices(slices, fetch) == [["b/2/None"], ["a/2/None"], ["c/5/X"], []]
    assert calls == [(["a", "b", "empty"], 2, None), (["c"], 5, "X")]
