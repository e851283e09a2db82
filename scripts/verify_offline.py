#!/usr/bin/env python3
"""Check a copied offline edition: python scripts/verify_offline.py DIR (make verify-offline, kb-verify-offline).

The command is kb/cli/verify_offline.py (installed as a console script, see pyproject.toml).
"""

import sys

from kb.cli import run

if __name__ == "__main__":
    sys.exit(run("verify_offline"))
