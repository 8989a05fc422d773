"""Entity ids: random UUID4s in canonical text form, and the validation of ids given by clients. Pure."""

from __future__ import annotations

import uuid

from subgraphs.shared.errors import DomainError


class InvalidIdError(DomainError):
    """An id that is not even well-formed."""

    code = "INVALID_ID"


def new_id() -> str:
    """A fresh random id (UUID4, canonical text form)."""
    return str(uuid.uuid4())


def parse_id(value: object, *, field: str) -> str:
    """Validate an id given by a client: a canonical UUID, else `InvalidIdError`."""
    if not isinstance(value, str) or len(value) > 64:
        raise InvalidIdError(f"{field} is not a valid id", field=field)
    try:
        parsed = uuid.UUID(value)
    except (ValueError, TypeError, AttributeError):
        raise InvalidIdError(f"{field} is not a valid id", field=field) from None
    if str(parsed) != value.lower():
        raise InvalidIdError(f"{field} is not a valid id", field=field)
    return str(parsed)
