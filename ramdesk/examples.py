"""The built-in example: the matrix a newcomer sees first, and `ramdesk example` writes out."""

from __future__ import annotations

import json
from pathlib import Path

from ramdesk.model import Matrix

from .resources import resource_path

#: The example's name as typed on the command line in place of a file.
EXAMPLE_NAME = "example"


def example_path() -> Path:
    """Where the built-in example is stored (ramdesk's matrix data, JSON)."""
    return resource_path("examples", "programme.json")


def example_matrix() -> Matrix:
    """A fresh copy of the built-in example: an infrastructure programme, with a few conflicts."""
    from ramdesk.model.serialize import from_data

    with open(example_path(), encoding="utf-8") as f:
        return from_data(json.load(f))
