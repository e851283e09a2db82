"""Material's real search, in headless Chromium, on the real built site."""

import pytest

from tools.browser import search, serve
from queries import ALL, page_of


@pytest.fixture(scope="module")
def search_page(built_site, chromium):
    with serve(built_site) as base:
        page = chromium.new_page()
        page.goto(base)
        yield page, base
        page.close()


@pytest.mark.parametrize("query,expected", ALL.items())
def test_query_puts_the_right_page_first(search_page, query, expected):
    page, base = search_page
    results = [page_of(link, base) for link in search(page, query)]
    assert results, f"{query}: no results"
    assert results[0] == expected, f"{query}: {results[:5]}"


def test_index_pages_do_not_crowd_out_cases(search_page):
    page, base = search_page
    for query in ("茶叶", "葡萄", "印江县"):
        results = [page_of(link, base) for link in search(page, query)]
        assert results[0].startswith("cases/") and "by-" not in results[0], (query, results[:3])
