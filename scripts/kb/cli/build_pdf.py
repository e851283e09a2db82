"""Print editions: dist/pdf/<handbook-id>.pdf for every handbook and
dist/pdf/cases/<case-id>.pdf (a one-case handout) for every case.

    python scripts/build_pdf.py [--paper A4|A5] [--out dist/pdf]

Private items are never printed. The content version on each cover and
footer is `git describe --always --dirty`.
"""

import argparse
import sys
import time
from pathlib import Path

from kb.content.errors import split
from kb.pdf.available import content_version
from kb.pdf.layout import PAPERS
from kb.check.validation import validate
from kb.cli import ROOT


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="生成可打印的 PDF：每本手册一个，每个案例一份讲义")
    parser.add_argument("--paper", default="A4", type=str.upper, choices=sorted(PAPERS), help="纸张：A4（默认）或 A5")
    parser.add_argument("--out", default=str(ROOT / "dist" / "pdf"), help="输出文件夹（默认 dist/pdf）")
    parser.add_argument("--root", default=str(ROOT), help="项目文件夹（默认本仓库）")
    parser.add_argument("--quiet", action="store_true", help="不逐个列出生成的文件")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()

    col, problems = validate(root)
    errors, _ = split(problems)
    for p in problems:
        print(p)
    if errors:
        print(f"内容校验失败：共 {len(errors)} 个错误，PDF 没有生成。", file=sys.stderr)
        return 1
    from kb.pdf.build import build_pdfs  # WeasyPrint loads only when there is something to print

    out = Path(args.out)
    start = time.perf_counter()
    report = None if args.quiet else (lambda path, pages: print(f"  {out / path}（{pages} 页）"))
    written = build_pdfs(col, root, out, content_version(root), args.paper, report)
    print(f"PDF 已生成：{out}/（{len(written)} 个文件，{sum(p for _, p in written)} 页，{args.paper}，"
          f"{time.perf_counter() - start:.1f} 秒）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
