"""The question "could this meeting have been async?" as blocks, its buttons' value, and
the reply (pure). The weekly summary's blocks are in summary_messages.py."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.blocks import Rendered, clip, escape_mrkdwn
from bot.cleanup.answers import Answer
from bot.errors import UnreadableValue
from bot.i18n import _, pgettext
from bot.ids import Action
from bot.meetings.model import is_series_key


# What the summary commands say while their work runs beside the ack.
def preparing() -> str:
    """The ack of `/kairos summary preview`."""
    return _("Preparing your preview…")


def posting() -> str:
    """The ack of `/kairos summary post`."""
    return _("Posting this week's summary here now…")


def preview_failed() -> str:
    """What the asker hears when the preview could not be made."""
    return _("Sorry, I couldn't prepare the preview just now. Please try again in a minute.")


def post_failed() -> str:
    """What the asker hears when Slack refused the post."""
    return _("Sorry, Slack didn't take the summary just now. Please try again in a minute.")


def weekday_name(day: int) -> str:
    """A weekday's full name (0 = Monday), as written inside a sentence."""
    # TRANSLATORS: a day of the week inside a sentence (Dutch: lower case, "vrijdag").
    names = (
        pgettext("day of the week", "Monday"),
        pgettext("day of the week", "Tuesday"),
        pgettext("day of the week", "Wednesday"),
        pgettext("day of the week", "Thursday"),
        pgettext("day of the week", "Friday"),
        pgettext("day of the week", "Saturday"),
        pgettext("day of the week", "Sunday"),
    )
    return names[day]


_ACTIONS = {
    Answer.YES: Action.ASYNC_YES,
    Answer.PARTLY: Action.ASYNC_PARTLY,
    Answer.NO: Action.ASYNC_NO,
}
# What question_blocks takes in a digest: two blocks, a title of at most 150 characters.
QUESTION_BLOCKS = 2
QUESTION_CHARS = 400
# Slack's limit on a button's value: a longer one is not a value Kairos made.
MAX_VALUE = 2000
# Starts Kairos can store; a year at either edge of datetime overflows on the way to UTC.
_YEARS = range(1970, 9999)


def anonymous() -> str:
    """The promise that comes with every question and answer."""
    return _("Answers are anonymous: the weekly summary shows counts, once 3 people answered.")


def answer_label(answer: str) -> str:
    """An answer as written inside a sentence ("yes"); an unknown one as it came."""
    match answer:
        case Answer.YES:
            # TRANSLATORS: an answer to "could this meeting have been async?".
            return pgettext("async answer", "yes")
        case Answer.PARTLY:
            return pgettext("async answer", "partly")
        case Answer.NO:
            return pgettext("async answer", "no")
    return answer


def _button_label(answer: Answer) -> str:
    match answer:
        case Answer.YES:
            # TRANSLATORS: a button answering "could this meeting have been async?".
            return pgettext("async answer", "Yes")
        case Answer.PARTLY:
            return pgettext("async answer", "Partly")
    return pgettext("async answer", "No")


def answer_value(series_key: str, starts_at: datetime, via: str) -> str:
    """What a button carries: which occurrence, and where it was asked."""
    return json.dumps({"s": series_key, "t": starts_at.isoformat(), "v": via})


def parse_answer_value(value: str) -> tuple[str, datetime, str]:
    """(series, start, via) from a button's value; a tampered one is a user error."""
    if len(value) > MAX_VALUE:
        raise _unreadable()
    try:
        data = json.loads(value)
        series_key, start, via = data["s"], data["t"], data["v"]
        starts_at = datetime.fromisoformat(start) if isinstance(start, str) else None
    except (ValueError, KeyError, TypeError, RecursionError) as error:
        # Deeply nested input exhausts the decoder's stack before it is found malformed.
        raise _unreadable() from error
    if (
        not isinstance(series_key, str)
        or not is_series_key(series_key)
        or starts_at is None
        or starts_at.tzinfo is None
        or starts_at.year not in _YEARS
        or via not in ("dm", "digest")
    ):
        raise _unreadable()
    return series_key, starts_at, via


def _unreadable() -> UnreadableValue:
    return UnreadableValue(_("I couldn't read that answer. Nothing was recorded."))


def question_blocks(
    series_key: str, starts_at: datetime, title: str, *, via: str
) -> list[dict[str, Any]]:
    """The question and its three buttons."""
    name = escape_mrkdwn(clip(title.strip() or _("your last meeting"), 150))
    value = answer_value(series_key, starts_at, via)
    buttons = [
        {
            "type": "button",
            "action_id": action.value,
            "text": {"type": "plain_text", "text": _button_label(answer)},
            "value": value,
        }
        for answer, action in _ACTIONS.items()
    ]
    return [
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": _("*Could {name} have been async?*", name=name) + "\n" + anonymous(),
            },
        },
        {"type": "actions", "block_id": "async_question", "elements": buttons},
    ]


def question_message(series_key: str, starts_at: datetime, title: str) -> Rendered:
    """The question on its own, as a DM."""
    name = clip(title.strip() or _("your last meeting"), 150)
    return Rendered(
        _("Could {name} have been async?", name=name),
        question_blocks(series_key, starts_at, title, via="dm"),
    )


def answered_text(answer: str) -> str:
    """The reply once someone answered."""
    return _(
        "Thanks: noted as *{answer}*. {anonymous} Click another answer to change it.",
        answer=answer_label(answer),
        anonymous=anonymous(),
    )
