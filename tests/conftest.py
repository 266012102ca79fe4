"""Shared fixtures: the sample calendars, planned once per test session (they are the slow part)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_calendars"

# Each sample plan: (runs calendar, busy calendars, plan options as keywords).
SAMPLE_PLANS: dict[str, tuple[str, tuple[str, ...], dict]] = {
    "marathon_google": ("marathon_google.ics", (), {}),
    "marathon_google+work": ("marathon_google.ics", ("work_office_hours.ics",), {}),
    "half_allday_trainingapp": ("half_allday_trainingapp.ics", (), {}),
    "10k_outlook": ("10k_outlook.ics", (), {}),
    "beginner_5k": ("beginner_5k.ics", (), {"level": "beginner"}),
    "beginner_5k+intermediate": ("beginner_5k.ics", (), {}),
}


def sample_options(**values):
    """PlanOptions from option names, parsed as the command line parses them."""
    from optimizer.config import PlanOptions, options_from_mapping

    return PlanOptions(**options_from_mapping(values, "test"))


@pytest.fixture(scope="session")
def planned():
    """``planned(key)``: the pipeline's Outcome for one of SAMPLE_PLANS, solved once."""
    from optimizer import pipeline

    cache: dict = {}

    def get(key: str):
        if key not in cache:
            runs, busy, values = SAMPLE_PLANS[key]
            opts = sample_options(**values)
            loaded = pipeline.load([SAMPLES / runs], [SAMPLES / b for b in busy], opts)
            cache[key] = pipeline.plan(loaded, opts)
        return cache[key]

    return get
