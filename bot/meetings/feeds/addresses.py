"""Calendar addresses: reading what a person typed, and which network addresses are public.

Pure apart from system_resolver (DNS). Used by fetch.py before every hop.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

import httpx

from bot.errors import KairosUserError
from bot.i18n import _

EXAMPLE = "/kairos calendar https://calendar.example.com/private.ics"

Resolver = Callable[[str, int], list[str]]

# Calendar addresses are a few hundred characters; 2,048 is what every browser and server
# takes, and more is not an address someone copied from their calendar.
MAX_URL = 2048
# RFC 1035: a name of at most 253 characters (without the final dot), labels of at most 63.
MAX_HOST = 253
MAX_LABEL = 63

# Cloud metadata services; link-local covers the IPv4 one, but say it outright.
_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
SCHEME = re.compile(r"[a-z][a-z0-9+.-]{0,15}")
_HOST_NAME = re.compile(r"[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?")


class FeedRefused(KairosUserError):  # noqa: N818 - reads better at call sites
    """An address Kairos will not fetch, with why."""

    def __init__(self, message: str) -> None:
        super().__init__(message, example=EXAMPLE)


def _invalid() -> str:
    return _("That isn't a valid web address; copy it again from your calendar's settings.")


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the host name resolves to, in the system's order of preference."""
    # AI_ADDRCONFIG: no IPv6 answers on a host without IPv6, where they could only fail.
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_ADDRCONFIG)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def redacted(url: str) -> str:
    """The address without its secret parts, for logs and messages: scheme and host only."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return "(an unreadable address)"
    if host and ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme or '?'}://{host or '?'}/…"


def feed_host(url: str) -> str:
    """The host of a checked feed address, as stored beside it (cut to its column)."""
    return (httpx.URL(url).host or "?")[:255]


def normalise_feed_url(text: str, *, allow_private: bool) -> str:
    """The feed address from what a person typed (Slack wraps links as <url> or <url|label>)."""
    url = text.strip()
    if len(url) > MAX_URL:
        raise FeedRefused(
            _(
                "That address is far longer than a calendar address; copy it again from your "
                "calendar's settings."
            )
        )
    if url.startswith("<") and url.endswith(">"):
        url = url[1:-1].split("|", 1)[0].strip()
    url = url.replace("&amp;", "&")  # Slack escapes & in command text
    if any(char.isspace() for char in url):
        raise FeedRefused(
            _("That address has a space in it; paste the calendar address on its own.")
        )
    scheme, found, rest = url.partition("://")
    scheme = scheme.lower()
    if not found or not SCHEME.fullmatch(scheme):
        raise FeedRefused(
            _(
                "That doesn't look like a web address. Paste your calendar's private iCal "
                "address, which starts with https://"
            )
        )
    if scheme in ("webcal", "webcals"):
        scheme = "https"  # Apple's and Outlook's name for a calendar served over https
    if scheme != "https" and not (scheme == "http" and allow_private):
        raise FeedRefused(
            _(
                "That address starts with {scheme}://; a calendar address starts with https:// "
                "(Kairos fetches calendars only over encrypted connections).",
                scheme=scheme,
            )
        )
    try:
        parts = urlsplit(f"{scheme}://{rest}")
        port = parts.port  # raises for a port that is not a number from 0 to 65535
        host = parts.hostname
    except ValueError:
        raise FeedRefused(_invalid()) from None
    if "@" in parts.netloc:
        raise FeedRefused(
            _(
                "That address has a user name or password in it; Kairos doesn't send "
                "passwords. Use the calendar's private (secret) address instead."
            )
        )
    if not host:
        raise FeedRefused(_("That address has no host name after {scheme}://.", scheme=scheme))
    try:
        ascii_host = httpx.URL(f"{scheme}://{parts.netloc}/").raw_host.decode("ascii").lower()
    except (httpx.InvalidURL, UnicodeError):
        raise FeedRefused(_invalid()) from None
    if not (is_ip(ascii_host) or is_dns_name(ascii_host)) or port == 0:
        raise FeedRefused(_invalid())
    netloc = f"[{ascii_host}]" if ":" in ascii_host else ascii_host
    if port is not None:
        netloc += f":{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def is_dns_name(host: str) -> bool:
    """Whether a host name fits DNS: letters, digits, - and _ in labels of at most 63
    characters, at most 253 in all (a final dot aside)."""
    name = host.removesuffix(".")
    return (
        _HOST_NAME.fullmatch(host) is not None
        and len(name) <= MAX_HOST
        and all(len(label) <= MAX_LABEL for label in name.split("."))
    )


def is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def is_public_address(text: str) -> bool:
    """Whether an IP address is on the public internet (not private, local or metadata)."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address):
        # Forms that carry an IPv4 address are as public as the one they carry.
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public_address(str(embedded))
        if address.teredo is not None:
            return False  # a tunnel to some client's address; no calendar is served that way
    if address in _METADATA or (isinstance(address, ipaddress.IPv4Address) and address in _CGNAT):
        return False
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )
