"""The weekly summary speaks its channel's language: a channel set to Dutch gets the Dutch
post while a channel without a language gets the workspace's (KAIROS_LANGUAGE, handed to the
sweepers by bot/jobs.py), against real databases and Slack's Web API (a local fake)."""

from __future__ import annotations

from datetime import timedelta

from bot.cleanup.config import Admins, summary_here, summary_state
from bot.cleanup.posting import Summaries, post_due_summaries, preview
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.i18n import speaking
from bot.i18n.languages import Language
from bot.jobs import all_sweepers
from bot.workspace.languages import set_channel_language
from tests.integration.cleanup.summary_setup import (
    ADMIN,
    ALICE,
    BOB,
    DUE,
    MONDAY,
    TEAM,
    add_standups,
    blocks_text,
    summary_here_by,
    top_level_posts,
)

OTHER = "C0OTHER"


def _two_channels(
    s: Summaries, fake: FakeSlack, team: Language | None, other: Language | None
) -> None:
    """#team and #other, each with the weekly summary and the languages asked for."""
    fake.add_channel(OTHER, name="other", members=[ADMIN, ALICE, BOB])
    for channel, language in ((TEAM, team), (OTHER, other)):
        summary_here_by(s, ADMIN, channel)
        with s.uow() as session:
            set_channel_language(session, channel, language, ADMIN, MONDAY)
    add_standups(s.uow, DUE + timedelta(days=3), days=2)


def _post(fake: FakeSlack, channel: str) -> tuple[str, str]:
    (posted,) = top_level_posts(fake, channel)
    return posted["text"], blocks_text(posted)


def test_a_dutch_channel_gets_the_dutch_summary_and_the_default_one_english(
    summaries: Summaries, fake_slack: FakeSlack
) -> None:
    _two_channels(summaries, fake_slack, "nl", None)
    # The sweep runs in no one's language: each post picks its channel's.
    assert post_due_summaries(summaries, DUE) == 2
    text, dutch = _post(fake_slack, TEAM)
    assert text.startswith("Wekelijkse meeting-opruiming: ")
    assert "*Komende 7 dagen: meetings om kritisch naar te kijken*" in dutch
    assert "Daily standup" in dutch  # titles stay as the calendar has them
    assert "Voorstel: Voeg een agenda toe, of maak het async" in dutch
    assert "Kosten van deelnemersuren" in dutch
    assert "Weekly meeting cleanup" not in dutch
    assert "Suggested:" not in dutch
    text, english = _post(fake_slack, OTHER)
    assert text.startswith("Weekly meeting cleanup: ")
    assert "Suggested: Add an agenda, or move it to async" in english
    assert "Wekelijkse" not in english


def test_the_workspace_language_reaches_the_summary_sweep(
    summaries: Summaries, fake_slack: FakeSlack
) -> None:
    _two_channels(summaries, fake_slack, None, "en")
    sweepers = all_sweepers(summaries.slack, summary_options=summaries.options, language="nl")
    (sweep,) = [s for s in sweepers if s.name == "post weekly summaries"]
    assert sweep.run(summaries.uow, DUE) == 2
    assert "Wekelijkse meeting-opruiming" in _post(fake_slack, TEAM)[1]
    assert "Weekly meeting cleanup" in _post(fake_slack, OTHER)[1]


def test_a_preview_shows_what_the_channel_will_read(
    summaries: Summaries, fake_slack: FakeSlack
) -> None:
    _two_channels(summaries, fake_slack, "nl", None)
    with speaking("en"):  # the asker reads English; the channel reads Dutch
        shown = preview(summaries, ADMIN, TEAM, DUE)
    assert shown.message.text.startswith("Wekelijkse meeting-opruiming")


def test_the_summary_settings_answer_in_the_askers_language(summaries: Summaries) -> None:
    with speaking("nl"):
        reply = summary_here(
            summaries.uow, summaries.slack, Admins(frozenset()),
            user_id=ADMIN, channel_id=TEAM, when=(0, 9 * 60 + 30), now=MONDAY,
        )  # fmt: skip
        state = summary_state(summaries.uow, TEAM)
    assert reply.startswith("Klaar. Kairos plaatst het weekoverzicht")
    assert "elke maandag om 09:30 (" in reply
    assert "voor het eerst op ma 30 nov." in reply
    assert state.startswith("Het weekoverzicht komt hier elke maandag om 09:30")
    with speaking("en"):
        assert summary_state(summaries.uow, TEAM).startswith(
            "The weekly summary is posted here every Monday at 09:30"
        )
