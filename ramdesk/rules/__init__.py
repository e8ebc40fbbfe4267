"""The pure checks: turn a Matrix into Problems, fully or only where an edit touched it."""

from __future__ import annotations

from .checker import Checker, Health, Refreshed
from .checks import DEFAULT_THRESHOLDS, RULES, Context, looks_open, overload_limit, person_load
from .messages import advice, message
from .problem import SEVERITY_RANK, Problem, problem

__all__ = [
    "DEFAULT_THRESHOLDS",
    "RULES",
    "SEVERITY_RANK",
    "Checker",
    "Context",
    "Health",
    "Problem",
    "Refreshed",
    "advice",
    "looks_open",
    "message",
    "overload_limit",
    "person_load",
    "problem",
]
