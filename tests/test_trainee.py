"""The trainee's view of the real build in Chromium: where am I on a 375 px
phone, the case list and its filters from file://, tables that fit, print,
glossary tooltips and a Chinese 404."""

import re
from pathlib import Path

import pytest

from kb.bench.browser import serve
from kb.check.validation import validate
from conftest import ROOT

PHONE = {"width": 375, "height": 800}


def item_pages(site: Path) -> list[str]:
    return sorted(str(p.parent.relative_to(site)) + "/" for kind in ("cases", "courses", "handbooks")
                  for p in (site / kind).glob("*/index.html") if not p.parent.name.startswith("by-"))


@pytest.fixture(scope="module")
def phone(built_site, chromium):
    context = chromium.new_context(viewport=PHONE)
    with serve(built_site) as base:
        yield context.new_page(), base
    context.close()


def test_every_item_page_shows_where_it_is_above_the_title(phone, built_site):
    page, base = phone
    pages = item_pages(built_site)
    assert len(pages) >= 10
    for path in pages:
        page.goto(base + path)
        crumbs = page.locator("nav.kb-crumbs")
        assert crumbs.is_visible(), path
        assert crumbs.bounding_box()["y"] + crumbs.bounding_box()["height"] <= page.locator("h1").bounding_box()["y"], path
        names = crumbs.locator("li").all_inner_texts()
        assert names[0] == "首页" and names[1] in ("案例", "课程", "培训手册"), (path, names)
        assert page.locator("nav.kb-pager a").count() >= 1, f"{path}: no previous/next"
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path}: {width} px wide on a phone"


def test_on_a_phone_the_page_contents_are_one_tap_away(phone):
    page, base = phone
    page.goto(base + "cases/daba/")
    toc = page.locator("details.kb-toc")
    assert toc.is_visible()
    toc.locator("summary").click()
    entries = toc.locator("li a").all_inner_texts()
    assert any(e.startswith("讨论题") for e in entries), entries
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not toc.is_visible()  # the contents sidebar is there
    page.set_viewport_size(PHONE)


def test_next_walks_through_every_case_in_list_order(phone, built_site):
    page, base = phone
    page.goto(base + "cases/")
    listed = page.locator(".kb-case-list > ul > li > strong > a").evaluate_all("els => els.map(a => a.href)")
    assert len(listed) == len(list((built_site / "cases").glob("*/index.html"))) - 3  # minus by-county/-industry/-theme
    page.goto(listed[0])
    seen = [page.url]
    while page.locator("nav.kb-pager a", has_text="下一篇").count():
        page.locator("nav.kb-pager a", has_text="下一篇").click()
        page.wait_for_load_state("load")
        seen.append(page.url)
    assert seen == listed


def test_case_list_filters_work_from_file(built_site, chromium):
    # What each filter must show comes from the content: a new case in 江口县 changes it, not the test.
    cases = [item.model for item in validate(ROOT)[0].cases.values()]
    in_county = sorted(case.title for case in cases if case.place.county == "江口县")
    without_industry = [case for case in cases if case.no_industry]
    assert in_county and without_industry, "the content has no case to filter by: pick another county"
    page = chromium.new_page(viewport=PHONE)
    page.goto((built_site / "cases" / "index.html").as_uri())
    items = page.locator(".kb-case-list li[data-county]")
    total = items.count()
    assert total == len(cases)
    assert page.locator(".kb-filters select").count() == 3
    page.select_option(".kb-filters select[name=county]", "江口县")
    visible = [t for t, v in zip(items.all_inner_texts(), [items.nth(i).is_visible() for i in range(total)]) if v]
    assert len(visible) == len(in_county) and all(any(title in text for text in visible) for title in in_county)
    assert f"显示 {len(in_county)} 个案例" in page.locator(".kb-filter-count").inner_text()
    page.click(".kb-filters button")
    page.select_option(".kb-filters select[name=industry]", "不涉及具体产业")  # no_industry says why: not 未分类
    assert [items.nth(i).is_visible() for i in range(total)].count(True) == len(without_industry)
    page.click(".kb-filters button")
    assert all(items.nth(i).is_visible() for i in range(total))
    page.close()


def test_the_filter_survives_back_and_lives_in_the_address(built_site, chromium):
    page = chromium.new_page(viewport=PHONE)
    page.goto((built_site / "cases" / "index.html").as_uri())
    choice = page.eval_on_selector(".kb-filters select[name=county]", "s => s.options[1].value")
    page.select_option(".kb-filters select[name=county]", choice)
    counted = page.locator(".kb-filter-count").inner_text()
    assert "county=" in page.url
    page.locator(".kb-case-list li:not([hidden]) a").first.click()
    page.wait_for_load_state("load")
    page.go_back()
    page.wait_for_selector(".kb-filters select[name=county]")
    assert page.eval_on_selector(".kb-filters select[name=county]", "s => s.value") == choice
    assert page.locator(".kb-filter-count").inner_text() == counted
    page.close()


def test_pages_fit_a_phone_and_dates_stay_whole(phone, built_site):
    page, base = phone
    for path in ["programme/", "cases/", "glossary/"]:  # item pages: see above
        page.goto(base + path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path}: {width} px wide"
    page.goto(base + "programme/")
    dates = page.locator(".kb-date")
    assert dates.count() and dates.first.evaluate("e => getComputedStyle(e).whiteSpace") == "nowrap"


def test_no_space_where_a_source_line_break_joined_two_chinese_sentences(built_site):
    stop_space = re.compile(r"[。，；：！？」][ \t\n]+[\u4e00-\u9fff]")
    checked = 0
    for page in built_site.rglob("*.html"):
        # Inside one paragraph, list item or cell (between blocks a line break is no space).
        for block in re.finditer(r"<(p|li|td)\b[^>]*>(.*?)</\1>", page.read_text(encoding="utf-8"), re.S):
            text = re.sub(r"<[^>]+>", "", block.group(2))
            checked += 1
            assert not stop_space.search(text), (page, stop_space.search(text).group(0))
    assert checked > 500


def test_terms_have_tooltips_everywhere(built_site):
    programme = (built_site / "programme" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<abbr title="2\+1：[^"]+">2\+1</abbr>', programme)
    assert re.search(r'<abbr title="1\+1\+3：含义待补充[^"]*">1\+1\+3</abbr>', programme)
    case = (built_site / "cases" / "tianjiawan" / "index.html").read_text(encoding="utf-8")
    assert '<abbr title="三变：资源变资产' in case
    assert not re.search(r"<h[1-6][^>]*>[^<]*<abbr", case)


def test_a_page_prints_as_a_handout(built_site, chromium):
    page = chromium.new_page()
    page.goto((built_site / "cases" / "daba" / "index.html").as_uri())
    page.emulate_media(media="print")
    style = "(s, p) => getComputedStyle(document.querySelector(s), p || null)"
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".kb-search-link", ".kb-pager"):
        assert page.evaluate(f"({style})('{chrome}').display") == "none", chrome
    head = page.locator(".kb-print-head")
    assert head.is_visible()
    assert "铜仁市农村综合改革人才培训案例库" in head.inner_text() and "版本" in head.inner_text()
    assert "大坝村" in head.inner_text()
    assert float(page.evaluate(f"({style})('.md-typeset p').fontSize")[:-2]) >= 14  # 10.5 pt
    assert page.evaluate(f"({style})('.md-typeset h2').breakAfter") == "avoid"
    page.evaluate("""() => { const a = document.createElement('a'); a.href = 'https://example.org/x'; a.id = 'out';
                             a.textContent = '来源'; document.querySelector('.md-typeset p').appendChild(a); }""")
    assert "https://example.org/x" in page.evaluate("getComputedStyle(document.getElementById('out'), '::after').content")
    assert page.pdf(format="A4")[:4] == b"%PDF"
    page.close()


def test_the_404_page_speaks_chinese(phone):
    page, base = phone
    page.goto(base + "404.html")
    assert "找不到这个页面" in page.locator("article").inner_text()
    assert "Not found" not in page.content()
    assert page.locator("html").get_attribute("lang").startswith("zh")


def test_a_tooltip_opens_on_a_phone(built_site, chromium):
    context = chromium.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    with serve(built_site) as base:
        page = context.new_page()
        page.goto(base + "programme/")
        term = page.locator("abbr", has_text="2+1").first
        term.tap()
        tip = page.locator("#kb-tip")
        tip.wait_for(timeout=3000)
        assert "2 名优秀帮带干部" in tip.inner_text()
    context.close()


def test_sections_have_short_pinyin_anchors_and_a_copy_link_control(built_site, chromium):
    """A paragraph can be shared: #gaiyao, not percent-encoded Chinese; the
    # after a heading copies the address (over http, with the permission a
    phone's browser gives on a tap)."""
    html = (built_site / "courses" / "bayaosu" / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'<h2 id="([^"]+)"', html)
    assert "gaiyao" in ids and all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids), ids
    title = re.search(r"<h1\b.*?</h1>", html, re.S).group(0)
    assert "headerlink" not in title  # the page's own address needs no mark
    for shard in (built_site / "search").glob("x*.js"):  # results read 概要, not 概要 #
        assert ' #"' not in shard.read_text(encoding="utf-8"), shard.name
    context = chromium.new_context(viewport=PHONE)
    with serve(built_site) as base:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
        page = context.new_page()
        page.goto(f"{base}/courses/bayaosu/")
        link = page.locator("h2#gaiyao a.headerlink")
        assert link.get_attribute("aria-label") == "复制本节链接：概要"
        assert link.is_visible()
        link.click()
        page.wait_for_function("() => document.querySelector('.kb-copied').textContent !== ''")
        assert page.locator(".kb-copied").inner_text() == "已复制本节链接"
        assert page.evaluate("navigator.clipboard.readText()") == f"{base}/courses/bayaosu/#gaiyao"
        assert page.url.endswith("#gaiyao")
    context.close()


def test_a_case_on_a_phone_tells_the_story_first_and_folds_the_full_figures(built_site, chromium):
    context = chromium.new_context(viewport=PHONE)
    with serve(built_site) as base:
        page = context.new_page()
        page.goto(f"{base}/cases/daba/")
        order = page.evaluate("Array.from(document.querySelectorAll('article h2')).map(h => h.id)")
        assert order.index("kaipian") < order.index("zuofa") < order.index("taolunti") < order.index("shuju"), order
        assert page.locator(".admonition.info li").count() >= 2  # the card of figures near the top
        fold = page.locator("h2#shuju + details.kb-fold")
        assert fold.count() == 1 and not fold.evaluate("d => d.open")
        assert fold.locator("table").count() >= 1 and not fold.locator("table").first.is_visible()
        page.locator("p.kb-jumps a[href='#shuju']").click()  # 本页：… 关键数据
        assert fold.evaluate("d => d.open") and fold.locator("table").first.is_visible()
        desktop = context.new_page()
        desktop.set_viewport_size({"width": 1280, "height": 800})
        desktop.goto(f"{base}/cases/daba/")
        assert desktop.locator("details.kb-fold").count() == 0 and desktop.locator("h2#shuju ~ * table").first.is_visible()
    context.close()


def test_the_case_list_shows_its_first_cases_on_a_phones_first_screen(built_site, chromium):
    page = chromium.new_page(viewport={"width": 375, "height": 667})
    page.goto((built_site / "cases" / "index.html").as_uri())
    first = page.locator(".kb-case-list li a").first.bounding_box()
    assert first and first["y"] + first["height"] <= 667, first
    page.close()
