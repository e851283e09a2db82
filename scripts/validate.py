#!/usr/bin/env python3
"""Check the knowledge base content: python scripts/validate.py [PATH...] (make validate, kb-validate).

The command is kb/cli/validate.py (installed as a console script, see pyproject.toml).
"""

import sys

from kb.cli import run

if __name__ == "__main__":
    sys.exit(run("validate"))
