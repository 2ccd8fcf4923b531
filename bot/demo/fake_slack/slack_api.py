"""A local fake of Slack's Web API, Socket Mode and response_url, for tests.

FakeSlack serves, on 127.0.0.1 and a free port, from a background thread (uvicorn):

- POST/GET /api/<method>        the Web API (point WebClient(base_url=fake.api_url) at it)
- GET /files/<id>/<name>        private file downloads, with the bot token as Bearer
- POST /upload/<id>             upload URLs handed out by files.getUploadURLExternal
- POST /response/<id>           response_urls (new_response_url()), recorded for tests
- WS /link/?ticket=...          Socket Mode (the URL apps.connections.open returns)

Methods are checked against Slack's method reference (scopes, token types, required
arguments) and keep state like a small workspace. Modules:

- FakeSlack's methods: slack_core (identity, lifecycle), slack_scripting (what a test sets
  up), slack_inspection (what it reads back), socket_controls (Socket Mode);
- the workspace: slack_state, with slack_records (value types) and slack_specs (the method
  reference);
- the Web API: slack_methods (checks and dispatch), slack_messages and slack_channels (what
  the methods share), slack_conversations, slack_workspace, slack_views and slack_files
  (the methods);
- the wire: slack_http (routes and server thread), socket_mode (Socket Mode).

    with FakeSlack() as fake:
        fake.add_user("U1", name="ada")
        client = WebClient(token=fake.bot_token, base_url=fake.api_url)
        ...
"""

from __future__ import annotations

from bot.demo.fake_slack.slack_inspection import Inspection
from bot.demo.fake_slack.slack_records import Call
from bot.demo.fake_slack.slack_scripting import Scripting
from bot.demo.fake_slack.socket_controls import SocketModeControls

__all__ = ["Call", "FakeSlack"]


class FakeSlack(Scripting, Inspection, SocketModeControls):
    """A fake Slack workspace with one app installed, reachable over real HTTP: constructed
    and started as FakeSlackCore says, scripted, inspected and driven over Socket Mode by
    the methods of its bases."""
