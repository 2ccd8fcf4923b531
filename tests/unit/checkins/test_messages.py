"""What a check-in says, in English: the setup modal (within Slack's limits, and submitted
unchanged it sets up the check-in Kairos proposes), each refusal of a bad submission, the
round's posts and DMs, the answer modal, the answers in the thread and the wrap-up (the
organizer's messages: test_organizer_messages.py)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.blocks import MAX_BLOCKS_MESSAGE, MAX_SECTION_TEXT
from bot.checkins.messages import (
    answer_modal,
    answer_post,
    answered_message,
    ask_message,
    escaped,
    opening_post,
    parse_answers,
    reminder_message,
    skipped_message,
    wrap_up,
)
from bot.checkins.model import (
    Cadence,
    CheckInPlan,
    PlanProblem,
    QuestionSet,
    blocker_question,
    questions_of,
)
from bot.checkins.setup_messages import (
    PROBLEM_BLOCKS,
    SetupDefaults,
    parse_setup,
    series_key,
    setup_modal,
)
from bot.checkins.words import problem_text
from bot.demo.fake_slack.slack_messages import block_problems
from bot.ids import Action, View
from tests.unit.view_checks import check_blocks, check_modal

AMS = ZoneInfo("Europe/Amsterdam")
CADENCE = Cadence(frozenset({0, 2}), time(9, 30), "Europe/Amsterdam")
PEOPLE = tuple(f"U{n:04d}" for n in range(60))
DEFAULTS = SetupDefaults("series-1", "Team sync", "C0TEAM", PEOPLE[:4], CADENCE)
DUE = datetime(2026, 12, 8, 12, 30, tzinfo=UTC)  # Tue 8 Dec, 13:30 in Amsterdam
LONG_QUESTIONS = tuple(f"{n} " + "q" * 148 for n in range(1, 6))


def submitted(view: dict[str, Any], **changes: dict[str, Any]) -> dict[str, Any]:
    """The view state Slack sends for the modal submitted as shown (each input's initial
    value), with `changes` replacing whole inputs by block id."""
    state: dict[str, Any] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        kind = element["type"]
        value: dict[str, Any] = {"type": kind}
        if kind == "conversations_select":
            value["selected_conversation"] = element.get("initial_conversation")
        elif kind in ("radio_buttons", "static_select"):
            value["selected_option"] = element.get("initial_option")
        elif kind == "plain_text_input":
            value["value"] = element.get("initial_value")
        elif kind == "multi_users_select":
            value["selected_users"] = list(element.get("initial_users", []))
        elif kind == "checkboxes":
            value["selected_options"] = list(element.get("initial_options", []))
        elif kind == "timepicker":
            value["selected_time"] = element.get("initial_time")
        state[block["block_id"]] = {element["action_id"]: value}
    for block_id, value in changes.items():
        state[block_id] = {"value": value}
    return state


def message_checks(blocks: list[dict[str, Any]]) -> None:
    """A message's blocks as chat.postMessage takes them."""
    assert block_problems(blocks, limit=MAX_BLOCKS_MESSAGE, pointer="/blocks") == []
    check_blocks(blocks)


def texts_of(blocks: list[dict[str, Any]]) -> str:
    found = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    found += [e["text"] for b in blocks if b["type"] == "context" for e in b["elements"]]
    return "\n".join(found)


# The setup modal --------------------------------------------------------------------------


def test_the_setup_modal_is_filled_in_and_keeps_to_slacks_limits_with_50_people() -> None:
    view = setup_modal(SetupDefaults("series-1", "T" * 300, "C0TEAM", PEOPLE, CADENCE))
    check_modal(view)
    # The longest series key and a title of quotes, escaped in the metadata, still fit.
    check_modal(setup_modal(SetupDefaults("k" * 512, '"' * 300, "C0TEAM", PEOPLE, CADENCE)))
    assert view["callback_id"] == View.CHECKIN_SETUP
    assert view["title"]["text"] == "Make it async"
    by_block = {b.get("block_id"): b for b in view["blocks"]}
    assert by_block["channel"]["element"]["initial_conversation"] == "C0TEAM"
    assert by_block["channel"]["element"]["filter"]["include"] == ["public", "private"]
    assert by_block["people"]["element"]["initial_users"] == list(PEOPLE[:50])
    assert by_block["question_set"]["element"]["initial_option"]["value"] == "standup"
    assert [o["value"] for o in by_block["weekdays"]["element"]["initial_options"]] == ["0", "2"]
    assert by_block["time"]["element"]["initial_time"] == "09:30"
    assert by_block["time"]["hint"]["text"] == (
        "Each person is asked in their own working hours, outside focus and leave."
    )
    assert by_block["due"]["element"]["initial_option"]["value"] == "240"
    dues = [o["text"]["text"] for o in by_block["due"]["element"]["options"]]
    assert dues == ["2 working hours later", "4 working hours later", "8 working hours later"]
    carried = json.loads(view["private_metadata"])
    assert carried["series"] == "series-1"
    assert carried["zone"] == "Europe/Amsterdam"
    assert series_key(view["private_metadata"]) == "series-1"


def test_submitting_the_setup_modal_unchanged_sets_up_the_proposed_check_in() -> None:
    view = setup_modal(DEFAULTS)
    plan = parse_setup(submitted(view), view["private_metadata"])
    assert plan == CheckInPlan(
        title="Team sync",
        channel_id="C0TEAM",
        questions=("What did you finish?", "What's next?", "Anything blocking?"),
        question_set=QuestionSet.STANDUP,
        people=PEOPLE[:4],
        cadence=CADENCE,
        due_working_minutes=240,
    )


def test_a_fortnightly_series_keeps_its_rhythm_through_the_modal() -> None:
    cadence = Cadence(frozenset({4}), time(16), "America/New_York", 2, date(2026, 11, 30))
    view = setup_modal(SetupDefaults("s", "Demo", "G0PRIV", ("U1",), cadence))
    plan = parse_setup(submitted(view), view["private_metadata"])
    assert isinstance(plan, CheckInPlan)
    assert plan.cadence == cadence
    assert plan.channel_id == "G0PRIV"


def test_own_questions_in_the_order_of_their_inputs() -> None:
    view = setup_modal(DEFAULTS)
    own = {"selected_option": {"value": "custom"}}
    state = submitted(
        view, question_set=own, question_3={"value": "  Any  news?  "},
        question_1={"value": "What shipped?"},
    )  # fmt: skip
    plan = parse_setup(state, view["private_metadata"])
    assert isinstance(plan, CheckInPlan)
    assert plan.questions == ("What shipped?", "Any news?")
    assert plan.question_set is QuestionSet.CUSTOM


OWN = {"selected_option": {"value": "custom"}}


@pytest.mark.parametrize(
    ("changes", "block_id", "message"),
    [
        ({"channel": {"selected_conversation": None}}, "channel", "Pick the channel"),
        ({"channel": {"selected_conversation": "D0DM"}}, "channel", "Pick the channel"),
        ({"question_set": OWN}, "question_1", "Write at least one question"),
        (
            {"question_set": OWN, **{f"question_{n}": {"value": f"Q{n}?"} for n in range(1, 7)}},
            "question_1",
            "at most 5 questions",
        ),
        (
            {"question_set": OWN, "question_2": {"value": "x" * 151}},
            "question_1",
            "Keep each question to 150 characters.",
        ),
        ({"question_2": {"value": "Mine?"}}, "question_set", "Pick “Your own questions"),
        ({"question_set": {"selected_option": {"value": "poll"}}}, "question_set", "Pick a set"),
        ({"people": {"selected_users": []}}, "people", "Pick at least one person"),
        ({"people": {"selected_users": list(PEOPLE[:51])}}, "people", "at most 50 people"),
        ({"people": {"selected_users": ["C0NOTAUSER"]}}, "people", "from your workspace"),
        ({"weekdays": {"selected_options": []}}, "weekdays", "Pick at least one day."),
        ({"weekdays": {"selected_options": [{"value": "9"}]}}, "weekdays", "Monday to Sunday"),
        ({"time": {"selected_time": None}}, "time", "Pick a time of day"),
        ({"time": {"selected_time": "25:00"}}, "time", "Pick a time of day"),
        ({"due": {"selected_option": {"value": "17"}}}, "due", "Pick when answers are due."),
    ],
)
def test_each_bad_input_is_refused_next_to_its_input(
    changes: dict[str, Any], block_id: str, message: str
) -> None:
    view = setup_modal(DEFAULTS)
    errors = parse_setup(submitted(view, **changes), view["private_metadata"])
    assert isinstance(errors, dict)
    assert set(errors) == {block_id}
    assert message in errors[block_id]
    assert len(errors[block_id]) <= 150


@pytest.mark.parametrize("problem", list(PlanProblem))
def test_each_problem_the_model_finds_is_said_next_to_an_input_of_the_modal(
    problem: PlanProblem,
) -> None:
    blocks = {b.get("block_id") for b in setup_modal(DEFAULTS)["blocks"]}
    assert PROBLEM_BLOCKS[problem] in blocks
    assert 0 < len(problem_text(problem)) <= 150


def test_every_problem_at_once_and_an_unreadable_form() -> None:
    view = setup_modal(DEFAULTS)
    state = submitted(
        view, channel={"selected_conversation": None}, people={"selected_users": []},
        weekdays={"selected_options": []}, time={"selected_time": "noon"},
    )  # fmt: skip
    errors = parse_setup(state, view["private_metadata"])
    assert isinstance(errors, dict)
    assert set(errors) == {"channel", "people", "weekdays", "time"}
    assert parse_setup(submitted(view), "not json") == {
        "channel": "This form is out of date. Close it and click “Make it async” again."
    }
    six_weeks = Cadence(CADENCE.weekdays, time(9), "UTC", 6)
    rarely = setup_modal(SetupDefaults("s", "T", "C0T", ("U1",), six_weeks))
    assert set(parse_setup(submitted(rarely), rarely["private_metadata"])) == {"time"}


def test_no_channel_to_propose_leaves_the_pick_to_the_organizer() -> None:
    view = setup_modal(SetupDefaults("s", "", None, ("U1", "not-a-user"), CADENCE))
    check_modal(view)
    by_block = {b.get("block_id"): b for b in view["blocks"]}
    assert "initial_conversation" not in by_block["channel"]["element"]
    assert by_block["people"]["element"]["initial_users"] == ["U1"]
    assert view["blocks"][0]["text"]["text"].startswith("*Untitled meeting* as an async check-in")
    errors = parse_setup(submitted(view), view["private_metadata"])
    assert errors == {"channel": "Pick the channel to post the check-in in."}


# A round -----------------------------------------------------------------------------------


def test_the_opening_post_says_where_and_by_when_in_the_organizers_zone() -> None:
    post = opening_post("Team <sync>", DUE, AMS, 7)
    assert post.text == (
        "Check-in for *Team &lt;sync&gt;*: answers in this thread by Tue 8 Dec at 13:30 "
        "(Europe/Amsterdam)."
    )
    assert "I ask 7 people privately" in texts_of(post.blocks)
    assert "I ask 1 person privately" in texts_of(opening_post("T", DUE, AMS, 1).blocks)
    message_checks(post.blocks)


def test_the_ask_and_the_reminder_carry_answer_and_skip_buttons() -> None:
    ask = ask_message("Team sync", "C0TEAM", DUE, ZoneInfo("Asia/Tokyo"), "round-1:U1")
    assert ask.text == (
        "Check-in for *Team sync*: your answers, please, by Tue 8 Dec at 21:30. They are "
        "posted in the thread in <#C0TEAM> under your name."
    )
    reminder = reminder_message("Team sync", "C0TEAM", DUE, AMS, "round-1:U1")
    assert reminder.text.startswith("A gentle reminder: the check-in for *Team sync* in <#C0TEAM>")
    assert "This is the only reminder." in texts_of(reminder.blocks)
    for message in (ask, reminder):
        message_checks(message.blocks)
        buttons = message.blocks[1]["elements"]
        assert [b["action_id"] for b in buttons] == [Action.CHECKIN_ANSWER, Action.CHECKIN_SKIP]
        assert [b["text"]["text"] for b in buttons] == ["Answer", "Skip this round"]
        assert {b["value"] for b in buttons} == {"round-1:U1"}
    assert answered_message("Team sync", "C0TEAM").text == (
        "Thank you! Your answers to *Team sync* are in the thread in <#C0TEAM>."
    )
    assert skipped_message("Team sync").text.startswith("You skipped this round of *Team sync*.")


def test_the_answer_modal_has_one_input_per_question_and_marks_the_blocker_question() -> None:
    questions = questions_of(QuestionSet.STANDUP)
    view = answer_modal(
        "Team sync", "C0TEAM", questions, blocker_question(QuestionSet.STANDUP), "k"
    )
    check_modal(view)
    assert view["callback_id"] == View.CHECKIN_ANSWERS
    inputs = [b for b in view["blocks"] if b["type"] == "input"]
    assert [b["label"]["text"] for b in inputs] == list(questions)
    assert [b["block_id"] for b in inputs] == ["answer_1", "answer_2", "answer_3"]
    assert all(b["element"]["max_length"] == 2000 and b["element"]["multiline"] for b in inputs)
    assert [("hint" in b) for b in inputs] == [False, False, True]
    largest = answer_modal("T" * 300, "C0TEAM", LONG_QUESTIONS, None, "k" * 3000)
    check_modal(largest)
    assert not any("hint" in b for b in largest["blocks"])


def test_answers_are_read_in_question_order_and_an_all_empty_one_is_refused() -> None:
    state = {
        "answer_2": {"value": {"type": "plain_text_input", "value": None}},
        "answer_10": {"value": {"type": "plain_text_input", "value": "last"}},
        "answer_1": {"value": {"type": "plain_text_input", "value": "  shipped it \n"}},
    }
    assert parse_answers(state) == ("shipped it", "", "last")
    empty = {f"answer_{n}": {"value": {"value": " "}} for n in (2, 1)}
    assert parse_answers(empty) == {"answer_1": "Write at least one answer, or skip this round."}
    assert parse_answers({}) == {"answer_1": "Write at least one answer, or skip this round."}
    long = parse_answers({"answer_1": {"value": {"value": "x" * 2001}}})
    assert long == {"answer_1": "Keep an answer to 2,000 characters (this one has 2001)."}


def test_the_largest_answer_is_posted_whole_across_sections_within_slacks_limits() -> None:
    # Escaping turns each "&" into five characters: 2,000 of them need several sections.
    answers = ["&" * 2000, "a <!channel> b " * 133, "", "word " * 400, "x" * 2000]
    post = answer_post("U0ANNA", LONG_QUESTIONS, answers)
    message_checks(post.blocks)
    assert post.text == "<@U0ANNA> answered:"
    sections = [b["text"]["text"] for b in post.blocks]
    assert all(len(text) <= MAX_SECTION_TEXT for text in sections)
    assert len(post.blocks) <= MAX_BLOCKS_MESSAGE
    joined = "".join(sections)
    assert joined.count("&amp;") == 2000
    assert "<!channel>" not in joined
    assert "3 " + "q" * 148 not in joined  # the unanswered question is left out
    assert joined.count("x") == 2000


def test_the_wrap_up_counts_answers_puts_blockers_on_top_and_names_no_one_else() -> None:
    blockers = [("U0ANNA", "Waiting on the API keys"), ("U0BEN", "none"), ("U0CAT", "No.")]
    rendered = wrap_up(5, 8, blockers)
    assert rendered.text == "*Check-in closed:* 5 of 8 people answered. *1 blocker*"
    text = texts_of(rendered.blocks)
    assert "<@U0ANNA>: Waiting on the API keys" in text
    assert "U0BEN" not in text
    assert "U0CAT" not in text
    assert wrap_up(3, 3, []).text == "*Check-in closed:* 3 of 3 people answered. No blockers."
    assert wrap_up(0, 4, []).text == "*Check-in closed:* no answers this round."
    assert wrap_up(1, 1, []).text.startswith("*Check-in closed:* 1 of 1 person answered.")


def test_the_largest_wrap_up_keeps_to_slacks_limits() -> None:
    rendered = wrap_up(50, 50, [(user, "&" * 2000) for user in PEOPLE[:50]])
    message_checks(rendered.blocks)
    assert rendered.blocks[-1]["elements"][0]["text"] == "…and 30 more in the answers above."
    assert all(len(b["text"]["text"]) <= 400 for b in rendered.blocks[2:-1])


def test_escaping_leaves_nothing_a_person_typed_to_ping_anyone() -> None:
    assert escaped("<!here> & <@U1>") == "&lt;!here&gt; &amp; &lt;@U1&gt;"
