"""English a Dutch text still has: runs of words of the English text found in the Dutch one.

A Dutch message that kept an English sentence shares a run of a few consecutive words with
the English message; one that only kept a name, a command or a loan word ("Focus", "async")
does not. The run length is the check's strength: too short and Dutch and English agree by
chance ("on the"), too long and a half-translated sentence slips through.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# `code` and Slack's <links|…>, <#C…>, <@U…> are not words of Kairos's to translate.
_NOT_WORDS = re.compile(r"`[^`]*`|<[^>]*>")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
# Words apart by spaces and punctuation within a sentence; a line break ends a run.
_RUN = re.compile(r"[A-Za-z][A-Za-z'’]*(?:[ ,;:()!?.*_-]+[A-Za-z][A-Za-z'’]*)+")


def word_runs(text: str, length: int, *, leave_out: Iterable[str] = ()) -> set[tuple[str, ...]]:
    """Every `length` consecutive words of the text's runs of words, lower case; the strings
    of leave_out (data the test put in, which no translator translates) end a run."""
    text = _NOT_WORDS.sub("\n", text)
    for data in leave_out:
        text = text.replace(data, "\n")
    found: set[tuple[str, ...]] = set()
    for run in _RUN.findall(text):
        words = [word.lower() for word in _WORD.findall(run)]
        found |= {tuple(words[i : i + length]) for i in range(len(words) - length + 1)}
    return found


def english_left(
    english: str, dutch: str, length: int, *, leave_out: Iterable[str] = ()
) -> list[tuple[str, ...]]:
    """The runs of `length` words of the English text that the Dutch text has too, sorted."""
    leave_out = tuple(leave_out)
    return sorted(
        word_runs(english, length, leave_out=leave_out)
        & word_runs(dutch, length, leave_out=leave_out)
    )
