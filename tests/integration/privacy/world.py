"""A workspace with data about Alice in every table that can hold any, and about Bob too.

Rows are written the way Kairos writes them: the calendar feeds through the meetings service
(so the address is encrypted, the meetings, sightings, attendees and email lookups are the
sync's own), the rest through the domains' repos where they have a writer, else as the ORM
rows those writers make.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from cryptography.fernet import Fernet
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.checkins import repo as checkins_repo
from bot.checkins import repo_asks, repo_rounds
from bot.checkins.model import Cadence, CheckInPlan, QuestionSet, RoundTimes, questions_of
from bot.checkins.tables import AskState, RoundState
from bot.cleanup import repo_posts, repo_questions
from bot.cleanup.tables import AsyncQuestion, SummaryPost
from bot.connect import repo as connect_repo
from bot.connect.crypto import TokenCipher
from bot.db import dedupe
from bot.db.leases import JobLease
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus import repo as focus_repo
from bot.focus.grammar import parse_focus_command
from bot.focus.service import run_command
from bot.focus.tables import Digest, HeldMention, PendingBroadcast, UrgentUse
from bot.meetings import repo as meetings_repo
from bot.meetings.feeds.fetch import FetchResult, FetchStatus
from bot.meetings.ics.occurrences import series_key
from bot.meetings.service import Calendars, connect_feed
from bot.meetings.tables import Meeting
from bot.norms import repo as norms_repo
from bot.norms import repo_questions as norm_questions
from bot.norms.model import ChannelKind, Norms
from bot.notes import repo as notes_repo
from bot.notes import repo_actions as notes_actions
from bot.notes.model import ActionDraft, NoteTaker, SeriesNotes
from bot.ports import SlackPort
from bot.workspace import repo as settings_repo
from bot.workspace import repo_dms
from bot.workspace.languages import set_channel_language
from tests.unit.meetings.ics_helpers import calendar

KEY = Fernet.generate_key().decode()


@dataclass(frozen=True)
class Someone:
    """A person and every string that identifies them."""

    user_id: str
    email: str
    real_name: str
    display_name: str
    feed: str  # the calendar's private address
    feed_secret: str  # the part of it that is the secret
    token: str

    @property
    def needles(self) -> tuple[str, ...]:
        """What a scan looks for: nothing of these may be left once they are forgotten."""
        return (
            self.user_id,
            self.email,
            self.real_name,
            self.display_name,
            self.feed,
            self.feed_secret,
            self.token,
        )


ALICE = Someone(
    "U0ALICE", "alice@example.com", "Alice Jansen", "ajansen",
    "https://calendar.example.com/alice-secret-7f3a9c.ics", "alice-secret-7f3a9c",
    "xoxp-alice-5be1",
)  # fmt: skip
BOB = Someone(
    "U0BOB", "bob@example.com", "Bob Willems", "bwillems",
    "https://calendar.example.com/bob-secret-1b2c4d.ics", "bob-secret-1b2c4d",
    "xoxp-bob-77a0",
)  # fmt: skip
CAROL_ID, CAROL_EMAIL = "U0CAROL", "carol@example.com"
CHANNEL, BOBS_CHANNEL = "C0TEAM", "C0BOBS"


def add_people(slack: FakeSlack) -> None:
    """Alice, Bob and Carol as Slack members, with the names and addresses Slack shows."""
    for person in (ALICE, BOB):
        slack.add_user(
            person.user_id,
            name=person.display_name,
            real_name=person.real_name,
            display_name=person.display_name,
            email=person.email,
        )
    slack.add_user(CAROL_ID, name="carol", email=CAROL_EMAIL)


def _event(uid: str, day: int, title: str, organizer: str, *attendees: str) -> str:
    lines = [
        f"UID:{uid}",
        f"DTSTART:202611{day:02d}T100000Z",
        f"DTEND:202611{day:02d}T105000Z",
        f"SUMMARY:{title}",
        f"ORGANIZER:mailto:{organizer}",
        *(f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{a}" for a in attendees),
    ]
    return "\n".join(lines)


# Alice organizes Planning (only her calendar shows it) and Roadmap (Bob's shows it too);
# Bob organizes the 1:1 (both calendars; its title names Alice) and Team (his only).
PLANNING = _event("planning-7@cal.example.com", 24, "Planning", ALICE.email, CAROL_EMAIL)
ROADMAP = _event("roadmap-3@cal.example.com", 25, "Roadmap", ALICE.email, BOB.email, CAROL_EMAIL)
ONE_ON_ONE = _event(
    "one-on-one-5@cal.example.com", 26, "Alice Jansen / Bob 1:1", BOB.email, ALICE.email
)
TEAM = _event("team-9@cal.example.com", 27, "Team", BOB.email, CAROL_EMAIL)
# An all-day vacation in Alice's own calendar: her leave, with its title (personal data).
VACATION = (
    "UID:vacation-2@cal.example.com\nDTSTART;VALUE=DATE:20261130\nDTEND;VALUE=DATE:20261202\n"
    "SUMMARY:Vacation with Alice Jansen's family\nTRANSP:TRANSPARENT"
)
ROADMAP_KEY = series_key("roadmap-3@cal.example.com")
ONE_ON_ONE_KEY = series_key("one-on-one-5@cal.example.com")
TEAM_KEY = series_key("team-9@cal.example.com")


@dataclass
class Feeds:
    """A calendar host that serves each address its calendar (the fetch port, faked)."""

    bodies: dict[str, bytes] = field(default_factory=dict)

    def fetch(
        self, url: str, *, etag: str | None, last_modified: str | None, previous_hash: str | None
    ) -> FetchResult:
        """The calendar at this address, always as a new body."""
        body = self.bodies[url]
        digest = hashlib.sha256(body).hexdigest()
        return FetchResult(FetchStatus.CHANGED, body=body, etag='"v1"', body_hash=digest)


def calendars(uow: UnitOfWork, slack: SlackPort) -> Calendars:
    """Calendars as the composition root makes them, with the faked host."""
    feeds = Feeds(
        {
            ALICE.feed: calendar(PLANNING, ROADMAP, ONE_ON_ONE, VACATION).encode(),
            BOB.feed: calendar(ROADMAP, ONE_ON_ONE, TEAM).encode(),
        }
    )
    return Calendars(uow=uow, cipher=TokenCipher(KEY), fetcher=feeds, slack=slack)


def build(uow: UnitOfWork, slack: SlackPort, now: datetime) -> None:
    """Alice's and Bob's data in every table, and rows about nobody in the others."""
    cal = calendars(uow, slack)
    connect_feed(cal, ALICE.user_id, ALICE.feed, now)
    connect_feed(cal, BOB.user_id, BOB.feed, now)
    cipher = TokenCipher(KEY)
    with uow() as session:
        for person in (ALICE, BOB):
            # Alice's calendar leave made her known already.
            stored = focus_repo.get_person(session, person.user_id) or focus_repo.add_person(
                session, person.user_id, "Europe/Amsterdam", now
            )
            run_command(session, stored, parse_focus_command("away tomorrow"), now)
            connect_repo.save(
                session, person.user_id, cipher.encrypt(person.token), "dnd:write", now
            )
        _dm_channels(session, now)
        _mentions(session, now)
        _agendas_and_questions(session, now)
        repo_posts.set_summary_channel(
            session, CHANNEL, weekday=0, minute=540, tz="Europe/Amsterdam", set_by=ALICE.user_id,
            now=now,
        )  # fmt: skip
        repo_posts.set_summary_channel(
            session, BOBS_CHANNEL, weekday=4, minute=600, tz="UTC", set_by=BOB.user_id, now=now
        )
        settings_repo.put(session, "focus_day", "4", ALICE.user_id, now)
        settings_repo.put(session, "join_public_channels", "on", BOB.user_id, now)
        norms_repo.put(session, CHANNEL, Norms("Team talk", ChannelKind.ASYNC), ALICE.user_id, now)
        norms_repo.put(session, BOBS_CHANNEL, Norms("Bob's", ChannelKind.SYNC), BOB.user_id, now)
        norms_repo.mark_received(session, CHANNEL, ALICE.user_id, now)
        set_channel_language(session, CHANNEL, "nl", ALICE.user_id, now)
        set_channel_language(session, BOBS_CHANNEL, "en", BOB.user_id, now)
        norms_repo.mark_received(session, CHANNEL, BOB.user_id, now)
        _norm_questions(session, now)
        _checkins(session, now)
        _notes(session, now)
        # Rows about nobody: an event id, a lease, a posted summary.
        dedupe.record(session, "Ev0PRIVACY1", now)
        session.add(JobLease(name="calendar", holder="replica-1", expires_at=now))
        session.add(
            SummaryPost(
                channel_id=CHANNEL, week=date(2026, 11, 16), edition="weekly", claimed_at=now,
                attempts=1, posted_at=now, message_ts="1795000000.000100", meeting_hours=6.5,
            )
        )  # fmt: skip


def _dm_channels(session: Session, now: datetime) -> None:
    """Kairos's DM with Alice and with Bob, as the Slack gateway remembers them."""
    session.flush()  # their focus settings first: only someone with them gets a row
    for person, channel_id in ((ALICE, "D0ALICEDM"), (BOB, "D0BOBDM")):
        assert repo_dms.remember(session.connection(), person.user_id, channel_id, now)


def _mention(
    recipient: str, sender: str, ts: str, text: str | None, now: datetime, **fields: object
) -> HeldMention:
    values: dict[str, object] = {
        "channel_id": CHANNEL, "thread_ts": None, "kind": "user", "sent_at": now,
        "held_at": now, "status": "held",
    }  # fmt: skip
    values.update(fields)
    return HeldMention(recipient_id=recipient, sender_id=sender, message_ts=ts, text=text, **values)


def _mentions(session: Session, now: datetime) -> None:
    a, b = ALICE.user_id, BOB.user_id
    link = "https://acme.slack.com/archives/C0TEAM/p1795000000000"
    alices, bobs = (
        Digest(recipient_id=person, created_at=now, sent_at=now, dm_channel=dm,
               dm_ts=f"1795000000.00000{n}", item_count=1)
        for n, (person, dm) in enumerate(((a, "D0ALICE"), (b, "D0BOB")), start=1)
    )  # fmt: skip
    session.add_all([alices, bobs])
    session.flush()
    session.add_all(
        [
            # For Alice: one delivered (its text gone), one held, Carol's to both of them.
            _mention(a, b, "1795000000.000010", None, now, status="delivered",
                     digest_id=alices.id, permalink=link + "010"),
            _mention(a, b, "1795000000.000011", f"<@{a}> can you check the roadmap?", now),
            _mention(a, CAROL_ID, "1795000000.000012", f"<@{a}> <@{b}> please review", now),
            # Carol's message to both, held for Bob too: it names Alice (an exception).
            _mention(b, CAROL_ID, "1795000000.000012", f"<@{a}> <@{b}> please review", now),
            # Alice's to Bob: one held (her text names her), one delivered in his digest.
            _mention(b, a, "1795000000.000013", f"<@{b}> numbers are in — {ALICE.real_name}",
                     now),
            _mention(b, a, "1795000000.000014", None, now, status="delivered",
                     digest_id=bobs.id, permalink=link + "014"),
            # Bob's own, from Carol, in his own channel.
            _mention(b, CAROL_ID, "1795000000.000015", f"<@{b}> lunch?", now,
                     channel_id=BOBS_CHANNEL),
        ]
    )  # fmt: skip
    # An @channel of each, waiting while the channel's members are read.
    session.add_all(
        [
            PendingBroadcast(channel_id=CHANNEL, message_ts=ts, thread_ts=None, sender_id=who,
                             text=text, sent_at=now, recorded_at=now, attempts=0,
                             next_try_at=now)
            for who, ts, text in (
                (a, "1795000000.000016", f"<!channel> release notes are up — {ALICE.real_name}"),
                (b, "1795000000.000017", "<!here> standup moves to 10:15"),
            )
        ]
    )  # fmt: skip
    session.add_all(
        [
            UrgentUse(sender_id=a, recipient_id=b, channel_id=CHANNEL,
                      message_ts="1795000000.000020", via="button", at=now),
            UrgentUse(sender_id=b, recipient_id=a, channel_id=CHANNEL,
                      message_ts="1795000000.000021", via="marker", at=now),
            UrgentUse(sender_id=CAROL_ID, recipient_id=b, channel_id=BOBS_CHANNEL,
                      message_ts="1795000000.000022", via="marker", at=now),
        ]
    )  # fmt: skip


def _agendas_and_questions(session: Session, now: datetime) -> None:
    a, b = ALICE.user_id, BOB.user_id
    starts = datetime(2026, 11, 25, 10, 0, tzinfo=now.tzinfo)
    nudge = meetings_repo.add_nudge(session, ROADMAP_KEY, a, starts, now)
    nudge.agenda, nudge.agenda_at = f"Pricing, launch (notes by {ALICE.real_name})", now
    nudge.channel_id, nudge.message_ts = "D0ALICE", "1795000000.000030"
    meetings_repo.add_nudge(session, TEAM_KEY, b, starts + timedelta(days=2), now)
    meetings_repo.add_notice(session, ONE_ON_ONE_KEY, a, now).asked_at = now
    meetings_repo.add_notice(session, ROADMAP_KEY, b, now)
    earlier = starts - timedelta(days=7)
    for person, key, answer in (
        (a, ROADMAP_KEY, "no"),  # answered: kept as a count
        (a, ONE_ON_ONE_KEY, None),  # waiting: deleted
        (b, ROADMAP_KEY, "partly"),
    ):
        session.add(
            AsyncQuestion(
                user_id=person, series_key=key, meeting_starts_at=earlier, asked_at=now,
                via="dm", answer=answer, answered_at=now if answer else None, title="Roadmap",
            )
        )  # fmt: skip
    repo_questions.add_asked(
        session, b, series_key=TEAM_KEY, starts_at=earlier, title="Team", via="digest", now=now
    )


def _notes(session: Session, now: datetime) -> None:
    """Alice posted Roadmap's notes: her own action, Carol's that she marked done, and Bob's;
    Bob has not answered Team's prompt; Alice took Roadmap's notes last, Bob is Team's
    note-taker."""
    a, b = ALICE.user_id, BOB.user_id
    roadmap, team = (
        session.scalar(select(Meeting.id).where(Meeting.series_key == key).limit(1))
        for key in (ROADMAP_KEY, TEAM_KEY)
    )
    assert roadmap is not None
    assert team is not None
    posted = notes_repo.add_prompt(session, roadmap, a, now, now)
    waiting = notes_repo.add_prompt(session, team, b, now, now)
    assert posted is not None
    assert waiting is not None
    assert notes_repo.claim_prompt(session, posted)
    assert notes_repo.claim_posting(session, posted, CHANNEL, now)
    assert notes_repo.claim_prompt(session, waiting)
    assert notes_repo.mark_prompt_sent(session, waiting, "D0BOB", "1795000000.000050")
    drafts = [
        ActionDraft("Draft the pricing page", a, date(2026, 11, 30)),
        ActionDraft("Book the launch room", CAROL_ID, None),
        ActionDraft("Send the slides", b, None),
    ]
    _, carols, _ = notes_repo.add_actions(session, posted, drafts, now)
    assert notes_actions.mark_done(session, carols, a, now)
    rotating = SeriesNotes(ROADMAP_KEY, CHANNEL, NoteTaker.ROTATING, last_taker_id=a)
    notes_repo.save_series(session, rotating, a, now)
    chosen = SeriesNotes(TEAM_KEY, BOBS_CHANNEL, NoteTaker.FIXED, fixed_user_id=b)
    notes_repo.save_series(session, chosen, b, now)


def _norm_questions(session: Session, now: datetime) -> None:
    """Bob asked Alice, Alice asked Bob (answered), Carol asked Bob in his channel."""
    a, b = ALICE.user_id, BOB.user_id
    asked = [
        (CHANNEL, "1795000000.000040", b, a, None),
        (CHANNEL, "1795000000.000041", a, b, now),
        (BOBS_CHANNEL, "1795000000.000042", CAROL_ID, b, None),
    ]
    norm_questions.capture(
        session.connection(),
        [
            {
                "channel_id": channel, "message_ts": ts, "thread_ts": ts, "asker_id": asker,
                "asked_id": whom, "asked_at": now, "response_kind": "working_minutes",
                "response_amount": 240, "due_at": now, "answered_at": answered,
                "remind_at": now, "status": "waiting",
            }
            for channel, ts, asker, whom, answered in asked
        ],
    )  # fmt: skip


def _checkins(session: Session, now: datetime) -> None:
    """Alice made Roadmap async (Bob and Carol in it); Bob made Team async, with Alice in it.
    One round of each is open: Alice has answered Bob's (not posted yet, with a blocker),
    Bob has been asked in hers."""
    a, b = ALICE.user_id, BOB.user_id
    cadence = Cadence(frozenset({0}), time(10, 0), "Europe/Amsterdam")
    plan = CheckInPlan(
        title="Roadmap", channel_id=CHANNEL, questions=questions_of(QuestionSet.STANDUP),
        question_set=QuestionSet.STANDUP, people=(a, b, CAROL_ID), cadence=cadence,
    )  # fmt: skip
    hers = checkins_repo.create(session, a, plan, now, series_key=ROADMAP_KEY)
    his = checkins_repo.create(
        session, b, replace(plan, title="Team", channel_id=BOBS_CHANNEL, people=(b, a)), now,
        series_key=TEAM_KEY,
    )  # fmt: skip
    for checkin_id, channel in ((hers, CHANNEL), (his, BOBS_CHANNEL)):
        times = [RoundTimes(now + timedelta(days=d), now + timedelta(days=d, hours=2),
                            now + timedelta(days=d, hours=4)) for d in (0, 7)]  # fmt: skip
        checkins_repo.plan_rounds(session, checkin_id, times, now + timedelta(days=8))
        first = checkins_repo.rounds_of(session, checkin_id)[0].id
        repo_rounds.claim_round(session, first, RoundState.DUE, RoundState.OPENING, now)
        repo_rounds.mark_opened(session, first, channel, f"1795000000.00005{checkin_id}", now)
        repo_asks.add_asks(session, first, {a: now, b: now})
        for who in (a, b):
            repo_asks.claim_ask(session, first, who, AskState.DUE, AskState.ASKING, now=now)
            repo_asks.mark_asked(session, first, who, f"D0{who}", "1795000000.000060", now=now)
        if checkin_id == his:
            repo_asks.record_answer(session, first, a, ["Pricing page", "Launch", "Legal"],
                                    blocker="Waiting on legal", now=now)  # fmt: skip
