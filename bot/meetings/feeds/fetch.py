"""Fetching a calendar feed safely: https only, public addresses only, bounded in size and time.

A feed address is a credential (whoever has it reads the calendar), so it is never logged
or shown in full: messages name only its host. It is also user-supplied, so every hop is
resolved and checked before Kairos connects, and the connection goes to the checked
address (with the real name for TLS), so a DNS answer that changes in between cannot
send Kairos to a private service.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import ssl
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from http import HTTPStatus
from typing import Any
from urllib.parse import urljoin

import httpx

from bot.i18n import _
from bot.meetings.feeds.addresses import (
    SCHEME,
    FeedRefused,
    Resolver,
    is_ip,
    is_public_address,
    normalise_feed_url,
    redacted,
    system_resolver,
)
from bot.meetings.feeds.watchdog import Watchdog

log = logging.getLogger(__name__)
# httpx logs every request's full URL at INFO, and httpcore its details at DEBUG; a feed's
# URL is a credential, so those loggers say only warnings and errors, whatever LOG_LEVEL is.
for _name in ("httpx", "httpcore"):
    logging.getLogger(_name).setLevel(logging.WARNING)

MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
DEADLINE_SECONDS = 30.0
CONNECT_SECONDS, READ_SECONDS = 5.0, 10.0
USER_AGENT = "Kairos calendar sync (+https://github.com/kairos-bot)"

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_GONE_OR_DENIED = frozenset({401, 403, 404, 410})
_SNIFF_BYTES = 1024


class FetchStatus(StrEnum):
    """How a fetch ended, as far as the caller must act on it."""

    CHANGED = "changed"  # a new calendar body
    NOT_MODIFIED = "not_modified"  # 304: the server says nothing changed
    UNCHANGED = "unchanged"  # 200 with the same body as last time
    GONE_OR_DENIED = "gone_or_denied"  # 401/403/404/410: tell the person, once
    NOT_A_CALENDAR = "not_a_calendar"  # a web page (a sign-in page, say) instead
    FAILED = "failed"  # anything else, see FailReason; the next poll tries again


class FailReason(StrEnum):
    """Why a fetch FAILED, for logs and tests; the person reads `problem`."""

    REFUSED = "refused"  # the address or a redirect's is not https or not public
    UNREACHABLE = "unreachable"  # no such host, or no connection
    TIMEOUT = "timeout"
    TOO_BIG = "too_big"
    TLS = "tls"  # the certificate could not be verified; the address was not sent
    SERVER_ERROR = "server_error"  # 5xx, or another status Kairos doesn't expect
    TOO_MANY_REDIRECTS = "too_many_redirects"
    BAD_RESPONSE = "bad_response"  # broken HTTP or compression


@dataclass(frozen=True)
class FetchResult:
    """What fetching a feed gave."""

    status: FetchStatus
    body: bytes | None = None  # for CHANGED only
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None  # sha256 hex of the body, for CHANGED and UNCHANGED
    # Unless the fetch worked: one kind sentence for the person, naming at most the host.
    problem: str | None = None
    reason: FailReason | None = None  # for FAILED only


class _Stop(Exception):  # noqa: N818 - not an error: a result, thrown to end early
    """Ends a fetch early with its result."""

    def __init__(self, result: FetchResult) -> None:
        super().__init__(result.problem)
        self.result = result


def _fail(reason: FailReason, problem: str) -> _Stop:
    return _Stop(FetchResult(FetchStatus.FAILED, problem=problem, reason=reason))


@dataclass(frozen=True)
class _Fetch:
    """One fetch's settings, passed from hop to hop."""

    client: httpx.Client
    headers: dict[str, str]
    allow_private: bool
    resolver: Resolver
    address_allowed: Callable[[str], bool]
    max_bytes: int
    deadline: float
    watchdog: Watchdog
    previous_hash: str | None

    def remaining(self, host: str) -> float:
        """Seconds left, or a stop once there are none."""
        left = self.deadline - time.monotonic()
        if left <= 0 or self.watchdog.fired:
            raise _fail(FailReason.TIMEOUT, _took_too_long(host))
        return left


def fetch_feed(
    url: str,
    *,
    client: httpx.Client,
    etag: str | None = None,
    last_modified: str | None = None,
    previous_hash: str | None = None,
    allow_private: bool = False,
    resolver: Resolver = system_resolver,
    address_allowed: Callable[[str], bool] = is_public_address,
    max_bytes: int = MAX_BYTES,
    deadline_seconds: float = DEADLINE_SECONDS,
) -> FetchResult:
    """Fetch a feed with a conditional GET; never raises for what the address or server does.

    Unless `allow_private`, every address a hop's host resolves to must pass
    `address_allowed` (tests let a local server play a public one with it).
    """
    headers = {"User-Agent": USER_AGENT, "Accept": "text/calendar, */*;q=0.5"}
    # A fresh connection per fetch: a pooled one to the same IP, opened for another host
    # name, would skip this name's certificate check; and the watchdog needs the socket.
    headers["Connection"] = "close"
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    deadline = time.monotonic() + deadline_seconds
    watchdog = Watchdog(deadline)
    job = _Fetch(
        client=client, headers=headers, allow_private=allow_private, resolver=resolver,
        address_allowed=address_allowed, max_bytes=max_bytes, deadline=deadline,
        watchdog=watchdog, previous_hash=previous_hash,
    )  # fmt: skip
    try:
        with watchdog.running():
            result = _follow(normalise_feed_url(url, allow_private=allow_private), job)
    except FeedRefused as refused:
        result = FetchResult(FetchStatus.FAILED, problem=refused.message, reason=FailReason.REFUSED)
    except _Stop as stop:
        result = stop.result
    if result.problem:
        log.info("feed at %s: %s %s", redacted(url), result.status, result.reason or "")
    return result


def _follow(url: str, job: _Fetch) -> FetchResult:
    """Each hop checked before it is fetched, up to MAX_REDIRECTS redirects."""
    for _hop in range(MAX_REDIRECTS + 1):
        host = httpx.URL(url).host
        try:
            with _open(url, host, job) as response:
                location = response.headers.get("location")
                if response.status_code in _REDIRECTS and location:
                    url = _redirect(url, location, job.allow_private)
                    continue
                return _answer(response, host, job)
        except httpx.HTTPError as error:
            raise _transport_failure(error, host, job.watchdog) from None
    raise _fail(
        FailReason.TOO_MANY_REDIRECTS,
        _("The calendar address redirects more than {count} times.", count=MAX_REDIRECTS),
    )


def _redirect(current: str, location: str, allow_private: bool) -> str:
    """The next hop's address, checked like one a person typed."""
    try:
        target = urljoin(current, location)
    except ValueError:  # a broken [IPv6] host
        target = ""
    try:
        return normalise_feed_url(target, allow_private=allow_private)
    except FeedRefused:
        scheme = target.partition(":")[0].lower()
        if SCHEME.fullmatch(scheme) and scheme not in ("https", "webcal", "webcals"):
            problem = _(
                "The calendar address redirects to an address starting with {scheme}://; "
                "Kairos follows only https:// addresses.",
                scheme=scheme,
            )
        else:
            problem = _("The calendar address redirects to an address Kairos can't use.")
        raise _fail(FailReason.REFUSED, problem) from None


@contextlib.contextmanager
def _open(url: str, host: str, job: _Fetch) -> Iterator[httpx.Response]:
    """The response, its body unread, from the first checked address that connects."""
    parts = httpx.URL(url)
    addresses = [None] if job.allow_private else _checked_addresses(parts, host, job)
    for index, address in enumerate(addresses):
        left = job.remaining(host)
        timeout = httpx.Timeout(min(CONNECT_SECONDS, left), read=min(READ_SECONDS, left))
        extensions: dict[str, Any] = {"trace": job.watchdog.trace}
        headers = dict(job.headers)
        target = parts
        if address is not None:
            # Pinned: connect to the checked address, while Host and TLS (SNI and the
            # certificate check) use the real name; no second DNS answer is ever used.
            target = parts.copy_with(host=address)
            headers["Host"] = parts.netloc.decode("ascii")
            extensions["sni_hostname"] = parts.raw_host.decode("ascii")
        request = job.client.build_request(
            "GET", target, headers=headers, timeout=timeout, extensions=extensions
        )
        # The client's cookie jar is shared by everyone's feeds; send nothing from it.
        request.headers.pop("cookie", None)
        try:
            response = job.client.send(request, stream=True, follow_redirects=False)
        except (httpx.ConnectError, httpx.ConnectTimeout) as error:
            if index + 1 < len(addresses) and not _is_tls(error) and not job.watchdog.fired:
                continue  # the host's next address, as browsers do
            raise
        try:
            yield response
        finally:
            response.close()
        return


def _checked_addresses(url: httpx.URL, host: str, job: _Fetch) -> list[str | None]:
    """Every address of the host, if all pass the check (else a stop, before connecting)."""
    name = url.raw_host.decode("ascii")
    port = url.port or (443 if url.scheme == "https" else 80)
    if is_ip(name):
        addresses = [name]
    else:
        try:
            addresses = job.resolver(name, port)
        except (OSError, UnicodeError):
            addresses = []
        if not addresses:
            raise _fail(
                FailReason.UNREACHABLE,
                _(
                    "Kairos couldn't find the calendar's host {host}; check the address is "
                    "complete.",
                    host=host,
                ),
            )
    if not all(job.address_allowed(address) for address in addresses):
        raise _fail(
            FailReason.REFUSED,
            _(
                "The calendar's host {host} is on a private or local network, which Kairos "
                "doesn't fetch from.",
                host=host,
            ),
        )
    return list(addresses)


def _answer(response: httpx.Response, host: str, job: _Fetch) -> FetchResult:
    status = response.status_code
    etag, modified = response.headers.get("etag"), response.headers.get("last-modified")
    if status == 304:
        return FetchResult(FetchStatus.NOT_MODIFIED, etag=etag, last_modified=modified)
    if status in _GONE_OR_DENIED:
        return FetchResult(
            FetchStatus.GONE_OR_DENIED,
            problem=_(
                "The calendar address no longer works (the server answers {status} "
                "{phrase}); it was probably reset or unshared. Copy the private address "
                "again and run `/kairos calendar <address>`.",
                status=status,
                phrase=HTTPStatus(status).phrase,
            ),
        )
    if status != 200:
        if status >= 500:
            said = _(
                "The calendar server at {host} answered {status} (a problem on its side).",
                host=host,
                status=status,
            )
        else:
            said = _("The calendar server at {host} answered {status}.", host=host, status=status)
        raise _fail(FailReason.SERVER_ERROR, said)
    body = _read_body(response, host, job)
    digest = hashlib.sha256(body).hexdigest()
    if digest == job.previous_hash:
        return FetchResult(
            FetchStatus.UNCHANGED, etag=etag, last_modified=modified, body_hash=digest
        )
    return FetchResult(
        FetchStatus.CHANGED, body=body, etag=etag, last_modified=modified, body_hash=digest
    )


def _read_body(response: httpx.Response, host: str, job: _Fetch) -> bytes:
    """The decoded body, stopped once it passes the size cap or the deadline."""
    too_big = _fail(
        FailReason.TOO_BIG,
        _("The calendar is larger than {size}, more than Kairos reads.", size=_size(job.max_bytes)),
    )
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > job.max_bytes:
        raise too_big
    chunks: list[bytes] = []
    size, sniffed = 0, False
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > job.max_bytes:
            raise too_big
        job.remaining(host)
        chunks.append(chunk)
        if not sniffed and size >= _SNIFF_BYTES + 16:
            sniffed = True
            _sniff(b"".join(chunks))  # a 10 MB web page is refused after its first KB
    body = b"".join(chunks)
    _sniff(body)
    return body


def _sniff(start: bytes) -> None:
    """A stop unless the body starts like a calendar."""
    head = start.lstrip(b"\xef\xbb\xbf \t\r\n")[:_SNIFF_BYTES]
    if b"BEGIN:VCALENDAR" in head.upper():
        return
    if head.startswith(b"<"):
        problem = _(
            "That address answers with a web page, not a calendar. Use the calendar's "
            "private iCal (ICS) address, the one ending in .ics in its sharing settings."
        )
    else:
        problem = _(
            "That address answers with something else, not a calendar. Use the calendar's "
            "private iCal (ICS) address, the one ending in .ics in its sharing settings."
        )
    raise _Stop(FetchResult(FetchStatus.NOT_A_CALENDAR, problem=problem))


def _took_too_long(host: str) -> str:
    return _("The calendar server at {host} took too long.", host=host)


def _size(max_bytes: int) -> str:
    mib = 1024 * 1024
    return f"{max_bytes // mib} MB" if max_bytes >= mib else f"{max_bytes // 1024} KB"


def _is_tls(error: BaseException) -> bool:
    """Whether a connection failed in the TLS handshake (its cause chain holds an SSLError)."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _transport_failure(error: httpx.HTTPError, host: str, watchdog: Watchdog) -> _Stop:
    """What a network or protocol error means, for the person."""
    if watchdog.fired or isinstance(error, httpx.TimeoutException):
        return _fail(FailReason.TIMEOUT, _took_too_long(host))
    if isinstance(error, httpx.ConnectError) and _is_tls(error):
        # The handshake comes before the request: the address itself was never sent.
        return _fail(
            FailReason.TLS,
            _(
                "Kairos couldn't verify the calendar server at {host} (its TLS certificate or "
                "connection failed the check), so it didn't send the address.",
                host=host,
            ),
        )
    if isinstance(error, httpx.ConnectError):
        return _fail(
            FailReason.UNREACHABLE,
            _("Kairos couldn't connect to the calendar server at {host}.", host=host),
        )
    broken = _("The calendar server at {host} sent a broken response.", host=host)
    return _fail(FailReason.BAD_RESPONSE, broken)
