"""The commands: one module per command, each with main(argv=None) -> int.

Installed as console scripts (pyproject.toml: kb-validate, kb-new, ...) and
run by the thin scripts/*.py, which go through run() so that a Python
without the project's packages says what to do instead of a traceback.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

# The project folder: scripts/kb/cli/ -> the root (the package is installed
# in editable mode, so this is the working tree the command belongs to).
ROOT = Path(__file__).resolve().parents[3]

# The make target that installs what each command needs and runs it.
MAKE = {"validate": "make validate", "new_item": "make new-case ID=… TITLE=…", "build_pdf": "make pdf",
        "build_offline": "make offline", "verify_offline": "make verify-offline DIR=…", "gen_schemas": "make schemas",
        "bench": "make bench"}


def run(command: str, argv=None) -> int:
    """main() of kb.cli.<command>, or a short message when a package is missing."""
    try:
        return importlib.import_module(f"kb.cli.{command}").main(argv)
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] == "kb":
            raise
        print(f"错误: 这个 Python（{sys.executable}）没有装本项目需要的包 {exc.name}。"
              f"请改用 {MAKE[command]}（它把固定版本的包装进 .venv 再运行），"
              f"或用 .venv/bin/python 运行本脚本。", file=sys.stderr)
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
