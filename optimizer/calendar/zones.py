"""Time zones as calendars write them, resolved to IANA names by legday itself.

A TZID may be an IANA name (in any case: ``Europe/lisbon``), a Windows name (Outlook and
Exchange; mapped with the CLDR table in :mod:`optimizer.calendar.windows_zones`), a vendor
prefixed name (``/mozilla.org/20050126_1/America/New_York``) or anything with an
X-LIC-LOCATION in its VTIMEZONE. Also the machine's own zone, and the calendars' zone
(:func:`detect_zone`) when the athlete names none.
"""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from optimizer.calendar.prescan import Scan
from optimizer.calendar.windows_zones import WINDOWS_ZONES

_UTC_ZONES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/GMT", "GMT", "Etc/Zulu", "Zulu"})
_WINDOWS_FOLDED = {k.casefold(): v for k, v in WINDOWS_ZONES.items()}
_FOLDED_ZONES: dict[str, str] = {}
_zone_cache: dict[str, bool] = {}


def _is_zone(name: str) -> bool:
    """Whether ZoneInfo knows ``name`` (cached: a miss means a file system search)."""
    known = _zone_cache.get(name)
    if known is None:
        try:
            ZoneInfo(name)
            known = True
        except Exception:  # ZoneInfoNotFoundError, ValueError for '../x', IsADirectoryError...
            known = False
        _zone_cache[name] = known
    return known


def resolve_tzid(tzid: str | None, zones: dict[str, str] | None = None) -> str | None:
    """An IANA name for a TZID as calendars write it, or None if it is unknown.

    Args:
        tzid: the TZID (or X-WR-TIMEZONE, or a zone the athlete named).
        zones: the calendar's VTIMEZONE locations (TZID -> X-LIC-LOCATION).

    Returns:
        The IANA name, or None.
    """
    if not tzid:
        return None
    name = tzid.strip().strip('"').strip()
    candidates = [name, name.strip("/")]
    windows = WINDOWS_ZONES.get(name) or _WINDOWS_FOLDED.get(name.casefold())
    if windows:
        candidates.append(windows)
    if zones and zones.get(tzid):
        candidates.append(zones[tzid])
    if name.startswith("/"):
        # RFC 5545 "globally unique" TZIDs: /mozilla.org/20050126_1/America/New_York.
        parts = name.strip("/").split("/")
        candidates += ["/".join(parts[i:]) for i in range(1, len(parts))]
    for candidate in candidates:
        if candidate and len(candidate) < 200 and _is_zone(candidate):
            return candidate
    # Hand-typed TZIDs come in any case ('Europe/lisbon'); zone files are case-sensitive.
    for candidate in candidates:
        folded = _folded_zones().get(candidate.casefold())
        if folded:
            return folded
    return None


def _folded_zones() -> dict[str, str]:
    if not _FOLDED_ZONES:
        import zoneinfo

        _FOLDED_ZONES.update((z.casefold(), z) for z in sorted(zoneinfo.available_timezones()))
    return _FOLDED_ZONES


def local_zone() -> str:
    """The machine's zone: TZ, else /etc/localtime's link target, else /etc/timezone, else UTC."""
    found: list[str] = []
    env = os.environ.get("TZ", "").lstrip(":")
    if env:
        found.append(env)
    with contextlib.suppress(OSError):
        found.append(os.path.realpath("/etc/localtime"))
    with contextlib.suppress(OSError):
        found.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    for name in found:
        if "zoneinfo/" in name:
            name = name.split("zoneinfo/", 1)[1]
            for prefix in ("posix/", "right/"):
                name = name.removeprefix(prefix)
        if name and not name.startswith("/") and _is_zone(name):
            return name
    return "UTC"


def detect_zone(scans: Sequence[Scan]) -> str | None:
    """The calendars' own zone, from their text (see :func:`optimizer.calendar.detect_tz`).

    Args:
        scans: the pre-scanned files.

    Returns:
        The first known X-WR-TIMEZONE, else the most used DTSTART zone, else None.
    """
    for scan in scans:
        for cal in scan.calendars:
            zone = resolve_tzid(cal.x_wr_timezone, cal.zones)
            if zone:
                return zone
    counts: Counter[str] = Counter()
    for scan in scans:
        for cal in scan.calendars:
            for block in cal.blocks:
                zone = resolve_tzid(block.tzid, cal.zones)
                if zone:
                    counts[zone] += 1
    if not counts:
        return None
    # Most used wins; a UTC zone only when there is nothing else (many tools write TZID=UTC
    # for machine-made events while the person lives elsewhere); then by name, for determinism.
    return min(counts, key=lambda z: (z in _UTC_ZONES, -counts[z], z))
