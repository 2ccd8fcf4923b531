"""Slack's published rate limits for the Web API methods Kairos calls, as Kairos paces them.

Slack allows each method a number of calls per minute per workspace, by tier: Tier 2 20,
Tier 3 50, Tier 4 100 (short bursts above that are tolerated). chat.postMessage has its own
rule: about one message a second in one conversation, short bursts allowed, and a
workspace-wide cap Slack describes only as "several hundred per minute" (300 here).
chat.getPermalink and auth.test are "special" (tier 5) and not metered by Slack in a
documented way; they are paced as Tier 4.

Kept here rather than read from the simulated Slack's reference files: Kairos must not
depend on the demo. tests/unit/slack/test_limits.py checks this table against those files and
against the calls Kairos makes, so a new method cannot go unpaced unnoticed.
"""

from __future__ import annotations

from dataclasses import dataclass

TIER_2 = 20.0
TIER_3 = 50.0
TIER_4 = 100.0
POST_MESSAGE_PER_WORKSPACE = 300.0
POST_MESSAGE_PER_CONVERSATION = 60.0

# Seconds' worth of calls a bucket holds: the "short bursts" Slack tolerates.
BURST_SECONDS = 3.0


@dataclass(frozen=True)
class Limit:
    """Calls per minute for a method in one workspace, and in one conversation if Slack also
    limits it per conversation."""

    per_minute: float
    per_conversation: float | None = None


LIMITS: dict[str, Limit] = {
    "apps.connections.open": Limit(TIER_3),
    "auth.test": Limit(TIER_4),
    "chat.getPermalink": Limit(TIER_4),
    "chat.postEphemeral": Limit(TIER_4),
    "chat.postMessage": Limit(POST_MESSAGE_PER_WORKSPACE, POST_MESSAGE_PER_CONVERSATION),
    "chat.update": Limit(TIER_3),
    "conversations.history": Limit(TIER_3),
    "conversations.info": Limit(TIER_3),
    "conversations.join": Limit(TIER_3),
    "conversations.list": Limit(TIER_2),
    "conversations.members": Limit(TIER_4),
    "conversations.open": Limit(TIER_3),
    "conversations.replies": Limit(TIER_3),
    "files.completeUploadExternal": Limit(TIER_4),
    "files.getUploadURLExternal": Limit(TIER_4),
    "files.info": Limit(TIER_4),
    "usergroups.users.list": Limit(TIER_2),
    "users.conversations": Limit(TIER_3),
    "users.info": Limit(TIER_4),
    "users.lookupByEmail": Limit(TIER_3),
    "views.open": Limit(TIER_4),
    "views.publish": Limit(TIER_4),
    "views.update": Limit(TIER_4),
}
