#!/usr/bin/env python3
"""Build the offline (USB) edition: python scripts/build_offline.py (make offline, kb-offline).

The command is kb/cli/build_offline.py (installed as a console script, see pyproject.toml).
"""

import sys

from kb.cli import run

if __name__ == "__main__":
    sys.exit(run("build_offline"))
