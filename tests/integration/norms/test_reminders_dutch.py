"""A question's reminder speaks the asked person's language, on SQLite and PostgreSQL: Ana
chose Dutch, Carol has no language Kairos knows of and gets the workspace's."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus import repo as focus_repo
from bot.i18n import speaking
from bot.norms.reminders import remind_due
from bot.slack.gateway import SlackGateway
from tests.integration.norms.asking import ANA, BOB, CAROL, MONDAY, say, ts_at

pytestmark = pytest.mark.usefixtures("room", "norms")
DUE = MONDAY + timedelta(hours=1, minutes=1)
DUTCH = "wacht nog op antwoord (afspraak in het kanaal: binnen 1 werkuur)"
ENGLISH = "is waiting for an answer (the channel's norm: within 1 working hour)"


def _ask_ana_and_carol(uow: UnitOfWork, slack: SlackGateway) -> None:
    """Ana chose Dutch; Bob asks her and Carol; the sweep counts when it is due."""
    with uow() as session:
        ana = focus_repo.add_person(session, ANA, "Europe/Amsterdam", MONDAY)
        ana.language = "nl"
    say(uow, slack, BOB, f"<@{ANA}> <@{CAROL}> could you check the March invoice?", ts_at(MONDAY))
    assert remind_due(uow, slack, MONDAY) == 0


def _dm_texts(fake: FakeSlack, user: str) -> list[str]:
    return [str(m["text"]) for m in fake.messages_in(fake.open_dm(user))]


def test_each_person_is_reminded_in_their_own_language(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack
) -> None:
    _ask_ana_and_carol(uow, slack)
    # The sweep's own thread speaks English: the fan-out's workers choose per person.
    with speaking("en"):
        assert remind_due(uow, slack, DUE) == 2
    (to_ana,) = _dm_texts(room, ANA)
    (to_carol,) = _dm_texts(room, CAROL)
    assert to_ana.startswith("Een vraag aan jou in <#C0ROOM>")
    assert DUTCH in to_ana
    assert ENGLISH not in to_ana
    assert to_carol.startswith("A question for you in <#C0ROOM>")
    assert ENGLISH in to_carol
    dm = room.messages_in(room.open_dm(ANA))
    assert "Alleen jij ziet dit" in str(dm[0]["blocks"])


def test_someone_without_a_language_gets_the_workspaces(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack
) -> None:
    _ask_ana_and_carol(uow, slack)
    assert remind_due(uow, slack, DUE, language="nl") == 2
    (to_carol,) = _dm_texts(room, CAROL)
    assert DUTCH in to_carol
    (to_ana,) = _dm_texts(room, ANA)
    assert DUTCH in to_ana
