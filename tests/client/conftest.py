"""Fixtures of the client tests: a fresh token cache per test and mock-transport clients."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from client_harness import API, AUTH, FAST, NUMBERS

from sinch_est.client import EstClient
from sinch_est.client._auth import clear_token_cache


@pytest.fixture(autouse=True)
def _fresh_token_cache() -> Iterator[None]:
    clear_token_cache()
    yield
    clear_token_cache()


@pytest.fixture
def make_client() -> Iterator[Callable[..., EstClient]]:
    """``make_client(handler, **overrides)``: an EstClient over a MockTransport, closed after the test."""
    made: list[EstClient] = []

    def make(handler: Callable[[httpx.Request], httpx.Response], **overrides: Any) -> EstClient:
        options: dict[str, Any] = {
            "access_token": "test-access-token",
            "api_url": API,
            "auth_url": AUTH,
            "numbers_url": NUMBERS,
            "retry": FAST,
            "transport": httpx.MockTransport(handler),
        }
        options.update(overrides)
        client = EstClient("proj-1", **options)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()
