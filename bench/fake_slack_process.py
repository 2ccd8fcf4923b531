"""The fake Slack in a process of its own, so it does not slow the benchmark's senders.

    python bench/fake_slack_process.py BOT_TOKEN USERS CHANNEL [--rate-scale S]
    python bench/fake_slack_process.py BOT_TOKEN --people N [--seed 7] [--base-ts T]
        [--due-share 0.3] [--focusing-share 0.05] [--rate-scale S]

The first form makes USERS users (U0000000...) and one channel with them all. The second
makes the fan-out benchmark's workspace (tests/support/fanout.py: make_world, seed_fake).
--rate-scale turns Slack's rate limits on, that many times faster than Slack's
(slack_limits.RateLimits(scale=S)); without it there are none.

Prints its API URL on the first line of stdout; with --people, a second line: JSON
{"dms": {person: DM channel}} for each due person. Then serves until it is terminated
(SIGTERM) and prints one last JSON line: per method {"calls", "ok", "429"}; with --people
instead {"methods": that, "calls": [[seen, method, status, ok, channel], ...], "digests":
[[seen, person, digest id, [ts of each held mention linked]], ...]} (seen: time.monotonic()
when the call was first seen, one clock for every process of the machine).

With --people, it also takes commands on stdin, one JSON object a line, and answers each
with one JSON line: {"do": "mark"} (how many calls so far, and time.monotonic()); a
scripted failure, {"do": NAME, ...keyword arguments} for NAME in SCRIPTS (FakeSlack's
methods of that name); {"do": "wait_calls", "method": M, "count": N, "after": I,
"timeout": S}: wait until N calls of M have been made since call I.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.demo.fake_slack.slack_api import Call, FakeSlack
from bot.demo.fake_slack.slack_limits import RateLimits
from tests.support.fanout import CallTimes, World, digest_posts, make_world, seed_fake

SCRIPTS = frozenset({"rate_limit_next", "http_error_next", "delay_next", "fail_share"})


def per_method(calls: list[Call]) -> dict[str, dict[str, int]]:
    """How many calls of each method, how many were ok, how many answered 429."""
    answered: dict[str, dict[str, int]] = {}
    for call in calls:
        counts = answered.setdefault(call.method, {"calls": 0, "ok": 0, "429": 0})
        counts["calls"] += 1
        counts["ok"] += bool(call.response.get("ok"))
        counts["429"] += call.status == 429
    return answered


def answer(fake: FakeSlack, times: CallTimes, command: dict[str, Any]) -> dict[str, Any]:
    """Carry out one command from stdin."""
    name = command.pop("do", "")
    if name == "mark":
        return {"calls": len(times.look()), "at": time.monotonic()}
    if name in SCRIPTS:
        result = getattr(fake, name)(**command)
        return {"ok": True, "result": result, "calls": len(times.look()), "at": time.monotonic()}
    if name == "wait_calls":
        deadline = time.monotonic() + float(command.get("timeout", 30))
        after = int(command.get("after", 0))
        while time.monotonic() < deadline:
            made = [c for c in times.look()[after:] if c.method == command["method"]]
            if len(made) >= int(command["count"]):
                return {"ok": True, "calls": len(times.look()), "at": time.monotonic()}
            time.sleep(0.01)
        return {"ok": False, "error": "timed out"}
    return {"ok": False, "error": f"unknown command {name!r}"}


def serve_commands(fake: FakeSlack, times: CallTimes) -> None:
    """Answer stdin's commands until it closes."""
    for line in sys.stdin:
        if line.strip():
            try:
                reply = answer(fake, times, json.loads(line))
            except (TypeError, ValueError, KeyError) as error:
                reply = {"ok": False, "error": repr(error)}
            print(json.dumps(reply), flush=True)


def final_report(times: CallTimes, world: World, dms: dict[str, str]) -> dict[str, Any]:
    """The last line's JSON with --people."""
    calls, seen = times.snapshot()
    return {
        "methods": per_method(calls),
        "calls": [
            [at, c.method, c.status, c.ok, str(c.args.get("channel") or "")]
            for at, c in zip(seen, calls, strict=True)
        ],
        "digests": [
            [p.at, p.recipient, p.digest_id, list(p.linked)]
            for p in digest_posts(calls, seen, world, dms)
        ],
    }


def main() -> None:
    """Start the fake, seed it, and wait for SIGTERM."""
    parser = argparse.ArgumentParser()
    parser.add_argument("bot_token")
    parser.add_argument("users", nargs="?", type=int, default=0)
    parser.add_argument("channel", nargs="?", default="")
    parser.add_argument("--people", type=int, default=0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--base-ts", type=int, default=1_700_000_000)
    parser.add_argument("--due-share", type=float, default=0.3)
    parser.add_argument("--focusing-share", type=float, default=0.05)
    parser.add_argument("--rate-scale", type=float, default=0.0)
    args = parser.parse_args()

    fake = FakeSlack(bot_token=args.bot_token)
    fake.start()
    world: World | None = None
    dms: dict[str, str] = {}
    if args.people:
        world = make_world(
            args.people,
            seed=args.seed,
            base_ts=args.base_ts,
            due_share=args.due_share,
            focusing_share=args.focusing_share,
        )
        dms = seed_fake(fake, world)
    else:
        ids = [f"U{n:07d}" for n in range(args.users)]
        for user in ids:
            fake.add_user(user, name=user.lower())
        fake.add_channel(args.channel, name="bench", members=ids)
    if args.rate_scale:
        fake.set_rate_limits(RateLimits(scale=args.rate_scale))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print(fake.api_url, flush=True)
    if world is None:
        stop.wait()
        fake.stop()
        print(json.dumps(per_method(fake.calls)), flush=True)
        return
    times = CallTimes(fake)
    print(json.dumps({"dms": dms}), flush=True)
    threading.Thread(target=serve_commands, args=(fake, times), daemon=True).start()
    stop.wait()
    fake.stop()
    times.stop()
    print(json.dumps(final_report(times, world, dms)), flush=True)


if __name__ == "__main__":
    main()
