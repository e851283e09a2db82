"""Bounded inputs: content at the limits validates and a name past them is an
error. (Build time and
index size against length are benchmark figures: make bench, kb/bench/bounded.py.)"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT
from kb.check.validation import validate
from kb.bench.bounded import longest_real, write_case

CONTENT = ("sources.yml", "programme.yml", "intros.yml", "glossary.yml", "cases", "courses", "handbooks", "docs")


def _copy(dest: Path) -> Path:
    for name in CONTENT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        elif source.is_file():
            shutil.copy2(source, dest / name)
    return dest


def test_the_benchmark_case_at_1000x_is_valid_content(tmp_path):
    """Every field at its limit: legal, so the benchmark measures what organisers may write."""
    project = _copy(tmp_path)
    chars, longest = write_case(project, longest_real(project), 1000)
    col, problems = validate(project)
    assert [p for p in problems if not p.is_warning and p.path.startswith("cases/bounded/")] == []
    assert "bounded" in col.cases
    assert chars > 80_000 and longest > 80_000  # case.md near its 256 KB limit


