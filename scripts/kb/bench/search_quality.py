"""Search quality: does the real search, in the real browser, from file://,
put the right page first? Reports hit@1, hit@3 and MRR (over the five
results shown first) by kind of query, for three query sets:

  tuned     kb/bench/search_queries.py: written with the search, tuned to
  dev       kb/bench/search_queries_dev.py: written from the content before
            the search ran; the search may be tuned to it
  held-out  kb/bench/search_queries_heldout.py: written the same way and never
            tuned to: only its figures are printed, never its misses

    python scripts/bench.py --search-quality        (this part only)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from kb.bench.browser import browser, search
from kb.bench import search_queries, search_queries_dev, search_queries_heldout

SETS = {"tuned": search_queries.KINDS, "dev": search_queries_dev.QUERIES, "held-out": search_queries_heldout.QUERIES}
SHOW_MISSES = ("tuned", "dev")

TARGET_HIT1 = 0.95


def page_of(link: str, base: str) -> str:
    """'file:///…/site/cases/daba.html#x' -> 'cases/daba/'."""
    path = link[len(base):] if link.startswith(base) else link
    path = path.split("#")[0].split("?")[0]
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    elif path.endswith(".html"):
        path = path[: -len(".html")] + "/"
    return path


def build_offline(root: Path, site: Path, engine: str = "mkdocs") -> None:
    """The USB edition's site (file:// links and search), built by the pipeline."""
    from kb.pipeline import build_site
    build_site(root, site, engine, offline=True, work=site.parent / "work")


def rank(results: list[str], expected) -> int | None:
    """1-based rank of the first right page among distinct result pages."""
    right = {expected} if isinstance(expected, str) else set(expected)
    pages = list(dict.fromkeys(results))
    return next((i for i, page in enumerate(pages, start=1) if page in right), None)


def run(site: Path, chromium, kinds: dict = search_queries.KINDS, base: str | None = None) -> dict:
    """base: where the site is opened (file:// by default; a server's URL to compare)."""
    base = base or site.as_uri() + "/"
    page = chromium.new_page()
    page.goto(base + ("index.html" if base.startswith("file:") else ""))
    page.wait_for_load_state("load")
    rows = []
    for kind, queries in kinds.items():
        for query, expected in queries.items():
            results = [page_of(link, base) for link in search(page, query, timeout_ms=60_000)]
            rows.append({"kind": kind, "query": query, "expected": expected, "rank": rank(results, expected),
                         "top": list(dict.fromkeys(results))[:3]})
    page.close()
    return {"rows": rows, **summary(rows), "by_kind": {k: summary([r for r in rows if r["kind"] == k]) for k in kinds}}


def summary(rows: list[dict]) -> dict:
    n = len(rows) or 1
    return {"queries": len(rows),
            "hit1": sum(1 for r in rows if r["rank"] == 1) / n,
            "hit3": sum(1 for r in rows if r["rank"] and r["rank"] <= 3) / n,
            "mrr": sum(1 / r["rank"] for r in rows if r["rank"]) / n}


def report(result: dict, name: str = "tuned") -> str:
    lines = [f"### {name}", "", "| kind | queries | hit@1 | hit@3 | MRR |", "|---|---:|---:|---:|---:|"]
    for kind, s in [*result["by_kind"].items(), ("all", result)]:
        lines.append(f"| {kind} | {s['queries']} | {s['hit1']:.1%} | {s['hit3']:.1%} | {s['mrr']:.3f} |")
    misses = [r for r in result["rows"] if r["rank"] != 1]
    if misses and name in SHOW_MISSES:
        lines += ["", "Not first:"]
        lines += [f"  {r['query']} ({r['kind']}): rank {r['rank'] or '-'}, expected {r['expected']}, got {r['top']}"
                  for r in misses]
    ok = result["hit1"] >= TARGET_HIT1
    lines += ["", f"hit@1 {result['hit1']:.1%} (target >= {TARGET_HIT1:.0%}) {'ok' if ok else 'MISSED'}", ""]
    return "\n".join(lines)


def measure(root: Path) -> tuple[dict, str]:
    with tempfile.TemporaryDirectory(prefix="kb-search-quality-") as scratch, browser() as chromium:
        site = Path(scratch) / "site"
        build_offline(root, site)
        results = {name: run(site, chromium, kinds) for name, kinds in SETS.items()}
    return results, "\n".join(report(r, name) for name, r in results.items())


def write(root: Path, out: Path) -> str:
    """Measure on the project at root; write search-quality.md / .json to out."""
    import json
    result, text = measure(root)
    out.mkdir(parents=True, exist_ok=True)
    (out / "search-quality.md").write_text(text + "\n", encoding="utf-8")
    (out / "search-quality.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return text
