"""The commands: one module per command, each with main(argv=None) -> int.

Installed as console scripts (pyproject.toml: kb-validate, kb-new, ...) and
run by the thin scripts/*.py, which go through run() so that a Python
without the project's packages says what to do instead of a traceback.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

# The project folder: scripts/kb/cli/ -> the root (the package is installed
# in editable mode, so this is the working tree the command belongs to).
ROOT = Path(__file__).resolve().parents[3]

# The make target that installs what each command needs and runs it.
MAKE = {"validate": "make validate", "new_item": "make new-case ID=… TITLE=…", "build_pdf": "make pdf",
        "build_offline": "make offline", "verify_offline": "make verify-offline DIR=…", "gen_schemas": "make schemas",
        "bench": "make bench"}


# Set in the environment of a command run again with .venv's Python, so a
# broken .venv is explained instead of run again and again.
FROM_SYSTEM = "KB_FROM_SYSTEM_PYTHON"


def venv_python() -> Path | None:
    """.venv's Python (made by make), if there is one."""
    for name in ("bin/python", "Scripts/python.exe"):
        if (ROOT / ".venv" / name).is_file():
            return ROOT / ".venv" / name
    return None


def run(command: str, argv=None) -> int:
    """main() of kb.cli.<command>. Under a Python without the project's
    packages (python scripts/validate.py with the system Python) the same
    script runs again with .venv's Python; without a .venv it names the one
    command to use, in Chinese, instead of a traceback."""
    try:
        return importlib.import_module(f"kb.cli.{command}").main(argv)
    except ImportError as exc:  # a package missing, or one too old (an ImportError of a name)
        if (exc.name or "").split(".")[0] == "kb":
            raise
        python = venv_python()
        in_venv = Path(sys.prefix).resolve() == (ROOT / ".venv").resolve()
        if python and not in_venv and not os.environ.get(FROM_SYSTEM) and argv is None:
            script = [sys.argv[0], *sys.argv[1:]]
            return subprocess.call([str(python), *script], env={**os.environ, FROM_SYSTEM: "1"})
        print(f"错误: 这个 Python（{sys.executable}）没有装本项目需要的包（{exc.name or exc}）。"
              f"请改用这一条命令：{MAKE[command]}（它先把固定版本的包装进 .venv，再运行；"
              f"装好以后，这个脚本也会自动使用 .venv）", file=sys.stderr)
        return 1


def checked_content(root: Path, product: str):
    """The validated collection, or None after printing every problem and
    why nothing was made (product: what the command makes, e.g. PDF)."""
    from kb.check.validation import validate  # here: run() must work without the packages
    from kb.content.errors import split

    col, problems = validate(root)
    errors, _ = split(problems)
    for problem in problems:
        print(problem)
    if errors:
        print(f"内容校验失败：共 {len(errors)} 个错误，{product}没有生成。", file=sys.stderr)
        return None
    return col
