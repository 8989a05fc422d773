"""`python -m subgraphs.shared.devtoken --sub alice --scope "wallet:credit staff"`: print a development token.

Signed with the development secret in `.dev/jwt-secret` (created if missing), issuer "giftgraph-dev", audience
"giftgraph", valid for 12 hours. Scopes go in the space-separated `scope` claim; staff is the scope `staff`;
`--service` marks a service token (`"service": true`). `make token SUB=alice SCOPE="..."` calls this.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from subgraphs.shared.devsecret import ensure_dev_secret
from subgraphs.shared.settings import DEFAULT_DEV_DIR, DEV_AUDIENCE, DEV_ISSUER
from subgraphs.shared.tokens import mint_hs256_token


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, mint the token, print it on stdout."""
    parser = argparse.ArgumentParser(prog="devtoken", description="Print a development JWT (HS256).")
    parser.add_argument("--sub", default="alice", help="subject: the user id (default alice)")
    parser.add_argument("--scope", default="", help='space-separated scopes, e.g. "staff wallet:credit"')
    parser.add_argument("--service", action="store_true", help="mark the token as a service token")
    parser.add_argument("--ttl", type=int, default=12 * 3600, help="lifetime in seconds (default 12 h)")
    parser.add_argument("--dev-dir", default=str(DEFAULT_DEV_DIR), help="where jwt-secret lives")
    args = parser.parse_args(argv)

    secret = ensure_dev_secret(Path(args.dev_dir) / "jwt-secret")
    token = mint_hs256_token(
        secret=secret,
        sub=args.sub,
        scopes=args.scope.split(),
        issuer=DEV_ISSUER,
        audience=DEV_AUDIENCE,
        ttl_seconds=args.ttl,
        service=args.service,
    )
    sys.stdout.write(token + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
