"""What Kairos says about norms, in Dutch: the words, the editor (within Slack's limits, and
filled in with Dutch that reads back as the same norms), its refusals, the posts and DMs."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.blocks import MAX_SECTION_TEXT
from bot.i18n import speaking
from bot.norms.messages import (
    MAX_HOME_CHANNELS,
    change_posted,
    describe_response,
    describe_urgent,
    editor_errors,
    editor_modal,
    home_section,
    no_editor,
    on_joining,
    reminder_message,
    shown,
)
from bot.norms.model import (
    CALL,
    KIND,
    MAX_WORKING_DAYS,
    MAX_WORKING_MINUTES,
    NOT_FOR,
    PURPOSE,
    RESPONSE,
    URGENT_CHANNEL,
    URGENT_OTHER,
    ChannelKind,
    Norms,
    NormsInputError,
    Part,
    ResponseKind,
    ResponseTime,
    UrgentKind,
    UrgentRoute,
    parse_norms,
)
from bot.norms.questions import Reminder
from bot.norms.service import MayNotSetNorms, NotAChannel, NotInChannel

MINUTES, NEXT_DAY = ResponseKind.WORKING_MINUTES, ResponseKind.NEXT_WORKING_DAY
NORMS = Norms(
    "Vragen over de betaal-API",
    ChannelKind.ASYNC,
    ResponseTime(MINUTES, 240),
    UrgentRoute(UrgentKind.CHANNEL, "C0URGENT"),
    "Storingen",
)
# Slack's limits in a modal: its title, an input's label, hint and placeholder, an option.
MAX_TITLE, MAX_LABEL, MAX_HINT, MAX_PLACEHOLDER, MAX_OPTION = 24, 2000, 2000, 150, 75
# English that must not be left in a Dutch message (Kairos's words, not the channel's).
ENGLISH = re.compile(
    r"\b(?:Norms|norms of|For:|Kind|Response time|Urgent|Not for|working|within|the same|"
    r"call the person|none set|none named|Welcome|agreed|shows them|purpose|updated|set by|"
    r"question|waiting|answer|Only you)\b"
)


def _texts(blocks: list[dict[str, Any]]) -> list[str]:
    texts = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    for block in blocks:
        if block["type"] == "context":
            texts += [element["text"] for element in block["elements"]]
    return texts


@pytest.mark.parametrize(
    ("response", "words"),
    [
        (None, "niet afgesproken"),
        (ResponseTime(MINUTES, 240), "binnen 4 werkuren"),
        (ResponseTime(MINUTES, 60), "binnen 1 werkuur"),
        (ResponseTime(MINUTES, 90), "binnen 90 werkminuten"),
        (ResponseTime(MINUTES, 1), "binnen 1 werkminuut"),
        (ResponseTime(MINUTES, 2399), "binnen 2.399 werkminuten"),
        (ResponseTime(NEXT_DAY, 1), "uiterlijk de volgende werkdag"),
        (ResponseTime(NEXT_DAY, 3), "binnen 3 werkdagen"),
        (ResponseTime(ResponseKind.SAME_DAY), "dezelfde werkdag"),
    ],
)
def test_response_times_in_dutch_words(response: ResponseTime | None, words: str) -> None:
    with speaking("nl"):
        assert describe_response(response) == words


def test_english_keeps_its_words_and_says_one_minute_in_the_singular() -> None:
    assert describe_response(ResponseTime(MINUTES, 2399)) == "within 2399 working minutes"
    assert describe_response(ResponseTime(MINUTES, 1)) == "within 1 working minute"
    with speaking("en"):
        assert describe_response(ResponseTime(NEXT_DAY, 2)) == "within 2 working days"


def test_urgent_routes_in_dutch() -> None:
    with speaking("nl"):
        assert describe_urgent(CALL) == "bel de persoon"
        assert describe_urgent(None) == "niet afgesproken"
        assert describe_urgent(UrgentRoute(UrgentKind.CHANNEL, "C0URGENT")) == "<#C0URGENT>"


def _inputs(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["block_id"]: b for b in view["blocks"]}


def test_the_dutch_editor_keeps_to_slacks_limits_and_speaks_dutch() -> None:
    with speaking("nl"):
        view = editor_modal("C0PAY", NORMS)
    assert view["title"]["text"] == "Kanaalafspraken"
    assert view["submit"]["text"] == "Opslaan"
    assert len(view["title"]["text"]) <= MAX_TITLE
    inputs = _inputs(view)
    labels = [b["label"]["text"] for b in inputs.values()]
    assert "Waar dit kanaal voor is" in labels
    assert "Verwachte reactietijd" in labels
    assert all(len(label) <= MAX_LABEL for label in labels)
    assert all(len(b["hint"]["text"]) <= MAX_HINT for b in inputs.values() if "hint" in b)
    placeholders = [
        b["element"]["placeholder"]["text"]
        for b in inputs.values()
        if "placeholder" in b["element"]
    ]
    assert all(len(p) <= MAX_PLACEHOLDER for p in placeholders)
    options = [o["text"]["text"] for o in inputs[KIND]["element"]["options"]]
    assert options == ["Async", "Sync", "Mededelingen"]
    assert all(len(option) <= MAX_OPTION for option in options)
    assert inputs[RESPONSE]["element"]["initial_value"] == "binnen 4 werkuur"
    assert not any(ENGLISH.search(text) for text in [*labels, *placeholders, *options])


def _submitted(view: dict[str, Any]) -> Norms:
    """What the editor submits when saved untouched, as Slack fills in the initial values."""
    by_block = {b["block_id"]: b["element"] for b in view["blocks"]}
    return parse_norms(
        purpose=by_block[PURPOSE].get("initial_value", ""),
        kind=by_block[KIND]["initial_option"]["value"],
        response=by_block[RESPONSE].get("initial_value", ""),
        urgent_channel=by_block[URGENT_CHANNEL].get("initial_conversation"),
        urgent_other=by_block[URGENT_OTHER].get("initial_value", ""),
        not_for=by_block[NOT_FOR].get("initial_value", ""),
    )


response_times = st.one_of(
    st.none(),
    st.builds(ResponseTime, st.just(MINUTES), st.integers(1, MAX_WORKING_MINUTES)),
    st.builds(ResponseTime, st.just(NEXT_DAY), st.integers(1, MAX_WORKING_DAYS)),
    st.just(ResponseTime(ResponseKind.SAME_DAY)),
)


@given(response_times, st.sampled_from([None, CALL, UrgentRoute(UrgentKind.CHANNEL, "C0X")]))
def test_the_dutch_editor_is_filled_in_with_what_reads_back_as_the_same_norms(
    response: ResponseTime | None, urgent: UrgentRoute | None
) -> None:
    norms = Norms("Betalingen", ChannelKind.SYNC, response, urgent, None)
    with speaking("nl"):
        view = editor_modal("C0PAY", norms)
    assert _submitted(view) == norms


def test_a_refused_editor_says_each_problem_in_dutch_next_to_its_input() -> None:
    with pytest.raises(NormsInputError) as raised:
        parse_norms(
            purpose="   ", kind="chatty", response="wanneer dan ook", urgent_channel=None,
            urgent_other="email", not_for="x" * 151,
        )  # fmt: skip
    with speaking("nl"):
        errors = editor_errors(raised.value)
    assert set(errors) == {PURPOSE, KIND, RESPONSE, URGENT_OTHER, NOT_FOR}
    assert errors[PURPOSE] == "Zeg in één regel waar dit kanaal voor is."
    assert errors[KIND] == "Kies async, sync of mededelingen."
    assert errors[RESPONSE].startswith("“wanneer dan ook” is geen reactietijd.")
    assert "bel de persoon" in errors[URGENT_OTHER]
    assert "151" in errors[NOT_FOR]
    assert all(len(message) <= 150 for message in errors.values())
    assert not any(ENGLISH.search(message) for message in errors.values())
    # The English stays what it was, for the English reader and in the exception.
    assert editor_errors(raised.value) == raised.value.problems


@pytest.mark.parametrize(
    ("typed", "dutch"),
    [
        ("41 hours", "kan een kanaal niet beloven"),
        ("21 working days", "heel getal van 1 tot en met 20"),
        ("p" * 151, "Houd het doel bij één regel van 150 tekens"),
    ],
)
def test_other_refusals_in_dutch(typed: str, dutch: str) -> None:
    form = {"purpose": "Betalingen", "response": ""}
    form["purpose" if typed.startswith("p") else "response"] = typed
    with pytest.raises(NormsInputError) as raised:
        parse_norms(
            purpose=form["purpose"], kind="async", response=form["response"],
            urgent_channel="C0URGENT", urgent_other="", not_for="",
        )  # fmt: skip
    with speaking("nl"):
        (message,) = editor_errors(raised.value).values()
    assert dutch in message
    assert not ENGLISH.search(message)


def test_the_change_posted_in_a_dutch_channel_has_no_english_left() -> None:
    with speaking("nl"):
        message = change_posted("C0PAY", "U0CREATOR", tuple(Part), NORMS, first=False)
        first = change_posted("C0PAY", "U0CREATOR", (Part.KIND,), NORMS, first=True)
    assert message.text == (
        "Afspraken aangepast door <@U0CREATOR>: doel: “Vragen over de betaal-API”; "
        "soort: async; reactietijd: binnen 4 werkuren; bij spoed: <#C0URGENT>; "
        "niet voor: “Storingen”."
    )
    assert first.text == "Afspraken vastgelegd door <@U0CREATOR>: soort: async."
    texts = _texts(message.blocks)
    assert "*Reactietijd:* binnen 4 werkuren" in texts[1]
    assert "*Soort:* Async: antwoord wanneer het je uitkomt, binnen de reactietijd" in texts[1]
    assert not [text for text in texts if ENGLISH.search(text)]
    assert all(len(text) <= MAX_SECTION_TEXT for text in texts)


def test_the_norms_shown_and_sent_on_joining_in_dutch() -> None:
    with speaking("nl"):
        none = shown("C0PAY", None)
        some = shown("C0PAY", NORMS)
        joined = on_joining("C0PAY", Norms("Chat", ChannelKind.ANNOUNCEMENTS, None, CALL))
        refusal = no_editor()
    assert none.text.startswith("<#C0PAY> heeft nog geen afspraken.")
    assert none.blocks[-1]["elements"][0]["text"]["text"] == "Afspraken vastleggen"
    assert some.blocks[-1]["elements"][0]["text"]["text"] == "Afspraken aanpassen"
    assert some.text.startswith("*Afspraken van <#C0PAY>*")
    assert joined.text.startswith("Welkom in <#C0PAY>!")
    assert "*Soort:* Mededelingen: lezen, geen antwoord nodig" in joined.text
    assert "*Reactietijd:* niet afgesproken" in joined.text
    assert "*Bij spoed:* bel de persoon" in joined.text
    assert "`/kairos norms edit`" in refusal
    for text in (none.text, some.text, joined.text, refusal):
        assert not ENGLISH.search(text), text


def test_the_home_section_in_dutch() -> None:
    entries = [(f"C{n:04d}", NORMS) for n in range(MAX_HOME_CHANNELS + 3)]
    with speaking("nl"):
        empty = _texts(home_section([]))
        listed = _texts(home_section(entries))
    assert empty[0].startswith("*Kanaalafspraken*\nGeen van je kanalen")
    assert listed[0] == "*Afspraken in je kanalen*"
    assert listed[-1].startswith("…en nog 3:")
    assert not [text for text in [*empty, *listed] if ENGLISH.search(text)]


def test_reminders_in_dutch_with_their_plural() -> None:
    link = "https://example.slack.com/archives/C0ROOM/p1795424400000100"
    one = Reminder(1, "C0ROOM", "1795424400.000100", ResponseTime(MINUTES, 60), link)
    three = [one, *(Reminder(n, "C0ROOM", f"1795424400.00010{n}", one.response) for n in (2, 3))]
    with speaking("nl"):
        single = reminder_message([one])
        many = reminder_message(three)
    assert single.text == (
        "Een vraag aan jou in <#C0ROOM> wacht nog op antwoord (afspraak in het kanaal: "
        f"binnen 1 werkuur) · <{link}|Openen>"
    )
    assert many.text == "3 vragen aan jou wachten nog op antwoord."
    texts = _texts(many.blocks)
    assert texts[1].endswith("(afspraak in het kanaal: binnen 1 werkuur).")
    assert texts[-1] == "Alleen jij ziet dit, en ik herinner je maar één keer aan elke vraag."
    assert not [text for text in texts if ENGLISH.search(text)]


def test_refusals_of_the_norms_use_cases_in_dutch() -> None:
    with speaking("nl"):
        refusals = [NotAChannel(), MayNotSetNorms(), NotInChannel()]
    assert refusals[0].message.startswith("Afspraken horen bij een kanaal")
    assert "KAIROS_ADMIN_USERS" in refusals[1].message
    assert refusals[2].message.startswith("Ik zit niet in dit kanaal")
    assert not [r.message for r in refusals if ENGLISH.search(r.message)]
