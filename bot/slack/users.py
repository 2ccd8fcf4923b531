"""users.info for the gateway: one call answers a person's time zone, locale and name, and
the answer is kept for an hour."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.i18n.languages import stored_locale
from bot.ports import UnknownUser
from bot.slack.memo import Memo

# users.info errors that mean "no such person" (user_not_visible: a guest's restricted view).
UNKNOWN_USER = frozenset({"user_not_found", "user_not_visible"})
# Time zones and languages change rarely (travel, a new setting; user_change tells the
# database at once); an hour-old answer saves a users.info call per note.
PROFILE_CACHE_SECONDS = 3600.0


@dataclass(frozen=True)
class Profile:
    """What Kairos keeps of a person's Slack profile between calls."""

    tz: str  # the IANA zone; "UTC" when Slack has none
    locale: str | None  # "nl-NL"; None when Slack sent none Kairos can keep
    name: str  # the name Slack shows for them


class SlackUsers:
    """users.info, always with the locale, and the profiles it answered kept for a while."""

    def __init__(self, client: WebClient) -> None:
        self._client = client
        self._profiles: Memo[str, Profile] = Memo(PROFILE_CACHE_SECONDS)

    def info(self, user_id: str) -> dict[str, Any]:
        """users.info's user, asked afresh; UnknownUser when Slack has no such user."""
        try:
            response = self._client.users_info(user=user_id, include_locale=True)
        except SlackApiError as error:
            if error.response.get("error") in UNKNOWN_USER:
                raise UnknownUser() from None
            raise
        user: dict[str, Any] = response["user"]
        # A fresh answer (asked for a role, say) is the freshest profile too.
        self._profiles.put(user_id, _profile(user))
        return user

    def profile(self, user_id: str) -> Profile:
        """The person's zone, locale and name, from the kept answer or one users.info call."""
        return self._profiles.get(user_id, lambda: _profile(self.info(user_id)))


def _profile(user: dict[str, Any]) -> Profile:
    profile = user.get("profile") or {}
    name = profile.get("display_name") or user.get("real_name") or user.get("name")
    return Profile(str(user.get("tz") or "UTC"), stored_locale(user.get("locale")), str(name))
