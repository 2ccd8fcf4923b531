"""What Kairos says about norms: within Slack's limits, the editor prefilled with what reads
back the same, and the change message naming who changed what."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.blocks import MAX_BLOCKS_MESSAGE, MAX_BLOCKS_VIEW, MAX_SECTION_TEXT
from bot.ids import Action, View
from bot.norms.messages import (
    EDITOR_INPUT,
    MAX_HOME_CHANNELS,
    change_posted,
    describe_response,
    editor_modal,
    home_section,
    on_joining,
    shown,
)
from bot.norms.model import (
    CALL,
    KIND,
    MAX_LINE,
    MAX_WORKING_DAYS,
    MAX_WORKING_MINUTES,
    PURPOSE,
    RESPONSE,
    URGENT_CHANNEL,
    URGENT_OTHER,
    ChannelKind,
    Norms,
    Part,
    ResponseKind,
    ResponseTime,
    UrgentKind,
    UrgentRoute,
    parse_norms,
)

NORMS = Norms(
    "Questions about the payments API",
    ChannelKind.ASYNC,
    ResponseTime(ResponseKind.WORKING_MINUTES, 240),
    UrgentRoute(UrgentKind.CHANNEL, "C0URGENT"),
    "Incidents <!channel> & *bold*",
)

response_times = st.one_of(
    st.none(),
    st.builds(
        ResponseTime,
        st.just(ResponseKind.WORKING_MINUTES),
        st.integers(min_value=1, max_value=MAX_WORKING_MINUTES),
    ),
    st.builds(
        ResponseTime,
        st.just(ResponseKind.NEXT_WORKING_DAY),
        st.integers(min_value=1, max_value=MAX_WORKING_DAYS),
    ),
    st.just(ResponseTime(ResponseKind.SAME_DAY)),
)
lines = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=MAX_LINE
).filter(lambda t: t.strip() != "")
norms_values = st.builds(
    Norms,
    lines.map(lambda t: " ".join(t.split())),
    st.sampled_from(list(ChannelKind)),
    response_times,
    st.one_of(st.none(), st.just(CALL), st.just(UrgentRoute(UrgentKind.CHANNEL, "C0URGENT"))),
    st.one_of(st.none(), lines.map(lambda t: " ".join(t.split()))),
)


def _texts(blocks: list[dict[str, Any]]) -> list[str]:
    return [b["text"]["text"] for b in blocks if b["type"] == "section"]


@pytest.mark.parametrize(
    ("response", "words"),
    [
        (None, "none set"),
        (ResponseTime(ResponseKind.WORKING_MINUTES, 240), "within 4 working hours"),
        (ResponseTime(ResponseKind.WORKING_MINUTES, 60), "within 1 working hour"),
        (ResponseTime(ResponseKind.WORKING_MINUTES, 90), "within 90 working minutes"),
        (ResponseTime(ResponseKind.NEXT_WORKING_DAY, 1), "by the next working day"),
        (ResponseTime(ResponseKind.NEXT_WORKING_DAY, 3), "within 3 working days"),
        (ResponseTime(ResponseKind.SAME_DAY), "the same working day"),
    ],
)
def test_response_times_in_words(response: ResponseTime | None, words: str) -> None:
    assert describe_response(response) == words


def test_norms_are_shown_with_an_edit_button_and_mentions_are_not_acted_on() -> None:
    answer = shown("C0PAY", NORMS)
    text = _texts(answer.blocks)[0]
    assert "<#C0PAY>" in text
    assert "within 4 working hours" in text
    assert "<#C0URGENT>" in text
    assert "<!channel>" not in text  # escaped: a norms line never pings anyone
    button = answer.blocks[-1]["elements"][0]
    assert (button["action_id"], button["value"]) == (Action.NORMS_EDIT, "C0PAY")


def test_no_norms_yet_says_so_and_offers_to_set_them() -> None:
    answer = shown("C0PAY", None)
    assert "has no norms yet" in answer.text
    assert answer.blocks[-1]["elements"][0]["text"]["text"] == "Set norms"


def _submitted(view: dict[str, Any]) -> Norms:
    """What the editor submits when saved untouched, as Slack fills in the initial values."""
    by_block = {b["block_id"]: b["element"] for b in view["blocks"]}
    kind = by_block[KIND]["initial_option"]["value"]
    return parse_norms(
        purpose=by_block[PURPOSE].get("initial_value", ""),
        kind=kind,
        response=by_block[RESPONSE].get("initial_value", ""),
        urgent_channel=by_block[URGENT_CHANNEL].get("initial_conversation"),
        urgent_other=by_block[URGENT_OTHER].get("initial_value", ""),
        not_for=by_block["norms_not_for"].get("initial_value", ""),
    )


@given(norms_values)
def test_the_editor_is_prefilled_with_what_reads_back_as_the_same_norms(norms: Norms) -> None:
    view = editor_modal("C0PAY", norms)
    assert view["callback_id"] == View.NORMS_EDITOR
    assert view["private_metadata"] == "C0PAY"
    assert all(b["element"]["action_id"] == EDITOR_INPUT for b in view["blocks"])
    assert _submitted(view) == norms


@given(response_times)
def test_a_response_time_in_words_is_never_empty(response: ResponseTime | None) -> None:
    assert describe_response(response)


def test_an_empty_editor_starts_async_and_blank() -> None:
    view = editor_modal("C0PAY", None)
    by_block = {b["block_id"]: b for b in view["blocks"]}
    assert by_block[KIND]["element"]["initial_option"]["value"] == "async"
    assert "initial_value" not in by_block[PURPOSE]["element"]
    assert by_block[PURPOSE]["optional"] is False
    assert by_block[RESPONSE]["optional"] is True


def test_the_change_posted_names_who_and_what_changed() -> None:
    after = Norms(NORMS.purpose, NORMS.kind, ResponseTime(ResponseKind.NEXT_WORKING_DAY, 1), CALL)
    message = change_posted("C0PAY", "U0CREATOR", (Part.RESPONSE, Part.URGENT), after, first=False)
    assert message.text == (
        "Norms updated by <@U0CREATOR>: response time: by the next working day; "
        "urgent route: call the person."
    )
    assert len(message.blocks) <= MAX_BLOCKS_MESSAGE
    first = change_posted("C0PAY", "U0CREATOR", (Part.PURPOSE, Part.KIND), NORMS, first=True)
    assert first.text.startswith("Norms set by <@U0CREATOR>: purpose: “Questions")


@given(norms_values)
def test_every_message_stays_within_slacks_limits(norms: Norms) -> None:
    for message in (
        shown("C0PAY", norms),
        on_joining("C0PAY", norms),
        change_posted("C0PAY", "U0X", tuple(Part), norms, first=False),
    ):
        assert len(message.blocks) <= MAX_BLOCKS_MESSAGE
        assert all(len(t) <= MAX_SECTION_TEXT for t in _texts(message.blocks))


def test_the_home_section_lists_a_few_channels_and_counts_the_rest() -> None:
    long = Norms("p" * MAX_LINE, ChannelKind.SYNC, None, CALL, "n" * MAX_LINE)
    entries = [(f"C{n:04d}", long) for n in range(MAX_HOME_CHANNELS + 7)]
    blocks = home_section(entries)
    assert len(blocks) == MAX_HOME_CHANNELS + 2  # a title, the channels, the count
    assert len(blocks) < MAX_BLOCKS_VIEW // 4  # room for every other section of the tab
    assert all(len(t) <= MAX_SECTION_TEXT for t in _texts(blocks))
    assert "7 more" in blocks[-1]["elements"][0]["text"]
    assert "<#C0000>" in _texts(blocks)[1]


def test_the_home_section_without_norms_says_how_to_set_them() -> None:
    assert "/kairos norms edit" in _texts(home_section([]))[0]
    assert len(home_section([("C1", NORMS)])) == 2
