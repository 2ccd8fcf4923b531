"""Urgent markers: what marks a message urgent, and what only looks like it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.focus.mentions import DEFAULT_URGENT_MARKERS, is_urgent
from tests.unit.focus.slack_text import slack_text


@pytest.mark.parametrize(
    "text",
    [
        "urgent: the deploy is failing",
        "URGENT <@U1> prod is down",
        "Urgent! Please look",
        "<@U1> this is urgent.",
        "so... URGENT?!",
        "Dringend: server ligt eruit",
        "spoed graag",
        ":rotating_light: checkout broken",
        "checkout broken:rotating_light:",
        ":rotating_light::skin-tone-2: nope, that's not a thing but still the emoji",
        "No, urgent: it really is",
        "it's not fine, this is urgent",
        "`code` and then urgent",
        "see <https://status.test> urgent",
        "first line\nsecond line urgent",
        "&lt;urgent&gt;",
    ],
)
def test_marked_urgent(text: str) -> None:
    assert is_urgent(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no rush",
        "urgently needed by friday",  # a different word: whole words only
        "urgency is relative",
        "not urgent",
        "Not urgent at all",
        "not that urgent",
        "not super urgent, whenever",
        "this isn't urgent",
        "this isnt urgent",
        "nothing urgent",
        "non-urgent question",
        "non urgent question",
        "semi-urgent",
        "urgent-ish",
        "niet dringend",
        "niet zo dringend",
        "nicht dringend",
        "geen spoed",
        "`urgent`",
        "run `deploy --urgent` later",
        "```\nurgent\n```",
        "<https://wiki.test/urgent-process>",
        "<https://wiki.test/process|urgent process>",  # a link's title is not the sender's word
        "join <#C1|urgent-help>",
        "<!subteam^S1|@urgent-responders> fyi",
        "&gt; urgent: from the original message\nwhat is this about?",
        "&gt;&gt;&gt; what they wrote\nurgent: quoted to the end",
        "a :rotating_light_2: lookalike",
        "`:rotating_light:` in code",
    ],
)
def test_not_marked_urgent(text: str) -> None:
    assert not is_urgent(text)


def test_urgent_of_nothing() -> None:
    assert not is_urgent(None)


@pytest.mark.parametrize(
    ("text", "markers", "expected"),
    [
        ("ASAP please", ["asap"], True),
        ("asap please", ["ASAP "], True),
        ("urgent", ["asap"], False),
        ("this is a fire drill", ["fire drill"], True),
        ("this is a fire\n drill", ["fire drill"], True),
        ("fireplace drills", ["fire drill"], False),
        (":fire: oven", [":fire:"], True),
        (":FIRE: oven", [":fire:"], True),
        ("fire", [":fire:"], False),
        ("p0 incident", ["p0"], True),
        ("app0 incident", ["p0"], False),
        ("anything", [], False),
        ("anything", ["", "   "], False),
        ("c++ broke (urgent?)", ["c++"], True),
    ],
)
def test_configurable_markers(text: str, markers: list[str], expected: bool) -> None:
    assert is_urgent(text, markers) is expected


def test_default_markers() -> None:
    assert DEFAULT_URGENT_MARKERS == ("urgent", "dringend", "spoed", ":rotating_light:")


@settings(max_examples=300, deadline=None)
@given(
    text=st.none() | slack_text,
    markers=st.lists(st.text(max_size=8) | st.sampled_from(DEFAULT_URGENT_MARKERS), max_size=4),
)
def test_is_urgent_never_raises(text: str | None, markers: list[str]) -> None:
    assert is_urgent(text, markers) in (True, False)


@settings(max_examples=100, deadline=None)
@given(before=st.sampled_from(["", "hey ", "<@U1> ", "ok. "]), after=slack_text)
def test_a_leading_marker_always_counts(before: str, after: str) -> None:
    # Nothing after an unnegated marker on its own line can undo it.
    assert is_urgent(f"{before}URGENT\n{after}")
