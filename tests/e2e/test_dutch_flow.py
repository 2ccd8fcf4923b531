"""Issue 17 end to end: a person whose Slack is Dutch sets focus, is held, gets the digest,
and everything they see is Dutch; their English colleague sees English.

Two people, each in turn: `/focus now 60m`, the other mentions them in a channel (the
sender's note comes in the SENDER's language), `/focus off`, the digest DM, App Home. Every
text each of them reads is collected and held against the Dutch catalog itself: a run of
three or more literal English words of a message (the words between its placeholders) may
not reach the Dutch person, and a Dutch run may not reach the English one. What the people
write is Greek, so that it matches neither language.
"""

from __future__ import annotations

import json
import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import Call, FakeSlack
from tests.e2e.conftest import RunningKairos, start_kairos, stop_and_show
from tests.support.untranslated import read_texts

pytestmark = pytest.mark.e2e

CATALOG = Path(__file__).resolve().parents[2] / "bot/locale/nl/LC_MESSAGES/kairos.po"
CHANNEL = "C0DUTCH"
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# Runs shorter than this are too common to tell the languages apart ("on the", "of je").
_RUN = 3


@pytest.fixture(scope="module")
def kairos(
    fake_slack: FakeSlack, e2e_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningKairos]:
    """Kairos in English by default, sweeping every five seconds so digests go out quickly."""
    running = start_kairos(
        fake_slack, e2e_database_url, tmp_path_factory.mktemp("dutch"), KAIROS_SWEEP_SECONDS="5"
    )
    try:
        yield running
    finally:
        stop_and_show(running)


# ---- the catalog, as word runs


def _words(text: str) -> tuple[str, ...]:
    return tuple(word.lower() for word in _WORD.findall(text))


def _longest_run(message: str) -> tuple[str, ...]:
    """The longest run of literal words of a message, between its placeholders."""
    literal = message.replace("{{", "(").replace("}}", ")")
    return max((_words(part) for part in _PLACEHOLDER.split(literal)), key=len, default=())


def _contains(words: tuple[str, ...], run: tuple[str, ...]) -> bool:
    return any(words[i : i + len(run)] == run for i in range(len(words) - len(run) + 1))


@dataclass(frozen=True)
class Runs:
    """For each language, the word runs that only that language's messages have."""

    english: dict[tuple[str, ...], str]  # run -> the msgid it comes from
    dutch: dict[tuple[str, ...], str]  # run -> the msgstr it comes from


@cache
def _runs() -> Runs:
    with CATALOG.open("rb") as file:
        catalog = read_po(file, locale="nl")
    pairs: list[tuple[str, str]] = []
    for message in catalog:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = (
            [message.string] if isinstance(message.string, str) else list(message.string or ())
        )
        # English plural forms go with Dutch ones (both languages have two).
        pairs += [(str(source), str(target)) for source, target in zip(ids, strings, strict=True)]
    english_all = [_words(source) for source, _target in pairs]
    dutch_all = [_words(target) for _source, target in pairs if target]
    english: dict[tuple[str, ...], str] = {}
    dutch: dict[tuple[str, ...], str] = {}
    for source, target in pairs:
        if len(_words(source)) < 4 or source == target:
            continue
        # An untranslated message (no msgstr) is English to the Dutch reader too. A run that
        # some message of the other language says as well (a command, a product name) tells
        # the languages apart no better than a name, so it is left out.
        run = _longest_run(source)
        if len(run) >= _RUN and not any(_contains(words, run) for words in dutch_all):
            english[run] = source
        run = _longest_run(target)
        if len(run) >= _RUN and not any(_contains(words, run) for words in english_all):
            dutch[run] = target
    return Runs(english, dutch)


def _found(runs: dict[tuple[str, ...], str], texts: Iterable[str]) -> list[str]:
    """Each text that holds a run, with the run and the message it comes from."""
    return [
        f"{' '.join(run)!r} (of {message!r}) in {text[:60]!r}…"
        for text in dict.fromkeys(texts)
        for run, message in runs.items()
        if _contains(_words(text), run)
    ]


# ---- the people and what they see

# What each person reads, by where they read it.
NOW, NOTE, OFF, DIGEST, HOME = "/focus now 60m", "the note", "/focus off", "the digest", "App Home"


@dataclass
class Seen:
    """Every text each person read, by where they read it."""

    texts: dict[str, dict[str, list[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )

    def add(self, user: str, where: str, value: Any) -> None:
        self.texts[user][where].extend(read_texts(value))

    def all(self, user: str) -> list[str]:
        return [text for texts in self.texts[user].values() for text in texts]


def _person(fake: FakeSlack, name: str, locale: str, tz: str) -> str:
    user = f"UN{uuid.uuid4().hex[:6].upper()}"
    fake.add_user(user, name=name, tz=tz, locale=locale)
    return user


def _focus(
    kairos: RunningKairos, fake: FakeSlack, seen: Seen, user: str, text: str, where: str
) -> None:
    """A `/focus` command; its answer, and anything later sent to its response_url, is seen."""
    response_url = fake.new_response_url()
    body = payloads.slash_command_form(
        "/focus", text, user_id=user, channel_id=CHANNEL, response_url=response_url
    )
    response = kairos.post_form(body)
    assert response.status_code == 200
    seen.add(user, where, response.json())
    seen.add(user, where, fake.responses(response_url))


def _is_digest_to(fake: FakeSlack, user: str) -> Callable[[Call], bool]:
    def predicate(call: Call) -> bool:
        metadata = call.args.get("metadata") or {}
        return bool(
            metadata.get("event_type") == "kairos_digest"
            and call.args.get("channel") == fake.open_dm(user)
        )

    return predicate


def _a_round(kairos: RunningKairos, fake: FakeSlack, seen: Seen, focuser: str, sender: str) -> None:
    """The focuser focuses, the sender mentions them, focus ends: digest, then App Home."""
    room = f"C{uuid.uuid4().hex[:8].upper()}"
    fake.add_channel(room, name=f"ομάδα-{room.lower()}", members=[focuser, sender])
    _focus(kairos, fake, seen, focuser, "now 60m", NOW)

    before = len(fake.calls)
    ts, text = payloads.new_ts(), f"<@{focuser}> μπορείς να δεις το σχέδιο;"
    fake.add_message(room, user=sender, text=text, ts=ts)
    event = payloads.message_event(sender, room, text, ts=ts)
    assert kairos.post_json(payloads.event_callback(event)).status_code == 200
    note = fake.wait_for_call(
        "chat.postEphemeral", predicate=lambda c: c.args.get("user") == sender, after=before
    )
    seen.add(sender, NOTE, note.args)

    _focus(kairos, fake, seen, focuser, "off", OFF)
    digest = fake.wait_for_call(
        "chat.postMessage", predicate=_is_digest_to(fake, focuser), after=before, timeout=15
    )
    assert "μπορείς να δεις το σχέδιο" in json.dumps(digest.args, ensure_ascii=False)
    seen.add(focuser, DIGEST, {"text": digest.args["text"], "blocks": digest.args["blocks"]})

    before = len(fake.calls)
    home = payloads.event_callback(payloads.app_home_opened_event(focuser))
    assert kairos.post_json(home).status_code == 200
    published = fake.wait_for_call(
        "views.publish", predicate=lambda c: c.args.get("user_id") == focuser, after=before
    )
    seen.add(focuser, HOME, published.args["view"])


@pytest.fixture(scope="module")
def seen(kairos: RunningKairos, fake_slack: FakeSlack) -> tuple[Seen, str, str]:
    """Anouk (Dutch Slack) and Alex (English Slack) meet Kairos for the first time and each
    focus while the other mentions them.

    Anouk is held first, so that she is someone Kairos knows when she mentions Alex: a
    sender Kairos has never met gets the workspace's language (bot/focus/language.py).
    """
    anouk = _person(fake_slack, "Άνουκ", "nl-NL", "Europe/Amsterdam")
    alex = _person(fake_slack, "Άλεξ", "en-GB", "Europe/London")
    result = Seen()
    _a_round(kairos, fake_slack, result, focuser=anouk, sender=alex)
    _a_round(kairos, fake_slack, result, focuser=alex, sender=anouk)
    return result, anouk, alex


# Words of the catalog each surface shows, in each language.
DUTCH = {
    NOW: ["Focussessie gestart.", "Vermeldingen wachten tot dan."],
    NOTE: ["(jouw tijd). Je bericht komt dan aan.", "Het is dringend"],
    OFF: ["Focus gestopt. Je overzicht met 1 bewaarde vermelding komt eraan."],
    DIGEST: ["Terwijl je aan het focussen was, kwam er 1 vermelding binnen."],
    HOME: [
        "Focusuren",
        "Je bent niet in focus, en er staat geen focus gepland.",
        "Je laatste overzicht",
    ],
}
ENGLISH = {
    NOW: ["Focus session started.", "Mentions wait until then."],
    NOTE: ["(your time). Your message will reach them then.", "It's urgent"],
    OFF: ["Focus ended. Your digest of 1 held mention is on its way."],
    DIGEST: ["While you were focusing, 1 mention came in."],
    HOME: ["Focus hours", "You're not in focus, and no focus is planned.", "Your last digest"],
}


def test_the_dutch_person_sees_only_dutch(seen: tuple[Seen, str, str]) -> None:
    result, anouk, _alex = seen
    # No English sentence of the catalog in anything she read: her answers, her note to
    # Alex, her digest and her App Home (each offending text is shown with its message).
    leaks = _found(_runs().english, result.all(anouk))
    assert not leaks, "English reached the Dutch person:\n" + "\n".join(leaks)
    for where, phrases in DUTCH.items():
        shown = "\n".join(result.texts[anouk][where])
        assert _found(_runs().dutch, [shown]), (where, shown)
        for phrase in phrases:
            assert phrase in shown, (where, shown)


def test_the_english_colleague_sees_only_english(seen: tuple[Seen, str, str]) -> None:
    result, _anouk, alex = seen
    leaks = _found(_runs().dutch, result.all(alex))
    assert not leaks, "Dutch reached the English person:\n" + "\n".join(leaks)
    for where, phrases in ENGLISH.items():
        shown = "\n".join(result.texts[alex][where])
        assert _found(_runs().english, [shown]), (where, shown)
        for phrase in phrases:
            assert phrase in shown, (where, shown)


def test_the_catalog_yields_runs_to_look_for() -> None:
    # The checks above mean something only if the catalog gives them words to look for,
    # and a sentence of either language is caught wherever its placeholders fall.
    runs = _runs()
    assert len(runs.english) > 100
    assert len(runs.dutch) > 100
    assert ("held", "mention", "is", "on", "its", "way") in runs.english
    assert _found(runs.english, ["Focus ended. Your digest of 3 held mentions is on its way."])
    assert _found(
        runs.dutch, ["Focus gestopt. Je overzicht met 3 bewaarde vermeldingen komt eraan."]
    )
    assert _found(runs.english, ["Vermeldingen wachten tot dan."]) == []
