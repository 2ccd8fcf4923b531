"""FakeSlack's Socket Mode methods: the connections a test waits for, the envelopes it sends
and the acks it reads, and the ways a connection ends."""

from __future__ import annotations

from typing import Any, Unpack

from bot.demo.fake_slack.slack_core import FakeSlackCore
from bot.demo.fake_slack.socket_mode import EnvelopeOptions, EnvelopeType


class SocketModeControls(FakeSlackCore):
    """FakeSlack's side of Socket Mode, as a test drives it."""

    @property
    def socket_connections(self) -> int:
        """How many Socket Mode connections have been made since start (or reset)."""
        return self._hub.connection_count

    @property
    def envelopes(self) -> list[dict[str, Any]]:
        """Every envelope sent over Socket Mode, oldest first."""
        return self._hub.envelopes

    def wait_for_socket(self, timeout: float = 5.0, *, connections: int = 1) -> int:
        """Wait until `connections` connections have been made in all and one is open;
        returns the number made. After a reconnect: wait_for_socket(connections=2)."""
        return self._hub.wait_for_connection(count=connections, timeout=timeout).number

    def socket_send(
        self,
        envelope_type: EnvelopeType,
        payload: dict[str, Any],
        *,
        timeout: float = 5.0,
        **options: Unpack[EnvelopeOptions],
    ) -> dict[str, Any]:
        """Deliver an envelope to the newest connection and return the client's ack,
        {"envelope_id": ..., "payload"?: ...}. accepts_response_payload defaults to Slack's:
        false for events_api, true for slash_commands and interactive."""
        envelope_id = self.socket_send_nowait(envelope_type, payload, **options)
        return self._hub.wait_for_ack(envelope_id, timeout=timeout)

    def socket_send_nowait(
        self,
        envelope_type: EnvelopeType,
        payload: dict[str, Any],
        **options: Unpack[EnvelopeOptions],
    ) -> str:
        """Deliver an envelope without waiting; returns its envelope_id (see wait_for_ack)."""
        return self._hub.send_nowait(envelope_type, payload, **options)

    def wait_for_ack(self, envelope_id: str, timeout: float = 5.0) -> dict[str, Any]:
        return self._hub.wait_for_ack(envelope_id, timeout=timeout)

    def ack_for(self, envelope_id: str) -> dict[str, Any] | None:
        """The ack received for an envelope so far, if any."""
        return self._hub.ack_for(envelope_id)

    def socket_disconnect(
        self,
        reason: str = "refresh_requested",
        *,
        wait_for_reconnect: bool = True,
        timeout: float = 5.0,
    ) -> None:
        """Send {"type": "disconnect", "reason": ...} and close that connection once the
        client has opened its next one (or at once with wait_for_reconnect=False)."""
        self._hub.disconnect(reason, wait_for_reconnect=wait_for_reconnect, timeout=timeout)

    def close_socket_client(self, client: Any) -> None:
        """Close a slack_sdk builtin SocketModeClient (a Bolt SocketModeHandler's .client)
        in a fraction of a second instead of up to 4.

        client.close() waits for the receive thread, which holds a lock through a blocking
        recv() of up to 3 s, and for the message thread, which polls its queue every 1 s.
        So: no reconnects, close our end (recv returns), wake the queue, then close.
        """
        client.auto_reconnect_enabled = False
        client.closed = True
        self._hub.close_all(timeout=2.0)
        client.message_queue.put(None)  # process_message() skips None
        client.close()

    def socket_drop(self, *, code: int = 1011, timeout: float = 5.0) -> None:
        """Close the newest connection without warning, as a network failure would."""
        live = self._hub.open_connections
        if not live:
            raise AssertionError("no Socket Mode client is connected")
        self._hub.close(live[-1], code=code, timeout=timeout)
