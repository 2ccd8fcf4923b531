"""What the feed fetcher's tests share: a secret feed address, a calendar, a resolver that
knows only the names it is given, and checks of a failed fetch."""

from __future__ import annotations

import httpx

from bot.meetings.feeds.addresses import Resolver, is_public_address
from bot.meetings.feeds.fetch import FailReason, FetchResult, FetchStatus, fetch_feed
from tests.unit.meetings.ics_helpers import calendar

SECRET = "/private-9f8e7d6c5b4a/basic.ics"
ICS = calendar("UID:a@x\nDTSTART:20261124T090000Z\nDTEND:20261124T093000Z\nSUMMARY:Plan").encode()
PUBLIC_IP = "93.184.216.34"


def resolving(hosts: dict[str, list[str]], calls: list[str] | None = None) -> Resolver:
    """A resolver that knows only these names, noting each question."""

    def resolve(host: str, _port: int) -> list[str]:
        if calls is not None:
            calls.append(host)
        if host not in hosts:
            raise OSError("no such host")
        return hosts[host]

    return resolve


def local_plays_public(address: str) -> bool:
    """The real check, except that the local test server counts as public."""
    return address == "127.0.0.1" or is_public_address(address)


def fetch_tls(client: httpx.Client, url: str, **hosts: list[str]) -> FetchResult:
    """Fetch with the address checks on; `calendar=[...]` says where calendar.test resolves."""
    return fetch_feed(
        url,
        client=client,
        resolver=resolving({f"{name}.test": addresses for name, addresses in hosts.items()}),
        address_allowed=local_plays_public,
    )


def failed(result: FetchResult, reason: FailReason) -> str:
    """What people are told of a fetch that failed, after checking it failed for `reason`."""
    assert result.status is FetchStatus.FAILED
    assert result.reason is reason
    assert result.problem is not None
    return result.problem
