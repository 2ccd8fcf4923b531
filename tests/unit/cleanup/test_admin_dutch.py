"""The admin section of App Home and its modals in Dutch: every setting worded in Dutch,
within Slack's limits (titles 24 characters, buttons and options 75), and a Dutch modal
reads back exactly what it shows."""

from __future__ import annotations

import pytest

from bot.cleanup.admin import AdminSettings, SummaryChange, SummarySetting
from bot.cleanup.admin_messages import (
    admin_section,
    focus_day_modal,
    joining_modal,
    read_focus_day,
    read_joining,
    read_summary,
    summary_modal,
)
from bot.cleanup.model import SummarySchedule
from bot.errors import KairosUserError
from bot.i18n import speaking
from bot.workspace.model import ChannelsMode
from tests.unit.cleanup.test_admin_messages import _as_submitted
from tests.unit.view_checks import check_blocks, check_modal, texts

FRIDAY_3PM = SummarySetting("C0TEAM", SummarySchedule(4, 15 * 60, "Europe/Amsterdam"))
MANY = tuple(SummarySetting(f"C{n:04d}", SummarySchedule(n % 7, 600, "UTC")) for n in range(12))


def test_the_section_is_dutch_and_within_slacks_limits() -> None:
    with speaking("nl"):
        blocks = admin_section(AdminSettings(summaries=MANY, focus_day=0, joining_all=False))
        empty = admin_section(AdminSettings(summaries=(), focus_day=None, joining_all=True))
    check_blocks(blocks)
    check_blocks(empty)
    shown = texts(blocks)
    assert "Workspace-instellingen" in shown
    assert "*Weekoverzicht* in <#C0004>\nelke vrijdag om 10:00 (UTC)" in shown
    assert "*Focusdag*\nMaandag" in shown  # a value on its own line starts with a capital
    assert "Alleen de kanalen waarin het is uitgenodigd" in shown
    assert "…en nog 2." in shown
    assert "Wijzigen" in shown
    assert "Change" not in shown
    assert "every" not in shown
    assert "Nog geen enkel kanaal krijgt het weekoverzicht." in texts(empty)
    assert "*Focusdag*\ngeen" in texts(empty)


def test_the_summary_modal_in_dutch_reads_back_what_it_shows() -> None:
    with speaking("nl"):
        view = summary_modal(FRIDAY_3PM)
    check_modal(view)
    assert view["title"]["text"] == "Weekoverzicht"
    shown = texts(view["blocks"])
    assert "Kanaal" in shown
    assert "In je eigen tijdzone." in shown
    day = next(b for b in view["blocks"] if b["block_id"] == "summary_day")["element"]
    assert [o["text"]["text"] for o in day["options"]][:2] == ["Maandag", "Dinsdag"]
    assert day["initial_option"]["text"]["text"] == "Vrijdag"
    change = read_summary(_as_submitted(view), view["private_metadata"])
    assert change == SummaryChange("C0TEAM", 4, 15 * 60, replaces="C0TEAM")


@pytest.mark.parametrize("day", [None, 2])
def test_the_focus_day_modal_in_dutch(day: int | None) -> None:
    with speaking("nl"):
        view = focus_day_modal(day)
    check_modal(view)
    assert view["title"]["text"] == "Focusdag"
    select = view["blocks"][0]["element"]
    assert select["options"][-1]["text"]["text"] == "Geen focusdag"
    assert read_focus_day(_as_submitted(view)) == day


def test_the_joining_modal_in_dutch() -> None:
    with speaking("nl"):
        view = joining_modal(joining_all=True)
    check_modal(view)
    assert view["title"]["text"] == "Kanalen van Kairos"
    shown = texts(view["blocks"])
    assert "Elk openbaar kanaal, en elk nieuw kanaal" in shown
    assert "Kairos houdt alleen vermeldingen vast" in shown
    assert "Private channels" not in shown  # the workspace's sentence is Dutch too
    assert read_joining(_as_submitted(view)) is ChannelsMode.ALL


def test_a_wrong_input_is_explained_in_dutch() -> None:
    values = _as_submitted(summary_modal(None))
    with speaking("nl"), pytest.raises(KairosUserError) as caught:
        read_summary(values, "")
    assert str(caught.value) == "Kies het kanaal voor het overzicht."
