"""Workouts on the watch: one Garmin FIT workout file per strength session.

Written with Garmin's own FIT SDK for Python (``garmin-fit-sdk``, the ``watch`` extra),
imported only here and only when a FIT file is asked for. Each file is a FIT *workout*
(file type 5): a ``file_id``, a ``workout`` (sport training, sub-sport strength training)
and its steps:

- a warm-up step (intensity ``warmup``, the warm-up's minutes);
- per exercise, an active step (``reps`` or ``time``; the exercise's FIT category and name
  where the profile has them, see ``data/fit_exercises.toml``; the load in its notes), a rest
  step (``time``, intensity ``rest``) and, for more than one set, a repeat step
  (``repeat_until_steps_cmplt`` back to the active step, ``sets`` times in all);
- an ``exercise_title`` per named exercise, so the watch shows legday's name for it.

One-side exercises keep the plan's dose (reps or seconds *each side*) and say so in the step
name. The bytes depend on the plan alone: ``time_created`` is the plan's own stamp and the
serial number comes from the session's UID (which a moved session keeps, so a watch that
syncs by type, manufacturer, product and serial number replaces the old file).
"""

from __future__ import annotations

import functools
import hashlib
import re
import tomllib
from pathlib import Path
from typing import Any

from optimizer.domain import InputError
from optimizer.render.view import ExerciseView, PlanView, SessionView

DATA_FILE = Path(__file__).parent / "data" / "fit_exercises.toml"
FIT_NAME = re.compile(r"^legday-\d{4}-\d{2}-\d{2}-\d{4}\.fit$")
NEEDS_SDK = "FIT files need Garmin's FIT SDK: pip install 'legday[watch]'"

# Global message numbers of the FIT profile (fixed by the protocol).
FILE_ID, WORKOUT, WORKOUT_STEP, EXERCISE_TITLE = 0, 26, 27, 264
MAX_NAME = 40  # characters of a workout or step name kept (watches cut them shorter anyway)


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


def workout_name(session: SessionView) -> str:
    focus = session.workout.focus if session.workout else "strength"
    return f"{session.start:%a %d %b}: {focus}"[:MAX_NAME]


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
    steps = _steps(session)
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
            "wkt_description": session.summary[:200] or None,
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


def _steps(session: SessionView) -> list[dict[str, Any]]:
    wo = session.workout
    assert wo is not None
    steps: list[dict[str, Any]] = []
    if wo.warmup_minutes:
        steps.append(
            {
                "wkt_step_name": "Warm-up",
                "duration_type": "time",
                "duration_value": wo.warmup_minutes * 60 * 1000,  # milliseconds
                "target_type": "open",
                "intensity": "warmup",
                "notes": wo.warmup.removeprefix("Warm-up: ")[:100] or None,
            }
        )
    for e in wo.exercises:
        first = len(steps)
        steps.append(_active(e))
        if e.rest_seconds:
            steps.append(
                {
                    "wkt_step_name": "Rest",
                    "duration_type": "time",
                    "duration_value": e.rest_seconds * 1000,
                    "target_type": "open",
                    "intensity": "rest",
                }
            )
        if e.sets > 1:
            steps.append(
                {
                    "duration_type": "repeat_until_steps_cmplt",
                    "duration_value": first,  # the step to go back to
                    "target_type": "open",
                    "target_value": e.sets,  # how many times in all
                }
            )
    return steps


def _active(e: ExerciseView) -> dict[str, Any]:
    cat, name = fit_codes(e.key)
    step: dict[str, Any] = {
        "wkt_step_name": (e.name + (" (each side)" if e.each_side else ""))[:MAX_NAME],
    }
    if e.reps is not None:
        step.update(duration_type="reps", duration_value=e.reps)
    else:
        step.update(duration_type="time", duration_value=(e.seconds or 0) * 1000)
    step.update(target_type="open", intensity="active", notes=e.load[:100] or None)
    if cat is not None:
        step["exercise_category"] = cat
    if name is not None:
        step["exercise_name"] = name
    return step


def _titles(exercises: tuple[ExerciseView, ...]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for e in exercises:
        cat, name = fit_codes(e.key)
        if cat is not None and name is not None and all(t[:2] != (cat, name) for t in out):
            out.append((cat, name, e.name[:MAX_NAME]))
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
