"""Hard: every week works the posterior chain: glutes and hamstrings."""

from __future__ import annotations

from optimizer.workouts.rules.base import WeeklyCover


class PosteriorChain(WeeklyCover):
    key = "posterior_chain"
    words = "every week works the glutes and the hamstrings"
    needs = (
        ("glutes exercise", lambda e: "glutes" in e.muscles),
        ("hamstrings exercise", lambda e: "hamstrings" in e.muscles),
    )
    early = 30
