"""The site's own search (kb-search.js + the finish pass's index), in headless Chromium, on the real built site."""

from pathlib import Path

import pytest

from kb.bench.browser import search, serve
from conftest import ROOT
from queries import HANDBOOK_QUERIES, page_of


@pytest.fixture(scope="module")
def search_page(built_site, chromium):
    with serve(built_site) as base:
        page = chromium.new_page()
        page.goto(base)
        yield page, base
        page.close()


def _items(site: Path) -> dict[str, str]:
    """Page -> title of every item the content has (its own words, not a query list)."""
    from kb.check.validation import validate
    from kb.render.handbook import handbook_title
    col, _ = validate(ROOT)
    items = {f"cases/{i}/": c.model.title for i, c in col.cases.items()}
    items.update({f"courses/{i}/": c.model.title for i, c in col.courses.items()})
    items.update({f"handbooks/{i}/": handbook_title(h.model).strip("《》") for i, h in col.handbooks.items()})
    titles = list(items.values())  # a title two items share (书名待补充) names neither
    return {path: title for path, title in items.items() if titles.count(title) == 1}


def test_every_item_is_found_first_by_its_title(search_page, built_site):
    page, base = search_page
    wrong = {}
    for path, title in _items(built_site).items():
        results = [page_of(link, base) for link in search(page, title)]
        if not results or results[0] != path:
            wrong[title] = results[:3]
    assert not wrong, wrong


def test_a_question_about_a_course_finds_that_course(search_page, built_site):
    page, base = search_page
    for path, title in _items(built_site).items():
        if path.startswith("courses/"):
            for question in (f"什么是{title}", f"{title}怎么上"):
                results = [page_of(link, base) for link in search(page, question)]
                assert results and results[0] == path, (question, results[:3])


def test_a_word_inside_a_longer_name_is_found(search_page, built_site):
    """经济 inside 集体经济, 刺梨 inside 金刺梨: no dictionary decides where words end."""
    from kb.check.validation import validate
    page, base = search_page
    col, _ = validate(ROOT)
    for case_id, item in col.cases.items():
        village = item.model.place.village
        if village and len(village) >= 3:
            results = [page_of(link, base) for link in search(page, village[1:])]
            assert f"cases/{case_id}/" in results[:3], (village[1:], results[:5])


def test_index_pages_do_not_crowd_out_cases(search_page):
    page, base = search_page
    for query in ("茶叶", "葡萄", "印江县"):
        results = [page_of(link, base) for link in search(page, query)]
        assert results[0].startswith("cases/") and "by-" not in results[0], (query, results[:3])


@pytest.mark.parametrize("query", HANDBOOK_QUERIES)
def test_handbook_words_find_a_handbook(search_page, query):
    page, base = search_page
    results = [page_of(link, base) for link in search(page, query)]
    assert results[0].startswith("handbooks/"), (query, results[:5])


def test_help_pages_rank_below_content(search_page):
    page, base = search_page
    for query in ("刺梨", "八要素", "金刺梨"):
        pages = list(dict.fromkeys(page_of(link, base) for link in search(page, query)))
        for helper in ("about/", "guide/", "guide/fields/"):
            if helper in pages:
                assert pages.index(helper) >= 3, (query, pages)


def test_a_draft_preview_shows_its_summary_not_the_banner(search_page):
    page, base = search_page
    search(page, "田坝溪")
    first = page.locator(".kb-search__results li").first.inner_text()
    assert "草稿：部分内容待补充" not in first
    assert "村规民约" in first, first


def _fresh_search(page, base):
    page.goto(base)
    search(page, "田坝溪")  # the index is loaded; a result that is none of the ones below


def _wait_first(page, path):
    """The first result becomes the page at path (fails after 5 s)."""
    page.wait_for_function("""p => { const a = document.querySelector('.kb-search__results a');
                                     return a && new URL(a.href).pathname.includes(p); }""", arg=path, timeout=5000)


def _meta(page):
    return page.eval_on_selector(".kb-search__meta", "e => e.textContent")


def test_pasted_text_searches_without_a_key_press(search_page):
    page, base = search_page
    _fresh_search(page, base)
    # What a paste from the long-press menu does: an input event, no key events.
    page.evaluate("""() => { const i = document.getElementById('kb-search-input');
                             i.value = '白兰地'; i.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertFromPaste'})); }""")
    _wait_first(page, "cases/watian/")


def test_composing_with_an_ime_does_not_flash_nothing_found(search_page):
    page, base = search_page
    _fresh_search(page, base)
    page.evaluate("""() => {
        const i = document.getElementById('kb-search-input');
        i.dispatchEvent(new CompositionEvent('compositionstart', {bubbles: true}));
        for (const partial of ['c', 'ci', "ci'l", "ci'li"]) {
            i.value = partial;
            i.dispatchEvent(new InputEvent('input', {bubbles: true, isComposing: true, inputType: 'insertCompositionText'}));
            i.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, isComposing: true, keyCode: 229}));
        }
    }""")
    page.wait_for_timeout(600)
    assert "没有找到" not in _meta(page)
    page.evaluate("""() => { const i = document.getElementById('kb-search-input');
                             i.value = '刺梨';
                             i.dispatchEvent(new CompositionEvent('compositionend', {bubbles: true, data: '刺梨'})); }""")
    _wait_first(page, "cases/daba/")


def test_search_quality_benchmark_scores_and_reports_misses(built_site, chromium):
    from kb.bench.search_quality import report, run
    with serve(built_site) as base:
        result = run(built_site, chromium, {"term": {"金刺梨": "cases/daba/", "白兰地": ("cases/daba/", "courses/bayaosu/")}},
                     base=base)
    assert result["queries"] == 2 and result["hit1"] == 0.5 and 0.5 <= result["mrr"] < 1
    text = report(result)
    assert "白兰地 (term)" in text and "MISSED" in text


def test_search_opens_and_closes_from_the_keyboard(search_page):
    page, base = search_page
    page.goto(base + "cases/daba/")
    page.keyboard.press("/")
    box = page.locator("#kb-search-input")
    assert box.is_visible() and page.evaluate("document.activeElement.id") == "kb-search-input"
    box.fill("白兰地")
    page.wait_for_function("() => document.querySelector('.kb-search__results').getAttribute('data-query') === '白兰地'")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('.kb-search__results') !== null")
    page.keyboard.press("Escape")
    assert not box.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('kb-search-open')")
    page.keyboard.press("/")
    page.keyboard.press("Enter")  # the first result
    page.wait_for_url("**/cases/watian/")


def test_nothing_is_downloaded_for_search_until_it_is_opened(built_site, chromium):
    with serve(built_site) as base:
        page = chromium.new_page()
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        page.goto(base + "cases/daba/")
        page.wait_for_load_state("load")
        assert not [u for u in requested if "/search/" in u]
        search(page, "刺梨")
        loaded = [u.rsplit("/", 1)[1] for u in requested if "/search/" in u]
        assert "meta.js" in loaded and any(n.startswith("t") for n in loaded)
        shards = len(list((built_site / "search").glob("t*.js")))
        assert len([n for n in loaded if n.startswith("t")]) < shards or shards == 1  # only the query's shards
        page.close()
