"""Injected faults: 429 with Retry-After, 503, dropped connections, latency and the per-project rate limit."""

from __future__ import annotations

import time

import httpx
import pytest
from emulator_harness import PROJECT, Clock, error

from sinch_est.emulator import EmulatorServer, Faults


def test_fault_429_with_retry_after(emulator: EmulatorServer, api: httpx.Client) -> None:
    emulator.set_faults(fault_429=1.0, retry_after=7)
    response = api.get("/trunks")
    body = error(response, 429, "RESOURCE_EXHAUSTED")
    assert response.headers["retry-after"] == "7" and "injected" in body["message"]
    assert [r.status for r in emulator.requests] == [429]
    token = httpx.post(
        emulator.token_url, data={"grant_type": "client_credentials"}, auth=(emulator.key_id, emulator.key_secret)
    )
    assert token.status_code == 200, "the token endpoint is never faulted"


def test_fault_503(emulator: EmulatorServer, api: httpx.Client) -> None:
    emulator.faults.fault_503 = 1.0
    error(api.post("/trunks", json={"name": "x", "hostName": "x"}), 503, "UNAVAILABLE")
    assert emulator.store.objects(PROJECT, "SipTrunk") == [], "a faulted request never reaches the store"


def test_fault_drop_closes_the_connection_without_a_response(emulator: EmulatorServer, api: httpx.Client) -> None:
    emulator.faults.fault_drop = 1.0
    with pytest.raises(httpx.TransportError):
        api.get("/trunks")
    assert [r.status for r in emulator.requests] == [0]
    emulator.faults.fault_drop = 0.0
    assert api.get("/trunks").status_code == 200, "the next connection is served"


def test_fault_fractions_mix(emulator: EmulatorServer, api: httpx.Client) -> None:
    emulator.set_faults(fault_503=0.5)
    statuses = {api.get("/trunks").status_code for _ in range(60)}
    assert statuses == {200, 503}


def test_latency(emulator: EmulatorServer, api: httpx.Client) -> None:
    emulator.set_faults(latency_ms=150)
    start = time.perf_counter()
    assert api.get("/trunks").status_code == 200
    assert time.perf_counter() - start >= 0.15
    assert emulator.requests[-1].duration_ms >= 150


def test_rate_limit_per_project(emulator: EmulatorServer, api: httpx.Client, clock: Clock) -> None:
    emulator.set_faults(rate_limit=2)
    statuses = [api.get("/trunks").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    limited = api.get("/trunks")
    assert limited.status_code == 429 and limited.headers["retry-after"] == "1", "0.5 s, rounded up to whole seconds"
    other = httpx.get(f"{emulator.url}/v1/projects/other/trunks", auth=(emulator.key_id, emulator.key_secret))
    assert other.status_code == 200, "each project has its own budget"
    clock.advance(0.25)
    assert api.get("/trunks").status_code == 429, "half a token is not a request"
    clock.advance(0.5)
    assert [api.get("/trunks").status_code for _ in range(2)] == [200, 429], "a token per half second"


def test_faults_validate_their_settings() -> None:
    with pytest.raises(ValueError, match="fault_429"):
        Faults(fault_429=1.5)
    with pytest.raises(ValueError, match="rate_limit"):
        Faults(rate_limit=0)


def test_server_constructor_latency_and_faults() -> None:
    with EmulatorServer(latency_ms=50, faults=Faults(fault_503=1.0), seed=1) as server:
        start = time.perf_counter()
        response = httpx.get(f"{server.url}/v1/projects/p/trunks", auth=(server.key_id, server.key_secret))
        assert response.status_code == 503 and time.perf_counter() - start >= 0.05
        server.set_faults()
        assert (
            httpx.get(f"{server.url}/v1/projects/p/trunks", auth=(server.key_id, server.key_secret)).status_code == 200
        )
