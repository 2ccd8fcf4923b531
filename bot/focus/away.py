"""Leave and public holidays: what `/focus away`, `/focus back` and `/focus holidays` do,
and the lines `/focus status` shows about them.

The functions here take the caller's session and never commit (service.run_command calls
them inside its unit of work, then reschedules the digest and adds the status).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.focus.absence import FROM_CALENDAR, FROM_COMMAND, ONE_DAY, day_end, local_day
from bot.focus.calendar_leave import calendar_leave_items
from bot.focus.commands import AwayCommand, ClearHolidays, EndLeave, SetHolidays, TakeLeave
from bot.focus.days import label, leave_days
from bot.focus.holidays import RegionHolidays, describe_region, parse_region
from bot.focus.leave_messages import calendar_leave_line, listing
from bot.focus.model import zone_named
from bot.focus.tables import LeavePeriod, Person
from bot.i18n import _

# How far `/focus status` looks for the next public holiday.
_HOLIDAY_LOOKAHEAD = 366
_SHOWN_LEAVE = 5


def apply_away(person: Person, command: AwayCommand, now: datetime) -> str:
    """Apply an away command for the person (through their leave collection, so it is in
    their session's unit of work); the reply's lead. Bad input changes nothing."""
    now_day = today_of(person, now)
    match command:
        case TakeLeave(first, last, until):
            start, end = leave_days(first, last, until=until, today=now_day)
            return _take_leave(person, start, end, now)
        case EndLeave():
            return _end_leave(person, now_day)
        case SetHolidays(text):
            region = parse_region(text)
            person.holiday_region = region
            return _set_holidays_text(region, now_day)
        case ClearHolidays():
            if person.holiday_region is None:
                return _("No public holidays were set for you, so nothing changed.")
            person.holiday_region = None
            return _("Public holidays are no longer days off for you.")


def _take_leave(person: Person, start: date, end: date, now: datetime) -> str:
    today = today_of(person, now)
    span = span_text(start, end, today)
    if any(
        row.starts_on <= start and end <= row.ends_on and row.ignored_at is None
        for row in person.leave
    ):
        # TRANSLATORS: {span} is "today", "on Mon 12 Jan" or "from Mon 12 Jan to Fri 16 Jan".
        return _("You're already on leave {span}, so nothing changed.", span=span)
    zone = zone_named(person.tz)
    person.leave.append(
        LeavePeriod(
            user_id=person.user_id,
            starts_on=start,
            ends_on=end,
            ends_at=day_end(end, zone),
            source=FROM_COMMAND,
            created_at=now,
        )
    )
    # TRANSLATORS: {back} is "tomorrow" or a day like "Mon 12 Jan".
    return _(
        "Enjoy your time off! You're on leave {span}. Mentions of you wait, and whoever "
        "mentions you is told you're back {back}. Back early? `/focus back`.",
        span=span,
        back=label(end + ONE_DAY, today),
    )


def _end_leave(person: Person, today: date) -> str:
    # Leave from the calendar is the calendar's: the next sync would bring it back.
    own = [row for row in person.leave if row.source != FROM_CALENDAR]
    current = [row for row in own if row.starts_on <= today <= row.ends_on]
    from_calendar = [
        row
        for row in person.leave
        if row.source == FROM_CALENDAR
        and row.ignored_at is None
        and row.starts_on <= today <= row.ends_on
    ]
    if not current and from_calendar:
        title = from_calendar[0].title
        if title:
            return _(
                "Your calendar says you're away today (“{title}”), so I can't end it here. To "
                "work today after all, press its Ignore button in `/focus status`.",
                title=title,
            )
        return _(
            "Your calendar says you're away today, so I can't end it here. To work today after "
            "all, press its Ignore button in `/focus status`."
        )
    if not current:
        upcoming = [row for row in own if row.starts_on > today]
        if upcoming:
            return _(
                "You're not on leave today, so there was nothing to end. Your next leave is "
                "{span}.",
                span=span_text(upcoming[0].starts_on, upcoming[0].ends_on, today),
            )
        return _("You're not on leave today, so there was nothing to end.")
    zone = zone_named(person.tz)
    for row in current:
        if row.starts_on < today:
            row.ends_on = today - ONE_DAY
            row.ends_at = day_end(row.ends_on, zone)
        else:
            person.leave.remove(row)
    return _("Welcome back! Your leave has ended: mentions held for you come in your digest.")


def span_text(start: date, end: date, today: date) -> str:
    """`today`, `on Mon 12 Jan`, `from Mon 12 Jan to Fri 16 Jan`."""
    if start == end:
        if start - today < timedelta(days=2):
            return label(start, today)  # today, tomorrow
        # TRANSLATORS: one day of leave, as in "You're on leave on Mon 12 Jan".
        return _("on {day}", day=label(start, today))
    # TRANSLATORS: days of leave, both included: "from Mon 12 Jan to Fri 16 Jan".
    return _("from {first} to {last}", first=label(start, today), last=label(end, today))


def _set_holidays_text(region: str, today: date) -> str:
    """The reply to `/focus holidays <region>`, naming the next holiday if there is one soon."""
    shown = describe_region(region)
    holidays = RegionHolidays(region)
    for offset in range(_HOLIDAY_LOOKAHEAD):
        day = today + timedelta(days=offset)
        if day in holidays:
            # TRANSLATORS: {day} is "today", "tomorrow" or a day like "Mon 12 Jan".
            return _(
                "Public holidays in {region} are now your days off: mentions wait on them (the "
                "next one is {day}).",
                region=shown,
                day=label(day, today),
            )
    return _(
        "Public holidays in {region} are now your days off: mentions wait on them.", region=shown
    )


def away_lines(person: Person, now_day: date) -> list[str]:
    """What `/focus status` says about leave and public holidays."""
    leave = sorted(
        (row for row in person.leave if row.ends_on >= now_day and row.source != FROM_CALENDAR),
        key=lambda row: row.starts_on,
    )
    lines = []
    if leave:
        shown = [
            _leave_text(span_text(row.starts_on, row.ends_on, now_day), row.source)
            for row in leave[:_SHOWN_LEAVE]
        ]
        lines.append(_("*Leave*: {periods}", periods=listing(shown, len(leave))))
    from_calendar = calendar_leave_line(calendar_leave_items(person, now_day), now_day)
    if from_calendar:
        lines.append(from_calendar)
    region = person.holiday_region
    if region:
        lines.append(_("*Public holidays*: {region}", region=describe_region(region)))
    else:
        lines.append(_("*Public holidays*: none (`/focus holidays nl` sets them)"))
    return lines


def _leave_text(span: str, source: str) -> str:
    """One leave in the status, and where it came from."""
    if source == FROM_COMMAND:
        return _("{span} (you set it with /focus away)", span=span)
    return f"{span} ({source})"  # a source this version does not name: shown as stored


def today_of(person: Person, now: datetime) -> date:
    """The person's calendar day now."""
    return local_day(now, zone_named(person.tz))
