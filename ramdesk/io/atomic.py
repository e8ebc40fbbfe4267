"""Atomic saves: write beside the target, flush to disk, then rename over it.

A save interrupted at any point (an exception, a full disk, the process killed, the share gone)
leaves the previous file whole. `FileStamp` remembers what a file looked like when it was opened,
so a save can notice that a colleague changed it since.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import ReadOnlyTarget, WriteError


@contextlib.contextmanager
def atomic_path(path: str | Path, *, backup: bool = False) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces the target.

    A failure at any point (an exception, the process killed) leaves the old file intact. The
    new file keeps the old one's permission bits and, where allowed, its owner and group. With
    `backup`, the previous version is kept beside it (see `backup_path`). A symbolic link is
    followed: the file it points to is replaced, the link stays.
    """
    shown = Path(path)
    target = Path(os.path.realpath(shown))
    if target.is_dir():
        raise WriteError(shown, "could not be saved: a folder of that name is in the way.")
    if _read_only(target):
        raise ReadOnlyTarget(shown, "could not be saved: the file is read-only; it is unchanged.")
    folder = target.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WriteError(shown, _explain(exc, folder)) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        _copy_ownership(target, tmp)
        if backup and target.exists():
            _keep_backup(target, backup_path(target))
        os.replace(tmp, target)
        _fsync_dir(folder)
    except OSError as exc:
        raise WriteError(shown, _explain(exc, folder)) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def write_bytes(path: str | Path, data: bytes, *, backup: bool = False) -> None:
    """Write `data` to `path` atomically."""
    with atomic_path(path, backup=backup) as tmp, open(tmp, "wb") as f:
        f.write(data)


def write_text(path: str | Path, text: str, *, encoding: str = "utf-8") -> None:
    """Write `text` to `path` atomically."""
    write_bytes(path, text.encode(encoding))


def backup_path(path: str | Path) -> Path:
    """Where the previous version of `path` is kept: "plan.xlsx" -> "plan (previous).xlsx"."""
    target = Path(path)
    return target.with_name(f"{target.stem} (previous){target.suffix}")


def _keep_backup(target: Path, backup: Path) -> None:
    """Keep the current file as the backup, itself atomically (a link where possible)."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{backup.name}.", suffix=".tmp", dir=backup.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        try:
            tmp.unlink()
            os.link(target, tmp)  # the old content lives on under the backup's name: no copy
        except OSError:
            shutil.copy2(target, tmp)
        os.replace(tmp, backup)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _copy_ownership(target: Path, tmp: Path) -> None:
    """Give the new file the old one's permission bits and, if we may, its owner and group."""
    try:
        info = os.stat(target)
    except FileNotFoundError:
        os.chmod(tmp, 0o666 & ~_umask())
        return
    os.chmod(tmp, stat.S_IMODE(info.st_mode))
    if hasattr(os, "chown"):
        mine = os.stat(tmp)
        if (mine.st_uid, mine.st_gid) != (info.st_uid, info.st_gid):
            # Only root may give a file away; a group we belong to is fine. Else keep ours.
            with contextlib.suppress(OSError):
                os.chown(tmp, info.st_uid, info.st_gid)
            with contextlib.suppress(OSError):
                os.chown(tmp, -1, info.st_gid)


def _explain(exc: OSError, folder: Path) -> str:
    """One sentence for a failed save; the previous version is always intact."""
    intact = "the previous version is intact."
    code = exc.errno
    if code == errno.ENOSPC or code == getattr(errno, "EDQUOT", -1):
        return f"could not be saved: the disk is full; {intact}"
    if code in (errno.EACCES, errno.EPERM):
        return f"could not be saved: permission denied in {folder.name or folder}; {intact}"
    if code == errno.EROFS:
        return f"could not be saved: the folder is read-only; {intact}"
    if code == errno.ENOENT:
        return f"could not be saved: the folder {folder} does not exist (or is out of reach)."
    if code in (errno.EIO, getattr(errno, "ESTALE", -1), getattr(errno, "ENOTCONN", -1)):
        return f"could not be saved: the disk or network share stopped answering; {intact}"
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"could not be saved: {reason}; {intact}"


def _read_only(target: Path) -> bool:
    """Whether an existing file is marked read-only: renaming over it would replace it anyway
    (the folder allows it), so the mark is honoured here, for root too."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(target, os.W_OK)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@dataclass(frozen=True)
class FileStamp:
    """What a file looked like when it was opened or saved: size, modification time, digest."""

    path: Path
    size: int
    mtime_ns: int
    digest: str

    @classmethod
    def of(cls, path: str | Path) -> FileStamp | None:
        """The file's stamp now, or None if it does not exist or cannot be read."""
        target = Path(path)
        try:
            info = target.stat()
            return cls(target, info.st_size, info.st_mtime_ns, _digest(target))
        except OSError:
            return None

    def changed(self) -> bool:
        """Whether the file on disk differs from this stamp (edited, replaced or deleted)."""
        try:
            info = self.path.stat()
        except OSError:
            return True
        if (info.st_size, info.st_mtime_ns) == (self.size, self.mtime_ns):
            return False
        # Touched is not changed: a sync tool may rewrite the same bytes.
        try:
            return info.st_size != self.size or _digest(self.path) != self.digest
        except OSError:
            return True

    def exists(self) -> bool:
        """Whether the file is still there."""
        return self.path.exists()


def _digest(path: Path) -> str:
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


__all__ = ["FileStamp", "atomic_path", "backup_path", "write_bytes", "write_text"]
