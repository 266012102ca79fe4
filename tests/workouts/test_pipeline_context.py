"""The pipeline tells the workout stage about each session's day: the run before it."""

from __future__ import annotations

from pathlib import Path

from optimizer import pipeline
from optimizer.config import PlanOptions
from optimizer.grid import build_grid

SAMPLE = Path(__file__).resolve().parents[2] / "sample_calendars" / "marathon_google.ics"


def test_each_session_knows_the_days_toughest_run() -> None:
    opts = PlanOptions()
    loaded = pipeline.load([SAMPLE], [], opts)
    out = pipeline.plan(loaded, opts)
    grid = build_grid(loaded.problem)
    seen = set()
    for c in out.contexts:
        kinds = {k.value for k in grid.days[grid.day_index(c.day)].kinds}
        order = ("race", "long", "hard", "easy")
        assert c.run_today == next((k for k in order if k in kinds), None), c.day
        seen.add(c.run_today)
    assert "hard" in seen and None in seen  # sessions after hard runs and on days off
    hard = next(w for c, w in zip(out.contexts, out.workouts, strict=True) if c.run_today == "hard")
    assert "After today's hard run" in hard.description()
