"""Fetching a calendar feed safely: https only, public addresses only, bounded in size and time.

A feed address is a credential (whoever has it reads the calendar), so it is never logged
or shown in full: messages name only its host. It is also user-supplied, so every hop is
resolved and checked before Kairos connects, and the connection goes to the checked
address (with the real name for TLS), so a DNS answer that changes in between cannot
redirect Kairos to a private service.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from bot.errors import KairosUserError

log = logging.getLogger(__name__)
# httpx logs every request's full URL at INFO, and httpcore its details at DEBUG; a feed's
# URL is a credential, so those loggers say only warnings and errors, whatever LOG_LEVEL is.
for _name in ("httpx", "httpcore"):
    logging.getLogger(_name).setLevel(logging.WARNING)

MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
DEADLINE_SECONDS = 30.0
TIMEOUT = httpx.Timeout(connect=5.0, read=10.0, write=5.0, pool=5.0)
USER_AGENT = "Kairos calendar sync (+https://github.com/kairos-bot)"

Resolver = Callable[[str, int], list[str]]

# Cloud metadata services; link-local covers the IPv4 one, but say it outright.
_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class FeedRefused(KairosUserError):  # noqa: N818 - reads better at call sites
    """An address Kairos will not fetch, with why."""

    def __init__(self, message: str) -> None:
        super().__init__(
            message, example="/kairos calendar https://calendar.example.com/private.ics"
        )


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the host name resolves to."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def redacted(url: str) -> str:
    """The address without its secret parts: scheme and host only."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or '?'}/…"


def normalise_feed_url(text: str, *, allow_private: bool) -> str:
    """The feed address from what a person typed (Slack wraps links as <url> or <url|label>)."""
    url = text.strip()
    if url.startswith("<") and url.endswith(">"):
        url = url[1:-1].split("|", 1)[0].strip()
    lowered = url.lower()
    for prefix in ("webcal://", "webcals://"):
        if lowered.startswith(prefix):
            url = "https://" + url[len(prefix) :]  # Apple's and Outlook's name for https
            break
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if not scheme or not parts.netloc:
        raise FeedRefused(
            "That doesn't look like a web address. Paste your calendar's private iCal "
            "address, which starts with https://"
        )
    if scheme != "https" and not (scheme == "http" and allow_private):
        raise FeedRefused(
            f"That address starts with {scheme}://; a calendar address starts with https:// "
            "(Kairos fetches calendars over encrypted connections only)."
        )
    if parts.username or parts.password:
        raise FeedRefused(
            "That address has a user name or password in it; use the calendar's private "
            "address instead."
        )
    if not parts.hostname:
        raise FeedRefused("That address has no host name.")
    return urlunsplit((scheme, parts.netloc, parts.path or "/", parts.query, ""))


def is_public_address(text: str) -> bool:
    """Whether an IP address is on the public internet (not private, local or metadata)."""
    address = ipaddress.ip_address(text)
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped or address.sixtofour
        if mapped is not None:
            return is_public_address(str(mapped))
        if address in ipaddress.ip_network("64:ff9b::/96"):  # NAT64 embeds an IPv4 address
            return is_public_address(str(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)))
    if address in _METADATA or (isinstance(address, ipaddress.IPv4Address) and address in _CGNAT):
        return False
    return (
        not (
            address.is_private
            or address.is_loopback
            or address.is_link_local
            or address.is_multicast
            or address.is_reserved
            or address.is_unspecified
        )
        and address.is_global
    )


class FetchStatus(StrEnum):
    """How a fetch ended."""

    CHANGED = "changed"
    NOT_MODIFIED = "not_modified"  # 304: the server says nothing changed
    UNCHANGED = "unchanged"  # 200 with the same body as last time
    GONE_OR_DENIED = "gone_or_denied"  # 401/403/404/410: the address no longer works
    FAILED = "failed"  # anything else; the next poll tries again


@dataclass(frozen=True)
class FetchResult:
    """What fetching a feed gave."""

    status: FetchStatus
    body: bytes | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    # For GONE_OR_DENIED and FAILED: a sentence for the person, without the address.
    problem: str | None = None


class _FetchError(Exception):
    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def _checked_target(
    url: str, resolver: Resolver, address_allowed: Callable[[str], bool] | None
) -> tuple[str, dict[str, str], dict[str, str]]:
    """(URL to connect to, extra headers, request extensions) after the address checks."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if address_allowed is None:
        return url, {}, {}
    try:
        addresses = resolver(host, port)
    except OSError:
        raise _FetchError(f"The calendar's host {host} could not be found.") from None
    if not addresses or not all(address_allowed(a) for a in addresses):
        raise _FetchError(
            f"The calendar's host {host} is on a private or local network, which Kairos "
            "does not fetch from."
        )
    pinned = addresses[0]
    netloc = f"[{pinned}]" if ":" in pinned else pinned
    if parts.port:
        netloc += f":{parts.port}"
    target = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    host_header = host if not parts.port else f"{host}:{parts.port}"
    return target, {"Host": host_header}, {"sni_hostname": host}


def fetch_feed(
    url: str,
    *,
    client: httpx.Client,
    etag: str | None = None,
    last_modified: str | None = None,
    previous_hash: str | None = None,
    allow_private: bool = False,
    resolver: Resolver = system_resolver,
    max_bytes: int = MAX_BYTES,
    deadline_seconds: float = DEADLINE_SECONDS,
) -> FetchResult:
    """Fetch a feed with a conditional GET; never raises for what the server or network does."""
    started = time.monotonic()
    checks = Checks(
        allow_http=allow_private,
        address_allowed=None if allow_private else is_public_address,
        resolver=resolver,
    )
    return fetch_checked(
        url,
        client=client,
        conditions=(etag, last_modified, previous_hash),
        checks=checks,
        max_bytes=max_bytes,
        deadline=started + deadline_seconds,
    )


@dataclass(frozen=True)
class Checks:
    allow_http: bool
    # None: any address (KAIROS_ALLOW_PRIVATE_URLS); else the test every resolved one passes.
    address_allowed: Callable[[str], bool] | None
    resolver: Resolver


def fetch_checked(
    url: str,
    *,
    client: httpx.Client,
    conditions: tuple[str | None, str | None, str | None],
    checks: Checks,
    max_bytes: int,
    deadline: float,
) -> FetchResult:
    """fetch_feed with the checks spelled out (tests use it to check redirects)."""
    etag, last_modified, previous_hash = conditions
    try:
        return _fetch(
            url, client, etag, last_modified, previous_hash, checks, max_bytes, deadline
        )  # fmt: skip
    except _FetchError as stop:
        log.info("feed at %s not fetched: %s", redacted(url), stop.problem)
        return FetchResult(FetchStatus.FAILED, problem=stop.problem)
    except FeedRefused as refused:
        return FetchResult(FetchStatus.FAILED, problem=refused.message)


def _fetch(  # noqa: PLR0917 - one private step of fetch_feed
    url: str,
    client: httpx.Client,
    etag: str | None,
    last_modified: str | None,
    previous_hash: str | None,
    checks: Checks,
    max_bytes: int,
    deadline: float,
) -> FetchResult:
    headers = {"User-Agent": USER_AGENT, "Accept": "text/calendar, */*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        target, extra, extensions = _checked_target(
            current, checks.resolver, checks.address_allowed
        )
        try:
            with client.stream(
                "GET", target, headers={**headers, **extra}, extensions=extensions,
                timeout=TIMEOUT, follow_redirects=False,
            ) as response:  # fmt: skip
                location = response.headers.get("location", "")
                if response.status_code in _REDIRECTS and location:
                    current = normalise_feed_url(
                        urljoin(current, location), allow_private=checks.allow_http
                    )
                    continue
                return _answer(response, previous_hash, max_bytes, deadline)
        except httpx.TimeoutException:
            raise _FetchError("The calendar server took too long to answer.") from None
        except httpx.HTTPError:
            raise _FetchError("The calendar server could not be reached.") from None
    raise _FetchError("The calendar address redirects too many times.")


def _answer(
    response: httpx.Response, previous_hash: str | None, max_bytes: int, deadline: float
) -> FetchResult:
    status = response.status_code
    if status == 304:
        return FetchResult(FetchStatus.NOT_MODIFIED)
    if status in (401, 403, 404, 410):
        return FetchResult(
            FetchStatus.GONE_OR_DENIED,
            problem=(
                f"The calendar address answers {status}: it was probably reset or unshared. "
                "Copy the private address again and run `/kairos calendar <address>`."
            ),
        )
    if status != 200:
        raise _FetchError(f"The calendar server answered {status}.")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _FetchError(f"The calendar is larger than {max_bytes // (1024 * 1024)} MB.")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise _FetchError(f"The calendar is larger than {max_bytes // (1024 * 1024)} MB.")
        if time.monotonic() > deadline:
            raise _FetchError("The calendar server took too long to send the calendar.")
        chunks.append(chunk)
    body = b"".join(chunks)
    if b"BEGIN:VCALENDAR" not in body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")[:64].upper():
        raise _FetchError(
            "That address answers with something that is not a calendar (a web page, "
            "perhaps). Use the private iCal/ICS address."
        )
    digest = hashlib.sha256(body).hexdigest()
    if previous_hash is not None and digest == previous_hash:
        return FetchResult(FetchStatus.UNCHANGED, body_hash=digest)
    return FetchResult(
        FetchStatus.CHANGED,
        body=body,
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
        body_hash=digest,
    )
