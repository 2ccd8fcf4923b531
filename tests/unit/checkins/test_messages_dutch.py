"""What a check-in says, in Dutch: every builder speaks Dutch within Slack's limits, the
Dutch setup modal submitted unchanged gives the same plan, the refusals are Dutch, and no
English sentence is left in a Dutch message (no run of 4 words of the English output)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.blocks import Rendered
from bot.checkins.messages import (
    answer_modal,
    answer_post,
    answered_message,
    ask_message,
    opening_post,
    parse_answers,
    reminder_message,
    skipped_message,
    wrap_up,
)
from bot.checkins.model import Cadence, CheckInPlan, QuestionSet, questions_of
from bot.checkins.organizer_messages import (
    ACTIVE,
    PAUSED,
    STOPPED,
    ListedCheckIn,
    cancel_ask,
    checkins_list,
    paused_message,
    resumed_message,
    stopped_message,
)
from bot.checkins.setup_messages import SetupDefaults, parse_setup, setup_modal
from bot.checkins.words import cadence_text, question_text
from bot.i18n import catalog, speaking
from bot.ids import Action
from tests.support.untranslated import missed, read_texts
from tests.unit.checkins.test_messages import submitted
from tests.unit.view_checks import check_blocks, check_modal, texts

AMS = ZoneInfo("Europe/Amsterdam")
CADENCE = Cadence(frozenset({0, 2}), time(9, 30), "Europe/Amsterdam")
PEOPLE = tuple(f"U{n:04d}" for n in range(50))
DEFAULTS = SetupDefaults("series-1", "Sync", "C0TEAM", PEOPLE, CADENCE)
DUE = datetime(2026, 12, 8, 12, 30, tzinfo=UTC)
STANDUP = questions_of(QuestionSet.STANDUP)
LIST = [
    ListedCheckIn("1", "Sync", "C0TEAM", CADENCE, ACTIVE, True),
    ListedCheckIn("2", "Sync", "C0TEAM", Cadence(frozenset({4}), time(16), "UTC", 2), PAUSED, True),
    ListedCheckIn("3", "Sync", "C0TEAM", CADENCE, STOPPED, True),
]


def _words(text: str) -> list[str]:
    """A text's words, without what is data rather than Kairos's own words (Slack
    references, the meeting's title, numbers and times)."""
    plain = re.sub(r"<[^>]*>|Sync|\(\w+/\w+\)", " ", text)
    return [w.casefold() for w in re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", plain)]


def _runs(text: str) -> set[tuple[str, ...]]:
    """Runs of 4 words within each line (a line is one text of the message)."""
    runs = set()
    for line in text.splitlines():
        words = _words(line)
        runs |= {tuple(words[i : i + 4]) for i in range(len(words) - 3)}
    return runs


def _all_text(value: Any) -> str:
    if isinstance(value, Rendered):
        return value.text + "\n" + texts(value.blocks)
    if isinstance(value, dict) and value.get("type") == "modal":
        return "\n".join([value["title"]["text"], value["submit"]["text"], texts(value["blocks"])])
    return texts(value) if isinstance(value, list) else str(value)


BUILDERS: dict[str, Callable[[], Any]] = {
    "setup modal": lambda: setup_modal(DEFAULTS),
    "opening post": lambda: opening_post("Sync", DUE, AMS, 7),
    "ask": lambda: ask_message("Sync", "C0TEAM", DUE, AMS, "k"),
    "reminder": lambda: reminder_message("Sync", "C0TEAM", DUE, AMS, "k"),
    "answered": lambda: answered_message("Sync", "C0TEAM"),
    "skipped": lambda: skipped_message("Sync"),
    "answer modal": lambda: answer_modal("Sync", "C0TEAM", STANDUP, 2, "k"),
    "answer post": lambda: answer_post("U0ANNA", STANDUP, ["1", "2", "3"]),
    "wrap-up": lambda: wrap_up(5, 8, [("U0ANNA", "Sleutels")]),
    "wrap-up, no blockers": lambda: wrap_up(5, 8, []),
    "wrap-up, no answers": lambda: wrap_up(0, 8, []),
    "cancel ask": lambda: cancel_ask("Sync", 4.5),
    "list": lambda: checkins_list(LIST),
    "empty list": lambda: checkins_list([]),
    "paused": lambda: paused_message("Sync"),
    "resumed": lambda: resumed_message("Sync", CADENCE),
    "stopped": lambda: stopped_message("Sync", "C0TEAM"),
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_no_english_sentence_is_left_in_a_dutch_message(name: str) -> None:
    english = _all_text(BUILDERS[name]())
    with speaking("nl"):
        dutch = _all_text(BUILDERS[name]())
    assert dutch != english
    assert len(_words(english)) >= 2
    assert _runs(english) & _runs(dutch) == set(), dutch


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_every_word_of_every_builder_comes_from_the_catalog(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The pseudo-translation marks each catalog message: a word outside the marks bypassed it.
    monkeypatch.setattr(catalog, "_catalogs", catalog.Catalogs(pseudo=True))
    with speaking("nl"):
        built = BUILDERS[name]()
    if isinstance(built, Rendered):
        said = {"text": built.text, "blocks": built.blocks}
    else:  # a modal: its metadata is Kairos's own, no one reads it
        said = {key: value for key, value in built.items() if key != "private_metadata"}
    assert missed(read_texts(said)) == {}


def test_the_dutch_setup_modal_keeps_to_slacks_limits_and_gives_the_same_plan() -> None:
    with speaking("nl"):
        view = setup_modal(DEFAULTS)
        plan = parse_setup(submitted(view), view["private_metadata"])
    check_modal(view)
    assert view["title"]["text"] == "Maak het async"
    assert view["submit"]["text"] == "Instellen"
    by_block = {b.get("block_id"): b for b in view["blocks"]}
    assert by_block["time"]["hint"]["text"] == (
        "Iedereen krijgt de vraag binnen de eigen werktijd, buiten focus en verlof."
    )
    days = [o["text"]["text"] for o in by_block["weekdays"]["element"]["options"]]
    assert days[0] == "Maandag"
    assert days[-1] == "Zondag"
    dues = [o["text"]["text"] for o in by_block["due"]["element"]["options"]]
    assert dues == ["2 werkuren later", "4 werkuren later", "8 werkuren later"]
    # Each set's questions fit its option's description whole (Slack's 75 characters).
    sets = by_block["question_set"]["element"]["options"]
    assert not [o for o in sets if o.get("description", {}).get("text", "").endswith("…")]
    assert plan == CheckInPlan("Sync", "C0TEAM", STANDUP, QuestionSet.STANDUP, PEOPLE, CADENCE)


def test_refusals_in_dutch() -> None:
    view = setup_modal(DEFAULTS)
    state = submitted(
        view, channel={"selected_conversation": None}, people={"selected_users": []},
        weekdays={"selected_options": []}, time={"selected_time": "later"},
        due={"selected_option": None},
    )  # fmt: skip
    with speaking("nl"):
        errors = parse_setup(state, view["private_metadata"])
        own = parse_setup(
            submitted(view, question_set={"selected_option": {"value": "custom"}}),
            view["private_metadata"],
        )
        typed = parse_setup(submitted(view, question_1={"value": "Nieuws?"}), "{}")
        answers = parse_answers({"answer_1": {"value": {"value": ""}}})
    assert errors == {
        "channel": "Kies het kanaal voor de check-in.",
        "people": "Kies minstens één persoon.",
        "weekdays": "Kies minstens één dag.",
        "time": "Kies een tijd, zoals 09:30.",
        "due": "Kies wanneer de antwoorden binnen moeten zijn.",
    }
    assert own == {"question_1": "Schrijf minstens één vraag, of kies een kant-en-klare set."}
    assert typed == {
        "channel": "Dit formulier is verouderd. Sluit het en klik nog eens op “Maak het async”."
    }
    assert answers == {"answer_1": "Beantwoord minstens één vraag, of sla deze ronde over."}


@pytest.mark.parametrize(
    "question_set", [QuestionSet.STANDUP, QuestionSet.STATUS, QuestionSet.RETRO]
)
def test_every_ready_made_question_is_translated_and_ones_own_are_shown_as_typed(
    question_set: QuestionSet,
) -> None:
    with speaking("nl"):
        dutch = [question_text(q) for q in questions_of(question_set)]
        own = question_text("What did you ship?")
    assert all(d != e for d, e in zip(dutch, questions_of(question_set), strict=True))
    assert all(d.endswith("?") for d in dutch)
    assert own == "What did you ship?"


def test_dutch_round_messages() -> None:
    with speaking("nl"):
        post = opening_post("Sync", DUE, AMS, 7)
        ask = ask_message("Sync", "C0TEAM", DUE, AMS, "k")
        modal = answer_modal("Sync", "C0TEAM", STANDUP, 2, "k")
        answered = answer_post("U0ANNA", STANDUP, ["Klaar", "", "Sleutels"])
        closed = wrap_up(5, 8, [("U0ANNA", "Sleutels"), ("U0BEN", "niks")])
    assert post.text == (
        "Check-in voor *Sync*: antwoorden in deze thread, uiterlijk di 8 dec om 13:30 "
        "(Europe/Amsterdam)."
    )
    buttons = ask.blocks[1]["elements"]
    assert [b["text"]["text"] for b in buttons] == ["Antwoorden", "Deze ronde overslaan"]
    assert [b["action_id"] for b in buttons] == [Action.CHECKIN_ANSWER, Action.CHECKIN_SKIP]
    check_modal(modal)
    labels = [b["label"]["text"] for b in modal["blocks"] if b["type"] == "input"]
    assert labels == ["Wat heb je afgerond?", "Wat pak je hierna op?", "Loop je ergens tegenaan?"]
    assert answered.text == "Antwoord van <@U0ANNA>:"
    assert answered.blocks[1]["text"]["text"] == "*Wat heb je afgerond?*\nKlaar"
    assert closed.text == ("*Check-in gesloten:* antwoord van 5 van de 8 mensen. *1 blokkade*")
    assert "U0BEN" not in texts(closed.blocks)
    for rendered in (post, ask, answered, closed):
        check_blocks(rendered.blocks)


def test_dutch_organizer_messages() -> None:
    with speaking("nl"):
        listed = checkins_list(LIST)
        asked = cancel_ask("Sync", 4.5)
        cadence = cadence_text(Cadence(frozenset({4, 0}), time(16), "UTC", 2))
    check_blocks(listed.blocks)
    assert listed.text == "*Je 3 check-ins*"
    assert listed.blocks[1]["text"]["text"] == (
        "*Sync* in <#C0TEAM>\nma, wo om 09:30 (Europe/Amsterdam) · actief"
    )
    labels = [e["text"]["text"] for b in listed.blocks if b["type"] == "actions"
              for e in b["elements"]]  # fmt: skip
    assert labels == ["Pauzeren", "Aanpassen", "Stoppen", "Hervatten", "Aanpassen", "Stoppen"]
    assert all(len(label) <= 75 for label in labels)
    assert "Dat scheelt 4,5 deelnemersuren per week." in texts(asked.blocks)
    assert cadence == "om de 2 weken op ma, vr om 16:00 (UTC)"


def test_dutch_dms_and_confirmations_word_for_word() -> None:
    with speaking("nl"):
        reminder = reminder_message("Sync", "C0TEAM", DUE, AMS, "k")
        said = [
            ask_message("Sync", "C0TEAM", DUE, AMS, "k").text,
            reminder.text,
            answered_message("Sync", "C0TEAM").text,
            skipped_message("Sync").text,
            paused_message("Sync").text,
            resumed_message("Sync", CADENCE).text,
            stopped_message("Sync", "C0TEAM").text,
        ]
    assert said == [
        "Check-in voor *Sync*: graag je antwoorden, uiterlijk di 8 dec om 13:30. Ze komen "
        "onder jouw naam in de thread in <#C0TEAM>.",
        "Een kleine herinnering: de check-in voor *Sync* in <#C0TEAM> sluit op di 8 dec om "
        "13:30. Een paar woorden is genoeg, of sla deze ronde over.",
        "Dank je! Je antwoorden voor *Sync* staan in de thread in <#C0TEAM>.",
        "Je slaat deze ronde van *Sync* over. Tot de volgende!",
        "*Sync* staat op pauze: geen rondes tot je hem hervat met `/kairos async`.",
        "*Sync* loopt weer: er zijn weer rondes, ma, wo om 09:30 (Europe/Amsterdam).",
        "*Sync* is gestopt: geen rondes meer. De antwoorden die er al staan, blijven in <#C0TEAM>.",
    ]
    assert reminder.blocks[-1]["elements"][0]["text"] == "Dit is de enige herinnering."
