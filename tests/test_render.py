"""Golden tests: a small fixture project in, the exact generated pages out.

Set UPDATE_GOLDEN=1 to rewrite the golden files after an intended change,
then read the diff before committing it. The field reference page is made
from the models, not the fixture: tests/test_organiser.py checks it.
"""

import os
from pathlib import Path

import pytest

from kb.content.errors import split
from kb.render.pages import FIELD_REFERENCE_PAGE, render_pages
from kb.check.validation import validate

HERE = Path(__file__).parent / "render"
PROJECT = HERE / "project"
GOLDEN = HERE / "golden"

# The fixture's one expected warning: a course names a private case.
EXPECTED_WARNINGS = ["courses/shili-qita.yml:6:33: 警告: 引用的案例「mimi」是 private（不公开）"]


def _pages():
    col, problems = validate(PROJECT)
    errors, warnings = split(problems)
    assert errors == []
    assert [str(w)[:len(e)] for w, e in zip(warnings, EXPECTED_WARNINGS)] == EXPECTED_WARNINGS
    assert len(warnings) == len(EXPECTED_WARNINGS)
    return {uri: text for uri, text in render_pages(col).items() if uri != FIELD_REFERENCE_PAGE}


def test_fixture_project_renders_every_page():
    assert sorted(_pages()) == sorted(str(p.relative_to(GOLDEN)) for p in GOLDEN.rglob("*.md"))


@pytest.mark.parametrize("uri", sorted(str(p.relative_to(GOLDEN)) for p in GOLDEN.rglob("*.md")))
def test_page_matches_golden(uri):
    text = _pages()[uri]
    golden = GOLDEN / uri
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
