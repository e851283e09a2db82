"""make epub: dist/epub/<handbook-id>.epub for every public handbook (EPUB 3,
for phone reading apps), from the same content as its PDF.

    kb-epub [--out dist/epub] [--root .]
"""

import argparse
import datetime as dt
import shutil
import sys
from pathlib import Path

from kb.cli import ROOT, checked_content
from kb.epub.book import handbook_epub
from kb.offline.edition import content_time
from kb.pdf.available import content_version


def modified(root: Path) -> str:
    """The content's time, ISO 8601 (1980 without git): the same book for one commit."""
    moment = content_time(root) or dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)
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
    col = checked_content(root, "EPUB ")
    if col is None:
        return 1
    out = Path(args.out) if args.out else root / "dist" / "epub"
    written = build_epubs(col, root, out, content_version(root))
    print(f"EPUB 已生成：{out}/（{len(written)} 本手册）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
