"""``python -m optimizer.cli``: the same as ``legday``."""

from optimizer.cli import run

if __name__ == "__main__":
    run()
