#!/usr/bin/env python3
"""The engine trial behind kb/pdf: the same synthetic handbook (N cases of
six paragraphs and a table, a contents page with page numbers, a running
header) set by WeasyPrint (HTML/CSS paged media) and by Typst (the `typst`
PyPI package), both in Noto Serif CJK SC at 10.5 pt.

    .venv/bin/pip install --no-deps typst==0.15.2    (the trial only: not in requirements)
    .venv/bin/python -m kb.bench.pdf_engine_trial [--sizes 30,100,300]

Prints seconds, pages, size and the cost per page, and checks what a print
shop and a reader copying text would notice: fonts embedded, text copied
out of the PDF equal to the text put in, two builds byte-identical.
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kb.bench.synthetic import SENTENCES

FONTS = "/usr/share/fonts/opentype/noto"
NAMES = {"v": "青松村", "i": "茶叶", "p": "王青", "t": "产业发展", "m": "合作社+农户", "n": 12}


def cases(n: int) -> list[tuple[str, list[str]]]:
    rng = random.Random(1)
    para = lambda: "".join(rng.choice(SENTENCES).format(**NAMES) for _ in range(8))  # noqa: E731
    return [(f"案例{i}：青松村发展茶叶产业", [para() for _ in range(6)]) for i in range(n)]


def weasyprint(items, target: Path) -> None:
    from weasyprint import HTML
    toc = "".join(f'<li><a href="#c{i}">{t}</a></li>' for i, (t, _) in enumerate(items))
    body = "".join(f'<section><h2 id="c{i}">{t}</h2>' + "".join(f"<h3>背景</h3><p>{p}</p>" for p in ps)
                   + "<table><tr><th>指标</th><th>数值</th></tr>"
                   + "".join(f"<tr><td>面积</td><td>{k}亩</td></tr>" for k in range(5)) + "</table></section>"
                   for i, (t, ps) in enumerate(items))
    css = ("@page{size:A4;margin:25mm 20mm;@top-center{content:'手册';font-size:9pt}"
           "@bottom-center{content:counter(page)}} body{font-family:'Noto Serif CJK SC';font-size:10.5pt;"
           "line-height:1.7} h2{break-before:page;break-after:avoid} table{break-inside:avoid}"
           ".toc a::after{content:leader('.') target-counter(attr(href),page)}")
    HTML(string=f"<html lang=zh-CN><head><style>{css}</style></head><body><h1>手册</h1>"
                f"<ul class=toc>{toc}</ul>{body}</body></html>").write_pdf(target)


def typst(items, target: Path) -> None:
    try:
        import typst as typst_compiler
    except ModuleNotFoundError:
        raise SystemExit("the trial needs typst, which no make target installs: "
                         ".venv/bin/pip install --no-deps typst==0.15.2") from None
    src = ['#set page(paper: "a4", margin: (x: 20mm, y: 25mm), header: align(center, text(9pt)[手册]), numbering: "1")',
           '#set text(font: "Noto Serif CJK SC", size: 10.5pt, lang: "zh", region: "cn")',
           "#set par(leading: 0.9em, justify: true)",
           "#show heading.where(level: 2): it => {pagebreak(weak: true); it}", "= 手册", "#outline(depth: 2)"]
    for t, ps in items:
        src.append(f"== {t}")
        for p in ps:
            src += ["=== 背景", p.replace("#", "\\#"), ""]
        src.append("#table(columns: 2, [指标], [数值], " + ", ".join(f"[面积], [{k}亩]" for k in range(5)) + ")")
    source = target.with_suffix(".typ")
    source.write_text("\n".join(src), encoding="utf-8")
    typst_compiler.compile(str(source), output=str(target), font_paths=[FONTS], timestamp=1608086400)


def text_of(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def main(argv=None) -> int:
    from pypdf import PdfReader
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="30,100,300")
    args = parser.parse_args(argv)
    print("| engine | cases | s | pages | KB | ms/page | KB/page | fonts embedded | copied text intact | same bytes |")
    print("|---|---:|---:|---:|---:|---:|---:|---|---|---|")
    with tempfile.TemporaryDirectory() as scratch:
        for name, engine in (("WeasyPrint", weasyprint), ("Typst", typst)):
            for n in (int(s) for s in args.sizes.split(",")):
                items = cases(n)
                first, second = Path(scratch) / f"{name}-{n}-a.pdf", Path(scratch) / f"{name}-{n}-b.pdf"
                start = time.perf_counter()
                engine(items, first)
                seconds = time.perf_counter() - start
                engine(items, second)
                pages, size = len(PdfReader(first).pages), first.stat().st_size
                fonts = subprocess.run(["pdffonts", str(first)], capture_output=True, text=True).stdout.splitlines()[2:]
                embedded = all(row.split()[-5] == "yes" for row in fonts)
                flat = re.sub(r"\s+", "", text_of(first))
                intact = all(re.sub(r"\s+", "", p) in flat for p in items[0][1])
                print(f"| {name} | {n} | {seconds:.2f} | {pages} | {size / 1000:.0f} | {1000 * seconds / pages:.1f} | "
                      f"{size / 1000 / pages:.1f} | {embedded} | {intact} | {first.read_bytes() == second.read_bytes()} |",
                      flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
