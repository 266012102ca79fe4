"""``python -m benchmarks``: the same as ``legday bench``."""

from benchmarks.cli import bench

if __name__ == "__main__":
    bench(prog_name="python -m benchmarks")
