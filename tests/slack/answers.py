"""What a Web API call answered, for the tests of the fake Slack."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from slack_sdk.errors import SlackApiError


def slack_error(call: Callable[[], Any]) -> dict[str, Any]:
    """The body of the error a Web API call answered."""
    with pytest.raises(SlackApiError) as caught:
        call()
    data: dict[str, Any] = caught.value.response.data
    return data
