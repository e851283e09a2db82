"""Bounded inputs: what one case with very long text costs the build.

One synthetic case is added to a copy of the real project. Its text fields
are the longest real value of each field repeated 1, 10, 100 and 1000 times,
each cut at its limit (kb/limits.py; case.md at its 256 KB file limit), so at
the larger factors every field is as long as the validator allows. For each
factor: the full pipeline's (`kb-site site`, what `make site` runs) wall and
CPU time (best of --repeat; CPU time is the figure that counts on a shared
machine), search index size (site/search/*.js, kb/search/index.py) and the case
page's size, against the real project without the case. The cost per added
character must not grow with the length (growth at most linear): an 8,000
character county used to take 240 s and a 96 MB index because jieba's
dictionary held every prefix and `subwords` every suffix of it.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import yaml

from kb.content.limits import LIMITS, LONG
from kb.content.loading import MARKDOWN_LIMIT
from kb.check.validation import validate
from kb.bench.measure import index_bytes, measure

FACTORS = (1, 10, 100, 1000)
SHORT = ("county", "township", "village", "title")
TARGET = 1.5  # cost per character at the largest factor / at factor 100
COLUMNS = [("factor", "factor", "{:d}"), ("chars", "chars", "{:d}"), ("longest field", "longest", "{:d}"),
           ("build s", "build_s", "{:.1f}"), ("CPU s", "cpu_s", "{:.1f}"), ("+CPU s", "extra_cpu_s", "{:.2f}"),
           ("index KB", "index_kb", "{:.0f}"), ("+index KB", "extra_index_kb", "{:.0f}"),
           ("page KB", "page_kb", "{:.0f}"), ("index B/char", "index_bytes_per_char", "{:.1f}"),
           ("CPU µs/char", "cpu_us_per_char", "{:.1f}")]


def longest_real(root: Path) -> dict[str, str]:
    """The longest real value of each field the synthetic case scales."""
    col, _ = validate(root)
    cases = [item.model for item in col.cases.values()]
    best: dict[str, str] = {}

    def keep(key: str, value):
        if value and len(str(value)) > len(best.get(key, "")):
            best[key] = str(value)

    for case in cases:
        for key in ("county", "township", "village"):
            keep(key, getattr(case.place, key))
        keep("title", case.title)
        keep("summary", case.summary)
        for value in case.industries:
            keep("industries", value)
        for value in case.themes:
            keep("themes", value)
    for item in col.cases.values():
        for text in item.narrative.values():
            for paragraph in text.split("\n\n"):
                keep("paragraph", paragraph.replace("\n", ""))
    best["source"] = next(iter(col.sources))
    return best


def _grow(text: str, factor: int, limit: int) -> str:
    return (text * factor)[:limit]


def write_case(project: Path, real: dict[str, str], factor: int) -> tuple[int, int]:
    """The synthetic case at one factor: (characters written, longest field)."""
    limit = {key: LIMITS.get(key, 500) for key in (*SHORT, "industries", "themes")}
    fields = {key: _grow(real[key], factor, limit[key]) for key in SHORT}
    summary = _grow(real["summary"], factor, LONG)
    data = {
        "id": "bounded", "title": fields["title"], "status": "draft",
        "place": {"province": "贵州省", "city": "铜仁市", "county": fields["county"],
                  "township": fields["township"], "village": fields["village"]},
        "industries": [_grow(real["industries"], factor, limit["industries"])],
        "themes": [_grow(real["themes"], factor, limit["themes"])],
        "summary": summary, "sources": [real["source"]],
    }
    # case.md: the longest real paragraph, factor times, in paragraphs, up to the file limit.
    paragraph = real["paragraph"]
    count = factor
    body = "\n\n".join([paragraph] * count)
    while len(body.encode("utf-8")) > MARKDOWN_LIMIT - 200:
        count = math.floor(count * 0.9)
        body = "\n\n".join([paragraph] * count)
    folder = project / "cases" / "bounded"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "case.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6),
                                     encoding="utf-8")
    (folder / "case.md").write_text(f"## 背景\n\n{body}\n\n## 做法\n\n待补充。\n", encoding="utf-8")
    values = [*fields.values(), summary, body, data["industries"][0], data["themes"][0]]
    return sum(map(len, values)), max(map(len, values))


def build(project: Path, repeat: int) -> tuple[float, float, int, int]:
    """(wall s, CPU s, index bytes, case page bytes) of the pipeline, best of repeat."""
    cmd = [str(Path(sys.executable).parent / "kb-site"), "site", "--engine", "mkdocs",
           "--work", str(project / "build"), "--site-dir", "site"]
    runs = [measure(cmd, project) for _ in range(repeat)]
    wall, cpu = min(r.seconds for r in runs), min(r.cpu_s for r in runs)
    site = project / "site"
    page = site / "cases" / "bounded" / "index.html"
    return wall, cpu, index_bytes(site), page.stat().st_size if page.exists() else 0


def run(work: Path, copy_project, repeat: int = 1, factors=FACTORS) -> tuple[list[dict], str]:
    base_project = copy_project(work / "bounded-base")
    real = longest_real(base_project)
    base_s, base_cpu, base_index, _ = build(base_project, repeat)
    rows = []
    for factor in factors:
        project = copy_project(work / f"bounded-{factor}")
        chars, longest = write_case(project, real, factor)
        seconds, cpu, index, page = build(project, repeat)
        extra_s, extra_index = max(cpu - base_cpu, 0.0), max(index - base_index, 0)
        rows.append({"factor": factor, "chars": chars,
                     "longest": longest,
                     "build_s": seconds, "cpu_s": cpu, "extra_cpu_s": extra_s, "index_kb": index / 1024,
                     "extra_index_kb": extra_index / 1024, "page_kb": page / 1024,
                     "index_bytes_per_char": extra_index / chars, "cpu_us_per_char": extra_s * 1e6 / chars})
        print(f"   bounded x{factor}: {chars} chars, build {seconds:.1f} s ({cpu:.1f} s CPU), "
              f"index {index / 1024:.0f} KB", flush=True)
    return rows, report(rows, base_s, base_cpu, base_index)


def report(rows: list[dict], base_s: float, base_cpu: float, base_index: int) -> str:
    head = "| " + " | ".join(c[0] for c in COLUMNS) + " |"
    rule = "|" + "|".join("---:" for _ in COLUMNS) + "|"
    lines = ["Bounded inputs: one case whose fields are the longest real ones x factor (cut at each field's limit)",
             f"real project without it: build {base_s:.1f} s ({base_cpu:.1f} s CPU), index {base_index / 1024:.0f} KB",
             "", head, rule]
    lines += ["| " + " | ".join(fmt.format(row[key]) for _, key, fmt in COLUMNS) + " |" for row in rows]
    ten = next((r for r in rows if r["factor"] == 100), rows[0])  # large enough to rise above the noise
    last = rows[-1]
    growth = last["index_bytes_per_char"] / ten["index_bytes_per_char"] if ten["index_bytes_per_char"] else 0.0
    cpu_growth = last["cpu_us_per_char"] / ten["cpu_us_per_char"] if ten["cpu_us_per_char"] else 0.0
    lines += ["", f"index bytes per character, x{last['factor']} / x{ten['factor']}: {growth:.2f} "
                  f"(target <= {TARGET}: growth at most linear) {'ok' if growth <= TARGET else 'MISSED'}",
              f"build CPU per character, x{last['factor']} / x{ten['factor']}: {cpu_growth:.2f} "
              f"(target <= {TARGET}) {'ok' if cpu_growth <= TARGET else 'MISSED'}",
              f"build CPU added at x{last['factor']}: {last['extra_cpu_s']:.2f} s for {last['chars']} characters"]
    return "\n".join(lines)
