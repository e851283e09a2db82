"""The search-library trial: would MiniSearch or lunr (npm, pinned in
package-lock.json) do the scoring better than our own, at what cost?

Both index exactly the sections our index holds (kb.search.index.sections),
cut the same way, with the same field weights and page classes; the query's
question words are dropped for them too. Measured in node (search_library_trial.js):
the serialized index at N = 1000 synthetic cases, which a browser must
download whole and load on every page it searches from (neither library
can fetch only the part a query needs), the load and query times, and
hit@1 on the real content's dev and held-out query sets, beside ours.

    kb-bench --search-library
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from pathlib import Path

from kb.bench.search_quality import SETS, rank
from kb.finish.finish import page_path, page_url
from kb.search.index import sections
from kb.stage.stage import MANIFEST

ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
SCRIPT = Path(__file__).with_name("search_library_trial.js")


def documents(site: Path, work: Path) -> list[dict]:
    """The sections of every searched page of a built site, as our index has them."""
    manifest = json.loads((work / "stage" / MANIFEST).read_text(encoding="utf-8"))
    docs = []
    for src, meta in manifest["pages"].items():
        if not meta["searchable"]:
            continue
        rel = page_path(src, manifest["use_directory_urls"])
        found = ARTICLE.search((site / rel).read_text(encoding="utf-8"))
        for _, heading, text in sections(found.group(1) if found else ""):
            docs.append({"url": page_url(rel).replace(".html", "/"), "title": meta["title"],
                         "heading": heading, "text": text, "rank": meta["rank"]})
    return docs


def run_node(sets: dict, scratch: Path) -> dict:
    data = scratch / "trial.json"
    data.write_text(json.dumps({"sets": sets}, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(["node", str(SCRIPT), str(data)], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[3])
    return json.loads(done.stdout)


def measure(root: Path, big: int = 1000) -> str:
    from kb.bench.search_speed import synthetic_site
    from kb.pipeline import build_site
    with tempfile.TemporaryDirectory(prefix="kb-search-trial-") as scratch:
        scratch = Path(scratch)
        build_site(root, scratch / "real", "mkdocs", offline=True, work=scratch / "real-work")
        real = documents(scratch / "real", scratch / "real-work")
        synthetic = documents(*synthetic_site(big, scratch)[:2])
        quality = {name: queries for name, queries in SETS.items() if name != "tuned"}
        flat = {name: {q: e for kind in kinds.values() for q, e in kind.items()} for name, kinds in quality.items()}
        sets = {name: {"docs": real, "queries": list(queries)} for name, queries in flat.items()}
        sets[f"N={big}"] = {"docs": synthetic, "queries": ["茶叶", "合作社怎么分红", "村集体经济收入", "利益联结机制"]}
        out = run_node(sets, scratch)
    lines = [f"| library | hit@1 dev | hit@1 held-out | index at N = {big} (downloaded whole) MB | "
             "load ms (parse + library) | query ms |", "|---|---:|---:|---:|---:|---:|"]
    for library in sorted({r["library"] for r in out.values()}):
        hit = {}
        for name, queries in flat.items():
            answers = out[f"{library}|{name}"]["answers"]
            hit[name] = sum(1 for q, e in queries.items() if rank(answers[q], e) == 1) / len(queries)
        size = out[f"{library}|N={big}"]
        lines.append(f"| {library} | {hit['dev']:.1%} | {hit['held-out']:.1%} | {size['bytes'] / 1e6:.1f} | "
                     f"{size['loadMs']:.0f} | {size['queryMs']:.1f} |")
    return "\n".join(lines)
