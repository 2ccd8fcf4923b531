"""The sweepers the scheduler runs: thin, each calls one service function."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.checkins.service import run_checkins
from bot.checkins.service_series import record_changes as record_series_changes
from bot.checkins.service_series import watch as watch_series
from bot.cleanup.posting import Summaries, post_due_summaries
from bot.cleanup.questions import ask_due_questions
from bot.cleanup.service import SummaryOptions
from bot.connect.ports import ConnectPort
from bot.connect.service import ConnectLink, ConnectService
from bot.db.uow import UnitOfWork
from bot.digest.service import deliver_due
from bot.fanout import BUDGET_SECONDS, Budget, in_background
from bot.focus.broadcast_sweep import finish_due_broadcasts
from bot.focus.mentions import DEFAULT_URGENT_MARKERS
from bot.i18n.languages import DEFAULT_LANGUAGE, Language
from bot.meetings.nudges import send_due_nudges
from bot.meetings.service import Calendars, sync_due
from bot.norms.reminders import remind_due
from bot.notes.service import run_notes
from bot.ports import SlackPort
from bot.privacy.retention import Periods
from bot.privacy.retention_service import RetentionSweep
from bot.retry import Retries
from bot.scheduler import Outcome, Sweeper
from bot.workspace.service import join_sweep


def calendar_sweepers(calendars: Calendars) -> list[Sweeper]:
    """The calendar sync: a job of its own, since a run can take most of its interval."""

    feeds = Retries("sync calendar feeds")

    def sync(_uow: UnitOfWork, now: datetime) -> Outcome | None:
        # A check-in's series is read before and after the run: what the run changed is
        # what its organizer gave back (bot/checkins/service_series.py).
        watched = watch_series(calendars.uow, now)
        run = sync_due(calendars, now, retries=feeds)
        record_series_changes(calendars.uow, watched)
        return Outcome.MORE_DUE if run.more_due else None

    return [Sweeper("sync calendar feeds", in_background(sync))]


def all_sweepers(
    slack: SlackPort,
    connect: ConnectService | None = None,
    connect_port: ConnectPort | None = None,
    calendars: Calendars | None = None,
    summary_options: SummaryOptions | None = None,
    *,
    retention: Periods | None = None,
    urgent_markers: Sequence[str] = DEFAULT_URGENT_MARKERS,
    fan_out_seconds: float = BUDGET_SECONDS,
    language: Language = DEFAULT_LANGUAGE,
) -> list[Sweeper]:
    """Everything the scheduler sweeps for, in order. Each sweeper that acts on items one
    by one keeps its own Retries for as long as the process runs (see bot/retry.py); those
    that DM many people at once start DMs for at most `fan_out_seconds` a run. `language`
    (KAIROS_LANGUAGE) is for channel posts and people Kairos has no language for."""
    digests, joins = Retries("deliver digests"), Retries("join public channels")
    reminders, checkins = Retries("remind of questions"), Retries("run check-ins")
    notes = Retries("meeting notes")
    retain = RetentionSweep(retention if retention is not None else Periods())
    link, broadcasts = ConnectLink(connect, connect_port), Retries("finish broadcasts")
    sweepers = [
        # First: a broadcast held now is in the digests that go out next.
        Sweeper(
            "finish broadcasts",
            lambda uow, now: finish_due_broadcasts(
                uow, slack, link, now, markers=urgent_markers, retries=broadcasts, language=language
            ),
        ),
        Sweeper(
            "deliver digests",
            lambda uow, now: deliver_due(
                uow, slack, now, digests, budget=Budget(fan_out_seconds), language=language
            ),
        ),
        # After the digests: a digest going out carries the reminders of its person.
        Sweeper(
            "remind of questions",
            lambda uow, now: remind_due(
                uow, slack, now, reminders, budget=Budget(fan_out_seconds), language=language
            ),
        ),
        # After the digests: a check-in's asks find people whose focus just ended.
        Sweeper(
            "run check-ins",
            lambda uow, now: run_checkins(
                uow, slack, now, checkins, budget=Budget(fan_out_seconds), language=language
            ),
        ),
        # After the digests: a digest going out carries its person's new actions.
        Sweeper(
            "meeting notes",
            lambda uow, now: run_notes(
                uow, slack, now, notes, budget=Budget(fan_out_seconds), language=language
            ),
        ),
        Sweeper("join public channels", lambda uow, now: join_sweep(uow, slack, now, joins)),
    ]
    if connect is not None and connect_port is not None:
        port, snoozes = connect_port, Retries("pause notifications")
        sweepers.append(
            Sweeper(
                "pause notifications",
                lambda uow, now: connect.sync_focus(uow, port, now, snoozes),
            )
        )
    if calendars is not None:
        nudges, questions = Retries("agenda nudges"), Retries("ask could-it-be-async")
        sweepers.append(
            Sweeper(
                "agenda nudges",
                lambda uow, now: send_due_nudges(
                    uow, slack, now, nudges, budget=Budget(fan_out_seconds), language=language
                ),
            )
        )
        sweepers.append(
            Sweeper(
                "ask could-it-be-async",
                lambda uow, now: ask_due_questions(
                    uow, slack, now, questions, budget=Budget(fan_out_seconds), language=language
                ),
            )
        )
    if summary_options is not None:
        options, summaries = summary_options, Retries("post weekly summaries")
        sweepers.append(
            Sweeper(
                "post weekly summaries",
                lambda uow, now: post_due_summaries(
                    Summaries(uow, slack, options, language), now, summaries
                ),
            )
        )
    # Last: at most hourly, and after the work people wait for.
    sweepers.append(
        Sweeper(
            "enforce retention",
            lambda uow, now: Outcome.MORE_DUE if retain(uow, now) else None,
        )
    )
    # Sweeps are background work: their Slack calls keep to Slack's pace and leave room for
    # the requests Slack is waiting on (bot/slack/pacing.py).
    return [Sweeper(s.name, in_background(s.run)) for s in sweepers]
