"""What Kairos holds about a person, table by table, and what forget-me and my-data do with
it (pure: standard library only).

CATALOG names every table in the database: either what its rows say about people, which
columns hold a Slack user id or an email address, and what forget-me does with them; or why
the table holds nothing about anyone. A unit test fails when a table is missing, so a table
added later must be decided on here before it ships.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# --- The catalog -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Personal:
    """A table whose rows are about people."""

    table: str
    section: str  # the export's group it is listed under (a key of SECTIONS)
    stores: str  # what a row says about a person
    forget: str  # what forget-me does with the person's rows
    user_columns: tuple[str, ...]  # the columns that hold a Slack user id
    email_columns: tuple[str, ...] = ()
    # Blanked on rows that stay for someone else; every other row of the person is deleted.
    anonymised: tuple[str, ...] = ()
    # Tables whose rows of the person point here by foreign key: the rows they point at are
    # about the person too (the meetings their calendar shows).
    linked_from: tuple[str, ...] = ()
    # A text column where `<@U…>` mentions the person: such a row is about them too, though
    # it is kept for someone else. The export leaves out `for_whom` in it (the other's).
    mentioned_in: str = ""
    for_whom: tuple[str, ...] = ()
    # Credentials: never exported, not even encrypted. The row says `present_as: true`.
    secret: tuple[str, ...] = ()
    present_as: str = ""
    note: str = ""  # said in the export beside the rows


@dataclass(frozen=True)
class NotPersonal:
    """A table that holds nothing about anyone, and why."""

    table: str
    reason: str


Policy = Personal | NotPersonal

_FEED_NOTE = (
    "Your calendar's address is not in this export: it works like a password, so Kairos "
    "keeps it encrypted and never shows it. `host` says which calendar server it is on."
)
_CONNECT_NOTE = (
    "Your Slack token is not in this export: it is a credential, kept encrypted. `scopes` "
    "lists what you granted Kairos."
)

CATALOG: tuple[Policy, ...] = (
    Personal(
        "people", "focus",
        stores="Your time zone, focus blocks, working hours, a focus session you started, "
        "whose public holidays are your days off, when Kairos next looks at the mentions it "
        "holds for you, your Slack language setting and the language you chose.",
        forget="Deleted.",
        user_columns=("user_id",),
    ),
    Personal(
        "leave_periods", "focus",
        stores="Your days on leave and where each came from: `/focus away`, or an out-of-office "
        "event in your own calendar (its title, a key to find it again, whether you ignore it).",
        forget="Deleted.",
        user_columns=("user_id",),
    ),
    Personal(
        "held_mentions", "mentions",
        stores="Mentions held for you while you focused or were off: who sent them, where, "
        "the link, and the text until it is delivered (then the text is deleted). Also the "
        "mentions you sent that were held for others.",
        forget="Mentions held for you are deleted. Mentions you sent that Kairos keeps for "
        "someone else stay for them without their text and without your id: they see "
        "\"a message in #channel\" with its link.",
        user_columns=("recipient_id", "sender_id"),
        anonymised=("sender_id", "text"),
        mentioned_in="text",
        for_whom=("recipient_id", "digest_id", "status", "held_at"),
    ),
    Personal(
        "digests", "mentions",
        stores="Each digest DM Kairos sent you: when, where the DM is, how many mentions.",
        forget="Deleted.",
        user_columns=("recipient_id",),
    ),
    Personal(
        "dm_channels", "mentions",
        stores="The id of Kairos's DM conversation with you and when it was first opened "
        "(kept once you have focus or working hours), so that your DMs are sent without "
        "asking Slack for it each time.",
        forget="Deleted.",
        user_columns=("user_id",),
    ),
    Personal(
        "urgent_uses", "mentions",
        stores="Each use of the urgent path: who, for whom, which message, when (the weekly "
        "summary counts them).",
        forget="Deleted, whether you sent or received it.",
        user_columns=("sender_id", "recipient_id"),
    ),
    Personal(
        "calendar_feeds", "calendar",
        stores="Your calendar's private address (encrypted), its host, and how the last "
        "fetch went.",
        forget="Deleted.",
        user_columns=("user_id",),
        secret=("url_encrypted",),
        present_as="connected",
        note=_FEED_NOTE,
    ),
    Personal(
        "meeting_sightings", "calendar",
        stores="Which meetings your calendar shows.",
        forget="Deleted.",
        user_columns=("user_id",),
    ),
    Personal(
        "meetings", "calendar",
        stores="The meetings in connected calendars: title, times, size, whether there is an "
        "agenda, and the organizer's email and Slack id (descriptions are not stored).",
        forget="Meetings only your calendar showed are deleted. Meetings that other people's "
        "calendars show stay for them, without your id and email as organizer.",
        user_columns=("organizer_id",),
        email_columns=("organizer_email",),
        anonymised=("organizer_id", "organizer_email"),
        linked_from=("meeting_sightings", "meeting_attendees"),
    ),
    Personal(
        "meeting_attendees", "calendar",
        stores="That you are invited to a meeting (found by your email).",
        forget="Deleted.",
        user_columns=("user_id",),
    ),
    Personal(
        "email_users", "calendar",
        stores="Your email address and your Slack id, as Slack's users.lookupByEmail gave "
        "them, so meetings know who is who.",
        forget="Deleted.",
        user_columns=("user_id",),
        email_columns=("email",),
    ),
    Personal(
        "agenda_nudges", "agendas",
        stores="Agenda nudges sent to you as organizer: the meeting, when, what you answered, "
        "an agenda you gave Kairos, and where the DM is.",
        forget="Deleted.",
        user_columns=("organizer_id",),
    ),
    Personal(
        "agenda_notices", "agendas",
        stores="That you were shown a meeting's missing agenda, and whether you asked for one "
        "(the organizer only ever sees a count).",
        forget="Deleted.",
        user_columns=("user_id",),
    ),
    Personal(
        "async_questions", "questions",
        stores="\"Could this meeting have been async?\" asked of you: the meeting, when, and "
        "your answer.",
        forget="Questions you have not answered are deleted. Answers stay as anonymous counts: "
        "your id is replaced by a random one that nothing links to you.",
        user_columns=("user_id",),
        anonymised=("user_id",),
    ),
    Personal(
        "summary_channels", "settings",
        stores="Which channels get the weekly summary, when, and who set it up.",
        forget="The setting stays for the channel; your id is removed from it.",
        user_columns=("set_by",),
        anonymised=("set_by",),
    ),
    Personal(
        "workspace_settings", "settings",
        stores="Workspace settings (joining channels, the focus day) and who changed each last.",
        forget="The settings stay; your id is removed from them.",
        user_columns=("updated_by",),
        anonymised=("updated_by",),
    ),
    Personal(
        "user_connections", "connect",
        stores="Your Slack user token (encrypted), the scopes you granted, the status and "
        "snooze Kairos set for you, and your own status it saved to put back.",
        forget="Kairos gives your status back, revokes the token at Slack (auth.revoke), "
        "then deletes the row.",
        user_columns=("user_id",),
        secret=("token_encrypted",),
        present_as="connected",
        note=_CONNECT_NOTE,
    ),
    Personal(
        "channel_languages", "settings",
        stores="The language Kairos posts in, in a channel, and who set it.",
        forget="The language stays for the channel; your id is removed from it.",
        user_columns=("set_by",),
        anonymised=("set_by",),
    ),
    Personal(
        "channel_norms", "settings",
        stores="Channel norms (what a channel is for, its response time, its urgent route) "
        "and who changed each channel's last.",
        forget="The norms stay for the channel; your id is removed from them.",
        user_columns=("updated_by",),
        anonymised=("updated_by",),
    ),
    Personal(
        "norm_questions", "mentions",
        stores="Questions addressed to you, or asked by you, in channels with a response "
        "time: who asked whom, where (the channel and the message's time), when the answer "
        "was due and first came, and whether you were reminded. Never the message's text.",
        forget="Deleted, whether you asked or were asked.",
        user_columns=("asker_id", "asked_id"),
    ),
    Personal(
        "pending_broadcasts", "mentions",
        stores="An @channel, @here or @everyone you sent in a channel whose members Kairos "
        "was still reading: where, when, and its text, kept for minutes until it is held for "
        "whoever is away (then only the held mentions keep it).",
        forget="Deleted: Kairos holds it for nobody.",
        user_columns=("sender_id",),
        mentioned_in="text",
    ),
    Personal(
        "channel_norms_received", "norms",
        stores="That you were sent a channel's norms when you joined it, so it happens once.",
        forget="Deleted.",
        user_columns=("user_id",),
    ),
    Personal(
        "notes_series", "notes",
        stores="A recurring meeting's notes channel, note-taker (you, if chosen or last in "
        "turn), \"never for this meeting\", and who changed them last.",
        forget="They stay without your id; a note-taker role goes back to the organizer.",
        user_columns=("fixed_user_id", "last_taker_id", "set_by"),
        anonymised=("fixed_user_id", "last_taker_id", "set_by"),
    ),
    Personal(
        "notes_prompts", "notes",
        stores="Meetings you were asked to post the notes of: when, your answer, where the DM "
        "and the posted notes are (never the notes' text).",
        forget="Deleted, but notes you posted stay in their channel without your id.",
        user_columns=("user_id",),
        anonymised=("user_id",),
    ),
    Personal(
        "notes_actions", "notes",
        stores="Actions from meeting notes you own or marked done: text, due date, reminder.",
        forget="Yours are deleted; your id is removed from others' you marked done.",
        user_columns=("owner_id", "done_by"),
        anonymised=("done_by",),
    ),
    Personal(
        "checkins", "checkins",
        stores="Async check-ins you set up as their organizer: the title, the channel, the "
        "questions, when rounds open, the meeting series it replaces, and the attendee-hours a "
        "week it gave back.",
        forget="Check-ins you organize stop and keep no id of yours; they stay for their people "
        "until retention deletes stopped check-ins.",
        user_columns=("organizer_id",),
        anonymised=("organizer_id",),
    ),
    Personal(
        "checkin_people", "checkins",
        stores="That a check-in asks you.",
        forget="Deleted.",
        user_columns=("user_id",),
    ),
    Personal(
        "checkin_asks", "checkins",
        stores="Each check-in round that asked you: when you were reachable, where its DM and "
        "its one reminder are, when you answered and where your answer was posted; your "
        "answers only until they are posted in the round's thread, and a blocker you named "
        "only until the round's wrap-up.",
        forget="Deleted.",
        user_columns=("user_id",),
    ),
    NotPersonal(
        "checkin_rounds",
        "A check-in's rounds: when each opens, where its posts are, how many were asked and "
        "how many answered; nobody is named.",
    ),
    NotPersonal(
        "processed_events",
        "Slack event ids already handled, kept a day so a retry is not handled twice; an id "
        "says nothing about who or what.",
    ),
    NotPersonal("job_leases", "Which Kairos replica runs a periodic job: replicas, not people."),
    NotPersonal(
        "summary_posts",
        "A channel's weekly summary posts: when, and the week's meeting hours as one total; "
        "nobody is named.",
    ),
)  # fmt: skip

SECTIONS = {
    "focus": "Focus hours and sessions",
    "mentions": "Mentions, digests and urgent uses",
    "calendar": "Your calendar feed and its meetings",
    "agendas": "Agenda nudges and notices",
    "questions": '"Could this meeting have been async?"',
    "settings": "Settings you changed",
    "connect": "Your Slack connection (Connect)",
    "norms": "Channel norms sent to you",
    "checkins": "Async check-ins",
    "notes": "Meeting notes and actions",
}

# app_uninstalled deletes every table but these (alembic_version is not in the metadata):
# a lease names a replica, and deleting it would let two replicas sweep at once; the ids of
# events handled (retention clears them within a day) include the uninstall itself,
# recorded in the same transaction, so Slack's retry of it does nothing.
KEPT_ON_UNINSTALL = frozenset({"job_leases", "processed_events"})


def policies() -> dict[str, Policy]:
    """The catalog by table name."""
    return {policy.table: policy for policy in CATALOG}


def personal() -> list[Personal]:
    """The tables with rows about people, in catalog order."""
    return [policy for policy in CATALOG if isinstance(policy, Personal)]


def uncatalogued(tables: Iterable[str]) -> list[str]:
    """The tables the catalog does not decide on (each must be added to CATALOG)."""
    known = policies()
    return sorted(name for name in tables if name not in known)
