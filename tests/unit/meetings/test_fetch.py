"""The feed fetcher: address checks, conditional GETs, limits, and what the person is told."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import httpx
import pytest

from bot.meetings.fetch import (
    Checks,
    FeedRefused,
    FetchStatus,
    fetch_checked,
    fetch_feed,
    is_public_address,
    normalise_feed_url,
)
from tests.support.feeds import FeedServer, Route
from tests.unit.meetings.ics_helpers import calendar

SECRET = "/private-9f8e7d6c5b4a/basic.ics"
ICS = calendar("UID:a@x\nDTSTART:20261124T090000Z\nDTEND:20261124T093000Z\nSUMMARY:Plan").encode()


@pytest.fixture
def feeds() -> Iterator[FeedServer]:
    server = FeedServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client() as http:
        yield http


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.1", "172.16.5.4", "192.168.1.1", "127.0.0.1", "0.0.0.0", "169.254.169.254",
        "100.64.0.1", "::1", "fe80::1", "fc00::1", "fd00:ec2::254", "::ffff:127.0.0.1",
        "2002:7f00:1::", "64:ff9b::a00:1", "224.0.0.1", "240.0.0.1",
    ],
)  # fmt: skip
def test_private_local_and_metadata_addresses_are_not_public(address: str) -> None:
    assert not is_public_address(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_public(address: str) -> None:
    assert is_public_address(address)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("https://calendar.google.com/x/basic.ics", "https://calendar.google.com/x/basic.ics"),
        ("<https://outlook.office365.com/owa/c.ics>", "https://outlook.office365.com/owa/c.ics"),
        ("<https://p01.icloud.com/a|my cal>", "https://p01.icloud.com/a"),
        ("webcal://p01-caldav.icloud.com/published/2/x", "https://p01-caldav.icloud.com/published/2/x"),
    ],
)  # fmt: skip
def test_addresses_are_normalised(typed: str, expected: str) -> None:
    assert normalise_feed_url(typed, allow_private=False) == expected


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("http://calendar.example.com/a.ics", "https://"),
        ("ftp://calendar.example.com/a.ics", "ftp://"),
        ("calendar", "doesn't look like a web address"),
        ("https://me:pw@calendar.example.com/a.ics", "user name or password"),
    ],
)
def test_bad_addresses_are_refused_kindly(typed: str, why: str) -> None:
    with pytest.raises(FeedRefused) as refused:
        normalise_feed_url(typed, allow_private=False)
    assert why in refused.value.user_text()
    assert "/kairos calendar https://" in refused.value.user_text()


def test_private_host_is_refused_before_connecting(feeds: FeedServer, client: httpx.Client) -> None:
    feeds.routes[SECRET] = Route(body=ICS)
    for address in ("127.0.0.1", "10.1.2.3", "169.254.169.254", "::ffff:10.0.0.1"):
        result = fetch_feed(
            f"https://calendar.example.test{SECRET}",
            client=client,
            resolver=lambda _host, _port, a=address: [a],
        )
        assert result.status is FetchStatus.FAILED
        assert result.problem is not None
        assert "private or local network" in result.problem
    assert feeds.requests == []


def test_feed_is_fetched_then_not_modified_then_unchanged(
    feeds: FeedServer, client: httpx.Client
) -> None:
    feeds.routes[SECRET] = Route(body=ICS)
    url = feeds.url(SECRET)
    first = fetch_feed(url, client=client, allow_private=True)
    assert first.status is FetchStatus.CHANGED
    assert first.body == ICS
    assert first.etag
    assert first.body_hash

    second = fetch_feed(url, client=client, allow_private=True, etag=first.etag)
    assert second.status is FetchStatus.NOT_MODIFIED
    assert feeds.requests[-1][1].get("If-None-Match") == first.etag

    feeds.routes[SECRET] = Route(body=ICS, etag=False)
    third = fetch_feed(url, client=client, allow_private=True, previous_hash=first.body_hash)
    assert third.status is FetchStatus.UNCHANGED
    assert third.body is None


@pytest.mark.parametrize("status", [401, 403, 404, 410])
def test_gone_or_denied_is_told_apart(feeds: FeedServer, client: httpx.Client, status: int) -> None:
    feeds.routes[SECRET] = Route(body=b"no", status=status)
    result = fetch_feed(feeds.url(SECRET), client=client, allow_private=True)
    assert result.status is FetchStatus.GONE_OR_DENIED
    assert result.problem is not None
    assert str(status) in result.problem


def test_redirect_to_a_private_address_is_refused(feeds: FeedServer, client: httpx.Client) -> None:
    # 127.0.0.1 plays a public server here; 127.0.0.2 plays the private one.
    feeds.routes[SECRET] = Route(redirect_to=f"http://metadata.test:{feeds.port}/latest/")
    feeds.routes["/latest/"] = Route(body=ICS)
    hosts = {"public.test": ["127.0.0.1"], "metadata.test": ["127.0.0.2"]}
    checks = Checks(
        allow_http=True,
        address_allowed=lambda a: a == "127.0.0.1",
        resolver=lambda host, _port: hosts[host],
    )
    result = fetch_checked(
        f"http://public.test:{feeds.port}{SECRET}",
        client=client,
        conditions=(None, None, None),
        checks=checks,
        max_bytes=1 << 20,
        deadline=time.monotonic() + 5,
    )
    assert result.status is FetchStatus.FAILED
    assert result.problem is not None
    assert "metadata.test" in result.problem
    assert [path for path, _ in feeds.requests] == [SECRET]  # the second hop never happened
    assert feeds.requests[0][1]["Host"] == f"public.test:{feeds.port}"


def test_too_many_redirects(feeds: FeedServer, client: httpx.Client) -> None:
    feeds.routes["/loop"] = Route(redirect_to="/loop")
    result = fetch_feed(feeds.url("/loop"), client=client, allow_private=True)
    assert result.status is FetchStatus.FAILED
    assert result.problem is not None
    assert "redirects too many times" in result.problem


@pytest.mark.parametrize("declare", [True, False])
def test_huge_feed_is_cut_off(feeds: FeedServer, client: httpx.Client, declare: bool) -> None:
    feeds.routes[SECRET] = Route(body=ICS + b"X" * 300_000, declare_length=declare)
    result = fetch_feed(feeds.url(SECRET), client=client, allow_private=True, max_bytes=100_000)
    assert result.status is FetchStatus.FAILED
    assert result.problem is not None
    assert "larger than" in result.problem


def test_slow_feed_is_cut_off_by_the_deadline(feeds: FeedServer, client: httpx.Client) -> None:
    feeds.routes[SECRET] = Route(body=ICS * 40, trickle_seconds=0.3)
    result = fetch_feed(feeds.url(SECRET), client=client, allow_private=True, deadline_seconds=0.5)
    assert result.status is FetchStatus.FAILED
    assert result.problem is not None
    assert "too long" in result.problem


def test_gzip_feed_is_read(feeds: FeedServer, client: httpx.Client) -> None:
    feeds.routes[SECRET] = Route(body=ICS, gzip=True)
    result = fetch_feed(feeds.url(SECRET), client=client, allow_private=True)
    assert result.status is FetchStatus.CHANGED
    assert result.body == ICS


def test_web_page_is_not_a_calendar(feeds: FeedServer, client: httpx.Client) -> None:
    feeds.routes[SECRET] = Route(body=b"<!doctype html><html>Sign in</html>")
    result = fetch_feed(feeds.url(SECRET), client=client, allow_private=True)
    assert result.status is FetchStatus.FAILED
    assert result.problem is not None
    assert "not a calendar" in result.problem


def test_the_secret_path_is_never_logged_or_told(
    feeds: FeedServer, client: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for route in (Route(body=b"<html>"), Route(body=b"", status=500), Route(status=404)):
        feeds.routes[SECRET] = route
        result = fetch_feed(feeds.url(SECRET), client=client, allow_private=True)
        assert result.problem is not None
        assert "private-9f8e7d6c5b4a" not in result.problem
    assert "private-9f8e7d6c5b4a" not in caplog.text
