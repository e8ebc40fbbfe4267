"""resource_path finds resources/ from a checkout, an installed wheel and a frozen app."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import ramdesk.resources
from ramdesk.resources import ResourcesMissing, candidate_roots, resource_path, resource_root

REPO = Path(__file__).resolve().parents[1]
MODULE = REPO / "ramdesk" / "resources.py"

PROBE = """
import sys
{setup}
from ramdesk.resources import resource_path
print(resource_path("examples", "marker.txt").read_text())
"""


def _package(site: Path) -> Path:
    """A minimal `ramdesk` package holding only the resource locator."""
    pkg = site / "ramdesk"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    shutil.copy(MODULE, pkg / "resources.py")
    return pkg


def _marker(root: Path, text: str) -> None:
    (root / "examples").mkdir(parents=True)
    (root / "examples" / "marker.txt").write_text(text)


def _probe(site: Path, setup: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(site)
    return subprocess.run(
        [sys.executable, "-S", "-c", PROBE.format(setup=setup)],  # -S: not the installed one
        capture_output=True,
        text=True,
        env=env,
        cwd=site,
        timeout=60,
    )


def test_checkout_finds_the_repository_resources() -> None:
    assert resource_root() == REPO / "resources"
    assert resource_path("examples", "programme.json").is_file()


def test_installed_wheel_layout(tmp_path: Path) -> None:
    # The wheel maps resources/ to ramdesk/resources/, beside the resources.py module.
    pkg = _package(tmp_path / "site-packages")
    _marker(pkg / "resources", "from the wheel")
    done = _probe(tmp_path / "site-packages")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "from the wheel"


def test_checkout_layout_in_another_place(tmp_path: Path) -> None:
    _package(tmp_path / "repo")
    _marker(tmp_path / "repo" / "resources", "from the checkout")
    done = _probe(tmp_path / "repo")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "from the checkout"


def test_frozen_app_layout(tmp_path: Path) -> None:
    # PyInstaller unpacks data next to sys._MEIPASS; the package there carries no resources.
    bundle = tmp_path / "bundle"
    _package(bundle)
    _marker(bundle / "resources", "from the bundle")
    setup = f"sys.frozen = True\nsys._MEIPASS = {str(bundle)!r}"
    done = _probe(bundle, setup)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "from the bundle"


def test_frozen_app_wins_over_a_stray_checkout(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    roots = candidate_roots(package_dir=REPO / "ramdesk", frozen_root=bundle)
    assert roots[0] == bundle / "resources"
    assert roots[-1] == REPO / "resources"


def test_missing_resources_say_where_they_were_looked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        ramdesk.resources,
        "candidate_roots",
        lambda: [tmp_path / "nowhere" / "resources"],
    )
    resource_root.cache_clear()
    try:
        with pytest.raises(ResourcesMissing, match="resources folder is missing"):
            resource_path("examples")
    finally:
        resource_root.cache_clear()
