"""The `/focus` grammar: every command, every spelling, and kind errors for the rest."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.errors import KairosUserError
from bot.focus.grammar import (
    AddBlocks,
    ClearBlocks,
    ClearWorkingHours,
    EndFocus,
    FocusCommand,
    RemoveBlocks,
    SetWorkingHours,
    ShowHelp,
    ShowStatus,
    StartSession,
    StartUntil,
    days_text,
    parse_focus_command,
    spec_text,
)
from bot.focus.schedule import WeeklySpec, day_runs, run_length, windows_for
from tests.unit.focus.strategies import specs

H = 60
WEEKDAYS = (0, 1, 2, 3, 4)
EVERY_DAY = tuple(range(7))


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("", ShowStatus()),
        ("   ", ShowStatus()),
        ("status", ShowStatus()),
        ("STATUS", ShowStatus()),
        ("help", ShowHelp()),
        ("help me please", ShowHelp()),
        ("clear", ClearBlocks()),
        ("remove all", ClearBlocks()),
        ("off", EndFocus()),
        ("hours off", ClearWorkingHours()),
        ("hours none", ClearWorkingHours()),
        ("hours mon-fri 9:00-17:30", SetWorkingHours(WEEKDAYS, 9 * H, 17 * H + 30)),
        ("remove wed 10:00-11:00", RemoveBlocks((2,), 10 * H, 11 * H)),
        ("add mon 9-10", AddBlocks((0,), 9 * H, 10 * H)),
        ("until 17:00", StartUntil(17 * H)),
        ("until 5:30pm", StartUntil(17 * H + 30)),
        ("until midnight", StartUntil(0)),
        ("until 24:00", StartUntil(0)),
        ("now until 3pm", StartUntil(15 * H)),
    ],
)
def test_commands(text: str, command: FocusCommand) -> None:
    assert parse_focus_command(text) == command


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("now", 60),
        ("now 30m", 30),
        ("now 2h", 120),
        ("now 1h30m", 90),
        ("now 1h 30m", 90),
        ("now 1h30", 90),
        ("now 90m", 90),
        ("now 90", 90),
        ("now 5m", 5),
        ("now 12h", 720),
        ("now 45 min", 45),
        ("now for 2 hours", 120),
        ("NOW 25M", 25),
    ],
)
def test_session_durations(text: str, minutes: int) -> None:
    assert parse_focus_command(text) == StartSession(timedelta(minutes=minutes))


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        ("mon", (0,)),
        ("Monday", (0,)),
        ("SUNDAY", (6,)),
        ("tues", (1,)),
        ("thurs", (3,)),
        ("mondays", (0,)),
        ("mon-fri", WEEKDAYS),
        ("Mon - Fri", WEEKDAYS),
        ("Mon–Fri", WEEKDAYS),  # en dash, as Kairos writes it
        ("fri-mon", (0, 4, 5, 6)),
        ("sun-sun", (6,)),
        ("mon,wed,fri", (0, 2, 4)),
        ("mon, wed, fri", (0, 2, 4)),
        ("mon wed", (0, 2)),
        ("mon-tue,thu-fri", (0, 1, 3, 4)),
        ("mon and thu", (0, 3)),
        ("mon &amp; thu", (0, 3)),  # Slack escapes & in slash command text
        ("weekdays", WEEKDAYS),
        ("weekends", (5, 6)),
        ("weekend", (5, 6)),
        ("daily", EVERY_DAY),
        ("every day", EVERY_DAY),
        ("weekdays,sat", (0, 1, 2, 3, 4, 5)),
    ],
)
def test_day_spellings(days: str, expected: tuple[int, ...]) -> None:
    assert parse_focus_command(f"{days} 9:00-11:00") == AddBlocks(expected, 9 * H, 11 * H)


@pytest.mark.parametrize(
    ("times", "start", "end"),
    [
        ("9:00-11:00", 9 * H, 11 * H),
        ("09:00-11:30", 9 * H, 11 * H + 30),
        ("9:00 - 11:00", 9 * H, 11 * H),
        ("9 - 11", 9 * H, 11 * H),
        ("9am-5pm", 9 * H, 17 * H),
        ("9 AM - 5:30 PM", 9 * H, 17 * H + 30),
        ("9a.m.-5p.m.", 9 * H, 17 * H),
        ("9.30-10.45", 9 * H + 30, 10 * H + 45),
        ("12am-6am", 0, 6 * H),
        ("11am-12pm", 11 * H, 12 * H),
        ("12:30am-1am", 30, 60),
        ("12pm-1pm", 12 * H, 13 * H),
        ("noon-2pm", 12 * H, 14 * H),
        ("9am to 5pm", 9 * H, 17 * H),
        ("20:00-24:00", 20 * H, 24 * H),
        ("20:00-midnight", 20 * H, 24 * H),
        ("0:00-24:00", 0, 24 * H),
        ("22:00-02:00", 22 * H, 2 * H),  # runs past midnight
        ("10pm-12am", 22 * H, 0),  # ends at midnight: same windows as 24:00
        ("9:00–11:00", 9 * H, 11 * H),
    ],
)
def test_time_spellings(times: str, start: int, end: int) -> None:
    assert parse_focus_command(f"mon {times}") == AddBlocks((0,), start, end)


def test_a_block_past_midnight_starts_on_the_named_day() -> None:
    command = parse_focus_command("fri 22:00-02:00")
    assert isinstance(command, AddBlocks)
    assert windows_for(command.days, command.start, command.end) == windows_for(
        [4], 22 * H, 26 * H - 24 * H
    )
    assert windows_for(command.days, command.start, command.end)[0].start == 4 * 1440 + 22 * H


def error_for(text: str) -> KairosUserError:
    with pytest.raises(KairosUserError) as caught:
        parse_focus_command(text)
    return caught.value


@pytest.mark.parametrize(
    ("text", "message", "example"),
    [
        ("mon 25:00-26:00", "I couldn't read `25:00` as a time", "/focus mon 09:00-11:00"),
        ("mon 9:61-10:00", "minutes go up to 59", "/focus mon 09:00-11:00"),
        ("mon 13pm-2pm", "with am/pm, hours go from 1 to 12", "/focus mon 09:00-11:00"),
        ("mon 24:00-02:00", "`24:00` can only end a block", "/focus mon 09:00-11:00"),
        ("mon 9:00-9:00", "starts and ends at 09:00", "/focus mon 09:00-11:00"),
        ("mon 9am-9:00", "starts and ends at 09:00", "/focus mon 09:00-11:00"),
        ("mon 9:00", "I need a start and an end", "/focus mon 09:00-11:00"),
        ("mon 9-10 11-12", "one time range at a time", "/focus mon 09:00-11:00"),
        ("mon", "Which hours?", "/focus mon 09:00-11:00"),
        ("mon-fry 9-10", "I couldn't read `fry` as a day", "/focus mon-fri 09:00-10:00"),
        ("9:00-10:00", "Which days?", "/focus mon-fri 09:00-10:00"),
        ("mon--fri 9-10", "as days", "/focus mon-fri 09:00-10:00"),
        ("frobnicate", "I don't know `/focus frobnicate`", "/focus help"),
        ("remove", "Which days?", "/focus remove mon-fri 09:00-11:00"),
        ("remove mon", "Which hours?", "/focus remove mon 09:00-11:00"),
        ("clear mon 9-10", "takes nothing after it", "/focus remove mon 09:00-10:00"),
        ("off now", "takes nothing after it", "/focus off"),
        ("status please", "needs nothing after it", "/focus status"),
        ("hours", "working hours", "/focus hours mon-fri 09:00-17:00"),
        ("hours 9-17", "Which days?", "/focus hours mon-fri 09:00-17:00"),
        ("hours weekdays 9-25", "`25` as a time", "/focus hours mon-fri 09:00-17:00"),
        ("now 3m", "at least 5 minutes", "/focus now 25m"),
        ("now 0", "at least 5 minutes", "/focus now 25m"),
        ("now 13h", "at most 12 hours", "/focus mon-fri 09:00-12:00"),
        ("now 721", "at most 12 hours", "/focus mon-fri 09:00-12:00"),
        ("now 99999999999999999999999h", "at most 12 hours", "/focus mon-fri 09:00-12:00"),
        ("now soon", "as a duration", "/focus now 90m"),
        ("now 1.5h", "as a duration", "/focus now 90m"),
        ("until", "Until when?", "/focus until 17:00"),
        ("until tomorrow", "as a time", "/focus until 17:00"),
        ("until 25:00", "as a time", "/focus until 17:00"),
    ],
)
def test_errors_say_what_was_wrong_and_show_a_working_example(
    text: str, message: str, example: str
) -> None:
    error = error_for(text)
    assert message in error.message
    assert error.example == example


def test_echoed_input_cannot_break_out_of_its_code_span_or_ping_anyone() -> None:
    error = error_for("<!channel>`x` 9-10")
    assert "<!channel>" not in error.message
    assert "&lt;!channel&gt;'x'" in error.message


def test_long_input_is_clipped_in_the_reply() -> None:
    assert len(error_for("x" * 5000).message) < 200


# Properties.

FOCUS_WORDS = st.sampled_from(
    ["now", "until", "remove", "hours", "clear", "off", "status", "add", "mon", "fri-mon",
     "weekdays", "9", "9:00", "24:00", "12am", "5:30pm", "-", "–", ",", " ", "h", "m", "am",
     "pm", "noon", "midnight", "every day", "to", "99999", "1h30m", "`", "<", "&amp;"]
)  # fmt: skip
focus_like_text = st.lists(st.one_of(FOCUS_WORDS, st.text(max_size=4)), max_size=8).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), focus_like_text))
@example("0-0")
@example("mon 9:00-")
@example("-")
@example("mon-")
@example("now 1h 2h")
@example("until 12")
@example("mon ٩:٠٠-١١:٠٠")  # Arabic-Indic digits are not ASCII digits
@example("mon ²-³")
def test_any_text_parses_or_is_a_kind_user_error(text: str) -> None:
    refusal: KairosUserError | None = None
    try:
        command: FocusCommand | None = parse_focus_command(text)
    except KairosUserError as error:
        command, refusal = None, error
    if refusal is not None:
        assert refusal.message
        assert refusal.example is not None
        # The example offered must itself work.
        assert parse_focus_command(refusal.example.removeprefix("/focus"))
    else:
        assert isinstance(
            command,
            ShowStatus | AddBlocks | RemoveBlocks | ClearBlocks | StartSession | StartUntil
            | EndFocus | SetWorkingHours | ClearWorkingHours | ShowHelp,
        )  # fmt: skip


DAY_SPELLINGS = [
    ("mon", "monday", "Mon", "MONDAY", "mondays"),
    ("tue", "tues", "tuesday", "Tue", "TUESDAY"),
    ("wed", "weds", "wednesday", "Wed", "Wednesday"),
    ("thu", "thur", "thurs", "thursday", "Thu"),
    ("fri", "friday", "Fri", "FRIDAY", "fridays"),
    ("sat", "saturday", "Sat", "Saturday", "saturdays"),
    ("sun", "sunday", "Sun", "Sunday", "SUN"),
]


@st.composite
def spelled_days(draw: st.DrawFn, days: tuple[int, ...]) -> str:
    """The days written one of many ways a person might (runs as ranges, or listed)."""
    if len(days) == 7 and draw(st.booleans()):
        return draw(st.sampled_from(["daily", "every day", "Daily", "everyday"]))

    def name(day: int) -> str:
        return draw(st.sampled_from(DAY_SPELLINGS[day]))

    parts = []
    for first, last in day_runs(days):
        if run_length(first, last) > 1 and draw(st.booleans()):
            dash = draw(st.sampled_from(["-", " - ", "–"]))
            parts.append(f"{name(first)}{dash}{name(last)}")
        else:
            parts.extend(name((first + i) % 7) for i in range(run_length(first, last)))
    return draw(st.sampled_from([",", ", ", " "])).join(parts)


@st.composite
def spelled_time(draw: st.DrawFn, minute: int, *, end: bool) -> str:
    """A time of day in 24-hour or 12-hour style, padded or not."""
    hour, rest = divmod(minute, 60)
    if minute == 1440:
        return draw(st.sampled_from(["24:00", "24", "midnight", "12am"]))
    if draw(st.booleans()):
        half = "am" if hour < 12 else "pm"
        half = draw(st.sampled_from([half, half.upper(), f" {half}", f"{half[0]}.m."]))
        clock = hour % 12 or 12
        shown = f"{clock}:{rest:02d}" if rest or draw(st.booleans()) else str(clock)
        return shown + half
    if rest == 0 and draw(st.booleans()):
        return str(hour)
    return draw(st.sampled_from([f"{hour}:{rest:02d}", f"{hour:02d}:{rest:02d}"]))


@settings(max_examples=200, deadline=None)
@given(specs(), st.data())
def test_any_valid_spec_written_any_way_parses_to_the_same_windows(
    spec: WeeklySpec, data: st.DataObject
) -> None:
    days = data.draw(spelled_days(spec.days))
    start = data.draw(spelled_time(spec.start, end=False))
    end = data.draw(spelled_time(spec.end, end=True))
    dash = data.draw(st.sampled_from(["-", " - ", "–", " to "]))
    verb = data.draw(st.sampled_from(["", "add ", "remove ", "hours "]))
    command = parse_focus_command(f"{verb}{days} {start}{dash}{end}")
    assert isinstance(command, AddBlocks | RemoveBlocks | SetWorkingHours)
    assert windows_for(command.days, command.start, command.end) == windows_for(
        spec.days, spec.start, spec.end
    )


@settings(max_examples=200, deadline=None)
@given(specs())
def test_spec_text_round_trips(spec: WeeklySpec) -> None:
    text = spec_text(spec.days, spec.start, spec.end)
    assert parse_focus_command(text) == AddBlocks(spec.days, spec.start, spec.end)


@pytest.mark.parametrize(
    ("days", "text"),
    [(WEEKDAYS, "mon-fri"), ((5, 6), "sat,sun"), ((0, 2, 4), "mon,wed,fri"),
     ((0, 4, 5, 6), "fri-mon"), (EVERY_DAY, "daily"), ((0, 5, 6), "sat-mon")],
)  # fmt: skip
def test_days_text(days: tuple[int, ...], text: str) -> None:
    assert days_text(days) == text
