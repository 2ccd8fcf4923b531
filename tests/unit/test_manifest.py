"""The manifest validates against Slack's own schema and matches what the code handles."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from bot.slack.manifest import BOT_EVENTS, BOT_SCOPES, build_manifest

REFERENCE = Path(__file__).resolve().parents[2] / "bot" / "demo" / "fake_slack" / "reference"


SCHEMA_BASE = "https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/"


def _validate(manifest: dict) -> None:
    """Validate with Slack's top-level schema, resolving its versioned parts from disk."""
    folder = REFERENCE / "manifest"
    registry = Registry().with_resources(
        (
            SCHEMA_BASE + name,
            Resource.from_contents(
                json.loads((folder / name).read_text()), default_specification=DRAFT7
            ),
        )
        for name in ("manifest.schema.1.0.0.json", "manifest.schema.2.0.0.json")
    )
    schema = json.loads((folder / "manifest.schema.json").read_text())
    jsonschema.Draft7Validator(schema, registry=registry).validate(manifest)


@pytest.mark.parametrize(
    "manifest",
    [
        build_manifest(socket_mode=True),
        build_manifest(socket_mode=False, base_url="https://kairos.example.com"),
    ],
    ids=["socket-mode", "http"],
)
def test_manifest_validates_against_slacks_schema(manifest: dict) -> None:
    _validate(manifest)


def test_slacks_own_example_validates() -> None:
    example = json.loads((REFERENCE / "manifest" / "example.valid.v1.json").read_text())
    example.pop("$schema")
    _validate(example)


def test_schema_check_can_fail() -> None:
    broken = build_manifest(socket_mode=True)
    broken["oauth_config"]["scopes"]["bot"] = "chat:write"  # must be a list
    with pytest.raises(jsonschema.ValidationError):
        _validate(broken)


def test_http_manifest_points_everything_at_the_one_path() -> None:
    manifest = build_manifest(socket_mode=False, base_url="https://kairos.example.com/")
    url = "https://kairos.example.com/slack/events"
    assert manifest["settings"]["event_subscriptions"]["request_url"] == url
    assert manifest["settings"]["interactivity"]["request_url"] == url
    assert all(c["url"] == url for c in manifest["features"]["slash_commands"])
    assert manifest["settings"]["socket_mode_enabled"] is False


def test_socket_mode_manifest_has_no_urls() -> None:
    text = json.dumps(build_manifest(socket_mode=True))
    assert "request_url" not in text
    assert '"url"' not in text


def test_every_event_has_the_scopes_slack_requires() -> None:
    events = {e["name"]: e for e in json.loads((REFERENCE / "events.json").read_text())}
    for name in BOT_EVENTS:
        assert name in events, f"{name} is not a Slack event"
        missing = set(events[name].get("scopes", [])) - set(BOT_SCOPES)
        assert not missing, f"{name} needs {missing}"


def test_http_mode_needs_a_url() -> None:
    with pytest.raises(ValueError, match="base URL"):
        build_manifest(socket_mode=False)


def test_uninstall_and_revocation_are_subscribed() -> None:
    events = build_manifest(socket_mode=True)["settings"]["event_subscriptions"]["bot_events"]
    assert "app_uninstalled" in events
    assert "tokens_revoked" in events


def test_the_my_data_upload_has_its_scopes() -> None:
    # files.getUploadURLExternal and files.completeUploadExternal need files:write;
    # conversations.open (the DM to share the file in) needs im:write.
    methods = REFERENCE / "methods"
    scopes = set(build_manifest(socket_mode=True)["oauth_config"]["scopes"]["bot"])
    for method in ("files.getUploadURLExternal", "files.completeUploadExternal"):
        needed = json.loads((methods / f"{method}.json").read_text())["scope"]["bot"]
        assert set(needed) <= scopes, method
    opening = json.loads((methods / "conversations.open.json").read_text())["scope"]["bot"]
    assert "im:write" in opening
    assert "im:write" in scopes
