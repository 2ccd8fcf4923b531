"""Errors that carry a message meant for the person who caused them."""

from __future__ import annotations

import enum

from bot.i18n import _


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
            # TRANSLATORS: {message} is a whole sentence already; {example} a command to type.
            return _(
                "{message}\nFor example: `{example}`", message=self.message, example=self.example
            )
        return self.message


class NotYours(KairosUserError):  # noqa: N818 - reads better at call sites
    """Someone used a button or form meant for another person: refused, nothing changes."""


class UnreadableValue(KairosUserError, ValueError):  # noqa: N818 - as NotYours
    """A button value or form metadata Kairos did not make (forged, cut, or malformed).

    Also a ValueError: parsing such a value is a value error, wherever it is caught.
    """

    def __init__(self, message: str | None = None, *, field: str | None = None) -> None:
        # Built here, not as the default: the default would be read once, in English.
        shown = (
            message
            if message is not None
            else _("I couldn't read that button. Nothing was changed.")
        )
        super().__init__(shown, field=field)


class ExitCode(enum.IntEnum):
    """What a `kairos` command's exit status means: one code per kind of failure, so that a
    script or a container runtime can tell a typo from an outage. 1 (a Python traceback)
    and 3 (uvicorn's own start-up failure) are left to what nobody foresaw."""

    OK = 0
    CONFIG = 2  # a setting is missing or not valid (all are listed, one per line)
    SLACK = 4  # Slack refused a token, lacks a scope, or could not be reached
    DATABASE = 5  # the database could not be reached, or is not migrated
    PORT = 6  # the HTTP port is in use or may not be opened
    PUBLIC_URL = 7  # `kairos check`: KAIROS_PUBLIC_URL does not answer over https


class StartupError(Exception):
    """Kairos cannot start; the message is one line for the operator, exit_code its kind."""

    def __init__(self, message: str, *, exit_code: ExitCode = ExitCode.CONFIG) -> None:
        super().__init__(message)
        self.exit_code = exit_code
