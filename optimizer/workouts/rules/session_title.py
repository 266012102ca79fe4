"""Hard: a session's title names only what the session holds ("single-leg" only with
single-leg work, "jumps" only with jumps, "calves" only with calf work)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from optimizer.domain import Violation
from optimizer.workouts.library import Exercise
from optimizer.workouts.rules.base import WorkoutRule

if TYPE_CHECKING:
    from optimizer.workouts.checks import PlanView

#: The leg patterns a title names, in its words.
LEG_WORDS = {
    "squat": "squat",
    "hinge": "hinge",
    "lunge": "lunge",
    "single_leg": "single-leg",
    "bridge": "bridge",
    "hamstring": "hamstrings",
    "lateral": "lateral",
}
MOST_LEG_WORDS = 3


def _has_pattern(*patterns: str) -> Callable[[Sequence[Exercise]], bool]:
    return lambda exs: any(e.pattern in patterns for e in exs)


#: Every word a title may use, and what the session must hold to use it.
CLAIMS: dict[str, Callable[[Sequence[Exercise]], bool]] = {
    "jumps": lambda exs: any(e.plyometric for e in exs),
    "power": lambda exs: any(e.plyometric for e in exs),
    "legs": lambda exs: any(e.main_legs for e in exs),
    "calves": lambda exs: any(e.calves for e in exs),
    "back": lambda exs: any("back" in e.muscles for e in exs),
    "core": lambda exs: any(e.core for e in exs),
    "posterior chain": _has_pattern("hinge", "bridge", "hamstring"),
    **{word: _has_pattern(pattern) for pattern, word in LEG_WORDS.items()},
}


def focus_of(ordered: Sequence[Exercise]) -> str:
    """What a session holds, for its title.

    E.g. ``"jumps, legs (squat, single-leg), calves & core"``: jumps if any, up to three of
    the leg movements in the order they are done, then calves, back and core if present.
    """
    parts = []
    if CLAIMS["jumps"](ordered):
        parts.append("jumps")
    words: list[str] = []
    for e in ordered:
        word = LEG_WORDS.get(e.pattern)
        if word and word not in words:
            words.append(word)
    if words:
        parts.append(f"legs ({', '.join(words[:MOST_LEG_WORDS])})")
    parts += [w for w in ("calves", "back", "core") if CLAIMS[w](ordered)]
    if not parts:
        return "strength"
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} & {parts[-1]}"


def claims(focus: str) -> list[str]:
    """The words of a title that say what is in the session."""
    for mark in "()&":
        focus = focus.replace(mark, ",")
    return [w for w in (part.strip().lower() for part in focus.split(",")) if w in CLAIMS]


class SessionTitle(WorkoutRule):
    key = "session_title"
    words = "a session's title names only what the session holds"

    def check(self, plan: PlanView) -> list[Violation]:
        out = []
        for i, (ctx, w) in enumerate(zip(plan.contexts, plan.workouts, strict=True)):
            false = [word for word in claims(w.focus) if not CLAIMS[word](plan.known[i])]
            if false:
                out.append(
                    Violation(
                        self.key,
                        ctx.day,
                        f"the title says {', '.join(repr(x) for x in false)} but the session "
                        "has none of it",
                    )
                )
        return out
