"""Who has a file open (Excel owner files, LibreOffice locks) and ramdesk's own lock."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ramdesk.io import locks
from ramdesk.io.locks import (
    FileLock,
    clear_stale,
    excel_owner_path,
    holders,
    libreoffice_lock_path,
    others,
    read_libreoffice_lock,
)


def _excel_owner(name: str) -> bytes:
    """An owner file as Excel writes it: length byte + code-page name, padded; UTF-16 at 54."""
    ansi = name.encode("cp1252", "replace")
    head = bytes([len(ansi)]) + ansi
    head += b" " * (54 - len(head))
    wide = len(name).to_bytes(2, "little") + name.encode("utf-16-le")
    return (head + wide).ljust(165, b" ")


def test_lock_file_names(tmp_path):
    path = tmp_path / "Budget 2026.xlsx"
    assert libreoffice_lock_path(path).name == ".~lock.Budget 2026.xlsx#"
    assert excel_owner_path(path).name == "~$Budget 2026.xlsx"


def test_nobody_has_it_open(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"x")
    assert holders(path) == [] and others(path) == []


def test_excel_owner_file(tmp_path):
    path = tmp_path / "plan.xlsx"
    owner = excel_owner_path(path)
    owner.write_bytes(_excel_owner("Zoë Müller-Łukasiewicz"))
    (holder,) = holders(path)
    assert holder.application == "Excel"
    assert holder.user == "Zoë Müller-Łukasiewicz"  # the UTF-16 copy keeps every letter
    assert isinstance(holder.since, datetime)
    assert holder.describe().startswith("Zoë Müller-Łukasiewicz (Excel) since ")


def test_excel_owner_file_short_form(tmp_path):
    path = tmp_path / "plan.xlsx"
    excel_owner_path(path).write_bytes(b"\x04Anna")
    (holder,) = holders(path)
    assert holder.user == "Anna"


def test_libreoffice_lock(tmp_path):
    path = tmp_path / "plan.ods"
    libreoffice_lock_path(path).write_text(
        ",jdoe,build-pc,21.11.2026 14:05,file:///home/jdoe/.config/libreoffice/4;"
    )
    (holder,) = holders(path)
    assert (holder.user, holder.host, holder.application) == ("jdoe", "build-pc", "LibreOffice")
    assert holder.since == datetime(2026, 11, 21, 14, 5)
    assert holder.describe() == "jdoe (on build-pc, LibreOffice) since 21 Nov 2026 14:05"
    assert not holder.is_stale


def test_libreoffice_lock_with_office_name_and_escapes(tmp_path):
    path = tmp_path / "plan.xlsx"
    libreoffice_lock_path(path).write_text(
        r"Berg\, Anna,aberg,host\;1,01.02.2026 09:30,file:///C:/Users/aberg;"
    )
    (holder,) = holders(path)
    assert holder.user == "Berg, Anna"
    assert holder.host == "host;1"


@pytest.mark.parametrize("junk", [b"", b";", b"\xff\xfe\x00garbage", b"a,b", b"x" * 5000])
def test_broken_lock_files_do_not_crash(tmp_path, junk):
    path = tmp_path / "plan.xlsx"
    libreoffice_lock_path(path).write_bytes(junk)
    excel_owner_path(path).write_bytes(junk)
    for holder in holders(path):
        holder.describe()


@given(st.binary(max_size=300))
def test_any_bytes_as_owner_or_lock(data):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.xlsx"
        libreoffice_lock_path(path).write_bytes(data)
        excel_owner_path(path).write_bytes(data)
        for holder in holders(path):
            assert isinstance(holder.describe(), str)


def test_our_lock_is_libreoffice_compatible(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"x")
    lock = FileLock(path)
    assert lock.acquire()
    text = libreoffice_lock_path(path).read_text()
    assert text.endswith(";") and text.count(",") == 4
    fields = text[:-1].split(",")
    assert fields[2] == socket.gethostname()
    datetime.strptime(fields[3], "%d.%m.%Y %H:%M")
    (holder,) = holders(path)
    assert holder.application == "ramdesk" and holder.pid == os.getpid() and holder.is_mine
    assert others(path) == []  # our own lock does not warn ourselves
    lock.release()
    assert not libreoffice_lock_path(path).exists()


def test_someone_elses_lock_is_respected(tmp_path):
    path = tmp_path / "plan.xlsx"
    libreoffice_lock_path(path).write_text(",jdoe,other-pc,21.11.2026 14:05,file:///x;")
    lock = FileLock(path)
    assert not lock.acquire()
    assert [h.user for h in others(path)] == ["jdoe"]
    lock.release()  # releasing what we never held leaves their lock alone
    assert libreoffice_lock_path(path).exists()
    assert lock.acquire(take_over=True)  # "open anyway"
    assert holders(path)[0].is_mine
    lock.release()
    assert not libreoffice_lock_path(path).exists()


def test_release_leaves_a_lock_someone_took_over(tmp_path):
    path = tmp_path / "plan.xlsx"
    lock = FileLock(path)
    lock.acquire()
    libreoffice_lock_path(path).write_text(",jdoe,other-pc,21.11.2026 14:05,file:///x;")
    lock.release()
    assert libreoffice_lock_path(path).exists()


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_stale_lock_of_a_crashed_ramdesk_is_cleared(tmp_path):
    path = tmp_path / "plan.xlsx"
    host = socket.gethostname()
    pid = _dead_pid()
    libreoffice_lock_path(path).write_text(f"me,me,{host},21.11.2026 14:05,ramdesk:pid={pid};")
    (holder,) = holders(path)
    assert holder.is_stale
    assert others(path) == []
    assert not libreoffice_lock_path(path).exists()


def test_a_killed_ramdesk_leaves_a_lock_the_next_one_clears(tmp_path):
    path = tmp_path / "plan.xlsx"
    script = (
        "import sys, os, signal; sys.path.insert(0, sys.argv[1]);"
        "from ramdesk.io.locks import FileLock; FileLock(sys.argv[2]).acquire();"
        "os.kill(os.getpid(), signal.SIGKILL)"
    )
    root = str(locks.__file__).rsplit(os.sep, 3)[0]
    subprocess.run([sys.executable, "-c", script, root, str(path)], check=False)
    assert libreoffice_lock_path(path).exists()
    lock = FileLock(path)
    assert lock.acquire()
    lock.release()


def test_live_lock_from_another_ramdesk_here_is_not_stale(tmp_path):
    path = tmp_path / "plan.xlsx"
    host = socket.gethostname()
    libreoffice_lock_path(path).write_text(f"me,me,{host},21.11.2026 14:05,ramdesk:pid=1;")
    assert not clear_stale(path)  # pid 1 is alive
    assert len(others(path)) == 1


def test_lock_from_another_machine_is_never_cleared(tmp_path):
    path = tmp_path / "plan.xlsx"
    libreoffice_lock_path(path).write_text(
        f"me,me,not-{socket.gethostname()},21.11.2026 14:05,ramdesk:pid={_dead_pid()};"
    )
    assert not clear_stale(path)
    assert len(others(path)) == 1


def test_unwritable_folder_means_no_lock_not_an_error(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    assert not FileLock(tmp_path / "plan.xlsx").acquire()


def test_move_lock_after_save_as(tmp_path):
    lock = FileLock(tmp_path / "a.xlsx")
    lock.acquire()
    assert lock.move_to(tmp_path / "b.xlsx")
    assert not libreoffice_lock_path(tmp_path / "a.xlsx").exists()
    assert read_libreoffice_lock(libreoffice_lock_path(tmp_path / "b.xlsx")).is_mine
    lock.release()
    assert not libreoffice_lock_path(tmp_path / "b.xlsx").exists()
