"""The fake Slack in a process of its own, so it does not slow the benchmark's senders.

Prints its API URL on the first line of stdout, then serves until it is terminated; then
prints one JSON line: how many calls of each method it answered, and how many were ok.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.demo.fake_slack.slack_api import FakeSlack


def main() -> None:
    """Start the fake with `users` users and one channel, and wait for SIGTERM."""
    bot_token, users, channel = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    fake = FakeSlack(bot_token=bot_token)
    fake.start()
    ids = [f"U{n:07d}" for n in range(users)]
    for user in ids:
        fake.add_user(user, name=user.lower())
    fake.add_channel(channel, name="bench", members=ids)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print(fake.api_url, flush=True)
    stop.wait()
    fake.stop()
    answered: dict[str, dict[str, int]] = {}
    for call in fake.calls:
        counts = answered.setdefault(call.method, {"calls": 0, "ok": 0})
        counts["calls"] += 1
        counts["ok"] += bool(call.response.get("ok"))
    print(json.dumps(answered), flush=True)


if __name__ == "__main__":
    main()
