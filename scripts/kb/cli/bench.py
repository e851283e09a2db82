"""Benchmark: N synthetic cases (100, 1000, 3000 by default) built by this
project and, as a baseline, as plain Markdown under plain mkdocs-material.

For each N, in a temporary copy of the project, it measures from outside the
process: validation time, `make site` time and peak memory, site size, search
index size, offline zip size, and the time from opening search to the first
result in headless Chromium from file://. Our figures are also given as
ratios to the baseline's from the same run, so the comparison holds on a noisy
machine. Writes results.md, results.json and cost.svg to --out.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from kb.offline.package import write_zip
from kb.bench.baseline import write_baseline
from kb.bench import search_quality
from kb.bench.browser import browser, search
from kb.bench.measure import measure, tree_bytes
from kb.bench import pdf_bench
from kb.bench import bounded
from kb.bench import security_bench
from kb.bench.report import svg_plot, table
from kb.bench.synthetic import write_cases, write_references
from kb.cli import ROOT

BIN = Path(sys.executable).parent
QUERIES = ["合作社", "茶叶", "集体经济", "金刺梨"]  # found by both sites
PROJECT_FILES = ["mkdocs.yml", "sources.yml", "programme.yml", "glossary.yml", "intros.yml", "Makefile",
                 "requirements.txt", "pyproject.toml", "package.json", "package-lock.json"]
PROJECT_DIRS = ["cases", "courses", "handbooks", "docs", "scripts", "overrides"]
TARGETS = {"build_ratio": 1.15, "index_ratio": 1.1, "search_ratio": 1.2, "peak_ratio": 1.5}


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, dest / name)  # copy2 keeps mtimes: make installs nothing
    for name in PROJECT_DIRS:
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    return dest


def commit(project: Path) -> None:
    """build_offline.py takes its version and dates from git."""
    env = {**os.environ, "GIT_AUTHOR_DATE": "2020-12-16T10:46:00", "GIT_COMMITTER_DATE": "2020-12-16T10:46:00"}
    for args in (["init", "-q"], ["add", "-A"],
                 ["-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "-qm", "bench"]):
        subprocess.run(["git", *args], cwd=project, check=True, env=env)


def unzip(zip_path: Path, dest: Path) -> Path:
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(dest)
    (folder,) = dest.iterdir()
    return folder / "site"


def search_ms(chromium, site: Path, queries: list[str]) -> float:
    """Median time from opening search (fresh page) to the first result, from file://."""
    times = []
    for query in queries:
        page = chromium.new_page()
        page.goto((site / "index.html").as_uri())
        page.wait_for_load_state("load")
        start = time.perf_counter()
        results = search(page, query, timeout_ms=120_000)
        times.append((time.perf_counter() - start) * 1000)
        page.close()
        if not results:
            raise RuntimeError(f"search for {query} found nothing in {site}")
    return statistics.median(times)


def largest_case_page(site: Path) -> int:
    pages = [p for p in (site / "cases").glob("*/index.html") if not p.parent.name.startswith("by-")]
    return max(p.stat().st_size for p in pages)


def bench_one(n: int, work: Path, chromium, queries: list[str], repeat: int) -> dict:
    print(f"== N = {n}", flush=True)
    project = copy_project(work / f"ours-{n}")
    write_references(project, write_cases(project, n))
    commit(project)
    env = {"NO_MKDOCS_2_WARNING": "1"}

    base = work / f"base-{n}"
    write_baseline(project, base)
    ours_cmd = ["make", "--no-print-directory", f"VENV={BIN.parent}", "site"]
    base_cmd = [str(BIN / "mkdocs"), "build", "--quiet", "--site-dir", "site"]
    # Alternate ours and the baseline and keep each one's best run, so a
    # burst of load on the machine does not land on one side only.
    runs = [(measure(ours_cmd, project, env), measure(base_cmd, base, env),
             measure([str(BIN / "python"), "scripts/validate.py"], project)) for _ in range(repeat)]
    build = min((r[0] for r in runs), key=lambda r: r.seconds)
    base_build = min((r[1] for r in runs), key=lambda r: r.seconds)
    validate = min((r[2] for r in runs), key=lambda r: r.seconds)
    site = project / "site"
    measure([str(BIN / "python"), "scripts/build_offline.py", "--dist", str(work / f"dist-{n}")], project)
    (zip_path,) = (work / f"dist-{n}").glob("*.zip")
    offline_site = unzip(zip_path, work / f"usb-{n}" / "U盘" / "铜仁 案例库")
    base_zip = work / f"base-{n}.zip"
    write_zip(base / "site", base_zip, 0)

    row = {
        "cases": n,
        "validate_s": validate.seconds,
        "build_s": build.seconds, "base_build_s": base_build.seconds,
        "peak_mb": max(r[0].peak_mb for r in runs), "base_peak_mb": max(r[1].peak_mb for r in runs),
        "site_mb": tree_bytes(site) / 1e6, "base_site_mb": tree_bytes(base / "site") / 1e6,
        "index_mb": (site / "search/search_index.json").stat().st_size / 1e6,
        "base_index_mb": (base / "site/search/search_index.json").stat().st_size / 1e6,
        "zip_mb": zip_path.stat().st_size / 1e6, "base_zip_mb": base_zip.stat().st_size / 1e6,
        "search_ms": search_ms(chromium, offline_site, queries),
        "base_search_ms": search_ms(chromium, base / "site", queries),
        "max_case_page_kb": largest_case_page(site) / 1024,
    }
    for ours, key in (("build_s", "build_ratio"), ("peak_mb", "peak_ratio"), ("site_mb", "site_ratio"),
                      ("index_mb", "index_ratio"), ("zip_mb", "zip_ratio"), ("search_ms", "search_ratio")):
        row[key] = row[ours] / row["base_" + ours]
    row["site_kb_per_case"] = row["site_mb"] * 1000 / n
    row["validate_share_pct"] = 100 * row["validate_s"] / row["build_s"]
    print(table([row]).splitlines()[-1], flush=True)
    shutil.rmtree(project / "site")  # keep the scratch disk small between sizes
    return row


def verdicts(rows: list[dict]) -> list[str]:
    """The issue's targets, checked at N = 1000 (or the size nearest to it)."""
    at = min(rows, key=lambda r: abs(r["cases"] - 1000))
    lines = [f"at N = {at['cases']}:"]
    for key, limit in TARGETS.items():
        lines.append(f"  {key} {at[key]:.2f} (target <= {limit}) {'ok' if at[key] <= limit else 'MISSED'}")
    lines.append(f"  validation {at['validate_share_pct']:.1f}% of build (target < 5%) "
                 f"{'ok' if at['validate_share_pct'] < 5 else 'MISSED'}")
    small, large = rows[0], rows[-1]
    growth = large["site_kb_per_case"] / small["site_kb_per_case"]
    lines.append(f"site KB/case N={large['cases']} / N={small['cases']}: {growth:.2f} (target <= 1.1) "
                 f"{'ok' if growth <= 1.1 else 'MISSED'}")
    biggest = max(r["max_case_page_kb"] for r in rows)
    lines.append(f"largest case page {biggest:.1f} KB (target <= 40) {'ok' if biggest <= 40 else 'MISSED'}")
    return lines


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,3000", help="comma-separated case counts")
    parser.add_argument("--out", default=str(ROOT / "bench-results"), help="folder for the results")
    parser.add_argument("--queries", type=int, default=len(QUERIES), help="how many search queries to time")
    parser.add_argument("--repeat", type=int, default=2, help="builds of each side per size (best one counts)")
    parser.add_argument("--search-quality", action="store_true",
                        help="only the search-quality part: the real content, in Chromium, from file://")
    parser.add_argument("--no-search-quality", action="store_true", help="skip the search-quality part")
    parser.add_argument("--pdf", action="store_true", help="only the PDF part (kb/bench/pdf_bench.py)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF part")
    parser.add_argument("--pdf-sizes", default="30,100,300", help="cases in the one handbook printed by the PDF part")
    parser.add_argument("--no-bounded", action="store_true", help="skip the bounded-input part (kb/bench/bounded.py)")
    parser.add_argument("--bounded", action="store_true", help="only the bounded-input part")
    parser.add_argument("--no-security", action="store_true", help="skip the security part (kb/bench/security_bench.py)")
    parser.add_argument("--security", action="store_true", help="only the security part")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.search_quality or not (args.no_search_quality or args.pdf or args.bounded or args.security):
        print("== search quality (kb/bench/search_quality.py)", flush=True)
        print(search_quality.write(ROOT, out), flush=True)
    if args.search_quality:
        return 0
    if not args.no_pdf:  # kb/bench/pdf_bench.py: seconds and size per page of one printed handbook
        with tempfile.TemporaryDirectory(prefix="kb-bench-pdf-") as scratch:
            pdf_rows, pdf_report = pdf_bench.run([int(s) for s in args.pdf_sizes.split(",")], Path(scratch), args.repeat)
        print(pdf_report, flush=True)
        (out / "pdf.md").write_text(f"Machine: {machine()}\n\n{pdf_report}\n", encoding="utf-8")
        (out / "pdf.json").write_text(json.dumps({"machine": machine(), "rows": pdf_rows}, indent=2), encoding="utf-8")
    if args.pdf:
        return 0
    if not args.no_security:  # kb/bench/security_bench.py: the case.md checker is linear, the sanitiser's cost
        with tempfile.TemporaryDirectory(prefix="kb-bench-site-") as scratch:
            built = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--quiet", "--site-dir",
                                    scratch], cwd=ROOT, capture_output=True)
            _, security_report = security_bench.run(ROOT, Path(scratch) if built.returncode == 0 else None,
                                                    max(3, args.repeat))
        print("== security (kb/bench/security_bench.py)\n" + security_report, flush=True)
        (out / "security.md").write_text(f"Machine: {machine()}\n\n{security_report}\n", encoding="utf-8")
    if args.security:
        return 0
    if not args.no_bounded:  # kb/bench/bounded.py: one case at the length limits, 1x to 1000x the longest real field
        print("== bounded inputs (kb/bench/bounded.py)", flush=True)
        with tempfile.TemporaryDirectory(prefix="kb-bench-bounded-") as scratch:
            bounded_rows, bounded_report = bounded.run(Path(scratch), copy_project, args.repeat)
        print(bounded_report, flush=True)
        (out / "bounded.md").write_text(f"Machine: {machine()}\n\n{bounded_report}\n", encoding="utf-8")
        (out / "bounded.json").write_text(json.dumps({"machine": machine(), "rows": bounded_rows}, indent=2),
                                          encoding="utf-8")
    if args.bounded:
        return 0

    rows = []
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as scratch, browser() as chromium:
        for n in sizes:
            rows.append(bench_one(n, Path(scratch), chromium, QUERIES[: args.queries], args.repeat))

    report = "\n".join([f"Machine: {machine()}", f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}", "",
                        table(rows), "", *verdicts(rows)])
    print("\n" + report)
    (out / "results.md").write_text(report + "\n", encoding="utf-8")
    (out / "results.json").write_text(json.dumps({"machine": machine(), "rows": rows}, indent=2), encoding="utf-8")
    (out / "cost.svg").write_text(svg_plot(rows), encoding="utf-8")
    print(f"\nwritten: {out / 'results.md'}, {out / 'results.json'}, {out / 'cost.svg'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
