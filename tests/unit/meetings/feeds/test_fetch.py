"""The feed fetcher's address checks: which addresses are public, the connection pinned to
the checked address under the real name (TLS included), and redirects checked like the
first hop.

Real HTTP against a local server. With allow_private=False the address checks run for
real; the tests only say which host names resolve where, and (for the TLS server on
127.0.0.1) that 127.0.0.1 may play a public address.
"""

from __future__ import annotations

import httpx
import pytest

from bot.meetings.feeds.addresses import (
    FeedRefused,
    is_public_address,
    normalise_feed_url,
    redacted,
)
from bot.meetings.feeds.fetch import FailReason, FetchStatus, fetch_feed
from tests.support.feeds import FeedServer, Route
from tests.unit.meetings.feeds.fetch_helpers import (
    ICS,
    PUBLIC_IP,
    SECRET,
    failed,
    fetch_tls,
    resolving,
)

# Addresses -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.1", "172.16.5.4", "192.168.1.1", "127.0.0.1", "127.8.9.10", "0.0.0.0",
        "0.1.2.3", "169.254.169.254", "169.254.1.1", "100.64.0.1", "100.127.255.254",
        "224.0.0.1", "240.0.0.1", "255.255.255.255", "198.18.0.1", "192.0.2.1",
        "::", "::1", "fe80::1", "fe80::1%eth0", "fc00::1", "fd00:ec2::254", "ff02::1",
        "2001:db8::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
        "::127.0.0.1", "2002:7f00:1::", "2002:a9fe:a9fe::1", "64:ff9b::a00:1",
        "64:ff9b::a9fe:a9fe", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "not an address",
    ],
)  # fmt: skip
def test_private_local_and_metadata_addresses_are_not_public(address: str) -> None:
    assert not is_public_address(address)


@pytest.mark.parametrize(
    "address",
    [PUBLIC_IP, "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"],
)
def test_public_addresses_are_public(address: str) -> None:
    assert is_public_address(address)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("https://calendar.google.com/x/basic.ics", "https://calendar.google.com/x/basic.ics"),
        ("  https://Calendar.Google.com/x/basic.ics\n", "https://calendar.google.com/x/basic.ics"),
        ("<https://outlook.office365.com/owa/c.ics>", "https://outlook.office365.com/owa/c.ics"),
        ("<https://p01.icloud.com/a|my cal>", "https://p01.icloud.com/a"),
        ("webcal://p01-caldav.icloud.com/published/2/x", "https://p01-caldav.icloud.com/published/2/x"),
        ("WEBCALS://p01-caldav.icloud.com/x", "https://p01-caldav.icloud.com/x"),
        ("https://cal.example.com:8443/a.ics#top", "https://cal.example.com:8443/a.ics"),
        ("https://cal.example.com/f?a=1&amp;b=2", "https://cal.example.com/f?a=1&b=2"),
        ("https://cal.example.com", "https://cal.example.com/"),
        ("https://bücher.example/k.ics", "https://xn--bcher-kva.example/k.ics"),
        ("https://[2606:4700::1111]:8443/k", "https://[2606:4700::1111]:8443/k"),
    ],
)  # fmt: skip
def test_addresses_are_normalised(typed: str, expected: str) -> None:
    assert normalise_feed_url(typed, allow_private=False) == expected


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("http://calendar.example.com/tok3n.ics", "starts with http://; a calendar address"),
        ("ftp://calendar.example.com/tok3n.ics", "starts with ftp://; a calendar address"),
        ("calendar.example.com/tok3n.ics", "doesn't look like a web address"),
        ("https://me:tok3n@calendar.example.com/a.ics", "user name or password"),
        ("https:///tok3n.ics", "no host name"),
        ("https://calendar.example.com:99999/tok3n.ics", "isn't a valid web address"),
        ("https://cal<endar.example.com/tok3n.ics", "isn't a valid web address"),
        ("https://calendar.example.com/tok3n.ics please", "has a space in it"),
    ],
)
def test_bad_addresses_are_refused_kindly(typed: str, why: str) -> None:
    with pytest.raises(FeedRefused) as refused:
        normalise_feed_url(typed, allow_private=False)
    assert why in refused.value.user_text()
    assert "For example: `/kairos calendar https://" in refused.value.user_text()
    assert "tok3n" not in refused.value.user_text()
    assert "tok3n" not in str(refused.value)


def test_http_is_allowed_only_with_private_addresses() -> None:
    assert normalise_feed_url("http://localhost:8080/a.ics", allow_private=True) == (
        "http://localhost:8080/a.ics"
    )
    with pytest.raises(FeedRefused):
        normalise_feed_url("ftp://localhost/a.ics", allow_private=True)


def test_redacted_keeps_only_scheme_and_host() -> None:
    assert redacted(f"https://calendar.google.com{SECRET}?k=v") == "https://calendar.google.com/…"
    assert redacted("https://[2606:4700::1111]:8443/x") == "https://[2606:4700::1111]/…"
    assert redacted("https://[broken/x") == "(an unreadable address)"


# Pinning, seen through a transport that records the request -------------------------------


def recording(answer: httpx.Response, seen: list[httpx.Request]) -> httpx.Client:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answer

    return httpx.Client(transport=httpx.MockTransport(handle), cookies={"sid": "someone-else"})


@pytest.mark.parametrize(
    ("address", "netloc"),
    [(PUBLIC_IP, f"{PUBLIC_IP}:8443"), ("2606:4700::1111", "[2606:4700::1111]:8443")],
)
def test_the_connection_goes_to_the_checked_address_under_the_real_name(
    address: str, netloc: str
) -> None:
    seen: list[httpx.Request] = []
    calls: list[str] = []
    with recording(httpx.Response(200, content=ICS), seen) as http:
        result = fetch_feed(
            f"https://calendar.example.com:8443{SECRET}",
            client=http,
            resolver=resolving({"calendar.example.com": [address]}, calls),
        )
    assert result.status is FetchStatus.CHANGED
    (request,) = seen
    assert request.url.netloc.decode() == netloc
    assert request.url.path == SECRET
    assert request.headers["host"] == "calendar.example.com:8443"
    assert request.extensions["sni_hostname"] == "calendar.example.com"
    assert calls == ["calendar.example.com"]  # resolved once: no second answer to trust
    assert "cookie" not in request.headers  # the shared jar is never sent
    assert request.headers["connection"] == "close"


def test_the_next_address_is_tried_when_one_does_not_connect() -> None:
    tried: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        tried.append(request.url.host)
        if request.url.host == "2606:4700::1111":
            raise httpx.ConnectError("network unreachable", request=request)
        return httpx.Response(200, content=ICS)

    with httpx.Client(transport=httpx.MockTransport(handle)) as http:
        result = fetch_feed(
            f"https://calendar.example.com{SECRET}",
            client=http,
            resolver=resolving({"calendar.example.com": ["2606:4700::1111", PUBLIC_IP]}),
        )
    assert result.status is FetchStatus.CHANGED
    assert tried == ["2606:4700::1111", PUBLIC_IP]


@pytest.mark.parametrize(
    "addresses",
    [
        ["10.0.0.1"], ["169.254.169.254"], ["::1"], ["::ffff:127.0.0.1"], ["fd00:ec2::254"],
        ["100.64.1.1"], [PUBLIC_IP, "192.168.0.10"],  # every address must be public
    ],
)  # fmt: skip
def test_private_addresses_are_refused_before_connecting(addresses: list[str]) -> None:
    seen: list[httpx.Request] = []
    with recording(httpx.Response(200, content=ICS), seen) as http:
        result = fetch_feed(
            f"https://calendar.example.com{SECRET}",
            client=http,
            resolver=resolving({"calendar.example.com": addresses}),
        )
    assert "private or local network" in failed(result, FailReason.REFUSED)
    assert "calendar.example.com" in (result.problem or "")
    assert seen == []


@pytest.mark.parametrize("url", ["https://127.0.0.1/x.ics", "https://[::1]/x.ics"])
def test_address_literals_are_checked_too(url: str) -> None:
    seen: list[httpx.Request] = []
    with recording(httpx.Response(200, content=ICS), seen) as http:
        result = fetch_feed(url, client=http, resolver=resolving({}))
    failed(result, FailReason.REFUSED)
    assert seen == []


def test_an_unknown_host_is_told_kindly(client: httpx.Client) -> None:
    result = fetch_feed(f"https://nowhere.test{SECRET}", client=client, resolver=resolving({}))
    assert "couldn't find the calendar's host nowhere.test" in failed(
        result, FailReason.UNREACHABLE
    )


def test_http_is_refused_without_private_addresses(feeds: FeedServer, client: httpx.Client) -> None:
    feeds.routes[SECRET] = Route(body=ICS)
    result = fetch_feed(feeds.url(SECRET), client=client, address_allowed=lambda _a: True)
    assert "starts with http://" in failed(result, FailReason.REFUSED)
    assert feeds.connections == 0


# Real TLS: the pinned connection verifies the real name --------------------------------


def test_pinned_tls_uses_the_real_name(tls_feeds: FeedServer, tls_client: httpx.Client) -> None:
    tls_feeds.routes[SECRET] = Route(body=ICS)
    # The certificate names calendar.test, not 127.0.0.1: this works only if SNI and the
    # certificate check use the name while the connection goes to the address.
    result = fetch_tls(tls_client, tls_feeds.url(SECRET, "calendar.test"), calendar=["127.0.0.1"])
    assert result.status is FetchStatus.CHANGED
    assert result.body == ICS
    (seen,) = tls_feeds.requests
    assert seen.sni == "calendar.test"
    assert seen.headers["Host"] == f"calendar.test:{tls_feeds.port}"


def test_a_certificate_for_another_name_is_refused_before_the_path_is_sent(
    tls_feeds: FeedServer, tls_client: httpx.Client
) -> None:
    tls_feeds.routes[SECRET] = Route(body=ICS)
    result = fetch_tls(tls_client, tls_feeds.url(SECRET, "other.test"), other=["127.0.0.1"])
    assert "couldn't verify the calendar server at other.test" in failed(result, FailReason.TLS)
    assert tls_feeds.connections == 1
    assert tls_feeds.requests == []


def test_a_redirect_to_another_checked_host_is_followed(
    tls_feeds: FeedServer, tls_client: httpx.Client
) -> None:
    tls_feeds.routes[SECRET] = Route(redirect_to=tls_feeds.url("/moved.ics", "mirror.test"))
    tls_feeds.routes["/moved.ics"] = Route(body=ICS)
    result = fetch_tls(
        tls_client, tls_feeds.url(SECRET, "calendar.test"),
        calendar=["127.0.0.1"], mirror=["127.0.0.1"],
    )  # fmt: skip
    assert result.status is FetchStatus.CHANGED
    assert [(r.path, r.sni) for r in tls_feeds.requests] == [
        (SECRET, "calendar.test"),
        ("/moved.ics", "mirror.test"),
    ]


@pytest.mark.parametrize(
    ("metadata", "reason", "why"),
    [
        (["169.254.169.254"], FailReason.REFUSED, "metadata.test is on a private or local"),
        (["10.0.0.7"], FailReason.REFUSED, "metadata.test is on a private or local"),
        (["::ffff:127.0.0.2"], FailReason.REFUSED, "metadata.test is on a private or local"),
        (["127.0.0.1", "10.0.0.7"], FailReason.REFUSED, "metadata.test is on a private or local"),
        ([], FailReason.UNREACHABLE, "couldn't find the calendar's host metadata.test"),
    ],
)  # fmt: skip
def test_a_redirect_to_a_private_address_is_refused(
    tls_feeds: FeedServer,
    tls_client: httpx.Client,
    metadata: list[str],
    reason: FailReason,
    why: str,
) -> None:
    # The first hop passes the checks (127.0.0.1 plays a public server); the second hop's
    # host is resolved and checked like the first, and refused before any connection.
    tls_feeds.routes[SECRET] = Route(redirect_to=f"https://metadata.test:{tls_feeds.port}/latest/")
    tls_feeds.routes["/latest/"] = Route(body=ICS)
    result = fetch_tls(
        tls_client,
        tls_feeds.url(SECRET, "calendar.test"),
        calendar=["127.0.0.1"],
        metadata=metadata,
    )
    assert why in failed(result, reason)
    assert [r.path for r in tls_feeds.requests] == [SECRET]  # the second hop never happened
    assert tls_feeds.connections == 1


@pytest.mark.parametrize(
    ("location", "why"),
    [
        ("http://calendar.test/plain.ics", "redirects to an address starting with http://"),
        ("file:///etc/passwd", "redirects to an address starting with file://"),
        ("https://user:pw@calendar.test/x.ics", "redirects to an address Kairos can't use"),
        ("https://[oops/x.ics", "redirects to an address Kairos can't use"),
    ],
)
def test_a_redirect_to_an_unsafe_scheme_is_refused(
    tls_feeds: FeedServer, tls_client: httpx.Client, location: str, why: str
) -> None:
    tls_feeds.routes[SECRET] = Route(redirect_to=location)
    result = fetch_tls(tls_client, tls_feeds.url(SECRET, "calendar.test"), calendar=["127.0.0.1"])
    assert why in failed(result, FailReason.REFUSED)
    assert len(tls_feeds.requests) == 1
