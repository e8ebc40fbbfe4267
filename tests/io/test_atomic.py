"""Atomic saves: a save killed or failing at any point leaves the old file or the new one, whole."""

from __future__ import annotations

import errno
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from ramdesk.io.atomic import FileStamp, atomic_path, backup_path, write_bytes
from ramdesk.io.errors import ReadOnlyTarget, WriteError

ROOT = Path(__file__).resolve().parents[2]


def _version(n: int, size: int = 300_000) -> bytes:
    """A file that proves its own integrity: a header with its number and the body's hash."""
    body = (f"version {n} ".encode() * (size // 10 + 1))[:size]
    return f"{n}:{hashlib.sha256(body).hexdigest()}\n".encode() + body


def _intact_version(data: bytes) -> int:
    header, _, body = data.partition(b"\n")
    n, digest = header.decode().split(":")
    assert hashlib.sha256(body).hexdigest() == digest, "the file is torn"
    return int(n)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_replaces_the_file_and_keeps_its_mode(tmp_path):
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"old")
    target.chmod(0o640)
    with atomic_path(target) as tmp:
        assert tmp.parent == tmp_path and tmp != target
        tmp.write_bytes(b"new")
        assert target.read_bytes() == b"old"  # not yet
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert _leftovers(tmp_path) == []


def test_new_file_gets_ordinary_permissions(tmp_path):
    target = tmp_path / "new.xlsx"
    write_bytes(target, b"x")
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


def test_failure_inside_leaves_the_old_file(tmp_path):
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(ValueError), atomic_path(target) as tmp:
        tmp.write_bytes(b"half")
        raise ValueError("writer bug")
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_backup_keeps_the_previous_version(tmp_path):
    target = tmp_path / "plan.xlsx"
    write_bytes(target, b"one", backup=True)
    assert not backup_path(target).exists()  # nothing to back up the first time
    write_bytes(target, b"two", backup=True)
    write_bytes(target, b"three", backup=True)
    assert target.read_bytes() == b"three"
    assert backup_path(target) == tmp_path / "plan (previous).xlsx"
    assert backup_path(target).read_bytes() == b"two"
    assert _leftovers(tmp_path) == []


def test_backup_without_hard_links(tmp_path, monkeypatch):
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"old")

    def no_links(*args):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    write_bytes(target, b"new", backup=True)
    assert backup_path(target).read_bytes() == b"old"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_symbolic_link_is_followed(tmp_path):
    real = tmp_path / "real.xlsx"
    real.write_bytes(b"old")
    link = tmp_path / "link.xlsx"
    link.symlink_to(real)
    write_bytes(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"


def test_a_folder_in_the_way(tmp_path):
    (tmp_path / "plan.xlsx").mkdir()
    with pytest.raises(WriteError, match="folder"):
        write_bytes(tmp_path / "plan.xlsx", b"x")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")
def test_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    target = folder / "plan.xlsx"
    target.write_bytes(b"old")
    folder.chmod(0o555)
    try:
        with pytest.raises(WriteError, match="permission denied") as caught:
            write_bytes(target, b"new")
        assert "intact" in str(caught.value)
    finally:
        folder.chmod(0o755)
    assert target.read_bytes() == b"old"


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "disk is full"),
        (errno.EACCES, "permission denied"),
        (errno.EROFS, "read-only"),
        (errno.EIO, "stopped answering"),
        (errno.EMFILE, "Too many open files"),
    ],
)
@pytest.mark.parametrize("where", ["create", "write", "flush", "rename"])
def test_os_failures_say_what_happened(tmp_path, monkeypatch, code, words, where):
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"old")
    failure = OSError(code, os.strerror(code))

    def fail(*args, **kwargs):
        raise failure

    if where == "create":
        monkeypatch.setattr("tempfile.mkstemp", fail)
    elif where == "flush":
        monkeypatch.setattr(os, "fsync", fail)
    elif where == "rename":
        monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(WriteError) as caught, atomic_path(target) as tmp, open(tmp, "wb") as f:
        f.write(b"new")
        if where == "write":
            raise failure  # what a writer sees when the disk fills mid-write
    message = str(caught.value)
    assert message.startswith("plan.xlsx: could not be saved")
    assert words in message
    if where != "create":
        assert "intact" in message
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_vanished_folder_is_a_message(tmp_path):
    folder = tmp_path / "share"
    folder.mkdir()
    target = folder / "plan.xlsx"
    target.write_bytes(b"old")
    shutil.rmtree(folder)
    with pytest.raises(WriteError, match="does not exist"):
        write_bytes(target, b"new")


def test_folder_vanishing_during_the_save(tmp_path):
    folder = tmp_path / "share"
    folder.mkdir()
    target = folder / "plan.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(WriteError, match="does not exist"), atomic_path(target) as tmp:
        tmp.write_bytes(b"new")
        shutil.rmtree(folder)


# The saving process: saves numbered versions in a loop; with KILL_AT=N it kills itself at its
# N-th file-system step of the first save, so every step of a save is interrupted once.
SAVER = textwrap.dedent(
    """
    import hashlib, os, signal, sys
    sys.path.insert(0, sys.argv[1])
    from ramdesk.io import atomic

    def version(n, size=300_000):
        body = (f"version {n} ".encode() * (size // 10 + 1))[:size]
        return f"{n}:{hashlib.sha256(body).hexdigest()}\\n".encode() + body

    kill_at = int(os.environ.get("KILL_AT", "0"))
    steps = 0

    def step(name, real):
        def wrapped(*args, **kwargs):
            global steps
            steps += 1
            if steps == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            result = real(*args, **kwargs)
            steps += 1
            if steps == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return result
        return wrapped

    for name in ("fsync", "replace", "chmod", "link", "close", "write"):
        setattr(os, name, step(name, getattr(os, name)))
    target = sys.argv[2]
    n = int(sys.argv[3])
    backup = sys.argv[4] == "backup"
    if not kill_at:
        print("saving", flush=True)
    while True:
        n += 1
        with atomic.atomic_path(target, backup=backup) as tmp:
            fd = os.open(tmp, os.O_WRONLY | os.O_TRUNC)
            data = version(n)
            for i in range(0, len(data), 65536):
                os.write(fd, data[i : i + 65536])
            os.close(fd)
        if kill_at:
            print("steps", steps, flush=True)
            sys.exit(0)
    """
)


def _saver(tmp_path: Path, target: Path, start: int, backup: bool, kill_at: int = 0):
    script = tmp_path / "saver.py"
    script.write_text(SAVER)
    env = dict(os.environ, KILL_AT=str(kill_at))
    return subprocess.Popen(
        [sys.executable, str(script), str(ROOT), str(target), str(start), "backup" * backup],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("backup", [False, True], ids=["plain", "with backup"])
def test_killed_at_every_step_of_a_save(tmp_path, backup):
    target = tmp_path / "plan.xlsx"
    target.write_bytes(_version(0))
    probe = _saver(tmp_path, target, 0, backup, kill_at=10_000)
    out, _ = probe.communicate(timeout=60)
    total = int(out.split()[-1])
    assert total > 10  # the save has many steps to interrupt
    target.write_bytes(_version(0))
    for kill_at in range(1, total + 1):
        process = _saver(tmp_path, target, 0, backup, kill_at=kill_at)
        process.communicate(timeout=60)
        assert process.returncode == -signal.SIGKILL, kill_at
        assert _intact_version(target.read_bytes()) in (0, 1), kill_at
        if backup and backup_path(target).exists():
            assert _intact_version(backup_path(target).read_bytes()) == 0
        target.write_bytes(_version(0))


def test_killed_at_random_moments_while_saving_repeatedly(tmp_path):
    target = tmp_path / "plan.xlsx"
    target.write_bytes(_version(0))
    rng = random.Random(6)
    seen = set()
    for _ in range(20):
        before = _intact_version(target.read_bytes())
        process = _saver(tmp_path, target, before, backup=True)
        assert process.stdout.readline().strip() == "saving"  # started, whatever the load
        time.sleep(rng.random() * 0.05)  # somewhere in the middle of one of its saves
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        process.stdout.close()
        after = _intact_version(target.read_bytes())
        assert after >= before
        seen.add(after)
        previous = backup_path(target)
        if previous.exists():
            assert _intact_version(previous.read_bytes()) <= after
    assert len(seen) > 1  # the saves really ran between kills


def test_stamp_notices_a_colleagues_save(tmp_path):
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"ours")
    stamp = FileStamp.of(target)
    assert stamp is not None and not stamp.changed()
    target.write_bytes(b"ours")  # same bytes, new time: a sync tool touched it
    os.utime(target, ns=(stamp.mtime_ns + 5_000_000_000,) * 2)
    assert not stamp.changed()
    target.write_bytes(b"theirs")
    os.utime(target, ns=(stamp.mtime_ns,) * 2)  # even with the old time, the size differs
    assert stamp.changed()


def test_stamp_same_size_other_bytes(tmp_path):
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"aaaa")
    stamp = FileStamp.of(target)
    target.write_bytes(b"bbbb")
    os.utime(target, ns=(stamp.mtime_ns + 1_000_000_000,) * 2)
    assert stamp.changed()


def test_stamp_of_a_deleted_file(tmp_path):
    target = tmp_path / "plan.xlsx"
    assert FileStamp.of(target) is None
    target.write_bytes(b"x")
    stamp = FileStamp.of(target)
    target.unlink()
    assert stamp.changed() and not stamp.exists()


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root may give a file away"
)
def test_owner_and_group_are_kept(tmp_path):
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"old")
    os.chown(target, 12345, 23456)  # a colleague's file on a shared folder
    write_bytes(target, b"new")
    info = target.stat()
    assert (info.st_uid, info.st_gid) == (12345, 23456)
    assert target.read_bytes() == b"new"


def test_a_file_marked_read_only_is_not_replaced(tmp_path):
    """Renaming over a read-only file succeeds when the folder is writable (and always for
    root): the save must honour the mark itself."""
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"theirs")
    target.chmod(0o444)
    try:
        with pytest.raises(ReadOnlyTarget, match="read-only"), atomic_path(target) as tmp:
            tmp.write_bytes(b"ours")
        assert target.read_bytes() == b"theirs"
        assert [p.name for p in tmp_path.iterdir()] == ["plan.xlsx"]  # no temporary left
    finally:
        target.chmod(0o644)
