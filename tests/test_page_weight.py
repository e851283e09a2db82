"""The page-weight budget (issue 17, item 1), in the real Chromium on the real
build of each engine: a first visit to the home page and to a case page on a
375 px phone over slow 3G (400 kbps, 400 ms round trip, CPU 4x slower), from
a server that sends text gzipped, is at most 80 KB, 10 requests and one
render-blocking stylesheet, and it paints; the USB edition's pages from
file:// too. The time to first paint (budget 1.5 s) is a figure, measured
and printed by kb-bench --page-weight, not asserted here: on two busy cores
a timed test would fail for the machine, not the page. And the cut
stylesheet changes no computed style of any element against the whole one
it was cut from."""

import hashlib
import json
from pathlib import Path

import pytest

from conftest import ENGINES, ROOT, usb_edition
from kb import engines
from kb.bench import page_weight
from kb.bench.browser import serve
from kb.finish.bundle import CSS_OUT, JS_OUT, joined


def _manifest(site: Path) -> dict:
    return json.loads((site.parent / (site.name + ".work") / "site-manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=ENGINES)
def usb_site(request, tmp_path_factory) -> tuple[Path, str]:
    """The USB edition's site (addresses ending in .html), as kb-offline builds
    it (the zip unpacked, made once per run: conftest.usb_edition), and its engine."""
    _, edition = usb_edition(tmp_path_factory, request.param)
    return edition / "site", request.param


# Zensical's own script (bundle.*.min.js) is 56.2 KB gzipped: with the
# page, the stylesheet and ours, its first visit comes to 84-91 KB. Checked
# both ways: the day it fits, the test says so.
THEME_SCRIPT_TOO_BIG = {"zensical": "Zensical 的主题脚本 gzip 后 56.2 KB，占预算的七成"}


def _check(figures: dict, engine: str) -> None:
    assert all(f["fcp_ms"] for f in figures.values()), figures  # it paints; how fast is the benchmark's figure
    missed = {page: [m for m in page_weight.over_budget(f) if not m.startswith("first contentful paint")]
              for page, f in figures.items()}
    heavy = {page: [m for m in found if " KB > " in m] for page, found in missed.items()}
    others = {page: [m for m in found if " KB > " not in m] for page, found in missed.items()}
    assert not any(others.values()), others
    if engine in THEME_SCRIPT_TOO_BIG:
        assert all(heavy.values()), f"{engine} 现在达到了 {page_weight.BUDGET['kb']} KB：请删去 THEME_SCRIPT_TOO_BIG 里的它"
    else:
        assert not any(heavy.values()), heavy


def _measured(chromium, site: Path, offline: bool = False) -> dict:
    return page_weight.measure_site(chromium, site, offline, tries=1)


def test_first_visit_over_slow_3g_fits_the_budget(built_site, chromium):
    figures = _measured(chromium, built_site)
    _check(figures, _manifest(built_site)["engine"])
    for f in figures.values():
        fetched = [u.rsplit("/", 1)[-1] for u in f["files"]]
        assert "kb-site.css" in fetched and "kb-site.js" in fetched, fetched
        assert not any(name.startswith(("kb-search.js", "main.", "palette.")) for name in fetched), fetched


def test_usb_edition_first_visit_fits_the_budget(usb_site, chromium):
    site, engine = usb_site
    _check(_measured(chromium, site, offline=True), engine)


def test_bundles_are_accounted_for(built_site):
    files = _manifest(built_site)["files"]
    engine = engines.get(_manifest(built_site)["engine"])
    for bundle in (CSS_OUT, JS_OUT):
        record = files[bundle]
        assert record["kind"] == "bundle"
        assert record["sha256"] == hashlib.sha256((built_site / bundle).read_bytes()).hexdigest()
        for source in record["from"]:
            assert source["path"] not in files and not (built_site / source["path"]).exists(), source
            origin = engine.theme_dir() if source["kind"] == "theme" else ROOT / "docs"
            assert hashlib.sha256((origin / source["path"]).read_bytes()).hexdigest() == source["sha256"], source
    sheets = [s["path"] for s in files[CSS_OUT]["from"]]
    assert sheets[-1] == "assets/kb.css" and sum(s["kind"] == "theme" for s in files[CSS_OUT]["from"]) == 2
    scripts = [s["path"].rsplit("/", 1)[-1] for s in files[JS_OUT]["from"]]
    listed = [p.rsplit("/", 1)[-1] for p in _extra_javascript()]
    assert scripts == ["resize-observer.js", *listed], scripts  # every extra_javascript entry joins, in order
    assert "kb-search.js" not in scripts and (built_site / "assets/javascripts/kb-search.js").is_file()


def _extra_javascript() -> list[str]:
    import yaml
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["extra_javascript"]


# Every element's computed style, and its ::before / ::after where they
# exist. Custom properties are left out: the cut drops those nothing refers
# to, and they show only through the properties that use them. With full
# false each element's text comes back as a 53-bit hash of it (cyrb53): the
# same comparison, without megabytes crossing from the browser; the texts
# themselves are fetched only to show a difference.
_STYLES = """full => {
    const hash = text => {
        let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
        for (let i = 0; i < text.length; i++) {
            const ch = text.charCodeAt(i);
            h1 = Math.imul(h1 ^ ch, 2654435761);
            h2 = Math.imul(h2 ^ ch, 1597334677);
        }
        h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
        h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
        return String(4294967296 * (2097151 & h2) + (h1 >>> 0));
    };
    const out = [];
    for (const el of document.querySelectorAll('*')) {
        for (const pseudo of [null, '::before', '::after']) {
            const s = getComputedStyle(el, pseudo);
            if (pseudo && (s.content === 'none' || s.content === 'normal')) continue;
            let text = '';
            for (let i = 0, n = s.length; i < n; i++) {  // the length and each name read once: twice as fast
                const name = s[i];
                if (!name.startsWith('--')) text += name + ':' + s.getPropertyValue(name) + ';';
            }
            out.push((el.id || el.tagName) + (pseudo || '') + ' ' + (full ? text : hash(text)));
        }
    }
    return out;
}"""
_CHECKED = ["", "cases/daba/", "search/"]  # the home page with the drawer open, the longest case, the search form
_VIEWS = [("phone", 375, "light"), ("desktop-dark", 1280, "dark")]  # both layouts, both schemes


def test_the_cut_stylesheet_changes_no_computed_style(built_site, chromium):
    record = _manifest(built_site)["files"][CSS_OUT]
    engine = engines.get(_manifest(built_site)["engine"])
    sources = []
    for source in record["from"]:
        origin = engine.theme_dir() if source["kind"] == "theme" else ROOT / "docs"
        sources.append((source["path"], (origin / source["path"]).read_bytes()))
    whole = joined(sources)
    assert len(whole.encode("utf-8")) == record["whole_bytes"] > record["bytes"]
    differences = {}

    def styles(page, base, path, sheet, full=False):
        if sheet is not None:
            page.route("**/" + CSS_OUT, lambda route: route.fulfill(body=sheet, content_type="text/css"))
        page.goto(base + path)
        page.wait_for_load_state("load")
        page.add_style_tag(content="*,::before,::after{transition:none!important;animation:none!important}")
        if path == "":  # the drawer open: the navigation's own styles
            page.evaluate("document.getElementById('__drawer').checked = true")
        found = page.evaluate(_STYLES, full)
        if sheet is not None:
            page.unroute("**/" + CSS_OUT)
        return found

    with serve(built_site) as base:
        for name, width, scheme in _VIEWS:
            # CSP bypassed for one injected rule: no transitions, so the
            # drawer opening is compared where it ends, not halfway.
            context = chromium.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme,
                                           bypass_csp=True)
            page = context.new_page()
            for path in _CHECKED:
                if styles(page, base, path, None) == styles(page, base, path, whole):
                    continue
                cut, full = styles(page, base, path, None, True), styles(page, base, path, whole, True)
                diff = [sorted(set(a.split(";")) ^ set(b.split(";")))[:6] for a, b in zip(cut, full) if a != b][:3]
                differences[f"{name} {path}"] = diff or f"{len(cut)} vs {len(full)} elements"
            context.close()
    assert not differences, differences


def test_the_cut_drops_only_what_cannot_match():
    from kb.finish.css_cut import Used, cut
    used = Used(classes={"md-typeset", "kb-x"}, theme={"md-header--shadow", "md-tooltip"},
                values={"dir": {"ltr"}, "data-md-color-primary": {"custom"}}, prefixes={"md-tag--"})
    css = ('@charset "UTF-8";:root{--a:red;--b:var(--c);--c:blue;--gone:1px}'
           '.md-typeset p{color:var(--a)}.md-blog{color:red}.md-typeset,.md-blog a{margin:0}'
           'a:not(.md-blog){color:green}[dir=rtl] .md-typeset{float:right}[dir=ltr] .md-typeset{float:left}'
           '[data-md-color-primary=red]{--md-primary:red}[data-md-color-primary=custom]{--md-primary:green}'
           '@media print{.md-blog{display:none}}@media screen{.kb-x{display:block}}'
           '.md-header--shadow{box-shadow:none}.md-tooltip{opacity:0}.md-tag--new{color:red}')
    text, dropped = cut(css, used)
    for kept in (".md-typeset p{color:var(--a)}", ".md-typeset{margin:0}", "a:not(.md-blog){color:green}",
                 "[dir=ltr] .md-typeset{float:left}", "@media screen{.kb-x{display:block}}",
                 ".md-header--shadow{box-shadow:none}", ".md-tag--new{color:red}", "--a:red"):
        assert kept in text, kept
    for gone in (".md-blog{", ".md-blog a", "[dir=rtl]", "=red]", "@media print", ".md-tooltip{", "--gone", "--b:", "--c:"):
        assert gone not in text, gone
    assert dropped >= 8
    used.features.add("content.tooltips")  # the feature on: its part's styles stay
    assert ".md-tooltip{opacity:0}" in cut(css, used)[0]
