"""The PNG plots: solve time against horizon, baselines against the optimum, MIP against CP-SAT."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd  # type: ignore[import-untyped]  # no hints in pandas; stubs not installed

from benchmarks.report.columns import col, num

PLOTS = (
    "solve_time_vs_horizon.png",
    "objective_vs_baselines.png",
    "mip_vs_cpsat.png",
    "phases.png",
)
# The stress families on the horizon plot: (family, marker).
FAMILY_MARKERS = (("sparse", "s"), ("doubles", "^"), ("busy20", "D"), ("long", "*"), ("fuzz", "x"))


def plot(df: pd.DataFrame, folder: Path, probes: dict[str, Any] | None = None) -> list[str]:
    """Write the PNG plots into ``folder``; returns the file names written."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    style: dict[str, Any] = {"dpi": 90, "bbox_inches": "tight", "metadata": {"Software": None}}

    fig, ax = plt.subplots(figsize=(6.4, 4))
    plans = df[(df["family"] == "plan") & num(df, "solve_s").notna()]
    if len(plans):
        ax.scatter(plans["weeks"], plans["solve_s"], s=8, c="lightgray", label="published plans")
    sc = df[df["family"] == "scaling"]
    for k, sub in sc.groupby("busy_per_day", sort=True):
        sub = sub.sort_values("weeks")
        ax.plot(sub["weeks"], sub["solve_s"], marker="o", ms=3, label=f"{int(k)} busy/day")
    for fam, marker in FAMILY_MARKERS:
        sub = df[(col(df, "family") == fam) & num(df, "solve_s").notna()]
        if len(sub):
            ax.scatter(sub["weeks"], sub["solve_s"], s=22, marker=marker, label=fam)
    for y, text in ((2.0, "2 s target (to 156 wk)"), (0.05, "50 ms")):
        ax.axhline(y, c="r", lw=0.6, ls=":")
        ax.text(1, y * 1.08, text, fontsize=7, color="r")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("plan length (weeks)")
    ax.set_ylabel("solve time (s): dynamic program + CP-SAT")
    ax.set_title("Solve time vs horizon (15-minute grid, 1 worker)")
    ax.legend(fontsize=7, loc="lower right")
    fig.savefig(folder / PLOTS[0], **style)
    plt.close(fig)
    written.append(PLOTS[0])

    fig, ax = plt.subplots(figsize=(6.4, 4))
    base = df[num(df, "objective").notna()]
    top = 0.0
    for prefix, label, marker in (
        ("greedy", "calendar greedy", "x"),
        ("greedy_aware", "rule-aware greedy", "o"),
    ):
        sub = base[num(base, f"{prefix}_objective").notna()]
        if len(sub):
            ax.scatter(
                sub["objective"],
                sub[f"{prefix}_objective"],
                s=10,
                marker=marker,
                label=f"{label} ({len(sub)} valid plans)",
            )
            top = max(top, float(sub[f"{prefix}_objective"].max()))
    mip = base[num(base, "mip_objective").notna()]
    if len(mip):
        ax.scatter(mip["objective"], mip["mip_objective"], s=14, marker="+", label="HiGHS MIP")
    top = max(top, float(num(base, "objective").max()) if len(base) else 1.0)
    ax.plot([0, top], [0, top], c="k", lw=0.8, label="= optimum")
    ax.set_xlabel("CP-SAT optimum (objective)")
    ax.set_ylabel("baseline objective (lower is better)")
    ax.set_title("Objective: baselines vs the optimum (same objective)")
    ax.legend(fontsize=7)
    fig.savefig(folder / PLOTS[1], **style)
    plt.close(fig)
    written.append(PLOTS[1])

    both = df[(col(df, "mip_status") == "optimal") & (col(df, "status") == "optimal")]
    if len(both):
        fig, ax = plt.subplots(figsize=(5, 4))
        for fam, sub in both.groupby("family", sort=False):
            ax.scatter(sub["cpsat_proof_s"], sub["mip_s"], s=12, label=fam)
        lo = float(min(num(both, "cpsat_proof_s").min(), num(both, "mip_s").min()))
        hi = float(max(num(both, "cpsat_proof_s").max(), num(both, "mip_s").max()))
        xs = [lo / 2, hi * 2]
        ax.plot(xs, xs, c="k", lw=0.8, label="same time")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("CP-SAT time to proven optimum (s)")
        ax.set_ylabel("HiGHS time to proven optimum (s)")
        ax.set_title("Same model: CP-SAT vs MIP (HiGHS)")
        ax.legend(fontsize=7)
        fig.savefig(folder / PLOTS[2], **style)
        plt.close(fig)
        written.append(PLOTS[2])
    profiles = (probes or {}).get("phases") or []
    if profiles:
        _phases(plt, profiles[0], folder / PLOTS[3], style)
        written.append(PLOTS[3])
    return written


def _phases(plt: Any, profile: dict[str, Any], path: Path, style: dict[str, Any]) -> None:
    """Where one `legday plan` goes: a bar per phase (imports grouped), longest first."""
    phases = dict(profile["phases_s"])
    imports = {k: v for k, v in phases.items() if k.startswith("import: ")}
    for k in imports:
        phases.pop(k)
    phases["imports (all libraries)"] = sum(imports.values())
    items = sorted(phases.items(), key=lambda kv: kv[1])
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    ax.barh([k for k, _ in items], [1000 * v for _, v in items], color="steelblue")
    ax.set_xlabel("milliseconds (median)")
    ax.set_title(f"Where `legday plan` goes: {profile['instance']}", fontsize=9)
    ax.tick_params(axis="y", labelsize=7)
    fig.savefig(path, **style)
    plt.close(fig)
