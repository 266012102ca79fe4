"""Plan options: parsed from the command line and from ``legday.toml``, checked in one place.

A config file has a ``[plan]`` table with the same names as ``legday plan``'s flags
(``sessions = "2-3"``, ``level``, ``tz``, ``window``, ``minutes``, ``prefer``...), an
optional ``[keywords]`` table that overrides how runs are classified, and an optional
``[weights]`` table for the soft goals. Flags given on the command line win.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from optimizer.domain import DEFAULT_WEIGHTS, MAX_WEEKS, InputError, Level, Prefer, Rules

PROGRAMS = ("mixed", "endurance", "functional", "plyometric")
EQUIPMENT = ("gym", "home", "none")


@dataclass(frozen=True)
class PlanOptions:
    """Everything a user can set for one plan."""

    start: dt.date | None = None
    weeks: int | None = None
    sessions: tuple[int, int] = (2, 3)
    level: Level = Level.INTERMEDIATE
    tz: str | None = None
    window: tuple[dt.time, dt.time] = (dt.time(6, 0), dt.time(21, 0))
    minutes: int = 30
    prefer: Prefer | None = None
    min_gap_days: int = 2
    no_strength_after_long_run: bool = True
    race_before_days: int = 7
    race_after_days: int = 2
    tune_up_before_days: int = 3
    tune_up_after_days: int = 1
    # Races the runner names (a word of the title or a date YYYY-MM-DD): the goal race(s),
    # tune-up races, and events that are no race at all (read as hard runs).
    goal_races: tuple[str, ...] = ()
    tune_up_races: tuple[str, ...] = ()
    not_races: tuple[str, ...] = ()
    run_time: tuple[tuple[int | None, dt.time], ...] = ()  # (weekday or None: every day, time)
    gap_after_run: int = 30
    program: str = "mixed"
    equipment: str = "gym"
    name: str | None = None
    best_effort: bool = False
    busy_titles: bool = False  # name busy events in session texts (else only their times)
    disabled: frozenset[str] = frozenset()
    keywords: Mapping[str, Any] = field(default_factory=dict)
    weights: Mapping[str, int] = field(default_factory=dict)

    def rules(self) -> Rules:
        weights = dict(DEFAULT_WEIGHTS)
        weights.update(self.weights)
        return Rules(
            sessions_min=self.sessions[0],
            sessions_max=self.sessions[1],
            min_gap_days=self.min_gap_days,
            no_strength_after_long_run=self.no_strength_after_long_run,
            level=self.level,
            race_before_days=self.race_before_days,
            race_after_days=self.race_after_days,
            tune_up_before_days=self.tune_up_before_days,
            tune_up_after_days=self.tune_up_after_days,
            all_day_run_start=self.default_run_time,
            run_times=tuple((k, t) for k, t in self.run_time if k is not None),
            gap_after_run=self.gap_after_run,
            window_start=self.window[0],
            window_end=self.window[1],
            minutes=self.minutes,
            prefer=self.prefer,
            disabled=self.disabled,
            weights=tuple(sorted(weights.items())),
        )

    @property
    def default_run_time(self) -> dt.time:
        """The run time for every weekday not named (07:00 unless told)."""
        return next((t for k, t in self.run_time if k is None), dt.time(7, 0))


# Option name -> parser from a string or TOML value. The CLI and the config share them.
def parse_sessions(value: Any) -> tuple[int, int]:
    text = str(value).strip()
    m = re.fullmatch(r"(\d+)\s*(?:-\s*(\d+))?", text)
    if not m:
        raise ValueError(f"sessions must look like MIN-MAX (e.g. 2-3), got {text!r}")
    lo = int(m.group(1))
    hi = int(m.group(2)) if m.group(2) else lo
    if not 0 <= lo <= hi <= 7:
        raise ValueError(f"sessions must be MIN-MAX with 0 <= MIN <= MAX <= 7, got {text!r}")
    return lo, hi


def parse_window(value: Any) -> tuple[dt.time, dt.time]:
    text = str(value).strip()
    m = re.fullmatch(r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})", text)
    if not m:
        raise ValueError(f"window must look like HH:MM-HH:MM (e.g. 06:00-21:00), got {text!r}")
    h1, m1, h2, m2 = map(int, m.groups())
    if h2 == 24 and m2 == 0:
        h2, m2 = 23, 59
    if not (0 <= h1 < 24 and 0 <= h2 < 24 and m1 < 60 and m2 < 60):
        raise ValueError(f"window has an impossible time: {text!r}")
    start, end = dt.time(h1, m1), dt.time(h2, m2)
    if end <= start:
        raise ValueError(f"window must end after it starts, got {text!r}")
    return start, end


_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_run_time(value: Any) -> tuple[tuple[int | None, dt.time], ...]:
    """``18:00`` (every day) or ``Mon=18:00,Sat=08:00`` (by weekday), or both mixed."""
    out: dict[int | None, dt.time] = {}
    for part in str(value).replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        day, _, time = part.rpartition("=")
        m = re.fullmatch(r"(\d{1,2})[:.h](\d{2})", time.strip())
        if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
            raise ValueError(f"run time must look like HH:MM or Mon=18:00,Sat=08:00, got {part!r}")
        key: int | None = None
        if day.strip():
            name = day.strip().lower()[:3]
            if name not in _WEEKDAYS:
                raise ValueError(f"unknown weekday {day.strip()!r} (use Mon, Tue, ... Sun)")
            key = _WEEKDAYS.index(name)
        out[key] = dt.time(int(m.group(1)), int(m.group(2)))
    if not out:
        raise ValueError("run time is empty")
    return tuple(sorted(out.items(), key=lambda kv: -1 if kv[0] is None else kv[0]))


def parse_minutes(value: Any) -> int:
    """A duration in minutes: ``30``, ``30m``, ``45 min``, ``1h``, ``1h30``."""
    text = str(value).strip().lower().replace(" ", "")
    m = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)(?:m|min|mins|minutes)?)?", text)
    if not text or not m or not (m.group(1) or m.group(2)):
        raise ValueError(f"a duration looks like 30m, 45 min or 1h30, got {value!r}")
    minutes = int(m.group(1) or 0) * 60 + int(m.group(2) or 0)
    if not 0 <= minutes <= 240:
        raise ValueError(f"a gap after the run is 0 to 240 minutes, got {value!r}")
    return minutes


def parse_marks(value: Any) -> tuple[str, ...]:
    """Races named by a word of their title or a date (YYYY-MM-DD): one, or a list."""
    items = value if isinstance(value, list | tuple) else str(value).split(",")
    out = []
    for item in items:
        text = str(item).strip()
        if not text:
            continue
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            parse_date(text)
        out.append(text)
    return tuple(out)


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"dates look like YYYY-MM-DD, got {value!r}") from None


def parse_tz(value: Any) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = str(value).strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r} (use an IANA name like Europe/Berlin)"
        ) from None
    return name


def _int_in(lo: int, hi: int, what: str):
    def parse(value: Any) -> int:
        try:
            n = int(value)
        except (TypeError, ValueError):
            raise ValueError(f"{what} must be a whole number, got {value!r}") from None
        if isinstance(value, bool) or not lo <= n <= hi:
            raise ValueError(f"{what} must be {lo} to {hi}, got {value!r}")
        return n

    return parse


def _choice(options: tuple[str, ...], what: str):
    def parse(value: Any) -> str:
        text = str(value).strip().lower()
        if text not in options:
            raise ValueError(f"{what} must be one of {', '.join(options)}, got {value!r}")
        return text

    return parse


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "on", "1"):
        return True
    if text in ("false", "no", "off", "0"):
        return False
    raise ValueError(f"expected true or false, got {value!r}")


PARSERS = {
    "start": parse_date,
    "weeks": _int_in(1, MAX_WEEKS, "weeks"),
    "sessions": parse_sessions,
    "level": lambda v: Level(_choice(tuple(Level), "level")(v)),
    "tz": parse_tz,
    "window": parse_window,
    "minutes": _int_in(10, 180, "minutes"),
    "prefer": lambda v: Prefer(_choice(tuple(Prefer), "prefer")(v)),
    "min_gap_days": _int_in(1, 7, "min_gap_days"),
    "no_strength_after_long_run": _bool,
    "race_before_days": _int_in(0, 28, "race_before_days"),
    "race_after_days": _int_in(0, 28, "race_after_days"),
    "tune_up_before_days": _int_in(0, 28, "tune_up_before_days"),
    "tune_up_after_days": _int_in(0, 28, "tune_up_after_days"),
    "goal_races": parse_marks,
    "tune_up_races": parse_marks,
    "not_races": parse_marks,
    "run_time": parse_run_time,
    "gap_after_run": parse_minutes,
    "program": _choice(PROGRAMS, "program"),
    "equipment": _choice(EQUIPMENT, "equipment"),
    "name": lambda v: str(v).strip()[:80] or "legday",
    "best_effort": _bool,
    "busy_titles": _bool,
}


def options_from_mapping(values: Mapping[str, Any], source: str) -> dict[str, Any]:
    """Parse plan options given by name (config keys may use - or _). Raises InputError."""
    out: dict[str, Any] = {}
    for raw_key, value in values.items():
        key = raw_key.replace("-", "_")
        if key not in PARSERS:
            known = ", ".join(sorted(PARSERS))
            raise InputError(f"{source}: unknown option {raw_key!r} (known: {known})")
        try:
            out[key] = PARSERS[key](value)
        except ValueError as exc:
            raise InputError(f"{source}: {raw_key}: {exc}") from None
    return out


def load_config(path: str | Path) -> tuple[dict[str, Any], dict[str, Any], dict[str, int]]:
    """Read ``legday.toml``: (plan options, keyword overrides, weights). Raises InputError."""
    import tomllib

    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such config file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read config: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML: {exc}") from None
    unknown = set(data) - {"plan", "keywords", "weights", "athlete", "poll_seconds", "server"}
    if unknown:
        raise InputError(f"{path}: unknown table(s) {', '.join(sorted(unknown))}")
    plan = options_from_mapping(data.get("plan", {}), str(path))
    keywords = data.get("keywords", {})
    if not isinstance(keywords, dict):
        raise InputError(f"{path}: [keywords] must be a table")
    weights = parse_weights(data.get("weights", {}), str(path))
    return plan, keywords, weights


def parse_weights(values: Any, source: str) -> dict[str, int]:
    if not isinstance(values, dict):
        raise InputError(f"{source}: [weights] must be a table")
    out = {}
    for key, value in values.items():
        if key not in DEFAULT_WEIGHTS:
            raise InputError(
                f"{source}: unknown weight {key!r} (known: {', '.join(sorted(DEFAULT_WEIGHTS))})"
            )
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10_000:
            raise InputError(f"{source}: weight {key} must be a whole number 0 to 10000")
        out[key] = value
    return out


def merge(base: PlanOptions, **changes: Any) -> PlanOptions:
    return replace(base, **{k: v for k, v in changes.items() if v is not None})
