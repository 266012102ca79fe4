"""Workouts on the watch: one Garmin FIT workout file per strength session.

Written with Garmin's own FIT SDK for Python (``garmin-fit-sdk``, the ``watch`` extra),
imported only here and only when a FIT file is asked for. Each file is a FIT *workout*
(file type 5): a ``file_id``, a ``workout`` (sport training, sub-sport strength training;
the session's title, effort and note as its description) and its steps, in the order and
for the time the session's text gives them:

- a warm-up step (intensity ``warmup``, the workout's warm-up minutes);
- per exercise, a set-up step (intensity ``rest``, the change-over the plan's time line counts
  to get to the exercise: it also lets a timed hold start with the runner in place), then its
  sets: a set, a rest step (the plan's rest between sets), again, ..., and the last set with
  no rest after it (the next set-up follows). Three sets are one set and its rest under a
  repeat step (``repeat_until_steps_cmplt``, twice in all), then the last set; FIT has no
  "skip the last rest" flag, so the last set is written out;
- a set is an active step (``reps`` or ``time``; the exercise's FIT category and name where
  the profile has them, see ``data/fit_exercises.toml``; the load in its notes);
- an ``exercise_title`` per named exercise, so the watch shows legday's name for it.

One side at a time (``each_side``): the FIT profile has no "each side". A watch counts every
rep it sees and a reps step ends when the runner presses the button, so a one-sided rep set
is one step of both sides' reps (``10 each side`` is 20 reps, and the step's name says ``10
each side``). A timed step ends by itself, so a one-sided hold is two timed steps (one per
side) with the plan's side switch between them as a short rest: the watch's beep says when
to switch. Either way the watch records what was done, and the steps' times add up to the
session's time line.

The bytes depend on the plan alone: ``time_created`` is the plan's own stamp and the serial
number comes from the session's UID (which a moved session keeps, so a watch that syncs by
type, manufacturer, product and serial number replaces the old file).
"""

from __future__ import annotations

import functools
import hashlib
import re
import tomllib
from pathlib import Path
from typing import Any

from optimizer.domain import InputError
from optimizer.render.view import ExerciseView, PlanView, SessionView, WorkoutView

DATA_FILE = Path(__file__).parent / "data" / "fit_exercises.toml"
FIT_NAME = re.compile(r"^legday-\d{4}-\d{2}-\d{2}-\d{4}\.fit$")
NEEDS_SDK = "FIT files need Garmin's FIT SDK: pip install 'legday[watch]'"

# Global message numbers of the FIT profile (fixed by the protocol).
FILE_ID, WORKOUT, WORKOUT_STEP, EXERCISE_TITLE = 0, 26, 27, 264
# Bytes of text kept (UTF-8; a FIT string field holds at most 254). A step name has room for
# every library name with its side suffix (a test checks); watches cut them shorter anyway.
MAX_NAME, MAX_NOTES, MAX_DESCRIPTION = 48, 100, 200


def available() -> bool:
    """Whether Garmin's FIT SDK is installed (the ``watch`` extra)."""
    try:
        import garmin_fit_sdk  # noqa: F401
    except ImportError:
        return False
    return True


def require_sdk() -> None:
    """Raise InputError (one line: how to install it) unless the FIT SDK is installed."""
    if not available():
        raise InputError(NEEDS_SDK)


@functools.cache
def exercise_map() -> dict[str, tuple[str, str | None]]:
    """legday exercise key -> (FIT exercise category, FIT exercise name or None)."""
    data = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))
    return {k: (v["category"], v.get("name")) for k, v in data.items()}


def fit_codes(key: str) -> tuple[int | None, int | None]:
    """The FIT profile's (exercise_category, exercise_name) numbers of an exercise.

    (None, None) for an exercise the map does not know; (category, None) for one that has
    a category but no name of its own.

    Raises:
        ValueError: the map names a category or exercise the profile does not have.
    """
    from garmin_fit_sdk import Profile

    found = exercise_map().get(key)
    if found is None:
        return None, None
    category, name = found
    types = Profile["types"]
    cat = _number(types["exercise_category"], category)
    if cat is None:
        raise ValueError(f"{key}: FIT has no exercise category {category!r}")
    if name is None:
        return cat, None
    number = _number(types.get(f"{category}_exercise_name", {}), name)
    if number is None:
        raise ValueError(f"{key}: FIT has no {category} exercise {name!r}")
    return cat, number


def _number(table: dict[int, str], value: str) -> int | None:
    for number, text in table.items():
        if text == value:
            return number
    return None


def serial_number(uid: str) -> int:
    """A non-zero 32-bit number from the session's UID (0 means "invalid" in FIT)."""
    return int.from_bytes(hashlib.sha256(uid.encode("utf-8")).digest()[:4], "big") or 1


def cut(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` bytes of UTF-8, never inside a character."""
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore")


def workout_name(session: SessionView) -> str:
    focus = session.workout.focus if session.workout else "strength"
    return cut(f"{session.start:%a %d %b}: {focus}", MAX_NAME)


def workout_description(session: SessionView) -> str:
    """The session's title, then the effort every set asks for and the day's note."""
    wo = session.workout
    parts = [session.summary, wo.effort, wo.note] if wo else [session.summary]
    return cut(" ".join(p for p in parts if p), MAX_DESCRIPTION)


def step_names(e: ExerciseView) -> tuple[str, ...]:
    """The active steps' names of one set: one step, or one per side for a one-sided hold."""
    if not e.each_side:
        return (cut(e.name, MAX_NAME),)
    if e.reps is not None:
        return (_named(e.name, f" ({e.reps} each side)"),)
    return (_named(e.name, " (one side)"), _named(e.name, " (other side)"))


def _named(name: str, suffix: str) -> str:
    return cut(name, MAX_NAME - len(suffix.encode("utf-8"))) + suffix


def session_fit(view: PlanView, session: SessionView) -> bytes:
    """The FIT workout file of one session (which must have a workout).

    Raises:
        InputError: the FIT SDK is not installed.
        ValueError: the session has no workout.
    """
    require_sdk()
    from garmin_fit_sdk import Encoder

    wo = session.workout
    if wo is None:
        raise ValueError(f"session {session.uid}: no workout to write")
    steps = workout_steps(wo)
    enc = Encoder()
    enc.write_mesg(
        {
            "mesg_num": FILE_ID,
            "type": "workout",
            "manufacturer": "development",
            "product": 0,
            "serial_number": serial_number(session.uid),
            "time_created": view.stamp,
        }
    )
    enc.write_mesg(
        {
            "mesg_num": WORKOUT,
            "sport": "training",
            "sub_sport": "strength_training",
            "num_valid_steps": len(steps),
            "wkt_name": workout_name(session),
            "wkt_description": workout_description(session) or None,
        }
    )
    for i, step in enumerate(steps):
        enc.write_mesg({"mesg_num": WORKOUT_STEP, "message_index": i, **step})
    for i, (cat, name, title) in enumerate(_titles(wo.exercises)):
        enc.write_mesg(
            {
                "mesg_num": EXERCISE_TITLE,
                "message_index": i,
                "exercise_category": cat,
                "exercise_name": name,
                "wkt_step_name": title,
            }
        )
    return bytes(enc.close())


def workout_steps(wo: WorkoutView) -> list[dict[str, Any]]:
    """The workout's steps as FIT ``workout_step`` fields (without ``message_index``)."""
    steps: list[dict[str, Any]] = []
    if wo.warmup_minutes:
        steps.append(
            {
                "wkt_step_name": "Warm-up",
                "duration_type": "time",
                "duration_value": wo.warmup_minutes * 60 * 1000,  # milliseconds
                "target_type": "open",
                "intensity": "warmup",
                "notes": cut(wo.warmup, MAX_NOTES) or None,
            }
        )
    for e in wo.exercises:
        steps += _exercise(e, first=len(steps))
    return steps


def _exercise(e: ExerciseView, first: int) -> list[dict[str, Any]]:
    """One exercise's steps; ``first`` is the index its first step gets in the workout."""
    out: list[dict[str, Any]] = []
    if e.setup_seconds:
        out.append(_rest(cut(f"Set up: {e.name}", MAX_NAME), e.setup_seconds))
    one_set = _set(e)
    between = [_rest("Rest", e.rest_seconds)] if e.rest_seconds else []
    if e.sets > 2:
        start = first + len(out)
        out += one_set + between
        out.append(
            {
                "duration_type": "repeat_until_steps_cmplt",
                "duration_value": start,  # the step to go back to
                "target_type": "open",
                "target_value": e.sets - 1,  # how many times in all
            }
        )
    elif e.sets == 2:
        out += one_set + between
    return out + one_set  # the last set: no rest after it


def _set(e: ExerciseView) -> list[dict[str, Any]]:
    """The steps of one set: one active step, or one per side with the switch between."""
    names = step_names(e)
    if len(names) == 1:
        reps = None if e.reps is None else e.reps * (2 if e.each_side else 1)
        return [_active(e, names[0], reps, e.seconds)]
    first, other = (_active(e, name, None, e.seconds) for name in names)
    switch = [_rest("Switch sides", e.switch_seconds)] if e.switch_seconds else []
    return [first, *switch, other]


def _active(e: ExerciseView, name: str, reps: int | None, seconds: int | None) -> dict[str, Any]:
    cat, number = fit_codes(e.key)
    step: dict[str, Any] = {"wkt_step_name": name}
    if reps is not None:
        step.update(duration_type="reps", duration_value=reps)
    else:
        step.update(duration_type="time", duration_value=(seconds or 0) * 1000)
    step.update(target_type="open", intensity="active", notes=cut(e.load, MAX_NOTES) or None)
    if cat is not None:
        step["exercise_category"] = cat
    if number is not None:
        step["exercise_name"] = number
    return step


def _rest(name: str, seconds: int) -> dict[str, Any]:
    return {
        "wkt_step_name": name,
        "duration_type": "time",
        "duration_value": seconds * 1000,
        "target_type": "open",
        "intensity": "rest",
    }


def _titles(exercises: tuple[ExerciseView, ...]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for e in exercises:
        cat, name = fit_codes(e.key)
        if cat is not None and name is not None and all(t[:2] != (cat, name) for t in out):
            out.append((cat, name, cut(e.name, MAX_NAME)))
    return out


def fit_files(view: PlanView) -> dict[str, bytes]:
    """Every session's FIT file by name (sessions without a workout have none)."""
    require_sdk()
    return {s.fit_name: session_fit(view, s) for s in view.sessions if s.fit_name}


def write_fit_dir(view: PlanView, directory: str | Path) -> tuple[list[Path], list[Path]]:
    """Write the plan's FIT files into ``directory`` (atomically, each) and remove the files
    of sessions no longer planned (``legday-YYYY-MM-DD-HHMM.fit``; nothing else is touched).

    Returns:
        The files written and the files removed.
    """
    from optimizer.calendar.export import write_atomic

    files = fit_files(view)
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in sorted(files.items()):
        write_atomic(folder / name, data)
        written.append(folder / name)
    removed = []
    for old in sorted(folder.iterdir()):
        if FIT_NAME.match(old.name) and old.name not in files and old.is_file():
            old.unlink()
            removed.append(old)
    return written, removed
