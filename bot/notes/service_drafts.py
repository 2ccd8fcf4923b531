"""Recorded notes on their way to the channel, handed from the submission to its post.

The notes are kept in the database too (NotesPrompt.draft) until Slack has them. This hand
over decides who posts: only the submission that won the posting claim keeps a draft here,
and one post takes it, so a modal submitted twice never posts twice. A replica that dies
before its post leaves the draft in the database only: the sweep, once the claim is old,
looks for the notes in the channel and posts them from there if they are not
(bot/notes/service_post.py).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from bot.notes.model import Notes

# Drafts are taken within seconds; this only bounds memory if posts keep failing.
MAX_DRAFTS = 500

_drafts: OrderedDict[int, Notes] = OrderedDict()
_lock = threading.Lock()


def keep(prompt_id: int, notes: Notes) -> None:
    """Keep the notes of a prompt whose posting this process claimed."""
    with _lock:
        _drafts[prompt_id] = notes
        while len(_drafts) > MAX_DRAFTS:
            _drafts.popitem(last=False)


def take(prompt_id: int) -> Notes | None:
    """The prompt's notes, taken: the one caller that gets them posts them."""
    with _lock:
        return _drafts.pop(prompt_id, None)


def give_back(prompt_id: int, notes: Notes) -> None:
    """A post that failed (Slack down): kept for the next try in this process."""
    keep(prompt_id, notes)
