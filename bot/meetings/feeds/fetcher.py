"""The feed fetcher a sync is given: its protocol, and fetch_feed over one httpx client."""

from __future__ import annotations

from typing import Protocol

import httpx

from bot.meetings.feeds.fetch import FetchResult, fetch_feed


class FeedFetcher(Protocol):
    """Fetches a feed address; the composition root gives the SSRF-safe httpx one."""

    def fetch(
        self, url: str, *, etag: str | None, last_modified: str | None, previous_hash: str | None
    ) -> FetchResult:
        """One conditional fetch."""
        ...


class HttpFeedFetcher:
    """fetch_feed over one shared httpx client."""

    def __init__(self, *, allow_private: bool, client: httpx.Client | None = None) -> None:
        self.allow_private = allow_private
        # trust_env=False: no proxy from the environment. The connection is pinned to the
        # address that passed the checks, which a proxy tunnel would not honour for TLS.
        self._client = client or httpx.Client(trust_env=False)

    def fetch(
        self, url: str, *, etag: str | None, last_modified: str | None, previous_hash: str | None
    ) -> FetchResult:
        """One conditional fetch, with the address checks unless private URLs are allowed."""
        return fetch_feed(
            url,
            client=self._client,
            etag=etag,
            last_modified=last_modified,
            previous_hash=previous_hash,
            allow_private=self.allow_private,
        )

    def close(self) -> None:
        """Close the connections."""
        self._client.close()
