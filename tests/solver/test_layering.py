"""Only the solver layer talks to CP-SAT's statuses, parameters and solver objects.

Rules build their constraints through the model context; everything else sees legday's own
``SolveStatus``. A module that compared ``cp_model.OPTIMAL`` or made its own ``CpSolver``
would drift from the settings that make plans deterministic and fast.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOLVER_ONLY = re.compile(
    r"cp_model\.(OPTIMAL|FEASIBLE|INFEASIBLE|MODEL_INVALID|UNKNOWN)\b|CpSolver\(|"
    r"\.parameters\.|status_name\(|sufficient_assumptions_for_infeasibility"
)


def test_no_module_outside_the_solver_layer_reads_cp_sat_statuses_or_parameters() -> None:
    offenders = []
    for folder in ("optimizer", "constraints"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.is_relative_to(ROOT / "optimizer" / "solver"):
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if SOLVER_ONLY.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []
