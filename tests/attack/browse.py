"""Open every page of a built site in Chromium, as a reader and as a curious
clicker: every element is hovered, focused and clicked. Records what must
never happen: a dialog, a request leaving the site, a script/data link, a
Content-Security-Policy violation (something tried to run or load and only
the policy stopped it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

from kb.bench.browser import search

WATCH = """
window.__kbViolations = [];
document.addEventListener('securitypolicyviolation',
    e => window.__kbViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
"""

POKE = """() => {
    // Links are clicked but not followed: the page under test stays open.
    document.addEventListener('click', e => {
        const a = e.target.closest && e.target.closest('a[href], area[href]');
        if (a) e.preventDefault();
    }, true);
    const kinds = ['pointerover', 'mouseover', 'mouseenter', 'pointerdown', 'mousedown', 'mouseup',
                   'dblclick', 'focusin', 'keydown', 'animationstart', 'transitionend', 'toggle'];
    let n = 0;
    for (const el of Array.from(document.querySelectorAll('body *'))) {
        for (const kind of kinds) el.dispatchEvent(new Event(kind, {bubbles: true}));
        if (typeof el.focus === 'function') el.focus();
        if (typeof el.click === 'function') el.click();
        n++;
    }
    return n;
}"""

BAD_URLS = """() => {
    const bad = [];
    for (const el of Array.from(document.querySelectorAll('*'))) {
        for (const attr of Array.from(el.attributes)) {
            if (!/^(href|src|srcset|action|formaction|xlink:href|poster|background|data|ping)$/i.test(attr.name)) continue;
            const v = attr.value.replace(/[\\x00-\\x20]+/g, '').toLowerCase();
            if (/^(javascript|data|vbscript):/.test(v)) bad.push(el.tagName + ' ' + attr.name + '=' + attr.value);
        }
    }
    return bad;
}"""


@dataclass
class Findings:
    pages: int = 0
    elements: int = 0
    requests: int = 0
    dialogs: list = field(default_factory=list)
    outside: list = field(default_factory=list)
    bad_links: list = field(default_factory=list)
    violations: list = field(default_factory=list)
    navigations: list = field(default_factory=list)

    def clean(self) -> bool:
        return not (self.dialogs or self.outside or self.bad_links or self.violations or self.navigations)


def visit(browser, base: str, pages: list[str], inside: tuple[str, ...], search_for: list[str] = ()) -> Findings:
    found = Findings()
    context = browser.new_context()
    context.add_init_script(WATCH)

    def route(r):
        url = r.request.url
        if url.startswith(inside):
            r.continue_()
        else:
            found.outside.append(url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    def on_dialog(dialog):
        found.dialogs.append(f"{page.url}: {dialog.message}")
        try:
            dialog.dismiss()
        except PlaywrightError:
            pass  # already gone with its page

    page.on("dialog", on_dialog)

    def on_request(request):
        found.requests += 1
        if not request.url.startswith(inside + ("data:", "blob:", "about:")):
            found.outside.append(request.url)

    page.on("request", on_request)
    for uri in pages:
        try:
            page.goto(base + uri)
            page.wait_for_load_state("load")
            page.wait_for_timeout(50)
            found.bad_links += [f"{uri}: {b}" for b in page.evaluate(BAD_URLS)]
            found.elements += page.evaluate(POKE)
            page.wait_for_timeout(100)
            found.violations += [f"{uri}: {v}" for v in page.evaluate("window.__kbViolations")]
        except PlaywrightError as exc:  # the page went elsewhere by itself (meta refresh, base, script)
            found.navigations.append(f"{uri}: {page.url}: {str(exc).splitlines()[0]}")
        found.pages += 1
    for query in search_for:  # results are drawn from the index: titles and text as HTML
        try:
            page.goto(base + "index.html")
            search(page, query)
            page.evaluate(POKE)
            page.wait_for_timeout(100)
            found.violations += [f"search {query}: {v}" for v in page.evaluate("window.__kbViolations")]
        except PlaywrightError as exc:
            found.navigations.append(f"search {query}: {page.url}: {str(exc).splitlines()[0]}")
    context.close()
    return found


def html_pages(site: Path, per_folder: int = 2) -> list[str]:
    """Every list page (the case list runs the filters' script) and the
    largest pages of each folder (they hold the most payloads; a handbook has
    a page per chapter, all alike). Not 404.html: it names the site's root,
    which under file:// is the disk's."""
    chosen: dict[str, list[Path]] = {}
    for path in site.rglob("*.html"):
        uri = path.relative_to(site).as_posix()
        if uri != "404.html":
            chosen.setdefault(uri.split("/")[0], []).append(path)
    picked = set()
    for paths in chosen.values():
        paths.sort(key=lambda p: -p.stat().st_size)
        picked.update(p.relative_to(site).as_posix() for p in paths[:per_folder])
        picked.update(uri for uri in (p.relative_to(site).as_posix() for p in paths)
                      if uri.endswith("index.html") and uri.count("/") <= 1)
    return sorted(picked)
