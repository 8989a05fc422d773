"""`registry` (or `python -m registry.cli`): the registry from CI.

    registry publish --graph G --variant V --name wallet --url http://... --schema schema.graphql
    registry check --graph G --variant V --name wallet --schema schema.graphql [--fail-on-breaking]
    registry delete --graph G --variant V --name wallet
    registry operations publish --graph G --variant V --client web --version 1.2.3 --file ops.json [--file ...]
    registry operations retire --graph G --variant V --client web --version 1.0.0   (registry operations list)
    registry supergraph --graph G --variant V [-o FILE]
    registry subgraphs --graph G --variant V          registry history --graph G --variant V [--name N]

`--graph giftgraph@main` works too. The registry comes from `--registry-url` or REGISTRY_URL (default
http://127.0.0.1:4010), the token from `--token` or REGISTRY_TOKEN (in a checkout, `.dev/registry-token` as a last
resort). `--format json` prints the registry's JSON answer. Exit codes: 0 success, 1 the check failed or the publish
was refused (composition errors, bad input), 2 usage, access or connection problems.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from registry.client import RegistryClient, RegistryUnavailableError, Reply
from registry.domain.errors import RegistryInputError
from registry.domain.manifest import read_manifest

DEFAULT_REGISTRY_URL = "http://127.0.0.1:4010"
_DEV_TOKEN = Path(".dev") / "registry-token"


class UsageError(Exception):
    """A problem with the command line or local files (exit 2)."""


def _say(text: str, stream: TextIO | None = None) -> None:
    (stream or sys.stdout).write(text + "\n")


def _read_text(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from exc


def _token(args: argparse.Namespace) -> str | None:
    token: str | None = args.token or os.environ.get("REGISTRY_TOKEN")
    if token:
        return token
    if _DEV_TOKEN.is_file():
        return _DEV_TOKEN.read_text(encoding="utf-8").strip() or None
    return None


def _ref(args: argparse.Namespace) -> tuple[str, str]:
    graph: str = args.graph
    variant: str | None = args.variant
    if "@" in graph:
        graph, _, from_ref = graph.partition("@")
        if variant is not None and variant != from_ref:
            raise UsageError(f"--graph says variant {from_ref!r} but --variant says {variant!r}")
        variant = from_ref
    return graph, variant or "main"


def _ci_metadata(args: argparse.Namespace) -> dict[str, str | None]:
    author = (
        args.author or os.environ.get("GITHUB_ACTOR") or os.environ.get("GITLAB_USER_LOGIN") or os.environ.get("USER")
    )
    commit = args.commit or os.environ.get("GITHUB_SHA") or os.environ.get("CI_COMMIT_SHA")
    return {"author": author, "commit": commit}


def _error_lines(reply: Reply) -> list[str]:
    return [
        f"{(e.get('extensions') or {}).get('code', 'ERROR')}: {e.get('message', '')}"
        for e in reply.body.get("errors") or []
    ]


def _composition_line(error: dict[str, Any]) -> str:
    where = f"[{error['subgraph']}] " if error.get("subgraph") else ""
    at = "".join(f" (line {loc['line']}, column {loc['column']})" for loc in error.get("locations") or [])
    return f"  {error['code']}: {where}{error['message']}{at}"


def _print_json(body: dict[str, Any]) -> None:
    _say(json.dumps(body, indent=2))


def _refused(reply: Reply, as_json: bool) -> int:
    """An answer that is not a success: print it; 1 for refused input, 2 for access and server problems."""
    if as_json:
        _print_json(reply.body)
    else:
        for line in _error_lines(reply) or [f"the registry answered HTTP {reply.status}"]:
            _say(f"error: {line}", sys.stderr)
    return 1 if reply.status in (400, 404, 409, 413, 422) else 2


def cmd_publish(client: RegistryClient, args: argparse.Namespace) -> int:
    graph, variant = _ref(args)
    payload = {"name": args.name, "url": args.url, "sdl": _read_text(args.schema), **_ci_metadata(args)}
    reply = client.publish(graph, variant, payload)
    as_json = args.format == "json"
    if reply.status == 422 and "compositionErrors" in reply.body:
        if as_json:
            _print_json(reply.body)
        else:
            _say(f"Publishing {args.name} to {graph}@{variant} FAILED: composition errors, nothing was published")
            for error in reply.body["compositionErrors"]:
                _say(_composition_line(error))
        return 1
    if reply.status != 200:
        return _refused(reply, as_json)
    if as_json:
        _print_json(reply.body)
        return 0
    body = reply.body
    if body["status"] == "UNCHANGED":
        _say(f"{args.name} on {graph}@{variant} is unchanged (revision {body['revision']}); nothing published")
        return 0
    launch = f"supergraph launch {body['launch']}" if body["supergraphChanged"] else "the supergraph is unchanged"
    _say(f"Published {args.name} revision {body['revision']} to {graph}@{variant}; {launch}")
    for change in body.get("changes") or []:
        _say(f"  {change['severity']:<9} {change['code']}: {change['message']}")
    return 0


def cmd_delete(client: RegistryClient, args: argparse.Namespace) -> int:
    graph, variant = _ref(args)
    reply = client.delete(graph, variant, args.name, _ci_metadata(args))
    as_json = args.format == "json"
    if reply.status == 422 and "compositionErrors" in reply.body:
        if as_json:
            _print_json(reply.body)
        else:
            _say(f"Deleting {args.name} from {graph}@{variant} FAILED: the other subgraphs would not compose")
            for error in reply.body["compositionErrors"]:
                _say(_composition_line(error))
        return 1
    if reply.status != 200:
        return _refused(reply, as_json)
    if as_json:
        _print_json(reply.body)
        return 0
    _say(f"Deleted {args.name} from {graph}@{variant}; supergraph launch {reply.body['launch']}")
    for change in reply.body.get("changes") or []:
        _say(f"  {change['severity']:<9} {change['code']}: {change['message']}")
    return 0


def _print_check(body: dict[str, Any], name: str, ref: str) -> None:
    verdict = "PASSED" if body["ok"] else "FAILED"
    _say(f"Check of {name} against {ref}: {verdict} (check {body.get('id')})")
    errors = body.get("compositionErrors") or []
    if errors:
        _say(f"Composition errors ({len(errors)}):")
        for error in errors:
            _say(_composition_line(error))
    summary = body.get("summary") or {}
    changes = body.get("changes") or []
    if changes:
        _say(
            f"Schema changes ({summary.get('breaking', 0)} breaking, {summary.get('dangerous', 0)} dangerous, "
            f"{summary.get('safe', 0)} safe):"
        )
    for change in changes:
        line = f"  {change['severity']:<9} {change['code']}: {change['message']}"
        affected = change.get("affectedOperations") or []
        if affected:
            users = ", ".join(f"{op['name']} ({', '.join(op['clients'])})" for op in affected)
            line += f" -- used by {users}"
        elif change["severity"] == "BREAKING":
            line += " -- no recorded operation uses it"
        if change.get("blocking"):
            line += " [fails the check]"
        _say(line)
    broken = body.get("brokenOperations") or []
    if broken:
        _say(f"Operations that would stop validating ({len(broken)}):")
        for operation in broken:
            _say(f"  {operation['name']} ({', '.join(operation['clients'])}): {'; '.join(operation['errors'])}")
    if not errors:
        _say(f"Operations checked: {body.get('operationsChecked', 0)}")
    for note in body.get("notes") or []:
        _say(f"Note: {note}")


def cmd_check(client: RegistryClient, args: argparse.Namespace) -> int:
    graph, variant = _ref(args)
    payload: dict[str, Any] = {"name": args.name, "sdl": _read_text(args.schema), **_ci_metadata(args)}
    if args.url:
        payload["url"] = args.url
    if args.fail_on_breaking:
        payload["failOnBreaking"] = True
    reply = client.check(graph, variant, payload)
    if reply.status != 200:
        return _refused(reply, args.format == "json")
    if args.format == "json":
        _print_json(reply.body)
    else:
        _print_check(reply.body, args.name, f"{graph}@{variant}")
    return 0 if reply.body["ok"] else 1


def cmd_operations_publish(client: RegistryClient, args: argparse.Namespace) -> int:
    graph, variant = _ref(args)
    operations: list[dict[str, str]] = []
    try:
        for path in args.file:
            for operation in read_manifest(_read_text(path), path):
                entry = {"document": operation.document}
                if operation.name:
                    entry["name"] = operation.name
                elif not path.endswith(".json"):
                    entry["name"] = Path(path).stem
                operations.append(entry)
    except RegistryInputError as exc:
        raise UsageError(exc.message) from exc
    payload = {"clientName": args.client, "clientVersion": args.version, "operations": operations}
    reply = client.publish_operations(graph, variant, payload)
    if reply.status != 200:
        return _refused(reply, args.format == "json")
    if args.format == "json":
        _print_json(reply.body)
    else:
        _say(
            f"Recorded {reply.body['added']} new operation(s) of {args.client}@{args.version} on {graph}@{variant} "
            f"({reply.body['known']} already known)"
        )
    return 0


def cmd_operations_retire(client: RegistryClient, args: argparse.Namespace) -> int:
    graph, variant = _ref(args)
    reply = client.retire_operations(graph, variant, args.client, args.version)
    if reply.status != 200:
        return _refused(reply, args.format == "json")
    if args.format == "json":
        _print_json(reply.body)
    else:
        _say(f"Retired {reply.body['retired']} operation(s) of {args.client}@{args.version} on {graph}@{variant}")
    return 0


def cmd_operations_list(client: RegistryClient, args: argparse.Namespace) -> int:
    graph, variant = _ref(args)
    reply = client.get(graph, variant, "/operations")
    if reply.status != 200:
        return _refused(reply, args.format == "json")
    if args.format == "json":
        _print_json(reply.body)
        return 0
    for entry in reply.body["clients"]:
        _say(f"{entry['name']}@{entry['version']}: {entry['operations']} operation(s)")
    return 0


def cmd_supergraph(client: RegistryClient, args: argparse.Namespace) -> int:
    graph, variant = _ref(args)
    reply = client.supergraph(graph, variant)
    if reply.status != 200:
        return _refused(reply, args.format == "json")
    sdl = reply.body["text"]
    if args.output:
        Path(args.output).write_text(sdl, encoding="utf-8")
        if args.format == "json":
            _print_json({"file": args.output, "etag": reply.headers.get("etag")})
    elif args.format == "json":
        _print_json({"supergraphSdl": sdl, "etag": reply.headers.get("etag")})
    else:
        sys.stdout.write(sdl)
    return 0


def cmd_subgraphs(client: RegistryClient, args: argparse.Namespace) -> int:
    graph, variant = _ref(args)
    reply = client.get(graph, variant, "/subgraphs")
    if reply.status != 200:
        return _refused(reply, args.format == "json")
    if args.format == "json":
        _print_json(reply.body)
        return 0
    for version in reply.body["subgraphs"]:
        _say(f"{version['name']:<20} r{version['revision']:<4} {version['url']}  {version['createdAt']}")
    return 0


def cmd_history(client: RegistryClient, args: argparse.Namespace) -> int:
    graph, variant = _ref(args)
    tail = f"/subgraphs/{args.name}/history" if args.name else "/history"
    reply = client.get(graph, variant, tail, {"limit": args.limit})
    if reply.status != 200:
        return _refused(reply, args.format == "json")
    if args.format == "json":
        _print_json(reply.body)
        return 0
    for version in reply.body["versions"]:
        who = " ".join(x for x in (version.get("author"), (version.get("commit") or "")[:12]) if x)
        what = "deleted" if version.get("deleted") else version["url"]
        _say(f"{version['createdAt']}  {version['name']} r{version['revision']}  {what}  {who}")
    return 0


def _variant_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--graph", required=True, help="graph name, or graph@variant")
    parser.add_argument("--variant", default=None, help="variant (default: main)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="registry", description="Schema registry client for CI.")
    parser.add_argument("--registry-url", default=None, help="registry base URL (env REGISTRY_URL)")
    parser.add_argument("--token", default=None, help="registry token (env REGISTRY_TOKEN)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for the registry")
    commands = parser.add_subparsers(dest="command", required=True)

    publish = commands.add_parser("publish", help="publish a subgraph schema")
    _variant_arguments(publish)
    publish.add_argument("--name", required=True, help="subgraph name")
    publish.add_argument("--url", required=True, help="routing URL of the subgraph")
    publish.add_argument("--schema", required=True, help="SDL file ('-' for stdin)")
    publish.add_argument("--author", default=None, help="default: GITHUB_ACTOR / GITLAB_USER_LOGIN / USER")
    publish.add_argument("--commit", default=None, help="default: GITHUB_SHA / CI_COMMIT_SHA")
    publish.set_defaults(run=cmd_publish)

    delete = commands.add_parser("delete", help="remove a subgraph from the variant (the rest must compose)")
    _variant_arguments(delete)
    delete.add_argument("--name", required=True, help="subgraph name")
    delete.add_argument("--author", default=None, help="default: GITHUB_ACTOR / GITLAB_USER_LOGIN / USER")
    delete.add_argument("--commit", default=None, help="default: GITHUB_SHA / CI_COMMIT_SHA")
    delete.set_defaults(run=cmd_delete)

    check = commands.add_parser("check", help="check a subgraph schema change (exit 1 when it fails)")
    _variant_arguments(check)
    check.add_argument("--name", required=True, help="subgraph name")
    check.add_argument("--schema", required=True, help="SDL file ('-' for stdin)")
    check.add_argument("--url", default=None, help="routing URL (default: the published one)")
    check.add_argument("--fail-on-breaking", action="store_true", help="fail on any breaking change, used or not")
    check.add_argument("--author", default=None, help="default: GITHUB_ACTOR / GITLAB_USER_LOGIN / USER")
    check.add_argument("--commit", default=None, help="default: GITHUB_SHA / CI_COMMIT_SHA")
    check.set_defaults(run=cmd_check)

    operations = commands.add_parser("operations", help="client operations").add_subparsers(
        dest="operations_command", required=True
    )
    ops_publish = operations.add_parser("publish", help="record a client version's operations")
    _variant_arguments(ops_publish)
    ops_publish.add_argument("--client", required=True, help="client name, e.g. web")
    ops_publish.add_argument("--version", required=True, help="client version, e.g. 1.2.3")
    ops_publish.add_argument(
        "--file", required=True, action="append", help="manifest (.json) or operation (.graphql); repeatable"
    )
    ops_publish.set_defaults(run=cmd_operations_publish)

    ops_retire = operations.add_parser("retire", help="forget a client version no longer in use")
    _variant_arguments(ops_retire)
    ops_retire.add_argument("--client", required=True, help="client name")
    ops_retire.add_argument("--version", required=True, help="client version")
    ops_retire.set_defaults(run=cmd_operations_retire)
    ops_list = operations.add_parser("list", help="client versions with recorded operations")
    _variant_arguments(ops_list)
    ops_list.set_defaults(run=cmd_operations_list)

    supergraph = commands.add_parser("supergraph", help="print or save the variant's supergraph SDL")
    _variant_arguments(supergraph)
    supergraph.add_argument("-o", "--output", default=None, help="write the SDL to this file")
    supergraph.set_defaults(run=cmd_supergraph)

    subgraphs = commands.add_parser("subgraphs", help="list the variant's current subgraphs")
    _variant_arguments(subgraphs)
    subgraphs.set_defaults(run=cmd_subgraphs)

    history = commands.add_parser("history", help="list published versions, newest first")
    _variant_arguments(history)
    history.add_argument("--name", default=None, help="only this subgraph")
    history.add_argument("--limit", type=int, default=50, help="at most this many versions")
    history.set_defaults(run=cmd_history)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code."""
    args = build_parser().parse_args(argv)
    url = args.registry_url or os.environ.get("REGISTRY_URL") or DEFAULT_REGISTRY_URL
    try:
        with RegistryClient(url, _token(args), timeout=args.timeout) as client:
            code: int = args.run(client, args)
            return code
    except (UsageError, RegistryUnavailableError) as exc:
        _say(f"error: {exc}", sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
