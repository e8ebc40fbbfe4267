"""PySide6 6.12.0 on Python 3.11 aborts after a few hundred Signal.emit() calls; we must not."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from PySide6.QtCore import QObject, Signal


class Ticker(QObject):
    ticked = Signal()
    moved = Signal(int, bool)


def test_ten_thousand_emits_in_this_process(qtbot) -> None:
    ticker = Ticker()
    heard: list[tuple] = []
    ticker.ticked.connect(lambda: heard.append(()))
    ticker.moved.connect(lambda n, flag: heard.append((n, flag)))
    for i in range(10_000):
        ticker.ticked.emit()
        ticker.moved.emit(i, i % 2 == 0)
    with qtbot.waitSignal(ticker.ticked, timeout=1000):
        ticker.ticked.emit()
    assert len(heard) == 20_001
    assert heard[-2] == (9_999, False)


def test_ten_thousand_emits_in_a_fresh_process() -> None:
    """The crash kills the interpreter; a child process shows it as an exit code, not a hang."""
    code = textwrap.dedent(
        """
        from PySide6.QtCore import QCoreApplication, QObject, Signal

        class Ticker(QObject):
            ticked = Signal()

        app = QCoreApplication([])
        ticker = Ticker()
        count = [0]
        ticker.ticked.connect(lambda: count.__setitem__(0, count[0] + 1))
        for _ in range(10_000):
            ticker.ticked.emit()
        print(count[0])
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "10000"
