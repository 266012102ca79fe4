"""CP-SAT's Python module, imported without pandas.

``ortools.sat.python.cp_model`` imports pandas at its top for its pandas helpers
(``new_int_var_series``, ``Solver.values``...), which legday never calls; pandas was a third
of a whole ``legday plan`` (measured: 266 of 458 ms of importing CP-SAT). So the module is
imported with a stand-in for pandas (its type annotations only read ``pd.Index`` and
``pd.Series``), and afterwards its ``pd`` becomes a proxy that imports the real pandas on
first use, should anything ever call those helpers. When pandas is already imported (the
benchmarks, ``legday squad``), this is a plain import.

Every module of legday that builds CP-SAT models imports ``cp_model`` from here.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any


def _placeholders(name: str) -> Any:
    # The annotations cp_model evaluates while it is imported: any class will do.
    return type(name, (), {"__module__": "pandas"})


class _LazyPandas(types.ModuleType):
    """Forwards every attribute to the real pandas, imported on first use."""

    def __getattr__(self, name: str) -> Any:
        return getattr(importlib.import_module("pandas"), name)


def _load() -> types.ModuleType:
    name = "ortools.sat.python.cp_model"
    if name in sys.modules or "pandas" in sys.modules:
        return importlib.import_module(name)
    stand_in = types.ModuleType("pandas")
    stand_in.__dict__["__getattr__"] = _placeholders
    sys.modules["pandas"] = stand_in
    try:
        module = importlib.import_module(name)
    finally:
        if sys.modules.get("pandas") is stand_in:
            del sys.modules["pandas"]
    module.pd = _LazyPandas("pandas")  # type: ignore[attr-defined]
    return module


if TYPE_CHECKING:
    from ortools.sat.python import cp_model
else:
    cp_model = _load()
