"""Benchmark: N synthetic cases (100, 1000, 3000 by default) built by the
pipeline on each engine and, as a baseline, as plain Markdown under plain
MkDocs + Material (its search and offline plugins).

For each N, in a temporary committed copy of the project, for each engine
(mkdocs, zensical), it measures from outside the process (CPU seconds of the
whole process tree, wall seconds, peak resident memory): the full pipeline
(`kb-site site`, what `make site` runs), then on the same staged folder the
engine alone (`kb-site engine`), the finish pass alone (`kb-site finish`) and
the stage alone (`kb-site stage`), best CPU of --repeat, alternating with the
baseline's build and validation. Also: site size, search index size, the USB
edition's zip size (`kb-offline --engine mkdocs`), and the time from opening
search to the first result in headless Chromium from file:// (our search on
the USB edition, Material's on the baseline). Writes results.md, results.json
and cost.svg to --out. The other parts (search quality and speed, PDF,
security, bounded inputs, page weight: a phone's first visit over slow 3G)
write their own files there; --NAME runs only one, --no-NAME leaves it out.
The editing-desk trial (--desk-trial) runs only when asked.
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
from kb.bench import desk_trial, page_weight, search_library_trial, search_quality, search_speed
from kb.bench.browser import browser, material_search, search
from kb.bench.measure import Run, index_bytes, measure, tree_bytes
from kb.bench import pdf_bench
from kb.bench import bounded
from kb.bench import security_bench
from kb.bench.report import edition_table, svg_plot, table
from kb.bench.synthetic import write_cases, write_references
from kb.cli import ROOT

BIN = Path(sys.executable).parent
QUERIES = ["合作社", "茶叶", "集体经济", "金刺梨"]  # found by both sites
PROJECT_FILES = ["mkdocs.yml", "sources.yml", "programme.yml", "glossary.yml", "intros.yml", "Makefile",
                 "requirements.txt", "pyproject.toml", "package.json", "package-lock.json"]
PROJECT_DIRS = ["cases", "courses", "handbooks", "docs", "scripts", "overrides"]
ENGINES = ("mkdocs", "zensical")
# The cost targets (item 6), checked at every N: full pipeline / engine
# alone on the same stage (CPU, peak memory); Zensical's full pipeline / the
# baseline (CPU); finish CPU per MB of site, largest N / smallest N.
CPU_RATIO, PEAK_RATIO, ZENSICAL_BASE_RATIO, FINISH_LINEAR = 1.15, 1.3, 0.8, 1.1
# Earlier targets, still checked at N = 1000 (or the size nearest to it).
TARGETS = {"index_ratio": 1.1}
SEARCH_RATIO, SITE_LINEAR, MAX_CASE_KB, VALIDATE_SHARE = 1.2, 1.1, 40, 5


CONTENT = ("sources.yml", "programme.yml", "glossary.yml", "intros.yml", "cases", "courses", "handbooks")


def copy_project(dest: Path, content: Path | None = None) -> Path:
    """The project; with content, its cases, courses, handbooks and their .yml
    files come from that folder instead (those it has)."""
    dest.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = content / name if content and name in CONTENT else ROOT / name
        if source.exists() or not content:
            shutil.copy2(source, dest / name)  # copy2 keeps mtimes: make installs nothing
    for name in PROJECT_DIRS:
        source = content / name if content and name in CONTENT else ROOT / name
        shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
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


def search_ms(chromium, site: Path, queries: list[str], search_fn=search) -> float:
    """Median time from opening search (fresh page) to the first result, from file://."""
    times = []
    for query in queries:
        page = chromium.new_page()
        page.goto((site / "index.html").as_uri())
        page.wait_for_load_state("load")
        start = time.perf_counter()
        results = search_fn(page, query, timeout_ms=120_000)
        times.append((time.perf_counter() - start) * 1000)
        page.close()
        if not results:
            raise RuntimeError(f"search for {query} found nothing in {site}")
    return statistics.median(times)


def largest_case_page(site: Path) -> int:
    pages = [p for p in (site / "cases").glob("*/index.html") if not p.parent.name.startswith("by-")]
    return max(p.stat().st_size for p in pages)


def best(runs: list[Run]) -> Run:
    """Best CPU and wall time of the repeats; the largest peak (memory does not get lucky)."""
    return Run(min(r.seconds for r in runs), max(r.peak_mb for r in runs), min(r.cpu_s for r in runs))


def bench_one(n: int, work: Path, chromium, queries: list[str], repeat: int, engines=ENGINES,
              content: Path | None = None) -> dict:
    print(f"== N = {n}", flush=True)
    project = copy_project(work / f"ours-{n}", content)
    write_references(project, write_cases(project, n))
    commit(project)
    env = {"NO_MKDOCS_2_WARNING": "1"}

    base = work / f"base-{n}"
    write_baseline(project, base)
    base_cmd = [str(BIN / "mkdocs"), "build", "--quiet", "--site-dir", "site"]
    sites = {e: work / f"site-{n}-{e}" for e in engines}

    def kb_site(command: str, engine: str, *extra: str) -> list[str]:
        return [str(BIN / "kb-site"), command, "--engine", engine, "--work", str(work / f"work-{n}-{engine}"), *extra]

    # Each engine: the full pipeline, then on the stage it left the engine
    # alone, the finish pass alone (on the engine's fresh output) and last the
    # stage alone (it writes a new stage, which the next full run replaces).
    # The repeats alternate with the baseline, so a burst of load on the
    # machine does not land on one side only.
    runs: dict[str, list[Run]] = {}
    for _ in range(repeat):
        for e in engines:
            for part, cmd in (("full", kb_site("site", e, "--site-dir", str(sites[e]))),
                              ("engine", kb_site("engine", e)),
                              ("finish", kb_site("finish", e, "--site-dir", str(work / f"finish-{n}-{e}"))),
                              ("stage", kb_site("stage", e))):
                runs.setdefault((e, part), []).append(measure(cmd, project, env))
        runs.setdefault("base", []).append(measure(base_cmd, base, env))
        runs.setdefault("validate", []).append(measure([str(BIN / "kb-validate"), "--root", str(project)], project))
    base_run, validate = best(runs["base"]), best(runs["validate"])

    # The USB edition from the committed copy: kb-offline packs the project its
    # kb package belongs to, so the copy's own scripts/ comes first.
    dist = work / f"dist-{n}"
    measure([str(BIN / "kb-offline"), "--dist", str(dist), "--engine", "mkdocs"], project,
            {**env, "PYTHONPATH": str(project / "scripts")})
    (zip_path,) = dist.glob("*.zip")
    offline_site = unzip(zip_path, work / f"usb-{n}" / "U盘" / "铜仁 案例库")
    base_zip = work / f"base-{n}.zip"
    write_zip(base / "site", base_zip, 0)

    row = {
        "cases": n,
        "validate_s": validate.seconds, "validate_cpu_s": validate.cpu_s,
        "base_s": base_run.seconds, "base_cpu_s": base_run.cpu_s, "base_peak_mb": base_run.peak_mb,
        "base_site_mb": tree_bytes(base / "site") / 1e6,
        "base_index_mb": (base / "site/search/search_index.json").stat().st_size / 1e6,
        "zip_mb": zip_path.stat().st_size / 1e6, "base_zip_mb": base_zip.stat().st_size / 1e6,
        "search_ms": search_ms(chromium, offline_site, queries),
        "base_search_ms": search_ms(chromium, base / "site", queries, material_search),
        "engines": {},
    }
    row["zip_ratio"] = row["zip_mb"] / row["base_zip_mb"]
    row["search_ratio"] = row["search_ms"] / row["base_search_ms"]
    for e in engines:
        figures = {}
        for part in ("full", "engine", "finish", "stage"):
            r = best(runs[(e, part)])
            figures.update({f"{part}_s": r.seconds, f"{part}_cpu_s": r.cpu_s, f"{part}_peak_mb": r.peak_mb})
        site = sites[e]
        figures["site_mb"] = tree_bytes(site) / 1e6
        figures["site_kb_per_case"] = figures["site_mb"] * 1000 / n
        figures["index_mb"] = index_bytes(site) / 1e6
        figures["index_ratio"] = figures["index_mb"] / row["base_index_mb"]
        figures["cpu_ratio"] = figures["full_cpu_s"] / figures["engine_cpu_s"]
        figures["peak_ratio"] = figures["full_peak_mb"] / figures["engine_peak_mb"]
        figures["base_ratio"] = figures["full_cpu_s"] / row["base_cpu_s"]
        figures["base_peak_ratio"] = figures["full_peak_mb"] / row["base_peak_mb"]
        figures["finish_cpu_s_per_mb"] = figures["finish_cpu_s"] / figures["site_mb"]
        figures["max_case_page_kb"] = largest_case_page(site) / 1024
        figures["validate_share_pct"] = 100 * row["validate_cpu_s"] / figures["full_cpu_s"]
        row["engines"][e] = figures
        print(f"   {e}: " + table([row], e).splitlines()[-1], flush=True)
    print("   USB edition: " + edition_table([row]).splitlines()[-1], flush=True)
    for folder in (*sites.values(), *(work / f"{kind}-{n}-{e}" for kind in ("work", "finish") for e in engines),
                   project, base, dist, work / f"usb-{n}"):
        shutil.rmtree(folder, ignore_errors=True)  # keep the scratch disk small between sizes
    return row


def _mark(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def verdicts(rows: list[dict], engines=ENGINES) -> list[str]:
    """The issue's cost targets at every N, then the earlier ones at N = 1000."""
    lines = ["Cost (CPU seconds of the whole process tree; peak = largest resident set):"]
    for e in engines:
        for row in rows:
            f = row["engines"][e]
            lines.append(f"  {e} N={row['cases']}: full/engine CPU {f['cpu_ratio']:.2f} (target <= {CPU_RATIO}) "
                         f"{_mark(f['cpu_ratio'] <= CPU_RATIO)}; full/engine peak {f['peak_ratio']:.2f} "
                         f"(target <= {PEAK_RATIO}) {_mark(f['peak_ratio'] <= PEAK_RATIO)}")
    if "zensical" in engines:
        for row in rows:
            ratio = row["engines"]["zensical"]["base_ratio"]
            lines.append(f"  zensical N={row['cases']}: full pipeline / plain MkDocs + Material CPU {ratio:.2f} "
                         f"(target <= {ZENSICAL_BASE_RATIO}) {_mark(ratio <= ZENSICAL_BASE_RATIO)}")
    small, large = rows[0], rows[-1]
    for e in engines:
        growth = large["engines"][e]["finish_cpu_s_per_mb"] / small["engines"][e]["finish_cpu_s_per_mb"]
        lines.append(f"  {e}: finish CPU s per MB of site, N={large['cases']} / N={small['cases']}: {growth:.2f} "
                     f"(linear: target <= {FINISH_LINEAR}) {_mark(growth <= FINISH_LINEAR)}")
    at = min(rows, key=lambda r: abs(r["cases"] - 1000))
    lines.append(f"Earlier targets, at N = {at['cases']}:")
    for e in engines:
        f = at["engines"][e]
        for key, limit in TARGETS.items():
            lines.append(f"  {e}: {key} {f[key]:.2f} (target <= {limit}) {_mark(f[key] <= limit)}")
        lines.append(f"  {e}: validation {f['validate_share_pct']:.1f}% of the full pipeline's CPU "
                     f"(target < {VALIDATE_SHARE}%) {_mark(f['validate_share_pct'] < VALIDATE_SHARE)}")
        growth = large["engines"][e]["site_kb_per_case"] / small["engines"][e]["site_kb_per_case"]
        lines.append(f"  {e}: site KB/case N={large['cases']} / N={small['cases']}: {growth:.2f} "
                     f"(target <= {SITE_LINEAR}) {_mark(growth <= SITE_LINEAR)}")
        biggest = max(r["engines"][e]["max_case_page_kb"] for r in rows)
        lines.append(f"  {e}: largest case page {biggest:.1f} KB (target <= {MAX_CASE_KB}) "
                     f"{_mark(biggest <= MAX_CASE_KB)}")
    lines.append(f"  USB edition search_ratio {at['search_ratio']:.2f} (target <= {SEARCH_RATIO}) "
                 f"{_mark(at['search_ratio'] <= SEARCH_RATIO)}")
    return lines


def report(rows: list[dict], engines=ENGINES) -> str:
    parts = []
    for e in engines:
        parts += [f"Engine {e} (full = `kb-site site --engine {e}`; stage, engine, finish each alone on the same "
                  "staged folder; base = plain MkDocs + Material, search + offline plugins, same pages):", "",
                  table(rows, e), ""]
    parts += ["USB edition (`kb-offline --engine mkdocs`, our search) against the baseline's site "
              "(Material's search), from file://:", "", edition_table(rows), "", *verdicts(rows, engines)]
    return "\n".join(parts)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def write_results(rows: list[dict], out: Path) -> str:
    """results.md, results.json and cost.svg for the sizes measured so far."""
    text = "\n".join([f"Machine: {machine()}", f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}", "",
                      report(rows)])
    (out / "results.md").write_text(text + "\n", encoding="utf-8")
    (out / "results.json").write_text(json.dumps({"machine": machine(), "engines": list(ENGINES), "rows": rows},
                                                 indent=2), encoding="utf-8")
    (out / "cost.svg").write_text(svg_plot(rows, ENGINES), encoding="utf-8")
    return text


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,3000", help="comma-separated case counts")
    parser.add_argument("--out", default=str(ROOT / "bench-results"), help="folder for the results")
    parser.add_argument("--queries", type=int, default=len(QUERIES), help="how many search queries to time")
    parser.add_argument("--repeat", type=int, default=2, help="builds of each side per size (best one counts)")
    parser.add_argument("--content", help="the N synthetic cases join the content of this folder (cases, courses, "
                        "handbooks, their .yml files) instead of the project's: a small one keeps a run short")
    parser.add_argument("--search-quality", action="store_true",
                        help="only the search-quality part: the real content, in Chromium, from file://")
    parser.add_argument("--no-search-quality", action="store_true", help="skip the search-quality part")
    parser.add_argument("--search-speed", action="store_true",
                        help="only the search-speed part (kb/bench/search_speed.py): first result and bytes at --sizes")
    parser.add_argument("--no-search-speed", action="store_true", help="skip the search-speed part")
    parser.add_argument("--search-library", action="store_true",
                        help="only the search-library trial (kb/bench/search_library_trial.py): MiniSearch and lunr")
    parser.add_argument("--no-search-library", action="store_true", help="skip the search-library trial")
    parser.add_argument("--desk-trial", action="store_true",
                        help="only the editing-desk trial (kb/bench/desk_trial.py; not part of a full run: it installs "
                             "its pinned npm packages into bench-results/.desk-trial-npm): Decap, Sveltia, json-editor "
                             "with Toast UI or Vditor, and our own desk, in Chromium without network")
    parser.add_argument("--pdf", action="store_true", help="only the PDF part (kb/bench/pdf_bench.py)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF part")
    parser.add_argument("--pdf-sizes", default="30,100,300", help="cases in the one handbook printed by the PDF part")
    parser.add_argument("--no-bounded", action="store_true", help="skip the bounded-input part (kb/bench/bounded.py)")
    parser.add_argument("--bounded", action="store_true", help="only the bounded-input part")
    parser.add_argument("--no-security", action="store_true", help="skip the security part (kb/bench/security_bench.py)")
    parser.add_argument("--page-weight", action="store_true",
                        help="only the page-weight part (kb/bench/page_weight.py): first visit over slow 3G, both engines")
    parser.add_argument("--no-page-weight", action="store_true", help="skip the page-weight part")
    parser.add_argument("--security", action="store_true", help="only the security part")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    only = [name for name in ("search_quality", "search_speed", "search_library", "desk_trial", "pdf", "bounded",
                              "security", "page_weight") if getattr(args, name)]

    def part(name: str) -> bool:  # --NAME runs only that part, --no-NAME leaves it out
        return name in only or not (only or getattr(args, "no_" + name))

    if part("page_weight"):  # kb/bench/page_weight.py: the first visit of two pages, as a phone on slow 3G sees it
        print("== page weight (kb/bench/page_weight.py)", flush=True)
        weight_report = page_weight.run(ROOT)
        print(weight_report, flush=True)
        (out / "page-weight.md").write_text(f"Machine: {machine()}\n\n{weight_report}\n", encoding="utf-8")
    if args.page_weight:
        return 0
    if part("search_quality"):
        print("== search quality (kb/bench/search_quality.py)", flush=True)
        print(search_quality.write(ROOT, out), flush=True)
    if args.search_quality:
        return 0
    if part("search_speed"):
        speed_report = search_speed.run(sizes)
        print(speed_report, flush=True)
        (out / "search-speed.md").write_text(f"Machine: {machine()}\n\n{speed_report}\n", encoding="utf-8")
    if args.search_speed:
        return 0
    if part("search_library"):
        print("== search libraries (kb/bench/search_library_trial.py)", flush=True)
        trial_report = search_library_trial.measure(ROOT)
        print(trial_report, flush=True)
        (out / "search-library.md").write_text(f"Machine: {machine()}\n\n{trial_report}\n", encoding="utf-8")
    if args.search_library:
        return 0
    if args.desk_trial:  # kb/bench/desk_trial.py: which parts the editing desk is made of (only when asked)
        print("== editing desk (kb/bench/desk_trial.py)", flush=True)
        _, desk_report = desk_trial.run(ROOT, out)
        print(desk_report, flush=True)
        (out / "desk-trial.md").write_text(f"Machine: {machine()}\n\n{desk_report}\n", encoding="utf-8")
        return 0
    if part("pdf"):  # kb/bench/pdf_bench.py: seconds and size per page of one printed handbook
        with tempfile.TemporaryDirectory(prefix="kb-bench-pdf-") as scratch:
            pdf_rows, pdf_report = pdf_bench.run([int(s) for s in args.pdf_sizes.split(",")], Path(scratch), args.repeat)
        print(pdf_report, flush=True)
        (out / "pdf.md").write_text(f"Machine: {machine()}\n\n{pdf_report}\n", encoding="utf-8")
        (out / "pdf.json").write_text(json.dumps({"machine": machine(), "rows": pdf_rows}, indent=2), encoding="utf-8")
    if args.pdf:
        return 0
    if part("security"):  # kb/bench/security_bench.py: the case.md checker is linear, the sanitiser's cost
        with tempfile.TemporaryDirectory(prefix="kb-bench-site-") as scratch:
            site, work = Path(scratch) / "site", Path(scratch) / "work"
            built = subprocess.run([str(BIN / "kb-site"), "site", "--root", str(ROOT), "--site-dir", str(site),
                                    "--work", str(work)], cwd=ROOT, capture_output=True)
            _, security_report = security_bench.run(ROOT, site if built.returncode == 0 else None,
                                                    max(3, args.repeat))
        print("== security (kb/bench/security_bench.py)\n" + security_report, flush=True)
        (out / "security.md").write_text(f"Machine: {machine()}\n\n{security_report}\n", encoding="utf-8")
    if args.security:
        return 0
    if part("bounded"):  # kb/bench/bounded.py: one case at the length limits, 1x to 1000x the longest real field
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
            rows.append(bench_one(n, Path(scratch), chromium, QUERIES[: args.queries], args.repeat,
                                  content=Path(args.content).resolve() if args.content else None))
            # Written after every size: a run stopped during a large N keeps the smaller ones.
            text = write_results(rows, out)
    print("\n" + text)
    print(f"\nwritten: {out / 'results.md'}, {out / 'results.json'}, {out / 'cost.svg'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
