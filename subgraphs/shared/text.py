"""Free text from clients (reasons, notes, references): trimmed, present when required, bounded. Pure."""

from __future__ import annotations

from subgraphs.shared.errors import InvalidInputError

#: The longest reason or note kept with a ledger entry.
MAX_REASON_LENGTH = 500


def clean_text(value: str | None, *, field: str, max_length: int = MAX_REASON_LENGTH, required: bool) -> str | None:
    """Trim free text and enforce presence and length; blank optional text becomes None."""
    if value is None or not value.strip():
        if required:
            raise InvalidInputError(f"{field} must not be empty", field=field)
        return None
    value = value.strip()
    if len(value) > max_length:
        raise InvalidInputError(f"{field} is longer than {max_length} characters", field=field)
    return value
