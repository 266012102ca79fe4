"""`legday plan` imports nothing it does not use: CP-SAT comes without pandas.

pandas was a third of a whole `legday plan` (OR-Tools' cp_model imports it for helpers legday
never calls); the plan's bytes are the same without it.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import SAMPLES

RUNNER = (
    "import sys\n"
    "from optimizer.cli import main\n"
    "try:\n"
    "    main(sys.argv[1:])\n"
    "except SystemExit as exc:\n"
    "    assert exc.code in (0, None), exc.code\n"
    "heavy = sorted(m for m in ('pandas', 'matplotlib', 'starlette', 'uvicorn', 'httpx')"
    " if m in sys.modules)\n"
    "print('imported:', ' '.join(heavy))\n"
)


def test_a_plan_run_imports_no_pandas(tmp_path) -> None:
    out = tmp_path / "plan.ics"
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, "plan", str(SAMPLES / "marathon_google.ics"), "--busy",
         str(SAMPLES / "work_office_hours.ics"), "-o", str(out), "-q"],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "imported:"
    assert out.exists()


def test_cp_model_still_reaches_pandas_when_asked() -> None:
    """The stand-in is gone after the import: pandas helpers, if ever called, get pandas."""
    code = (
        "from optimizer.solver.cpsat import cp_model\n"
        "import sys\n"
        "assert 'pandas' not in sys.modules\n"
        "m = cp_model.CpModel()\n"
        "import pandas as pd\n"
        "xs = m.new_bool_var_series('x', pd.Index(range(3)))\n"
        "print(len(xs))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=120)
    assert done.stdout.strip() == "3"
