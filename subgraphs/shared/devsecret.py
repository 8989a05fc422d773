"""The development HS256 secret: created once at `.dev/jwt-secret`, shared by every service in development.

32 random bytes from `secrets`, hex-encoded; the file is created atomically (O_EXCL) with mode 0600, so two
services starting at once agree on one secret. Never used outside development (settings refuse HS256 there).
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path


def ensure_dev_secret(path: Path) -> str:
    """Return the development secret at `path`, creating it (and its directory) on first use."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return read_dev_secret(path)
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_bytes(32).hex() + "\n")
    return read_dev_secret(path)


def read_dev_secret(path: Path) -> str:
    """Read the secret, waiting briefly if another process has just created the file and not yet written it."""
    for _ in range(50):
        value = path.read_text().strip()
        if value:
            return value
        time.sleep(0.02)
    raise RuntimeError(f"{path} is empty; delete it and start again")
