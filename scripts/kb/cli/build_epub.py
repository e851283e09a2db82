"""make epub: dist/epub/<handbook-id>.epub for every public handbook (EPUB 3,
for phone reading apps), from the same content as its PDF.

    kb-epub [--out dist/epub] [--root .]
"""

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

from kb.cli import ROOT
from kb.content.errors import split
from kb.check.validation import validate
from kb.epub.book import handbook_epub
from kb.pdf.available import content_version


def modified(root: Path) -> str:
    """The content's time (the commit's, or SOURCE_DATE_EPOCH): the same book for one commit."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        done = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True)
        epoch = done.stdout.strip() if done.returncode == 0 else ""
    moment = dt.datetime.fromtimestamp(int(epoch) if epoch.isdigit() else 315532800, dt.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def build_epubs(col, root: Path, out: Path, version: str) -> list[Path]:
    """Every public handbook's EPUB into out, written beside it and swapped in whole."""
    scratch = out.with_name(f".{out.name}.tmp")
    shutil.rmtree(scratch, ignore_errors=True)
    when = modified(root)
    written = [handbook_epub(item, col, version, when, scratch / f"{hid}.epub") for hid, item in col.handbooks.items()]
    scratch.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(out, ignore_errors=True)
    scratch.rename(out)
    return [out / p.name for p in written]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="生成手机阅读用的 EPUB：每本手册一个")
    parser.add_argument("--out", help="输出文件夹（默认 dist/epub）")
    parser.add_argument("--root", default=str(ROOT), help="项目文件夹（默认本仓库）")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    col, problems = validate(root)
    errors, _ = split(problems)
    for p in problems:
        print(p)
    if errors:
        print(f"内容校验失败：共 {len(errors)} 个错误，EPUB 没有生成。", file=sys.stderr)
        return 1
    out = Path(args.out) if args.out else root / "dist" / "epub"
    written = build_epubs(col, root, out, content_version(root))
    print(f"EPUB 已生成：{out}/（{len(written)} 本手册）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
