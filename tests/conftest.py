"""Shared test set-up: headless Qt, and hypothesis settings that suit a shared machine."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Widgets are tested without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Matrices are built inside examples, so some take longer than hypothesis' default deadline;
# "ci" (HYPOTHESIS_PROFILE=ci) runs more examples.
# Under CI (CI=true) the examples are the same on every run, so a submission lands or not on its
# own merits; on a developer's machine they vary, to keep finding new cases.
settings.register_profile(
    "default",
    deadline=None,
    derandomize=os.environ.get("CI", "").lower() in ("1", "true", "yes"),
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "ci",
    deadline=None,
    max_examples=300,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
