"""The processes of bench/fanout.py: the simulated Slack in a process of its own (driven over
its stdin, bench/fake_slack_process.py), Kairos replicas, and their memory."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet
from sqlalchemy import select

from bench.machine import cpu_seconds, peak_mb
from bot.db.engine import make_engine
from bot.db.leases import JobLease
from bot.scheduler import SWEEP_LEASE
from tests.support.process import (
    BOT_TOKEN,
    SIGNING_SECRET,
    KairosProcess,
    base_environment,
    free_port,
)


class FakeSlackProcess:
    """bench/fake_slack_process.py with the fan-out workspace."""

    def __init__(self, people: int, seed: int, base_ts: int, rate_scale: float) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(Path(__file__).with_name("fake_slack_process.py")),
                BOT_TOKEN,
                f"--people={people}",
                f"--seed={seed}",
                f"--base-ts={base_ts}",
                f"--rate-scale={rate_scale}",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.api_url = self.process.stdout.readline().strip()
        self.dms: dict[str, str] = json.loads(self.process.stdout.readline())["dms"]

    def command(self, do: str, **arguments: Any) -> dict[str, Any]:
        """Send one command and return its answer (see fake_slack_process.py)."""
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(json.dumps({"do": do, **arguments}) + "\n")
        self.process.stdin.flush()
        reply: dict[str, Any] = json.loads(self.process.stdout.readline())
        if not reply.get("ok", True):
            raise RuntimeError(f"the simulated Slack refused {do}: {reply}")
        return reply

    def finish(self) -> dict[str, Any]:
        """Stop it; what it answered, as its last line says."""
        self.process.terminate()
        out = self.process.communicate(timeout=120)[0].strip().splitlines()
        report: dict[str, Any] = json.loads(out[-1])
        return report


class Replica:
    """One `kairos run --http` (with its HTTP worker processes)."""

    def __init__(self, api_url: str, database_url: str, settings: dict[str, str]) -> None:
        self.port = free_port()
        env = base_environment(
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=api_url,
            DATABASE_URL=database_url,
            **settings,
        )
        self.kairos = KairosProcess(["run", "--http", "--port", str(self.port)], env, Path.cwd())
        self.kairos.wait_healthy(self.port, timeout=120)
        self.peaks: dict[int, float] = {}
        self._cpu: dict[int, float] = {}

    @property
    def events_url(self) -> str:
        """Where Slack posts events."""
        return f"http://127.0.0.1:{self.port}/slack/events"

    def pids(self) -> list[int]:
        """The process and its descendants (Linux /proc)."""
        found, queue = [], [self.kairos.process.pid]
        while queue:
            pid = queue.pop()
            found.append(pid)
            try:
                tasks = list(Path(f"/proc/{pid}/task").iterdir())
            except OSError:
                continue
            for task in tasks:
                with contextlib.suppress(OSError):
                    queue += [int(c) for c in (task / "children").read_text().split()]
        return found

    def note_peaks(self) -> None:
        """Remember each process's peak RSS (VmHWM) and CPU time so far, before it stops."""
        for pid in self.pids():
            self.peaks[pid] = max(self.peaks.get(pid, 0.0), peak_mb(str(pid)))
            self._cpu[pid] = max(self._cpu.get(pid, 0.0), cpu_seconds(str(pid)))

    def figures(self) -> list[tuple[float, float]]:
        """(peak RSS in MB, CPU seconds since it started) of each of its processes."""
        return [(self.peaks[pid], self._cpu.get(pid, 0.0)) for pid in self.peaks]

    def cpu(self) -> float:
        """CPU seconds its processes have used, those gone included (as last seen)."""
        if self.kairos.process.poll() is None:
            for pid in self.pids():
                self._cpu[pid] = max(self._cpu.get(pid, 0.0), cpu_seconds(str(pid)))
        return sum(self._cpu.values())

    def kill(self) -> None:
        """kill -9 every process of the replica at once: no shutdown of any kind."""
        self.note_peaks()
        for pid in self.pids():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.kairos.process.wait(30)

    def stop(self) -> None:
        """Note the peaks, stop it, delete its log."""
        if self.kairos.process.poll() is None:
            self.note_peaks()
        self.kairos.cleanup()


def kairos_settings(
    rate_scale: float, sweep_seconds: int, workers: int, log_level: str
) -> dict[str, str]:
    """The settings every replica of one run shares (one encryption key)."""
    return {
        "LOG_LEVEL": log_level,
        "WEB_CONCURRENCY": str(workers),
        "KAIROS_SWEEP_SECONDS": str(sweep_seconds),
        "KAIROS_SLACK_RATE_SCALE": str(rate_scale),
        # Kairos on PostgreSQL refuses to start without one.
        "KAIROS_ENCRYPTION_KEY": Fernet.generate_key().decode(),
    }


def wait_for_sweep_lease(database_url: str, timeout: float = 60.0) -> str:
    """Wait until a replica holds the sweep lease; returns the holder's id."""
    engine = make_engine(database_url)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            with engine.connect() as connection:
                holder = connection.scalar(
                    select(JobLease.holder).where(JobLease.name == SWEEP_LEASE)
                )
            if holder:
                return str(holder)
            time.sleep(0.2)
    finally:
        engine.dispose()
    raise SystemExit("no replica took the sweep lease")
