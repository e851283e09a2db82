"""Print editions: dist/pdf/<handbook-id>.pdf for every handbook and
dist/pdf/cases/<case-id>.pdf (a one-case handout) for every case; A5 in
dist/pdf/A5/, the teacher edition (with dist/pdf/teacher/teaching/<case-id>.pdf,
each case's teaching note) in dist/pdf/teacher/.

    python scripts/build_pdf.py [--paper A4|A5] [--edition trainee|teacher] [--out FOLDER]

Private items are never printed. The content version on each cover and
footer is `git describe --always --dirty`.
"""

import argparse
import sys
import time
from pathlib import Path

from kb.pdf.available import content_version
from kb.pdf.layout import PAPERS
from kb.cli import ROOT, checked_content
from kb.render.audience import EDITIONS, TRAINEE, pdf_folder


def default_out(root: Path, edition: str, paper: str) -> Path:
    """dist/pdf/ for the trainees' A4; the teacher edition and A5 in folders of
    their own inside it, so no build overwrites another's files."""
    out = root / "dist" / "pdf" / pdf_folder(edition)
    return out / paper if paper != "A4" else out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="生成可打印的 PDF：每本手册一个，每个案例一份讲义")
    parser.add_argument("--paper", default="A4", type=str.upper, choices=sorted(PAPERS), help="纸张：A4（默认）或 A5")
    parser.add_argument("--edition", default=TRAINEE, choices=EDITIONS,
                        help="trainee（学员版，默认）或 teacher（教师版：另加每个案例的教学说明，写入 dist/pdf/teacher/）")
    parser.add_argument("--out", help="输出文件夹（默认 dist/pdf，教师版 dist/pdf/teacher，A5 再加 /A5）")
    parser.add_argument("--root", default=str(ROOT), help="项目文件夹（默认本仓库）")
    parser.add_argument("--quiet", action="store_true", help="不逐个列出生成的文件")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()

    col = checked_content(root, "PDF ")
    if col is None:
        return 1
    from kb.pdf.build import build_pdfs  # WeasyPrint loads only when there is something to print

    out = Path(args.out) if args.out else default_out(root, args.edition, args.paper)
    start = time.perf_counter()
    report = None if args.quiet else (lambda path, pages: print(f"  {out / path}（{pages} 页）"))
    written = build_pdfs(col, root, out, content_version(root), args.paper, report, args.edition)
    print(f"PDF 已生成：{out}/（{len(written)} 个文件，{sum(p for _, p in written)} 页，{args.paper}，"
          f"{time.perf_counter() - start:.1f} 秒）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
