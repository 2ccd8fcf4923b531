"""The feed fetcher against what a server answers: conditional GETs, statuses, redirects,
size, time and encoding limits, what people are told, and the secret address kept out of
every message and log.

Real HTTP against a local server.
"""

from __future__ import annotations

import gzip
import logging

import httpx
import pytest

from bot.meetings.feeds.fetch import FailReason, FetchResult, FetchStatus, fetch_feed
from tests.support.feeds import FeedServer, Route
from tests.unit.meetings.feeds.fetch_helpers import ICS, SECRET, failed, fetch_tls

# Conditional GETs and hashes --------------------------------------------------------------


def test_feed_is_fetched_then_not_modified_then_unchanged(
    feeds: FeedServer, client: httpx.Client
) -> None:
    feeds.routes[SECRET] = Route(body=ICS, last_modified="Tue, 24 Nov 2026 09:00:00 GMT")
    url = feeds.url(SECRET)
    first = fetch_feed(url, client=client, allow_private=True)
    assert first.status is FetchStatus.CHANGED
    assert first.body == ICS
    assert first.etag is not None
    assert first.last_modified == "Tue, 24 Nov 2026 09:00:00 GMT"
    assert first.body_hash is not None
    assert len(first.body_hash) == 64
    assert "If-None-Match" not in feeds.requests[0].headers

    second = fetch_feed(url, client=client, allow_private=True, etag=first.etag)
    assert second.status is FetchStatus.NOT_MODIFIED
    assert second.body is None
    assert feeds.requests[-1].headers.get("If-None-Match") == first.etag

    third = fetch_feed(url, client=client, allow_private=True, last_modified=first.last_modified)
    assert third.status is FetchStatus.NOT_MODIFIED
    assert feeds.requests[-1].headers.get("If-Modified-Since") == first.last_modified

    feeds.routes[SECRET] = Route(body=ICS, etag=False)
    fourth = fetch_feed(url, client=client, allow_private=True, previous_hash=first.body_hash)
    assert fourth.status is FetchStatus.UNCHANGED
    assert fourth.body is None
    assert fourth.body_hash == first.body_hash

    feeds.routes[SECRET] = Route(body=ICS.replace(b"Plan", b"Plan B"), etag=False)
    fifth = fetch_feed(url, client=client, allow_private=True, previous_hash=first.body_hash)
    assert fifth.status is FetchStatus.CHANGED
    assert fifth.body_hash != first.body_hash


@pytest.mark.parametrize("status", [401, 403, 404, 410])
def test_gone_or_denied_is_told_apart(feeds: FeedServer, client: httpx.Client, status: int) -> None:
    feeds.routes[SECRET] = Route(body=b"no", status=status)
    result = fetch_feed(feeds.url(SECRET), client=client, allow_private=True)
    assert result.status is FetchStatus.GONE_OR_DENIED
    assert result.problem is not None
    assert f"answers {status}" in result.problem
    assert "/kairos calendar <address>" in result.problem


@pytest.mark.parametrize("status", [500, 503, 429, 206])
def test_other_statuses_fail_for_now(feeds: FeedServer, client: httpx.Client, status: int) -> None:
    feeds.routes[SECRET] = Route(body=ICS, status=status)
    result = fetch_feed(feeds.url(SECRET), client=client, allow_private=True)
    assert f"answered {status}" in failed(result, FailReason.SERVER_ERROR)


# Redirects ---------------------------------------------------------------------------------


def test_a_relative_redirect_is_followed(feeds: FeedServer, client: httpx.Client) -> None:
    feeds.routes[SECRET] = Route(redirect_to="../moved.ics")
    feeds.routes["/private-9f8e7d6c5b4a/../moved.ics"] = Route(body=b"wrong")
    feeds.routes["/moved.ics"] = Route(body=ICS)
    result = fetch_feed(feeds.url(SECRET), client=client, allow_private=True)
    assert result.status is FetchStatus.CHANGED
    assert [r.path for r in feeds.requests] == [SECRET, "/moved.ics"]


def test_too_many_redirects(feeds: FeedServer, client: httpx.Client) -> None:
    feeds.routes["/loop"] = Route(redirect_to="/loop")
    result = fetch_feed(feeds.url("/loop"), client=client, allow_private=True)
    assert "redirects more than 5 times" in failed(result, FailReason.TOO_MANY_REDIRECTS)
    assert len(feeds.requests) == 6


# Size, time, encoding, content --------------------------------------------------------------


@pytest.mark.parametrize("declare", [True, False])
def test_huge_feed_is_cut_off(feeds: FeedServer, client: httpx.Client, declare: bool) -> None:
    feeds.routes[SECRET] = Route(body=ICS + b"X" * 300_000, declare_length=declare)
    result = fetch_feed(feeds.url(SECRET), client=client, allow_private=True, max_bytes=100_000)
    assert "larger than 97 KB" in failed(result, FailReason.TOO_BIG)


def test_the_cap_counts_decompressed_bytes(feeds: FeedServer, client: httpx.Client) -> None:
    body = ICS + b" " * 300_000  # a few KB once compressed
    assert len(gzip.compress(body)) < 100_000
    feeds.routes[SECRET] = Route(body=body, gzip=True)
    result = fetch_feed(feeds.url(SECRET), client=client, allow_private=True, max_bytes=100_000)
    failed(result, FailReason.TOO_BIG)


def test_gzip_feed_is_read(feeds: FeedServer, client: httpx.Client) -> None:
    feeds.routes[SECRET] = Route(body=ICS, gzip=True)
    result = fetch_feed(feeds.url(SECRET), client=client, allow_private=True)
    assert result.status is FetchStatus.CHANGED
    assert result.body == ICS
    assert "gzip" in feeds.requests[0].headers["Accept-Encoding"]


def test_a_body_trickling_past_the_deadline_is_cut_off(
    feeds: FeedServer, client: httpx.Client
) -> None:
    # 40 KB at 1 KB per 0.1 s would take 4 s; every single read is quick.
    feeds.routes[SECRET] = Route(body=ICS + b" " * 40_000, trickle_body=0.1)
    result = fetch_feed(feeds.url(SECRET), client=client, allow_private=True, deadline_seconds=0.5)
    assert "took too long" in failed(result, FailReason.TIMEOUT)
    assert feeds.hang_ups.get(timeout=5) == "body"


def test_headers_trickling_past_the_deadline_are_cut_off(
    feeds: FeedServer, client: httpx.Client
) -> None:
    # One byte per 0.03 s: the headers alone take 4 s, and no loop of the fetcher runs
    # while httpx reads them; each read is quick, so no read timeout fires either.
    feeds.routes[SECRET] = Route(body=ICS, trickle_head=0.03)
    result = fetch_feed(feeds.url(SECRET), client=client, allow_private=True, deadline_seconds=0.5)
    failed(result, FailReason.TIMEOUT)
    assert feeds.hang_ups.get(timeout=5) == "head"  # cut off before the headers ended


@pytest.mark.parametrize(
    ("body", "what"),
    [
        (b"<!doctype html><html><body>Sign in</body></html>", "a web page"),
        (b"\n\n  <html>" + b"x" * 50_000, "a web page"),
        (b"BEGIN:VCARD\r\nEND:VCARD\r\n", "something else"),
    ],
)
def test_what_is_not_a_calendar_is_told(
    feeds: FeedServer, client: httpx.Client, body: bytes, what: str
) -> None:
    feeds.routes[SECRET] = Route(body=body)
    result = fetch_feed(feeds.url(SECRET), client=client, allow_private=True)
    assert result.status is FetchStatus.NOT_A_CALENDAR
    assert result.body is None
    assert f"That address answers with {what}, not a calendar" in (result.problem or "")


def test_a_broken_compressed_body_is_a_bad_response(
    feeds: FeedServer, client: httpx.Client
) -> None:
    feeds.routes[SECRET] = Route(body=ICS, headers={"Content-Encoding": "gzip"})  # it is not
    result = fetch_feed(feeds.url(SECRET), client=client, allow_private=True)
    assert "sent a broken response" in failed(result, FailReason.BAD_RESPONSE)


def test_a_calendar_may_start_with_a_bom_and_blank_lines(
    feeds: FeedServer, client: httpx.Client
) -> None:
    feeds.routes[SECRET] = Route(body=b"\xef\xbb\xbf\r\n\r\n" + ICS)
    result = fetch_feed(feeds.url(SECRET), client=client, allow_private=True)
    assert result.status is FetchStatus.CHANGED


def test_a_refused_connection_is_unreachable(client: httpx.Client) -> None:
    server = FeedServer()
    server.start()
    url = server.url(SECRET)
    server.stop()  # nothing listens on that port now
    result = fetch_feed(url, client=client, allow_private=True)
    assert "couldn't connect to the calendar server at 127.0.0.1" in failed(
        result, FailReason.UNREACHABLE
    )


# The address is a credential -------------------------------------------------------------


def test_the_secret_path_is_never_logged_or_told(
    feeds: FeedServer,
    tls_feeds: FeedServer,
    client: httpx.Client,
    tls_client: httpx.Client,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)  # httpx would log each URL at INFO, httpcore at DEBUG
    url = feeds.url(SECRET)
    results: list[FetchResult] = []
    for route in (
        Route(body=ICS), Route(body=b"<html>"), Route(status=500), Route(status=404),
        Route(redirect_to=SECRET), Route(redirect_to=f"ftp://x.test{SECRET}"),
    ):  # fmt: skip
        feeds.routes[SECRET] = route
        results.append(fetch_feed(url, client=client, allow_private=True))
    feeds.routes[SECRET] = Route(body=ICS)
    results.append(fetch_feed(url, client=client, allow_private=True, max_bytes=10))
    results.append(fetch_feed(url, client=client))  # http, refused
    results.append(fetch_tls(tls_client, tls_feeds.url(SECRET, "other.test"), other=["127.0.0.1"]))
    results.append(fetch_tls(tls_client, tls_feeds.url(SECRET, "calendar.test"), calendar=["::1"]))
    assert {r.status for r in results} == {
        FetchStatus.CHANGED, FetchStatus.NOT_A_CALENDAR, FetchStatus.FAILED,
        FetchStatus.GONE_OR_DENIED,
    }  # fmt: skip
    assert {r.reason for r in results} == {None, *FailReason} - {
        FailReason.UNREACHABLE, FailReason.TIMEOUT, FailReason.BAD_RESPONSE,
    }  # fmt: skip
    for result in results:
        assert "9f8e7d6c5b4a" not in (result.problem or "")
    assert len(caplog.records) >= 8  # the failures are logged...
    assert "9f8e7d6c5b4a" not in caplog.text  # ...without the address's secret part
    assert "http://127.0.0.1/…" in caplog.text
