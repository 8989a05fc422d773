"""Automatic persisted queries (Apollo's APQ protocol): a client may send only the SHA-256 of a query it sent before.

`extensions.persistedQuery = {version: 1, sha256Hash}`: with the query text, the router checks the hash and
remembers the query; without it, the router answers from memory or with PERSISTED_QUERY_NOT_FOUND (the client then
retries with the text). Memory is a bounded LRU, so nothing grows without limit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from router.server.lru import LRU


class PersistedQueryError(Exception):
    """A persisted-query request the router cannot serve; `code` goes into `extensions.code`."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class PersistedQueries:
    """Query texts by SHA-256 hex digest."""

    def __init__(self, capacity: int) -> None:
        self._queries: LRU[str, str] = LRU(capacity)

    def resolve(self, query: str | None, extensions: Mapping[str, Any]) -> str:
        """The query text to run for a request's `query` and `extensions`."""
        persisted = extensions.get("persistedQuery")
        if persisted is None:
            if query is None:
                raise PersistedQueryError("BAD_REQUEST", "the request has no `query`")
            return query
        if not isinstance(persisted, dict) or persisted.get("version") != 1:
            raise PersistedQueryError("PERSISTED_QUERY_NOT_SUPPORTED", "Unsupported persisted query version.")
        digest = persisted.get("sha256Hash")
        if not isinstance(digest, str):
            raise PersistedQueryError("BAD_REQUEST", "persistedQuery.sha256Hash must be a string")
        digest = digest.lower()
        if query is None:
            known = self._queries.get(digest)
            if known is None:
                raise PersistedQueryError("PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")
            return known
        if hashlib.sha256(query.encode()).hexdigest() != digest:
            raise PersistedQueryError("PERSISTED_QUERY_HASH_MISMATCH", "provided sha does not match query")
        self._queries.put(digest, query)
        return query
