"""Shared files: who else has a workbook open, and ramdesk's own lock while it edits one.

Excel leaves an owner file `~$NAME` beside a workbook it has open (a length byte and the user
name, then the name again in UTF-16); LibreOffice leaves `.~lock.NAME#` (one CSV line:
`office user, system user, host, DD.MM.YYYY HH:MM, user folder URL;`). ramdesk writes the
LibreOffice kind, so LibreOffice users and other ramdesk users see who has the file; in the URL
field it notes its process id, which lets a later ramdesk remove the lock a crash left behind.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import re
import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

#: What ramdesk writes in the lock's user-folder field, followed by its process id.
RAMDESK_URL = "ramdesk:pid="
#: Lock and owner files are tiny; anything bigger is not one.
MAX_LOCK_BYTES = 4096


@dataclass(frozen=True)
class Holder:
    """Someone who has a file open, as their lock file tells it."""

    user: str
    host: str
    since: datetime | None
    application: str  # "Excel", "LibreOffice" or "ramdesk"
    lock_file: Path
    pid: int | None = None

    def describe(self) -> str:
        """'Anna Berg (on LAPTOP-7, LibreOffice) since 21 Nov 2026 14:05'."""
        who = self.user or "someone"
        where = ", ".join(
            x for x in (f"on {self.host}" if self.host else "", self.application) if x
        )
        text = f"{who} ({where})" if where else who
        if self.since is not None:
            text += f" since {self.since:%d %b %Y %H:%M}"
        return text

    @property
    def is_this_machine(self) -> bool:
        return bool(self.host) and self.host.lower() == _host().lower()

    @property
    def is_stale(self) -> bool:
        """A ramdesk lock from this machine whose process is gone (left by a crash)."""
        return (
            self.application == "ramdesk"
            and self.pid is not None
            and self.is_this_machine
            and not pid_alive(self.pid)
        )

    @property
    def is_mine(self) -> bool:
        """Written by this very process."""
        return self.application == "ramdesk" and self.pid == os.getpid() and self.is_this_machine


def libreoffice_lock_path(path: str | Path) -> Path:
    """Where LibreOffice (and ramdesk) put the lock of `path`."""
    target = Path(path)
    return target.with_name(f".~lock.{target.name}#")


def excel_owner_path(path: str | Path) -> Path:
    """Where Excel puts the owner file of `path` while it has it open."""
    target = Path(path)
    return target.with_name(f"~${target.name}")


def holders(path: str | Path) -> list[Holder]:
    """Everyone whose lock or owner file lies beside `path` (stale ones included, marked)."""
    found = []
    lock = libreoffice_lock_path(path)
    holder = read_libreoffice_lock(lock)
    if holder is not None:
        found.append(holder)
    holder = read_excel_owner(excel_owner_path(path))
    if holder is not None:
        found.append(holder)
    return found


def others(path: str | Path) -> list[Holder]:
    """Holders of `path` other than this process, after clearing stale ramdesk locks."""
    clear_stale(path)
    return [h for h in holders(path) if not h.is_mine]


def read_libreoffice_lock(lock: Path) -> Holder | None:
    """Parse a `.~lock.NAME#` file; None if there is none or it is unreadable."""
    data = _read_small(lock)
    if data is None:
        return None
    text = data.decode("utf-8", "replace")
    fields = _split_lock(text)
    fields += [""] * (5 - len(fields))
    office_user, system_user, host, when, url = fields[:5]
    pid = None
    application = "LibreOffice"
    if url.startswith(RAMDESK_URL):
        application = "ramdesk"
        with contextlib.suppress(ValueError):
            pid = int(url[len(RAMDESK_URL) :])
    return Holder(
        user=(office_user or system_user).strip(),
        host=host.strip(),
        since=_parse_time(when.strip()) or _mtime(lock),
        application=application,
        lock_file=lock,
        pid=pid,
    )


def read_excel_owner(owner: Path) -> Holder | None:
    """Parse Excel's `~$NAME` owner file; None if there is none."""
    data = _read_small(owner)
    if data is None:
        return None
    user = ""
    # At offset 54: a 16-bit length and the name in UTF-16 (any language); before it, the name
    # as a length byte plus the Windows code page, space-padded.
    if len(data) >= 56:
        count = int.from_bytes(data[54:56], "little")
        raw = data[56 : 56 + 2 * count]
        if 0 < count <= 256 and len(raw) == 2 * count:
            user = raw.decode("utf-16-le", "replace")
    if not user and data:
        count = data[0]
        user = data[1 : 1 + count].decode("cp1252", "replace")
    user = "".join(ch for ch in user if ch.isprintable()).strip()
    return Holder(user=user, host="", since=_mtime(owner), application="Excel", lock_file=owner)


def _read_small(path: Path) -> bytes | None:
    try:
        if not path.is_file() or path.stat().st_size > MAX_LOCK_BYTES:
            return None
        return path.read_bytes()
    except OSError:
        return None


def _split_lock(text: str) -> list[str]:
    """Split one LibreOffice lock entry: commas separate, `;` ends, backslash escapes."""
    fields, current, escaped = [], [], False
    for ch in text:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ",":
            fields.append("".join(current))
            current = []
        elif ch == ";":
            break
        else:
            current.append(ch)
    fields.append("".join(current))
    return fields


def _escape(text: str) -> str:
    return re.sub(r"([,;\\])", r"\\\1", text.replace("\n", " "))


def _parse_time(text: str) -> datetime | None:
    for pattern in ("%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S"):
        with contextlib.suppress(ValueError):
            return datetime.strptime(text, pattern)
    return None


def _mtime(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime)
    except (OSError, ValueError, OverflowError):
        return None


def _host() -> str:
    try:
        return socket.gethostname()
    except OSError:
        return ""


def user_name() -> str:
    """The name this user goes by on this machine."""
    try:
        return getpass.getuser()
    except (KeyError, OSError, ImportError):
        return os.environ.get("USERNAME") or os.environ.get("USER") or ""


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (unsure counts as alive)."""
    if pid <= 0:
        return False
    if os.name == "nt":
        return _pid_alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def _pid_alive_windows(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return ctypes.get_last_error() == 5  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def clear_stale(path: str | Path) -> bool:
    """Remove a ramdesk lock on `path` left by a crashed process on this machine."""
    holder = read_libreoffice_lock(libreoffice_lock_path(path))
    if holder is not None and holder.is_stale:
        with contextlib.suppress(OSError):
            holder.lock_file.unlink()
            return True
    return False


class FileLock:
    """ramdesk's lock on a file it has open for editing; `release()` on close."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.lock_file = libreoffice_lock_path(self.path)
        self.held = False

    def content(self) -> str:
        """The lock line: LibreOffice's five fields, ramdesk's pid in the URL field."""
        fields = [
            user_name(),
            user_name(),
            _host(),
            datetime.now().strftime("%d.%m.%Y %H:%M"),
            f"{RAMDESK_URL}{os.getpid()}",
        ]
        return ",".join(_escape(f) for f in fields) + ";"

    def acquire(self, *, take_over: bool = False) -> bool:
        """Write the lock; False if someone else's lock is there (unless `take_over`) or the
        folder refuses (then the file is simply edited unlocked, as LibreOffice does)."""
        clear_stale(self.path)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        for attempt in range(2):
            try:
                fd = os.open(self.lock_file, flags, 0o644)
            except FileExistsError:
                existing = read_libreoffice_lock(self.lock_file)
                if existing is not None and existing.is_mine:
                    self.held = True
                    return True
                if not take_over or attempt:
                    return False
                with contextlib.suppress(OSError):
                    self.lock_file.unlink()
                continue
            except OSError:
                return False
            try:
                os.write(fd, self.content().encode("utf-8"))
            finally:
                os.close(fd)
            self._hide()
            self.held = True
            return True
        return False

    def release(self) -> None:
        """Remove the lock if it is still ours (someone may have taken it over)."""
        if not self.held:
            return
        self.held = False
        holder = read_libreoffice_lock(self.lock_file)
        if holder is not None and holder.is_mine:
            with contextlib.suppress(OSError):
                self.lock_file.unlink()

    def move_to(self, path: str | Path) -> bool:
        """After Save As: lock the new file, release the old one."""
        new = FileLock(path)
        if not new.acquire():
            return False
        self.release()
        self.path, self.lock_file, self.held = new.path, new.lock_file, True
        return True

    def _hide(self) -> None:
        if os.name == "nt":  # pragma: no cover - Windows only
            import ctypes

            with contextlib.suppress(Exception):
                ctypes.windll.kernel32.SetFileAttributesW(str(self.lock_file), 0x2)

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


__all__ = [
    "FileLock",
    "Holder",
    "clear_stale",
    "excel_owner_path",
    "holders",
    "libreoffice_lock_path",
    "others",
    "pid_alive",
    "read_excel_owner",
    "read_libreoffice_lock",
    "user_name",
]
