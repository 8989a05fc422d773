"""Free text from clients (`shared.text`) and UTC time (`shared.clock`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from subgraphs.shared.clock import as_utc, utc_now
from subgraphs.shared.errors import InvalidInputError
from subgraphs.shared.text import MAX_REASON_LENGTH, clean_text


def test_clean_text_trims_and_turns_blank_optional_text_into_none() -> None:
    assert clean_text("  refund  ", field="reason", required=True) == "refund"
    assert clean_text("   ", field="note", required=False) is None
    assert clean_text(None, field="note", required=False) is None
    assert clean_text("x" * MAX_REASON_LENGTH, field="reason", required=True) == "x" * MAX_REASON_LENGTH


@pytest.mark.parametrize(("value", "max_length"), [(None, 500), ("  ", 500), ("x" * 501, 500), ("abc", 2)])
def test_clean_text_refuses_missing_or_long_text(value: str | None, max_length: int) -> None:
    with pytest.raises(InvalidInputError) as info:
        clean_text(value, field="reason", max_length=max_length, required=True)
    assert info.value.field == "reason"


def test_times_are_aware_utc() -> None:
    assert utc_now().tzinfo is UTC
    naive = datetime(2026, 1, 1, 12, 0)  # what SQLite hands back
    assert as_utc(naive) == datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    aware = datetime(2026, 1, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    assert as_utc(aware) is aware  # already aware: kept as it is (it compares correctly)
