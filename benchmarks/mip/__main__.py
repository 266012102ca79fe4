"""``python -m benchmarks.mip``: the HiGHS worker (see :func:`benchmarks.mip.highs.main`)."""

import sys

from benchmarks.mip.highs import main

if __name__ == "__main__":
    sys.exit(main())
