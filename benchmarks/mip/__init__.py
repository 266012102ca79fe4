"""The CP-SAT model as a MIP, solved by HiGHS: the same model, another solver.

:func:`translate` reads the CP-SAT model proto generically (it knows nothing of legday's
rules), so the MIP is the model legday solves, not a re-implementation that could drift:

- every CP-SAT variable becomes an integer column with the same bounds;
- a linear constraint ``expr in domain`` becomes one or two rows; an enforcement literal
  ``l`` turns ``expr >= L`` into the big-M row ``expr + (L - min(expr)) * (1 - l) >= L``
  (likewise for ``<= U``), with ``min(expr)`` taken from the variable bounds, so M is as
  small as it can be; a domain with holes (``start in {2, 3, 7}``) gets one binary per
  interval, exactly one of them on;
- ``bool_or``/``bool_and``/``at_most_one``/``exactly_one`` become their usual linear rows;
- the objective keeps its coefficients, offset and scaling.

Any other constraint kind raises :class:`NotImplementedError` naming it.

HiGHS runs in a subprocess (:func:`solve_highs`, the worker is this package's ``__main__``):
highspy and OR-Tools each ship their own HiGHS library and, loaded into one process, clash
over its symbols (``undefined symbol`` on import). The model travels as a ``.npz`` file.

The worker answers on a channel of its own: before it imports anything it keeps a private
copy of its standard output for the answers and points file descriptor 1 at standard error,
so whatever a library prints (highspy 1.16 prints a banner from C on every ``Highs()``)
can never be taken for an answer.

One job per module: :mod:`~benchmarks.mip.translation` (the proto as a MIP) and
:mod:`~benchmarks.mip.highs` (the worker process and its protocol).
"""

from benchmarks.mip.highs import HighsWorker, answer_channel, solve_highs
from benchmarks.mip.translation import MipModel, translate

__all__ = ["HighsWorker", "MipModel", "answer_channel", "solve_highs", "translate"]
