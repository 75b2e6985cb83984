"""The HTTP surface: unknown paths and methods, project isolation, the request log and the admin routes."""

from __future__ import annotations

import json
import time

import httpx
import pytest
from emulator_harness import PASSWORD, PROJECT, error, make_credential_list, make_trunk

from sinch_est.emulator import EmulatorServer, Faults, RequestLog, RequestRecord


def test_unknown_path_is_no_resource_found(api: httpx.Client) -> None:
    body = error(api.get("/trunkz"), 404, "NO_RESOURCE_FOUND")
    assert body["message"] == f"No static resource v1/projects/{PROJECT}/trunkz."
    error(api.delete("/trunks"), 405, "METHOD_NOT_ALLOWED")


def test_projects_are_isolated(emulator: EmulatorServer, api: httpx.Client) -> None:
    trunk = make_trunk(api)
    other = httpx.Client(base_url=f"{emulator.url}/v1/projects/other", auth=(emulator.key_id, emulator.key_secret))
    with other:
        assert other.get("/trunks").json()["trunks"] == []
        error(other.get(f"/trunks/{trunk['id']}"), 404, "NOT_FOUND")
    assert emulator.store.project_ids() == [PROJECT], "reads do not create projects"


def test_request_log_counts_calls_without_bodies_or_headers(emulator: EmulatorServer, api: httpx.Client) -> None:
    before, started = time.time(), time.perf_counter()
    made = make_credential_list(api, "alice")
    api.get(f"/credentialLists/{made['id']}", params={"x": "1"})
    api.get("/nowhere")
    elapsed_ms, after = (time.perf_counter() - started) * 1000, time.time()
    records = list(emulator.requests)
    assert [(r.method, r.status) for r in records] == [("POST", 200), ("GET", 200), ("GET", 404)]
    assert records[1].path == f"/v1/projects/{PROJECT}/credentialLists/{made['id']}" and records[1].query == "x=1"
    assert all(r.project_id == PROJECT for r in records)
    assert all(before <= r.timestamp <= after for r in records), "stamped when served, in seconds since the epoch"
    assert 0 < sum(r.duration_ms for r in records) <= elapsed_ms, "milliseconds spent inside the server"
    assert len(emulator.requests.matching("GET", "*/credentialLists/*")) == 1
    assert len(emulator.requests.matching(status=404)) == 1
    dumped = json.dumps([r.to_dict() for r in records])
    assert PASSWORD not in dumped and emulator.key_secret not in dumped


def test_request_log_is_capped() -> None:
    log = RequestLog(maxlen=3)
    for index in range(5):
        log.append(RequestRecord("GET", f"/{index}", "", 200, 0.0, None, 0.0))
    assert [r.path for r in log] == ["/2", "/3", "/4"] and log.total == 5 and log[-1].path == "/4"
    log.clear()
    assert len(log) == 0 and log.total == 0


def test_admin_routes_reset_and_read_the_log(emulator: EmulatorServer, api: httpx.Client) -> None:
    make_trunk(api)
    log = httpx.get(f"{emulator.url}/_emulator/requests").json()
    assert log["total"] == 1 and log["requests"][0]["method"] == "POST" and log["requests"][0]["status"] == 201
    assert set(log["requests"][0]) == {
        "method",
        "path",
        "query",
        "status",
        "timestamp",
        "projectId",
        "durationMs",
        "disconnected",
    }
    faults = httpx.put(f"{emulator.url}/_emulator/faults", json={"latency_ms": 5, "fault_503": 0.25}).json()
    assert (faults["latency_ms"], faults["fault_503"], faults["fault_429"]) == (5, 0.25, 0.0)
    assert emulator.faults.fault_503 == 0.25
    bad = httpx.put(f"{emulator.url}/_emulator/faults", json={"fault_503": 3})
    assert bad.status_code == 400
    assert httpx.post(f"{emulator.url}/_emulator/reset").status_code == 204
    assert emulator.store.objects(PROJECT, "SipTrunk") == [] and len(emulator.requests) == 0
    assert emulator.faults == Faults(), "reset restores the faults the server started with"


def test_reset_restores_settings(emulator: EmulatorServer) -> None:
    emulator.auth.token_ttl = 1
    emulator.store.provisioning_delay = 9
    emulator.set_faults(fault_429=1.0)
    emulator.reset()
    assert (emulator.auth.token_ttl, emulator.store.provisioning_delay, emulator.faults.fault_429) == (3600, 0.1, 0.0)


def test_request_log_wait_for_returns_the_matches_once_there_are_enough() -> None:
    log = RequestLog()
    log.append(RequestRecord("GET", "/a", "", 200, 0.0, None, 0.0))
    log.append(RequestRecord("POST", "/b", "", 201, 0.0, None, 0.0, disconnected=True))
    assert [r.path for r in log.wait_for("GET")] == ["/a"]
    assert [r.path for r in log.wait_for(count=2)] == ["/a", "/b"]
    with pytest.raises(TimeoutError, match="fewer than 2"):
        log.wait_for("GET", count=2, timeout=0)
