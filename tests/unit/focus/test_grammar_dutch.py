"""`/focus` in Dutch: the Dutch words parse like the English ones (whatever language Kairos
speaks to the person), the words that could be read two ways are read as words.py says,
and refusals come in the reader's language with an example they can type back."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.errors import KairosUserError
from bot.focus.commands import (
    AddBlocks,
    ClearBlocks,
    ClearHolidays,
    ClearWorkingHours,
    EndFocus,
    EndLeave,
    RemoveBlocks,
    SetHolidays,
    SetLanguage,
    SetWorkingHours,
    ShowHelp,
    ShowLanguage,
    StartSession,
    StartUntil,
    TakeLeave,
)
from bot.focus.days import label, leave_days
from bot.focus.grammar import parse_focus_command
from bot.focus.schedule import WeeklySpec, day_runs, run_length, windows_for
from bot.i18n import speaking
from tests.unit.focus.strategies import specs

H = 60
WEEKDAYS = (0, 1, 2, 3, 4)
EVERY_DAY = tuple(range(7))
WEDNESDAY = date(2026, 12, 9)


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("ma-vr 9:00-11:30", AddBlocks(WEEKDAYS, 9 * H, 11 * H + 30)),
        ("Ma. - Vr. 9-11", AddBlocks(WEEKDAYS, 9 * H, 11 * H)),
        ("maandag t/m vrijdag 9-11", AddBlocks(WEEKDAYS, 9 * H, 11 * H)),
        ("ma tot en met do 9-11", AddBlocks((0, 1, 2, 3), 9 * H, 11 * H)),
        ("ma tot vr 9:00 tot 11:00", AddBlocks(WEEKDAYS, 9 * H, 11 * H)),
        ("ma-vr van 9 tot 11", AddBlocks(WEEKDAYS, 9 * H, 11 * H)),
        ("ma en wo 14:00-16:00", AddBlocks((0, 2), 14 * H, 16 * H)),
        ("di,do 8-10", AddBlocks((1, 3), 8 * H, 10 * H)),
        ("woensdag 13-15", AddBlocks((2,), 13 * H, 15 * H)),
        ("zaterdagen 10-12", AddBlocks((5,), 10 * H, 12 * H)),
        ("maandags 9-10", AddBlocks((0,), 9 * H, 10 * H)),
        ("werkdagen 9-11", AddBlocks(WEEKDAYS, 9 * H, 11 * H)),
        ("weekend 10-12", AddBlocks((5, 6), 10 * H, 12 * H)),
        ("dagelijks 7-8", AddBlocks(EVERY_DAY, 7 * H, 8 * H)),
        ("elke dag 7-8", AddBlocks(EVERY_DAY, 7 * H, 8 * H)),
        ("iedere dag 7-8", AddBlocks(EVERY_DAY, 7 * H, 8 * H)),
        ("vr 22:00-middernacht", AddBlocks((4,), 22 * H, 24 * H)),
        ("ma-fri 9-11", AddBlocks(WEEKDAYS, 9 * H, 11 * H)),  # mixed
        ("mon, wo and vrijdag 9-11", AddBlocks((0, 2, 4), 9 * H, 11 * H)),  # mixed
        ("verwijder wo 10:00-11:00", RemoveBlocks((2,), 10 * H, 11 * H)),
        ("verwijder alles", ClearBlocks()),
        ("remove alles", ClearBlocks()),
        ("wis", ClearBlocks()),
        ("uit", EndFocus()),
        ("uren ma-vr 9:00-17:30", SetWorkingHours(WEEKDAYS, 9 * H, 17 * H + 30)),
        ("uren uit", ClearWorkingHours()),
        ("hours geen", ClearWorkingHours()),
        ("nu", StartSession(timedelta(minutes=60))),
        ("nu 90m", StartSession(timedelta(minutes=90))),
        ("nu 90 min", StartSession(timedelta(minutes=90))),
        ("nu voor 2 uur", StartSession(timedelta(hours=2))),
        ("nu 1u30", StartSession(timedelta(minutes=90))),
        ("now 1 uur 15 minuten", StartSession(timedelta(minutes=75))),
        ("nu 3 uren", StartSession(timedelta(hours=3))),
        ("nu tot 11:30", StartUntil(11 * H + 30)),
        ("tot 11:30", StartUntil(11 * H + 30)),
        ("tot middernacht", StartUntil(0)),
        ("hulp", ShowHelp()),
        ("terug", EndLeave()),
        ("feestdagen nl", SetHolidays("nl")),
        ("feestdagen uit", ClearHolidays()),
        ("taal", ShowLanguage()),
        ("language", ShowLanguage()),
        ("taal nl", SetLanguage("nl")),
        ("language Nederlands", SetLanguage("nl")),
        ("LANGUAGE EN", SetLanguage("en")),
        ("taal engels", SetLanguage("en")),
        ("taal english", SetLanguage("en")),
        ("language nl-NL", SetLanguage("nl")),
        ("taal auto", SetLanguage(None)),
        ("language Automatisch", SetLanguage(None)),
    ],
)
def test_dutch_commands(text: str, command: object) -> None:
    assert parse_focus_command(text) == command
    with speaking("nl"):  # the person's language does not change what a command means
        assert parse_focus_command(text) == command


@pytest.mark.parametrize(
    ("text", "command"),
    [
        # `vrij` is Friday (vrijdag), not "free": time off is `afwezig`/`verlof`.
        ("vrij 9-11", AddBlocks((4,), 9 * H, 11 * H)),
        # `do` and `zo` are English words, but /focus only ever reads them as days.
        ("do 9-11", AddBlocks((3,), 9 * H, 11 * H)),
        ("zo 9-11", AddBlocks((6,), 9 * H, 11 * H)),
        ("di-do 9-11", AddBlocks((1, 2, 3), 9 * H, 11 * H)),
        # English that parsed before parses as before.
        ("until 5:30pm", StartUntil(17 * H + 30)),
        ("now for 1h30m", StartSession(timedelta(minutes=90))),
        ("remove all", ClearBlocks()),
        ("hours off", ClearWorkingHours()),
        ("mon-fri 9am to 5pm", AddBlocks(WEEKDAYS, 9 * H, 17 * H)),
    ],
)
def test_words_that_could_be_read_two_ways(text: str, command: object) -> None:
    assert parse_focus_command(text) == command


def _leave(text: str, today: date = WEDNESDAY) -> tuple[date, date]:
    command = parse_focus_command(text)
    assert isinstance(command, TakeLeave)
    return leave_days(command.first, command.last, until=command.until, today=today)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("afwezig vandaag", WEDNESDAY, WEDNESDAY),
        ("afwezig morgen", date(2026, 12, 10), date(2026, 12, 10)),
        ("verlof vr", date(2026, 12, 11), date(2026, 12, 11)),
        ("afwezig vr.", date(2026, 12, 11), date(2026, 12, 11)),
        ("afwezig op vrijdag", date(2026, 12, 11), date(2026, 12, 11)),
        ("afwezig volgende week", date(2026, 12, 14), date(2026, 12, 18)),
        ("afwezig komende maandag", date(2026, 12, 14), date(2026, 12, 14)),
        # `tot` alone: back on that day, as `until`.
        ("afwezig tot ma", WEDNESDAY, date(2026, 12, 13)),
        ("away tot maandag", WEDNESDAY, date(2026, 12, 13)),
        # `t/m` ("tot en met"): up to and including that day.
        ("afwezig t/m vr", WEDNESDAY, date(2026, 12, 11)),
        ("afwezig tot en met vrijdag", WEDNESDAY, date(2026, 12, 11)),
        # Between two days, `tot` includes the last, as `to` does.
        ("afwezig van 12 jan tot 16 jan", date(2027, 1, 12), date(2027, 1, 16)),
        ("verlof 12 januari t/m 16 januari", date(2027, 1, 12), date(2027, 1, 16)),
        ("afwezig 21 dec tot en met 3 jan", date(2026, 12, 21), date(2027, 1, 3)),
        ("afwezig 1 mei tot 3 mei", date(2027, 5, 1), date(2027, 5, 3)),
        ("afwezig 3 maart", date(2027, 3, 3), date(2027, 3, 3)),
        ("afwezig 12 okt", date(2027, 10, 12), date(2027, 10, 12)),
        ("afwezig 1e jan tot 2de jan", date(2027, 1, 1), date(2027, 1, 2)),
        ("away from fri to mon", date(2026, 12, 11), date(2026, 12, 14)),  # mixed
        ("afwezig vandaag to fri", WEDNESDAY, date(2026, 12, 11)),  # mixed
        ("away 12dec", date(2026, 12, 12), date(2026, 12, 12)),  # English as before
    ],
)
def test_dutch_leave(text: str, first: date, last: date) -> None:
    assert _leave(text) == (first, last)


def _refusal(text: str) -> KairosUserError:
    with pytest.raises(KairosUserError) as caught:
        parse_focus_command(text)
    return caught.value


@pytest.mark.parametrize(
    ("text", "says", "example"),
    [
        ("ma-vx 9-10", "`vx` kan ik niet als dag lezen", "/focus ma-vr 09:00-10:00"),
        ("9:00-10:00", "Welke dagen?", "/focus ma-vr 09:00-10:00"),
        ("ma 25:00-26:00", "als tijd lezen", "/focus ma 09:00-11:00"),
        ("dagelijks 9", "begin- en een eindtijd", "/focus dagelijks 09:00-11:00"),
        ("wis ma 9-10", "`/focus wis`", "/focus verwijder ma 09:00-10:00"),
        ("uren", "werktijden", "/focus uren ma-vr 09:00-17:00"),
        ("nu straks", "als tijdsduur", "/focus nu 90m"),
        ("nu 3m", "minstens 5 minuten", "/focus nu 25m"),
        ("nu 13 uur", "hooguit 12 uur", "/focus ma-vr 09:00-12:00"),
        ("tot", "Tot hoe laat?", "/focus tot 17:00"),
        ("uit nu", "`/focus uit`", "/focus uit"),
        ("frobnicate", "`/focus frobnicate` ken ik niet", "/focus hulp"),
        ("afwezig", "Welke dagen ben je weg?", "/focus afwezig 12 jan t/m 16 jan"),
        ("afwezig ooit", "`ooit` kan ik niet als dag lezen", "/focus afwezig 12 jan t/m 16 jan"),
        ("afwezig 30 feb", "staat niet in de kalender", "/focus afwezig 12 jan t/m 16 jan"),
        ("terug nu", "`/focus terug`", "/focus terug"),
        ("feestdagen", "feestdagen", "/focus feestdagen nl"),
        ("taal klingon", "`klingon` spreek ik niet", "/focus taal nl"),
    ],
)
def test_refusals_speak_dutch_and_show_a_dutch_example_that_works(
    text: str, says: str, example: str
) -> None:
    with speaking("nl"):
        refusal = _refusal(text)
        assert says in refusal.message
        assert refusal.example == example
        assert parse_focus_command(example.removeprefix("/focus"))


def test_the_same_refusal_stays_english_for_an_english_reader() -> None:
    refusal = _refusal("taal klingon")
    assert refusal.message.startswith("I can't speak `klingon` with you")
    assert refusal.example == "/focus language nl"


def test_the_longest_refusal_has_no_english_left_in_dutch() -> None:
    with speaking("nl"):
        message = _refusal("mon-frx 9-10").message
    assert "Gebruik `ma` t/m `zo`" in message
    for english in ("I couldn't", "Use", "ranges like", "lists like", "weekdays", "daily"):
        assert english not in message


def test_leave_refusals_name_days_in_dutch() -> None:
    with speaking("nl"), pytest.raises(KairosUserError) as caught:
        _leave("afwezig 2027-01-16 t/m 2027-01-12")
    assert caught.value.message == (
        "Dat verlof eindigt eerder (di 12 jan 2027) dan het begint (za 16 jan 2027). "
        "Zet de eerste dag voorop."
    )
    with speaking("nl"), pytest.raises(KairosUserError, match="Dan ben je vandaag al terug"):
        _leave("afwezig tot vandaag")


def test_labels_in_dutch_and_english() -> None:
    with speaking("nl"):
        assert label(WEDNESDAY, WEDNESDAY) == "vandaag"
        assert label(date(2026, 12, 10), WEDNESDAY) == "morgen"
        assert label(date(2026, 12, 14), WEDNESDAY) == "ma 14 dec"
        assert label(date(2027, 1, 12), WEDNESDAY) == "di 12 jan 2027"
    assert label(date(2026, 12, 14), WEDNESDAY) == "Mon 14 Dec"


# Properties.

DUTCH_DAY_SPELLINGS = [
    ("ma", "ma.", "maandag", "Maandag", "mon"),
    ("di", "di.", "dinsdag", "DINSDAG", "tue"),
    ("wo", "wo.", "woensdag", "woe", "wed"),
    ("do", "do.", "donderdag", "Donderdag", "thu"),
    ("vr", "vr.", "vrijdag", "vrij", "fri"),
    ("za", "za.", "zaterdag", "zat", "sat"),
    ("zo", "zo.", "zondag", "zon", "sun"),
]


@st.composite
def dutch_days(draw: st.DrawFn, days: tuple[int, ...]) -> str:
    """Days written the Dutch way (with some English mixed in)."""
    if len(days) == 7 and draw(st.booleans()):
        return draw(st.sampled_from(["dagelijks", "elke dag", "iedere dag", "alle dagen"]))

    def name(day: int) -> str:
        return draw(st.sampled_from(DUTCH_DAY_SPELLINGS[day]))

    parts = []
    for first, last in day_runs(days):
        if run_length(first, last) > 1 and draw(st.booleans()):
            dash = draw(st.sampled_from(["-", " - ", "–", " tot "]))
            parts.append(f"{name(first)}{dash}{name(last)}")
        else:
            parts.extend(name((first + i) % 7) for i in range(run_length(first, last)))
    return draw(st.sampled_from([",", ", ", " ", " en "])).join(parts)


def _clock(minute: int) -> str:
    return "middernacht" if minute == 1440 else f"{minute // 60}:{minute % 60:02d}"


@settings(max_examples=200, deadline=None)
@given(specs(), st.data())
def test_any_spec_written_in_dutch_parses_to_the_same_windows(
    spec: WeeklySpec, data: st.DataObject
) -> None:
    days = data.draw(dutch_days(spec.days))
    dash = data.draw(st.sampled_from(["-", " tot ", " - "]))
    lead = data.draw(st.sampled_from(["", "van "]))
    verb = data.draw(st.sampled_from(["", "verwijder ", "uren ", "add "]))
    text = f"{verb}{days} {lead}{_clock(spec.start)}{dash}{_clock(spec.end)}"
    command = parse_focus_command(text)
    assert isinstance(command, AddBlocks | RemoveBlocks | SetWorkingHours)
    assert windows_for(command.days, command.start, command.end) == windows_for(
        spec.days, spec.start, spec.end
    )


DUTCH_WORDS = st.sampled_from(
    ["nu", "tot", "uit", "verwijder", "uren", "wis", "ma", "vr-ma", "ma.", "werkdagen",
     "elke dag", "dagelijks", "9", "9:00", "middernacht", "-", "en", "van", "uur", "u", "min",
     "1u30", "afwezig", "terug", "feestdagen", "morgen", "t/m", "taal", "`", "<"]
)  # fmt: skip
dutch_like_text = st.lists(st.one_of(DUTCH_WORDS, st.text(max_size=4)), max_size=8).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(dutch_like_text)
@example("vr-")
@example("nu 1u 2u")
@example("uren uit nu")
@example("afwezig t/m")
def test_any_dutch_text_parses_or_is_refused_with_a_dutch_example_that_works(text: str) -> None:
    refusal: KairosUserError | None = None
    with speaking("nl"):
        try:
            parse_focus_command(text)
        except KairosUserError as error:
            refusal = error
        if refusal is None:
            return
        assert refusal.message
        assert refusal.example is not None
        assert parse_focus_command(refusal.example.removeprefix("/focus"))
    # An echoed `{text}` is the person's; the rest of the sentence is Dutch.
    ours = re.sub(r"`[^`]*`", "", refusal.message)
    assert not re.search(r"\b(?:I couldn't|Which|Write|Give)\b", ours)
