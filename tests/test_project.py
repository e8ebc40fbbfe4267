"""The project's own rules: lint and format clean, the pure core free of Qt, nothing of the machine."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)


def tool(name: str) -> str:
    """A console script of the interpreter running the tests (the venv's), else one on PATH."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed; install the test extras: pip install -e '.[test]'")
    return found


def test_ruff_finds_nothing() -> None:
    result = run(sys.executable, "-m", "ruff", "check", "ramdesk", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_formatted() -> None:
    result = run(sys.executable, "-m", "ruff", "format", "--check", "ramdesk", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contracts_hold() -> None:
    result = run(tool("lint-imports"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "KEPT" in result.stdout  # the contracts were read and checked, not skipped


def loaded_after(statement: str) -> set[str]:
    """Top-level packages loaded by a fresh interpreter after running statement."""
    code = f"{statement}\nimport json, sys\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    result = run(sys.executable, "-c", code)
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("package", ["ramdesk.model", "ramdesk.rules", "ramdesk.io", "ramdesk.cli"])
def test_the_core_and_the_command_line_load_no_qt(package: str) -> None:
    loaded = loaded_after(f"import {package}")
    assert "ramdesk" in loaded
    assert not loaded & {"PySide6", "shiboken6"}, f"importing {package} loads Qt"


def test_the_core_runs_without_qt() -> None:
    """Build, edit and check a matrix with Qt unimportable: the core must not need it."""
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6'):\n"
        "            raise ImportError('Qt is blocked in this test')\n"
        "sys.meta_path.insert(0, Block())\n"
        "from ramdesk.model import Matrix\n"
        "m = Matrix()\n"
        "d, r = m.add_deliverable('Plan'), m.add_role('PM')\n"
        "m.set_code(d, r, 'A')\n"
        "print(len(m.problems()))\n"
    )
    result = run(sys.executable, "-c", code)
    assert result.returncode == 0, result.stderr


def test_import_ramdesk_alone_stays_light() -> None:
    """Scripts and the command line pay for heavy libraries only when they use them."""
    loaded = loaded_after("import ramdesk")
    assert not loaded & {"PySide6", "shiboken6", "networkx", "openpyxl", "xlsxwriter"}


def test_no_file_names_the_machine_it_was_written_on() -> None:
    """Committed files speak of the project only: no absolute path of this checkout."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    listed = run("git", "ls-files", "-z")
    if listed.returncode != 0:
        pytest.skip("git cannot list the files here")
    needles = [str(ROOT), str(ROOT.parent / "shared")]
    offenders = []
    for name in filter(None, listed.stdout.split("\0")):
        path = ROOT / name
        if not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if any(needle in text for needle in needles):
            offenders.append(name)
    assert not offenders, f"absolute machine paths in {offenders}"
