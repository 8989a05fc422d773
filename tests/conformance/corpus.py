"""The differential corpus: operations stored as files under corpus/ (handwritten per feature, and generated).

Each file is one GraphQL document; optional header comments give `# variables: {json}` and `# operationName: X`.
`oracle-bugs.json` lists the few operations where the oracle (Apollo Gateway) is known to answer wrongly: per
operation a reason, `patches` (`path` into `data`, hand-checked `value`), `add_error_paths` (errors the right
answer has and the oracle omits) or `error_paths` (the hand-checked paths replacing the oracle's); the router is
held to the oracle's answer with those corrections.
The string `$UNIQUE` in a document or its variables is replaced per run and target, so mutations that append to a
log start from a fresh log on every server they are sent to.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CORPUS_DIR = Path(__file__).parent / "corpus"
UNIQUE = "$UNIQUE"
ORACLE_BUGS = CORPUS_DIR / "oracle-bugs.json"


@dataclass(frozen=True)
class Operation:
    """One corpus entry: a document, its variables and the operation to run."""

    name: str
    query: str
    variables: dict[str, Any] | None = None
    operation_name: str | None = None

    def body(self, unique: str) -> dict[str, Any]:
        """The GraphQL-over-HTTP request body, with `$UNIQUE` replaced by `unique`."""
        body: dict[str, Any] = {"query": self.query.replace(UNIQUE, unique)}
        if self.variables is not None:
            body["variables"] = json.loads(json.dumps(self.variables).replace(UNIQUE, unique))
        if self.operation_name is not None:
            body["operationName"] = self.operation_name
        return body


def parse_operation(name: str, text: str) -> Operation:
    variables: dict[str, Any] | None = None
    operation_name: str | None = None
    for line in text.splitlines():
        if line.startswith("# variables:"):
            variables = json.loads(line.removeprefix("# variables:"))
        elif line.startswith("# operationName:"):
            operation_name = line.removeprefix("# operationName:").strip()
    return Operation(name, text, variables, operation_name)


def format_operation(operation: Operation) -> str:
    head = ""
    if operation.variables is not None:
        head += "# variables: " + json.dumps(operation.variables, sort_keys=True) + "\n"
    if operation.operation_name is not None:
        head += "# operationName: " + operation.operation_name + "\n"
    return head + operation.query.strip() + "\n"


def load_corpus(directory: Path = CORPUS_DIR) -> list[Operation]:
    """Every operation under `directory`, named `<subdir>/<file stem>`, in a stable order."""
    return [
        parse_operation(f"{path.parent.name}/{path.stem}", path.read_text())
        for path in sorted(directory.glob("*/*.graphql"))
    ]


@dataclass(frozen=True)
class OracleBug:
    """Where the oracle's `data` is known to be wrong for one operation, and the right values."""

    reason: str
    patches: list[tuple[list[str | int], Any]]
    add_error_paths: list[list[str | int]]
    error_paths: list[list[str | int]] | None = None

    def correct(self, answer: dict[str, Any]) -> dict[str, Any]:
        """The oracle's answer with the hand-checked corrections."""
        corrected = {**answer, "data": self.apply(answer.get("data"))}
        errors = list(answer.get("errors") or [])
        if self.error_paths is not None:
            errors = [{"message": "(replaced: oracle-bugs.json)", "path": path} for path in self.error_paths]
        errors += [{"message": "(added: oracle-bugs.json)", "path": path} for path in self.add_error_paths]
        if errors:
            corrected["errors"] = errors
        return corrected

    def apply(self, data: Any) -> Any:
        """The oracle's data with the hand-checked values in place (a copy)."""
        fixed = json.loads(json.dumps(data))
        for path, value in self.patches:
            target = fixed
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = value
        return fixed


def load_oracle_bugs(path: Path = ORACLE_BUGS) -> dict[str, OracleBug]:
    raw: dict[str, Any] = json.loads(path.read_text())
    return {
        name: OracleBug(
            entry["reason"],
            [(p["path"], p["value"]) for p in entry.get("patches", [])],
            list(entry.get("add_error_paths", [])),
            entry.get("error_paths"),
        )
        for name, entry in raw.items()
    }
