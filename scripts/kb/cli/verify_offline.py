"""Check a copied offline edition against its SHA256SUMS.

python scripts/verify_offline.py DIR
DIR is the edition's folder (it holds SHA256SUMS and site/) or the folder the
zip was unpacked into (the edition is then one level down). Exit 0 only for
an intact copy; every missing, extra or changed file, and every symlink, is
named.
"""

import argparse
import sys
from pathlib import Path

from kb.offline.checksums import SUMS, verify


def locate(folder: Path) -> tuple[Path | None, str | None]:
    """The edition's folder: folder itself, or the one folder below it that
    holds SHA256SUMS (unpacking the zip makes that extra level)."""
    if (folder / SUMS).exists() or (folder / SUMS).is_symlink():
        return folder, None
    below = sorted(d for d in folder.iterdir() if d.is_dir() and not d.is_symlink() and (d / SUMS).is_file())
    if len(below) == 1:
        return below[0], f"离线版在下一层文件夹「{below[0].name}」里，核对它：{below[0]}"
    if below:
        names = "、".join(d.name for d in below)
        return None, (f"{folder} 里有 {len(below)} 份离线版（{names}）：请指定其中一个，"
                      f"例如 make verify-offline DIR=\"{below[0]}\"")
    return None, (f"{folder} 里找不到 {SUMS}，下一层文件夹里也没有：请指定解压后的离线版文件夹"
                  f"（里面有 {SUMS}、index.html 和 site 文件夹，名字像 tongren-kb-offline-版本号）")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="核对离线版文件夹是否完整")
    parser.add_argument("folder", help="离线版文件夹（里面有 SHA256SUMS），或解压 zip 得到的上一层文件夹")
    folder = Path(parser.parse_args(argv).folder)
    if folder.is_symlink() or not folder.is_dir():
        print(f"错误: 找不到文件夹 {folder}" + ("（它是符号链接，请直接指定真实文件夹）" if folder.is_symlink() else ""))
        return 1
    edition, note = locate(folder)
    if edition is None:
        print(f"错误: {note}")
        return 1
    if note:
        print(note)
    report = verify(edition)
    if report.problem:
        print(f"错误: {report.problem}")
        return 1
    for name in report.missing:
        print(f"缺少: {name}")
    for name in report.changed:
        print(f"已改动: {name}")
    for name in report.extra:
        print(f"多出: {name}")
    for name in report.links:
        print(f"符号链接: {name}（离线版里不应有链接，它可能指向别处的文件）")
    for name in report.special:
        print(f"特殊文件: {name}（离线版里只应有普通文件）")
    if report.intact:
        print(f"完整：{edition} 中的全部文件与 {SUMS} 一致。")
        return 0
    problems = len(report.missing) + len(report.changed) + len(report.extra) + len(report.links) + len(report.special)
    print(f"不完整：{problems} 处有问题（缺少 {len(report.missing)}，已改动 {len(report.changed)}，"
          f"多出 {len(report.extra)}，符号链接 {len(report.links)}，特殊文件 {len(report.special)}）。"
          f"请重新从原始 zip 拷贝。")
    return 1


if __name__ == "__main__":
    sys.exit(main())
