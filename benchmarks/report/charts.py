"""The PNG plots: solve time against horizon, baselines against the optimum, MIP against CP-SAT."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd  # type: ignore[import-untyped]  # no hints in pandas; stubs not installed

from benchmarks.report.columns import col, num

PLOTS = ("solve_time_vs_horizon.png", "objective_vs_baselines.png", "mip_vs_cpsat.png")


def plot(df: pd.DataFrame, folder: Path) -> list[str]:
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
    five = sc[sc["busy_per_day"] == 5].sort_values("weeks")
    if len(five):
        ax.plot(five["weeks"], five["build_s"], ls="--", c="k", lw=1, label="build, 5 busy/day")
    for y, text in ((1.0, "1 s target (52 wk)"), (5.0, "5 s target (104 wk)"), (0.05, "50 ms")):
        ax.axhline(y, c="r", lw=0.6, ls=":")
        ax.text(1, y * 1.08, text, fontsize=7, color="r")
    ax.set_yscale("log")
    ax.set_xlabel("plan length (weeks)")
    ax.set_ylabel("CP-SAT solve time (s)")
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
        ax.plot(xs, [10 * x for x in xs], c="r", lw=0.8, ls=":", label="10x target")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("CP-SAT time to proven optimum (s)")
        ax.set_ylabel("HiGHS time to proven optimum (s)")
        ax.set_title("Same model: CP-SAT vs MIP (HiGHS)")
        ax.legend(fontsize=7)
        fig.savefig(folder / PLOTS[2], **style)
        plt.close(fig)
        written.append(PLOTS[2])
    return written
