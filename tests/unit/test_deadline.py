"""The bounded pool whose queued work can be abandoned, and the single-flight health probe."""

from __future__ import annotations

import asyncio
import threading

from bot.deadline import DeadlinePool, HealthProbe


def test_work_cancelled_while_queued_never_runs() -> None:
    pool = DeadlinePool(1, "test")
    release = threading.Event()
    ran: list[str] = []
    try:
        busy = pool.submit(release.wait)
        queued = pool.submit(lambda: ran.append("queued"))
        assert queued.cancel()  # its caller gave up while it waited for the thread
        after = pool.submit(lambda: ran.append("after"))
        release.set()
        assert busy.result(5) is True
        after.result(5)
        assert ran == ["after"]
    finally:
        release.set()
        pool.shutdown()


def test_a_failure_reaches_the_caller() -> None:
    pool = DeadlinePool(1, "test")
    try:
        future = pool.submit(lambda: 1 // 0)
        assert isinstance(future.exception(5), ZeroDivisionError)
    finally:
        pool.shutdown()


def test_a_hanging_probe_is_shared_and_never_doubled() -> None:
    release = threading.Event()
    started: list[int] = []

    def check() -> bool:
        started.append(1)
        release.wait(10)
        return True

    probe = HealthProbe(check, hang_after=0.2)
    try:
        # Three callers at once, then two more after the probe has hung: one check in all.
        first = asyncio.run(_together(probe, 3))
        assert first == [False, False, False]
        assert probe.healthy_now(wait=5) is False
        assert asyncio.run(probe.healthy()) is False
        assert started == [1]
        release.set()
        # Once the database answers again, the next caller starts a fresh probe.
        assert _eventually(lambda: asyncio.run(probe.healthy()))
        assert len(started) == 2
    finally:
        release.set()
        probe.close()


def test_a_failing_check_is_unhealthy_not_an_error() -> None:
    def check() -> bool:
        raise OSError("connection refused")

    probe = HealthProbe(check, hang_after=5)
    try:
        assert asyncio.run(probe.healthy()) is False
        assert probe.healthy_now(wait=5) is False
    finally:
        probe.close()


async def _together(probe: HealthProbe, count: int) -> list[bool]:
    return list(await asyncio.gather(*(probe.healthy() for _ in range(count))))


def _eventually(condition: object, attempts: int = 50) -> bool:
    # The finished probe is replaced on the next call; allow its thread a moment to finish.
    for _ in range(attempts):
        if condition():  # type: ignore[operator]
            return True
        threading.Event().wait(0.05)
    return False
