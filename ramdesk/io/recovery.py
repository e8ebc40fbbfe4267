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
import dataclasses
import json
import os
import socket
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ramdesk.model import Change, Deliverable, Group, Matrix, Role
from ramdesk.model.bulk import no_cyclic_gc
from ramdesk.model.serialize import from_data, iter_json, to_data

from .atomic import write_text
from .errors import ReadError, WriteError
from .locks import pid_alive

FORMAT = "ramdesk-recovery"
VERSION = 1
SUFFIX = ".ramdesk-recovery.json"
JOURNAL_SUFFIX = ".ramdesk-recovery.journal"
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
        #: Cell edits since the last snapshot, one JSON line each (see `journal`).
        self.journal_file = self.folder / f"{self.id}{JOURNAL_SUFFIX}"
        #: Which snapshot the journal's lines follow: lines of an older one are never replayed.
        self.generation = uuid.uuid4().hex[:12]
        self.original = Path(original) if original is not None else None
        self.title = title
        self.edits = 0
        #: Seconds the last snapshot took: the UI uses it to decide how often to snapshot.
        self.last_duration = 0.0
        #: The last failure, as a sentence (the data folder full or gone); None when fine.
        self.problem: str | None = None
        #: A snapshot's (matrix name, matrix text, source text) made by `prepare`, not written.
        self.prepared: tuple[str, str, str] | None = None

    @classmethod
    def adopt(cls, info: RecoveryInfo) -> RecoveryRecord:
        """Take over a record found at start, so it stays safe while its matrix is reopened."""
        record = cls(info.file.parent, original=info.original, title=info.title, record_id=info.id)
        record.edits = info.edits
        return record

    def save(self, matrix: Matrix) -> bool:
        """Snapshot the matrix now; False (and `problem` set) if the data folder refused."""
        started = time.perf_counter()
        self.prepared = None
        with no_cyclic_gc():  # a big matrix's data is hundreds of thousands of small objects
            text = _dumps(to_data(matrix, for_json=True))
        if not self._write(matrix.name, text, _dumps(source_to_data(matrix))):
            return False
        self.last_duration = time.perf_counter() - started
        return True

    def prepare(self, matrix: Matrix) -> Iterator[None]:
        """Make the text of a snapshot of the matrix a small piece per step, for a caller that
        steps it while the user is idle; once spent, `prepared` holds it for `save_prepared`.
        The matrix must not change meanwhile (a caller drops the steps when it does)."""
        self.prepared = None
        parts: list[str] = []
        spent = 0.0
        resumed = time.perf_counter()
        for part in iter_json(matrix):
            parts.append(part)
            spent += time.perf_counter() - resumed
            yield
            resumed = time.perf_counter()
        source = _dumps(source_to_data(matrix))
        self.prepared = (matrix.name, "".join(parts), source)
        spent += time.perf_counter() - resumed
        # A snapshot costs about this (and the writing): later edits are journaled if slow.
        self.last_duration = spent

    def save_prepared(self) -> bool:
        """Write the snapshot `prepare` made (of the matrix as it was then); False when there is
        none or the data folder refused."""
        if self.prepared is None:
            return False
        name, text, source = self.prepared
        self.prepared = None
        return self._write(name, text, source)

    def _write(self, name: str, matrix_text: str, source_text: str) -> bool:
        self.edits += 1
        generation = uuid.uuid4().hex[:12]
        record = {
            "format": FORMAT,
            "version": VERSION,
            "id": self.id,
            "title": self.title or name,
            "original": str(self.original) if self.original is not None else None,
            "changed_at": time.time(),
            "pid": os.getpid(),
            "host": _host(),
            "edits": self.edits,
            "generation": generation,
        }
        # The matrix's text is put in as it is (made beforehand, maybe a slice at a time).
        text = f'{_dumps(record)[:-1]},"matrix":{matrix_text},"source":{source_text}}}'
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_text(self.file, text)
        except (OSError, WriteError) as exc:
            self.problem = f"Crash recovery is not working: {exc}"
            return False
        self.generation = generation
        # The snapshot holds every journaled edit now; a line left over is of an older
        # generation and is never replayed, so a kill between the two steps is harmless.
        with contextlib.suppress(OSError):
            self.journal_file.unlink()
        self.problem = None
        return True

    def journal(self, matrix: Matrix, change: Change) -> bool:
        """Append an edit of cells to the journal (a line per edit, cheap at any size).

        False when the change is not one of cells only (a row inserted, a role renamed, the
        scheme changed ...) or there is no snapshot yet: then the caller takes a snapshot.
        """
        if not self.file.exists() or too_big_to_journal(matrix, change) or not cells_only(change):
            return False
        row, role, code, notes = matrix.row_index, matrix.role_index, matrix.code, matrix.notes
        try:
            cells = [[row(d), role(r), code(d, r), notes.get((d, r), "")] for d, r in change.cells]
        except KeyError:  # a cell of a row or role no longer there
            return False
        line = _dumps({"g": self.generation, "t": time.time(), "c": cells})
        try:
            # Appended and flushed: once the call returns, the edit survives the process.
            with open(self.journal_file, "a", encoding="utf-8") as f:
                f.write(line + "\n")
        except OSError as exc:
            self.problem = f"Crash recovery is not working: {exc.strerror or exc}"
            return False
        self.edits += 1
        return True

    def discard(self) -> None:
        """Forget the record: the matrix was saved or closed on purpose."""
        for file in (self.file, self.journal_file):
            with contextlib.suppress(OSError):
                file.unlink()

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
        journal = _journal_of(file)
        with contextlib.suppress(OSError, ValueError, OverflowError):
            if journal.exists():
                last = datetime.fromtimestamp(journal.stat().st_mtime)
                if last > info.changed_at:
                    info = dataclasses.replace(info, changed_at=last)
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
        matrix = from_data(data["matrix"])
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise ReadError(file, f"is a damaged recovery record ({exc}).") from None
    _replay(matrix, _journal_of(file), data.get("generation"))
    # Where it came from is a bonus: without it the matrix is saved as a ramdesk workbook.
    with contextlib.suppress(Exception):
        matrix.source = source_from_data(matrix, data.get("source"))
    return matrix


def source_to_data(matrix: Matrix) -> dict[str, Any] | None:
    """The colleague's layout a matrix was imported from, as plain data (None if there is none).

    Rows and roles are named by their index in the matrix; those removed since (whose sheet
    rows and columns a write-back deletes) are kept as named stand-ins.
    """
    source = matrix.source
    if (
        source is None
        or not dataclasses.is_dataclass(source)
        or not hasattr(source, "role_columns")
    ):
        return None
    rows = {r: i for i, r in enumerate(matrix.rows)}
    roles = {r: i for i, r in enumerate(matrix.roles)}

    def encode(value: Any) -> Any:
        if isinstance(value, Path):
            return {"path": str(value)}
        if isinstance(value, (Group, Deliverable)):
            if value in rows:
                return {"row": rows[value]}
            kind = "group" if isinstance(value, Group) else "deliverable"
            return {"gone": kind, "name": value.name}
        if isinstance(value, Role):
            return (
                {"role": roles[value]} if value in roles else {"gone": "role", "name": value.name}
            )
        if isinstance(value, dict):
            return {"dict": [[encode(k), encode(v)] for k, v in value.items()]}
        if isinstance(value, (set, frozenset)):
            return {"set": [encode(v) for v in value]}
        if isinstance(value, (tuple, list)):
            return {"tuple": [encode(v) for v in value]}
        if value is None or isinstance(value, (str, int, float, bool)):
            return {"value": value}
        raise TypeError(f"cannot keep {type(value).__name__}")

    try:
        fields = {f.name: encode(getattr(source, f.name)) for f in dataclasses.fields(source)}
    except TypeError:
        return None
    return {"kind": type(source).__name__, "fields": fields}


def source_from_data(matrix: Matrix, data: Any) -> Any:
    """The import source `source_to_data` kept, tied to the restored matrix's items."""
    if not isinstance(data, dict) or data.get("kind") != "ImportSource":
        return None
    from .importer.source import ImportSource

    rows = list(matrix.rows)
    roles = list(matrix.roles)
    stand_ins: dict[tuple[str, str], Any] = {}

    def decode(value: Any) -> Any:
        (kind, inner), *_ = value.items()
        if kind == "path":
            return Path(inner)
        if kind == "row":
            return rows[inner]
        if kind == "role":
            return roles[inner]
        if kind == "gone":
            key = (inner, value.get("name", ""))
            if key not in stand_ins:
                make = {"group": Group, "deliverable": Deliverable, "role": Role}[inner]
                stand_ins[key] = make(str(value.get("name", "")))
            return stand_ins[key]
        if kind == "dict":
            return {decode(k): decode(v) for k, v in inner}
        if kind == "set":
            return {decode(v) for v in inner}
        if kind == "tuple":
            return tuple(decode(v) for v in inner)
        return inner

    known = {f.name for f in dataclasses.fields(ImportSource)}
    fields = {k: decode(v) for k, v in data.get("fields", {}).items() if k in known}
    return ImportSource(**fields)


def discard(info: RecoveryInfo) -> None:
    """Delete a record the user chose not to restore."""
    for file in (info.file, _journal_of(info.file)):
        with contextlib.suppress(OSError):
            file.unlink()


def cells_only(change: Change) -> bool:
    """Whether a change touched nothing but codes and notes of existing cells."""
    if not change.cells or change.structural or change.meta or change.people or change.groups:
        return False
    rows = {d for d, _ in change.cells}
    roles = {r for _, r in change.cells}
    return change.deliverables <= rows and change.roles <= roles


#: A change of more cells than this is journaled only while it is also smaller than a quarter
#: of the matrix's filled cells: a journal line costs about four times a snapshot's share per
#: cell, and a snapshot also keeps the journal short.
JOURNAL_CELLS = 20_000


def too_big_to_journal(matrix: Matrix, change: Change) -> bool:
    """Whether a snapshot would record a change faster than a journal line."""
    n = len(change.cells)
    return n > JOURNAL_CELLS and n * 4 > matrix.cell_count()


def _journal_of(file: Path) -> Path:
    return file.with_name(file.name[: -len(SUFFIX)] + JOURNAL_SUFFIX)


def _journal_lines(journal: Path, generation: Any) -> list[dict[str, Any]]:
    """The journal's lines that follow the snapshot; a torn last line is left out."""
    try:
        text = journal.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    lines = []
    for raw in text.splitlines():
        try:
            line = json.loads(raw)
        except ValueError:
            continue
        if isinstance(line, dict) and line.get("g") == generation and generation:
            lines.append(line)
    return lines


def _replay(matrix: Matrix, journal: Path, generation: Any) -> None:
    """Apply the journaled cell edits, in order, to the restored snapshot."""
    from ramdesk.model import SetCells, SetNote

    rows, roles = matrix.rows, matrix.roles
    for line in _journal_lines(journal, generation):
        for cell in line.get("c", ()):
            with contextlib.suppress(IndexError, TypeError, ValueError, KeyError):
                index, role_index, codes, note = cell
                d, r = rows[index], roles[role_index]
                if not isinstance(d, Deliverable):
                    continue
                matrix.apply(SetCells.one(d, r, str(codes)))
                if str(note) != matrix.note(d, r):
                    matrix.apply(SetNote(d, r, str(note)))


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


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _host() -> str:
    try:
        return socket.gethostname()
    except OSError:
        return ""


__all__ = [
    "RecoveryInfo",
    "RecoveryRecord",
    "cells_only",
    "discard",
    "pending",
    "restore",
    "source_from_data",
    "source_to_data",
]
