"""The Pacer on a fake clock: Slack's rates and bursts per method, holds after a 429, scale,
and urgent calls (a request Slack waits for) that never wait for a token.

Sleeping advances the fake clock, so every wait is exact and costs no real time.
"""

from __future__ import annotations

import math
import threading

import pytest

from bot.slack.pacing import Pacer


class FakeTime:
    """A monotonic clock that moves only when someone sleeps on it; safe across threads."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []
        self._lock = threading.Lock()

    def monotonic(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.slept.append(seconds)
            self.now += seconds

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds


@pytest.fixture
def time() -> FakeTime:
    return FakeTime()


def pacer(time: FakeTime, scale: float = 1.0) -> Pacer:
    return Pacer(scale=scale, monotonic=time.monotonic, sleep=time.sleep)


def calls_until(p: Pacer, time: FakeTime, method: str, n: int, channel: str | None = None) -> float:
    """When the n-th call of n back to back may go."""
    for _ in range(n):
        p.wait(method, channel)
    return time.now


def paced_burst(per_minute: float) -> float:
    """Calls a paced caller may make at once: three seconds' worth (at least one), less the
    fifth (rounded down) it leaves to urgent calls."""
    capacity = max(1.0, 3 * per_minute / 60)
    return capacity - math.floor(capacity / 5)


@pytest.mark.parametrize(
    ("method", "per_minute"),
    [
        ("usergroups.users.list", 20),  # Tier 2
        ("conversations.list", 20),
        ("conversations.open", 50),  # Tier 3
        ("conversations.history", 50),
        ("views.publish", 100),  # Tier 4
        ("users.info", 100),
        ("chat.getPermalink", 100),  # special, paced as Tier 4
        ("auth.test", 100),
    ],
)
def test_a_method_bursts_then_keeps_its_tier(
    time: FakeTime, method: str, per_minute: float
) -> None:
    p = pacer(time)
    rate, burst = per_minute / 60, paced_burst(per_minute)
    # A burst goes at once; each call after it waits its turn at the rate.
    assert calls_until(p, time, method, math.floor(burst)) == 0
    n = 40
    assert calls_until(p, time, method, n - math.floor(burst)) == pytest.approx((n - burst) / rate)


def test_an_idle_method_saves_up_one_burst_and_no_more(time: FakeTime) -> None:
    p = pacer(time)
    calls_until(p, time, "views.publish", 20)
    time.advance(3600)
    start = time.now
    assert calls_until(p, time, "views.publish", 4) == start  # Tier 4: 5 in 3 s, one kept
    assert calls_until(p, time, "views.publish", 1) == pytest.approx(start + 0.6)


def test_methods_are_paced_independently(time: FakeTime) -> None:
    p = pacer(time)
    calls_until(p, time, "conversations.history", 30)
    spent = time.now
    assert spent > 0
    # Another method starts with its whole burst, whatever the first one used.
    assert p.wait("views.publish") == 0
    assert p.wait("chat.postEphemeral") == 0
    assert time.now == spent


def test_post_message_is_one_a_second_per_conversation_with_a_burst_of_three(
    time: FakeTime,
) -> None:
    p = pacer(time)
    assert calls_until(p, time, "chat.postMessage", 3, "C1") == 0
    assert p.wait("chat.postMessage", "C1") == pytest.approx(1.0)
    # Another conversation is not held up by the busy one.
    assert p.wait("chat.postMessage", "D2") == 0
    assert calls_until(p, time, "chat.postMessage", 3, "C1") == pytest.approx(4.0)


def test_post_message_is_at_most_300_a_minute_across_the_workspace(time: FakeTime) -> None:
    p = pacer(time)
    # Twelve DMs go at once (fifteen, three seconds' worth of five a second, less the three
    # kept for urgent calls), then five a second.
    for n in range(12):
        assert p.wait("chat.postMessage", f"D{n}") == 0
    assert p.wait("chat.postMessage", "D12") == pytest.approx(0.2)
    for n in range(13, 13 + 50):
        p.wait("chat.postMessage", f"D{n}")
    assert time.now == pytest.approx(51 * 0.2)


def test_a_hold_after_a_429_stops_that_method_only(time: FakeTime) -> None:
    p = pacer(time)
    p.hold("conversations.history", 30)
    assert p.wait("views.publish") == 0
    assert p.wait("chat.postMessage", "D1") == 0
    assert time.now == 0
    assert p.wait("conversations.history") == pytest.approx(30)


def test_a_hold_on_post_message_stops_that_conversation_only(time: FakeTime) -> None:
    p = pacer(time)
    p.hold("chat.postMessage", 20, channel="C1")
    # Every DM, and every other method, goes on.
    for n in range(10):
        assert p.wait("chat.postMessage", f"D{n}") == 0
    assert p.wait("conversations.open") == 0
    assert p.wait("chat.postMessage", "C1") == pytest.approx(20)


def test_after_a_hold_one_call_goes_and_the_rest_follow_at_the_rate(time: FakeTime) -> None:
    p = pacer(time)
    p.hold("views.publish", 10)
    assert p.wait("views.publish") == pytest.approx(10)
    # Not a burst of five on a Slack that just said "slow down": 0.6 s apart.
    assert p.wait("views.publish") == pytest.approx(0.6)
    assert p.wait("views.publish") == pytest.approx(0.6)


def test_a_shorter_hold_does_not_cut_a_longer_one_short(time: FakeTime) -> None:
    p = pacer(time)
    p.hold("users.info", 30)
    p.hold("users.info", 1)
    assert p.wait("users.info") == pytest.approx(30)


def test_an_unknown_method_is_not_paced_but_is_held(time: FakeTime) -> None:
    p = pacer(time)
    assert calls_until(p, time, "bots.info", 100) == 0
    p.hold("bots.info", 5)
    assert p.wait("bots.info") == pytest.approx(5)


@pytest.mark.parametrize("scale", [0.5, 2.0, 10.0])
def test_the_scale_multiplies_every_rate(time: FakeTime, scale: float) -> None:
    p = pacer(time, scale)
    for method, per_minute in (("conversations.list", 20), ("views.update", 100)):
        rate = per_minute / 60 * scale
        burst = paced_burst(per_minute)  # calls, at any scale
        start = time.now
        n = math.floor(burst) + 40
        assert calls_until(p, time, method, n) - start == pytest.approx((n - burst) / rate)
    # One conversation: one message a second, times the scale.
    per_second, burst = scale, 3.0
    start, n = time.now, math.floor(burst) + 10
    assert calls_until(p, time, "chat.postMessage", n, "C1") - start == pytest.approx(
        (n - burst) / per_second
    )


@pytest.mark.parametrize("scale", [0.0, -1.0, math.inf, math.nan])
def test_a_scale_must_be_a_number_above_zero(time: FakeTime, scale: float) -> None:
    with pytest.raises(ValueError, match="above 0"):
        pacer(time, scale)


def test_a_retry_after_is_not_scaled(time: FakeTime) -> None:
    p = pacer(time, 10.0)
    p.hold("users.info", 3)
    assert p.wait("users.info") == pytest.approx(3)


def test_urgent_calls_never_wait_for_a_token_and_paced_ones_pay_their_debt(
    time: FakeTime,
) -> None:
    p = pacer(time)
    # Tier 2 holds one call; a listener's retry a moment later must not wait three seconds.
    for _ in range(5):
        assert p.wait("usergroups.users.list", urgent=True) == 0
    assert time.now == 0
    # The debt is bounded at one burst: a paced call waits for two tokens, six seconds.
    assert p.wait("usergroups.users.list") == pytest.approx(6)


def test_urgent_calls_wait_out_a_hold_all_the_same(time: FakeTime) -> None:
    p = pacer(time)
    p.hold("views.publish", 4)
    assert p.wait("views.publish", urgent=True) == pytest.approx(4)


def test_paced_callers_leave_part_of_a_burst_to_urgent_ones(time: FakeTime) -> None:
    p = pacer(time)
    for n in range(12):
        p.wait("chat.postMessage", f"D{n}")
    # A listener's replies meanwhile go at once, on tokens left for them (no debt):
    before = time.now
    assert p.wait("chat.postMessage", "C0ROOM", urgent=True) == 0
    assert p.wait("chat.postMessage", "C0OTHER", urgent=True) == 0
    # ...so the fan-out's next DM waits for no more than the rate.
    assert p.wait("chat.postMessage", "D12") == pytest.approx(0.2 * 3)
    assert before == 0


def test_paced_callers_still_get_the_whole_rate(time: FakeTime) -> None:
    p = pacer(time)
    for n in range(12 + 100):
        p.wait("chat.postMessage", f"D{n}")
    # Past the (smaller) burst: five a second, as Slack allows.
    assert time.now == pytest.approx(100 / 5)


def test_threads_racing_for_a_burst_get_exactly_the_burst(time: FakeTime) -> None:
    class OutOfTime(Exception):
        pass

    def no_sleep(_seconds: float) -> None:
        raise OutOfTime

    # A clock that never moves: only the four tokens of a Tier 4 burst a paced caller may
    # use can ever be had.
    p = Pacer(monotonic=time.monotonic, sleep=no_sleep)
    start = threading.Barrier(16)
    granted: list[str] = []
    lock = threading.Lock()

    def call() -> None:
        start.wait()
        try:
            p.wait("users.info")
        except OutOfTime:
            return
        with lock:
            granted.append(threading.current_thread().name)

    threads = [threading.Thread(target=call) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(granted) == 4


def test_conversations_idle_again_are_forgotten(time: FakeTime) -> None:
    p = pacer(time)
    for n in range(3000):
        p.wait("chat.postMessage", f"D{n}")
    time.advance(60)
    p.wait("chat.postMessage", "D-last")
    # A conversation forgotten starts again with its burst, as it would have anyway.
    assert p.wait("chat.postMessage", "D0") == 0
    assert len(p._conversations) < 3000
