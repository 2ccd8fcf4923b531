"""Run `kairos` as a real subprocess, as an operator would."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

import httpx

SIGNING_SECRET = "e2e-signing-secret-0123456789"
BOT_TOKEN = "xoxb-e2e-bot-token"
APP_TOKEN = "xapp-e2e-app-token"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def kairos_command() -> list[str]:
    """The installed console script, else the module (same code either way)."""
    script = shutil.which("kairos", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "bot"]


def base_environment(**overrides: str) -> dict[str, str]:
    """The parent's environment without Kairos settings, plus the given ones."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "KAIROS_"))
        and k not in ("DATABASE_URL", "PORT")
        # slack_sdk sends everything through a proxy if one is set, ignoring NO_PROXY, and
        # the fake Slack lives on 127.0.0.1.
        and k.lower() not in ("https_proxy", "http_proxy")
    }
    env.update(overrides)
    return env


class KairosProcess:
    """`kairos run ...` in a subprocess with its output captured to a file."""

    def __init__(self, args: list[str], env: Mapping[str, str], cwd: Path) -> None:
        self._log_file = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in stop()
            prefix="kairos-", suffix=".log", delete=False
        )
        self.process = subprocess.Popen(
            [*kairos_command(), *args],
            env=dict(env),
            cwd=cwd,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )

    def output(self) -> str:
        """Everything the process printed so far."""
        return Path(self._log_file.name).read_text(errors="replace")

    def wait_healthy(self, port: int, timeout: float = 30.0) -> None:
        """Wait until /healthz answers 200, or fail with the process output."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"kairos exited with {self.process.returncode}:\n{self.output()}"
                )
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"kairos did not become healthy in {timeout}s:\n{self.output()}")

    def stop(self, sig: signal.Signals = signal.SIGTERM, timeout: float = 30.0) -> int:
        """Send a signal and wait for the process to exit; returns its exit code."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log_file.close()
        return self.process.returncode

    def cleanup(self) -> None:
        """Stop if still running and delete the log file."""
        self.stop()
        Path(self._log_file.name).unlink(missing_ok=True)


def run_once(
    args: list[str], env: Mapping[str, str], cwd: Path, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run a short kairos command to completion."""
    return subprocess.run(
        [*kairos_command(), *args],
        env=dict(env),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
