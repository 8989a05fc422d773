"""Real processes for integration tests: free ports, start a server, wait until it answers, kill it.

Tests never use the fixed development ports (4000-4010): several suites may run at once on one machine. Two things
keep those suites off each other's ports: `free_port()` picks below the kernel's ephemeral range (where every
outgoing connection takes its source port, so a port handed out by the kernel can be taken by a client before the
server binds it) and reserves the port with a lock file every test process on the machine honours for as long as it
lives. `ServerProcess.start()` then checks that the listener answering is its own child's, not a stranger's, and
starts again on another port if the bind failed anyway.
"""

from __future__ import annotations

import fcntl
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx

REPO_ROOT = Path(__file__).resolve().parents[2]
# Ports tests pick from when the ephemeral range leaves room below it (it does by default: 32768-60999).
_LOWEST_PORT = 10_000
_RESERVATIONS = Path(tempfile.gettempdir()) / f"test-ports-{os.getuid()}"
# Lock files of the ports this process reserved: held open (so locked) until the process exits.
_reserved: dict[int, IO[bytes]] = {}
_BIND_FAILURE_MARKERS = (b"address already in use", b"eaddrinuse", b"errno 98")
_START_ATTEMPTS = 3


def _ephemeral_range() -> tuple[int, int]:
    try:
        low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
        return int(low), int(high)
    except (OSError, ValueError):
        return 32768, 60999


def _bindable(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # As a server would bind it (uvicorn and Node set SO_REUSEADDR): TIME_WAIT leftovers do not count.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _reserve(port: int) -> bool:
    """Take the machine-wide reservation of `port` for this process, if no other test process holds it."""
    _RESERVATIONS.mkdir(exist_ok=True)
    handle = (_RESERVATIONS / f"{port}.lock").open("ab")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return False
    _reserved[port] = handle
    return True


def free_port() -> int:
    """A port nobody listens on, outside the ephemeral range, reserved for this test process."""
    low, _high = _ephemeral_range()
    if low - _LOWEST_PORT >= 1000:
        for _ in range(200):
            port = random.randrange(_LOWEST_PORT, low)
            # Reserved first, then checked: once reserved, no other test process can take it in between.
            if port not in _reserved and _reserve(port) and _bindable(port):
                return port
    # No room below the ephemeral range: let the kernel pick (start() still retries a lost race).
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        fallback: int = sock.getsockname()[1]
        return fallback


def _listening_inodes(port: int) -> set[str]:
    """Socket inodes listening on `port` (any address), from /proc/net/tcp{,6}."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 9 and fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(fields[9])
    return inodes


def _process_tree(pid: int) -> list[int]:
    """`pid` and its descendants (a server may listen from a worker child)."""
    tree, queue = [], [pid]
    while queue:
        current = queue.pop()
        tree.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                queue.extend(int(child) for child in (task / "children").read_text().split())
            except OSError:
                continue
    return tree


def _listens(pid: int, port: int) -> bool | None:
    """Whether `pid` (or a descendant) holds the listener on `port`; None where /proc cannot tell."""
    if not Path("/proc/net/tcp").exists():
        return None
    wanted = {f"socket:[{inode}]" for inode in _listening_inodes(port)}
    for member in _process_tree(pid):
        for fd in Path(f"/proc/{member}/fd").glob("*"):
            try:
                if str(fd.readlink()) in wanted:
                    return True
            except OSError:
                continue
    return False


# Log files of every server this test process started, for failure reports (tests/conftest.py).
_logs: dict[Path, None] = {}


def server_logs_written_since(moment: float, tail_bytes: int = 6000) -> list[tuple[Path, str]]:
    """The end of each server log (of this test process) written to since `moment` (a `time.time()`)."""
    found = []
    for path in _logs:
        try:
            if path.stat().st_mtime < moment:
                continue
            with path.open("rb") as log:
                log.seek(max(0, path.stat().st_size - tail_bytes))
                found.append((path, log.read().decode(errors="replace")))
        except OSError:
            continue
    return found


class PortTakenError(RuntimeError):
    """The server could not bind its port: another process got it first."""


@dataclass
class ServerProcess:
    """A server started as a child process; `url` is its base URL.

    If its first start loses the port to another process, it starts again on a fresh port: wherever `args` or
    `env` values equal the port number, the new number is put in. (`url` follows; URLs other processes were
    given before the start do not, so callers start a server before handing its `url` around where they can.)
    """

    args: Sequence[str]
    port: int
    env: Mapping[str, str] = field(default_factory=dict)
    ready_path: str = "/health"
    log_path: Path | None = None
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> ServerProcess:
        first_start = self.process is None
        for attempt in range(1, _START_ATTEMPTS + 1):
            try:
                return self._start_once(timeout)
            except PortTakenError:
                if not first_start or attempt == _START_ATTEMPTS or not self._move_to(free_port()):
                    raise
        raise AssertionError("unreachable")

    def _move_to(self, port: int) -> bool:
        """Put `port` wherever the old port number stood in args and env; False if it stood nowhere."""
        old = str(self.port)
        args = [str(port) if arg == old else arg for arg in self.args]
        env = {key: str(port) if value == old else value for key, value in self.env.items()}
        if args == list(self.args) and env == dict(self.env):
            return False
        self.args, self.env, self.port = args, env, port
        return True

    def _log_since(self, offset: int) -> bytes:
        """What this start wrote to the log (the log is appended to across restarts)."""
        if self.log_path is None or not self.log_path.exists():
            return b""
        with self.log_path.open("rb") as log:
            log.seek(offset)
            return log.read()

    def _start_once(self, timeout: float) -> ServerProcess:
        env = {**os.environ, **self.env}
        if self.log_path is not None:
            _logs[self.log_path] = None
        log_start = self.log_path.stat().st_size if self.log_path and self.log_path.exists() else 0
        out = self.log_path.open("ab") if self.log_path else subprocess.DEVNULL
        try:
            self.process = subprocess.Popen(
                list(self.args),
                cwd=REPO_ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            if not isinstance(out, int):
                out.close()  # the child has its own copy
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = self._log_since(log_start).lower()
                if any(marker in log for marker in _BIND_FAILURE_MARKERS):
                    raise PortTakenError(f"{self.args}: port {self.port} taken; log: {self.log_path}")
                raise RuntimeError(f"{self.args} exited with {self.process.returncode}; log: {self.log_path}")
            try:
                answered = httpx.get(self.url + self.ready_path, timeout=1.0).status_code < 500
            except httpx.TransportError:
                answered = False
            # An answer only counts from our own child: a stranger on the port answers while ours fails to bind.
            if answered and _listens(self.process.pid, self.port) is not False:
                return self
            time.sleep(0.1)
        self.stop()
        raise TimeoutError(f"{self.args} did not answer on {self.url}{self.ready_path}; log: {self.log_path}")

    def kill(self) -> None:
        """SIGKILL the whole process group: a crash, not a shutdown."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after a grace period."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


def python_module(module: str, *args: str) -> list[str]:
    """The command line that runs `python -m module args` with this interpreter."""
    return [sys.executable, "-m", module, *args]
