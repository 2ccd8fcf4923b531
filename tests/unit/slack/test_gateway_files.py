"""The bot token is sent only to Slack's own file hosts."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient

from bot.slack.gateway import SlackGateway


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example.com/files/F1/invite.ics",
        "http://files.slack.com/files-pri/T1-F1/invite.ics",  # not https
        "https://files.slack.com.evil.example/x.ics",
    ],
)
def test_files_outside_slack_are_not_downloaded_with_the_token(url: str) -> None:
    gateway = SlackGateway(WebClient(token="xoxb-1", base_url="https://slack.com/api/"))
    with pytest.raises(ValueError, match="not a Slack file address"):
        gateway.download_file(url, 1024)
