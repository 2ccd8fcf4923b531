"""What Kairos says about the workspace settings, in Dutch and (unchanged) in English."""

from __future__ import annotations

from bot.i18n import speaking
from bot.workspace.messages import (
    change_the_joining,
    describe,
    joining_all,
    joining_stopped,
    not_an_admin,
    not_seen,
)
from bot.workspace.service import NotAnAdmin

NOT_SEEN = (
    "Private channels need an invitation (`/invite @Kairos` in the channel), and direct "
    "messages between people are never seen by Kairos."
)


def test_english_is_what_it_was() -> None:
    assert joining_all() == (
        "Done. Kairos is joining every public channel now (it takes a few minutes in a "
        "large workspace), and will join each new one as it is created. " + NOT_SEEN
    )
    assert describe(True) == (
        "Kairos joins every public channel, and each new one as it is created. " + NOT_SEEN
    )
    assert describe(False).endswith("`/kairos channels all`. " + NOT_SEEN)
    assert not_seen() == NOT_SEEN
    assert NotAnAdmin().message.startswith(
        "Only a workspace admin or owner can change which channels Kairos joins. "
    )


def test_every_answer_is_dutch_for_a_dutch_reader() -> None:
    with speaking("nl"):
        answers = [
            joining_all(),
            joining_stopped(),
            describe(True),
            describe(False),
            not_seen(),
            NotAnAdmin().message,
        ]
    assert answers[0].startswith("Klaar. Kairos gaat nu in elk openbaar kanaal")
    assert answers[1].startswith("Klaar. Kairos gaat niet meer uit zichzelf")
    assert "`/kairos channels all`" in answers[3]
    assert answers[5] == (
        "Alleen een beheerder of eigenaar van de workspace kan bepalen in welke kanalen Kairos "
        "gaat. Vraag het een van hen, of vraag wie Kairos draait om je aan KAIROS_ADMIN_USERS "
        "toe te voegen."
    )
    english = ("Done", "channel ", "Private channels", "Only a", "Ask one", "never seen")
    for answer in answers:
        assert not [word for word in english if word in answer], answer


def test_the_refusal_takes_what_was_asked_in_the_readers_words() -> None:
    with speaking("nl"):
        assert not_an_admin(change_the_joining()).startswith(
            "Alleen een beheerder of eigenaar van de workspace kan bepalen"
        )
