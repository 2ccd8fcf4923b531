"""What forget-me leaves in place that may still name a forgotten person, and why.

Free text other people wrote, which Kairos does not rewrite. PRIVACY.md lists these, and
the forget-me test allows exactly these columns to keep a forgotten person's trace.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kept:
    """Something about a person forget-me leaves in place, and why."""

    table: str
    column: str
    reason: str


# What may still name a forgotten person: free text other people wrote, which Kairos does
# not rewrite. PRIVACY.md lists these; the forget-me test allows exactly these columns.
KEPT_AFTER_FORGET: tuple[Kept, ...] = (
    Kept(
        "held_mentions", "text",
        "A message someone else wrote, held for a third person, may mention or name you. "
        "Kairos does not edit other people's messages; the text is deleted once delivered.",
    ),
    Kept(
        "pending_broadcasts", "text",
        "An @channel message someone else wrote may mention or name you; Kairos keeps it for "
        "minutes, until it is held for whoever is away.",
    ),
    Kept(
        "meetings", "title",
        "The title of a meeting another person's calendar shows, as its organizer wrote it, "
        "may name you; it goes when the meeting leaves their calendar or is 35 days past.",
    ),
    Kept(
        "async_questions", "title",
        "The meeting title kept with an anonymous answer may name you, as above.",
    ),
    Kept(
        "agenda_nudges", "agenda",
        "An agenda another organizer gave Kairos may name you.",
    ),
    *(
        Kept(
            "checkins", column,
            "The title and questions of a check-in someone else organizes may name you, as "
            "they wrote them.",
        )
        for column in ("title", "questions")
    ),
    Kept(
        "checkin_asks", "answers",
        "Someone else's answers may name you; they are kept only until they are posted in "
        "the round's thread.",
    ),
    Kept(
        "checkin_asks", "blocker",
        "A blocker someone else named may name you; it is deleted at the round's wrap-up.",
    ),
    Kept(
        "notes_actions", "text",
        "An action someone else owns may name you, as the note-taker wrote it, until retention.",
    ),
    *(
        Kept(
            table, "series_key",
            "A meeting's id as its calendar app made it (the event's UID); some apps put the "
            "organizer's email address in it.",
        )
        for table in ("meetings", "agenda_nudges", "agenda_notices", "async_questions",
                      "checkins", "notes_series")
    ),
)  # fmt: skip
