"""forget-me on both backends: nothing about Alice is left but what PRIVACY.md lists, Bob's
data is untouched, Connect is revoked first, and the preview counts what goes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.cleanup import repo as cleanup_repo
from bot.cleanup.tables import AsyncQuestion, SummaryChannel
from bot.clock import FakeClock
from bot.connect import repo as connect_repo
from bot.db.uow import UnitOfWork
from bot.focus import repo as focus_repo
from bot.focus.tables import HeldMention
from bot.meetings.tables import Meeting
from bot.privacy.forgetting import (
    ANONYMOUS_PREFIX,
    Inventory,
    Kind,
    kind_labels,
    posted_summaries,
)
from bot.privacy.kept import KEPT_AFTER_FORGET
from bot.privacy.model import personal
from bot.privacy.service import forget_person, forget_preview
from bot.workspace.tables import ChannelLanguage, WorkspaceSetting
from tests.integration.privacy.scan import Rows, all_rows, frozen, hits
from tests.integration.privacy.world import ALICE, BOB, ROADMAP_KEY, Someone

ALLOWED = {(kept.table, kept.column) for kept in KEPT_AFTER_FORGET}

pytestmark = pytest.mark.usefixtures("world")


class Revocations:
    """A revoke_connect that does what Connect's does to the database (drops the row) and
    records, for each call, whether the person's data was still all there."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.calls: list[tuple[str, bool, bool]] = []

    def __call__(self, user_id: str) -> None:
        with self.uow() as session:
            connected = connect_repo.is_connected(session, user_id)
            person = focus_repo.get_person(session, user_id) is not None
            connect_repo.remove(session, user_id)
        self.calls.append((user_id, connected, person))


def _left_about(rows: Rows, someone: Someone) -> list[tuple[str, str]]:
    """(table, column) of everything naming them that no documented exception allows."""
    return sorted(
        {
            (hit.table, column)
            for hit in hits(rows, someone.needles)
            for column in hit.columns
            if (hit.table, column) not in ALLOWED
        }
    )


def _only_about(rows: Rows, someone: Someone, other: Someone) -> set[tuple[str, tuple]]:
    """The rows that mention `someone` and not `other`, exactly as stored."""
    theirs = hits(rows, someone.needles)
    mixed = {id(hit.row) for hit in hits(rows, other.needles)}
    kept: Rows = {}
    for hit in theirs:
        if id(hit.row) not in mixed:
            kept.setdefault(hit.table, []).append(hit.row)
    return frozen(kept)


def test_every_personal_table_holds_something_about_alice_before(uow: UnitOfWork) -> None:
    # Found from the catalog and the metadata: a table added later must get Alice's data
    # here too, or this fails.
    touched = {hit.table for hit in hits(all_rows(uow), ALICE.needles)}
    assert [p.table for p in personal() if p.table not in touched] == []


def test_forget_me_leaves_nothing_about_alice_but_the_documented_exceptions(
    uow: UnitOfWork, clock: FakeClock
) -> None:
    before = all_rows(uow)
    assert _left_about(before, ALICE) != []  # the scan sees her before
    bobs_before = _only_about(before, BOB, ALICE)
    revoke = Revocations(uow)

    forget_person(uow, ALICE.user_id, clock.now(), revoke_connect=revoke)

    after = all_rows(uow)
    assert _left_about(after, ALICE) == []
    # What is left is what others wrote: Carol's message held for Bob, the 1:1's title.
    left = {(hit.table, column) for hit in hits(after, ALICE.needles) for column in hit.columns}
    assert left == {("held_mentions", "text"), ("meetings", "title")}
    # Bob's rows that do not mention Alice are exactly as they were.
    assert bobs_before - frozen(after) == set()
    # And the only rows that now mention Bob alone are her mentions of him, kept for him.
    gained = _only_about(after, BOB, ALICE) - bobs_before
    assert sorted((table, dict(row)["message_ts"]) for table, row in gained) == [
        ("held_mentions", "1795000000.000013"),
        ("held_mentions", "1795000000.000014"),
    ]
    # Called once, first: her connection and focus hours were still there.
    assert revoke.calls == [(ALICE.user_id, True, True)]


def test_what_stays_for_others_stays_without_alice(uow: UnitOfWork, clock: FakeClock) -> None:
    with uow() as session:
        answers_before = cleanup_repo.answers(session, [ROADMAP_KEY], clock.now() - timedelta(1))

    forget_person(uow, ALICE.user_id, clock.now(), revoke_connect=Revocations(uow))

    with uow() as session:
        sent = session.scalars(
            select(HeldMention)
            .where(HeldMention.recipient_id == BOB.user_id, HeldMention.sender_id == "")
            .order_by(HeldMention.message_ts)
        ).all()
        # Her two mentions of Bob stay for him, as a link without text or sender.
        assert [m.message_ts for m in sent] == ["1795000000.000013", "1795000000.000014"]
        assert [m.text for m in sent] == [None, None]
        assert (sent[1].permalink or "").endswith("014")
        meetings = {m.title: m for m in session.scalars(select(Meeting))}
        assert "Planning" not in meetings  # only her calendar showed it
        assert meetings["Roadmap"].organizer_id is None
        assert meetings["Roadmap"].organizer_email is None
        assert meetings["Alice Jansen / Bob 1:1"].organizer_id == BOB.user_id
        answers = cleanup_repo.answers(session, [ROADMAP_KEY], clock.now() - timedelta(1))
        anonymous = session.scalars(select(AsyncQuestion.user_id)).all()
        channel = session.get(SummaryChannel, "C0TEAM")
        setting = session.get(WorkspaceSetting, "focus_day")
        languages = sorted(
            (row.channel_id, row.language, row.set_by)
            for row in session.scalars(select(ChannelLanguage))
        )
    # Her answer is still counted, under an id that is not hers.
    assert len(answers) == len(answers_before) == 2
    assert [a[2] for a in answers] == [a[2] for a in answers_before]
    assert sum(1 for user in anonymous if user.startswith(ANONYMOUS_PREFIX)) == 1
    assert channel is not None
    assert channel.set_by == ""
    assert setting is not None
    assert (setting.value, setting.updated_by) == ("4", None)
    # The language she set stays for the channel, without her; Bob's keeps his name.
    assert languages == [("C0BOBS", "en", BOB.user_id), ("C0TEAM", "nl", None)]


def test_the_report_says_what_went_and_what_stays(uow: UnitOfWork, clock: FakeClock) -> None:
    preview = forget_preview(uow, ALICE.user_id)
    report = forget_person(uow, ALICE.user_id, clock.now(), revoke_connect=Revocations(uow))

    assert report.deleted == preview
    counts = {kind.label: kind.count for kind in report.deleted.kinds}
    labels = kind_labels()
    assert counts == {
        labels["focus"]: 1,
        labels["held"]: 3,
        labels["digests"]: 1,
        labels["dm"]: 1,
        labels["sent"]: 2,
        labels["urgent"]: 2,
        labels["broadcasts"]: 1,
        labels["calendar"]: 1,
        labels["meetings"]: 1,
        labels["meeting_places"]: 2,
        labels["email"]: 1,
        labels["nudges"]: 1,
        labels["notices"]: 1,
        labels["questions"]: 1,
        labels["answers"]: 1,
        # The summary, the focus day, a channel's norms and a channel's language she set.
        labels["settings"]: 4,
        labels["connect"]: 1,
        labels["norms"]: 1,
        labels["asked"]: 2,
        # Her Roadmap check-in; her places in it and in Bob's; her asks in both rounds.
        labels["checkins"]: 1,
        labels["checkin_people"]: 2,
        labels["checkin_asks"]: 2,
        # Her action and Carol's she marked done, her prompt, Roadmap's notes settings.
        labels["notes"]: 4,
    }
    assert report.kept[0] == posted_summaries()
    assert any("1 answer " in sentence for sentence in report.kept)
    assert any("2 mentions you sent" in sentence for sentence in report.kept)


def test_the_preview_deletes_nothing(uow: UnitOfWork) -> None:
    before = all_rows(uow)
    preview = forget_preview(uow, ALICE.user_id)
    assert not preview.empty
    assert frozen(all_rows(uow)) == frozen(before)


def test_a_failed_revocation_deletes_nothing(uow: UnitOfWork, clock: FakeClock) -> None:
    before = all_rows(uow)

    def refused(user_id: str) -> None:
        raise RuntimeError("auth.revoke: ratelimited")

    with pytest.raises(RuntimeError, match="ratelimited"):
        forget_person(uow, ALICE.user_id, clock.now(), revoke_connect=refused)
    assert frozen(all_rows(uow)) == frozen(before)


def test_someone_kairos_knows_nothing_about(uow: UnitOfWork, clock: FakeClock) -> None:
    before = all_rows(uow)
    assert forget_preview(uow, "U0NOBODY") == Inventory(())
    report = forget_person(uow, "U0NOBODY", clock.now(), revoke_connect=Revocations(uow))
    assert report.deleted.empty
    assert report.kept == (posted_summaries(),)
    assert frozen(all_rows(uow)) == frozen(before)


def test_both_forgotten_leaves_neither_and_keeps_both_answers(
    uow: UnitOfWork, clock: FakeClock
) -> None:
    # Their answers about the same meeting stay apart: one random id each.
    for person in (ALICE, BOB):
        forget_person(uow, person.user_id, clock.now(), revoke_connect=Revocations(uow))
    after = all_rows(uow)
    assert _left_about(after, ALICE) == []
    assert _left_about(after, BOB) == []
    with uow() as session:
        answers = cleanup_repo.answers(session, [ROADMAP_KEY], clock.now() - timedelta(1))
    assert len({person for _key, person, _answer in answers}) == 2
    assert Kind(kind_labels()["connect"], 1) not in forget_preview(uow, BOB.user_id).kinds
