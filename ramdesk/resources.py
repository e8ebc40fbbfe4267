"""Finding `resources/` (icons, examples, templates) from a checkout, a wheel or a frozen app."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


class ResourcesMissing(FileNotFoundError):
    """No `resources/` folder where ramdesk looks for one (a broken installation)."""


def candidate_roots(package_dir: Path = _HERE, frozen_root: str | Path | None = None) -> list[Path]:
    """Where `resources/` may be, most specific first.

    A frozen (PyInstaller) app unpacks next to `sys._MEIPASS`; a wheel carries the folder inside
    the package (`ramdesk/resources/`, see the force-include in pyproject); a checkout has it beside
    the package at the repository root.
    """
    if frozen_root is None and getattr(sys, "frozen", False):
        frozen_root = getattr(sys, "_MEIPASS", None)
    roots: list[Path] = []
    if frozen_root:
        base = Path(frozen_root)
        roots += [base / "resources", base / "ramdesk" / "resources"]
    roots += [package_dir / "resources", package_dir.parent / "resources"]
    return roots


@cache
def resource_root() -> Path:
    """The `resources/` folder this ramdesk runs with."""
    roots = candidate_roots()
    for root in roots:
        if root.is_dir():
            return root
    tried = ", ".join(str(r) for r in roots)
    raise ResourcesMissing(f"ramdesk's resources folder is missing (looked in {tried})")


def resource_path(*parts: str) -> Path:
    """The path of a file or folder under `resources/` ("examples", "programme.json")."""
    return resource_root().joinpath(*parts)
