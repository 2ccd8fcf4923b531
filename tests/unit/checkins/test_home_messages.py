"""The check-ins section of App Home: the organizer's check-ins with Pause or Resume, Edit
and Stop, their recurring meetings with "Make it async", what is left out counted, in English
and in Dutch, within Slack's limits also next to the largest Home tab there is."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.blocks import MAX_BLOCKS_VIEW
from bot.checkins.home import MAX_SHOWN, CheckInsHome
from bot.checkins.home_messages import checkins_home_section
from bot.checkins.model import Cadence
from bot.checkins.organizer_messages import ACTIVE, PAUSED, ListedCheckIn
from bot.checkins.repo_home import OwnSeries
from bot.demo.fake_slack.slack_messages import block_problems
from bot.i18n import catalog, speaking
from bot.ids import Action
from bot.slack.blocks.home import home_view
from tests.support.english_left import english_left
from tests.support.untranslated import missed, read_texts
from tests.unit.slack.test_home_limits import largest_home
from tests.unit.view_checks import check_blocks, texts

AMS = ZoneInfo("Europe/Amsterdam")
CADENCE = Cadence(frozenset({0, 2}), time(9, 30), "Europe/Amsterdam")
NEXT = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)  # Tue 8 Dec, 10:00 in Amsterdam
# Greek titles: data that reads as neither language.
TITLE = "Συγχρονισμός"


def _checkin(n: int, status: str = ACTIVE) -> ListedCheckIn:
    return ListedCheckIn(str(n), f"{TITLE} {n}", "C0TEAM", CADENCE, status, organizer=True)


def _series(n: int, key: str | None = None) -> OwnSeries:
    return OwnSeries(key or f"series-{n}", f"{TITLE} ω{n}", NEXT)


def _home(checkins: int, series: int, *, total: int = 0) -> CheckInsHome:
    listed = tuple(_checkin(n, PAUSED if n == 1 else ACTIVE) for n in range(min(checkins, 5)))
    shown = tuple(_series(n) for n in range(min(series, 5)))
    return CheckInsHome(listed, checkins + total, shown, series + total, AMS)


def _actions(blocks: list[dict[str, Any]]) -> list[list[str]]:
    found = []
    for block in blocks:
        if block["type"] == "actions":
            found.append([e["action_id"] for e in block["elements"]])
        elif "accessory" in block:
            found.append([block["accessory"]["action_id"]])
    return found


def test_each_check_in_has_its_buttons_and_each_meeting_make_it_async() -> None:
    blocks = checkins_home_section(_home(2, 2))
    check_blocks(blocks)
    said = texts(blocks)
    assert "*Your async check-ins*" in said
    assert f"*{TITLE} 0* in <#C0TEAM>\nMon, Wed at 09:30 (Europe/Amsterdam) · active" in said
    assert "· paused" in said
    assert f"*{TITLE} ω0*\nNext: Tue 8 Dec at 10:00" in said  # in the person's zone
    assert _actions(blocks) == [
        [Action.HOME_CHECKIN_PAUSE, Action.CHECKIN_EDIT, Action.HOME_CHECKIN_STOP],
        [Action.HOME_CHECKIN_RESUME, Action.CHECKIN_EDIT, Action.HOME_CHECKIN_STOP],
        [Action.HOME_MAKE_ASYNC],
        [Action.HOME_MAKE_ASYNC],
    ]
    make_async = [b["accessory"] for b in blocks if "accessory" in b]
    assert [b["value"] for b in make_async] == ["series-0", "series-1"]
    assert make_async[0]["text"]["text"] == "Make it async"
    stop = blocks[2]["elements"][2]
    assert stop["confirm"]["title"]["text"] == "Stop this check-in?"
    assert "…and" not in said  # nothing left out


def test_what_is_not_shown_is_counted() -> None:
    blocks = checkins_home_section(_home(5, 5, total=3))
    said = texts(blocks)
    assert "…and 3 more: `/kairos async` lists them all." in said
    assert said.endswith("…and 3 more.")


def test_only_meetings_or_only_check_ins_show_only_their_part() -> None:
    meetings = texts(checkins_home_section(_home(0, 1)))
    assert "*Your recurring meetings*" in meetings
    assert "*Your async check-ins*" not in meetings
    checkins = texts(checkins_home_section(_home(1, 0)))
    assert "*Your async check-ins*" in checkins
    assert "recurring meetings" not in checkins


def test_with_nothing_to_show_it_says_how_meetings_get_here() -> None:
    blocks = checkins_home_section(_home(0, 0))
    assert len(blocks) == 1
    assert "None yet. The recurring meetings you organize show up here" in texts(blocks)
    assert _actions(blocks) == []


def test_a_series_key_too_long_for_a_button_is_left_out() -> None:
    home = CheckInsHome((), 0, (_series(1, "k" * 2001), _series(2, "k" * 2000)), 2, AMS)
    blocks = checkins_home_section(home)
    assert [b["accessory"]["value"] for b in blocks if "accessory" in b] == ["k" * 2000]


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_largest_section_next_to_the_largest_home_tab_keeps_to_slacks_limits(
    language: str,
) -> None:
    long_title = "Ω&<>" * 100
    home = CheckInsHome(
        tuple(
            ListedCheckIn(str(10**17 + n), long_title, "C0TEAM", CADENCE, ACTIVE, True)
            for n in range(MAX_SHOWN)
        ),
        99,
        tuple(OwnSeries("k" * 512, long_title, NEXT) for _ in range(MAX_SHOWN)),
        99,
        ZoneInfo("America/Argentina/ComodRivadavia"),
    )
    with speaking(language):
        section = checkins_home_section(home)
        sections = largest_home("delivered")
        sections.insert(3, section)
        view = home_view(sections)
    assert len(section) == 1 + 2 * MAX_SHOWN + 1 + 1 + MAX_SHOWN + 1
    # Nothing was cut: the help button is still last.
    assert sum(len(s) + 1 for s in sections) + 2 == len(view["blocks"]) <= MAX_BLOCKS_VIEW
    assert view["blocks"][-1]["elements"][0]["action_id"] == Action.HOME_SHOW_HELP
    assert block_problems(section, limit=MAX_BLOCKS_VIEW, pointer="/view/blocks") == []
    check_blocks(section)


def test_the_dutch_section_keeps_no_english_sentence() -> None:
    for home in (_home(6, 6), _home(0, 0)):
        english = texts(checkins_home_section(home))
        with speaking("nl"):
            dutch = texts(checkins_home_section(home))
        assert english_left(english, dutch, 4, leave_out=(TITLE, "Europe/Amsterdam")) == []
    with speaking("nl"):
        dutch = texts(checkins_home_section(_home(6, 6)))
    for words in (
        "*Jouw async check-ins*",
        "Aanpassen",
        "Maak het async",
        "Volgende keer",
        "…en nog 1",
    ):
        assert words in dutch


def test_every_word_of_the_section_comes_from_the_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalog, "_catalogs", catalog.Catalogs(pseudo=True))
    for home in (_home(6, 6), _home(0, 0)):
        with speaking("nl"):
            blocks = checkins_home_section(home)
        assert missed(read_texts({"blocks": blocks})) == {}
