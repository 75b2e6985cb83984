"""The state file never loses a write it acknowledged: SIGKILL, torn journal records, crashes while compacting."""

from __future__ import annotations

import contextlib
import json
import random
import re
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from sinch_est.client import ConflictError, EstClient, NotFoundError, RetryPolicy
from sinch_est.emulator import DEFAULT_KEY_ID, DEFAULT_KEY_SECRET, EmulatorServer, EstError, Store
from sinch_est.emulator import _journal as journal_module
from sinch_est.emulator import _store as store_module
from sinch_est.emulator._journal import Journal, journal_path

PROJECT = "durable"
PASSWORD = "Str0ng-Passw0rd"
FIRST_LINE = re.compile(r"^listening on http://127\.0\.0\.1:(\d+)\n$")


@contextmanager
def emulator_process(state: Path, port: int = 0) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """``python -m sinch_est.emulator`` on ``state``; the test ends it (the block kills it if it is still up)."""
    command = [sys.executable, "-m", "sinch_est.emulator", "--port", str(port), "--state-file", str(state)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            match = FIRST_LINE.match(line)
            assert match, f"first line was {line!r}"
            yield proc, int(match[1])
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.communicate()


def est_client(port: int) -> EstClient:
    url = f"http://127.0.0.1:{port}"
    return EstClient(
        PROJECT,
        key_id=DEFAULT_KEY_ID,
        key_secret=DEFAULT_KEY_SECRET,
        use_basic_auth=True,
        api_url=url,
        auth_url=url,
        numbers_url=url,
        retry=RetryPolicy(attempts=1),
    )


def test_every_acknowledged_write_survives_sigkill_and_a_restart_on_the_same_port(tmp_path: Path) -> None:
    state = tmp_path / "est.json"
    with emulator_process(state) as (proc, port), est_client(port) as client:
        trunks = [client.sip_trunks.create({"name": f"t{i}", "host_name": f"t{i}"}) for i in range(30)]
        for i in range(10):
            trunks[i] = client.sip_trunks.update(trunks[i]["id"], {"name": f"renamed {i}", "host_name": f"t{i}"})
        for trunk in trunks[25:]:
            client.sip_trunks.delete(trunk["id"])
        kept, deleted = trunks[:25], trunks[25:]
        main = kept[0]["id"]
        acl = client.access_control_lists.create(
            {"name": "office", "enabled": True, "ip_ranges": [{"ip_address": "203.0.113.0", "range": 24}]}
        )
        client.ip_ranges.create(acl["id"], {"ip_address": "198.51.100.7"})
        client.trunk_access_control_lists.add(main, [acl["id"]])
        agents = client.credential_lists.create({"name": "agents", "credentials": []})
        client.credentials.upsert(agents["id"], "alice", PASSWORD)
        client.trunk_credential_lists.replace(main, [agents["id"]])
        endpoint = client.sip_endpoints.create(main, {"name": "ua", "priority": 1, "credential_username": "alice"})
        number = client.phone_numbers.assign("+14155550100", main)
        sweden = client.country_permissions.update("SE", True)
        rule = client.call_blocking_rules.create(
            {"name": "no 900", "direction": "OUTBOUND", "callee_country": "US", "callee_match": "1900"}
        )
        last = client.sip_trunks.create({"name": "last", "host_name": "last"})
        proc.send_signal(signal.SIGKILL)  # at once: the answer to ``last`` is the newest acknowledgement
        assert proc.wait() == -signal.SIGKILL
    assert not state.exists(), "no snapshot was ever written: only the journal can bring the writes back"

    with emulator_process(state, port) as (proc, again), est_client(again) as client:
        assert again == port
        for trunk in [*kept, last]:
            assert client.sip_trunks.get(trunk["id"]) == trunk
        for trunk in deleted:
            with pytest.raises(NotFoundError):
                client.sip_trunks.get(trunk["id"])
        assert len(list(client.sip_trunks.list())) == len(kept) + 1
        assert {r["ip_address"] for r in client.ip_ranges.list(acl["id"])} == {"203.0.113.0", "198.51.100.7"}
        assert list(client.trunk_access_control_lists.list(main)) == [acl["id"]]
        assert list(client.trunk_credential_lists.list(main)) == [agents["id"]]
        assert [c["username"] for c in client.credential_lists.get(agents["id"])["credentials"]] == ["alice"]
        assert client.sip_endpoints.get(main, endpoint["id"]) == endpoint
        assert client.phone_numbers.get(number["phone_number"]) == number
        assert client.country_permissions.get("SE") == sweden
        assert client.call_blocking_rules.get(rule["id"]) == rule
        with pytest.raises(ConflictError):
            client.sip_trunks.create({"name": "again", "host_name": "last"})  # host names are known again
        proc.terminate()  # a clean stop folds the journal into the state file
        assert proc.wait() in (0, -signal.SIGTERM)
    assert state.exists() and not journal_path(state).exists()
    store = Store(state_file=state)
    assert store.check_password(PROJECT, agents["id"], "alice", PASSWORD), "the password hash was journaled"
    assert len(store.objects(PROJECT, "SipTrunk")) == len(kept) + 1


def seeded(state: Path, count: int = 3) -> tuple[Store, list[str]]:
    store = Store(state_file=state)
    ids = [store.create(PROJECT, "SipTrunk", {"name": f"t{i}", "hostName": f"t{i}"})["id"] for i in range(count)]
    return store, ids


def test_a_torn_last_record_is_ignored_and_cut_off_before_the_next_write(tmp_path: Path) -> None:
    state = tmp_path / "est.json"
    _, ids = seeded(state)
    journal = journal_path(state)
    whole = journal.read_bytes()
    # A crash in the middle of the write of a fourth record: half a line, no newline.
    torn = b'{"n":4,"p":"durable","c":[["put","SipTrunk","01TORN",null,{"id":"01TO'
    journal.write_bytes(whole + torn)
    store = Store(state_file=state)
    assert [t["id"] for t in store.objects(PROJECT, "SipTrunk")] == ids
    added = store.create(PROJECT, "SipTrunk", {"name": "next", "hostName": "next"})
    assert journal.read_bytes().startswith(whole) and torn not in journal.read_bytes()
    assert [t["id"] for t in Store(state_file=state).objects(PROJECT, "SipTrunk")] == [*ids, added["id"]]


def test_a_damaged_record_before_good_ones_is_refused_with_the_file_name(tmp_path: Path) -> None:
    state = tmp_path / "est.json"
    seeded(state)
    journal = journal_path(state)
    lines = journal.read_bytes().split(b"\n")
    lines[1] = b"garbage"
    journal.write_bytes(b"\n".join(lines))
    with pytest.raises(ValueError, match=r"est\.json\.journal: line 2 is not a journal record.*Move it away"):
        Store(state_file=state)


def test_a_crash_between_the_snapshot_and_emptying_the_journal_repeats_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = tmp_path / "est.json"
    store, ids = seeded(state)
    store.add_call(PROJECT, {"callId": "c1"})  # journaled as an append: replaying it twice would show two

    def crash(self: Journal, size: int) -> None:
        raise KeyboardInterrupt("killed after the snapshot's rename")

    monkeypatch.setattr(Journal, "drop_head", crash)
    with pytest.raises(KeyboardInterrupt):
        store.save()
    monkeypatch.undo()
    assert json.loads(state.read_text())["sequence"] == 4 and journal_path(state).stat().st_size > 0
    again = Store(state_file=state)
    assert [t["id"] for t in again.objects(PROJECT, "SipTrunk")] == ids
    assert [c["callId"] for c in again.calls(PROJECT) if c["callId"] == "c1"] == ["c1"]


def test_a_crash_while_writing_the_snapshot_keeps_the_old_one_and_the_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = tmp_path / "est.json"
    store, ids = seeded(state)
    store.save()
    later = store.create(PROJECT, "SipTrunk", {"name": "later", "hostName": "later"})["id"]
    before = state.read_bytes()

    def crash(src: str, dst: str) -> None:
        raise KeyboardInterrupt("killed before the rename")

    monkeypatch.setattr(journal_module.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        store.save()
    monkeypatch.undo()
    assert state.read_bytes() == before and [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert [t["id"] for t in Store(state_file=state).objects(PROJECT, "SipTrunk")] == [*ids, later]


def test_saving_folds_the_journal_in_and_numbering_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    state = tmp_path / "est.json"
    store, ids = seeded(state)
    assert not store.compaction_due, "a small journal waits for the periodic check's threshold"
    monkeypatch.setattr(store_module, "_MIN_COMPACTION_BYTES", 0)
    assert store.compaction_due
    store.save()
    assert journal_path(state).stat().st_size == 0 and not store.compaction_due
    store.reset()
    after = store.create(PROJECT, "SipTrunk", {"name": "after", "hostName": "after"})["id"]
    records = [json.loads(line) for line in journal_path(state).read_text().splitlines()]
    assert [r["n"] for r in records] == [4, 5] and records[0] == {"n": 4, "reset": True}
    assert [t["id"] for t in Store(state_file=state).objects(PROJECT, "SipTrunk")] == [after]
    assert json.loads(state.read_text())["sequence"] == 3 and all(i in state.read_text() for i in ids)


def test_a_state_file_without_a_sequence_still_loads(tmp_path: Path) -> None:
    state = tmp_path / "est.json"
    store, ids = seeded(state)
    store.close()
    saved = json.loads(state.read_text())
    del saved["sequence"]  # as the emulator wrote it before it had a journal
    state.write_text(json.dumps(saved))
    old = Store(state_file=state)
    assert [t["id"] for t in old.objects(PROJECT, "SipTrunk")] == ids and not old.dirty
    added = old.create(PROJECT, "SipTrunk", {"name": "new", "hostName": "new"})["id"]
    assert [t["id"] for t in Store(state_file=state).objects(PROJECT, "SipTrunk")] == [*ids, added]


def test_every_kind_of_change_replays_to_the_same_data(tmp_path: Path) -> None:
    state = tmp_path / "est.json"
    store = Store(state_file=state, provisioning_delay=0)
    trunk = store.create(PROJECT, "SipTrunk", {"name": "t", "hostName": "t"})
    acl = store.create(PROJECT, "AccessControlList", {"name": "a", "ipRanges": [{"ipAddress": "10.0.0.1"}]})
    other = store.create(PROJECT, "AccessControlList", {"name": "b", "ipRanges": [{"ipAddress": "10.0.0.2"}]})
    store.create(
        PROJECT, "TrunkAccessControlList", {"accessControlListIds": [acl["id"], other["id"]]}, parent=trunk["id"]
    )
    store.delete(PROJECT, "TrunkAccessControlList", acl["id"], parent=trunk["id"])
    made = store.create(
        PROJECT, "CredentialList", {"name": "c", "credentials": [{"username": "u", "password": PASSWORD}]}
    )
    store.replace(PROJECT, "Credential", "v", {"password": PASSWORD}, parent=made["id"])
    store.delete(PROJECT, "Credential", "u", parent=made["id"])
    store.replace(PROJECT, "CountryPermission", "SE", {"enabled": True})
    store.update_active_number(PROJECT, "+14155550101", {"displayName": "desk"})
    store.add_call(PROJECT, {"callId": "c1"})
    store.add_projects(PROJECT, {"projectIds": ["p2"]})
    store.create("second", "SipTrunk", {"name": "s", "hostName": "s"})
    store.provisioning_delay = 1e-6  # due by the next operation, not within this one
    voice = {"voiceConfiguration": {"type": "EST", "trunkId": trunk["id"]}}
    pending = store.update_active_number(PROJECT, "+14155550102", voice)
    assert pending["voiceConfiguration"]["scheduledVoiceProvisioning"]["status"] == "WAITING"
    # A read applies the provisioning that fell due: that change is journaled at once (the last change here).
    assert [n["phoneNumber"] for n in store.objects(PROJECT, "PhoneNumber")] == ["+14155550102"]
    replayed = Store(state_file=state)
    assert not state.exists(), "all of it came from the journal"
    for project in (PROJECT, "second"):
        for kind in ("SipTrunk", "AccessControlList", "TrunkAccessControlList", "CredentialList", "PhoneNumber"):
            assert replayed.objects(project, kind) == store.objects(project, kind), kind
    assert replayed.get(PROJECT, "CountryPermission", "SE")["enabled"] is True
    assert replayed.active_number(PROJECT, "+14155550101") == store.active_number(PROJECT, "+14155550101")
    assert replayed.calls(PROJECT) == store.calls(PROJECT)
    assert replayed.check_password(PROJECT, made["id"], "v", PASSWORD)
    assert replayed.project_ids() == store.project_ids() == [PROJECT, "second"]
    store.close()
    assert Store(state_file=state).objects(PROJECT, "PhoneNumber") == store.objects(PROJECT, "PhoneNumber")


def test_server_stop_folds_the_journal_into_the_state_file(tmp_path: Path) -> None:
    state = tmp_path / "est.json"
    with EmulatorServer(state_file=state) as server:
        made: dict[str, Any] = server.store.create(PROJECT, "SipTrunk", {"name": "a", "hostName": "a"})
        assert journal_path(state).exists() and not state.exists()
    assert not journal_path(state).exists() and made["id"] in state.read_text()


def test_no_answer_leaves_before_its_changes_are_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    state = tmp_path / "est.json"

    def datasync(fd: int) -> None:
        synced.append(journal_path(state).stat().st_size)

    monkeypatch.setattr(journal_module, "_datasync", datasync)
    with EmulatorServer(state_file=state) as server:
        response = httpx.post(
            f"{server.url}/v1/projects/{PROJECT}/trunks",
            json={"name": "a", "hostName": "a"},
            auth=(server.key_id, server.key_secret),
        )
        assert response.status_code == 201
        assert synced == [journal_path(state).stat().st_size] and synced[0] > 0, "synced once, with the record"
        assert httpx.get(f"{server.url}/v1/projects/{PROJECT}/trunks", auth=(server.key_id, server.key_secret))
        assert len(synced) == 1, "a read has nothing to wait for"
        assert httpx.post(f"{server.url}/_emulator/reset").status_code == 204
        assert len(synced) == 2, "the admin reset is journaled and synced too"


def test_loading_another_file_becomes_the_state_file_at_once(tmp_path: Path) -> None:
    other, _ = seeded(tmp_path / "other.json", count=2)
    other.save()
    state = tmp_path / "est.json"
    store, _ = seeded(state, count=4)
    store.load(tmp_path / "other.json")
    assert journal_path(state).stat().st_size == 0, "the journal continued the old state: it starts afresh"
    later = store.create(PROJECT, "SipTrunk", {"name": "later", "hostName": "later"})["id"]
    # No clean shutdown: what the state file and the journal hold is what a restart finds.
    expected = [t["id"] for t in other.objects(PROJECT, "SipTrunk")] + [later]
    assert [t["id"] for t in Store(state_file=state).objects(PROJECT, "SipTrunk")] == expected


def test_random_operations_replay_to_exactly_the_live_data(tmp_path: Path) -> None:
    """Whatever mix of operations (failing ones included), the journal rebuilds the data byte for byte."""
    state = tmp_path / "est.json"
    live = Store(state_file=state, provisioning_delay=0, phone_numbers=[f"+1415555010{i}" for i in range(10)])
    rng = random.Random(14)
    numbers = [f"+1415555010{i}" for i in range(10)]

    def ids(kind: str, project: str) -> list[str]:
        return [o["id"] for o in live.objects(project, kind)] or ["missing"]

    operations: list[Callable[[str], object]] = [
        lambda p: live.create(p, "SipTrunk", {"name": "t", "hostName": f"h{rng.randrange(40)}"}),
        lambda p: live.replace(
            p, "SipTrunk", rng.choice(ids("SipTrunk", p)), {"name": "u", "hostName": f"h{rng.randrange(40)}"}
        ),
        lambda p: live.delete(p, "SipTrunk", rng.choice(ids("SipTrunk", p))),
        lambda p: live.create(p, "AccessControlList", {"name": "a", "ipRanges": [{"ipAddress": "10.0.0.1"}]}),
        lambda p: live.create(
            p,
            "TrunkAccessControlList",
            {"accessControlListIds": [rng.choice(ids("AccessControlList", p))]},
            parent=rng.choice(ids("SipTrunk", p)),
        ),
        lambda p: live.delete(p, "AccessControlList", rng.choice(ids("AccessControlList", p))),
        lambda p: live.create(p, "CredentialList", {"name": "c", "credentials": []}),
        lambda p: live.replace(
            p, "Credential", f"u{rng.randrange(3)}", {"password": PASSWORD}, parent=rng.choice(ids("CredentialList", p))
        ),
        lambda p: live.delete(p, "Credential", f"u{rng.randrange(3)}", parent=rng.choice(ids("CredentialList", p))),
        lambda p: live.create(
            p,
            "TrunkCredentialList",
            {"credentialListIds": [rng.choice(ids("CredentialList", p))]},
            parent=rng.choice(ids("SipTrunk", p)),
        ),
        lambda p: live.replace(p, "CountryPermission", rng.choice(["SE", "DE", "US"]), {"enabled": rng.random() < 0.5}),
        lambda p: live.create(
            p, "PhoneNumber", {"sipTrunkId": rng.choice(ids("SipTrunk", p)), "phoneNumber": rng.choice(numbers)}
        ),
        lambda p: live.update_active_number(
            p,
            rng.choice(numbers),
            {"displayName": "d", "voiceConfiguration": {"type": "EST", "trunkId": rng.choice(ids("SipTrunk", p))}},
        ),
        lambda p: live.add_call(p, {"callId": f"c{rng.randrange(1000)}"}),
        lambda p: live.add_projects(p, {"projectIds": [f"x{rng.randrange(5)}"]}),
    ]
    for step in range(400):
        project = rng.choice(["a", "b"])
        with contextlib.suppress(EstError):  # refused by the API's rules: no trace in the journal either
            rng.choice(operations)(project)
        if step == 200:
            live.reset()
    live.objects("a", "PhoneNumber")  # apply what provisioning fell due
    live.save(tmp_path / "live.json")
    Store(state_file=state).save(tmp_path / "replayed.json")
    assert not state.exists()
    expected = json.loads((tmp_path / "live.json").read_text())["projects"]
    got = json.loads((tmp_path / "replayed.json").read_text())["projects"]
    assert without_empty_sections(got) == without_empty_sections(expected)
    for section in ("tables", "links", "passwords", "countries", "activeNumbers", "calls", "addedProjects"):
        assert any(data[section] for data in expected.values()), f"the operations never reached {section}"


def without_empty_sections(projects: dict[str, Any]) -> dict[str, Any]:
    """Reads leave empty tables behind (looking a parent up creates its table); they hold nothing."""
    return {
        pid: {
            **data,
            "tables": {name: rows for name, rows in data["tables"].items() if rows},
            "links": {name: pairs for name, pairs in data["links"].items() if pairs},
        }
        for pid, data in projects.items()
    }
