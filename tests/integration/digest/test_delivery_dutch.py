"""Each person's digest speaks their language: a Dutch and an English colleague held at the
same time each get theirs in their own language from the one sweep (whose workers are
threads that do not inherit a language), someone Kairos knows no language of gets
KAIROS_LANGUAGE (handed to the sweepers in bot/jobs.py), and a digest resent after a crash
speaks its reader's language too. Through the real gateway and the fake Slack."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.clock import FakeClock
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.digest.service import METADATA_EVENT, deliver_due, record_digest
from bot.focus import repo
from bot.focus.grammar import parse_focus_command
from bot.focus.service import reschedule, run_command
from bot.focus.tables import HeldMention
from bot.i18n.languages import Language
from bot.jobs import all_sweepers
from bot.slack.gateway import SlackGateway

ANOUK, ALEX, NOOR, BOB, ROOM = "U0ANOUK", "U0ALEX", "U0NOOR", "U0BOB", "C0ROOM"
MONDAY_0900_UTC = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
DUTCH_ONE = "Terwijl je aan het focussen was, kwam er 1 vermelding binnen."
DUTCH_TWO = "Terwijl je aan het focussen was, kwamen er 2 vermeldingen binnen."
ENGLISH_ONE = "While you were focusing, 1 mention came in."
ENGLISH_TWO = "While you were focusing, 2 mentions came in."


@pytest.fixture
def fake_slack(fake_slack: FakeSlack) -> FakeSlack:
    for user_id, name in ((ANOUK, "anouk"), (ALEX, "alex"), (NOOR, "noor"), (BOB, "bob")):
        fake_slack.add_user(user_id, name=name, tz="Europe/Amsterdam")
    fake_slack.add_channel(ROOM, name="room", members=[ANOUK, ALEX, NOOR, BOB])
    return fake_slack


def _focusing(uow: UnitOfWork, clock: FakeClock, user_id: str, **said: str | None) -> None:
    """The person focuses for 30 minutes; `said` is their language and Slack locale."""
    with uow() as session:
        person = repo.add_person(
            session, user_id, "Europe/Amsterdam", clock.now(), slack_locale=said.get("locale")
        )
        person.language = said.get("language")
        run_command(session, person, parse_focus_command("now 30m"), clock.now())


def _hold(uow: UnitOfWork, clock: FakeClock, fake: FakeSlack, user_id: str, n: int) -> None:
    ts = f"{clock.now().timestamp() + n:.6f}"
    text = f"<@{user_id}> vraag {n} voor {user_id}"
    fake.add_message(ROOM, user=BOB, text=text, ts=ts)
    with uow() as session:
        session.add(
            HeldMention(
                recipient_id=user_id, sender_id=BOB, channel_id=ROOM, message_ts=ts,
                thread_ts=None, text=text, kind="user", sent_at=clock.now(),
                held_at=clock.now(), status="held",
            )
        )  # fmt: skip
        person = repo.get_person(session, user_id)
        assert person is not None
        reschedule(session, person, clock.now())


def _digests(fake: FakeSlack) -> dict[str, dict[str, Any]]:
    """Each digest DM sent, by whom it is for (read from the mentions it lists)."""
    posts = [
        c.args
        for c in fake.calls_to("chat.postMessage")
        if c.ok and (c.args.get("metadata") or {}).get("event_type") == METADATA_EVENT
    ]
    by_person: dict[str, dict[str, Any]] = {}
    for post in posts:
        body = str(post["blocks"])
        owners = [user for user in (ANOUK, ALEX, NOOR) if f"voor {user}" in body]
        assert len(owners) == 1, body
        assert owners[0] not in by_person, "a second digest for the same person"
        by_person[owners[0]] = post
    return by_person


def _sweep_digests(uow: UnitOfWork, slack: SlackGateway, now: datetime, language: Language) -> Any:
    """The scheduler's "deliver digests" sweeper, as bot/jobs.py makes it."""
    sweepers = {s.name: s for s in all_sweepers(slack, language=language)}
    return sweepers["deliver digests"].run(uow, now)


def _hold_everyone(uow: UnitOfWork, clock: FakeClock, fake: FakeSlack) -> None:
    clock.set(MONDAY_0900_UTC)
    _focusing(uow, clock, ANOUK, language="nl", locale="en-US")  # her choice wins
    _focusing(uow, clock, ALEX, locale="en-GB")
    _focusing(uow, clock, NOOR)  # Kairos knows no language of hers
    for n, user_id in enumerate((ANOUK, ALEX, NOOR, ANOUK)):
        _hold(uow, clock, fake, user_id, n)


def test_a_dutch_and_an_english_colleague_each_get_their_digest_in_their_language(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, slack: SlackGateway
) -> None:
    _hold_everyone(uow, clock, fake_slack)
    clock.advance(timedelta(minutes=31))

    assert _sweep_digests(uow, slack, clock.now(), "en") == 3

    digests = _digests(fake_slack)
    assert set(digests) == {ANOUK, ALEX, NOOR}
    anouk, alex, noor = digests[ANOUK], digests[ALEX], digests[NOOR]
    assert anouk["text"] == DUTCH_TWO
    assert anouk["blocks"][0]["text"]["text"] == DUTCH_TWO
    assert "|Openen>" in str(anouk["blocks"])
    assert "Open>" not in str(anouk["blocks"]).replace("|Openen>", "")
    assert alex["text"] == ENGLISH_ONE
    assert "|Open>" in str(alex["blocks"])
    assert noor["text"] == ENGLISH_ONE  # the workspace speaks English here


def test_someone_without_a_language_gets_kairos_language(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, slack: SlackGateway
) -> None:
    _hold_everyone(uow, clock, fake_slack)
    clock.advance(timedelta(minutes=31))

    assert _sweep_digests(uow, slack, clock.now(), "nl") == 3

    digests = _digests(fake_slack)
    assert digests[NOOR]["text"] == DUTCH_ONE
    assert digests[ALEX]["text"] == ENGLISH_ONE  # his Slack speaks English: so does Kairos
    assert digests[ANOUK]["text"] == DUTCH_TWO


def test_a_digest_resent_after_a_crash_speaks_its_readers_language(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, slack: SlackGateway
) -> None:
    _hold_everyone(uow, clock, fake_slack)
    clock.advance(timedelta(minutes=31))
    # Recorded, then Kairos stopped before sending: the next sweep resends them.
    with uow() as session:
        assert record_digest(session, ANOUK, clock.now()) is not None
        assert record_digest(session, ALEX, clock.now()) is not None

    assert deliver_due(uow, slack, clock.now(), language="en") == 3

    digests = _digests(fake_slack)
    assert digests[ANOUK]["text"] == DUTCH_TWO
    assert digests[ALEX]["text"] == ENGLISH_ONE
    assert ENGLISH_TWO not in str(digests)
