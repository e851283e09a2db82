"""Security part of the benchmark: what the case.md checker and the
sanitiser cost, on pathological and on ordinary input.

The checker (kb.markdown_check) must stay linear in its input: one line of
`<a ` repeated 84,000 times (252 KB) took the old line-regex checker 95 s,
and Python-Markdown itself is quadratic on it (4,000: 3.5 s; 16,000: 55 s),
so the checker refuses such paragraphs before rendering anything. The
figures: seconds for 1,000 to 84,000 repetitions (best of --repeat) and the
time per KB, which must not grow with the size; a pasted 2,000-row HTML table
(well-formed tags, rendered and walked in full); the sanitiser's
milliseconds per page of the real site.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from kb.check.markdown_check import check_markdown
from kb.finish.sanitize import sanitize
from kb.content.textfile import TextFile

SIZES = (21_000, 84_000, 336_000)  # from 64 KB up: below that the CPU cache flatters small inputs
TARGET = 4.0  # time per KB, largest / smallest size: quadratic would be 16x; memory effects give up to ~3x


def _best(repeat: int, work) -> float:
    times = []
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def _check(root: Path, body: str) -> list:
    path = root / "cases" / "bench" / "case.md"
    return check_markdown(TextFile(path, "cases/bench/case.md", "## 背景\n\n" + body + "\n"))


def run(root: Path, site: Path | None, repeat: int = 3) -> tuple[list[dict], str]:
    rows = []
    for unit, name in (("<a ", "`<a ` ×"), ("[", "`[` ×")):
        for n in SIZES:
            body = unit * n
            seconds = _best(repeat, lambda: _check(root, body))
            kb = len(body.encode("utf-8")) / 1024
            rows.append({"input": f"{name} {n:,}", "kb": kb, "seconds": seconds, "ms_per_kb": seconds * 1000 / kb,
                         "messages": len(_check(root, body))})
    table = "<table>\n" + "<tr><td>村</td><td>亩</td></tr>\n" * 2000 + "</table>"
    seconds = _best(repeat, lambda: _check(root, table))
    kb = len(table.encode("utf-8")) / 1024
    rows.append({"input": "HTML table, 2,000 rows", "kb": kb, "seconds": seconds, "ms_per_kb": seconds * 1000 / kb,
                 "messages": len(_check(root, table))})
    lines = ["| input | KB | checker s | ms/KB | messages |", "| --- | ---: | ---: | ---: | ---: |"]
    lines += [f"| {r['input']} | {r['kb']:.0f} | {r['seconds']:.3f} | {r['ms_per_kb']:.3f} | {r['messages']} |"
              for r in rows]
    for unit in ("`<a `", "`[`"):
        mine = [r for r in rows if r["input"].startswith(unit)]
        growth = mine[-1]["ms_per_kb"] / mine[0]["ms_per_kb"]
        lines.append(f"\n{unit}: time per KB grows {growth:.1f}x from {SIZES[0]:,} to {SIZES[-1]:,} "
                     f"({'linear: ok' if growth <= TARGET else 'NOT linear'}; quadratic would be 16x, target ≤ {TARGET}x)")
    if site and site.is_dir():
        pages = [p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))]
        contents = [m.group(0) for m in (re.search(r"<article.*?</article>", p, re.S) for p in pages) if m]
        seconds = _best(repeat, lambda: [sanitize(c) for c in contents])
        lines.append(f"\nSanitiser: {seconds * 1000 / max(1, len(contents)):.2f} ms per page "
                     f"({len(contents)} pages of the real site)")
    return rows, "\n".join(lines)
