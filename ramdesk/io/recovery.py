"""Crash recovery: while a matrix has unsaved changes, a snapshot of it waits in a data folder.

Each open document with unsaved changes owns one record: a JSON file holding the whole matrix
(`ramdesk.model.serialize`), its title, the file it came from and when it was last changed,
replaced atomically at every snapshot so a kill never leaves a torn record. Saving or closing
cleanly discards it. At the next start `pending(folder)` lists the records no running ramdesk
owns — the matrices a crash would otherwise have lost. The folder is passed in: the UI picks
the user's data folder, tests a temporary one.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ramdesk.model import Matrix
from ramdesk.model.serialize import from_data, to_data

from .atomic import write_text
from .errors import ReadError, WriteError
from .locks import pid_alive

FORMAT = "ramdesk-recovery"
VERSION = 1
SUFFIX = ".ramdesk-recovery.json"
#: Records older than this are never offered again (the user has long moved on).
MAX_AGE_DAYS = 60


@dataclass(frozen=True)
class RecoveryInfo:
    """One recoverable matrix, as listed at start."""

    id: str
    file: Path
    title: str
    original: Path | None
    changed_at: datetime
    pid: int
    host: str
    edits: int

    def describe(self) -> str:
        """'plan.xlsx — unsaved changes from 21 Nov 2026 14:05'."""
        return f"{self.title} — unsaved changes from {self.changed_at:%d %b %Y %H:%M}"


class RecoveryRecord:
    """The record of one open document; `save(matrix)` after changes, `discard()` after a save."""

    def __init__(
        self,
        folder: str | Path,
        *,
        original: str | Path | None = None,
        title: str = "",
        record_id: str | None = None,
    ) -> None:
        self.folder = Path(folder)
        self.id = record_id or uuid.uuid4().hex
        self.file = self.folder / f"{self.id}{SUFFIX}"
        self.original = Path(original) if original is not None else None
        self.title = title
        self.edits = 0
        #: Seconds the last snapshot took: the UI uses it to decide how often to snapshot.
        self.last_duration = 0.0
        #: The last failure, as a sentence (the data folder full or gone); None when fine.
        self.problem: str | None = None

    @classmethod
    def adopt(cls, info: RecoveryInfo) -> RecoveryRecord:
        """Take over a record found at start, so it stays safe while its matrix is reopened."""
        record = cls(info.file.parent, original=info.original, title=info.title, record_id=info.id)
        record.edits = info.edits
        return record

    def save(self, matrix: Matrix) -> bool:
        """Snapshot the matrix now; False (and `problem` set) if the data folder refused."""
        started = time.perf_counter()
        self.edits += 1
        record = {
            "format": FORMAT,
            "version": VERSION,
            "id": self.id,
            "title": self.title or matrix.name,
            "original": str(self.original) if self.original is not None else None,
            "changed_at": time.time(),
            "pid": os.getpid(),
            "host": _host(),
            "edits": self.edits,
            "matrix": to_data(matrix),
        }
        text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_text(self.file, text)
        except (OSError, WriteError) as exc:
            self.problem = f"Crash recovery is not working: {exc}"
            return False
        self.problem = None
        self.last_duration = time.perf_counter() - started
        return True

    def discard(self) -> None:
        """Forget the record: the matrix was saved or closed on purpose."""
        with contextlib.suppress(OSError):
            self.file.unlink()

    @property
    def exists(self) -> bool:
        return self.file.exists()


def pending(folder: str | Path) -> list[RecoveryInfo]:
    """Records no running ramdesk owns, newest first; damaged or ancient ones are skipped."""
    base = Path(folder)
    try:
        files = sorted(base.glob(f"*{SUFFIX}"))
    except OSError:
        return []
    found = []
    host = _host()
    for file in files:
        info = _read_info(file)
        if info is None:
            continue
        if info.host == host and info.pid != os.getpid() and pid_alive(info.pid):
            continue  # another ramdesk window is still working on it
        if info.host == host and info.pid == os.getpid():
            continue  # ours, from this very run
        age = datetime.now() - info.changed_at
        if age.days > MAX_AGE_DAYS:
            continue
        found.append(info)
    return sorted(found, key=lambda i: i.changed_at, reverse=True)


def restore(info: RecoveryInfo | str | Path) -> Matrix:
    """The matrix as it was at its last snapshot."""
    file = info.file if isinstance(info, RecoveryInfo) else Path(info)
    data = _load(file)
    if data is None:
        raise ReadError(file, "is not a readable recovery record.")
    try:
        return from_data(data["matrix"])
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise ReadError(file, f"is a damaged recovery record ({exc}).") from None


def discard(info: RecoveryInfo) -> None:
    """Delete a record the user chose not to restore."""
    with contextlib.suppress(OSError):
        info.file.unlink()


def _load(file: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    return data


def _read_info(file: Path) -> RecoveryInfo | None:
    data = _load(file)
    if data is None or not isinstance(data.get("matrix"), dict):
        return None
    try:
        original = data.get("original")
        return RecoveryInfo(
            id=str(data.get("id") or file.name[: -len(SUFFIX)]),
            file=file,
            title=str(data.get("title") or "Untitled matrix"),
            original=Path(original) if isinstance(original, str) and original else None,
            changed_at=datetime.fromtimestamp(float(data.get("changed_at", 0))),
            pid=int(data.get("pid", 0)),
            host=str(data.get("host", "")),
            edits=int(data.get("edits", 0)),
        )
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _host() -> str:
    try:
        return socket.gethostname()
    except OSError:
        return ""


__all__ = ["RecoveryInfo", "RecoveryRecord", "discard", "pending", "restore"]
