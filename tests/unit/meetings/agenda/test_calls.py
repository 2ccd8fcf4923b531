"""Calls arranged in Slack: provider links, mentions, and whether they say what for."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.meetings.agenda.calls import CallProvider, detect_call_invite, mentions_anyone
from bot.meetings.agenda.detection import AgendaReason


@pytest.mark.parametrize(
    ("url", "provider"),
    [
        ("https://us02web.zoom.us/j/81234567890?pwd=abcDEF123", CallProvider.ZOOM),
        ("https://zoom.us/j/81234567890", CallProvider.ZOOM),
        ("https://northwind.zoom.us/my/ana.devries", CallProvider.ZOOM),
        ("https://meet.google.com/qzv-ktmr-bwa", CallProvider.GOOGLE_MEET),
        ("https://meet.google.com/qzv-ktmr-bwa?authuser=1", CallProvider.GOOGLE_MEET),
        (
            "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NmQ4%40thread.v2/0?context=%7b%7d",
            CallProvider.TEAMS,
        ),
        ("https://northwind.webex.com/meet/ana.devries", CallProvider.WEBEX),
        ("https://northwind.webex.com/join/ana.devries", CallProvider.WEBEX),
        ("https://whereby.com/northwind-design", CallProvider.WHEREBY),
    ],
)
def test_each_provider_is_recognised(url: str, provider: CallProvider) -> None:
    for text in (
        f"<@U012AB3CD> hop on {url}",
        f"<@U012AB3CD> hop on <{url}|join>",
        f"<@U012AB3CD> <{url}>",
    ):
        invite = detect_call_invite(text, mentions_people=False)
        assert invite is not None, text
        assert invite.provider == provider
        assert invite.link.startswith(url.split("?", maxsplit=1)[0])


@pytest.mark.parametrize(
    "url",
    [
        "https://zoom.us/pricing",
        "https://meet.google.com/landing",
        "https://teams.microsoft.com/l/chat/0/0?users=x",
        "https://whereby.example.com/room",
        "https://docs.google.com/document/d/abc/edit",
    ],
)
def test_other_links_are_not_calls(url: str) -> None:
    assert detect_call_invite(f"<!here> see <{url}>", mentions_people=True) is None


@pytest.mark.parametrize(
    "mention",
    [
        "<@U012AB3CD>",
        "<@W012AB3CD|ana>",
        "<!here>",
        "<!channel>",
        "<!everyone>",
        "<!subteam^S0123ABC|@design>",
    ],
)
def test_mentions_in_mrkdwn_are_detected(mention: str) -> None:
    assert mentions_anyone(f"{mention} call https://meet.google.com/qzv-ktmr-bwa")
    assert detect_call_invite(
        f"{mention} https://meet.google.com/qzv-ktmr-bwa", mentions_people=False
    )


def test_without_mentions_it_is_not_an_invite() -> None:
    text = "I'm in https://meet.google.com/qzv-ktmr-bwa if anyone wants to pair"
    assert not mentions_anyone(text)
    assert detect_call_invite(text, mentions_people=False) is None


def test_the_caller_may_know_about_mentions_the_text_does_not_show() -> None:
    invite = detect_call_invite("https://meet.google.com/qzv-ktmr-bwa", mentions_people=True)
    assert invite is not None
    assert invite.provider == CallProvider.GOOGLE_MEET


def test_a_message_without_a_call_link_is_not_an_invite() -> None:
    assert detect_call_invite("<!here> standup in 5", mentions_people=True) is None


def test_an_invite_with_a_list_of_points_has_an_agenda() -> None:
    text = (
        "<!subteam^S0123ABC|@design> jumping on "
        "<https://us02web.zoom.us/j/81234567890?pwd=abc|zoom.us/j/81234567890> to go over:\n"
        "• pricing page copy\n• launch date"
    )
    invite = detect_call_invite(text, mentions_people=False)
    assert invite is not None
    assert invite.has_agenda
    assert invite.agenda.reason == AgendaReason.LIST


def test_a_bare_invite_has_no_agenda_the_link_and_mentions_do_not_count() -> None:
    text = "<@U012AB3CD> <@U045EF6GH> quick call? <https://meet.google.com/qzv-ktmr-bwa|meet.google.com/qzv-ktmr-bwa>"
    invite = detect_call_invite(text, mentions_people=False)
    assert invite is not None
    assert not invite.has_agenda
    assert invite.agenda.reason == AgendaReason.TOO_SHORT


def test_only_a_link_and_a_mention_leaves_nothing_to_read() -> None:
    invite = detect_call_invite(
        "<!here> <https://meet.google.com/qzv-ktmr-bwa>", mentions_people=False
    )
    assert invite is not None
    assert invite.agenda.reason == AgendaReason.EMPTY


def test_a_linked_document_in_the_message_is_an_agenda() -> None:
    text = (
        "<!here> call on <https://meet.google.com/qzv-ktmr-bwa> about "
        "<https://docs.google.com/document/d/1AbC/edit|the migration plan>"
    )
    invite = detect_call_invite(text, mentions_people=False)
    assert invite is not None
    assert invite.agenda.reason == AgendaReason.DOC_LINK


def test_slack_entities_are_unescaped_before_reading() -> None:
    # Eleven meaningful words: "&amp;" must not become a twelfth ("amp").
    words = "review numbers decide hiring plan platform agree offsite date venue &amp; budget"
    invite = detect_call_invite(
        f"<!here> https://meet.google.com/qzv-ktmr-bwa {words}", mentions_people=False
    )
    assert invite is not None
    assert invite.agenda.reason == AgendaReason.TOO_SHORT


def test_the_first_call_link_wins() -> None:
    text = "<!here> https://whereby.com/northwind-design or https://zoom.us/j/81234567890"
    invite = detect_call_invite(text, mentions_people=False)
    assert invite is not None
    assert invite.provider == CallProvider.WHEREBY


def test_a_long_run_of_unclosed_slack_links_is_read_in_linear_time() -> None:
    # "<https://a|" repeated used to make the link pattern quadratic (minutes at this size).
    text = "<!here> " + "<https://a|" * 10_000 + " https://meet.google.com/qzv-ktmr-bwa"
    invite = detect_call_invite(text, mentions_people=False)
    assert invite is not None
    assert invite.provider == CallProvider.GOOGLE_MEET


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300), mentions=st.booleans())
def test_never_raises(text: str, mentions: bool) -> None:
    invite = detect_call_invite(text, mentions_people=mentions)
    assert invite is None or invite.link.startswith("http")
