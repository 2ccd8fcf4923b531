"""The OAuth redirect: Slack sends the person here after the consent page.

`GET /slack/oauth/callback?code=…&state=…` answers a small page saying they are connected,
or kindly what went wrong; never a traceback. The query holds a one-time code, so it is
kept out of the access log (HideOAuthQuery) and out of referrers (Referrer-Policy). The
page speaks the language of whoever the link was made for (its signed state names them),
else KAIROS_LANGUAGE.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from bot.clock import Clock
from bot.connect.ports import ConnectPort
from bot.connect.service import CALLBACK_PATH, ConnectService
from bot.db.uow import UnitOfWork
from bot.errors import KairosUserError
from bot.i18n import _, current_language, speaking
from bot.i18n.languages import DEFAULT_LANGUAGE, Language

log = logging.getLogger(__name__)

# The page embeds nothing and is framed by nothing; it must not be cached with its code.
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "frame-ancestors 'none'",
}


def page(title: str, text: str, *, status_code: int = 200) -> HTMLResponse:
    """A small, self-contained HTML page (escaped: messages may echo Slack's words)."""
    body = (
        f"<!doctype html><html lang={current_language()}><head><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width, initial-scale=1">'
        f"<title>Kairos · {html.escape(title)}</title>"
        "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:4rem auto;"
        "padding:0 1rem;color:#1d1c1d}h1{font-size:1.4rem}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></body></html>"
    )
    return HTMLResponse(body, status_code=status_code, headers=PAGE_HEADERS)


def _nothing(_user_id: str) -> None:
    return None


def oauth_callback_route(
    *,
    service: ConnectService,
    uow: UnitOfWork,
    port: ConnectPort,
    clock: Clock,
    on_connected: Callable[[str], None] = _nothing,
    language: Language = DEFAULT_LANGUAGE,
) -> Route:
    """The callback route. on_connected(user_id) runs after the commit (e.g. republish Home).
    `language` (KAIROS_LANGUAGE) is for a link that names nobody Kairos knows."""

    def reader(state: str) -> Language:
        if not state:
            return language
        return service.reader_language(uow, state, clock.now(), language)

    # Each runs in a worker thread, which does not inherit the request's language.
    def complete(code: str, state: str, speaks: Language) -> str:
        with speaking(speaks):
            return service.complete_oauth(uow, port, code, state, clock.now())

    def connected(user_id: str, speaks: Language) -> None:
        with speaking(speaks):
            on_connected(user_id)

    async def callback(request: Request) -> HTMLResponse:
        params = request.query_params
        state = params.get("state", "")
        try:
            speaks = await run_in_threadpool(reader, state)
        except Exception:
            log.exception("reading whose Connect link this is failed")
            speaks = language
        with speaking(speaks):
            return await answer(params.get("error"), params.get("code", ""), state, speaks)

    async def answer(error: str | None, code: str, state: str, speaks: Language) -> HTMLResponse:
        if error == "access_denied":
            return page(_("Not connected"), _declined())
        if error:
            log.info("Slack ended an OAuth flow with %s", error[:64])
            return page(_("Not connected"), _slack_error(), status_code=400)
        if not code or not state:
            return page(_("Nothing to connect"), _missing(), status_code=400)
        try:
            user_id = await run_in_threadpool(complete, code, state, speaks)
        except KairosUserError as refused:
            return page(_("Not connected"), refused.message, status_code=400)
        except Exception:
            log.exception("connecting an account failed")
            return page(_("Not connected"), _our_fault(), status_code=500)
        try:
            await run_in_threadpool(connected, user_id, speaks)
        except Exception:
            # The connection is stored; a stale Home tab must not turn success into failure.
            log.exception("after connecting %s", user_id)
        return page(_("Connected"), _connected())

    return Route(CALLBACK_PATH, callback, methods=["GET"])


def _connected() -> str:
    # TRANSLATORS: the status in “…” is what Kairos sets on Slack, which stays in English.
    return _(
        "Kairos will now pause your Slack notifications while you focus and show "
        "“:headphones: Focusing until …” as your status, then give your own status back. "
        "You can close this tab and go back to Slack."
    )


def _declined() -> str:
    return _(
        "Nothing was connected. Kairos still holds your mentions while you focus; Slack just "
        "keeps notifying you. You can connect any time from the Kairos Home tab in Slack."
    )


def _missing() -> str:
    return _(
        "This page is where Slack sends you after you press Connect in the Kairos Home tab. "
        "Open the Home tab in Slack and press Connect to start."
    )


def _slack_error() -> str:
    return _(
        "Slack didn't finish connecting your account. "
        "Please press Connect in the Kairos Home tab again."
    )


def _our_fault() -> str:
    return _(
        "Something went wrong on Kairos's side and your account was not connected. "
        "It has been logged; please press Connect again in a minute."
    )


class HideOAuthQuery(logging.Filter):
    """Drops the query string of callback requests from uvicorn's access log lines.

    uvicorn logs `"%s - "%s %s HTTP/%s" %d` with the full path and query as the third
    argument; attach with `logging.getLogger("uvicorn.access").addFilter(HideOAuthQuery())`.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the path argument; never drops a record."""
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            path = args[2]
            if path.startswith(CALLBACK_PATH + "?"):
                record.args = (*args[:2], CALLBACK_PATH + "?[hidden]", *args[3:])
        return True
