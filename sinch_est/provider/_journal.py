"""The create journal: what this machine's providers created, kept until the engine has it in its state.

When ``pulumi up`` is interrupted (a CI timeout, a closed laptop), objects whose create was in flight can
exist in EST without being in the state: the provider finished the POST after the engine stopped
listening, or the engine died before it saved the answer. The engine then creates them again on the next
run. The journal closes that gap: before each creating call the provider writes an entry for the resource
(which resource, when, the natural key it is creating), and the object's id once the API answers. The
next create of the same resource finds that entry and takes over what the interrupted run made instead of
making a duplicate. An entry goes away as soon as the engine shows it has the object (any ``diff``,
``read``, ``update`` or ``delete`` of that id), or after ``MAX_AGE``.

Entries are keyed by the resource (its stack, parent, type and name), so only a resource's own object
is ever taken over, never one made by hand or by another resource. They hold no secrets.

One file per resource in ``$SINCH_EST_JOURNAL`` (default ``$PULUMI_HOME/sinch-est/journal``, else
``~/.pulumi/sinch-est/journal``), one folder per API URL and project. Files are replaced atomically;
they are not fsync'd, because the interruptions this is for kill processes, not the machine.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["MAX_AGE", "Claims", "Entry", "Journal", "journal_root"]

MAX_AGE = 7 * 24 * 3600.0
"""Seconds an entry is kept when the engine never shows it has the object (a stack removed meanwhile)."""
_SUFFIX = ".json"


def journal_root(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    if env.get("SINCH_EST_JOURNAL"):
        return Path(env["SINCH_EST_JOURNAL"])
    home = Path(env["PULUMI_HOME"]) if env.get("PULUMI_HOME") else Path.home() / ".pulumi"
    return home / "sinch-est" / "journal"


@dataclass
class Entry:
    """One resource's create: ``object_id`` is empty while the API's answer is unknown."""

    resource: str
    """The resource's key (its stack, parent, type and name)."""
    started: float
    object_id: str = ""
    natural: dict[str, Any] = field(default_factory=dict)
    """The natural key's values, to find the object when the answer never came."""
    extra: dict[str, Any] = field(default_factory=dict)
    """What the provider must remember across an interruption (a country's value before it was changed)."""


class Journal:
    """The entries of one API URL and project."""

    def __init__(self, folder: Path, clock: Callable[[], float] = time.time) -> None:
        self.folder = folder
        self._clock = clock
        self._lock = threading.Lock()
        self._index: dict[str, list[Path]] | None = None
        """Entry files by object id, read once per process at the first ``settle``."""

    @classmethod
    def of(cls, api_url: str, project_id: str, root: Path | None = None) -> Journal:
        digest = hashlib.sha256(f"{api_url}\n{project_id}".encode()).hexdigest()[:16]
        return cls((root or journal_root()) / digest)

    def _path(self, resource: str) -> Path:
        return self.folder / (hashlib.sha256(resource.encode()).hexdigest()[:32] + _SUFFIX)

    def read(self, resource: str) -> Entry | None:
        """The entry an earlier, unfinished create of ``resource`` left, if any."""
        entry = self._load(self._path(resource))
        if entry is None or entry.resource != resource:
            return None
        if self._clock() - entry.started > MAX_AGE:
            self.drop(entry)
            return None
        return entry

    def write(self, entry: Entry) -> None:
        """Record (or update) a create: before it is sent, and again with the id the API answered with."""
        path = self._path(entry.resource)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
        temporary.write_text(json.dumps(asdict(entry)))
        os.replace(temporary, path)

    def drop(self, entry: Entry) -> None:
        """Forget an entry: its create made nothing for certain."""
        self._path(entry.resource).unlink(missing_ok=True)

    def settle(self, object_id: str) -> None:
        """The engine has ``object_id`` in its state: forget every entry that made it."""
        if not object_id:
            return
        with self._lock:
            if self._index is None:
                self._index = {}
                for path in self.folder.glob(f"*{_SUFFIX}") if self.folder.is_dir() else ():
                    entry = self._load(path)
                    if entry is not None and entry.object_id:
                        self._index.setdefault(entry.object_id, []).append(path)
            paths = self._index.pop(object_id, [])
        for path in paths:
            entry = self._load(path)
            if entry is not None and entry.object_id == object_id:  # not rewritten by a newer create since
                path.unlink(missing_ok=True)

    @staticmethod
    def _load(path: Path) -> Entry | None:
        try:
            return Entry(**json.loads(path.read_text()))
        except (OSError, ValueError, TypeError):
            return None  # absent, or not one of ours


class Claims:
    """Which kind of resource holds each number, list link or endpoint on a trunk in the current run, across
    the run's provider processes.

    When a stack moves things between shapes (a ``TrunkPhoneNumbers`` block and ``PhoneNumberAssignment``
    resources, link resources and a trunk's own links, ``SipEndpoint`` resources and a ``TrunkEndpoints``:
    the components switching shape, say), the engine creates the new resources before it deletes the old
    ones; the delete must then leave alone what another resource has just claimed on the same trunk. The
    trunks the run created are noted too: nothing can be on them yet that a block would have to find first.
    Claims are scoped to one run (one engine), in a folder named after the engine's address, and expire with
    it. Without a folder (no project configured) nothing is held and nothing was made.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    @classmethod
    def of(cls, journal: Journal, run: str) -> Claims:
        return cls(journal.folder / "claims" / hashlib.sha256(run.encode()).hexdigest()[:16])

    def hold(self, keys: Iterable[str], trunk_id: str, holder: str) -> None:
        """``holder`` (a resource kind) has just put ``keys`` (numbers, list or endpoint ids) on ``trunk_id``."""
        keys = list(keys)
        if self.folder is None or not keys:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for key in keys:
            (self.folder / f"{key.lstrip('+')}.{holder}").write_text(trunk_id)

    def held_elsewhere(self, key: str, trunk_id: str, holder: str) -> str | None:
        """The other kind of resource that claimed ``key`` on ``trunk_id`` in this run, if any."""
        if self.folder is None or not self.folder.is_dir():
            return None
        for path in self.folder.glob(f"{key.lstrip('+')}.*"):
            other = path.suffix.lstrip(".")
            if other != holder and path.read_text() == trunk_id:
                return other
        return None

    def trunk_made(self, trunk_id: str) -> None:
        """This run created ``trunk_id``, so whatever is on it, this run put there."""
        if self.folder is None:
            return
        (self.folder / "trunks").mkdir(parents=True, exist_ok=True)
        (self.folder / "trunks" / trunk_id).touch()

    def made_trunk(self, trunk_id: str) -> bool:
        """Whether this run created ``trunk_id`` (a block on it then need not look for what is there first)."""
        return self.folder is not None and (self.folder / "trunks" / trunk_id).exists()
