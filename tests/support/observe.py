"""What a running Kairos did: the rows in its database, and the errors it logged."""

from __future__ import annotations

import re
import time
from collections import Counter

from sqlalchemy import Engine, select, text

from bot.db.registry import metadata
from tests.e2e.conftest import RunningKairos

# Tables that change by themselves while Kairos runs (the scheduler's lease, the dedupe), and
# the DM channels Slack opened, which a background writer remembers a moment after the
# request that opened one: a copy of Slack's state, not anything a person said.
OWN_BOOKKEEPING = frozenset({"processed_events", "job_leases", "dm_channels"})

WATCHED = [table for table in metadata.sorted_tables if table.name not in OWN_BOOKKEEPING]
# PostgreSQL in one round trip (each row as text): a query per table and mutation would
# cost about half a minute on PostgreSQL over the whole run.
ALL_ROWS = text(
    " UNION ALL ".join(f"SELECT '{t.name}', r::text FROM \"{t.name}\" r" for t in WATCHED)
)


def snapshot(engine: Engine) -> dict[str, list[str]]:
    """Every row of every Kairos table but its own bookkeeping, comparable across calls."""
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            found: dict[str, list[str]] = {table.name: [] for table in WATCHED}
            for name, row in connection.execute(ALL_ROWS):
                found[name].append(row)
            return {name: sorted(rows) for name, rows in found.items()}
        return {
            table.name: sorted(repr(tuple(row)) for row in connection.execute(select(table)))
            for table in WATCHED
        }


def settled(engine: Engine, timeout: float = 10.0) -> None:
    """Wait until the work Kairos does after an ack has finished with the rows it leaves
    for a moment: an @channel stored in the ack is expanded, and its row deleted, after it
    (or, when that fails, kept with its try counted, for the sweep)."""
    deadline = time.monotonic() + timeout
    with engine.connect() as connection:
        while connection.execute(PENDING).first() is not None and time.monotonic() < deadline:
            connection.rollback()  # a fresh snapshot on the next read
            time.sleep(0.05)


PENDING = text("SELECT 1 FROM pending_broadcasts WHERE attempts = 0 LIMIT 1")


_LOG_LINE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d (\w+) ")
_FRAME = re.compile(r'File "[^"]*/(bot/[^"]+)", line (\d+), in (\w+)')


def logged_errors(output: str) -> Counter[str]:
    """Each error, and each record with a traceback (at any level), that Kairos logged: by
    its exception and innermost Kairos frame."""
    found: Counter[str] = Counter()
    records: list[list[str]] = []
    for line in output.splitlines():
        if _LOG_LINE.match(line) or not records:
            records.append([line])
        else:
            records[-1].append(line)  # a traceback or a message's further lines
    for first, *rest in records:
        level = _LOG_LINE.match(first)
        traced = any(line.startswith("Traceback") for line in rest)
        if not traced and (level is None or level[1] not in ("ERROR", "CRITICAL")):
            continue
        frame, exception = "", first.split(": ", 1)[-1][:160]
        for line in rest:
            if match := _FRAME.search(line):
                frame = f"{match[1]}:{match[2]} in {match[3]}"
            elif line and not line.startswith((" ", "Traceback")):
                exception = line[:160]
        found[f"{exception} ({frame or 'no Kairos frame'})"] += 1
    return found


def quiet_output(kairos: RunningKairos, deadline: float) -> str:
    """The process's output once courtesy work beside the acks has stopped writing to it."""
    output, since = kairos.process.output(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = kairos.process.output()
        if now != output:
            output, since = now, time.monotonic()
        elif time.monotonic() - since > 1.0:
            break
    return output
