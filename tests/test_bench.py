"""The benchmark runs end to end at a tiny size, so it cannot rot. It is not
a timed test: it only checks that every figure is produced."""

import json
import subprocess

from conftest import VENV_BIN

from kb.bench.report import COLUMNS


def test_bench_produces_every_figure(tmp_path):
    result = subprocess.run([str(VENV_BIN / "kb-bench"), "--sizes", "3,6", "--queries", "1", "--repeat", "1",
                             "--no-search-quality", "--no-bounded", "--pdf-sizes", "2,4", "--out", str(tmp_path)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    rows = json.loads((tmp_path / "results.json").read_text())["rows"]
    assert [r["cases"] for r in rows] == [3, 6]
    for row in rows:
        for _, key, _ in COLUMNS:
            assert isinstance(row[key], (int, float)) and row[key] > 0, key
    table = (tmp_path / "results.md").read_text(encoding="utf-8")
    assert "build ×" in table and "at N = 6" in table
    assert (tmp_path / "cost.svg").read_text().startswith("<svg")
    pdf_rows = json.loads((tmp_path / "pdf.json").read_text())["rows"]  # kb/bench/pdf_bench.py
    assert [r["cases"] for r in pdf_rows] == [2, 4]
    assert all(r[key] > 0 for r in pdf_rows for key in ("pdf_s", "pages", "ms_per_page", "kb_per_page"))
    assert "PDF CPU cost per page" in (tmp_path / "pdf.md").read_text(encoding="utf-8")
