#!/usr/bin/env python3
"""Write the skeleton of a new item: python scripts/new_item.py KIND ID TITLE [--source ID] (make new-case, kb-new).

The command is kb/cli/new_item.py (installed as a console script, see pyproject.toml).
"""

import sys

from kb.cli import run

if __name__ == "__main__":
    sys.exit(run("new_item"))
