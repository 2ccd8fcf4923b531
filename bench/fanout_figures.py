"""The figures of bench/fanout.py, from what the simulated Slack saw (its last JSON line)."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Any

from bench.fanout_events import Acks, percentile
from bot.demo.fake_slack.slack_limits import RateLimits, minimum_seconds
from bot.demo.fake_slack.slack_specs import DEFAULT_METHODS_DIR, load_specs
from tests.support.fanout import Post, World, tally

POST_MESSAGE = "chat.postMessage"


@dataclass
class Fault:
    """A fault made during the run: from `began` to `ended` (time.monotonic())."""

    name: str
    began: float = 0.0
    ended: float = 0.0
    detail: str = ""


@dataclass(frozen=True)
class Window:
    """The calls Slack answered from the start of working hours to the last digest."""

    ok: Counter[str]
    rate_limited: Counter[str]
    server_errors: Counter[str]
    post_channels: Counter[str]
    last_error_at: float | None


def window_calls(report: dict[str, Any], start: float, end: float) -> Window:
    """Count the calls seen between start and end (time.monotonic())."""
    ok: Counter[str] = Counter()
    limited: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    channels: Counter[str] = Counter()
    last_error = None
    for at, method, status, answered_ok, channel in report["calls"]:
        if not start <= at <= end:
            continue
        if answered_ok:
            ok[method] += 1
            if method == POST_MESSAGE:
                channels[channel] += 1
        elif status == 429:
            limited[method] += 1
        elif status >= 500:
            errors[method] += 1
            last_error = at
    return Window(ok, limited, errors, channels, last_error)


def limit_bound(scale: float, window: Window, repeated: int) -> float:
    """The least time Slack's limits (as the simulated Slack enforced them) allow for the
    calls that were needed: those answered ok, less digests sent a second time."""
    tiers = {name: spec.rate_tier for name, spec in load_specs(DEFAULT_METHODS_DIR).items()}
    needed = Counter(window.ok)
    needed[POST_MESSAGE] -= repeated
    return minimum_seconds(RateLimits(scale=scale), dict(needed), tiers, window.post_channels)


def posts_of(report: dict[str, Any]) -> list[Post]:
    """The digest DMs Slack received."""
    return [Post(at, who, digest, tuple(linked)) for at, who, digest, linked in report["digests"]]


def counts(counter: Counter[str]) -> str:
    """`method n, method n` by count, or none."""
    return ", ".join(f"{m} {n:,}" for m, n in counter.most_common()) or "none"


def print_figures(
    report: dict[str, Any],
    world: World,
    *,
    start: float,
    scale: float,
    acks: Acks,
    held_from_events: int,
    peaks: dict[str, list[tuple[float, float]]],
    fault: Fault,
) -> None:
    """Print the benchmark's figures."""
    posts = posts_of(report)
    outcome = tally(world, posts)
    if not posts:
        print("no digest was delivered")
        return
    first, last = min(p.at for p in posts) - start, max(p.at for p in posts) - start
    window = window_calls(report, start, start + last)
    least = limit_bound(scale, window, outcome.repeated)
    print(
        f"digests: {outcome.digests:,} delivered to {outcome.due - len(outcome.without_digest):,}"
        f" of {outcome.due:,} due people; the first {first:.1f} s after working hours started,"
        f" the last {last:.1f} s after"
    )
    print(
        f"limit-bound minimum for the same calls: {least:.1f} s; the last digest came at "
        f"{last / least:.2f}x it (target at most 1.1x); counted from the first digest "
        f"(the sweep's pick-up left out): {(last - first) / least:.2f}x"
        if least > 0
        else f"limit-bound minimum for the same calls: 0 s (all within the bursts); {last:.1f} s"
    )
    print(f"calls answered ok in that time: {counts(window.ok)}")
    print(f"429s received in that time: {sum(window.rate_limited.values()):,} "
          f"({counts(window.rate_limited)}); 5xx: {counts(window.server_errors)}")  # fmt: skip
    print(
        f"held mentions: {outcome.held:,}; lost {outcome.lost}, duplicated {outcome.duplicated}"
        f" (target 0 and 0); digest DMs sent twice: {outcome.repeated}; due people without a "
        f"digest: {len(outcome.without_digest)}, with more than one: {len(outcome.with_several)}"
    )
    replayed = acks.mentions + acks.broadcasts
    if replayed:
        print(
            f"events replayed during the fan-out: {len(replayed):,} "
            f"({len(acks.broadcasts)} @channel in the {len(world.people):,}-member channel); "
            f"ack p50 {statistics.median(replayed):.0f} ms, p99 {percentile(replayed, 99):.0f} ms"
            f" (target under 200 ms); without the @channel ones p99 "
            f"{percentile(acks.mentions, 99):.0f} ms; the @channel acks: "
            + ", ".join(f"{v:.0f}" for v in acks.broadcasts)
            + f" ms; first deliveries not acked 200 (0: no answer in 3 s): "
            f"{dict(acks.failed) or 'none'}; delivered again as Slack retries: "
            f"{acks.redelivered}, given up after three retries: {acks.given_up}"
        )
        print(
            f"mentions held from those events: {held_from_events:,} of "
            f"{acks.expected_held(world):,} expected (people in focus they reach)"
        )
    rates = Counter(int((p.at - start - first) // 10) for p in posts)
    print(
        "digests a second, by 10 s from the first: "
        + ", ".join(f"{rates[n] / 10:.0f}" for n in range(max(rates) + 1))
    )
    for name, values in peaks.items():
        ordered = sorted(values, reverse=True)
        memory = ", ".join(f"{rss:.0f}" for rss, _ in ordered)
        cpu = ", ".join(f"{seconds:.0f}" for _, seconds in ordered)
        print(
            f"{name}'s processes: peak RSS {memory} MB (target under 300 MB each); CPU since "
            f"they started {cpu} s"
        )
    if fault.name != "none":
        print_recovery(fault, posts, window, start)


def print_recovery(fault: Fault, posts: list[Post], window: Window, start: float) -> None:
    """How long the digests took to flow again after the fault."""
    ended = fault.ended
    if fault.name == "5xx":
        # A share of calls failed from the start: recovery counts from the last failure.
        fault.began = start
        ended = window.last_error_at if window.last_error_at is not None else start
    after = [p.at for p in posts if p.at > ended]
    print(f"fault: {fault.detail}, {fault.began - start:.1f} s into the fan-out")
    if not after:
        print("recovery: no digest came after the fault")
        return
    print(
        f"recovery: the first digest after it {min(after) - ended:.1f} s after it ended, the "
        f"last {max(after) - fault.began:.1f} s after it began ({len(after):,} digests after it)"
    )
