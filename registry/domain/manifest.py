"""Reading persisted-operation manifests in the shapes clients' tooling writes them.

Accepted JSON shapes:
- Apollo's `{"format": "apollo-persisted-query-manifest", "version": 1, "operations": [{"id", "name", "body"}]}`;
- a list (or `{"operations": [...]}`) of `{"name", "document"}` (or `"body"`/`"query"`) objects;
- a `{"<hash>": "<document>"}` map (Relay, GraphQL Code Generator and Hive persisted documents).
A `.graphql` file is one document. Names left out are taken from the document later.
"""

from __future__ import annotations

import json
from typing import Any

from registry.domain.errors import RegistryInputError
from registry.domain.operations import OperationInput

_DOCUMENT_KEYS = ("document", "body", "query")


def _entry(item: Any, where: str) -> OperationInput:
    if not isinstance(item, dict):
        raise RegistryInputError("INVALID_MANIFEST", f"{where}: each operation must be an object")
    document = next((item[k] for k in _DOCUMENT_KEYS if isinstance(item.get(k), str)), None)
    if document is None:
        raise RegistryInputError("INVALID_MANIFEST", f"{where}: an operation needs a `document` (or `body`) string")
    name = item.get("name")
    return OperationInput(name if isinstance(name, str) else "", document)


def read_manifest(text: str, filename: str) -> list[OperationInput]:
    """The operations of one manifest file (JSON shapes above, or a GraphQL document)."""
    if not filename.endswith(".json"):
        return [OperationInput("", text)]
    try:
        loaded = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RegistryInputError("INVALID_MANIFEST", f"{filename}: invalid JSON: {exc}") from exc
    if isinstance(loaded, dict) and isinstance(loaded.get("operations"), list):
        loaded = loaded["operations"]
    if isinstance(loaded, list):
        return [_entry(item, f"{filename}[{index}]") for index, item in enumerate(loaded)]
    if isinstance(loaded, dict) and loaded and all(isinstance(v, str) for v in loaded.values()):
        return [OperationInput("", document) for document in loaded.values()]
    raise RegistryInputError("INVALID_MANIFEST", f"{filename}: not a persisted-operations manifest")
