"""The port discipline of test servers: a stranger already on the port is not mistaken for our server (the start
moves to a fresh port), and a port handed out is reserved against every other test process on the machine."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx

from tests.support.processes import ServerProcess, free_port, python_module


def test_a_stranger_on_the_port_is_not_our_server(tmp_path: Path) -> None:
    port = free_port()
    stranger = ServerProcess(
        python_module("http.server", "--bind", "127.0.0.1", "--directory", str(tmp_path), str(port)),
        port,
        ready_path="/",
        log_path=tmp_path / "stranger.log",
    ).start()
    (tmp_path / "ours").mkdir()
    (tmp_path / "ours" / "whose").write_text("ours")
    ours = ServerProcess(
        python_module("http.server", "--bind", "127.0.0.1", "--directory", str(tmp_path / "ours"), str(port)),
        port,
        ready_path="/",
        log_path=tmp_path / "ours.log",
    )
    try:
        ours.start()
        assert ours.port != port and str(ours.port) in ours.args
        assert "Address already in use" in (tmp_path / "ours.log").read_text()  # it lost the bind, then moved
        assert httpx.get(ours.url + "/whose").text == "ours"
    finally:
        ours.stop()
        stranger.stop()


def test_a_port_handed_out_is_reserved_against_other_test_processes() -> None:
    port = free_port()
    other = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from tests.support.processes import _reserve; print(_reserve(int(sys.argv[1])))",
            str(port),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert other.stdout.strip() == "False"
    assert free_port() != port
