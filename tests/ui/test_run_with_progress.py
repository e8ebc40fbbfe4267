"""Slow work in a worker thread: its result or its error comes back, and no garbage collection
runs in the worker (it could destroy the window thread's Qt objects there)."""

from __future__ import annotations

import gc
import threading
import time

import pytest
from PySide6.QtWidgets import QWidget

from ramdesk.ui.window_files import _collect_again_after, run_with_progress


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.mark.parametrize("seconds", [0.0, 0.3])  # done at once, and long enough for the dialog
def test_the_result_comes_back_and_collection_is_off_only_meanwhile(parent, seconds):
    seen = {}

    def work():
        time.sleep(seconds)
        seen["collecting"] = gc.isenabled()
        return 42

    assert gc.isenabled()
    assert run_with_progress(parent, "Working…", work) == 42
    assert seen["collecting"] is False
    assert gc.isenabled()


def test_an_error_in_the_work_is_raised_to_the_caller(parent):
    def work():
        raise ValueError("the file is damaged")

    with pytest.raises(ValueError, match="damaged"):
        run_with_progress(parent, "Working…", work)
    assert gc.isenabled()


def test_collection_resumes_only_once_a_cancelled_worker_has_ended(qtbot):
    release = threading.Event()
    worker = threading.Thread(target=release.wait, daemon=True)
    worker.start()
    gc.disable()
    try:
        _collect_again_after(worker)
        qtbot.wait(300)
        assert not gc.isenabled()  # the worker still runs
        release.set()
        qtbot.waitUntil(gc.isenabled, timeout=2000)
    finally:
        release.set()
        gc.enable()
