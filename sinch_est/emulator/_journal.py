"""The state file's write-ahead journal: every change, appended before it is acknowledged, replayed on load.

Saving the whole state on every write would cost time proportional to the data; saving it now and then
loses the writes since the last save when the process is killed. So each store operation that changed
something appends one line, ``{"n": SEQUENCE, "p": PROJECT, "c": [CHANGE, ...]}`` (or ``{"n": N,
"reset": true}``), to ``STATE_FILE.journal`` with one ``write(2)`` before it returns: from then on the
bytes belong to the kernel and survive SIGKILL. Before a response is sent, ``synced()`` also waits for
an ``fdatasync`` (one per batch of concurrent requests) so they survive a machine crash too.

The snapshot records the sequence number of the last change it holds, so changes at or below it are
skipped on replay: a crash between writing a snapshot and emptying the journal loses and repeats
nothing. A last line without its newline, or that is not JSON, is a write the crash cut short (never
acknowledged): it is ignored and cut off before the next append. A bad line followed by good ones is
damage, not a crash, and is refused with the file's name.
"""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

__all__ = ["Journal", "journal_path", "sync_directory", "write_atomically"]

_datasync = getattr(os, "fdatasync", os.fsync)  # macOS has no fdatasync


def journal_path(state_file: Path) -> Path:
    return state_file.with_name(state_file.name + ".journal")


def sync_directory(directory: Path) -> None:
    """Make a rename or a new file in ``directory`` durable (POSIX; a no-op where directories can't be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a directory; the rename itself is still atomic
    finally:
        os.close(fd)


def write_atomically(target: Path, data: bytes) -> None:
    """Replace ``target`` with ``data``: a synced temp file renamed over it, so a crash leaves old or new."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    sync_directory(target.parent)


class Journal:
    """Appends change records to ``path``; the store calls ``append`` under its lock, so lines never mix.

    ``size`` counts the bytes of whole records, which is where the next one goes.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.size = 0
        self._fd: int | None = None
        self._appended = 0
        self._synced = 0
        self._sync_lock = threading.Lock()
        self._pending: asyncio.Future[None] | None = None

    def __repr__(self) -> str:
        return f"Journal(path={str(self.path)!r}, size={self.size})"

    def read(self) -> list[dict[str, Any]]:
        """Every whole record in the file, oldest first; a torn last record is left out (and cut off later)."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            self.size = 0
            return []
        records: list[dict[str, Any]] = []
        lines = data.split(b"\n")
        good = 0
        # The part after the last newline is a record whose write was cut short (empty if there is none).
        for number, line in enumerate(lines[:-1], start=1):
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            if not isinstance(record, dict):
                if number == len(lines) - 1:
                    break  # the last line, cut short by a crash: never acknowledged
                raise ValueError(
                    f"{self.path}: line {number} is not a journal record, and records follow it: the file is "
                    "damaged. Move it away to start from the state file alone (losing the changes it holds)."
                )
            records.append(record)
            good += len(line) + 1
        self.size = good
        return records

    def append(self, record: dict[str, Any]) -> None:
        line = (json.dumps(record, separators=(",", ":")) + "\n").encode("utf-8")
        fd = self._open()
        written = 0
        try:
            while written < len(line):
                written += os.write(fd, line[written:])
        except BaseException:
            os.ftruncate(fd, self.size)  # never leave half a record for the next one to be glued to
            raise
        self.size += len(line)
        self._appended += 1

    def _open(self) -> int:
        if self._fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            if os.fstat(fd).st_size != self.size:
                os.ftruncate(fd, self.size)  # drop a torn record left by a crash
            sync_directory(self.path.parent)
            self._fd = fd
        return self._fd

    def sync(self) -> None:
        """Make every record appended so far durable; thread-safe."""
        with self._sync_lock:
            target = self._appended
            if self._fd is not None and self._synced < target:
                _datasync(self._fd)
            self._synced = target

    async def synced(self) -> None:
        """Wait until every record appended so far is on disk; concurrent callers share one ``fdatasync``."""
        target = self._appended
        loop = asyncio.get_running_loop()
        while self._synced < target:
            pending = self._pending
            if pending is None or pending.done() or pending.get_loop() is not loop:
                pending = self._pending = asyncio.ensure_future(asyncio.to_thread(self.sync))
            await asyncio.shield(pending)

    def drop_head(self, size: int) -> None:
        """Forget the first ``size`` bytes (a snapshot now holds them), keeping what was appended since.

        The store calls it under its lock, so nothing is appended meanwhile.
        """
        with self._sync_lock:
            if size >= self.size:
                if self._fd is not None:
                    os.ftruncate(self._fd, 0)
                elif self.path.exists():
                    os.truncate(self.path, 0)
                self.size = 0
                return
            with self.path.open("rb") as handle:
                handle.seek(size)
                tail = handle.read(self.size - size)
            self.close_fd()
            write_atomically(self.path, tail)
            self.size = len(tail)

    def close_fd(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self._synced = self._appended  # a closed file has nothing left to sync

    def close(self) -> None:
        """Close the file, and remove it when it holds nothing (after a clean shutdown's snapshot)."""
        with self._sync_lock:
            if self._fd is not None:
                _datasync(self._fd)
            self.close_fd()
            if self.size == 0:
                self.path.unlink(missing_ok=True)
