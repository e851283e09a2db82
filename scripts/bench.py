#!/usr/bin/env python3
"""Benchmark against plain mkdocs-material: python scripts/bench.py [--help] (make bench, kb-bench).

The command is kb/cli/bench.py (installed as a console script, see pyproject.toml).
"""

import sys

from kb.cli import run

if __name__ == "__main__":
    sys.exit(run("bench"))
