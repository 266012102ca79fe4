"""``python -m optimizer.cli``: the same as ``legday``."""

from optimizer.cli import main

if __name__ == "__main__":
    main()
