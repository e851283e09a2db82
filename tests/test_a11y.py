"""WCAG 2.1 AA and axe's best practices (axe-core from npm, pinned) in the
real Chromium, on the real build: every page (home, lists, every case,
course and handbook, programme, glossary, guide, search, 404) and an open
search, on a 375 px phone and a desktop screen, in the light and the dark
scheme. No violation of any impact (minor and moderate too) may remain."""

from pathlib import Path

import pytest

from conftest import ROOT
from kb.bench.browser import search, serve

AXE = ROOT / "node_modules/axe-core/axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Every page on the phone in the light scheme; the other three views check
# one page of each kind (same templates and styles): keeps the test short.
VIEWS = {"phone": (375, "light"), "phone-dark": (375, "dark"), "desktop": (1280, "light"), "desktop-dark": (1280, "dark")}


def pages_to_check(site: Path) -> list[str]:
    return sorted(("" if p.parent == site else str(p.parent.relative_to(site)) + "/") for p in site.rglob("index.html")) + ["404.html"]


@pytest.fixture(scope="module", params=VIEWS.values(), ids=list(VIEWS))
def axe_page(request, built_site, chromium):
    width, scheme = request.param
    # axe is injected as a script: the site's CSP would block it (rightly).
    # Given to the context once, it is in every page from the start: about a third
    # faster than sending its 650 KB to each page after it loads.
    context = chromium.new_context(viewport={"width": width, "height": 800}, bypass_csp=True, color_scheme=scheme)
    context.add_init_script(path=str(AXE))
    with serve(built_site) as base:
        yield context.new_page(), base
    context.close()


def violations(page) -> list[str]:
    found = page.evaluate("""tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}).then(r =>
        r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))""", TAGS)
    return found


def test_every_page_has_no_violation(axe_page, built_site):
    page, base = axe_page
    problems = {}
    checked = pages_to_check(built_site)
    assert len(checked) >= 20 and "search/" in checked and "guide/" in checked, checked
    dark = page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    if page.viewport_size["width"] > 1000 or dark:
        # Every page on the phone; on the desktop one page of each kind (same
        # templates and styles, only the layout differs): keeps the test short.
        kinds = {}
        for path in checked:
            kinds.setdefault(path.split("/")[0] if "/" in path.rstrip("/") else path, path)
        checked = list(kinds.values())
    for path in checked:
        page.goto(base + path)
        page.wait_for_load_state("load")
        found = violations(page)
        if found:
            problems[path] = found
    assert not problems, problems


def test_open_search_has_no_violation(axe_page):
    page, base = axe_page
    page.goto(base)
    assert search(page, "刺梨")
    assert not violations(page)
