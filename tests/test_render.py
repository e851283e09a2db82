"""Golden tests: a small fixture project in, the exact generated pages out.

Set UPDATE_GOLDEN=1 to rewrite the golden files after an intended change,
then read the diff before committing it.
"""

import os
from pathlib import Path

import pytest

from kb.pages import render_pages
from kb.validation import validate

HERE = Path(__file__).parent / "render"
PROJECT = HERE / "project"
GOLDEN = HERE / "golden"


def _pages():
    col, errors = validate(PROJECT)
    assert errors == []
    return render_pages(col)


def test_fixture_project_renders_every_page():
    assert sorted(_pages()) == sorted(str(p.relative_to(GOLDEN)) for p in GOLDEN.rglob("*.md"))


@pytest.mark.parametrize("uri", sorted(str(p.relative_to(GOLDEN)) for p in GOLDEN.rglob("*.md")))
def test_page_matches_golden(uri):
    text = _pages()[uri]
    golden = GOLDEN / uri
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
