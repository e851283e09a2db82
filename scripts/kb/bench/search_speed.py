"""Search speed and bytes at N = 100, 1000, 3000 synthetic cases, in
headless Chromium, on the USB edition's site (the same files online):

  first result   from the first keystroke on a freshly opened search page
                 to the first result shown, from file:// and over http
                 (median and slowest over the queries; each on a fresh page)
  bytes          of the index fetched for that first query (http), and on
                 loading a case page (goal: none)
  index          the size of site/search/ on disk, and its largest file

    kb-bench --search-speed [--sizes 100,1000,3000]
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from kb.bench.browser import browser, serve

# Written for the synthetic corpus (kb/bench/synthetic.py) before timing:
# its industries, themes, a question, run-together words, pinyin, traditional.
QUERIES = ["茶叶", "合作社怎么分红", "村集体经济收入", "利益联结机制", "土地撂荒怎么办", "电商助农",
           "hezuoshe", "産銷對接", "后备干部培训", "乡风文明村规民约"]
GOAL_MS, GOAL_KB = 150, 300

# Runs in the page: type the query as a reader does (an input event), then
# wait for the first result answering it; the time between, in ms.
TYPE_AND_TIME = """q => new Promise((resolve, reject) => {
    const input = document.querySelector('input[type="search"][name="q"]');
    const list = document.getElementById('kb-results');
    const start = performance.now();
    input.value = q;
    input.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertText'}));
    const done = () => list.getAttribute('data-query') === q && list.getAttribute('aria-busy') === 'false';
    const check = () => { if (done()) { observer.disconnect(); resolve([performance.now() - start, list.querySelectorAll('a').length]); } };
    const observer = new MutationObserver(check);
    observer.observe(list, {attributes: true, childList: true});
    setTimeout(() => { observer.disconnect(); reject(new Error('no answer for ' + q)); }, 60000);
})"""


def first_results(chromium, search_url: str, queries=QUERIES, pause_ms: int = 0) -> dict:
    """pause_ms: how long after the page shows the first key is pressed (0:
    at once, the worst case; a reader takes a second or so to start typing)."""
    times, fetched = [], []
    for query in queries:
        page = chromium.new_page()
        sizes: list[int] = []
        page.on("requestfinished", lambda r: sizes.append(_size(r)) if "/search/" in r.url and r.url.endswith(".js") else None)
        page.goto(search_url)
        page.wait_for_selector('input[type="search"][name="q"]')
        page.wait_for_timeout(pause_ms)
        ms, found = page.evaluate(TYPE_AND_TIME, query)
        if not found:
            raise RuntimeError(f"search for {query} found nothing at {search_url}")
        times.append(ms)
        fetched.append(sum(sizes))
        page.close()
    return {"median_ms": statistics.median(times), "max_ms": max(times),
            "median_kb": statistics.median(fetched) / 1000, "max_kb": max(fetched) / 1000}


def _size(request) -> int:
    try:
        return request.sizes()["responseBodySize"]
    except Exception:  # file:// has no sizes
        return 0


def page_load_bytes(chromium, url: str) -> int:
    page = chromium.new_page()
    sizes: list[int] = []
    page.on("requestfinished", lambda r: sizes.append(_size(r)) if "/search/" in r.url else None)
    page.goto(url)
    page.wait_for_load_state("load")
    page.close()
    return sum(sizes)


def synthetic_site(n: int, work: Path) -> tuple[Path, Path, list[str]]:
    """The USB edition's site of a copy of the project with n synthetic cases:
    (site, the pipeline's work folder, the case ids)."""
    from kb.bench.synthetic import write_cases, write_references
    from kb.cli.bench import commit, copy_project
    from kb.pipeline import build_site
    project = copy_project(work / f"project-{n}")
    case_ids = write_cases(project, n)
    write_references(project, case_ids)
    commit(project)
    site, stages = work / f"site-{n}", work / f"work-{n}"
    build_site(project, site, "mkdocs", offline=True, work=stages)
    return site, stages, case_ids


def measure(n: int, work: Path, chromium) -> dict:
    site, _, case_ids = synthetic_site(n, work)
    files = list((site / "search").glob("*.js"))
    row = {"n": n, "index_mb": sum(p.stat().st_size for p in files) / 1e6,
           "largest_kb": max(p.stat().st_size for p in files) / 1000, "files": len(files)}
    row["file"] = first_results(chromium, (site / "search.html").as_uri())
    row["file_paused"] = first_results(chromium, (site / "search.html").as_uri(), pause_ms=1000)
    with serve(site) as base:
        row["http"] = first_results(chromium, base + "search.html")
        row["load_bytes"] = page_load_bytes(chromium, base + f"cases/{case_ids[0]}.html")
    return row


def report(rows: list[dict]) -> str:
    lines = ["| N | first result file:// median / max ms | file://, typed 1 s after opening | over http median / max ms | "
             "bytes for a first query median / max KB | index bytes on page load | index on disk MB (files, largest KB) |",
             "|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        f, p, h = r["file"], r["file_paused"], r["http"]
        lines.append(f"| {r['n']} | {f['median_ms']:.0f} / {f['max_ms']:.0f} | {p['median_ms']:.0f} / {p['max_ms']:.0f} | "
                     f"{h['median_ms']:.0f} / {h['max_ms']:.0f} | "
                     f"{h['median_kb']:.0f} / {h['max_kb']:.0f} | {r['load_bytes']} | "
                     f"{r['index_mb']:.1f} ({r['files']}, {r['largest_kb']:.0f}) |")
    at = next((r for r in rows if r["n"] == 1000), rows[-1])
    ok_ms = at["file"]["median_ms"] <= GOAL_MS and at["http"]["median_ms"] <= GOAL_MS
    ok_kb = at["http"]["max_kb"] <= GOAL_KB
    lines += ["", f"N = {at['n']}: first result median <= {GOAL_MS} ms {'ok' if ok_ms else 'MISSED'}; "
                  f"bytes for a first query <= {GOAL_KB} KB (slowest query) {'ok' if ok_kb else 'MISSED'}; "
                  f"index bytes on page load 0 {'ok' if at['load_bytes'] == 0 else 'MISSED'}"]
    return "\n".join(lines)


def run(sizes=(100, 1000, 3000)) -> str:
    with tempfile.TemporaryDirectory(prefix="kb-search-speed-") as scratch, browser() as chromium:
        rows = []
        for n in sizes:
            print(f"== search speed, N = {n}", flush=True)
            rows.append(measure(n, Path(scratch), chromium))
    return report(rows)
