"""Connect: OAuth for a person's user token, and pausing their notifications during focus
and days off (leave, public holidays).

For each connected person whose next change is due, the sweep compares "paused now" with
what Kairos last did on Slack, and acts:

- focus started: save their status, set ":headphones: Focusing until 11:30" (expiring a
  little after the end, in case Kairos is down then), snooze notifications until the end;
- leave or a public holiday started: the same, until the run of days off ends, with
  ":palm_tree: On leave until Fri 16 Jan" or ":palm_tree: Public holiday" (a focus block
  inside it changes nothing);
- the period's end moved (a new session, an edited block, leave taken or ended with
  `/focus back`): update the status and snooze;
- a pause longer than one snooze (a long focus, two weeks of leave): renew the snooze
  before it runs out;
- the pause ended: end the snooze if it still runs, give back their own status unless
  they changed it meanwhile.

The sweep's Slack calls happen outside database transactions (a 429 can take seconds to
wait out). The person's status is saved before Kairos replaces it, so a crash never loses
it. OAuth, disconnecting, forgetting and the sweep each open their own unit of work; touch,
end_snooze_for_urgent and ConnectLink (what focus calls) work in the caller's session.
"""

from __future__ import annotations

import logging
from datetime import datetime
from functools import partial
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from bot.connect import repo
from bot.connect.crypto import DecryptError, StateError, StateExpiredError, StateSigner, TokenCipher
from bot.connect.focus_sync import act, focus_now, leave_focus
from bot.connect.model import Seen, stored
from bot.connect.ports import (
    ConnectPort,
    OAuthRefusedError,
    SlackCallError,
    TokenRevokedError,
)
from bot.connect.tables import UserConnection
from bot.db.uow import UnitOfWork
from bot.errors import KairosUserError
from bot.focus.language import language_for
from bot.i18n import _
from bot.i18n.languages import Language
from bot.retry import FIRST_RETRY, Retries

log = logging.getLogger(__name__)

SLACK_AUTHORIZE_URL = "https://slack.com/oauth/v2/authorize"
CALLBACK_PATH = "/slack/oauth/callback"
REQUIRED_SCOPES = ("dnd:write", "users.profile:read", "users.profile:write")
# The first retry after a failed Slack call; later ones back off (bot/retry.py).
RETRY_AFTER_FAILURE = FIRST_RETRY
BATCH = 200


def redirect_uri_for(public_url: str) -> str:
    """The OAuth redirect URL under Kairos's public base URL."""
    return public_url.rstrip("/") + CALLBACK_PATH


def is_connected(session: Session, user_id: str) -> bool:
    """Whether Kairos can pause this person's notifications."""
    return repo.is_connected(session, user_id)


def touch(session: Session, user_id: str, now: datetime) -> None:
    """The person's focus schedule changed: the sweep looks at them on its next run."""
    connection = repo.get(session, user_id)
    if connection is not None:
        connection.next_change_at = now


class ConnectService:
    """OAuth and the focus sweep, with the app's client id, redirect URL and keys."""

    def __init__(
        self,
        *,
        client_id: str,
        redirect_uri: str,
        cipher: TokenCipher,
        authorize_base: str = SLACK_AUTHORIZE_URL,
    ) -> None:
        self._client_id = client_id
        self._redirect_uri = redirect_uri
        self._cipher = cipher
        self._signer = StateSigner(cipher.state_secret())
        self._authorize_base = authorize_base

    # ---- OAuth

    def authorize_url(self, user_id: str, now: datetime) -> str:
        """Slack's consent page for this person, with a signed state naming them."""
        query = urlencode(
            {
                "client_id": self._client_id,
                "user_scope": ",".join(REQUIRED_SCOPES),
                "redirect_uri": self._redirect_uri,
                "state": self._signer.sign(user_id, now),
            },
            safe=":/,",
        )
        return f"{self._authorize_base}?{query}"

    def complete_oauth(
        self, uow: UnitOfWork, port: ConnectPort, code: str, state: str, now: datetime
    ) -> str:
        """Check the state, trade the code, store the token encrypted; returns the user id."""
        try:
            user_id = self._signer.read(state, now)
        except StateExpiredError:
            raise KairosUserError(
                _(
                    "This Connect link is more than an hour old, so Kairos can't trust it any "
                    "more. Open the Kairos Home tab in Slack and press Connect again."
                )
            ) from None
        except StateError:
            raise KairosUserError(
                _(
                    "Kairos couldn't recognise this Connect link, so nothing was changed. "
                    "Open the Kairos Home tab in Slack and press Connect there."
                )
            ) from None
        try:
            grant = port.exchange_code(code, self._redirect_uri)
        except OAuthRefusedError as error:
            log.warning("Slack refused an OAuth code for %s: %s", user_id, error.error)
            if error.error in ("invalid_code", "code_already_used", "code_expired"):
                raise KairosUserError(
                    _(
                        "Slack says this sign-in has already been used or is too old. "
                        "Press Connect in the Kairos Home tab again."
                    )
                ) from None
            raise KairosUserError(
                _(
                    "Slack refused the connection because Kairos isn't set up for it "
                    "correctly. Please tell your Slack admin (Kairos's log says what to fix)."
                )
            ) from None
        except SlackCallError as error:
            log.warning("could not exchange an OAuth code for %s: %s", user_id, error.error)
            raise KairosUserError(
                _("Slack didn't answer just now. Please press Connect again in a minute.")
            ) from None
        if grant.user_id != user_id:
            log.warning("OAuth code of %s came with a state for %s", grant.user_id, user_id)
            raise KairosUserError(
                _(
                    "This Connect link was made for a different Slack account than the one "
                    "that approved it, so nothing was changed. Press Connect in your own "
                    "Kairos Home tab."
                )
            )
        granted = {s.strip() for s in grant.scopes.split(",")}
        if not set(REQUIRED_SCOPES) <= granted:
            log.warning("%s granted only %s", user_id, grant.scopes)
            raise KairosUserError(
                _(
                    "Slack didn't grant everything Kairos needs to pause notifications, so "
                    "nothing was stored. Press Connect in the Kairos Home tab again and allow "
                    "all the permissions."
                )
            )
        with uow() as session:
            repo.save(session, user_id, self._cipher.encrypt(grant.token), grant.scopes, now)
        log.info("%s connected their Slack account", user_id)
        return user_id

    def reader_language(
        self, uow: UnitOfWork, state: str, now: datetime, default: Language
    ) -> Language:
        """The language of whoever a Connect link (its state) was made for, for the page
        the callback shows them; `default` when the state names nobody for certain."""
        try:
            user_id = self._signer.read(state, now)
        except StateExpiredError:
            # Genuine (the signature is checked first), only too old: it still names them.
            user_id = state.split(".", 1)[0]
        except StateError:
            return default
        with uow() as session:
            return language_for(session, user_id, default)

    def disconnect(self, uow: UnitOfWork, port: ConnectPort, user_id: str, now: datetime) -> None:
        """Forget the token; mid-focus, first end the snooze and give back the status."""
        with uow() as session:
            connection = repo.get(session, user_id)
            if connection is None:
                return
            # The person asked to disconnect: that happens whatever Slack says.
            _give_back(port, self._seen(session, connection), now, "disconnecting")
            repo.remove(session, user_id)
        log.info("%s disconnected their Slack account", user_id)

    def forget(self, uow: UnitOfWork, port: ConnectPort, user_id: str, now: datetime) -> bool:
        """forget-me: give back what Kairos changed on Slack, revoke the token at Slack,
        then drop the row; whether there was a connection.

        The Slack calls run between two transactions (a 429 can take seconds). Tidying up
        is best effort, as for disconnect; a failed revocation raises (SlackCallError)
        with the row still there, so the person can try again and no live token is
        forgotten while Slack still accepts it.
        """
        with uow() as session:
            connection = repo.get(session, user_id)
            seen = None if connection is None else self._seen(session, connection)
        if connection is None:
            return False
        if seen is not None:
            _give_back(port, seen, now, "forgetting")
            port.revoke_token(seen.token)
        with uow() as session:
            repo.remove(session, user_id)
        log.info("%s's Slack connection was revoked and forgotten", user_id)
        return True

    # ---- urgent mentions

    def end_snooze_for_urgent(
        self, session: Session, port: ConnectPort, user_id: str, now: datetime
    ) -> bool:
        """An urgent mention: end the person's snooze for the rest of this focus period."""
        connection = repo.get(session, user_id)
        if connection is None or not connection.snoozing:
            return False
        ends = connection.snooze_ends_at
        if ends is None or ends <= now:
            return False
        seen = self._seen(session, connection)
        if seen is None:
            return False
        try:
            port.end_snooze(seen.token)
        except TokenRevokedError:
            repo.remove(session, user_id)
            log.info("%s's token was revoked; their connection is removed", user_id)
            return False
        except SlackCallError as error:
            # The urgent DM still goes out; only the notification sound may stay off.
            log.warning("could not end %s's snooze for an urgent mention: %s", user_id, error)
            return False
        connection.snooze_ends_at = None
        return True

    # ---- the sweep

    def sync_focus(
        self, uow: UnitOfWork, port: ConnectPort, now: datetime, retries: Retries | None = None
    ) -> int:
        """Bring Slack in line with focus for everyone due; returns how many were looked at.
        One person's failure is retried after a backoff (`retries`), written to their row."""
        retries = retries or Retries("pause notifications")
        with uow() as session:
            due = repo.due(session, now, BATCH)
        for user_id in due:
            retries.attempt(user_id, now, partial(self._sync_one, uow, port, user_id, now))
            failure = retries.failure(user_id)
            if failure is not None:  # it failed just now: wait out its backoff
                with uow() as session:
                    connection = repo.get(session, user_id)
                    if connection is not None:
                        connection.next_change_at = failure.retry_at
        return len(due)

    def _sync_one(self, uow: UnitOfWork, port: ConnectPort, user_id: str, now: datetime) -> None:
        with uow() as session:
            connection = repo.get(session, user_id)
            if connection is None or connection.next_change_at is None:
                return
            if connection.next_change_at > now:
                return
            seen = self._seen(session, connection)
            if seen is None:
                return
            focus = focus_now(session, user_id, now)
        try:
            act(uow, port, seen, focus, now)
        except TokenRevokedError:
            with uow() as session:
                repo.remove(session, user_id)
            log.info("%s's token was revoked; their connection is removed", user_id)

    def _seen(self, session: Session, connection: UserConnection) -> Seen | None:
        try:
            token = self._cipher.decrypt(connection.token_encrypted)
        except DecryptError:
            # KAIROS_ENCRYPTION_KEY changed without keeping the old key: connecting again
            # is the only way back, and the Home tab offers it once the row is gone.
            log.error("cannot decrypt %s's token; removing their connection", connection.user_id)
            repo.remove(session, connection.user_id)
            return None
        c = connection
        return Seen(
            user_id=c.user_id,
            token=token,
            snoozing=c.snoozing,
            focus_ends_at=c.focus_ends_at,
            snooze_ends_at=c.snooze_ends_at,
            status=stored(c.status_text, c.status_emoji, c.status_expires_at),
            saved=stored(c.saved_status_text, c.saved_status_emoji, c.saved_status_expires_at),
        )


class ConnectLink:
    """Connect as the focus use cases reach it, inside their own transactions.

    Harmless when Connect is not configured (service None): a changed schedule still marks
    a stored connection as due, and an urgent mention simply has no snooze to end.
    """

    def __init__(self, service: ConnectService | None, port: ConnectPort | None) -> None:
        self._service = service
        self._port = port

    @property
    def configured(self) -> bool:
        """Whether OAuth is set up, so that people can connect at all."""
        return self._service is not None

    def touch(self, session: Session, user_id: str, now: datetime) -> None:
        """The person's focus schedule changed: the sweep looks at them on its next run."""
        touch(session, user_id, now)

    def end_snooze_for_urgent(self, session: Session, user_id: str, now: datetime) -> None:
        """An urgent mention: end the person's snooze, so Slack notifies them of the DM."""
        if self._service is not None and self._port is not None:
            self._service.end_snooze_for_urgent(session, self._port, user_id, now)

    def is_connected(self, session: Session, user_id: str) -> bool:
        """Whether Kairos can pause this person's notifications."""
        return is_connected(session, user_id)

    def authorize_url(self, user_id: str, now: datetime) -> str | None:
        """Slack's consent page for this person; None when Connect is not configured."""
        return None if self._service is None else self._service.authorize_url(user_id, now)

    def disconnect(self, uow: UnitOfWork, user_id: str, now: datetime) -> None:
        """The person's Disconnect button: one transaction, nothing when not configured."""
        if self._service is not None and self._port is not None:
            self._service.disconnect(uow, self._port, user_id, now)

    def forget(self, uow: UnitOfWork, user_id: str, now: datetime) -> None:
        """forget-me: revoke the person's token at Slack and drop it (nothing when Connect
        is not configured: the privacy use case deletes a left-over row with the rest)."""
        if self._service is not None and self._port is not None:
            self._service.forget(uow, self._port, user_id, now)


def _give_back(port: ConnectPort, seen: Seen | None, now: datetime, while_: str) -> None:
    """End Kairos's snooze and restore the saved status, as far as Slack lets it: best
    effort, since leaving Kairos must not depend on Slack still taking the token."""
    if seen is None or not (seen.snoozing or seen.saved is not None):
        return
    try:
        leave_focus(port, seen, now)
    except (TokenRevokedError, SlackCallError) as error:
        log.info("could not tidy up Slack for %s while %s: %r", seen.user_id, while_, error)
