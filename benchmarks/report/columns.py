"""Reading the results frame and writing Markdown: columns that may be missing, times, tables.

A suite leaves out the columns it did not measure, so every reader here copes with a missing
column (NaN, or False for flags).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd  # type: ignore[import-untyped]  # no hints in pandas; stubs not installed


def col(df: pd.DataFrame, name: str) -> pd.Series:
    return df[name] if name in df.columns else pd.Series([float("nan")] * len(df), index=df.index)


def num(df: pd.DataFrame, name: str) -> pd.Series:
    return pd.to_numeric(col(df, name), errors="coerce")


def flag(df: pd.DataFrame, name: str) -> pd.Series:
    """A boolean column read back as booleans (missing: False)."""
    s = col(df, name)
    return s.map(lambda v: v is True or v == 1 or str(v).lower() == "true")


def ms(seconds: float) -> str:
    if seconds is None or (isinstance(seconds, float) and math.isnan(seconds)):
        return "-"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "0/0"


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    def cell(v: Any) -> str:
        return str(v).replace("|", "\\|")

    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(cell(v) for v in r) + " |" for r in rows]
    return "\n".join(out)


def verdict(met: bool | None, missed_by: str = "") -> str:
    if met is None:
        return "not measured"
    return "**met**" if met else f"**missed**{' ' + missed_by if missed_by else ''}"
