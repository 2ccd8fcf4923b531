"""my-data on both backends: every row the forget-me scan finds about Alice is in her export,
under its kind, as plain JSON values; no credential is, and nothing of Bob's alone."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.clock import FakeClock
from bot.db.registry import metadata
from bot.db.uow import UnitOfWork
from bot.privacy.export import plain
from bot.privacy.model import SECTIONS, Personal, personal, policies
from bot.privacy.service import export_person
from tests.integration.privacy.scan import Hit, all_rows, hits, key
from tests.integration.privacy.world import ALICE, BOB

pytestmark = pytest.mark.usefixtures("world")


def _exported(export: dict[str, Any], table: str) -> list[dict[str, Any]]:
    policy = policies()[table]
    assert isinstance(policy, Personal), f"{table} is not personal, yet it mentions Alice"
    rows: list[dict[str, Any]] = export["sections"][policy.section]["tables"][table]
    return rows


def _plain_key(hit: Hit) -> tuple[Any, ...]:
    return tuple(plain(value) for value in key(hit.table, hit.row))


def _keys(table: str, rows: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    columns = [column.name for column in metadata.tables[table].primary_key.columns]
    return {tuple(row[name] for name in columns) for row in rows}


def test_the_export_holds_every_row_the_scan_finds(uow: UnitOfWork, clock: FakeClock) -> None:
    found = hits(all_rows(uow), ALICE.needles)
    export = export_person(uow, ALICE.user_id, clock.now())

    missing = [
        (hit.table, key(hit.table, hit.row))
        for hit in found
        if _plain_key(hit) not in _keys(hit.table, _exported(export, hit.table))
    ]
    assert found != []
    assert missing == []
    # Each exported row is as stored, but for the credentials left out.
    for hit in found:
        policy = policies()[hit.table]
        assert isinstance(policy, Personal)
        row = next(
            r for r in _exported(export, hit.table) if _keys(hit.table, [r]) == {_plain_key(hit)}
        )
        hidden = set(policy.secret)
        if ALICE.user_id not in {hit.row[name] for name in policy.user_columns}:
            hidden |= set(policy.for_whom)  # kept for someone else: not whom for
        stored = {name: plain(v) for name, v in hit.row.items() if name not in hidden}
        assert {name: v for name, v in row.items() if name in hit.row} == stored


def test_the_export_is_plain_json_with_who_and_when(uow: UnitOfWork, clock: FakeClock) -> None:
    export = export_person(uow, ALICE.user_id, clock.now())
    assert json.loads(json.dumps(export)) == export  # no default=: plain values only
    assert export["user_id"] == ALICE.user_id
    assert export["exported_at"] == "2026-11-23T09:00:00+00:00"
    assert set(export["sections"]) == set(SECTIONS)
    tables = {t for s in export["sections"].values() for t in s["tables"]}
    assert tables == {p.table for p in personal()}


def test_credentials_are_not_exported_but_said_to_be_there(
    uow: UnitOfWork, clock: FakeClock
) -> None:
    export = export_person(uow, ALICE.user_id, clock.now())
    text = json.dumps(export)
    for secret in (ALICE.feed, ALICE.feed_secret, ALICE.token):
        assert secret not in text
    stored = all_rows(uow)
    for table, column in (
        ("calendar_feeds", "url_encrypted"),
        ("user_connections", "token_encrypted"),
    ):
        for row in stored[table]:
            assert row[column] not in text
    calendar = export["sections"]["calendar"]
    [feed] = calendar["tables"]["calendar_feeds"]
    assert (feed["connected"], feed["host"]) == (True, "calendar.example.com")
    assert "url_encrypted" not in feed
    assert any("works like a password" in note for note in calendar["notes"])
    [connection] = export["sections"]["connect"]["tables"]["user_connections"]
    assert (connection["connected"], connection["scopes"]) == (True, "dnd:write")
    assert "token_encrypted" not in connection


def test_a_message_kept_for_bob_that_mentions_alice_does_not_say_for_whom(
    uow: UnitOfWork, clock: FakeClock
) -> None:
    export = export_person(uow, ALICE.user_id, clock.now())
    mentions = export["sections"]["mentions"]["tables"]["held_mentions"]
    carols = [m for m in mentions if m["sender_id"] == "U0CAROL" and "recipient_id" not in m]
    assert [m["text"] for m in carols] == ["<@U0ALICE> <@U0BOB> please review"]
    assert not {"digest_id", "status", "held_at"} & set(carols[0])


def test_nothing_only_about_bob_is_exported(uow: UnitOfWork, clock: FakeClock) -> None:
    rows = all_rows(uow)
    alices = {(h.table, _plain_key(h)) for h in hits(rows, ALICE.needles)}
    bob_only = [
        (h.table, _plain_key(h))
        for h in hits(rows, BOB.needles)
        if (h.table, _plain_key(h)) not in alices and h.table != "meetings"
    ]
    export = export_person(uow, ALICE.user_id, clock.now())
    leaked = [(table, k) for table, k in bob_only if k in _keys(table, _exported(export, table))]
    assert bob_only != []
    assert leaked == []
    # Meetings: hers are those her calendar shows or that name her; Bob's Team is not.
    titles = {m["title"] for m in export["sections"]["calendar"]["tables"]["meetings"]}
    assert titles == {"Planning", "Roadmap", "Alice Jansen / Bob 1:1"}
