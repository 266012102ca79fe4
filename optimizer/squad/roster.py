"""The roster: one row per athlete, read with pandas from CSV or Parquet, into jobs.

Columns are named after ``legday plan``'s options (``-`` or ``_``, any case): ``name`` and
``runs`` (required), ``busy``, ``level``, ``sessions``, ``tz``, ``start``, ``weeks``,
``window``, ``minutes``, ``prefer``, ``run_time``, ``gap_after_run``, ``program``,
``equipment``, ``goal_races``, ``tune_up_races``, ``not_races``, ``allow_after_long_run``,
``best_effort`` and the rest of :data:`optimizer.config.PARSERS`. Several calendars (or race
names) in one cell are separated by ``;``; a calendar is a path (relative to the roster) or an
http(s)/webcal URL. An empty cell, or a column the roster does not have, takes the value of
``legday.toml``'s ``[plan]``, else legday's default.

What is wrong with the roster as a whole (no such file, not a table, an unknown column, no
``name`` or ``runs`` column, two athletes with one name or one file name, an output that
would overwrite an input) is an :class:`~optimizer.domain.InputError`: nothing is planned.
What is wrong with one row (an option legday cannot read) is that athlete's problem only:
their job carries it and the others are planned.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from optimizer.domain import InputError
from optimizer.squad.job import Job

MARKS = ("goal_races", "tune_up_races", "not_races")  # lists of race names or dates
ATHLETE_COLUMNS = ("name", "runs", "busy", "allow_after_long_run")
MAX_NAME = 80
# Names Windows refuses as file names, whatever the extension.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10))}
_RESERVED |= {f"lpt{i}" for i in range(10)}


@dataclass(frozen=True)
class Roster:
    """A roster read and checked: its jobs, in roster order, and every calendar it names."""

    path: Path
    jobs: tuple[Job, ...]
    inputs: frozenset[Path]  # local calendars, resolved (never to be written over)


def known_columns() -> tuple[str, ...]:
    """Every column a roster may have."""
    from optimizer.config import PARSERS

    return ATHLETE_COLUMNS + tuple(sorted(k for k in PARSERS if k != "name"))


def read_roster(
    path: str | Path,
    *,
    defaults: Mapping[str, Any] | None = None,
    keywords: Mapping[str, Any] | None = None,
    weights: Mapping[str, int] | None = None,
) -> Roster:
    """Read a roster into one job per athlete.

    Args:
        path: a ``.csv`` or ``.parquet`` file.
        defaults: plan options from ``legday.toml`` (parsed), under every row.
        keywords: ``[keywords]`` of ``legday.toml``, for every athlete.
        weights: ``[weights]`` of ``legday.toml``, for every athlete.

    Raises:
        InputError: the roster as a whole cannot be used (one line, naming the file).
    """
    path = Path(path)
    table = _read_table(path)
    columns = _columns(path, table.columns)
    base = path.parent
    jobs: list[Job] = []
    inputs: set[Path] = set()
    for i, raw in enumerate(table.itertuples(index=False, name=None), 1):
        cells = {columns[k]: _cell(v) for k, v in enumerate(raw)}
        job, files = _job(path, i, cells, base, defaults or {}, keywords or {}, weights or {})
        jobs.append(job)
        inputs |= files
    if not jobs:
        raise InputError(f"{path}: no athletes (the roster has a header and no rows)")
    _refuse_duplicates(path, jobs)
    return Roster(path, tuple(jobs), frozenset(inputs))


def _read_table(path: Path) -> Any:
    import pandas as pd  # type: ignore[import-untyped]  # no hints in pandas; stubs not installed

    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a roster")
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        if head.startswith(b"PAR1") or path.suffix.lower() in (".parquet", ".pq"):
            return pd.read_parquet(path)
        return pd.read_csv(
            path,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            encoding="utf-8-sig",  # Excel's "CSV UTF-8" starts with a BOM
            sep=_separator(head),
            skipinitialspace=True,
        )
    except ImportError as exc:
        raise InputError(f"{path}: reading Parquet needs pyarrow ({exc})") from None
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{path}: not a CSV or Parquet roster ({first})") from None


def _separator(head: bytes) -> str:
    """``,`` unless the header line only has ``;`` (Excel's CSV in much of Europe)."""
    first = head.split(b"\n", 1)[0]
    return ";" if b";" in first and b"," not in first else ","


def _columns(path: Path, names: Sequence[Any]) -> list[str]:
    known = set(known_columns())
    out = []
    for raw in names:
        key = str(raw).strip().lower().replace("-", "_").replace(" ", "_")
        if key not in known:
            raise InputError(
                f"{path}: unknown column {str(raw)!r} (known: {', '.join(known_columns())})"
            )
        if key in out:
            raise InputError(f"{path}: column {key!r} appears twice")
        out.append(key)
    for required in ("name", "runs"):
        if required not in out:
            raise InputError(f"{path}: no {required!r} column (columns: {', '.join(out)})")
    return out


def _cell(value: Any) -> Any:
    """A cell as text, a number, a bool, a date or a list; None when empty.

    CSV cells are text; Parquet ones may be numbers (NaN for empty), numpy scalars, dates
    (pandas Timestamps) or lists (several calendars).
    """
    if value is None:
        return None
    if hasattr(value, "to_pydatetime"):  # a pandas Timestamp, or NaT
        return None if value != value else value.to_pydatetime().date()
    if hasattr(value, "tolist") and not isinstance(value, str | bytes):
        value = value.tolist()  # numpy scalars and arrays to Python
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() else value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, list | tuple):
        return [v for v in (_cell(x) for x in value) if v is not None] or None
    if isinstance(value, str):
        return value.strip() or None
    return value


def _job(
    roster: Path,
    row: int,
    cells: dict[str, Any],
    base: Path,
    defaults: Mapping[str, Any],
    keywords: Mapping[str, Any],
    weights: Mapping[str, int],
) -> tuple[Job, set[Path]]:
    """One row: its job (or the row's problem) and the local calendars it names."""
    from optimizer.config import PARSERS, PlanOptions, options_from_mapping

    name = _name(roster, row, cells.get("name"))
    where = "roster"  # the results table and the failure line name the athlete and the row
    file = safe_file_name(name)
    inputs: set[Path] = set()
    try:
        runs = _sources(cells.get("runs"), base, where, inputs)
        busy = _sources(cells.get("busy"), base, where, inputs)
        given = {
            k: _marks(v) if k in MARKS else v
            for k, v in cells.items()
            if k not in ATHLETE_COLUMNS and v is not None
        }
        values = dict(defaults)
        values.update(options_from_mapping(given, where))
        allow = cells.get("allow_after_long_run")
        if allow is not None:
            try:
                values["no_strength_after_long_run"] = not PARSERS["best_effort"](allow)
            except ValueError as exc:
                raise InputError(f"{where}: allow_after_long_run: {exc}") from None
        # The athlete's name seeds the session UIDs, as `legday plan --name` does.
        values["name"] = name
        options = PlanOptions(keywords=dict(keywords), weights=dict(weights), **values)
    except InputError as exc:
        return Job(row, name, file, problem=str(exc)), inputs
    return Job(row, name, file, runs, busy, options), inputs


def _name(roster: Path, row: int, value: Any) -> str:
    name = str(value).strip() if value is not None else ""
    if not name:
        raise InputError(f"{roster}: row {row}: no name (every athlete needs one)")
    if len(name) > MAX_NAME or any(unicodedata.category(c).startswith("C") for c in name):
        raise InputError(f"{roster}: row {row}: a name is 1 to {MAX_NAME} printable characters")
    return name


def _sources(value: Any, base: Path, where: str, inputs: set[Path]) -> tuple[str, ...]:
    """Calendars in a cell: ``;``-separated paths (relative to the roster) or URLs."""
    from optimizer.server.config import parse_source

    if value is None:
        return ()
    items = value if isinstance(value, list) else str(value).split(";")
    out = []
    for item in items:
        raw = str(item).strip()
        if not raw:
            continue
        source = parse_source(raw, base, where)
        if source.path is not None:
            inputs.add(source.path)
        out.append(source.url or str(source.path))
    if len(set(out)) != len(out):
        raise InputError(f"{where}: the same calendar is named twice ({', '.join(out)})")
    return tuple(out)


def _marks(value: Any) -> Any:
    if isinstance(value, str):
        return [v for v in re.split(r"[;,]", value) if v.strip()]
    return value


def safe_file_name(name: str) -> str:
    """The athlete's plan file name: letters, digits, ``-``, ``_`` and ``.`` only.

    Accents and non-Latin letters stay (every file system takes UTF-8); separators, spaces,
    control and shell characters become ``_``; a leading dot (a hidden file) goes; Windows'
    reserved device names get a ``_``.
    """
    text = unicodedata.normalize("NFC", name)
    text = "".join(c if c.isalnum() or c in "-_." else "_" for c in text)
    text = re.sub(r"_+", "_", text).strip("._") or "athlete"
    if text.split(".")[0].lower() in _RESERVED:
        text += "_"
    return text[:MAX_NAME] + ".ics"


def _refuse_duplicates(path: Path, jobs: Sequence[Job]) -> None:
    names: dict[str, Job] = {}
    files: dict[str, Job] = {}
    for job in jobs:
        other = names.get(job.name.casefold())
        if other is not None:
            raise InputError(
                f"{path}: rows {other.row} ({other.name!r}) and {job.row} ({job.name!r}) "
                "name the same athlete"
            )
        names[job.name.casefold()] = job
        # Case-insensitive file systems (macOS, Windows) would write both to one file.
        other = files.get(job.file.casefold())
        if other is not None:
            raise InputError(
                f"{path}: rows {other.row} ({other.name!r}) and {job.row} ({job.name!r}) "
                f"would both be written to {job.file}; rename one"
            )
        files[job.file.casefold()] = job


def check_outputs(
    roster: Roster, folder: Path, *, tables: Sequence[Path] = (), config: Path | None = None
) -> None:
    """The output folder can hold the plans, and nothing written replaces an input.

    Args:
        roster: the roster read.
        folder: where the plans go.
        tables: the results table's files.
        config: the ``legday.toml``, if any.

    Raises:
        InputError: the folder is a file, or a plan or the results table would replace a
            calendar, the roster or the config.
    """
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder}: is a file, not a folder for the plans")
    inputs = set(roster.inputs) | {roster.path.resolve()}
    if config is not None:
        inputs.add(config.resolve())
    for table in tables:
        if table.resolve() in inputs:
            raise InputError(f"{table}: refusing to write over an input file")
    target = folder.resolve()
    for job in roster.jobs:
        if target / job.file in inputs:
            raise InputError(
                f"{folder / job.file}: refusing to write over an input file "
                f"(row {job.row}, {job.name!r}); choose another -o folder"
            )
