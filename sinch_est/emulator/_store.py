"""The emulator's thread-safe domain store: every project's objects, the API's rules, and the state file.

With a state file, every operation that changed something is in the journal beside it (``_journal``)
before the operation returns; ``save`` writes a snapshot and empties the journal.
"""

from __future__ import annotations

import builtins
import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from sinch_est.emulator import _errors as errors
from sinch_est.emulator._calls import filter_calls
from sinch_est.emulator._credentials import CredentialKind, CredentialListKind, verify_password
from sinch_est.emulator._ids import new_id, timestamp
from sinch_est.emulator._journal import Journal, journal_path, write_atomically
from sinch_est.emulator._kinds import (
    AclKind,
    BlockingRuleKind,
    CountryKind,
    Ctx,
    EndpointKind,
    IpRangeKind,
    Kind,
    TrunkKind,
)
from sinch_est.emulator._links import LinkKind
from sinch_est.emulator._numbers import (
    NumberKind,
    active_number,
    assign,
    list_active_numbers,
    normalise,
    settle,
    update_active_number,
)
from sinch_est.emulator._records import as_object
from sinch_est.emulator._seed import PCAP, NumberPool, fixture_calls
from sinch_est.emulator._tables import ProjectData, Record, Records
from sinch_est.schema import (
    ACCESS_CONTROL_LIST,
    CREDENTIAL_LIST,
    PHONE_NUMBER,
    SIP_TRUNK,
    TRUNK_ACCESS_CONTROL_LIST,
    TRUNK_CREDENTIAL_LIST,
    ObjectSpec,
)

__all__ = ["Store"]

T = TypeVar("T")
_STATE_VERSION = 1
_MIN_COMPACTION_BYTES = 1024 * 1024


def _kinds() -> dict[str, Kind]:
    kinds: list[Kind] = [
        TrunkKind(),
        EndpointKind(),
        AclKind(),
        IpRangeKind(),
        CredentialListKind(),
        CredentialKind(),
        NumberKind(),
        CountryKind(),
        BlockingRuleKind(),
        LinkKind(TRUNK_ACCESS_CONTROL_LIST, ACCESS_CONTROL_LIST, bulk=False),
        LinkKind(TRUNK_CREDENTIAL_LIST, CREDENTIAL_LIST, bulk=True),
    ]
    return {kind.spec.name: kind for kind in kinds}


class Store:
    """All projects' data behind one lock. Any project id is accepted; a project exists from its first write.

    ``kind`` arguments are a spec name (``"SipTrunk"``) or an ``ObjectSpec``; records are wire-shaped dicts
    (camelCase), copies that callers may keep. Passwords are stored only as salted hashes.
    """

    def __init__(
        self,
        *,
        phone_numbers: Iterable[str] | None = None,
        provisioning_delay: float = 0.5,
        state_file: str | os.PathLike[str] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.lock = threading.RLock()
        self.clock = clock
        """Seconds since the epoch: the times written on objects and when scheduled provisioning falls due.
        Tests replace it to drive time instead of sleeping."""
        self.pool = NumberPool(phone_numbers)
        self.provisioning_delay = provisioning_delay
        """Seconds before a Numbers API voice configuration takes effect."""
        self.state_file = Path(state_file) if state_file is not None else None
        self._projects: dict[str, ProjectData] = {}
        self._host_names: dict[str, tuple[str, str]] = {}
        self._kinds = _kinds()
        self._version = 0
        self._saved_version = 0
        self._save_lock = threading.Lock()
        self._journal = Journal(journal_path(self.state_file)) if self.state_file is not None else None
        self._sequence = 0
        """The number of the last journal record (the snapshot says up to which one it holds)."""
        self._snapshot_bytes = 0
        if self.state_file is not None and (self.state_file.exists() or journal_path(self.state_file).exists()):
            self.load(self.state_file)

    def __repr__(self) -> str:
        return f"Store(projects={len(self._projects)}, pool={len(self.pool)}, state_file={self.state_file})"

    # Running an operation.

    def _kind(self, kind: str | ObjectSpec) -> Kind:
        name = kind.name if isinstance(kind, ObjectSpec) else kind
        try:
            return self._kinds[name]
        except KeyError:
            raise ValueError(f"unknown object kind {name!r}; known: {', '.join(self._kinds)}") from None

    def _run(self, project_id: str, fn: Callable[[Ctx], T], *, write: bool) -> T:
        with self.lock:
            data = self._projects.get(project_id)
            created = data is None and write
            if data is None:
                data = ProjectData()
                if write:
                    self._projects[project_id] = data
            moment = self.clock()
            ctx = Ctx(
                project_id=project_id,
                data=data,
                now=timestamp(moment),
                moment=moment,
                host_names=self._host_names,
                pool=self.pool,
                provisioning_delay=self.provisioning_delay,
                kinds=self._kinds,
            )
            settled = settle(ctx)
            if settled:
                self._version += 1
            try:
                result = fn(ctx)
            except BaseException:
                if created:
                    del self._projects[project_id]
                    data.changes.clear()
                elif write or settled:
                    self._commit(project_id, data, created=False)  # what changed before the error, if anything
                raise
            if write:
                self._version += 1
            if write or settled:
                self._commit(project_id, data, created=created)
            return result

    def _commit(self, project_id: str, data: ProjectData, *, created: bool) -> None:
        """Append what the operation changed to the journal (under the lock, so records keep their order)."""
        if self._journal is None:
            data.changes.clear()
            return
        changes = data.take_changes()
        if changes or created:
            self._append({"p": project_id, "c": changes})

    def _append(self, record: dict[str, Any]) -> None:
        assert self._journal is not None
        self._sequence += 1
        self._journal.append({"n": self._sequence, **record})

    # The API's operations, as the HTTP routes call them.

    def list(
        self,
        project_id: str,
        kind: str | ObjectSpec,
        *,
        parent: str | None = None,
        filters: Mapping[str, str] | None = None,
    ) -> Records:
        k = self._kind(kind)
        return self._run(project_id, lambda ctx: k.list(ctx, parent, filters or {}), write=False)

    def get(self, project_id: str, kind: str | ObjectSpec, key: str, *, parent: str | None = None) -> Record:
        k = self._kind(kind)
        return self._run(project_id, lambda ctx: k.get(ctx, parent, key), write=False)

    def create(self, project_id: str, kind: str | ObjectSpec, body: Any, *, parent: str | None = None) -> Record:
        """Create through the API's rules (also how to seed objects); ``body`` is a wire-shaped request."""
        k = self._kind(kind)
        return self._run(project_id, lambda ctx: k.create(ctx, parent, body), write=True)

    def replace(
        self, project_id: str, kind: str | ObjectSpec, key: str, body: Any, *, parent: str | None = None
    ) -> Record:
        k = self._kind(kind)
        return self._run(project_id, lambda ctx: k.replace(ctx, parent, key, body), write=True)

    def replace_all(self, project_id: str, kind: str | ObjectSpec, body: Any, *, parent: str | None = None) -> Record:
        k = self._kind(kind)
        return self._run(project_id, lambda ctx: k.replace_all(ctx, parent, body), write=True)

    def delete(self, project_id: str, kind: str | ObjectSpec, key: str, *, parent: str | None = None) -> None:
        k = self._kind(kind)
        self._run(project_id, lambda ctx: k.delete(ctx, parent, key), write=True)

    def trunks_using(self, project_id: str, kind: str | ObjectSpec, key: str) -> Records:
        """The trunks linked to an access control list or a credential list."""
        k = self._kind(kind)
        link = {
            ACCESS_CONTROL_LIST.name: TRUNK_ACCESS_CONTROL_LIST,
            CREDENTIAL_LIST.name: TRUNK_CREDENTIAL_LIST,
        }
        spec = link[k.spec.name]
        trunks = self._kinds[SIP_TRUNK.name]

        def run(ctx: Ctx) -> Records:
            k.find(ctx, None, key)
            return [trunks.get(ctx, None, t) for t in ctx.data.link(spec.name).sources(key)]

        return self._run(project_id, run, write=False)

    def assign_to_trunk(self, project_id: str, trunk_id: str, body: Any) -> Record:
        """Legacy ``POST trunks/{id}/phoneNumbers`` with ``{phoneNumber}`` or ``{phoneNumbers: [...]}``."""

        def run(ctx: Ctx) -> Record:
            self._kinds[SIP_TRUNK.name].find(ctx, None, trunk_id)
            numbers, single = _legacy_numbers(body)
            records = [assign(ctx, number, trunk_id) for number in numbers]
            return records[0] if single else {"phoneNumbers": records}

        return self._run(project_id, run, write=True)

    def unassign_from_trunk(self, project_id: str, trunk_id: str, body: Any) -> None:
        """Legacy ``DELETE trunks/{id}/phoneNumbers``: every listed number must be assigned to that trunk."""
        numbers_kind = self._kinds[PHONE_NUMBER.name]

        def run(ctx: Ctx) -> None:
            self._kinds[SIP_TRUNK.name].find(ctx, None, trunk_id)
            numbers, _ = _legacy_numbers(body)
            for number in numbers:
                numbers_kind.find(ctx, trunk_id, number)
            for number in numbers:
                numbers_kind.delete(ctx, trunk_id, number)

        self._run(project_id, run, write=True)

    def active_number(self, project_id: str, phone_number: str) -> Record:
        return self._run(project_id, lambda ctx: active_number(ctx, phone_number), write=False)

    def active_numbers(self, project_id: str, query: Iterable[tuple[str, str]] = ()) -> Record:
        """One page of the project's Numbers API list; ``query`` holds the filters and the page token."""
        params = builtins.list(query)
        return self._run(project_id, lambda ctx: list_active_numbers(ctx, params), write=False)

    def update_active_number(self, project_id: str, phone_number: str, body: Any) -> Record:
        return self._run(project_id, lambda ctx: update_active_number(ctx, phone_number, body), write=True)

    def calls(self, project_id: str, filters: Mapping[str, str] | None = None) -> Records:
        def run(ctx: Ctx) -> Records:
            every = fixture_calls(project_id) + [dict(call) for call in ctx.data.calls]
            return filter_calls(every, filters or {}, self.pool.country_of)

        return self._run(project_id, run, write=False)

    def add_call(self, project_id: str, call: Mapping[str, Any]) -> Record:
        """Add a call record to a project's history (tests and demos); missing ids and times are filled in."""

        def run(ctx: Ctx) -> Record:
            record = {"callId": new_id(), "createTime": ctx.now, "projectId": project_id, **call}
            ctx.data.calls.append(record)
            return dict(record)

        return self._run(project_id, run, write=True)

    def pcap(self, project_id: str, pcap_id: str) -> bytes:
        if not any(call.get("pcapId") == pcap_id for call in self.calls(project_id)):
            raise errors.not_found("PCAP", pcap_id)
        return PCAP

    def add_projects(self, project_id: str, body: Any) -> Record:
        def run(ctx: Ctx) -> Record:
            ids = as_object(body).get("projectIds")
            if ids is None:
                raise errors.invalid_argument("request", [("projectIds", "is required: the project ids to add")])
            if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                raise errors.unreadable([("projectIds", "expected a list of project id strings")])
            known = {project_id, *ctx.data.added_projects}
            added = [i for i in dict.fromkeys(ids) if i not in known]
            ctx.data.added_projects.extend(added)
            return {"addedProjects": added}

        return self._run(project_id, run, write=True)

    # Inspection for tests and demos.

    def objects(self, project_id: str, kind: str | ObjectSpec, *, parent: str | None = None) -> Records:
        """Every object of ``kind`` in the project (under every parent unless ``parent``), as rendered."""
        return self.list(project_id, kind, parent=parent)

    def object(self, project_id: str, kind: str | ObjectSpec, key: str, *, parent: str | None = None) -> Record | None:
        """One object by id (a credential by username, a number by E.164), or ``None`` if there is none."""
        try:
            return self.get(project_id, kind, key, parent=parent)
        except errors.EstError as exc:
            if exc.code == 404:
                return None
            raise

    def project_ids(self) -> builtins.list[str]:
        with self.lock:
            return list(self._projects)

    def count(self) -> int:
        """How many stored objects (rows and links) all projects hold together."""
        with self.lock:
            return sum(
                sum(len(t) for t in data.tables.values()) + sum(len(lk.dump()) for lk in data.links.values())
                for data in self._projects.values()
            )

    def check_password(self, project_id: str, credential_list_id: str, username: str, password: str) -> bool:
        """Whether ``password`` is the one stored for ``username`` (passwords are never returned)."""
        kind = self._kinds["Credential"]

        def run(ctx: Ctx) -> bool:
            record = kind.find(ctx, credential_list_id, username)
            return verify_password(password, ctx.data.passwords[record["id"]])

        return self._run(project_id, run, write=False)

    def reset(self) -> None:
        """Forget every project (the pool, the delay and the state file setting stay)."""
        with self.lock:
            self._projects.clear()
            self._host_names.clear()
            self._version += 1
            if self._journal is not None:
                self._append({"reset": True})

    # The state file.

    @property
    def dirty(self) -> bool:
        """Whether something changed since the last snapshot in ``state_file`` (the journal has it)."""
        return self._version != self._saved_version

    @property
    def compaction_due(self) -> bool:
        """Whether the journal has outgrown the snapshot, so ``save`` should fold it in.

        Saving when the journal is as large as the snapshot keeps the cost of snapshots per write
        constant, however large the data grows.
        """
        return self._journal is not None and self._journal.size > max(_MIN_COMPACTION_BYTES, self._snapshot_bytes)

    async def synced(self) -> None:
        """Wait until every change journaled so far is on disk (an ``fdatasync`` shared by concurrent callers).

        The HTTP app awaits this before each response, so what a client was told happened survives
        a crash of the machine, not only of the process.
        """
        if self._journal is not None:
            await self._journal.synced()

    def save(self, path: str | os.PathLike[str] | None = None) -> None:
        """Write every project to ``path`` (default ``state_file``) atomically: a temp file, then a rename.

        Saving to ``state_file`` also empties its journal of what the snapshot now holds.
        """
        target = Path(path) if path is not None else self.state_file
        if target is None:
            raise ValueError("no state file: pass a path or construct the store with state_file=")
        with self._save_lock:
            with self.lock:
                version, text, journaled = self._snapshot()
            write_atomically(target, text)
            if target == self.state_file:
                self._saved_version = version
                self._snapshot_bytes = len(text)
                if self._journal is not None:
                    with self.lock:  # nothing is appended while the journal is cut
                        self._journal.drop_head(journaled)

    def _snapshot(self) -> tuple[int, bytes, int]:
        """Under the lock: the version, the snapshot's text and how much of the journal it holds."""
        state = {
            "version": _STATE_VERSION,
            "sequence": self._sequence,
            "projects": {pid: data.dump() for pid, data in self._projects.items()},
        }
        journaled = self._journal.size if self._journal is not None else 0
        return self._version, json.dumps(state, separators=(",", ":")).encode("utf-8"), journaled

    def load(self, path: str | os.PathLike[str] | None = None) -> None:
        """Replace every project with those saved in ``path`` (default ``state_file``, with its journal)."""
        target = Path(path) if path is not None else self.state_file
        if target is None:
            raise ValueError("no state file: pass a path or construct the store with state_file=")
        own = target == self.state_file
        with self._save_lock, self.lock:
            empty = json.dumps({"version": _STATE_VERSION, "projects": {}}).encode()  # a journal with no snapshot yet
            text = target.read_bytes() if not own or target.exists() else empty
            state = json.loads(text)
            if state.get("version") != _STATE_VERSION:
                raise ValueError(f"{target}: unsupported state file version {state.get('version')!r}")
            projects = {pid: ProjectData.load(data) for pid, data in state["projects"].items()}
            sequence = int(state.get("sequence", 0))
            if own and self._journal is not None:
                sequence = _replay(projects, sequence, self._journal.read())
            self._projects = projects
            self._host_names = {
                record["hostName"]: (pid, record["id"])
                for pid, data in self._projects.items()
                for record in data.table(SIP_TRUNK.name).records()
            }
            self._version += 1
            if own:
                self._sequence = sequence
                self._snapshot_bytes = len(text)
                if self._journal is None or self._journal.size == 0:
                    self._saved_version = self._version
            elif self._journal is not None and self.state_file is not None:
                # The journal continues the state file, not what was just loaded: start both afresh.
                self._sequence = max(self._sequence, sequence)
                version, snapshot, journaled = self._snapshot()
                write_atomically(self.state_file, snapshot)
                self._journal.drop_head(journaled)
                self._saved_version, self._snapshot_bytes = version, len(snapshot)

    def close(self) -> None:
        """Fold the journal into the state file and close it (a server's clean shutdown); writes reopen it."""
        if self._journal is None:
            return
        if self.dirty or self._journal.size:
            self.save()
        with self.lock:
            self._journal.close()


def _replay(projects: dict[str, ProjectData], sequence: int, records: builtins.list[dict[str, Any]]) -> int:
    """Apply the journal's records newer than the snapshot's ``sequence``; the last sequence number."""
    touched: set[str] = set()
    for record in records:
        number = int(record["n"])
        if number <= sequence:
            continue  # the snapshot holds it: a crash came between writing it and emptying the journal
        sequence = number
        if record.get("reset"):
            projects.clear()
            touched.clear()
            continue
        pid = record["p"]
        data = projects.get(pid)
        if data is None:
            data = projects[pid] = ProjectData()
        data.apply(record["c"])
        touched.add(pid)
    for pid in touched:
        projects[pid].replayed()
    return sequence


def _legacy_numbers(body: Any) -> tuple[list[str], bool]:
    obj = as_object(body)
    single = "phoneNumbers" not in obj
    field = PHONE_NUMBER.field("phone_number")
    if single and obj.get("phoneNumber") is None:
        raise errors.invalid_argument(PHONE_NUMBER.label, [("phoneNumber", f"is required: {field.description}")])
    numbers = [obj.get("phoneNumber")] if single else obj["phoneNumbers"]
    if not isinstance(numbers, list) or not all(isinstance(n, str) for n in numbers):
        raise errors.unreadable([("phoneNumbers", "expected a list of E.164 strings")])
    violations = []
    for index, number in enumerate(numbers):
        reason = field.validator(number) if field.validator is not None else None
        if reason is not None:
            violations.append(("phoneNumber" if single else f"phoneNumbers[{index}]", reason))
    if violations:
        raise errors.invalid_argument(PHONE_NUMBER.label, violations)
    return [normalise(n) for n in numbers], single
