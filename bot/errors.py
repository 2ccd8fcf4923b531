"""Errors that carry a message meant for the person who caused them."""

from __future__ import annotations


class KairosUserError(Exception):
    """Bad input or a refused action: the message is shown to the user as is, kindly.

    The single Bolt error handler turns this into an ephemeral reply; nothing is changed
    because services raise it before the unit of work commits.
    """

    def __init__(
        self, message: str, *, example: str | None = None, field: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.example = example
        # In a modal, the input block the error belongs to (shown next to it).
        self.field = field

    def user_text(self) -> str:
        """The reply shown to the user: what was wrong and, if known, a correct example."""
        if self.example:
            return f"{self.message}\nFor example: `{self.example}`"
        return self.message


class NotYours(KairosUserError):  # noqa: N818 - reads better at call sites
    """Someone used a button or form meant for another person: refused, nothing changes."""


class UnreadableValue(KairosUserError, ValueError):  # noqa: N818 - as NotYours
    """A button value or form metadata Kairos did not make (forged, cut, or malformed).

    Also a ValueError: parsing such a value is a value error, wherever it is caught.
    """

    def __init__(
        self,
        message: str = "I couldn't read that button. Nothing was changed.",
        *,
        field: str | None = None,
    ) -> None:
        super().__init__(message, field=field)


class StartupError(Exception):
    """Kairos cannot start; the message is one line for the operator."""
