"""The sections after the targets: the numbers behind each one, as Markdown."""

from __future__ import annotations

from typing import Any

import pandas as pd  # type: ignore[import-untyped]  # no hints in pandas; stubs not installed

from benchmarks.report.columns import col, flag, ms, num, pct, table
from benchmarks.report.targets import worse_than_greedy


def plans_section(df: pd.DataFrame) -> str:
    plans = df[df["family"] == "plan"]
    if not len(plans):
        return "_Not run in this suite._"
    rows = []
    for (level, density), sub in plans.groupby(["level", "density"], sort=True):
        rows.append(
            [
                level,
                density,
                len(sub),
                int((sub["status"] == "optimal").sum()),
                int((sub["status"] == "infeasible").sum()),
                ms(float(num(sub, "build_s").median())),
                ms(float(num(sub, "solve_s").median())),
                ms(float(num(sub, "solve_s").max())),
                int((col(sub, "verdict") == "ok").sum()),
            ]
        )
    text = table(
        [
            "level",
            "busy",
            "instances",
            "optimal",
            "infeasible",
            "median build",
            "median solve",
            "max solve",
            "validator ok",
        ],
        rows,
    )
    slow = plans.sort_values("solve_s", ascending=False).head(3)
    text += "\n\nSlowest: " + ", ".join(
        f"`{r.instance}` {ms(float(r.solve_s))} ({int(r.weeks)} wk)" for r in slow.itertuples()
    )
    beginners = plans[(plans["level"] == "beginner") & (plans["status"] == "infeasible")]
    if len(beginners):
        text += (
            f"\n\n{beginners['plan'].nunique()} plans are infeasible for a beginner: beginners "
            "keep strength off run days, and these plans run on too many days to leave two "
            "days two apart free in a week (the solver proves it; `legday plan` then says "
            "which weeks clash)."
        )
    return text


def scaling_section(df: pd.DataFrame) -> str:
    sc = df[df["family"] == "scaling"]
    if not len(sc):
        return "_Not run in this suite._"
    busy = sorted(int(b) for b in sc["busy_per_day"].dropna().unique())
    rows = []
    for w, sub in sc.groupby("weeks", sort=True):
        row: list[Any] = [int(w)]
        for k in busy:
            r = sub[sub["busy_per_day"] == k]
            if not len(r):
                row.append("-")
                continue
            r = r.iloc[0]
            mark = "" if r["status"] == "optimal" else f" ({r['status']})"
            row.append(f"{ms(float(r['solve_s']))} / {ms(float(r['build_s']))}{mark}")
        five = sub[sub["busy_per_day"] == 5]
        if len(five) and pd.notna(num(five, "cmd_wall_s").iloc[0]):
            f = five.iloc[0]
            row.append(f"{f['cmd_wall_s']:.2f} s, {f['cmd_peak_mb']:.0f} MB")
        else:
            row.append("-")
        rows.append(row)
    return (
        "Solve (dynamic program + CP-SAT) / build (grid + model) time by weeks (rows) and busy "
        "events a day (columns); "
        "the last column is the whole `legday plan` command at 5 busy events a day "
        "(wall time, peak memory).\n\n"
        + table(["weeks"] + [f"{k}/day" for k in busy] + ["`legday plan` (5/day)"], rows)
    )


def greedy_section(df: pd.DataFrame) -> str:
    if "greedy_violations" not in df.columns:
        return "_Not run in this suite._"
    rows = []
    for prefix, label in (
        ("greedy", "calendar greedy (earliest free slot, gap only)"),
        ("greedy_aware", "rule-aware greedy (earliest slot every rule allows)"),
    ):
        # Rule breaks count where a plan keeping every rule exists: where none does
        # (proven infeasible), any plan breaks one by definition.
        sub = df[num(df, f"{prefix}_violations").notna() & (col(df, "status") == "optimal")]
        n = len(sub)
        broke = int((num(sub, f"{prefix}_violations") > 0).sum())
        by_rule: dict[str, int] = {}
        for cell in col(sub, f"{prefix}_rules_broken").dropna():
            for rule in str(cell).split(";"):
                if rule:
                    by_rule[rule] = by_rule.get(rule, 0) + 1
        missed = num(sub, f"{prefix}_missed_weeks")
        gap = num(sub, f"{prefix}_gap").dropna()
        opt = num(sub, "objective")
        rel = (gap / opt.loc[gap.index].where(opt.loc[gap.index] > 0)).dropna()
        rules = sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))
        rows.append(
            [
                label,
                n,
                pct(broke, n),
                ", ".join(f"{k} {v}" for k, v in rules) or "-",
                pct(int((missed > 0).sum()), n),
                int(missed.sum()),
                len(gap),
                f"{gap.median():.1f} ({100 * rel.median():.0f}%)" if len(gap) else "-",
                f"{gap.max():.1f} ({100 * rel.max():.0f}%)" if len(gap) else "-",
            ]
        )
    worse, compared = worse_than_greedy(df)
    infeasible = int((col(df, "status") == "infeasible").sum())
    short = num(df[col(df, "status") == "infeasible"], "greedy_aware_missed_weeks")
    short_note = (
        f" On those, the rule-aware greedy leaves {int(short.sum())} week(s) short (on "
        f"{int((short > 0).sum())} instances) that the best-effort plan "
        "(`legday plan --best-effort`) fills."
        if infeasible and short.notna().any()
        else ""
    )
    return (
        table(
            [
                "baseline",
                "instances with a plan",
                "breaks a rule",
                "rules broken (instances)",
                "misses a week it could fill",
                "weeks missed",
                "valid plans scored",
                "objective gap to optimum, median",
                "max",
            ],
            rows,
        )
        + "\n\nInstances with a plan: legday proved an optimum (the "
        f"{infeasible} proven infeasible ones are left out: there every plan breaks a rule)."
        f"{short_note} "
        "A missed week is one below the weekly minimum that the optimal plan fills. The gap "
        "is the greedy plan's objective minus the optimum, both with legday's objective (the "
        "greedy plan is fixed in the model and CP-SAT only fills in the penalties); only "
        "plans that keep every rule are scored. legday is worse than a valid greedy plan on "
        f"{worse} of {compared} comparisons."
    )


def mip_section(df: pd.DataFrame) -> str:
    if "mip_status" not in df.columns:
        return "_Not run in this suite._"
    sub = df[col(df, "mip_status").notna()]
    both = sub[(sub["mip_status"] == "optimal") & (sub["status"] == "optimal")]
    ratio = num(both, "mip_s") / num(both, "cpsat_proof_s")
    same = int(flag(both, "mip_same_optimum").sum())
    mip_bad = int((num(sub, "mip_violations") > 0).sum())
    lines = [
        f"- Instances: {len(sub)}; HiGHS status: "
        + ", ".join(f"{k} {v}" for k, v in sub["mip_status"].value_counts().items()),
        f"- Same optimum as legday: {pct(same, len(both))} of the instances both proved "
        f"(the translation is generic: every CP-SAT constraint becomes big-M rows, so this "
        f"checks it); HiGHS plans the validator rejects: {mip_bad}.",
    ]
    if len(both):
        nodes = num(both, "mip_nodes")
        root = (
            ": the LP relaxation with the model's valid cuts is tight enough that HiGHS "
            "proves the optimum at the root node, so its time is presolve and one LP"
            if nodes.max() <= 1
            else ""
        )
        lines.append(
            f"- Time to proven optimum, HiGHS / CP-SAT (CP-SAT on the same proto, the "
            f"model's objective only, legday's settings, no dynamic program): median "
            f"{ratio.median():.1f}x, from {ratio.min():.1f}x to {ratio.max():.1f}x; HiGHS / "
            f"legday (dynamic program + CP-SAT's confirmation, lexicographic): median "
            f"{(num(both, 'mip_s') / num(both, 'solve_s')).median():.1f}x. HiGHS explored at "
            f"most {int(nodes.max())} branch-and-bound node(s) (median "
            f"{nodes.median():.0f}){root}. The former target (CP-SAT 10x faster than the MIP) "
            "is retired: these are reported, not judged."
        )
        rows = []
        for r in both.sort_values(["family", "weeks"]).itertuples():
            if r.family in ("plan", "sample"):
                continue
            rows.append(
                [
                    r.instance,
                    int(r.weeks),
                    int(r.mip_cols),
                    int(r.mip_rows),
                    ms(float(r.solve_s)),
                    ms(float(r.cpsat_proof_s)),
                    ms(float(r.mip_s)),
                    f"{float(r.mip_s) / float(r.cpsat_proof_s):.1f}x",
                ]
            )
        if rows:
            lines.append(
                "\n"
                + table(
                    [
                        "instance",
                        "weeks",
                        "MIP cols",
                        "MIP rows",
                        "legday",
                        "CP-SAT, objective only",
                        "HiGHS",
                        "HiGHS / CP-SAT",
                    ],
                    rows,
                )
            )
    return "\n".join(lines)


def solver_section(df: pd.DataFrame) -> str:
    parts = []
    if "cpsat2_s" in df.columns:
        sub = df[num(df, "cpsat2_s").notna()]
        ratio = num(sub, "cpsat2_s") / num(sub, "cpsat1_s")
        same = int(flag(sub, "cpsat2_same_objective").sum())
        proved = int((col(sub, "cpsat2_status") == "optimal").sum())
        parts.append(
            f"- **1 vs 2 workers**, CP-SAT alone ({len(sub)} instances): 2 workers take a median "
            f"{ratio.median():.2f}x the time of 1 (best {ratio.min():.2f}x, worst "
            f"{ratio.max():.2f}x); proven optimal on {pct(proved, len(sub))} within their "
            f"limit (20x the 1-worker time, at least 2 s), same objective on "
            f"{pct(same, len(sub))}."
        )
        lp = num(sub, "cpsat2_maxlp_s") / num(sub, "cpsat1_proof_s")
        if lp.notna().any():
            parts.append(
                "  With 2 workers CP-SAT's portfolio has one full-problem worker, `default_lp`, "
                "which does not use `linearization_level=2`; naming the LP-heavy worker "
                f"(`subsolvers: max_lp`) gives a median {lp.median():.2f}x the 1-worker time "
                f"(best {lp.min():.2f}x, worst {lp.max():.2f}x)."
            )
    if "replan_hint_s" in df.columns:
        sub = df[num(df, "replan_hint_s").notna()]
        ratio = num(sub, "replan_hint_s") / num(sub, "replan_cold_s")
        same = int(flag(sub, "replan_same_objective").sum())
        parts.append(
            f"- **Re-planning with the old plan as hint** ({len(sub)} instances, one run moved a "
            f"day mid-plan; CP-SAT alone): hinted / cold solve time median {ratio.median():.2f}x "
            f"(best {ratio.min():.2f}x, worst {ratio.max():.2f}x); same optimum on "
            f"{pct(same, len(sub))}; the new plan moves a median "
            f"{num(sub, 'replan_changed_days').median():.0f} session day(s)."
        )
    return "\n".join(parts) or "_Not run in this suite._"
