"""``legday exercises``: the exercise library as a table, filtered by equipment and level."""

from __future__ import annotations

import click

from optimizer.cli.common import format_table, guarded


@click.command()
@click.option(
    "--equipment",
    type=click.Choice(["gym", "home", "none"]),
    help="Only what this equipment profile allows.",
)
@click.option(
    "--level",
    type=click.Choice(["beginner", "intermediate", "advanced"]),
    help="Only exercises for this level.",
)
@click.option("--how", is_flag=True, help="Add each exercise's two-line how-to and its variants.")
@guarded
def exercises(equipment: str | None, level: str | None, how: bool) -> None:
    """List the strength exercises legday chooses from.

    \b
    Example:
      legday exercises --equipment none --level beginner
    """
    from optimizer.domain import Level
    from optimizer.workouts.library import by_key, exercise_rows

    rows = exercise_rows(equipment=equipment, level=Level(level) if level else None)
    cols = ["name", "pattern", "family", "muscles", "equipment", "laterality", "kind", "level"]
    cols += ["timing"]
    table = [[r[c] for c in cols] for r in rows]
    click.echo(format_table(cols, table))
    if how:
        lib = by_key()
        for r in rows:
            click.echo(f"\n{r['name']}:")
            for line in lib[r["key"]].how_to:
                click.echo(f"  {line}")
            swaps = [f"{w}: {r[w.lower()]}." for w in ("Easier", "Harder") if r[w.lower()]]
            if swaps:
                click.echo(f"  {' '.join(swaps)}")
    click.echo(f"{len(rows)} exercises")
