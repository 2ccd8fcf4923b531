"""Connect: a person's own Slack token, so Kairos can pause their notifications during focus.

A bot token cannot snooze someone's notifications or set their status; only the person's
user token can. Connecting is OAuth v2 with user scopes; the token is kept encrypted.
"""
