"""Driving The Guild's composer (tools/node) over a whole corpus in ONE node process."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("compose_oracle.mjs")
PACKAGE = ROOT / "tools/node/node_modules/@theguild/federation-composition"


def available() -> bool:
    return shutil.which("node") is not None and PACKAGE.is_dir()


def run_oracle(cases: list[dict[str, Any]], *, timing: bool = False) -> Any:
    """Compose every case with The Guild's composer; returns its JSON answer."""
    args = ["node", str(SCRIPT), *(["--time"] if timing else [])]
    completed = subprocess.run(args, input=json.dumps(cases).encode(), capture_output=True, check=True, timeout=600)
    return json.loads(completed.stdout)
