#!/usr/bin/env python3
"""Print editions of every handbook and case: python scripts/build_pdf.py [--paper A4|A5] (make pdf, kb-pdf).

The command is kb/cli/build_pdf.py (installed as a console script, see pyproject.toml).
"""

import sys

from kb.cli import run

if __name__ == "__main__":
    sys.exit(run("build_pdf"))
