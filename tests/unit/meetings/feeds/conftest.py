"""Fixtures of the feed fetcher's tests: a plain and a TLS feed server, and clients for them."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.support.feeds import Certificates, FeedServer, certificates


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return certificates(tmp_path_factory.mktemp("tls"), "calendar.test", "mirror.test")


@pytest.fixture
def tls_feeds(certs: Certificates) -> Iterator[FeedServer]:
    server = FeedServer(tls=certs.server)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")  # its TLS setup costs 50 ms; every fetch closes its connection
def client() -> Iterator[httpx.Client]:
    with httpx.Client() as http:
        yield http


@pytest.fixture(scope="module")
def tls_client(certs: Certificates) -> Iterator[httpx.Client]:
    with httpx.Client(verify=certs.client) as http:
        yield http
