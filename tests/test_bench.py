"""The benchmark runs end to end at a tiny size, so it cannot rot. It is not
a timed test: it only checks that every figure is produced and positive. Its
N synthetic cases join the small fixture project's content (kb-bench
--content), not the real content, which the other tests build: the same
figures in a quarter less time."""

import json
import subprocess

from conftest import FIXTURE, VENV_BIN

from kb.bench.report import EDITION_COLUMNS, ENGINE_COLUMNS, engine_row, svg_plot
from kb.cli.bench import ENGINES, report

PARTS = ("full", "engine", "finish", "stage")


def test_bench_produces_every_figure(tmp_path):
    result = subprocess.run([str(VENV_BIN / "kb-bench"), "--sizes", "3", "--content", str(FIXTURE),
                             "--queries", "1", "--repeat", "1",
                             "--no-search-quality", "--no-search-speed", "--no-search-library", "--no-bounded",
                             "--no-page-weight",  # measured in tests/test_page_weight.py, on the real build
                             "--pdf-sizes", "2,4", "--out", str(tmp_path)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    data = json.loads((tmp_path / "results.json").read_text())
    assert data["engines"] == list(ENGINES) == ["mkdocs", "zensical"]
    rows = data["rows"]
    assert [r["cases"] for r in rows] == [3]
    for row in rows:
        for engine in ENGINES:
            figures = engine_row(row, engine)
            for _, key, _ in ENGINE_COLUMNS + EDITION_COLUMNS:
                assert isinstance(figures[key], (int, float)) and figures[key] > 0, (engine, key)
            for part in PARTS:  # CPU, wall and peak of each stage alone and of the whole pipeline
                for key in (f"{part}_cpu_s", f"{part}_s", f"{part}_peak_mb"):
                    assert figures[key] > 0, (engine, key)
    table = (tmp_path / "results.md").read_text(encoding="utf-8")
    assert "full/engine CPU" in table and "Engine zensical" in table and "USB edition" in table
    assert "full/engine peak" in table and "plain MkDocs + Material CPU" in table and "finish CPU s per MB" in table
    assert (tmp_path / "cost.svg").read_text().startswith("<svg")
    pdf_rows = json.loads((tmp_path / "pdf.json").read_text())["rows"]  # kb/bench/pdf_bench.py
    assert [r["cases"] for r in pdf_rows] == [2, 4]
    assert all(r[key] > 0 for r in pdf_rows for key in ("pdf_s", "pages", "ms_per_page", "kb_per_page"))
    assert "PDF CPU cost per page" in (tmp_path / "pdf.md").read_text(encoding="utf-8")
    assert "Sanitiser:" in (tmp_path / "security.md").read_text(encoding="utf-8")  # the real site was built
    assert not (tmp_path / "page-weight.md").exists()  # --no-page-weight is honoured


def _row(n: int, scale: float) -> dict:
    engine = {key: scale for _, key, _ in ENGINE_COLUMNS if key != "cases"}
    return {"cases": n, **{key: scale for _, key, _ in EDITION_COLUMNS if key != "cases"}, "base_cpu_s": scale,
            "base_site_mb": scale, "engines": {e: dict(engine) for e in ENGINES}}


def test_report_checks_every_target_across_sizes():
    """Several sizes, without building anything: every target gets its verdict."""
    rows = [_row(100, 1.0), _row(1000, 2.0)]
    rows[1]["engines"]["zensical"]["finish_cpu_s_per_mb"] = 1.5  # sublinear at N=100, superlinear here
    text = report(rows)
    for engine in ENGINES:
        assert f"{engine} N=100: full/engine CPU" in text and f"{engine} N=1000: full/engine CPU" in text
    assert "zensical N=1000: full pipeline / plain MkDocs + Material CPU 2.00 (target <= 0.8) MISSED" in text
    assert "mkdocs: finish CPU s per MB of site, N=1000 / N=100: 2.00 (linear: target <= 1.1) MISSED" in text
    assert "zensical: finish CPU s per MB of site, N=1000 / N=100: 1.50" in text
    assert "Earlier targets, at N = 1000" in text
    assert svg_plot(rows, ENGINES).count("<polyline") == 3 * len(ENGINES) + 2  # CPU: full and engine; size; baseline in both


def test_search_library_trial_ranks_pages_with_both_libraries(tmp_path):
    """The trial's node script on three sections: each library answers, the page first that names the query."""
    from kb.bench.search_library_trial import run_node
    docs = [{"url": "cases/a/", "title": "大坝村", "heading": "", "text": "金刺梨产业", "rank": 1.0},
            {"url": "cases/a/", "title": "大坝村", "heading": "做法", "text": "合作社", "rank": 1.0},
            {"url": "cases/b/", "title": "瓦田村", "heading": "", "text": "白兰地和刺葡萄", "rank": 1.0}]
    out = run_node({"t": {"docs": docs, "queries": ["白兰地怎么做", "金刺梨"]}}, tmp_path)
    assert {r["library"] for r in out.values()} == {"MiniSearch 7.2.0", "lunr 2.3.9"}
    for row in out.values():
        assert row["answers"]["白兰地怎么做"][0] == "cases/b/" and row["answers"]["金刺梨"][0] == "cases/a/"
        assert row["bytes"] > 0 and row["sections"] == 3
