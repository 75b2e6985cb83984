"""Memory grows with the objects stored, not with the requests served (figures printed; bound generous)."""

from __future__ import annotations

import gc
import tracemalloc

import httpx
import pytest

from sinch_est.emulator import EmulatorServer

OBJECTS = 500  # trunks, each with one endpoint: 1000 objects
REQUESTS = 1500
LOG_SIZE = 200


def _traced() -> int:
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


def test_memory_per_object_and_per_request(capsys: pytest.CaptureFixture[str]) -> None:
    with EmulatorServer(request_log_size=LOG_SIZE) as server:
        auth = (server.key_id, server.key_secret)
        with httpx.Client(base_url=f"{server.url}/v1/projects/mem", auth=auth) as client:
            trunk = client.post("/trunks", json={"name": "warm", "hostName": "warm"}).json()
            tracemalloc.start()
            try:
                empty = _traced()
                for index in range(OBJECTS):
                    made = server.store.create("mem", "SipTrunk", {"name": f"t{index}", "hostName": f"t{index}"})
                    endpoint = {"name": "e", "priority": 1, "address": "10.0.0.1"}
                    server.store.create("mem", "SipEndpoint", endpoint, parent=made["id"])
                stored = _traced()
                for _ in range(LOG_SIZE + 200):  # a full turn of the request log, traced from the start
                    client.get(f"/trunks/{trunk['id']}")
                warm = _traced()
                for _ in range(REQUESTS):
                    assert client.get(f"/trunks/{trunk['id']}").status_code == 200
                served = _traced()
            finally:
                tracemalloc.stop()
        assert len(server.requests) == LOG_SIZE and server.requests.total == 1 + LOG_SIZE + 200 + REQUESTS
    per_object = (stored - empty) / (2 * OBJECTS)
    per_request = (served - warm) / REQUESTS
    with capsys.disabled():
        print(
            f"\n[emulator memory] {2 * OBJECTS} objects stored: +{(stored - empty) / 1024:.0f} KiB "
            f"({per_object:.0f} B/object); full request log ({LOG_SIZE} entries): +{(warm - stored) / 1024:.0f} KiB; "
            f"{REQUESTS} more requests: {(served - warm) / 1024:+.1f} KiB ({per_request:+.2f} B/request)"
        )
    assert per_request < 50, "serving requests must not accumulate memory"
