"""A parse worker: a Python process that parses feed bodies sent to it over a pipe.

ParsePool (pool.py) starts it as `python -c` with this module's `main`, so the
worker imports the parsing code (parse.py) and nothing else; the pool imports this
module only for the pipe's framing (send, receive). A multiprocessing worker would instead
import the parent's `__main__` again, which for `kairos` is the whole bot (Slack, SQLAlchemy,
the web server): about 60 MB more per worker, for code a worker never runs.

The protocol is one request, then one answer, each a pickle with an 8-byte length before
it. A request is (body, window_start, window_end, zone name, leave words); an answer is (True,
ParsedFeed) or (False, the traceback of the failed parse). The pipes are private to the parent, so
unpickling what arrives on them trusts only the parent.
"""

from __future__ import annotations

import gc
import pickle
import signal
import struct
import sys
import traceback
from typing import IO, Any

_LENGTH = struct.Struct("!Q")


class PipeClosedError(EOFError):
    """The other end closed its pipe (it exited, was killed, or is done)."""


def send(stream: IO[bytes], message: Any) -> None:
    """Write one framed message."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(data)))
    stream.write(data)
    stream.flush()


def receive(stream: IO[bytes]) -> Any:
    """Read one framed message; PipeClosedError at the end of the stream."""
    head = _read_exactly(stream, _LENGTH.size)
    (size,) = _LENGTH.unpack(head)
    return pickle.loads(_read_exactly(stream, size))  # noqa: S301 - our own child's pipe


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    data = stream.read(size)
    if data is None or len(data) < size:
        raise PipeClosedError("the pipe closed")
    return data


def main() -> None:
    """Answer requests until the parent closes the pipe."""
    # Ctrl-C in a terminal reaches the whole process group; the parent decides when we stop
    # (it closes the pipe), so the worker neither dies mid-answer nor prints a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # stdout carries answers: a stray print must not corrupt them
    from bot.meetings.ics.parse import parse_feed  # noqa: PLC0415 - after the pipes are set

    # With the default thresholds (700, 10, 10) a feed of bench/calendar_sync.py set off
    # about ten collections, one of them of the middle generation and every seventh feed a
    # full one, which walks every object the worker keeps (its remembered lines included).
    # At these, a feed parses about 10% faster (85 to 76 ms of CPU); the young generations
    # are collected after each feed instead (below).
    gc.freeze()  # what importing made lives as long as the worker: never scan it
    gc.set_threshold(20_000, 20, 20)

    while True:
        try:
            body, window_start, window_end, tz, words = receive(requests)
        except PipeClosedError:
            return
        try:
            parsed = parse_feed(body, window_start, window_end, tz, words)
            answer: tuple[bool, Any] = (True, parsed)
        except Exception:  # raised in the caller, as an executor would
            answer = (False, traceback.format_exc())
        try:
            send(answers, answer)
        except BrokenPipeError:
            return
        # The feed's reference cycles, freed now (while the parent stores what we sent)
        # rather than whenever the raised thresholds come round: the next feed reuses their
        # memory. 400 benchmark feeds in one process: peak growth 55 to 46 MB, and no slower.
        gc.collect(1)
