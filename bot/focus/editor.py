"""The focus-hours editor (App Home modal): schedules as editable lines, and back (pure)."""

from __future__ import annotations

from bot.errors import KairosUserError
from bot.focus.commands import AddBlocks
from bot.focus.grammar import parse_focus_command, spec_text
from bot.focus.schedule import Schedule, add_windows, weekly_specs
from bot.i18n import _

FOCUS_FIELD = "focus_blocks"
HOURS_FIELD = "working_hours"
MAX_LINES = 20


def schedule_lines(schedule: Schedule) -> str:
    """One `<days> <start>-<end>` line per group of days, as the editor shows them."""
    return "\n".join(spec_text(s.days, s.start, s.end) for s in weekly_specs(schedule))


def parse_schedule_lines(text: str | None, *, field: str) -> Schedule:
    """Read the editor's lines into a schedule; a bad line is a user error on that field."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(lines) > MAX_LINES:
        raise KairosUserError(
            _("That's more than {limit} lines; combine days, like `mon-fri`.", limit=MAX_LINES),
            field=field,
        )
    schedule: Schedule = ()
    for number, line in enumerate(lines, start=1):
        try:
            parsed = parse_focus_command(line)
        except KairosUserError as error:
            raise KairosUserError(
                # TRANSLATORS: {problem} is what is wrong with that line, already translated.
                _("Line {number}: {problem}", number=number, problem=error.message),
                example=error.example,
                field=field,
            ) from None
        if not isinstance(parsed, AddBlocks):
            raise KairosUserError(
                _("Line {number} should look like `mon-fri 9:00-11:00`.", number=number),
                example="/focus mon-fri 9:00-11:00",
                field=field,
            )
        schedule = add_windows(schedule, parsed.days, parsed.start, parsed.end)
    return schedule
