"""Check the knowledge base content: python scripts/validate.py [PATH...]

With no PATH every content file is checked. With PATHs (files or folders),
only errors in those are shown; references are still checked against all
content. Exit 0 when clean, 1 when there are errors.
"""

import argparse
import sys
from pathlib import Path

from kb.content.errors import split
from kb.check.validation import validate
from kb.cli import ROOT


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="校验案例库内容（YAML 与 Markdown）")
    parser.add_argument("paths", nargs="*", help="只报告这些文件或文件夹中的错误")
    parser.add_argument("--root", default=str(ROOT), help="项目根目录（默认：本仓库）")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()

    _, errors = validate(root)
    if args.paths:
        missing = [p for p in args.paths if not Path(p).exists()]
        if missing:
            for p in missing:
                print(f"{p}: 错误: 文件或文件夹不存在", file=sys.stderr)
            return 1
        wanted = [Path(p).resolve() for p in args.paths]
        errors = [e for e in errors if any(_within(root / e.path, w) for w in wanted)]
    for problem in errors:
        print(problem)
    errors, warnings = split(errors)
    if errors:
        print(f"共 {len(errors)} 个错误、{len(warnings)} 个警告，请修改后重试。", file=sys.stderr)
        return 1
    print(f"内容校验通过（{len(warnings)} 个警告）。" if warnings else "内容校验通过。", file=sys.stderr)
    return 0


def _within(path: Path, folder: Path) -> bool:
    path = path.resolve()
    return path == folder or folder in path.parents


if __name__ == "__main__":
    sys.exit(main())
