"""The site's own search (kb-search.js + the finish pass's index), in headless
Chromium, on the real built site (each engine): invariants any content keeps,
queries made from the content's own words, never a list of expected pages."""

import re
from pathlib import Path
from urllib.parse import quote

import pytest

from kb.bench.browser import search, serve
from conftest import ROOT, fixture_copy
from queries import HANDBOOK_QUERIES, page_of

RESULTS = "#kb-results"
# How a query is read and ranked is the same script and the same index code on
# both engines: those tests run on one; the interfaces and the title
# invariant run on both.
ONE_ENGINE = pytest.mark.parametrize("built_site", ["mkdocs"], indirect=True)


@pytest.fixture(scope="module")
def search_page(built_site, chromium):
    with serve(built_site) as base:
        page = chromium.new_page()
        page.goto(base)
        yield page, base
        page.close()


def _content():
    from kb.check.validation import validate
    col, _ = validate(ROOT)
    return col


def _items() -> dict[str, str]:
    """Page -> title of every item the content has (its own words, not a query list)."""
    from kb.render.handbook import handbook_title
    col = _content()
    items = {f"cases/{i}/": c.model.title for i, c in col.cases.items()}
    items.update({f"courses/{i}/": c.model.title for i, c in col.courses.items()})
    items.update({f"handbooks/{i}/": handbook_title(h.model).strip("《》") for i, h in col.handbooks.items()})
    titles = list(items.values())  # a title two items share (书名待补充) names neither
    return {path: title for path, title in items.items() if titles.count(title) == 1}


def _villages() -> dict[str, str]:
    """Case page -> its village's name, where no other case shares it."""
    col = _content()
    names = {f"cases/{i}/": c.model.place.village for i, c in col.cases.items() if c.model.place.village}
    return {p: n for p, n in names.items() if list(names.values()).count(n) == 1 and len(n) >= 3}


def _pages(page, base, query) -> list[str]:
    return list(dict.fromkeys(page_of(link, base) for link in search(page, query)))


def test_every_item_is_found_first_by_its_title(search_page):
    page, base = search_page
    wrong = {}
    for path, title in _items().items():
        results = _pages(page, base, title)
        if not results or results[0] != path:
            wrong[title] = results[:3]
    assert not wrong, wrong


@ONE_ENGINE
def test_a_question_about_a_course_finds_that_course(search_page):
    page, base = search_page
    for path, title in _items().items():
        if path.startswith("courses/"):
            for question in (f"什么是{title}", f"{title}怎么上", f"{title}是什么意思"):
                results = _pages(page, base, question)
                assert results and results[0] == path, (question, results[:3])


@ONE_ENGINE
def test_a_word_inside_a_longer_name_is_found(search_page):
    """经济 inside 集体经济, 刺梨 inside 金刺梨: the body text is indexed as pairs."""
    page, base = search_page
    for path, village in _villages().items():
        assert path in _pages(page, base, village[1:])[:3], village[1:]


@ONE_ENGINE
def test_traditional_characters_find_the_simplified_page(search_page):
    import opencc
    to_traditional = opencc.OpenCC("s2t")
    page, base = search_page
    for path, title in _items().items():
        written = to_traditional.convert(title)
        if path.startswith("cases/") and written != title:
            assert _pages(page, base, written)[:1] == [path], written


@ONE_ENGINE
def test_pinyin_joined_or_spaced_finds_the_village(search_page):
    from pypinyin import lazy_pinyin
    page, base = search_page
    for path, village in _villages().items():
        syllables = lazy_pinyin(village)
        for query in ("".join(syllables), " ".join(syllables)):
            assert _pages(page, base, query)[:1] == [path], query


@ONE_ENGINE
def test_one_character_off_still_finds_a_name(search_page):
    page, base = search_page
    for path, village in _villages().items():
        for at in range(len(village)):
            slip = village[:at] + ("乂" if village[at] != "乂" else "丫") + village[at + 1:]
            assert path in _pages(page, base, slip)[:3], slip


@ONE_ENGINE
def test_question_words_never_empty_the_results(search_page):
    page, base = search_page
    for path, village in _villages().items():
        for query in (f"{village}怎么样", f"{village}有多少户", f"为什么{village}"):
            assert _pages(page, base, query)[:1] == [path], query


@ONE_ENGINE
def test_a_pasted_page_is_read_by_its_first_words(search_page):
    page, base = search_page
    for path, village in _villages().items():
        pasted = village + "。" + "乂" * 5000  # answered at once, by the words it starts with
        assert _pages(page, base, pasted)[:1] == [path], village


@ONE_ENGINE
def test_index_pages_do_not_crowd_out_cases(search_page):
    page, base = search_page
    col = _content()
    for item in col.cases.values():
        for query in (*item.model.industries, item.model.place.county):
            if query:
                results = _pages(page, base, query)
                assert results[0].startswith(("cases/", "courses/")) and "by-" not in results[0], (query, results[:3])


@pytest.mark.parametrize("query", HANDBOOK_QUERIES)
def test_handbook_words_find_a_handbook(search_page, query):
    page, base = search_page
    assert _pages(page, base, query)[0].startswith("handbooks/"), query


@ONE_ENGINE
def test_help_pages_rank_below_content(search_page):
    page, base = search_page
    for title in list(_items().values())[:4]:
        pages = _pages(page, base, title)
        for helper in ("about/", "guide/", "guide/fields/"):
            if helper in pages:
                assert pages.index(helper) >= 3, (title, pages)


@ONE_ENGINE
def test_a_draft_preview_shows_its_summary_not_the_banner(search_page):
    page, base = search_page
    col = _content()
    for item in col.cases.values():
        if item.model.status == "draft":
            search(page, item.model.title)
            first = page.locator(f"{RESULTS} a").first.inner_text()
            assert "草稿：部分内容待补充" not in first


def _wait_first(page, path):
    """The first result becomes the page at path (fails after 5 s)."""
    page.wait_for_function("""p => { const a = document.querySelector('#kb-results a');
                                     return a && new URL(a.href).pathname.includes(p); }""", arg=path, timeout=5000)


def _status(page):
    return page.eval_on_selector(".kb-sp__status", "e => e.textContent")


def _a_case():
    path, title = next((p, t) for p, t in _items().items() if p.startswith("cases/"))
    return path, title


@ONE_ENGINE
def test_pasted_text_searches_without_a_key_press(search_page):
    page, base = search_page
    path, title = _a_case()
    search(page, "案例")
    # What a paste from the long-press menu does: an input event, no key events.
    page.evaluate("""t => { const i = document.querySelector('input[name="q"]');
                            i.value = t; i.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertFromPaste'})); }""",
                  title)
    _wait_first(page, path)


@ONE_ENGINE
def test_composing_with_an_ime_does_not_flash_nothing_found(search_page):
    page, base = search_page
    path, title = _a_case()
    search(page, "案例")
    page.evaluate("""() => {
        const i = document.querySelector('input[name="q"]');
        i.dispatchEvent(new CompositionEvent('compositionstart', {bubbles: true}));
        for (const partial of ['c', 'ci', "ci'l", "ci'li"]) {
            i.value = partial;
            i.dispatchEvent(new InputEvent('input', {bubbles: true, isComposing: true, inputType: 'insertCompositionText'}));
        }
    }""")
    page.wait_for_timeout(400)
    assert "没有找到" not in _status(page)
    page.evaluate("""t => { const i = document.querySelector('input[name="q"]');
                            i.value = t;
                            i.dispatchEvent(new CompositionEvent('compositionend', {bubbles: true, data: t})); }""", title)
    _wait_first(page, path)


@ONE_ENGINE
def test_search_quality_benchmark_scores_and_reports_misses(built_site, chromium):
    from kb.bench.search_quality import report, run
    path, title = _a_case()
    with serve(built_site) as base:
        result = run(built_site, chromium, {"term": {title: path, "案例库的标题": ("glossary/x/",)}}, base=base)
    assert result["queries"] == 2 and result["hit1"] == 0.5 and 0.5 <= result["mrr"] < 1
    text = report(result)
    assert "案例库的标题 (term)" in text and "MISSED" in text


def test_every_page_links_to_the_search_page_by_a_relative_address(built_site):
    # 404.html is served at whatever address was mistyped: the engine writes its links from the root.
    pages = [p for p in built_site.rglob("*.html") if "assets" not in p.parts and p.name != "404.html"]
    assert len(pages) > 10
    for html_file in pages:
        text = html_file.read_text(encoding="utf-8")
        start = text.index('rel="search"')
        href = text[start:text.index(">", start)].split('href="')[1].split('"')[0]
        assert not href.startswith(("/", "http")), (html_file, href)
        target = (html_file.parent / href)
        assert (target / "index.html" if href.endswith("/") else target).resolve().is_file(), (html_file, href)


def test_a_search_address_opens_with_its_results(search_page):
    page, base = search_page
    path, title = _a_case()
    page.goto(base + "search/?q=" + quote(title))
    page.wait_for_function("q => document.getElementById('kb-results').getAttribute('data-query') === q", arg=title)
    links = page.eval_on_selector_all(f"{RESULTS} a", "els => els.map(a => [a.href, a.textContent])")
    assert page_of(links[0][0], base) == path and links[0][1].startswith(title)
    assert page.eval_on_selector(RESULTS, "e => e.getAttribute('aria-busy')") == "false"
    assert page.input_value('input[type="search"][name="q"]') == title


def test_no_result_says_so_in_chinese_and_is_not_busy(search_page):
    page, base = search_page
    assert search(page, "zzzzqqqq") == []
    assert page.eval_on_selector(RESULTS, "e => e.getAttribute('aria-busy')") == "false"
    assert "没有找到" in page.inner_text(RESULTS)
    assert search(page, "") == []


def test_the_keyboard_reaches_every_result(search_page):
    page, base = search_page
    path, title = _a_case()
    page.goto(base + path)
    page.keyboard.press("/")  # from any page: the search page, the box focused
    page.wait_for_selector('input[name="q"]')
    assert page.evaluate("document.activeElement.name") == "q"
    page.keyboard.type(title)
    _wait_first(page, path)
    page.keyboard.press("ArrowDown")
    active = page.evaluate("document.activeElement.getAttribute('aria-activedescendant')")
    assert active == "kb-r0" and page.get_attribute("#kb-r0", "aria-selected") == "true"
    assert page.get_attribute(RESULTS, "role") == "listbox"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{path}**")


@ONE_ENGINE
def test_results_come_five_then_ten_then_more_on_request(search_page):
    page, base = search_page
    page.goto(base + "search/")
    page.wait_for_selector('input[type="search"][name="q"]')
    # How many results are there at the moment aria-busy turns false (the
    # next five may follow before the test could look).
    page.evaluate("""() => {
        const list = document.getElementById('kb-results');
        window.__kbFirst = null;
        new MutationObserver((_, seen) => {
            if (list.getAttribute('aria-busy') === 'false' && list.getAttribute('data-query') === '产业') {
                window.__kbFirst = list.querySelectorAll('a').length;
                seen.disconnect();
            }
        }).observe(list, {attributes: true});
    }""")
    first = search(page, "产业")
    total = int(re.search(r"找到 (\d+) 个", page.inner_text(".kb-sp__status")).group(1))
    at_once = page.evaluate("window.__kbFirst")
    assert 10 < total and first and 0 < at_once <= 5
    page.wait_for_function("() => document.querySelectorAll('#kb-results a').length === 10")
    shown = page.eval_on_selector_all(f"{RESULTS} a", "els => els.map(a => a.href)")
    assert shown[:5] == first[:5]  # the next five are added after, never in between
    more = page.locator(".kb-sp__more")
    assert f"还有 {total - 10} 个" in more.inner_text()
    more.click()
    page.wait_for_function("() => document.querySelectorAll('#kb-results a').length > 10")
    assert page.evaluate("document.activeElement.id") == "kb-r10"
    links = page.eval_on_selector_all(f"{RESULTS} a", "els => els.map(a => a.href)")
    assert links[:10] == shown
    pages = [page_of(link, base) for link in links]
    assert len(set(pages)) == len(pages)  # one result per page


@ONE_ENGINE
def test_the_query_is_marked_on_the_page_a_result_opens(search_page):
    page, base = search_page
    path, village = next(iter(_villages().items()))
    search(page, village)
    page.locator(f"{RESULTS} a").first.click()
    page.wait_for_url(f"**/{path}**")
    marks = page.eval_on_selector_all("article mark.kb-hl", "els => els.map(m => m.textContent)")
    assert marks and all(m == village for m in marks)


def test_nothing_is_downloaded_for_search_until_it_is_opened(built_site, chromium):
    with serve(built_site) as base:
        page = chromium.new_page()
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        page.goto(base + "cases/daba/")
        page.wait_for_load_state("load")
        assert not [u for u in requested if "/search/" in u]
        search(page, _a_case()[1])
        loaded = [u.rsplit("/", 1)[1] for u in requested if "/search/" in u]
        assert "meta.js" in loaded and any(n.startswith("t") for n in loaded)
        shards = len(list((built_site / "search").glob("t*.js")))
        assert len([n for n in loaded if n.startswith("t")]) < shards or shards == 1  # only the query's shards
        page.close()


# The editors' synonyms: content, validated like the rest (no browser needed)

def test_synonyms_find_each_other_in_the_index(tmp_path):
    from kb.check.validation import validate
    from kb.search.dictionary import synonyms
    project = fixture_copy(tmp_path)
    (project / "synonyms.yml").write_text("groups:\n  - [茶叶, 种茶]\n", encoding="utf-8")
    col, problems = validate(project)
    assert not [p for p in problems if not p.is_warning]
    assert ["茶叶", "种茶"] in synonyms(col)


@pytest.mark.parametrize("text, line, words", [
    ("groups:\n  - [茶叶]\n", 2, "至少"),
    ("groups:\n  - [茶叶, 茶叶]\n", 2, "不止一次"),
    ("groups:\n  - [茶叶, 种 茶]\n", 2, ""),
    ("groups:\n  - [茶叶, 种茶]\nboost: 3\n", 3, "boost"),
])
def test_a_wrong_synonym_group_is_named_at_its_line(tmp_path, text, line, words):
    from kb.check.validation import validate
    project = fixture_copy(tmp_path)
    (project / "synonyms.yml").write_text(text, encoding="utf-8")
    errors = [p for p in validate(project)[1] if not p.is_warning]
    assert errors and errors[0].path == "synonyms.yml" and errors[0].line == line, errors
    assert words in errors[0].message, errors[0].message
