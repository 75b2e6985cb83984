"""Reading a live project for an export: list calls only, run concurrently on the client's shared connections.

Project-wide lists (trunks, access control lists, credential lists, numbers, country permissions, call-blocking
rules) are one paginated list each; the API has no project-wide list of endpoints or of trunk links, so those
are one list per trunk. A filtered export lists the numbers per chosen trunk instead of the project's all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from sinch_est.client import EstClient, EstError
from sinch_est.export._errors import ExportError
from sinch_est.export._select import Selection
from sinch_est.schema import DEFAULT_ENABLED_COUNTRIES

__all__ = ["DEFAULT_CONCURRENCY", "Progress", "Snapshot", "TrunkSnapshot", "changed_countries", "read_snapshot"]

DEFAULT_CONCURRENCY = 8
"""List calls in flight at once, as many as one ``TrunkPhoneNumbers`` call keeps (the client retries 429s)."""

Progress = Callable[[str], None]
"""Receives one line of progress at a time (the command line prints them on stderr)."""
Live = Mapping[str, Any]
"""One object as the client returns it: Python field names plus ``"id"``."""
T = TypeVar("T")


@dataclass(frozen=True)
class TrunkSnapshot:
    """A trunk and what hangs off it: endpoints, the ids of its linked lists, its numbers."""

    trunk: Live
    endpoints: tuple[Live, ...] = ()
    access_control_list_ids: tuple[str, ...] = ()
    credential_list_ids: tuple[str, ...] = ()
    phone_numbers: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return str(self.trunk["id"])


@dataclass(frozen=True)
class Snapshot:
    """Everything an export writes, as read; country permissions only where they differ from the default."""

    project_id: str
    trunks: tuple[TrunkSnapshot, ...] = ()
    access_control_lists: tuple[Live, ...] = ()
    credential_lists: tuple[Live, ...] = ()
    country_permissions: tuple[Live, ...] = ()
    call_blocking_rules: tuple[Live, ...] = ()


def changed_countries(permissions: Iterable[Live]) -> list[Live]:
    """The permissions that differ from a new project's (``DEFAULT_ENABLED_COUNTRIES`` enabled, others not)."""
    default = DEFAULT_ENABLED_COUNTRIES
    return [p for p in permissions if bool(p.get("enabled")) != (str(p.get("iso_code")).upper() in default)]


def _quiet(_: str) -> None:
    return None


class _Reader:
    """One export's list calls on a thread pool; each failure names the list it was reading."""

    def __init__(self, pool: ThreadPoolExecutor, say: Progress) -> None:
        self._pool = pool
        self._say = say

    def submit(self, label: str, call: Callable[[], Iterable[T]], *, announce: bool = True) -> Future[list[T]]:
        def run() -> list[T]:
            try:
                items = list(call())
            except EstError as exc:
                raise ExportError(f"listing {label}: {exc}") from exc
            if announce:
                self._say(f"listed {len(items)} {label}")
            return items

        return self._pool.submit(run)


def read_snapshot(
    client: EstClient,
    selection: Selection,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    progress: Progress | None = None,
) -> Snapshot:
    """Read what ``selection`` covers from the client's project, with list calls only."""
    if concurrency < 1:
        raise ExportError(f"concurrency: {concurrency} is too low; use at least 1 list call at a time")
    say = progress or _quiet
    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="sinch-est-export")
    try:
        return _read(client, selection, _Reader(pool, say), say)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _read(client: EstClient, selection: Selection, reader: _Reader, say: Progress) -> Snapshot:
    none: Future[list[Any]] = Future()
    none.set_result([])

    def when(kind: str, label: str, call: Callable[[], Iterable[Any]]) -> Future[list[Any]]:
        return reader.submit(label, call) if selection.includes(kind) else none

    trunks_job = when("sip-trunks", "SIP trunks", client.sip_trunks.list)
    acls_job = when("access-control-lists", "access control lists", client.access_control_lists.list)
    lists_job = when("credential-lists", "credential lists", client.credential_lists.list)
    countries_job = when("country-permissions", "country permissions", client.country_permissions.list)
    rules_job = when("call-blocking-rules", "call-blocking rules", client.call_blocking_rules.list)
    numbers_by_project = selection.includes("phone-numbers") and not selection.filtered
    numbers_job = reader.submit("phone numbers", client.phone_numbers.list) if numbers_by_project else none

    trunks = selection.choose(trunks_job.result())
    parts = _read_trunks(client, selection, reader, trunks, say)
    if numbers_by_project:
        by_trunk: dict[str, list[str]] = {}
        for number in numbers_job.result():
            if number.get("trunk_id"):
                by_trunk.setdefault(number["trunk_id"], []).append(number["phone_number"])
        parts = {tid: {**p, "phone_numbers": by_trunk.get(tid, [])} for tid, p in parts.items()}
    snapshots = tuple(
        TrunkSnapshot(
            trunk=t,
            endpoints=tuple(parts[t["id"]].get("endpoints", ())),
            access_control_list_ids=tuple(parts[t["id"]].get("acls", ())),
            credential_list_ids=tuple(parts[t["id"]].get("credential_lists", ())),
            phone_numbers=tuple(sorted(parts[t["id"]].get("phone_numbers", ()))),
        )
        for t in trunks
    )
    acls, credential_lists = acls_job.result(), lists_job.result()
    if selection.filtered:
        acls, credential_lists = _needed(snapshots, acls, credential_lists)
    return Snapshot(
        project_id=client.project_id,
        trunks=snapshots,
        access_control_lists=tuple(acls),
        credential_lists=tuple(credential_lists),
        country_permissions=tuple(changed_countries(countries_job.result())),
        call_blocking_rules=tuple(rules_job.result()),
    )


def _read_trunks(
    client: EstClient, selection: Selection, reader: _Reader, trunks: list[Live], say: Progress
) -> dict[str, dict[str, list[Any]]]:
    """Each trunk's endpoints, linked list ids and (when filtered) numbers: one list call each, all at once."""
    jobs: dict[Future[list[Any]], tuple[str, str]] = {}
    for trunk in trunks:
        tid = str(trunk["id"])
        calls: list[tuple[str, str, Callable[[], Iterable[Any]]]] = []
        if selection.includes("sip-endpoints"):
            calls.append(("endpoints", "endpoints", partial(client.sip_endpoints.list, tid)))
        if selection.links("access-control-lists"):
            calls.append(("acls", "access control list links", partial(client.trunk_access_control_lists.list, tid)))
        if selection.links("credential-lists"):
            calls.append(
                ("credential_lists", "credential list links", partial(client.trunk_credential_lists.list, tid))
            )
        if selection.includes("phone-numbers") and selection.filtered:
            calls.append(("phone_numbers", "phone numbers", partial(client.phone_numbers.list, tid)))
        for part, label, call in calls:
            jobs[reader.submit(f"{label} of trunk {trunk.get('name')!r} ({tid})", call, announce=False)] = (tid, part)
    parts: dict[str, dict[str, list[Any]]] = {str(t["id"]): {} for t in trunks}
    pending = {tid: sum(1 for t, _ in jobs.values() if t == tid) for tid in parts}
    done, step = 0, max(1, len(trunks) // 10)
    for job in as_completed(jobs):
        tid, part = jobs[job]
        items = job.result()
        parts[tid][part] = [n["phone_number"] for n in items] if part == "phone_numbers" else items
        pending[tid] -= 1
        if pending[tid] == 0:
            done += 1
            if done % step == 0 or done == len(trunks):
                say(f"read endpoints and links of {done}/{len(trunks)} trunks")
    return parts


def _needed(
    trunks: Iterable[TrunkSnapshot], acls: list[Live], credential_lists: list[Live]
) -> tuple[list[Live], list[Live]]:
    """The lists the chosen trunks use: linked ones, and those holding a registered endpoint's username."""
    trunks = list(trunks)
    acl_ids = {i for t in trunks for i in t.access_control_list_ids}
    list_ids = {i for t in trunks for i in t.credential_list_ids}
    usernames = {e["credential_username"] for t in trunks for e in t.endpoints if e.get("credential_username")}
    for cl in credential_lists:
        if usernames & {c.get("username") for c in cl.get("credentials") or ()}:
            list_ids.add(cl["id"])
    return [a for a in acls if a["id"] in acl_ids], [c for c in credential_lists if c["id"] in list_ids]
