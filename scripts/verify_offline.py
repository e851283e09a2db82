#!/usr/bin/env python3
"""Check a copied offline edition against its SHA256SUMS.

python scripts/verify_offline.py DIR   (DIR holds SHA256SUMS and site/)
Exit 0 only for an intact copy; every missing, extra or changed file is named.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kb.checksums import verify  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="核对离线版文件夹是否完整")
    parser.add_argument("folder", help="离线版文件夹（里面有 SHA256SUMS）")
    folder = Path(parser.parse_args(argv).folder)
    if not folder.is_dir():
        print(f"错误: 找不到文件夹 {folder}", file=sys.stderr)
        return 1
    report = verify(folder)
    if report.problem:
        print(f"错误: {report.problem}")
        return 1
    for name in report.missing:
        print(f"缺少: {name}")
    for name in report.changed:
        print(f"已改动: {name}")
    for name in report.extra:
        print(f"多出: {name}")
    if report.intact:
        print(f"完整：{folder} 中的全部文件与 SHA256SUMS 一致。")
        return 0
    problems = len(report.missing) + len(report.changed) + len(report.extra)
    print(f"不完整：{problems} 个文件有问题（缺少 {len(report.missing)}，已改动 {len(report.changed)}，"
          f"多出 {len(report.extra)}）。请重新从原始 zip 拷贝。")
    return 1


if __name__ == "__main__":
    sys.exit(main())
