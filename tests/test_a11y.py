"""WCAG 2.1 AA with axe-core (npm, pinned) in the real Chromium, on the real
build: the home page, the case list, every case, course and handbook page,
the programme, the glossary, the 404 page and an open search, on a 375 px
phone and a desktop screen. No serious or critical violation may remain."""

from pathlib import Path

import pytest

from conftest import ROOT
from kb.bench.browser import search, serve

AXE = ROOT / "node_modules/axe-core/axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = {"phone": 375, "desktop": 1280}


def pages_to_check(site: Path) -> list[str]:
    fixed = ["", "cases/", "programme/", "glossary/", "404.html"]
    items = sorted(str(p.parent.relative_to(site)) + "/" for kind in ("cases", "courses", "handbooks")
                   for p in (site / kind).rglob("index.html")
                   if p.parent != site / kind and not p.parent.name.startswith("by-"))
    return fixed + items


@pytest.fixture(scope="module", params=WIDTHS.items(), ids=list(WIDTHS))
def axe_page(request, built_site, chromium):
    _, width = request.param
    # axe is injected as a script: the site's CSP would block it (rightly).
    context = chromium.new_context(viewport={"width": width, "height": 800}, bypass_csp=True)
    with serve(built_site) as base:
        yield context.new_page(), base
    context.close()


def serious(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}).then(r =>
        r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
         .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))""", TAGS)
    return found


def test_every_page_has_no_serious_violation(axe_page, built_site):
    page, base = axe_page
    problems = {}
    checked = pages_to_check(built_site)
    assert len(checked) >= 15, checked  # the list really holds the item pages
    if page.viewport_size["width"] > 1000:
        # Every page on the phone; on the desktop one page of each kind (same
        # templates and styles, only the layout differs): keeps the test short.
        kinds = {}
        for path in checked:
            kinds.setdefault(path.split("/")[0] if "/" in path.rstrip("/") else path, path)
        checked = list(kinds.values())
    for path in checked:
        page.goto(base + path)
        page.wait_for_load_state("load")
        found = serious(page)
        if found:
            problems[path] = found
    assert not problems, problems


def test_open_search_has_no_serious_violation(axe_page):
    page, base = axe_page
    page.goto(base)
    assert search(page, "刺梨")
    assert not serious(page)
