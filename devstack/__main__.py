"""`python -m devstack`: run every existing service for development (see the package docstring)."""

from __future__ import annotations

import argparse
import importlib.util
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from types import FrameType

import httpx

from devstack.services import SERVICES, Service
from subgraphs.shared.devsecret import ensure_dev_secret
from subgraphs.shared.settings import DEFAULT_DEV_DIR, REPO_ROOT


def say(text: str) -> None:
    """Write a line for the developer (flushed: the children write to the same terminal)."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _exists(service: Service) -> bool:
    return importlib.util.find_spec(service.module) is not None


def _python(module: str, args: Sequence[str]) -> list[str]:
    return [sys.executable, "-m", module, *args]


def _child_env(service: Service) -> dict[str, str]:
    return {
        **os.environ,
        service.port_variable: os.environ.get(service.port_variable, str(service.port)),
        **service.env,
    }


def _port(service: Service) -> int:
    return int(os.environ.get(service.port_variable, service.port))


def _wait_healthy(service: Service, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    url = f"http://127.0.0.1:{_port(service)}{service.health_path}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{service.name} exited with code {process.returncode}")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{service.name} did not answer on {url}")


def _stop(processes: list[tuple[Service, subprocess.Popen[bytes]]]) -> None:
    for _, process in reversed(processes):
        if process.poll() is None:
            process.terminate()
    for _, process in reversed(processes):
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def main(argv: Sequence[str] | None = None) -> int:
    """Prepare .dev/, migrate, start the services, wait for Ctrl-C."""
    parser = argparse.ArgumentParser(prog="python -m devstack", description="Run the whole system for development.")
    parser.add_argument("--no-serve", action="store_true", help="prepare and migrate, then exit")
    args = parser.parse_args(argv)

    DEFAULT_DEV_DIR.mkdir(parents=True, exist_ok=True)
    ensure_dev_secret(DEFAULT_DEV_DIR / "jwt-secret")
    services = [s for s in SERVICES if _exists(s)]
    for service in services:
        if service.migrate_args is not None:
            say(f"migrating {service.name} ...")
            subprocess.run(
                _python(service.module, service.migrate_args), cwd=REPO_ROOT, env=_child_env(service), check=True
            )
    if args.no_serve:
        return 0

    processes: list[tuple[Service, subprocess.Popen[bytes]]] = []

    def _on_signal(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _on_signal)
    try:
        for service in services:
            process = subprocess.Popen(
                _python(service.module, service.serve_args), cwd=REPO_ROOT, env=_child_env(service)
            )
            processes.append((service, process))
            _wait_healthy(service, process)
        say("\nRunning (Ctrl-C stops everything):")
        for service in services:
            say(f"  {service.name:<10} http://127.0.0.1:{_port(service)}{service.path}")
        entry = next((s for s in services if s.name == "router"), services[0])
        endpoint = f"http://127.0.0.1:{_port(entry)}{entry.path}"
        say(f"\nGraphiQL: open {endpoint} in a browser (add an Authorization header from `make token`).")
        say('A token:  TOKEN=$(make -s token SUB=alice SCOPE="staff")')
        say("Then:     curl -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' \\")
        say('            -d \'{"query":"{ me { id wallets { id balance { amount currency } } } }"}\' \\')
        say(f"            {endpoint}\n")
        while True:
            for service, process in processes:
                if process.poll() is not None:
                    say(f"{service.name} exited with code {process.returncode}; stopping")
                    return 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        say("\nstopping ...")
        return 0
    finally:
        _stop(processes)


if __name__ == "__main__":
    raise SystemExit(main())
