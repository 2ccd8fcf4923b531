"""The machine a benchmark runs on: what it is, and the CPU time and memory its processes use
(Linux /proc; elsewhere the figures that need it fall back or read 0)."""

from __future__ import annotations

import os
import platform
import resource
from pathlib import Path


def describe(cores: int | None) -> str:
    """`machine: <arch>, <cores> cores (<cpu model>), <RAM> GB RAM, Python <version>`."""
    cpus = [line for line in Path("/proc/cpuinfo").read_text().splitlines() if "model name" in line]
    cpu = cpus[0].split(":", 1)[1].strip() if cpus else platform.processor()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"machine: {platform.machine()}, {cores} cores ({cpu}), {memory:.1f} GB RAM, "
        f"Python {platform.python_version()}"
    )


def cpu_seconds(pid: str = "self") -> float:
    """A process's CPU time so far, user and system, all its threads (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # utime and stime are fields 14 and 15 of stat; 12 and 13 after the command's ")".
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU time the whole machine has spent, all cores and processes (/proc/stat's cpu line:
    everything but idle and iowait)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    busy = sum(fields[:8]) - fields[3] - fields[4]  # user..steal, less idle and iowait
    return busy / os.sysconf("SC_CLK_TCK")


def postgres_cpu_seconds() -> float:
    """CPU time of every PostgreSQL process on the machine so far (the throwaway server's
    backends stay up with the connection pool, so a phase's difference is its share)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        if text.split("(", 1)[1].startswith("postgres)"):
            total += cpu_seconds(stat.parent.name)
    return total


def peak_reset(pid: str = "self") -> bool:
    """Start measuring a process's peak RSS afresh (Linux: clear_refs 5 resets VmHWM)."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def peak_mb(pid: str = "self") -> float:
    """A process's peak RSS since the last reset (VmHWM), else since it started."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
