"""Privacy end to end: `/kairos forget-me` (the modal, then the submission), `/kairos my-data`
(a JSON file in the DM), and Slack's app_uninstalled and tokens_revoked events, with signed
requests against a running Kairos and the fake Slack.

The module's last test uninstalls the app, which empties the database: keep it last.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import func, select

from bot.connect.service import REQUIRED_SCOPES
from bot.connect.tables import UserConnection
from bot.db.registry import metadata
from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus.tables import HeldMention, Person
from tests.e2e.conftest import (
    RunningKairos,
    running_kairos,
    wait_until,
    with_connect,
)

pytestmark = pytest.mark.e2e
PUBLIC = "https://kairos.example.com"
FORGET_ME = "privacy.forget_me"
# app_uninstalled keeps the job leases (they name replicas, not people) and the record
# that the event was handled.
KEPT_ON_UNINSTALL = {"job_leases", "processed_events"}


@pytest.fixture(scope="module")
def kairos(
    fake_slack: FakeSlack, e2e_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningKairos]:
    """Kairos with Connect set up (so forget-me has a token to revoke)."""
    cwd = tmp_path_factory.mktemp("privacy")
    settings = with_connect(fake_slack, PUBLIC)
    with running_kairos(fake_slack, e2e_database_url, cwd, **settings) as running:
        yield running


def _people(fake: FakeSlack, *prefixes: str) -> list[str]:
    """New people, and a channel they and Kairos are in (its id last)."""
    users = [f"{p}{uuid.uuid4().hex[:6].upper()}" for p in prefixes]
    for user in users:
        fake.add_user(user, name=user.lower(), tz="Europe/Amsterdam")
    room = f"C{uuid.uuid4().hex[:8].upper()}"
    fake.add_channel(room, name=room.lower(), members=users)
    return [*users, room]


def _command(
    kairos: RunningKairos,
    fake: FakeSlack,
    command: str,
    text: str,
    user: str,
    trigger_id: str | None = None,
    response_url: str | None = None,
) -> httpx.Response:
    body = payloads.slash_command_form(
        command, text, user_id=user, channel_id="C0PRIVACY",
        response_url=response_url or fake.new_response_url(), trigger_id=trigger_id,
    )  # fmt: skip
    response = kairos.post_form(body)
    assert response.status_code == 200, response.text
    return response


def _focus_with_a_held_mention(
    kairos: RunningKairos, fake: FakeSlack, user: str, sender: str, room: str
) -> str:
    """The person focuses and `sender` mentions them: a person row and a held mention.
    Returns the mention's ts."""
    _command(kairos, fake, "/focus", "now 90m", user)
    ts, text = payloads.new_ts(), f"<@{user}> could you look at the plan?"
    fake.add_message(room, user=sender, text=text, ts=ts)
    event = payloads.event_callback(payloads.message_event(sender, room, text, ts=ts))
    assert kairos.post_json(event).status_code == 200
    return ts


def _connect(kairos: RunningKairos, fake: FakeSlack, user: str) -> str:
    """The person connects their Slack account (Home tab, OAuth); returns their token."""
    opened = payloads.event_callback(payloads.app_home_opened_event(user))
    assert kairos.post_json(opened).status_code == 200
    home = fake.home_view(user)
    assert home is not None
    buttons = [e for b in home["blocks"] if b["type"] == "actions" for e in b["elements"]]
    url = next(b["url"] for b in buttons if b.get("action_id") == "connect.open")
    code = "code-" + uuid.uuid4().hex
    token = fake.add_oauth_code(
        code,
        user_id=user,
        scopes=list(REQUIRED_SCOPES),
        redirect_uri=PUBLIC + "/slack/oauth/callback",
    )
    page = httpx.get(
        f"http://127.0.0.1:{kairos.port}/slack/oauth/callback",
        params={"code": code, "state": parse_qs(urlsplit(url).query)["state"][0]},
    )
    assert page.status_code == 200, page.text
    return token


def _held(kairos: RunningKairos, user: str) -> int:
    query = select(func.count()).select_from(HeldMention).where(HeldMention.recipient_id == user)
    return int(kairos.scalars(query)[0])


def _rows(kairos: RunningKairos, user: str) -> tuple[int, int, int]:
    """(person rows, mentions held for them, Connect rows) of one person."""
    people = select(func.count()).select_from(Person).where(Person.user_id == user)
    connected = (
        select(func.count()).select_from(UserConnection).where(UserConnection.user_id == user)
    )
    return int(kairos.scalars(people)[0]), _held(kairos, user), int(kairos.scalars(connected)[0])


def _open_forget_me(kairos: RunningKairos, fake: FakeSlack, user: str) -> dict[str, Any]:
    """`/kairos forget-me`; returns the modal Slack was asked to open."""
    before = len(fake.calls)
    answer = _command(kairos, fake, "/kairos", "forget-me", user, fake.new_trigger_id(user))
    assert answer.text == ""  # the modal is the answer
    opened = fake.wait_for_call("views.open", after=before)
    view: dict[str, Any] = opened.args["view"]
    assert fake.last_view(user, view_type="modal") == fake.views_for(user)[-1]
    return view


def _submit(kairos: RunningKairos, view: dict[str, Any], user: str, metadata: str = "") -> None:
    payload = payloads.view_submission_payload(
        view["callback_id"], {}, user_id=user, private_metadata=metadata, blocks=view["blocks"]
    )
    response = kairos.post_form(payloads.block_actions_form(payload))
    assert response.status_code == 200
    assert response.text == ""  # the modal closes


def _dm_to(fake: FakeSlack, user: str, words: str, after: int) -> str:
    dm = fake.open_dm(user)
    call = fake.wait_for_call(
        "chat.postMessage",
        predicate=lambda c: c.args.get("channel") == dm and words in json.dumps(c.args),
        after=after,
        timeout=10,
    )
    return json.dumps(call.args)


def test_forget_me_confirms_then_deletes_and_revokes(
    kairos: RunningKairos, fake_slack: FakeSlack
) -> None:
    alice, bob, carol, room = _people(fake_slack, "UA", "UB", "UC")
    _focus_with_a_held_mention(kairos, fake_slack, alice, carol, room)
    _focus_with_a_held_mention(kairos, fake_slack, bob, carol, room)
    token = _connect(kairos, fake_slack, alice)
    # Connected mid-focus: Kairos snoozes her and sets its status (the sweep is woken).
    wait_until(lambda: fake_slack.user(alice)["profile"]["status_emoji"] == ":headphones:")
    assert _rows(kairos, alice) == (1, 1, 1)

    view = _open_forget_me(kairos, fake_slack, alice)
    shown = json.dumps(view)
    assert view["callback_id"] == FORGET_ME
    assert "focus hours and sessions: 1" in shown
    assert "mentions held for you: 1" in shown
    assert "your Slack connection (Connect): 1" in shown
    assert "Kept:" in shown
    assert alice not in shown  # nothing in the modal says whose data it is
    # Opening it deletes nothing; Cancel tells Kairos nothing (no notify_on_close).
    assert not view.get("notify_on_close")
    assert _rows(kairos, alice) == (1, 1, 1)

    before = len(fake_slack.calls)
    _submit(kairos, view, alice)

    told = _dm_to(fake_slack, alice, "deleted everything", before)
    assert "What cannot be deleted" in told
    assert _rows(kairos, alice) == (0, 0, 0)
    revoked = [c for c in fake_slack.calls_to("auth.revoke") if c.token == token]
    assert len(revoked) == 1
    assert revoked[0].response == {"ok": True, "revoked": True}
    # Her own status came back before the token was revoked.
    assert fake_slack.user(alice)["profile"]["status_emoji"] == ""
    # Someone else's data is untouched.
    assert _rows(kairos, bob) == (1, 1, 0)
    assert token not in kairos.process.output()


def test_forget_me_with_nothing_held_just_says_so(
    kairos: RunningKairos, fake_slack: FakeSlack
) -> None:
    (newcomer, _room) = _people(fake_slack, "UN")

    view = _open_forget_me(kairos, fake_slack, newcomer)

    assert "submit" not in view
    assert "holds nothing about you" in json.dumps(view)


def test_a_submission_forgets_only_the_person_who_sent_it(
    kairos: RunningKairos, fake_slack: FakeSlack
) -> None:
    alice, mallory, carol, room = _people(fake_slack, "UA", "UM", "UC")
    _focus_with_a_held_mention(kairos, fake_slack, alice, carol, room)
    view = _open_forget_me(kairos, fake_slack, alice)

    # Alice's confirmation, submitted as Mallory, with Alice's id in the metadata too.
    before = len(fake_slack.calls)
    _submit(kairos, view, mallory, metadata=alice)

    _dm_to(fake_slack, mallory, "held nothing about you", before)
    assert _rows(kairos, alice) == (1, 1, 0)
    alice_dm = fake_slack.open_dm(alice)
    assert [c for c in fake_slack.calls[before:] if c.args.get("channel") == alice_dm] == []


def test_my_data_arrives_as_a_json_file_in_the_dm(
    kairos: RunningKairos, fake_slack: FakeSlack
) -> None:
    alice, bob, carol, room = _people(fake_slack, "UA", "UB", "UC")
    held_ts = _focus_with_a_held_mention(kairos, fake_slack, alice, carol, room)
    bob_ts = _focus_with_a_held_mention(kairos, fake_slack, bob, carol, room)
    before = len(fake_slack.calls)

    answer = _command(kairos, fake_slack, "/kairos", "my-data", alice).json()

    assert answer["text"] == "Preparing your data… I'll send it to you in a direct message."
    assert answer["response_type"] == "ephemeral"
    done = fake_slack.wait_for_call("files.completeUploadExternal", after=before, timeout=10)
    dm = fake_slack.open_dm(alice)
    assert done.args["channel_id"] == dm
    assert "files.getUploadURLExternal" in [c.method for c in fake_slack.calls[before:]]
    message = fake_slack.last_message(dm)
    (shared,) = message["files"]
    assert shared["name"].startswith(f"kairos-data-{alice}-")
    assert shared["name"].endswith(".json")
    content = httpx.get(
        shared["url_private_download"],
        headers={"Authorization": f"Bearer {fake_slack.bot_token}"},
    ).content
    export = json.loads(content)
    assert export["user_id"] == alice
    text = content.decode("utf-8")
    assert held_ts in text  # the mention held for her
    assert bob not in text  # nothing of anyone else's
    assert bob_ts not in text
    assert export["about"] not in kairos.process.output()  # the export is not logged


def test_when_slack_will_not_revoke_nothing_is_deleted_and_the_person_is_told(
    kairos: RunningKairos, fake_slack: FakeSlack
) -> None:
    alice, carol, room = _people(fake_slack, "UA", "UC")
    _focus_with_a_held_mention(kairos, fake_slack, alice, carol, room)
    token = _connect(kairos, fake_slack, alice)
    view = _open_forget_me(kairos, fake_slack, alice)
    fake_slack.fail_next("auth.revoke", "internal_error")

    before = len(fake_slack.calls)
    _submit(kairos, view, alice)

    _dm_to(fake_slack, alice, "went wrong on my side while deleting", before)
    assert _rows(kairos, alice) == (1, 1, 1)  # a live token is never just dropped
    assert f"forgetting {alice} (/kairos forget-me) failed" in kairos.process.output()

    # Trying again works.
    before = len(fake_slack.calls)
    _submit(kairos, view, alice)
    _dm_to(fake_slack, alice, "deleted everything", before)
    assert _rows(kairos, alice) == (0, 0, 0)
    assert fake_slack.calls_to("auth.revoke")[-1].token == token


def test_when_the_upload_fails_the_person_is_told(
    kairos: RunningKairos, fake_slack: FakeSlack
) -> None:
    alice, carol, room = _people(fake_slack, "UA", "UC")
    _focus_with_a_held_mention(kairos, fake_slack, alice, carol, room)
    fake_slack.fail_next("files.completeUploadExternal", "internal_error")
    response_url = fake_slack.new_response_url()

    _command(kairos, fake_slack, "/kairos", "my-data", alice, response_url=response_url)

    (told,) = fake_slack.wait_for_response(response_url, timeout=10)
    assert "couldn't send you your data" in told["text"]
    assert told["response_type"] == "ephemeral"
    log = kairos.wait_for_output(f"sending {alice} their data (/kairos my-data) failed")
    assert "Everything Kairos holds about you" not in log  # who, never the data


def test_tokens_revoked_drops_the_connection(kairos: RunningKairos, fake_slack: FakeSlack) -> None:
    (erin, _room) = _people(fake_slack, "UE")
    _connect(kairos, fake_slack, erin)
    assert _rows(kairos, erin)[2] == 1
    event = payloads.event_callback(payloads.tokens_revoked_event(oauth=[erin]))
    before = len(fake_slack.calls)

    assert kairos.post_json(event).status_code == 200

    assert _rows(kairos, erin)[2] == 0
    # Slack already killed the token: nothing is called with it.
    assert fake_slack.calls_to("auth.revoke")[before:] == []
    assert kairos.post_json(event).status_code == 200  # a retry is acknowledged


def test_app_uninstalled_empties_the_database(kairos: RunningKairos, fake_slack: FakeSlack) -> None:
    alice, carol, room = _people(fake_slack, "UA", "UC")
    _focus_with_a_held_mention(kairos, fake_slack, alice, carol, room)
    assert _rows(kairos, alice) == (1, 1, 0)
    event = payloads.event_callback(payloads.app_uninstalled_event())

    assert kairos.post_json(event).status_code == 200

    for table in metadata.sorted_tables:
        if table.name not in KEPT_ON_UNINSTALL:
            assert kairos.scalars(select(func.count()).select_from(table)) == [0], table.name
    # Event ids say nothing about anyone and stay (retention clears them within a day): the
    # uninstall's own id is recorded with its deletes, so Slack's retry changes nothing.
    handled = kairos.scalars(select(metadata.tables["processed_events"].c.event_id))
    assert event["event_id"] in handled
    assert kairos.post_json(event).status_code == 200  # a retry is acknowledged
