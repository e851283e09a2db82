"""PDF benchmark: one handbook of N synthetic cases (30, 100, 300 by default).

For each N, a scratch project holds N synthetic cases (kb/bench/synthetic.py) in
one handbook of ten cases per chapter. The handbook is printed as `make pdf`
prints it (kb.pdf: HTML from the site's renderers, WeasyPrint), timed in one
warm process, best of --repeat. Reported: seconds, pages, MB, and the cost
per page (ms and KB); the target is that a page of the 300-case handbook
costs at most 1.1x a page of the 30-case one.
"""

from __future__ import annotations

import time
from pathlib import Path

from kb.bench.synthetic import write_cases

TARGET = 1.1
COLUMNS = [("cases", "cases", "{:d}"), ("pages", "pages", "{:d}"), ("PDF s", "pdf_s", "{:.1f}"),
           ("CPU s", "cpu_s", "{:.1f}"), ("PDF MB", "pdf_mb", "{:.2f}"), ("ms/page", "ms_per_page", "{:.1f}"),
           ("CPU ms/page", "cpu_ms_per_page", "{:.1f}"), ("KB/page", "kb_per_page", "{:.1f}")]

PROGRAMME = "id: programme\ntitle: 合成培训项目\nstatus: draft\nsummary: 基准测试用的合成项目。\n"
SOURCES = "sources:\n  - id: bench-source\n    title: 基准测试用合成来源（不是真实文献）\n    note: 合成数据，没有网址\n"


def write_project(root: Path, n: int) -> None:
    (root / "handbooks" / "bench").mkdir(parents=True)
    (root / "sources.yml").write_text(SOURCES, encoding="utf-8")
    (root / "programme.yml").write_text(PROGRAMME, encoding="utf-8")
    ids = write_cases(root, n)
    chapters = [ids[i:i + 10] for i in range(0, len(ids), 10)]
    (root / "handbooks" / "bench" / "preface.md").write_text("基准测试用的合成手册前言。\n", encoding="utf-8")
    (root / "handbooks" / "bench" / "handbook.yml").write_text("\n".join([
        "id: bench", f"title: 合成案例汇编（{n} 个案例）", "status: published", "publisher: 合成编印单位",
        "edition: 第一版", "date: 2020-12", "audience: 基准测试", "preface: preface.md", "chapters:",
        *(f"  - {{title: 合成专题{c + 1}, cases: [{', '.join(chapter)}]}}" for c, chapter in enumerate(chapters)),
        ""]), encoding="utf-8")


def bench_pdf(n: int, work: Path, repeat: int = 1) -> dict:
    from kb.pdf.documents import handbook_html  # WeasyPrint loads only for this part
    from kb.pdf.build import write_documents
    from kb.check.validation import validate

    project = work / f"pdf-{n}"
    write_project(project, n)
    col, problems = validate(project)
    errors = [p for p in problems if not p.is_warning]
    if errors:
        raise RuntimeError("\n".join(map(str, errors[:5])))
    target = project / "bench.pdf"
    best, cpu, pages = None, None, 0
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        # As make pdf prints it: the fonts cut to the book's characters, then the book.
        [(_, pages)] = write_documents([(target.name, handbook_html(col.handbooks["bench"], col, "bench", "A4"))],
                                       project, project)
        seconds, used = time.perf_counter() - start, time.process_time() - start_cpu
        best = seconds if best is None else min(best, seconds)
        cpu = used if cpu is None else min(cpu, used)
    size = target.stat().st_size
    return {"cases": n, "pages": pages, "pdf_s": best, "cpu_s": cpu, "pdf_mb": size / 1e6,
            "ms_per_page": 1000 * best / pages, "cpu_ms_per_page": 1000 * cpu / pages, "kb_per_page": size / 1000 / pages}


def table(rows: list[dict]) -> str:
    lines = ["| " + " | ".join(c[0] for c in COLUMNS) + " |", "|" + "|".join("---:" for _ in COLUMNS) + "|"]
    lines += ["| " + " | ".join(fmt.format(row[key]) for _, key, fmt in COLUMNS) + " |" for row in rows]
    return "\n".join(lines)


def verdict(rows: list[dict]) -> str:
    small, large = rows[0], rows[-1]
    # CPU time: on a shared 2-core machine the wall clock also measures the neighbours.
    ratio = large["cpu_ms_per_page"] / small["cpu_ms_per_page"]
    wall = large["ms_per_page"] / small["ms_per_page"]
    return (f"PDF CPU cost per page N={large['cases']} / N={small['cases']}: {ratio:.2f} (target <= {TARGET}) "
            f"{'ok' if ratio <= TARGET else 'MISSED'}; wall clock {wall:.2f}")


def run(sizes: list[int], work: Path, repeat: int = 1) -> tuple[list[dict], str]:
    rows = []
    for n in sizes:
        print(f"== PDF, one handbook of {n} cases", flush=True)
        rows.append(bench_pdf(n, work, repeat))
        print(table(rows[-1:]).splitlines()[-1], flush=True)
    return rows, "\n".join(["PDF (one handbook, A4, WeasyPrint):", "", table(rows), "", verdict(rows)])
