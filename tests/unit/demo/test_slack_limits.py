"""Slack's rate limits as the simulated Slack enforces them: token buckets by tier, bursts,
refill, chat.postMessage's per-conversation and workspace buckets, Retry-After, scale, and the
least time a benchmark's calls can take (minimum_seconds)."""

from __future__ import annotations

import threading

import pytest

from bot.demo.fake_slack.slack_limits import Limiter, RateLimits, minimum_seconds

POST = "chat.postMessage"


class Monotonic:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Monotonic:
    return Monotonic()


def limiter(clock: Monotonic, **limits: float) -> Limiter:
    return Limiter(RateLimits(**limits), monotonic=clock)


def admitted(lim: Limiter, method: str, tier: str, times: int, channel: str | None = None) -> int:
    """How many of `times` calls at this moment were admitted."""
    return sum(lim.admit(method, tier, channel) is None for _ in range(times))


# ---- tiers, bursts and refill


@pytest.mark.parametrize(
    ("tier", "burst", "retry_after"),
    [
        ("t1", 1, 60),  # 1/min: 3 s hold a twentieth of a call, and a bucket holds at least 1
        ("t2", 1, 3),  # 20/min: 3 s hold one call; the next comes 3 s later
        ("t3", 2, 1),  # 50/min: 2.5 calls; the third waits 0.6 s for the half it lacks
        ("t4", 5, 1),  # 100/min: 5 calls; the sixth waits 0.6 s
    ],
)
def test_a_tier_admits_its_burst_then_answers_retry_after(
    clock: Monotonic, tier: str, burst: int, retry_after: int
) -> None:
    lim = limiter(clock)
    assert admitted(lim, "some.method", tier, burst) == burst
    assert lim.admit("some.method", tier, None) == retry_after
    assert lim.refused() == {"some.method": 1}


def test_a_bucket_refills_at_the_tiers_rate(clock: Monotonic) -> None:
    lim = limiter(clock)
    assert lim.admit("users.list", "t2", None) is None
    clock.now += 2.9
    assert lim.admit("users.list", "t2", None) == 1
    clock.now += 0.1
    assert lim.admit("users.list", "t2", None) is None
    # A long pause refills no more than the burst.
    clock.now += 600
    assert admitted(lim, "users.list", "t2", 3) == 1


def test_each_method_has_its_own_bucket(clock: Monotonic) -> None:
    lim = limiter(clock)
    assert admitted(lim, "users.list", "t2", 2) == 1
    assert lim.admit("usergroups.users.list", "t2", None) is None
    assert lim.admit("users.info", "t4", None) is None
    assert lim.refused() == {"users.list": 1}


@pytest.mark.parametrize(("waited", "retry_after"), [(0.0, 3), (1.0, 2), (1.5, 2), (2.95, 1)])
def test_retry_after_is_the_whole_seconds_still_to_wait(
    clock: Monotonic, waited: float, retry_after: int
) -> None:
    lim = limiter(clock)
    lim.admit("users.list", "t2", None)
    clock.now += waited
    assert lim.admit("users.list", "t2", None) == retry_after


def test_special_tier_methods_count_as_tier_4(clock: Monotonic) -> None:
    lim = limiter(clock)
    for method in ("chat.getPermalink", "auth.test", "oauth.v2.access"):
        assert admitted(lim, method, "t5", 6) == 5


def test_methods_without_a_tier(clock: Monotonic) -> None:
    lim = limiter(clock)
    # Known to Slack's docs though missing from the reference files: conversations.list is t2.
    assert admitted(lim, "conversations.list", "", 3) == 1
    # Unknown: not limited.
    assert admitted(lim, "made.up", "", 500) == 500


# ---- chat.postMessage


def test_post_message_is_limited_per_conversation(clock: Monotonic) -> None:
    lim = limiter(clock)
    assert admitted(lim, POST, "t5", 4, channel="C1") == 3
    assert lim.admit(POST, "t5", "C1") == 1
    assert admitted(lim, POST, "t5", 3, channel="C2") == 3
    clock.now += 1.0
    assert admitted(lim, POST, "t5", 2, channel="C1") == 1


def test_post_message_is_limited_across_the_workspace(clock: Monotonic) -> None:
    lim = limiter(clock)
    # 300/min: 15 calls in a burst, each to a conversation of its own, then 5 a second.
    assert admitted(lim, POST, "t5", 15, channel=None) == 15
    assert lim.admit(POST, "t5", "C-new") == 1
    clock.now += 0.2
    assert lim.admit(POST, "t5", "C-new") is None


def test_a_call_refused_by_its_conversation_takes_no_workspace_token(clock: Monotonic) -> None:
    lim = limiter(clock)
    assert admitted(lim, POST, "t5", 3 + 5, channel="C1") == 3  # five refused
    # The workspace bucket lost only the three admitted: 12 remain for other conversations.
    assert sum(lim.admit(POST, "t5", f"C{n}") is None for n in range(100, 120)) == 12


def test_a_call_refused_by_the_workspace_takes_no_conversation_token(clock: Monotonic) -> None:
    lim = limiter(clock, post_workspace_per_minute=60)  # 3 in a burst, then 1 a second
    assert admitted(lim, POST, "t5", 3, channel="C1") == 3
    assert admitted(lim, POST, "t5", 5, channel="C2") == 0
    clock.now += 3.0
    # C2's bucket is still full: all three go, as far as the refilled workspace allows.
    assert admitted(lim, POST, "t5", 4, channel="C2") == 3


def test_retry_after_waits_for_the_slowest_bucket_lacking_a_token(clock: Monotonic) -> None:
    lim = limiter(clock, post_per_channel_per_second=0.25)  # 1 a conversation per 4 s
    assert lim.admit(POST, "t5", "C1") is None
    assert lim.admit(POST, "t5", "C1") == 4
    assert admitted(lim, POST, "t5", 14, channel=None) == 14  # the workspace is empty now
    assert lim.admit(POST, "t5", "C1") == 4  # not the workspace's 0.2 s
    assert lim.admit(POST, "t5", "C2") == 1  # only the workspace lacks


def test_pruning_drops_idle_conversations_and_keeps_busy_ones(clock: Monotonic) -> None:
    lim = limiter(clock, post_workspace_per_minute=60_000)
    for n in range(1_200):
        assert lim.admit(POST, "t5", f"D{n}") is None
    clock.now += 3.0  # every D bucket is full again: as good as new
    assert admitted(lim, POST, "t5", 3, channel="C-busy") == 3
    for n in range(900):
        assert lim.admit(POST, "t5", f"E{n}") is None
    assert lim.admit(POST, "t5", "C-busy") == 1
    assert len(lim._buckets) < 1_000  # the 1,200 idle D buckets are gone


# ---- scale, configuration, threads


def test_scale_speeds_up_refill_but_keeps_the_burst(clock: Monotonic) -> None:
    lim = limiter(clock, scale=10)
    assert admitted(lim, "users.list", "t2", 2) == 1
    assert lim.admit("users.list", "t2", None) == 1  # 0.3 s, at least 1 as Slack sends it
    clock.now += 0.3
    assert admitted(lim, "users.list", "t2", 2) == 1
    slower = limiter(clock, scale=0.5)
    slower.admit("users.list", "t2", None)
    assert slower.admit("users.list", "t2", None) == 6


def test_limits_can_be_tuned(clock: Monotonic) -> None:
    lim = limiter(clock, burst_seconds=30)  # t2: 10 calls in a burst
    assert admitted(lim, "users.list", "t2", 12) == 10
    only_t2 = Limiter(RateLimits(tiers_per_minute={"t2": 20}), monotonic=clock)
    assert admitted(only_t2, "users.info", "t4", 50) == 50


@pytest.mark.parametrize(
    "bad",
    [
        {"scale": 0},
        {"scale": float("inf")},
        {"burst_seconds": -1},
        {"post_per_channel_per_second": float("nan")},
        {"post_workspace_per_minute": 0},
        {"tiers_per_minute": {"t1": 0}},
    ],
)
def test_rate_limits_refuse_rates_that_are_not_above_zero(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="must be above 0"):
        RateLimits(**bad)  # type: ignore[arg-type]


def test_threads_share_one_burst(clock: Monotonic) -> None:
    lim = limiter(clock)
    results: list[int | None] = []
    lock = threading.Lock()

    def caller() -> None:
        for _ in range(50):
            answer = lim.admit("users.info", "t4", None)
            with lock:
                results.append(answer)

    threads = [threading.Thread(target=caller) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(None) == 5
    assert lim.refused() == {"users.info": 395}


# ---- minimum_seconds

TIERS = {"users.list": "t2", "users.info": "t4", "chat.getPermalink": "t5", POST: "t5"}


@pytest.mark.parametrize(
    ("calls", "post_channels", "seconds"),
    [
        ({}, None, 0.0),
        ({"users.info": 5}, None, 0.0),  # one burst
        ({"users.list": 10}, None, 27.0),  # 9 beyond the burst, at 1 per 3 s
        ({"chat.getPermalink": 105}, None, 60.0),  # as t4: 100 beyond 5, at 100/min
        ({"users.list": 4, "users.info": 105}, None, 60.0),  # the slowest bucket
        ({POST: 30}, {"C1": 30}, 27.0),  # one conversation: 27 beyond 3, at 1 a second
        ({POST: 30}, None, 3.0),  # the workspace alone: 15 beyond 15, at 5 a second
        ({POST: 600}, {f"D{n}": 1 for n in range(600)}, 117.0),  # 585 beyond 15, at 5/s
        ({"made.up": 1_000}, None, 0.0),  # no tier: not limited
    ],
)
def test_minimum_seconds(
    calls: dict[str, int], post_channels: dict[str, int] | None, seconds: float
) -> None:
    assert minimum_seconds(RateLimits(), calls, TIERS, post_channels) == pytest.approx(seconds)


def test_minimum_seconds_shrinks_with_scale() -> None:
    faster = minimum_seconds(RateLimits(scale=10), {"users.list": 10}, TIERS)
    assert faster == pytest.approx(2.7)


def test_the_limiter_admits_calls_made_on_the_minimum_schedule(clock: Monotonic) -> None:
    # Four t2 calls need 9 s: one now, then one every 3 s; a call sooner is refused.
    assert minimum_seconds(RateLimits(), {"users.list": 4}, TIERS) == pytest.approx(9.0)
    lim = limiter(clock)
    start = clock.now
    assert lim.admit("users.list", "t2", None) is None
    for n in range(1, 4):
        clock.now = start + 3 * n - 0.01
        assert lim.admit("users.list", "t2", None) == 1
        clock.now = start + 3 * n
        assert lim.admit("users.list", "t2", None) is None
