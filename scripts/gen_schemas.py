#!/usr/bin/env python3
"""Write schemas/*.schema.json from the content models: python scripts/gen_schemas.py (make schemas, kb-schemas).

The command is kb/cli/gen_schemas.py (installed as a console script, see pyproject.toml).
"""

import sys

from kb.cli import run

if __name__ == "__main__":
    sys.exit(run("gen_schemas"))
