"""Reading comforts in the real Chromium, on both engines, for the trainee
site over http and the USB edition from file:// (no server): dark mode that
follows the phone and a header toggle that is remembered, the font size
(A− / A+) remembered between visits, 「继续阅读」 on the home page, keyboard
focus, and axe-core with no violation of any impact in light and dark mode.
A missing browser fails these tests (kb.bench.browser), it never skips them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ENGINES, ROOT, real_site, usb_edition
from kb.bench.browser import ARGS, chromium_path, serve

AXE = ROOT / "node_modules/axe-core/axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
# Each engine once and each edition once (the same script and styles on
# all four): CI's time goes where a difference can be.
WHERE = [("mkdocs", "http"), ("zensical", "file")]


class Site:
    """One built site and how a reader opens its pages."""

    def __init__(self, folder: Path, base: str, offline: bool):
        self.folder, self.base, self.offline = folder, base, offline

    def url(self, stem: str) -> str:
        """stem: "" for the home page, "cases/daba" for a page."""
        if self.offline:
            return (self.folder / ((stem or "index") + ".html")).as_uri()
        return self.base + (stem + "/" if stem else "")

    def inside(self, url: str) -> bool:
        return url.startswith(self.folder.as_uri() + "/" if self.offline else self.base) or url.startswith("data:")


def built(tmp_path_factory, engine: str, edition: str) -> Path:
    """The site, once per engine and edition for the whole run (conftest.shared):
    over http make site's; from file:// the USB edition's, as kb-offline makes
    it, unpacked on a 'USB stick' (spaces and Chinese in the path)."""
    if edition == "file":
        return usb_edition(tmp_path_factory, engine)[1] / "site"
    return real_site(tmp_path_factory, engine)


@pytest.fixture(scope="module", params=WHERE, ids=[f"{e}-{w}" for e, w in WHERE])
def site(request, tmp_path_factory):
    engine, edition = request.param
    folder = built(tmp_path_factory, engine, edition)
    if edition == "file":
        yield Site(folder, "", offline=True)
    else:
        with serve(folder) as base:
            yield Site(folder, base, offline=False)


@pytest.fixture(scope="module", params=ENGINES)
def usb(request, tmp_path_factory) -> Site:
    """The USB edition alone, opened from file://."""
    return Site(built(tmp_path_factory, request.param, "file"), "", offline=True)


def longest_case(site: Site) -> str:
    """The longest case page: the one a reader scrolls most."""
    if site.offline:
        pages = [p for p in (site.folder / "cases").glob("*.html") if p.stem != "index"]
    else:
        pages = list((site.folder / "cases").glob("*/index.html"))
    page = max((p for p in pages if not p.as_posix().split("/cases/")[1].startswith("by-")), key=lambda p: p.stat().st_size)
    stem = page.relative_to(site.folder).as_posix()
    return stem[: -len("/index.html")] if stem.endswith("/index.html") else stem[: -len(".html")]


@pytest.fixture(scope="module")
def case(site) -> str:
    return longest_case(site)


@pytest.fixture
def open_page(chromium, site):
    """A fresh browser profile (nothing remembered yet) at a size and colour
    preference; fails the test on any request outside the site or any
    refusal by the CSP."""
    contexts, problems = [], []

    def make(viewport=PHONE, scheme="light", bypass_csp=False, axe=False):
        context = chromium.new_context(viewport=viewport, color_scheme=scheme, bypass_csp=bypass_csp)
        if axe:  # axe-core in every page from its start (sent to the browser once, not once a page)
            context.add_init_script(path=str(AXE))
        contexts.append(context)
        page = context.new_page()
        page.on("request", lambda r: site.inside(r.url) or problems.append("request: " + r.url))
        page.on("console", lambda m: m.type == "error" and problems.append("console: " + m.text))
        page.on("pageerror", lambda e: problems.append(f"error: {e}"))
        return page

    yield make
    for context in contexts:
        context.close()
    if problems:
        pytest.fail("\n".join(problems))


def goto(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")


def scheme(page) -> str:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


# The toggle's three states, in the order a tap cycles them (mkdocs.yml theme.palette).
AUTO, LIGHT, DARK = "跟随手机（点按改为浅色）", "浅色（点按改为深色）", "深色（点按改为跟随手机）"


def toggle(page):
    """The header's palette toggle the reader sees (the theme shows one label at a time)."""
    shown = page.locator('form[data-md-component="palette"] label:visible')
    assert shown.count() == 1
    return shown


def tap(page, now: str, scheme_after: str) -> None:
    assert toggle(page).get_attribute("title") == now
    toggle(page).click()
    page.wait_for_function("s => document.body.getAttribute('data-md-color-scheme') === s", arg=scheme_after)


def text_size(page) -> float:
    return page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-content .md-typeset p')).fontSize)")


# --- dark mode ------------------------------------------------------------------

@pytest.mark.parametrize("preference", ["light", "dark"])
def test_the_site_starts_in_the_phones_colour_scheme(open_page, site, case, preference):
    page = open_page(scheme=preference)
    for stem in ("", case):
        goto(page, site.url(stem))
        assert scheme(page) == ("slate" if preference == "dark" else "default"), stem
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert (luminance(background) < 0.1) == (preference == "dark"), background
        assert toggle(page).get_attribute("title") == AUTO


def test_until_the_reader_chooses_the_site_follows_the_phone(open_page, site, case):
    """Dark at night, light by day: also on a later visit, also while open."""
    page = open_page(scheme="light")
    goto(page, site.url(case))
    page.emulate_media(color_scheme="dark")
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    page.emulate_media(color_scheme="light")
    goto(page, site.url(""))
    assert scheme(page) == "default"
    page.emulate_media(color_scheme="dark")
    page.reload()
    page.wait_for_load_state("load")
    assert scheme(page) == "slate"


def test_the_toggle_switches_and_the_choice_is_kept(open_page, site, case):
    page = open_page(scheme="dark")
    goto(page, site.url(case))
    assert scheme(page) == "slate"
    tap(page, AUTO, "default")
    # The reader's choice beats the phone's setting: on reload and on every page.
    for stem in (case, ""):
        goto(page, site.url(stem))
        assert scheme(page) == "default", stem
        assert toggle(page).get_attribute("title") == LIGHT
    tap(page, LIGHT, "slate")
    page.emulate_media(color_scheme="light")
    page.reload()
    page.wait_for_load_state("load")
    assert scheme(page) == "slate"
    tap(page, DARK, "default")  # back to following the phone, which is light now
    assert toggle(page).get_attribute("title") == AUTO
    goto(page, site.url(case))
    assert scheme(page) == "default"


def test_the_theme_palette_script_is_allowed_by_its_hash_and_nothing_else(site):
    """The one inline script the palette adds runs under the CSP (the
    behaviour tests above would fail otherwise); its hash is in the policy."""
    html = (site.folder / ("index.html")).read_text(encoding="utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert any(body.startswith('var palette=__md_get("__palette")') for body in scripts)
    from kb.finish.csp import sha256_source
    for body in scripts:
        assert sha256_source(body) in policy
    assert "'unsafe-inline'" not in policy


# --- font size ------------------------------------------------------------------

def test_a_plus_and_a_minus_change_the_text_and_are_remembered(open_page, site, case):
    page = open_page()
    goto(page, site.url(case))
    normal = text_size(page)
    bigger = page.get_by_role("button", name="放大字号")
    smaller = page.get_by_role("button", name="缩小字号")
    assert bigger.is_visible() and smaller.is_visible()
    bigger.click()
    bigger.click()
    large = text_size(page)
    assert large >= normal * 1.2, (normal, large)
    page.reload()
    page.wait_for_load_state("load")
    assert text_size(page) == large  # a later visit keeps it
    goto(page, site.url(""))
    goto(page, site.url(case))
    assert text_size(page) == large
    for _ in range(3):
        page.get_by_role("button", name="缩小字号").click()
    assert text_size(page) < normal
    smaller = page.get_by_role("button", name="缩小字号")
    for _ in range(10):  # to the limit: the button stays (and keeps focus), says it can do no more
        if smaller.get_attribute("aria-disabled") == "true":
            break
        smaller.click()
    assert smaller.get_attribute("aria-disabled") == "true"
    smaller.click(force=True)
    assert text_size(page) >= 12
    # The header and the navigation keep their size: only the reading text scales.
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-header__topic')).fontSize)") > 12


# --- 继续阅读 -------------------------------------------------------------------

def test_continue_reading_returns_to_the_page_and_the_place(open_page, site, case):
    page = open_page()
    goto(page, site.url(""))
    assert not page.locator(".kb-continue").is_visible()  # nothing read yet: nothing offered
    goto(page, site.url(case))
    title = page.title().split(" - ")[0]  # the page's own title, as the engine wrote it
    page.evaluate("window.scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * 0.4)")
    page.wait_for_timeout(700)  # the place is written a moment after scrolling stops
    where = page.evaluate("scrollY")
    assert where > 1000
    goto(page, site.url(""))
    link = page.get_by_role("link", name=re.compile("继续阅读"))
    assert link.is_visible()
    assert link.inner_text().strip() == f"继续阅读：{title}（读到 40%）"
    link.click()
    page.wait_for_load_state("load")
    page.wait_for_function("() => scrollY > 0")
    assert page.url.split("#")[0] == site.url(case)
    assert abs(page.evaluate("scrollY") - where) < 60, (page.evaluate("scrollY"), where)
    # Opened another way, the page starts at the top as usual.
    goto(page, site.url(case))
    assert page.evaluate("scrollY") == 0


def test_nothing_but_this_sites_pages_is_offered(open_page, site, case):
    """On file:// every local file shares one storage: a stored address
    that leads elsewhere is not followed."""
    page = open_page()
    goto(page, site.url(case))
    goto(page, site.url(""))  # the home page records nothing: the stored value stays as written
    assert page.locator(".kb-continue").is_visible()
    key = page.evaluate("Object.keys(localStorage).find(k => k.endsWith('.kb.last'))")
    assert key
    outside = ["../../elsewhere.html"] if site.offline else []  # over http the root is the top
    for bad in ["javascript:alert(1)", "//example.org/x", "\\\\example.org/x", "", 7, *outside]:
        page.evaluate("([k, v]) => localStorage.setItem(k, JSON.stringify({page: v, title: 'x', at: 0}))", [key, bad])
        page.reload()
        page.wait_for_load_state("load")
        assert not page.locator(".kb-continue").is_visible(), bad


def test_the_usb_edition_remembers_across_browser_restarts(chromium, usb, tmp_path):
    """Another day, another double-click on index.html: the same browser
    profile, closed and opened again, still has the size, the scheme and
    the place (Chromium keeps localStorage for file:// pages)."""
    site, case, profile = usb, longest_case(usb), tmp_path / "profile"

    def launch():
        return chromium.browser_type.launch_persistent_context(
            str(profile), executable_path=chromium_path(), args=ARGS, viewport=PHONE, color_scheme="light")

    context = launch()
    page = context.new_page()
    goto(page, site.url(case))
    page.get_by_role("button", name="放大字号").click()
    size = text_size(page)
    tap(page, AUTO, "default")
    tap(page, LIGHT, "slate")
    page.evaluate("window.scrollTo(0, 1500)")
    page.wait_for_timeout(700)
    context.close()
    context = launch()
    try:
        page = context.new_page()
        goto(page, site.url(""))
        assert scheme(page) == "slate"
        link = page.get_by_role("link", name=re.compile("继续阅读"))
        assert link.is_visible()
        link.click()
        page.wait_for_load_state("load")
        page.wait_for_function("() => scrollY > 0")
        assert abs(page.evaluate("scrollY") - 1500) < 60
        assert text_size(page) == size
    finally:
        context.close()


# --- keyboard and focus ---------------------------------------------------------

@pytest.mark.parametrize("preference", ["light", "dark"])
def test_the_controls_are_reached_by_keyboard_with_a_visible_ring(open_page, site, case, preference):
    page = open_page(scheme=preference)
    goto(page, site.url(case))
    goto(page, site.url(""))  # now with 继续阅读
    wanted = {AUTO, "缩小字号", "放大字号", "继续阅读"}
    rings = {}
    for _ in range(40):
        page.keyboard.press("Tab")
        name, ring = page.evaluate("""() => {
            const el = document.activeElement;
            const name = el.getAttribute('aria-label') || (/^(A|BUTTON)$/.test(el.tagName) ? el.textContent.trim() : '');
            // The palette toggle is a hidden radio button; its label shows the ring.
            const shown = el.classList.contains('md-option') ? el.nextElementSibling : el;
            const s = getComputedStyle(shown);
            let bg = shown, color = 'rgba(0, 0, 0, 0)';
            while (bg && (color = getComputedStyle(bg).backgroundColor) === 'rgba(0, 0, 0, 0)') bg = bg.parentElement;
            return [name, [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor, color]];
        }""")
        for want in wanted:
            if want in name:
                rings[want] = ring
        if wanted <= set(rings):
            break
    assert set(rings) == wanted, rings
    for name, (style, width, color, behind) in rings.items():
        assert style != "none" and width >= 2, (name, style, width)
        assert contrast(color, behind) >= 3, (name, color, behind)


@pytest.mark.parametrize("preference", ["light", "dark"])
def test_the_toggle_works_from_the_keyboard(open_page, site, preference):
    """Tab reaches the toggle the reader sees, named for its state and what
    it does; Space and Enter both move on, and focus stays on the toggle shown."""
    page = open_page(scheme=preference)
    goto(page, site.url(""))
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('md-option')"):
            break
    shown = "document.activeElement.checked && !document.activeElement.nextElementSibling.hidden"
    follow = "slate" if preference == "dark" else "default"
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == AUTO
    assert page.evaluate(shown)
    for key, name, expected in (("Space", LIGHT, "default"), ("Enter", DARK, "slate"), ("Space", AUTO, follow)):
        page.keyboard.press(key)
        page.wait_for_function("s => document.body.getAttribute('data-md-color-scheme') === s", arg=expected)
        assert page.evaluate("document.activeElement.getAttribute('aria-label')") == name, key
        assert page.evaluate(shown), key


# --- axe-core -------------------------------------------------------------------

@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "desktop"])
@pytest.mark.parametrize("preference", ["light", "dark"])
def test_axe_finds_no_violation_of_any_impact(open_page, site, case, viewport, preference):
    # axe is injected as a script: the site's CSP would block it (rightly).
    page = open_page(viewport=viewport, scheme=preference, bypass_csp=True, axe=True)
    goto(page, site.url(case))
    page.get_by_role("button", name="放大字号").click()
    page.evaluate("window.scrollTo(0, 2000)")
    page.wait_for_timeout(600)
    found = {}
    for stem in ("", case):
        goto(page, site.url(stem))
        assert scheme(page) == ("slate" if preference == "dark" else "default")
        violations = page.evaluate("""tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                resultTypes: ['violations'], preload: false}).then(r => r.violations.map(v => v.id + ' (' + v.impact + '): '
                + v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + n.failureSummary).join(' | ')))""", TAGS)
        if violations:
            found[stem or "home"] = violations
    assert page.locator(".kb-continue").count() == 0  # the case page: the link is the home page's only
    assert not found, found


# --- colour arithmetic (WCAG 2.1) -----------------------------------------------

def _rgb(css: str) -> tuple[float, float, float]:
    parts = [float(x) for x in re.findall(r"[\d.]+", css)]
    return tuple(parts[:3])


def luminance(css: str) -> float:
    def channel(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in _rgb(css))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
