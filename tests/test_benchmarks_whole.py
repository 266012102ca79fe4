"""The stress families, the adversarial calendars and the whole-command probes: correctness
only, never timing (real calendars, the real importer, a real ``legday plan`` subprocess)."""

from __future__ import annotations

import random
import types

import pytest

from benchmarks import adversarial, families, instances
from benchmarks.whole import floor_ratios, import_group, phase_profile
from optimizer import pipeline


def test_families_write_the_same_bytes_and_plan_the_weeks_they_say(tmp_path):
    made = []
    for folder in (tmp_path / "a", tmp_path / "b"):
        folder.mkdir()
        made.append(
            families.sparse_instances(folder, weeks=(12,))
            + families.doubles_instances(folder, weeks=(4,))
            + families.busy_instances(folder, "busy20", (4,), 20)
        )
    for one, two in zip(*made, strict=True):
        for p, q in zip(one.runs + one.busy, two.runs + two.busy, strict=True):
            assert p.read_bytes() == q.read_bytes()
    for inst in made[0]:
        loaded = pipeline.load(inst.runs, inst.busy, inst.plan_options())
        assert loaded.problem.weeks == inst.weeks, inst.name
    sparse = made[0][0]
    assert (
        sum(
            r.kind.is_run
            for r in pipeline.load(sparse.runs, (), sparse.plan_options()).problem.runs
        )
        == 2
    )


def test_adversarial_cases_are_instances_legday_reads(tmp_path):
    got = adversarial.fuzz_instances(tmp_path, n=0, corpus=0)
    assert len({i.name for i in got}) == len(adversarial._QUIRKS)
    for inst in got:
        assert inst.family == "fuzz" and inst.runs
        opts = inst.plan_options()  # the options parse as the command parses them
        assert pipeline.load(inst.runs, inst.busy, opts).problem.weeks >= 1
    by_name = {i.name.split("-", 1)[1]: i for i in got}
    assert by_name["best_effort"].plan_options().best_effort
    assert by_name["beginner"].level == "beginner"
    assert by_name["chatham"].tz == "Pacific/Chatham"


def test_the_hook_takes_the_fuzzing_suites_generator_when_it_is_installed(tmp_path, monkeypatch):
    """Once ``benchmarks.fuzz.generate`` exists, its cases are the ``fuzz`` family."""
    week = (instances.SAMPLES / "10k_outlook.ics").read_bytes()

    def generated_case(rng: random.Random, index: int) -> adversarial.Case:
        return adversarial.Case(
            f"generated-{index}",
            {"runs.ics": week, "work.ics": week},
            ["plan", "runs.ics", "--busy", "work.ics", "--level", "advanced", "--minutes", "45"],
        )

    fake = types.SimpleNamespace(generated_case=generated_case)
    real = adversarial.importlib.import_module

    def import_module(name: str, *args):
        return fake if name == "benchmarks.fuzz.generate" else real(name, *args)

    monkeypatch.setattr(adversarial.importlib, "import_module", import_module)
    source, _ = adversarial.fuzz_cases(0)
    assert "fuzzing suite" in source
    *quirks, inst = adversarial.fuzz_instances(tmp_path, n=1, corpus=0)
    assert len(quirks) == len(adversarial._QUIRKS)
    assert inst.name == f"fuzz/{len(quirks)}-generated-0" and inst.level == "advanced"
    assert [p.name for p in inst.runs] == ["runs.ics"] and [p.name for p in inst.busy] == [
        "work.ics"
    ]
    assert inst.options == ("--minutes", "45") and inst.plan_options().minutes == 45


def test_the_fuzzing_suites_corpus_joins_the_family(tmp_path):
    """Mutated real-world calendars, planned as runs and as busy time: each is read, or
    refused in one line, as ``legday plan`` would."""
    from benchmarks.fuzz.mutate import CORPUS
    from optimizer.domain import InputError

    if not CORPUS.is_dir():
        pytest.skip("no real-world calendar corpus here")
    source, cases = adversarial.fuzz_cases(0, corpus=4)
    assert "corpus" in source
    assert [c.name.rsplit("-", 1)[0] for c in cases] == ["corpus-plan", "corpus-busy"] * 2
    got = adversarial.fuzz_instances(tmp_path, n=0, corpus=4)[-4:]
    assert [i.family for i in got] == ["fuzz"] * 4
    for inst in got:
        try:
            pipeline.load(inst.runs, inst.busy, inst.plan_options())
        except InputError:
            pass


def test_imports_are_summed_by_package_and_legdays_by_subpackage():
    assert import_group("optimizer.solver.dp") == "optimizer.solver"
    assert import_group("constraints.race_window") == "constraints"
    assert import_group("numpy.core.multiarray") == "numpy"
    assert import_group("json.decoder") == "(standard library)"


@pytest.fixture(scope="module")
def sample():
    return next(s for s in instances.sample_instances() if s.name == "sample/10k_outlook")


def test_phase_profile_measures_every_step_and_adds_up(sample, tmp_path):
    got = phase_profile(sample, tmp_path, 1, warm_up=False)
    phases = got["phases_s"]
    for step in (
        "interpreter start",
        "import: ortools",
        "import: legday's own modules",
        "read calendars",
        "classify runs",
        "model build",
        "dynamic program",
        "CP-SAT: confirm the optimum",
        "workout stage",
        "validation",
        "export",
        "exit",
    ):
        assert phases.get(step, 0) > 0, step
    assert got["exits"] == [0]
    # The clocks cover the instrumented process from its spawn to its exit.
    assert sum(phases.values()) == pytest.approx(got["traced_wall_s"], rel=0.05)


def test_floor_ratios_pair_each_sample_with_the_import_floor(sample, tmp_path):
    got = floor_ratios([sample], tmp_path, 1)
    (s,) = got["samples"]
    assert s["instance"] == "sample/10k_outlook" and s["exits"] == [0]
    assert len(s["plan_runs_s"]) == len(s["floor_runs_s"]) == 1
    assert s["ratio"] == pytest.approx(s["plan_median_s"] / s["floor_median_s"])
    assert "import ortools.sat.python.cp_model" in got["floor_command"]
