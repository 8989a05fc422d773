"""Server processes of a run: start one pinned to a core, wait until it answers, stop exactly it.

Each server runs in its own session (process group), so stopping it ends its children too and nothing else.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.gateway.graph import ROOT


def free_port() -> int:
    """A port nobody listens on (never the development ports 4000-4010)."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port: int = sock.getsockname()[1]
        if not 4000 <= port <= 4010:
            return port


def pinned(core: int | None, args: Sequence[str]) -> list[str]:
    """`args` run under `taskset -c core` (all cores when `core` is None)."""
    return ["taskset", "-c", str(core), *args] if core is not None else list(args)


@dataclass
class Server:
    """A child server answering on 127.0.0.1:`port`; `ready_path` answers < 500 once it serves."""

    name: str
    args: Sequence[str]
    port: int
    log: Path
    cwd: Path = ROOT
    env: Mapping[str, str] = field(default_factory=dict)
    ready_path: str = "/health"
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> Server:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                list(self.args),
                cwd=self.cwd,
                env={**os.environ, **self.env},
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}; see {self.log}")
            if self._answers():
                return self
            time.sleep(0.1)
        self.stop()
        raise TimeoutError(f"{self.name} did not answer on {self.url}{self.ready_path}; see {self.log}")

    def send_signal(self, signum: int) -> None:
        """Send `signum` to the server process itself (not its group)."""
        assert self.process is not None
        os.kill(self.process.pid, signum)

    def cpu_seconds(self) -> float:
        """User + system CPU time the server process (all its threads) has used so far."""
        assert self.process is not None
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        # after the command name: state is field 3, utime 14 and stime 15 (1-based over the whole line)
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + self.ready_path, timeout=1.0) as response:
                return int(response.status) < 500
        except urllib.error.HTTPError as error:
            return error.code < 500
        except OSError:
            return False

    def stop(self, grace: float = 10.0) -> int | None:
        """SIGTERM its process group, SIGKILL after `grace` seconds; returns the exit code."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        return self.process.returncode
