"""Channel norms, pure: response times (English and Dutch), the urgent route, the whole form,
and what changed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.norms.model import (
    CALL,
    KIND,
    MAX_WORKING_DAYS,
    MAX_WORKING_MINUTES,
    NOT_FOR,
    PURPOSE,
    RESPONSE,
    URGENT_OTHER,
    ChannelKind,
    Norms,
    NormsInputError,
    Part,
    ResponseKind,
    ResponseTime,
    UrgentKind,
    UrgentRoute,
    changed_parts,
    parse_norms,
    parse_response_time,
    parse_urgent_route,
)

MINUTES, NEXT_DAY, SAME_DAY = (
    ResponseKind.WORKING_MINUTES,
    ResponseKind.NEXT_WORKING_DAY,
    ResponseKind.SAME_DAY,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("within 4 working hours", ResponseTime(MINUTES, 240)),
        ("4h", ResponseTime(MINUTES, 240)),
        ("4 hours", ResponseTime(MINUTES, 240)),
        ("Within 1 hour", ResponseTime(MINUTES, 60)),
        ("an hour", ResponseTime(MINUTES, 60)),
        ("1.5 hours", ResponseTime(MINUTES, 90)),
        ("1h30", ResponseTime(MINUTES, 90)),
        ("1h 30m", ResponseTime(MINUTES, 90)),
        ("30 minutes", ResponseTime(MINUTES, 30)),
        ("45m", ResponseTime(MINUTES, 45)),
        ("2 working days", ResponseTime(NEXT_DAY, 2)),
        ("1 business day", ResponseTime(NEXT_DAY, 1)),
        ("3d", ResponseTime(NEXT_DAY, 3)),
        ("next working day", ResponseTime(NEXT_DAY, 1)),
        ("Next business day.", ResponseTime(NEXT_DAY, 1)),
        ("same day", ResponseTime(SAME_DAY)),
        ("EOD", ResponseTime(SAME_DAY)),
        # Dutch
        ("binnen 4 werkuren", ResponseTime(MINUTES, 240)),
        ("binnen een uur", ResponseTime(MINUTES, 60)),
        ("2 uur", ResponseTime(MINUTES, 120)),
        ("4u", ResponseTime(MINUTES, 240)),
        ("1,5 uur", ResponseTime(MINUTES, 90)),
        ("30 minuten", ResponseTime(MINUTES, 30)),
        ("2 werkdagen", ResponseTime(NEXT_DAY, 2)),
        ("volgende werkdag", ResponseTime(NEXT_DAY, 1)),
        ("dezelfde dag", ResponseTime(SAME_DAY)),
    ],
)
def test_response_times_are_read(typed: str, expected: ResponseTime) -> None:
    assert parse_response_time(typed) == expected


@pytest.mark.parametrize("typed", ["", "  ", "none", "None", "geen", "-", "n/a"])
def test_no_response_time(typed: str) -> None:
    assert parse_response_time(typed) is None


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("asap", "isn't a response time"),
        ("soon-ish", "isn't a response time"),
        ("4", "isn't a response time"),
        ("hours", "isn't a response time"),
        ("4 weeks", "isn't a response time"),
        ("0h", "outside what a channel can promise"),
        ("41 hours", "outside what a channel can promise"),
        ("0.25 minutes", "outside what a channel can promise"),
        ("1.5 days", "whole number"),
        ("21 working days", "whole number"),
    ],
)
def test_what_is_not_a_duration_is_refused_with_a_reason(typed: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_response_time(typed)


@given(st.integers(min_value=1, max_value=MAX_WORKING_MINUTES // 60))
def test_any_whole_number_of_hours_in_range_reads_back(hours: int) -> None:
    for typed in (f"{hours}h", f"within {hours} working hours", f"binnen {hours} werkuren"):
        assert parse_response_time(typed) == ResponseTime(MINUTES, hours * 60)


@given(st.integers(min_value=1, max_value=MAX_WORKING_DAYS))
def test_any_whole_number_of_days_in_range_reads_back(days: int) -> None:
    assert parse_response_time(f"{days} working days") == ResponseTime(NEXT_DAY, days)
    assert parse_response_time(f"{days} werkdagen") == ResponseTime(NEXT_DAY, days)


@given(st.text(max_size=40))
def test_any_text_is_a_response_time_none_or_a_value_error(typed: str) -> None:
    try:
        found = parse_response_time(typed)
    except ValueError as error:
        reason = str(error)
        found = None
    else:
        reason = "read"
    assert reason  # a refusal always says why
    if found is not None:
        assert found.kind in ResponseKind
        limit = MAX_WORKING_MINUTES if found.kind is MINUTES else MAX_WORKING_DAYS
        assert 0 <= found.amount <= limit


@pytest.mark.parametrize(
    ("channel", "other", "expected"),
    [
        ("C0URGENT", "", UrgentRoute(UrgentKind.CHANNEL, "C0URGENT")),
        (None, "call the person", CALL),
        (None, "Call the person.", CALL),
        (None, "pick up the phone", CALL),
        (None, "bel de persoon", CALL),
        (None, "<#C0INCIDENT|incidents>", UrgentRoute(UrgentKind.CHANNEL, "C0INCIDENT")),
        (None, "", None),
    ],
)
def test_urgent_routes_are_read(
    channel: str | None, other: str, expected: UrgentRoute | None
) -> None:
    assert parse_urgent_route(channel, other) == expected


@pytest.mark.parametrize(
    "typed", ["email", "E-mail the team", "send a DM", "chat", "Slack message", "mail"]
)
def test_email_and_chat_are_never_the_urgent_route(typed: str) -> None:
    with pytest.raises(ValueError, match="Email and chat messages wait"):
        parse_urgent_route(None, typed)


def test_an_unknown_urgent_route_and_two_at_once_are_refused() -> None:
    with pytest.raises(ValueError, match=r"a channel .* or “call the person”"):
        parse_urgent_route(None, "shout loudly")
    with pytest.raises(ValueError, match="not both"):
        parse_urgent_route("C0URGENT", "call the person")


def _form(**changes: str | None) -> dict[str, str | None]:
    form: dict[str, str | None] = {
        "purpose": "Questions about the payments API",
        "kind": "async",
        "response": "within 4 working hours",
        "urgent_channel": "C0URGENT",
        "urgent_other": "",
        "not_for": "Incidents",
    }
    form.update(changes)
    return form


def _parse(form: dict[str, str | None]) -> Norms:
    return parse_norms(
        purpose=form["purpose"] or "",
        kind=form["kind"] or "",
        response=form["response"] or "",
        urgent_channel=form["urgent_channel"],
        urgent_other=form["urgent_other"] or "",
        not_for=form["not_for"] or "",
    )


def test_a_good_form_is_norms() -> None:
    norms = _parse(_form(purpose="  Questions   about\tpayments "))
    assert norms == Norms(
        "Questions about payments",
        ChannelKind.ASYNC,
        ResponseTime(MINUTES, 240),
        UrgentRoute(UrgentKind.CHANNEL, "C0URGENT"),
        "Incidents",
    )
    assert _parse(_form(response="", urgent_channel=None, not_for="  ")).not_for is None


def test_every_problem_of_a_form_is_named_next_to_its_input() -> None:
    with pytest.raises(NormsInputError) as raised:
        _parse(
            _form(
                purpose="   ",
                kind="chatty",
                response="whenever",
                urgent_channel=None,
                urgent_other="email",
                not_for="x" * 151,
            )
        )
    problems = raised.value.problems
    assert set(problems) == {PURPOSE, KIND, RESPONSE, URGENT_OTHER, NOT_FOR}
    assert "what this channel is for" in problems[PURPOSE]
    assert "151" in problems[NOT_FOR]
    assert all(len(message) <= 150 for message in problems.values())  # Slack's limit


def test_a_purpose_longer_than_a_line_is_refused() -> None:
    with pytest.raises(NormsInputError) as raised:
        _parse(_form(purpose="p" * 151))
    assert set(raised.value.problems) == {PURPOSE}
    assert _parse(_form(purpose="p" * 150)).purpose == "p" * 150


def test_what_changed_between_norms() -> None:
    before = _parse(_form())
    assert changed_parts(before, before) == ()
    after = _parse(_form(response="next working day", urgent_channel=None, urgent_other="call"))
    assert changed_parts(before, after) == (Part.RESPONSE, Part.URGENT)
    # Set for the first time: everything that is set, and always the kind.
    first = _parse(_form(response="", not_for=""))
    assert changed_parts(None, first) == (Part.PURPOSE, Part.KIND, Part.URGENT)
